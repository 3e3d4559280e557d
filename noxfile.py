"""Sessions to build the site, run the tests and benchmarks, and lint lossdocs."""

import os
import re
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
BUILD = ROOT / "docs" / "_build"
README_BUILD = BUILD / "readme"  # where `nox -s readme` clones and builds
SPHINX_STRICT = ["-W", "--keep-going", "-n"]


def _install(session, *groups):
    """Install lossdocs (editable) and the dependency groups, at the versions uv.lock pins."""
    # Compile bytecode at install time: where PYTHONDONTWRITEBYTECODE is set, every build
    # would otherwise recompile Sphinx and its extensions from source (seconds each time).
    session.env["UV_COMPILE_BYTECODE"] = "1"
    if shutil.which("uv") is None:  # nox fell back to virtualenv: bring uv into the venv
        session.install("uv")
    venv = session.virtualenv.location
    selected = [f"--group={group}" for group in groups]
    session.run_install(
        *("uv", "sync", "--locked", "--no-default-groups", *selected, f"--python={venv}"),
        env={"UV_PROJECT_ENVIRONMENT": venv},
        external=True,
    )


@nox.session(default=True)
def docs(session):
    """Build both editions, warnings as errors: docs/_build/html and docs/_build/html/zh_CN."""
    _install(session, "docs")
    session.run("python", "docs/editions.py", *SPHINX_STRICT, *session.posargs)
    session.log(f"Open {BUILD / 'html' / 'index.html'} (中文版: zh_CN/index.html)")


@nox.session(default=False)
def serve(session):
    """Serve the site on 127.0.0.1:8000, rebuilding on every change (sphinx-autobuild)."""
    _install(session, "docs", "serve")
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


@nox.session(default=True, venv_backend="none")
def readme(session):
    """Run the README's build command as a newcomer on Debian would: system Python, pipx, a clone.

    The clone and its build log stay in docs/_build/readme/ for the site tests: its build is the
    second clean build that the first (``nox -s docs``) must equal byte for byte.
    """
    in_ci = os.environ.get("CI", "").lower() == "true"
    if not (Path("/usr/bin/python3").exists() and Path("/usr/bin/pipx").exists()):
        if in_ci:
            session.error("CI needs Debian's python3 and pipx: apt-get install pipx")
        session.skip("needs Debian's /usr/bin/python3 and /usr/bin/pipx (apt install pipx)")
    build = readme_commands()[0]
    shutil.rmtree(README_BUILD, ignore_errors=True)
    README_BUILD.mkdir(parents=True)
    clone = README_BUILD / "lossdocs"
    session.run("git", "clone", "--quiet", "--depth=1", f"file://{ROOT}", str(clone))
    session.chdir(clone)
    # Only the system's programs: no pyenv Python, no uv, no nox of ours on the PATH.
    logged = f"set -o pipefail; {build} 2>&1 | tee {README_BUILD / 'build.log'}"
    session.run("bash", "-c", logged, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    for edition in ("index.html", "zh_CN/index.html"):
        if not (clone / "docs" / "_build" / "html" / edition).exists():
            session.error(f"the README's build command did not write {edition}")
    session.log(f"`{build}` built both editions with {Path('/usr/bin/python3').resolve()}")


@nox.session(default=True, requires=["docs"])
def site(session):
    """Test the built site: a real browser, its HTML, reproducible and never-stale builds."""
    _install(session, "site")
    # Two workers, one test file each: the builds of throw-away copies run beside the browser.
    session.run(
        "pytest", "tests/site", "-n", "2", "--dist", "loadfile", "--durations=15", *session.posargs
    )


@nox.session(default=False)
def preview(session):
    """Serve the built site where it will live, under /lossdocs/ on 127.0.0.1:8000."""
    _install(session, "docs")
    session.run("python", "docs/publish.py", "serve", *session.posargs)


@nox.session(default=False)
def dist(session):
    """Write the deployable artifact to dist/: the site (both editions) and the lossdocs wheel."""
    _install(session, "docs")
    session.run("python", "docs/publish.py", "dist")


@nox.session(default=False, venv_backend="uv")
def lock(session):
    """Update uv.lock to the newest versions the bounds in pyproject.toml allow."""
    session.run("uv", "lock", "--upgrade", external=True)
    session.log("Now run the whole test suite (python -m nox) before committing uv.lock.")


def readme_commands():
    """The README's two commands: the lines of its first bash block that are not comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [
        line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")
    ]


@nox.session(default=False)
def i18n(session):
    """Extract the pages' messages and update the Chinese catalogs in docs/locales (sphinx-intl)."""
    _install(session, "docs")
    session.run("python", "docs/editions.py", "--gettext", "-q")
    catalogs = ["-d", "docs/locales", "-l", "zh_CN", "-w", "0", "--no-obsolete"]
    session.run("sphinx-intl", "update", "-p", str(BUILD / "gettext"), *catalogs)
    session.log("Translate the empty and fuzzy entries in docs/locales/zh_CN/LC_MESSAGES/*.po")


@nox.session(default=True)
def lint(session):
    """Check style and formatting with ruff."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


# pip, not uv: pip finds the CPU wheel of torch that these machines keep on disk.
@nox.session(default=False, venv_backend="virtualenv")
def bench(session):
    """Time every loss and gradient against numpy's floor and PyTorch; write benchmarks/results.md."""
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


# Mutation testing (issue 13): the modules in the order they are run; each mutant is tested by
# the fast tests that reached its function (mutmut records them in one traced run).
MUTATED_MODULES = [
    "losses",
    "robust",
    "_inputs",
    "_blocks",
    "_elementwise",
    "experiments",
    "fitting",
    "catalog",
    "family",
    "properties",
    "quantile",
    "tables",
    "verdicts",
    "likelihood",
    "leverage",
    "efficiency",
    "explorable",
]
MUTATION_REPORT = ROOT / "reports" / "mutation.md"
MUTATION_STATUS = {0: "survived", 1: "killed", 3: "killed", 33: "no tests", 5: "no tests"}
MUTATION_TIMEOUT = {24, -24, 152, 255, 36}


def _mutation_scores():
    """Per module: mutmut's results from mutants/lossdocs/*.meta, and the surviving mutants."""
    import json

    rows, survivors = [], []
    for module in MUTATED_MODULES:
        meta = ROOT / "mutants" / "lossdocs" / f"{module}.py.meta"
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        checked = {name: code for name, code in codes.items() if code is not None}
        if not checked:
            continue
        status = {
            name: "timeout" if code in MUTATION_TIMEOUT else MUTATION_STATUS.get(code, "other")
            for name, code in checked.items()
        }
        killed = sum(s in ("killed", "timeout") for s in status.values())
        survived = sorted(name for name, s in status.items() if s == "survived")
        untested = sorted(name for name, s in status.items() if s == "no tests")
        survivors += survived + untested
        rows.append(
            (module, len(codes), len(checked), killed, len(survived), len(untested), survived)
        )
    return rows, survivors


MUTATION_COLUMNS = (
    "| module | mutants | tested | killed | survived | no test | equivalent (below) | score"
    " | score without equivalents |"
)


def _score(killed, tested, equivalent):
    """The two scores of a row: killed of tested, and killed of the non-equivalent ones."""
    plain = f"{killed / tested:.1%}" if tested else "-"
    rest = tested - equivalent
    return plain, (f"{killed / rest:.1%}" if rest else "-")


def _write_mutation_scores():
    """Rewrite the scores between the markers of reports/mutation.md; flag unexplained ones.

    A module with results in mutants/ gets a fresh row; a module without keeps the row the
    table already has (its results came from an earlier run, whose cache is gone), and its
    survivors listed as not yet explained stay listed until the text below explains them.
    """
    rows, survivors = _mutation_scores()
    text = MUTATION_REPORT.read_text(encoding="utf-8")
    start, end = "<!-- scores: nox -s mutants -->", "<!-- /scores -->"
    head, rest = text.split(start, 1)
    block, tail = rest.split(end, 1)
    # The text outside the scores block, where the survivors are explained.
    explained_text = head + tail
    kept = {}
    for line in block.splitlines():
        match = re.match(r"\| `(\w+)\.py` \|((?: [^|]* \|){8})$", line)
        if match:
            cells = [cell.strip() for cell in match.group(2).split("|")[:-1]]
            kept[match.group(1)] = tuple(int(cell) for cell in cells[:6])
    fresh = {}
    for module, total, checked, killed, survived, untested, names in rows:
        equivalent = sum(f"`{name}`" in explained_text for name in names)
        fresh[module] = (total, checked, killed, survived, untested, equivalent)
    lines = [MUTATION_COLUMNS, "| --- |" + " ---: |" * 8]
    totals = [0] * 6
    for module in MUTATED_MODULES:
        numbers = fresh.get(module, kept.get(module))
        if numbers is None:
            continue
        total, checked, killed, survived, untested, equivalent = numbers
        cells = " | ".join(str(n) for n in numbers)
        lines.append(
            f"| `{module}.py` | {cells} | {' | '.join(_score(killed, checked, equivalent))} |"
        )
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
    total, checked, killed, survived, untested, equivalent = totals
    cells = " | ".join(str(n) for n in totals)
    lines.append(f"| **all run** | {cells} | {' | '.join(_score(killed, checked, equivalent))} |")
    listed = re.findall(r"^- `(lossdocs\.(\w+)\.\w+)`$", block, flags=re.MULTILINE)
    carried = [name for name, module in listed if module not in fresh]
    unexplained = [name for name in survivors + carried if f"`{name}`" not in explained_text]
    if unexplained:
        lines += ["", "Not yet explained or killed:", ""]
        lines += [f"- `{name}`" for name in unexplained]
    text = head + start + "\n" + "\n".join(lines) + "\n" + end + tail
    MUTATION_REPORT.write_text(text, encoding="utf-8")
    return unexplained


@nox.session(default=False)
def mutants(session):
    """Mutation-test lossdocs/ with mutmut (slow: not in CI); scores into reports/mutation.md.

    ``nox -s mutants`` runs every module; ``nox -s mutants -- losses robust`` only those.
    Mutants already tested are remembered in mutants/ (a changed function is tested again).
    """
    _install(session, "mutation")
    modules = session.posargs or MUTATED_MODULES
    unknown = sorted(set(modules) - set(MUTATED_MODULES))
    if unknown:
        session.error(f"unknown modules {unknown}; known: {MUTATED_MODULES}")
    # Some tests read pages of docs/, which mutmut copies (also_copy in pyproject.toml) into
    # mutants/docs/, a folder it does not make itself.
    (ROOT / "mutants" / "docs").mkdir(parents=True, exist_ok=True)
    # One worker per core: each runs the mutant's tests in a forked process.
    children = str(max(1, min(2, os.cpu_count() or 1)))
    patterns = [f"lossdocs.{module}.*" for module in modules]
    session.run("mutmut", "run", "--max-children", children, *patterns)
    unexplained = _write_mutation_scores()
    session.log(f"Scores written to {MUTATION_REPORT.relative_to(ROOT)}")
    for name in unexplained:
        session.warn(f"survivor not explained in the report: {name} (mutmut show {name})")
