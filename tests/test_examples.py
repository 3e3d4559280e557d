"""Every gallery script runs on its own, as a reader who downloaded it would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))


def test_there_are_examples():
    assert EXAMPLES, "no examples/plot_*.py found"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs_standalone(script, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error"}
    completed = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]


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
