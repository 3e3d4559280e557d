"""Build the site's two editions: English into docs/_build/html, Chinese into its zh_CN/ folder.

sphinx-gallery writes its pages and figures into the source tree, and the two languages draw
different figures. So each language builds from its own tree, with the same page names: English
from docs/ itself, Chinese from a mirror of docs/ under docs/_build/src/zh_CN that is kept in
step file by file (modification times kept, so Sphinx's incremental build sees only what
changed). Both editions share docs/conf.py. They build at the same time, one process each.

Usage: ``python docs/editions.py [--language en|zh_CN] [--gettext] [SPHINX OPTIONS…]``.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
#: Each language: the tree it builds from, and where its HTML lands.
EDITIONS = {
    "en": (DOCS, BUILD / "html"),
    "zh_CN": (BUILD / "src" / "zh_CN", BUILD / "html" / "zh_CN"),
}
#: Folders at the top of docs/ that a build writes (or that only the English tree needs).
GENERATED = {"_build", "auto_examples", "generated", "jupyter_execute", "locales"}


def mirror(source, target):
    """Make `target` a copy of the sources in `source`, leaving what builds write there alone."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if relative.parts[0] in GENERATED or "__pycache__" in relative.parts:
            continue
        wanted.add(relative)
        copy = target / relative
        if path.is_dir():
            copy.mkdir(exist_ok=True)
            continue
        status = path.stat()
        if copy.exists() and (copy.stat().st_size, copy.stat().st_mtime_ns) == (
            status.st_size,
            status.st_mtime_ns,
        ):
            continue
        shutil.copy2(path, copy)
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target)
        if relative.parts[0] in GENERATED or relative in wanted or not path.exists():
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def command(language, builder="html", outdir=None, options=()):
    """The sphinx-build command line for one edition."""
    source, html = EDITIONS[language]
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-c",
        str(DOCS),
        "-D",
        f"language={language}",
        *options,
        str(source),
        str(outdir or html),
    ]


def build(languages, options=(), builder="html", outdirs=None):
    """Build each language in `languages` at the same time; return the worst exit code."""
    processes = []
    for language in languages:
        source, _ = EDITIONS[language]
        if source != DOCS:
            mirror(DOCS, source)
        outdir = (outdirs or {}).get(language)
        processes.append(
            (
                language,
                subprocess.Popen(
                    command(language, builder, outdir, options),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
            )
        )
    worst = 0
    for language, process in processes:
        output, _ = process.communicate()
        print(f"\n===== {language} edition ({builder}) =====\n{output}", flush=True)
        worst = max(worst, process.returncode)
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=sorted(EDITIONS), action="append")
    parser.add_argument(
        "--gettext", action="store_true", help="extract the messages into docs/_build/gettext"
    )
    args, options = parser.parse_known_args(argv)
    if args.gettext:
        # From a mirror of its own, so that docs/auto_examples keeps its executed pages.
        source = BUILD / "src" / "gettext"
        mirror(DOCS, source)
        return subprocess.call(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "gettext",
                "-c",
                str(DOCS),
                "-D",
                "plot_gallery=0",
                *options,
                str(source),
                str(BUILD / "gettext"),
            ],
        )
    return build(args.language or list(EDITIONS), options)


if __name__ == "__main__":
    sys.exit(main())
