"""A library change reaches every page, whatever builds ran in between (issue 12).

In a throw-away copy of the README's clean build (see test_build.py). A module of its own, so that
pytest-xdist can run the longest test of the site beside the others rather than after them.
"""

import ast
import re

from test_build import BROKEN_PAGE, EXAMPLES, ROOT, build, built_copy, gallery_runs, readme_build

__all__ = ["built_copy", "readme_build"]  # the fixtures this module uses

# Each edition: its folder in the site, and the sources its gallery writes (docs/editions.py).
EDITION_TREES = (("", "docs"), ("zh_CN/", "docs/_build/src/zh_CN"))

# The examples whose figures a page other than their own shows (the article, the landing page).
SHOWN_ELSEWHERE = sorted(
    {
        name
        for page in (ROOT / "docs").glob("*.md")
        for name in re.findall(r"sphx_glr_(plot_\w+?)_\d{3}\.png", page.read_text())
    }
)


def cut_to_their_docstrings(project, keep):
    """Cut every example but those in `keep` to its docstring, and remove its figures.

    A cut example keeps its title (the pages' links to it still resolve), runs in no time and
    draws nothing. The sequence below then runs the gallery twice in seconds, not minutes: what
    it tests, that the library's change reaches every script and page, does not depend on how
    long the scripts take.
    """
    for script in sorted((project / "examples").glob("plot_*.py")):
        if script.stem in keep:
            continue
        source = script.read_text()
        docstring = ast.parse(source).body[0]
        assert isinstance(docstring, ast.Expr), f"{script.name} starts without a docstring"
        script.write_text("".join(source.splitlines(keepends=True)[: docstring.end_lineno]))
        for _, tree in EDITION_TREES:
            images = project / tree / "auto_examples/images"
            for figure in images.glob(f"sphx_glr_{script.stem}_[0-9][0-9][0-9]*.png"):
                figure.unlink()


def test_library_change_reaches_every_page_whatever_ran_in_between(built_copy):
    """Issue 12's stale-build sequence: a library change, then other builds, then the HTML.

    Between the change and the HTML build come Sphinx's doctest build (which imports conf.py
    but runs no example), and a serve-style build into another folder that fails half-way (a
    broken page). Each of them once hid the change from the next HTML build.
    """
    project = built_copy
    assert "plot_loss_curves" in SHOWN_ELSEWHERE
    cut_to_their_docstrings(project, keep=SHOWN_ELSEWHERE)
    html = project / "docs/_build/html"
    before = (html / "_images/sphx_glr_plot_loss_curves_001.png").read_bytes()
    assert "mse_loss: [0.25 1.   9.  ]" in (html / "first-steps.html").read_text()
    losses = project / "lossdocs" / "losses.py"
    source = losses.read_text()
    square = "def _rho_l2(x, out, scratch):\n    return np.multiply(x, x, out=out)\n"
    assert square in source, "the test edits L2's formula: update it if the formula moved"
    doubled = "def _rho_l2(x, out, scratch):\n    return np.multiply(2 * x, x, out=out)\n"
    losses.write_text(source.replace(square, doubled))

    doctest = build(
        project, builder="doctest", outdir="docs/_build/doctest", options=["-D", "plot_gallery=0"]
    )
    assert doctest[0] != 0, "the doctests should fail on the changed L2"
    assert "Failed example" in doctest[1], doctest[1][-3000:]
    broken = project / "docs" / "broken-page.md"
    broken.write_text(BROKEN_PAGE)
    try:
        code, output = build(project, outdir="docs/_build/serve")
    finally:
        broken.unlink()
    assert code != 0, "the serve-style build with a broken page should have failed"
    code, output = build(project)
    assert code == 0, output[-3000:]

    assert gallery_runs(output) == EXAMPLES  # the Chinese ones; serve ran the English ones
    for edition, tree in EDITION_TREES:
        page = (html / edition / "first-steps.html").read_text()
        assert "mse_loss: [ 0.5  2.  18. ]" in page, edition
        images = sorted((project / tree / "auto_examples/images").glob("sphx_glr_*.png"))
        assert images
        for image in images:  # every figure on the site is the one the changed library drew
            built = html / edition / "_images" / image.name
            assert built.read_bytes() == image.read_bytes(), edition + image.name
    assert (html / "_images/sphx_glr_plot_loss_curves_001.png").read_bytes() != before
