"""Every gallery script runs as the notebook the gallery offers, as a reader who downloaded it would.

Each script runs once here, in English. The documentation build runs each in both languages:
there a Chinese figure with English text left in it stops the build (docs/gallery_language.py),
and the site tests check what the Chinese pages print (tests/site/test_i18n.py).
"""

from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))
# The notebook's first cell as the gallery writes it, and then every warning made an error: an
# example that warns (a deprecated call, a division by zero) fails here.
FIRST_CELL = "%matplotlib inline\nimport warnings\nwarnings.simplefilter('error')"


def test_there_are_examples():
    assert EXAMPLES, "no examples/plot_*.py found"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_notebook_executes(script, tmp_path):
    """The notebook the gallery offers for download runs under Jupyter, with no warning."""
    import nbclient
    import nbformat
    from sphinx_gallery.notebook import python_to_jupyter_cli

    copy = tmp_path / script.name
    copy.write_text(script.read_text())
    python_to_jupyter_cli([str(copy)], sphinx_gallery_conf={"first_notebook_cell": FIRST_CELL})
    notebook = nbformat.read(copy.with_suffix(".ipynb"), as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    problems = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error" or output.get("name") == "stderr"
    ]
    assert not problems
