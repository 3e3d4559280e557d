"""Builds of throw-away copies of the project: reproducible, loud when broken, never stale.

Each test builds the site from a copy of the project in a temporary folder, with that copy's
``lossdocs`` first on the path, so nothing here touches the working tree or its build.
"""

import filecmp
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from project_builds import (
    build,
    copy_project,
    executed_pages,
    gallery_runs,
    start_build,
)


@pytest.fixture(scope="module")
def two_clean_builds(tmp_path_factory):
    """The same commit built from scratch in two different folders, at the same time."""
    first = copy_project(tmp_path_factory.mktemp("a") / "lossdocs")
    second = copy_project(tmp_path_factory.mktemp("second-copy") / "project")
    processes = [start_build(first), start_build(second)]
    outputs = [process.communicate(timeout=900)[0] for process in processes]
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output[-3000:]
    return first, second, outputs


def differing_files(left, right):
    # The build's own caches aside: .buildinfo and the pickled doctrees.
    comparison = filecmp.dircmp(left, right, ignore=[".buildinfo", ".doctrees"])
    different = [*comparison.diff_files, *comparison.left_only, *comparison.right_only]
    different += [name for name in comparison.common_files if not filecmp.cmp(
        left / name, right / name, shallow=False)]  # fmt: skip
    for sub in comparison.common_dirs:
        different += [f"{sub}/{name}" for name in differing_files(left / sub, right / sub)]
    return sorted(set(different))


def test_two_clean_builds_are_byte_identical(two_clean_builds):
    first, second, _ = two_clean_builds
    html_first, html_second = first / "docs/_build/html", second / "docs/_build/html"
    assert differing_files(html_first, html_second) == []
    for path in html_first.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert str(first) not in text, f"{path.name} contains the build's absolute path"


EDITIONS = 2  # English and Chinese: each runs the gallery for its own figures


def test_clean_build_executes_every_example_and_page(two_clean_builds):
    output = two_clean_builds[2][0]
    assert gallery_runs(output) == EDITIONS * len(list((ROOT / "examples").glob("plot_*.py")))
    assert executed_pages(output) == ["article.md", "explore.md", "first-steps.md", "guide.md"]


def test_noop_rebuild_executes_nothing(two_clean_builds):
    project = two_clean_builds[0]
    code, output = build(project)
    assert code == 0, output[-3000:]
    assert gallery_runs(output) == 0
    assert executed_pages(output) == []
    assert "zh_CN edition" in output


def test_library_change_reaches_every_page_whatever_ran_in_between(two_clean_builds):
    """Issue 12's stale-build sequence: a library change, then other builds, then the HTML.

    Between the change and the HTML build come Sphinx's doctest build (which imports conf.py
    but runs no example), and a serve-style build into another folder that fails half-way (a
    broken page). Each of them once hid the change from the next HTML build.
    """
    project = two_clean_builds[0]
    html = project / "docs/_build/html"
    before = (html / "_images/sphx_glr_plot_loss_curves_001.png").read_bytes()
    assert "mse_loss: [0.25 1.   9.  ]" in (html / "first-steps.html").read_text()
    losses = project / "lossdocs" / "losses.py"
    source = losses.read_text()
    square = "def _rho_l2(x):\n    return np.multiply(x, x, out=x)\n"
    assert square in source, "the test edits L2's formula: update it if the formula moved"
    losses.write_text(source.replace(square, "def _rho_l2(x):\n    return 2 * x * x\n"))

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

    examples = len(list((project / "examples").glob("plot_*.py")))
    assert gallery_runs(output) == examples  # the Chinese ones; serve ran the English ones
    for edition, source in (("", "docs"), ("zh_CN/", "docs/_build/src/zh_CN")):
        page = (html / edition / "first-steps.html").read_text()
        assert "mse_loss: [ 0.5  2.  18. ]" in page, edition
        images = sorted((project / source / "auto_examples/images").glob("sphx_glr_*.png"))
        assert images
        for image in images:  # every figure on the site is the one the changed library drew
            built = html / edition / "_images" / image.name
            assert built.read_bytes() == image.read_bytes(), edition + image.name
    assert (html / "_images/sphx_glr_plot_loss_curves_001.png").read_bytes() != before
    losses.write_text(source)  # and back: the old numbers return
    code, output = build(project)
    assert code == 0, output[-3000:]
    assert gallery_runs(output) == EDITIONS * examples
    for edition in ("", "zh_CN/"):
        page = (html / edition / "first-steps.html").read_text()
        assert "mse_loss: [0.25 1.   9.  ]" in page, edition


BROKEN_EXAMPLE = '"""\nBroken\n======\n\nRaises.\n"""\n\nraise RuntimeError("on purpose")\n'
BROKEN_PAGE = (
    "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n"
    "---\n\n# Broken\n\n```{code-cell} ipython3\nraise ValueError('on purpose')\n```\n"
)


@pytest.mark.parametrize(
    ("relative_path", "text", "error"),
    [
        ("examples/plot_zz_broken.py", BROKEN_EXAMPLE, "RuntimeError"),
        ("docs/broken-page.md", BROKEN_PAGE, "ValueError"),
    ],
    ids=["gallery-script", "executed-page"],
)
def test_broken_source_fails_the_build_and_names_the_file(
    two_clean_builds, relative_path, text, error
):
    project = two_clean_builds[0]
    broken = project / relative_path
    broken.write_text(text)
    try:
        code, output = build(project)
    finally:
        broken.unlink()
    assert code != 0
    assert broken.name in output
    assert error in output
