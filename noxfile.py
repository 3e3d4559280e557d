"""Sessions to build the site, run the tests and benchmarks, and lint lossdocs."""

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
BUILD = ROOT / "docs" / "_build"
SPHINX_STRICT = ["-W", "--keep-going", "-n"]


def _install(session, *groups):
    # Compile bytecode at install time: where PYTHONDONTWRITEBYTECODE is set, every build
    # would otherwise recompile Sphinx and its extensions from source (seconds each time).
    session.env["UV_COMPILE_BYTECODE"] = "1"
    session.install(*nox.project.dependency_groups(PYPROJECT, *groups))
    session.install("-e", ".")


@nox.session(default=True)
def docs(session):
    """Build both editions, warnings as errors: docs/_build/html and docs/_build/html/zh_CN."""
    _install(session, "docs")
    session.run("python", "docs/editions.py", *SPHINX_STRICT, *session.posargs)
    session.log(f"Open {BUILD / 'html' / 'index.html'} (中文版: zh_CN/index.html)")


@nox.session(default=False)
def serve(session):
    """Serve the site on 127.0.0.1:8000, rebuilding on every change (sphinx-autobuild)."""
    _install(session, "docs")
    session.install("sphinx-autobuild")
    session.run(
        "sphinx-autobuild",
        *SPHINX_STRICT,
        "--host",
        "127.0.0.1",
        "--watch",
        "lossdocs",
        "--watch",
        "examples",
        "--ignore",
        "*/auto_examples/*",
        "--ignore",
        "*/generated/*",
        "docs",
        str(BUILD / "serve"),
    )


@nox.session(default=True)
def doctest(session):
    """Run the docstring examples (pytest) and the doctests of the site (Sphinx)."""
    _install(session, "docs", "test")
    session.run("pytest", "--doctest-modules", "lossdocs", "-p", "no:cacheprovider")
    session.run(
        "sphinx-build",
        "-b",
        "doctest",
        *SPHINX_STRICT,
        "-D",
        "plot_gallery=0",
        "docs",
        str(BUILD / "doctest"),
    )


@nox.session(default=True)
def tests(session):
    """Run the tests of the library, the experiments and the examples (warnings are errors)."""
    _install(session, "test")
    session.run("pytest", "--ignore=tests/site", "-n", "auto", "--durations=15", *session.posargs)


@nox.session(default=True, requires=["docs"])
def site(session):
    """Test the built site: a real browser, its HTML, reproducible and never-stale builds."""
    _install(session, "site")
    session.run("pytest", "tests/site", "--durations=15", *session.posargs)


@nox.session(default=False)
def i18n(session):
    """Extract the pages' messages and update the Chinese catalogs in docs/locales (sphinx-intl)."""
    _install(session, "docs")
    session.run("python", "docs/editions.py", "--gettext", "-q")
    session.run(
        "sphinx-intl", "update", "-p", str(BUILD / "gettext"), "-d", "docs/locales",
        "-l", "zh_CN", "-w", "0", "--no-obsolete",
    )  # fmt: skip
    session.log("Translate the empty and fuzzy entries in docs/locales/zh_CN/LC_MESSAGES/*.po")


@nox.session(default=True)
def lint(session):
    """Check style and formatting with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


# pip, not uv: pip finds the CPU wheel of torch that these machines keep on disk.
@nox.session(default=False, venv_backend="virtualenv")
def bench(session):
    """Print lossdocs' speed against a one-pass numpy floor and PyTorch at one thread."""
    session.install("-e", ".")
    if os.environ.get("LOSSDOCS_BENCH_TORCH"):
        # Opt-in, and only ever this pinned CPU wheel: a plain "torch" pulls gigabytes.
        session.install("torch==2.13.0")
    session.run("python", "benchmarks/bench_losses.py", *session.posargs)


@nox.session(default=False)
def bench_docs(session):
    """Print how fast the site rebuilds: clean, no-op, and after editing one example."""
    _install(session, "docs")
    session.run("python", "benchmarks/bench_rebuild.py")


@nox.session(default=False, venv_backend="none")
def clean(session):
    """Remove the build folder and the generated gallery."""
    for path in (BUILD, ROOT / "docs" / "auto_examples", ROOT / "docs" / "generated"):
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    nox.main()
