"""Build the site from a throw-away copy of the project and read what the build executed.

Shared by the rebuild benchmark (benchmarks/bench_rebuild.py) and the build tests
(tests/site/test_build.py). The copy's own ``lossdocs`` comes first on the path.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
IGNORED = shutil.ignore_patterns(
    ".git", ".nox", "_build", "auto_examples", "generated", "jupyter_execute", "__pycache__",
    ".pytest_cache", ".hypothesis", ".ruff_cache", "*.egg-info",
)  # fmt: skip
SPHINX = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n"]


def copy_project(destination):
    """Copy the project's sources (no build, no venvs, no git) to `destination`."""
    shutil.copytree(ROOT, destination, ignore=IGNORED)
    return Path(destination)


def start_build(project, builder=None, outdir=None, options=()):
    """Start building `project`'s site; return the process.

    By default both editions, as ``nox -s docs`` builds them (docs/editions.py); with a
    `builder` or an `outdir`, one plain Sphinx build of the English sources.
    """
    env = {**os.environ, "PYTHONPATH": str(project), "MPLBACKEND": "Agg"}
    if builder is None and outdir is None:
        command = [sys.executable, "docs/editions.py", *SPHINX[3:], *options]
    else:
        command = [
            *SPHINX,
            "-b",
            builder or "html",
            *options,
            "docs",
            outdir or "docs/_build/html",
        ]
    return subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def build(project, timeout=900, **how):
    """Build `project`'s site (see `start_build`); return the exit code and the whole output."""
    process = start_build(project, **how)
    output, _ = process.communicate(timeout=timeout)
    return process.returncode, output


def gallery_runs(output):
    """How many gallery scripts the build executed (in all the editions it built)."""
    return sum(int(found) for found in re.findall(r"successfully executed (\d+) out of", output))


def executed_pages(output):
    """The MyST-NB pages the build executed (rather than took from the cache)."""
    return sorted(set(re.findall(r"([\w-]+\.md): Executing notebook", output)))
