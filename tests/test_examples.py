"""Every gallery script runs on its own, as a reader who downloaded it would run it."""

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from lossdocs.catalog import LOSSES, ROBUST_FAMILY

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))

# Runs a script as `python script.py` would, and writes the text of every figure it drew (at
# each plt.show and at the end) to a JSON file. The CJK font is the documentation build's
# concern (docs/gallery_language.py makes a missing glyph an error there), so here the
# missing-glyph warning of matplotlib's default font is not one.
RUN_AND_RECORD = """
import json, runpy, sys, warnings
import matplotlib.pyplot as plt
from matplotlib.text import Text
warnings.filterwarnings("ignore", message=r"Glyph \\d+ .*missing from")
script, record = sys.argv[1], sys.argv[2]
texts = []
def keep(*args, **kwargs):
    for number in plt.get_fignums():
        figure = plt.figure(number)
        texts.extend(text.get_text() for text in figure.findobj(Text))
    plt.close("all")
plt.show = keep
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
keep()
with open(record, "w", encoding="utf-8") as file:
    json.dump(texts, file, ensure_ascii=False)
"""
CJK = re.compile(r"[\u4e00-\u9fff]")
# Names that are the same in both editions (glossary.md): losses, estimators, libraries, and
# the function names of formulas.
NAMES = sorted(
    {
        *LOSSES,
        *ROBUST_FAMILY,
        "RANSAC",
        "Theil-Sen",
        "HuberRegressor",
        "Proposal",
        "lossdocs",
        "IRLS",
    },
    key=len,
    reverse=True,
)
MATH_WORDS = {"log", "cosh", "sign", "clip", "exp", "MAD"}


def english_words(text):
    """The English words of a figure text, leaving out math, names and format symbols."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    for name in NAMES:
        text = text.replace(name, " ")
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in MATH_WORDS]


def columns(line):
    """The width of a printed line in a terminal: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def test_there_are_examples():
    assert EXAMPLES, "no examples/plot_*.py found"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs_standalone(script, tmp_path):
    """Each script runs on its own, here in Chinese, and everything it draws or prints is Chinese.

    The English text is the same code with the table lookup left out; the notebook test below
    runs every script in English. One run per script in each language keeps the suite short.
    """
    record = tmp_path / "texts.json"
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "PYTHONWARNINGS": "error",
        "LOSSDOCS_LANGUAGE": "zh_CN",
    }
    completed = subprocess.run(
        [sys.executable, "-c", RUN_AND_RECORD, str(script), str(record)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        # plot_breakdown takes ~35 s alone and passed 120 s on two busy cores.
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    texts = json.loads(record.read_text(encoding="utf-8"))
    assert texts, "no figure text recorded"
    english = [text for text in texts if english_words(text) and not CJK.search(text)]
    assert not english, f"figure text left in English: {english}"
    assert CJK.search(completed.stdout), "the printed output has no Chinese"
    wide = [line for line in completed.stdout.splitlines() if columns(line) > 88]
    assert not wide, f"printed lines wider than 88 columns: {wide}"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_notebook_executes(script, tmp_path):
    """The notebook the gallery offers for download runs under Jupyter."""
    import nbclient
    import nbformat
    from sphinx_gallery.notebook import python_to_jupyter_cli

    copy = tmp_path / script.name
    copy.write_text(script.read_text())
    python_to_jupyter_cli(
        [str(copy)], sphinx_gallery_conf={"first_notebook_cell": "%matplotlib inline"}
    )
    notebook = nbformat.read(copy.with_suffix(".ipynb"), as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()  # fmt: skip
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
