"""A gallery script runs as the notebook the gallery offers, as a reader who downloaded it would.

Every script runs in the documentation build, in both editions, with every warning it raises an
error (docs/gallery_language.py): an example that warns or fails stops the build and is named.
Here one of them runs once more, as a notebook under Jupyter: the download is the script as
sphinx-gallery converts it, by the same conversion for every script.
"""

from pathlib import Path

EXAMPLES_DIR = Path(__file__).parents[1] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("plot_*.py"))
# The script that runs here as a notebook: the gallery's first, its loss curves.
NOTEBOOK_SCRIPT = EXAMPLES_DIR / "plot_loss_curves.py"
# The notebook's first cell as the gallery writes it, and then every warning made an error.
FIRST_CELL = "%matplotlib inline\nimport warnings\nwarnings.simplefilter('error')"


def test_there_are_examples():
    assert EXAMPLES, "no examples/plot_*.py found"


def test_example_notebook_executes(tmp_path):
    """The notebook the gallery offers for download runs under Jupyter, with no warning."""
    import nbclient
    import nbformat
    from sphinx_gallery.notebook import python_to_jupyter_cli

    copy = tmp_path / NOTEBOOK_SCRIPT.name
    copy.write_text(NOTEBOOK_SCRIPT.read_text())
    python_to_jupyter_cli([str(copy)], sphinx_gallery_conf={"first_notebook_cell": FIRST_CELL})
    notebook = nbformat.read(copy.with_suffix(".ipynb"), as_version=4)
    assert notebook.cells[0].source == FIRST_CELL
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
    figures = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    assert figures, "the notebook drew no figure"
