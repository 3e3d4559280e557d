"""Builds from scratch and after changes: reproducible, loud when broken, never stale.

The clean build is the README's own (``nox -s readme``: a fresh clone built with Debian's
Python through pipx, kept in docs/_build/readme/); it must equal ``nox -s docs``'s build byte
for byte. The builds after changes run in a throw-away copy of that clone, with the copy's
``lossdocs`` first on the path, so nothing here touches the working tree or its build.
"""

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from project_builds import build, executed_pages, gallery_runs

README_BUILD = ROOT / "docs" / "_build" / "readme"  # written by `nox -s readme`
CLONE = README_BUILD / "lossdocs"
EDITIONS = 2  # English and Chinese: each runs the gallery for its own figures
EXAMPLES = len(list((ROOT / "examples").glob("plot_*.py")))


def _head(folder):
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


def _changed_files():
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return status.stdout.strip()


@pytest.fixture(scope="module")
def readme_build():
    """The README's clean build of this very commit, and what it printed."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    reason = None
    if not (CLONE / "docs/_build/html/index.html").exists():
        reason = "no build of the README's command: run `nox -s readme` (plain `nox` does)"
    elif _head(CLONE) != _head(ROOT) or _changed_files():
        reason = "the README's build is of another state of the project: rerun `nox -s readme`"
    if reason:
        pytest.fail(reason) if in_ci else pytest.skip(reason)
    return CLONE, (README_BUILD / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built_copy(readme_build, tmp_path_factory):
    """A throw-away copy of the clone with everything its build wrote, to change and rebuild."""
    copy = tmp_path_factory.mktemp("built") / "lossdocs"
    shutil.copytree(readme_build[0], copy, ignore=shutil.ignore_patterns(".nox", ".git"))
    return copy


def differing_files(left, right):
    # The build's own caches aside: .buildinfo and the pickled doctrees.
    comparison = filecmp.dircmp(left, right, ignore=[".buildinfo", ".doctrees"])
    different = [*comparison.diff_files, *comparison.left_only, *comparison.right_only]
    different += [name for name in comparison.common_files if not filecmp.cmp(
        left / name, right / name, shallow=False)]  # fmt: skip
    for sub in comparison.common_dirs:
        different += [f"{sub}/{name}" for name in differing_files(left / sub, right / sub)]
    return sorted(set(different))


def test_two_clean_builds_are_byte_identical(readme_build, site):
    """`nox -s docs` here and the README's command in a fresh clone wrote the same site."""
    clone_html = readme_build[0] / "docs/_build/html"
    assert differing_files(site, clone_html) == []
    for path in clone_html.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert str(readme_build[0]) not in text, f"{path.name} contains the build's absolute path"
        assert str(ROOT) not in text, f"{path.name} contains the project's absolute path"


def test_clean_build_executes_every_example_and_page(readme_build):
    output = readme_build[1]
    assert gallery_runs(output) == EDITIONS * EXAMPLES
    assert executed_pages(output) == ["article.md", "explore.md", "first-steps.md", "guide.md"]


def test_noop_rebuild_executes_nothing(readme_build):
    """The README's command, run again in the clone, executes no script and no page."""
    clone = readme_build[0]
    python = clone / ".nox" / "docs" / "bin" / "python"
    rebuild = subprocess.run(
        [python, "docs/editions.py", "-W", "--keep-going", "-n"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = rebuild.stdout + rebuild.stderr
    assert rebuild.returncode == 0, output[-3000:]
    assert gallery_runs(output) == 0
    assert executed_pages(output) == []
    assert "zh_CN edition" in output


def test_library_change_reaches_every_page_whatever_ran_in_between(built_copy):
    """Issue 12's stale-build sequence: a library change, then other builds, then the HTML.

    Between the change and the HTML build come Sphinx's doctest build (which imports conf.py
    but runs no example), and a serve-style build into another folder that fails half-way (a
    broken page). Each of them once hid the change from the next HTML build.
    """
    project = built_copy
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
    for edition, tree in (("", "docs"), ("zh_CN/", "docs/_build/src/zh_CN")):
        page = (html / edition / "first-steps.html").read_text()
        assert "mse_loss: [ 0.5  2.  18. ]" in page, edition
        images = sorted((project / tree / "auto_examples/images").glob("sphx_glr_*.png"))
        assert images
        for image in images:  # every figure on the site is the one the changed library drew
            built = html / edition / "_images" / image.name
            assert built.read_bytes() == image.read_bytes(), edition + image.name
    assert (html / "_images/sphx_glr_plot_loss_curves_001.png").read_bytes() != before
    losses.write_text(source)  # and back: the old numbers return (English is enough here)
    code, output = build(project, options=["--language", "en"])
    assert code == 0, output[-3000:]
    assert gallery_runs(output) == EXAMPLES
    assert "mse_loss: [0.25 1.   9.  ]" in (html / "first-steps.html").read_text()


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
def test_broken_source_fails_the_build_and_names_the_file(built_copy, relative_path, text, error):
    project = built_copy
    broken = project / relative_path
    broken.write_text(text)
    try:
        code, output = build(project, options=["--language", "en"])
    finally:
        broken.unlink()
    assert code != 0
    assert broken.name in output
    assert error in output
