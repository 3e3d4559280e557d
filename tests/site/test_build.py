"""Builds from scratch and after changes: reproducible, loud when broken, never stale.

The clean build is the README's own (``nox -s readme``: a fresh clone built with Debian's
Python through pipx, kept in docs/_build/readme/); it must equal ``nox -s docs``'s build byte
for byte. The builds after changes run in a throw-away copy of that clone, with the copy's
``lossdocs`` first on the path, so nothing here touches the working tree or its build (the
stale-build sequence is in test_stale.py).
"""

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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


# A script that only warns: the build makes every warning of an example an error, so this one
# fails the build as a script that raises does.
BROKEN_EXAMPLE = (
    '"""\nBroken\n======\n\nWarns.\n"""\n\n'
    'import warnings\n\nwarnings.warn("on purpose", RuntimeWarning, stacklevel=1)\n'
)
BROKEN_PAGE = (
    "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n"
    "---\n\n# Broken\n\n```{code-cell} ipython3\nraise ValueError('on purpose')\n```\n"
)


@pytest.mark.parametrize(
    ("relative_path", "text", "error"),
    [
        ("examples/plot_zz_broken.py", BROKEN_EXAMPLE, "RuntimeWarning: on purpose"),
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


def test_a_script_that_failed_runs_again_in_the_next_build(tmp_path, monkeypatch):
    """After a library change made a script fail, the next build must not take it as up to date.

    Seen on 27 November 2026: a build failed in one script; the next build, with nothing changed,
    passed and published the page with the traceback, because sphinx-gallery kept the checksum
    of the script's last good run. The build's hook that records the library forgets it.
    """
    sys.path.insert(0, str(ROOT / "docs"))
    import conf

    gallery = tmp_path / "auto_examples"
    gallery.mkdir()
    for name in ("plot_good.py", "plot_failed.py"):
        (gallery / f"{name}.md5").write_text("checksum of the last good run")
    failing = {str(ROOT / "examples" / "plot_failed.py"): "Traceback ..."}
    gallery_conf = {**conf.sphinx_gallery_conf, "plot_gallery": True, "failing_examples": failing}
    app = SimpleNamespace(
        srcdir=str(tmp_path), config=SimpleNamespace(sphinx_gallery_conf=gallery_conf)
    )
    conf._record_gallery_digest(app)
    assert sorted(path.name for path in gallery.glob("*.md5")) == ["plot_good.py.md5"]
    assert (gallery / ".lossdocs-digest").read_text() == conf.lossdocs_digest
