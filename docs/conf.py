"""Sphinx configuration for the lossdocs site: offline, reproducible, strict."""

import hashlib
import importlib.resources
import os
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import lossdocs

DOCS = Path(__file__).parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS))  # for gallery_order
sys.path.insert(0, str(DOCS / "_ext"))  # the site's own extensions

from lossdocs_publish import edition_url
from lossdocs_site import catalog_mappings

project = "lossdocs"
author = "The lossdocs developers"
copyright = "2026, the lossdocs developers"
release = version = lossdocs.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    "lossdocs_site",
    "lossdocs_publish",  # base URL, sharing metadata, sitemap, 404 page
    "lossdocs_i18n",  # glued numbers in translated paragraphs
]

exclude_patterns = [
    "_build",
    "jupyter_execute",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside each generated page; myst-nb would try to
    # build it as a second source for the same page ("multiple files found").
    "auto_examples/**.ipynb",
    "auto_examples/**.py",
    "auto_examples/**.zip",
    "_ext",
]
templates_path = ["_templates"]
nitpicky = True
# Not cross-referenced: the numpydoc type words, and the library objects we do not document.
nitpick_ignore = [("py:class", "array_like"), ("py:class", "optional")]

# --- Math without a network: MathJax 3 from a package, copied into _static. ---
_MATHJAX = importlib.resources.files("mathjax") / "static" / "mathjax" / "es5" / "tex-svg-full.js"
mathjax_path = "tex-svg-full.js"

# --- HTML ---
html_theme = "pydata_sphinx_theme"
html_title = "lossdocs"
html_static_path = ["_static", str(_MATHJAX)]
html_favicon = "_static/favicon.svg"  # in the site, so a browser never asks the host root for one
html_css_files = ["lossdocs.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
# The theme logs a console error on a first visit unless a default colour mode is given.
html_context = {"default_mode": "auto"}
# Pages without sub-pages get no (empty) left sidebar.
html_sidebars = {
    page: [] for page in ("index", "article", "guide", "explore", "names", "first-steps")
}
html_theme_options = {
    "navigation_with_keys": False,
    "header_links_before_dropdown": 3,
    "navbar_align": "left",
    "show_toc_level": 2,
    "navbar_end": ["language-switch", "theme-switcher", "navbar-icon-links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}

# --- Two editions: English, and Simplified Chinese (``-D language=zh_CN``; docs/editions.py
# builds both). Translations are gettext catalogs under docs/locales, one per page. ---
language = "en"
locale_dirs = [str(DOCS / "locales")]
gettext_compact = False  # one catalog per page: translators can share the work by page
gettext_location = False  # no line numbers: editing one paragraph does not touch every entry
gettext_uuid = False
gettext_last_translator = "The lossdocs developers"
gettext_language_team = "The lossdocs developers"
#: Each edition's name in its own language, and where its pages live relative to the root.
EDITIONS = {"en": ("English", ""), "zh_CN": ("简体中文", "zh_CN/")}

# --- API reference ---
autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# The catalog's mappings of LossSpec render as tables (docs/_templates/autosummary/data.rst).
autosummary_context = {"catalog_tables": catalog_mappings("lossdocs.catalog")}

# --- Doctests: Sphinx's doctest builder runs the pages' {doctest} blocks; the docstrings'
# Examples, which autodoc also renders as doctest blocks, are run by pytest (nox -s doctest).
doctest_global_setup = "import numpy as np"
doctest_test_doctest_blocks = ""

# --- Executed pages (MyST-NB), cached between builds. ---
myst_enable_extensions = ["amsmath", "attrs_block", "colon_fence", "dollarmath"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True


# --- The gallery ---
def _notebooks_without_the_patch_version():
    """Leave the build's Python patch version (3.11.2, 3.11.7 …) out of the gallery's notebooks.

    sphinx-gallery writes it into each notebook's metadata, so two builds of the same commit
    with two Python 3.11 releases (Debian's and another, as ``nox -s readme`` and
    ``nox -s docs`` can be) would publish different notebooks and archives.
    """
    import sphinx_gallery.notebook

    skeleton = sphinx_gallery.notebook.jupyter_notebook_skeleton
    if getattr(skeleton, "lossdocs", False):
        return

    def reproducible_skeleton():
        notebook = skeleton()
        notebook["metadata"]["language_info"].pop("version", None)
        return notebook

    reproducible_skeleton.lossdocs = True
    sphinx_gallery.notebook.jupyter_notebook_skeleton = reproducible_skeleton


_notebooks_without_the_patch_version()

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "doc_module": ("lossdocs",),
    "backreferences_dir": "generated/backreferences",
    "image_srcset": ["2x"],
    "remove_config_comments": True,
    "first_notebook_cell": "%matplotlib inline",
    # Reproducible pages: no running times, no timing pages linking CDN assets.
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    # "Download all examples" archives (scripts and notebooks), normalised in _normalise_zips.
    "download_all_examples": True,
    "within_subsection_order": "gallery_order.GalleryOrder",
    # After matplotlib's reset: the edition's font, and every warning an example raises an
    # error (the build's own filters come back after each example).
    "reset_modules": ("matplotlib", "gallery_language.use_language"),
    "reset_modules_order": "both",
    # matplotlib's scraper, after checking that no figure text is left in English (Chinese).
    "image_scrapers": ("gallery_language.scrape",),
    "show_memory": False,
    "matplotlib_animations": False,
}


def _library_digest():
    """A digest of every module of lossdocs: what the executed pages and the gallery depend on.

    sphinx-gallery and myst-nb key their caches on each page's own source, so a change in the
    library alone would leave stale figures and numbers. The digest enters the state that each
    build and cache compares for itself: Sphinx's environment (the config value below, so a
    change re-reads every page), the notebook cache's path, and the gallery's own folder.
    """
    digest = hashlib.sha256()
    for path in sorted((ROOT / "lossdocs").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


lossdocs_digest = _library_digest()


def _select_language(app, config):
    """Tell the gallery's scripts and the executed pages which language to write in."""
    os.environ["LOSSDOCS_LANGUAGE"] = config.language
    from lossdocs.words import say

    # The navbar's "More" menu: the theme's catalog has no Chinese for it.
    config.html_theme_options = {**config.html_theme_options, "header_dropdown_text": say("More")}
    if config.language.startswith("zh"):
        config.html_search_language = "zh"  # segmented with jieba, which keeps these terms whole
        config.html_search_options = {"dict": str(DOCS / "search-terms.zh.txt")}
        # Sphinx 9.0's Chinese search ships the English stemmer's JavaScript but installs it
        # under the name "ChineseStemmer", which the page then cannot find, so search never
        # answers. Give it the name of the code it ships.
        from sphinx.search.zh import SearchChinese

        SearchChinese.language_name = "English"
    # Executed pages are cached per language and library version: a new library (or the other
    # language) never meets an old output.
    config.nb_execution_cache_path = str(
        DOCS / "_build" / ".jupyter_cache" / config.language / lossdocs_digest[:16]
    )


def _notebook_folder(app):
    """Keep each edition's executed notebooks in a folder of its own, outside the published site.

    MyST-NB writes them beside the output folder, which for the Chinese edition
    (docs/_build/html/zh_CN) is the English site's root: its notebooks and glue files would be
    published there, rewritten by whichever edition finishes last.
    """
    folder = DOCS / "_build" / "jupyter_execute" / app.config.language
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def _language_switch(app, pagename, templatename, context, doctree):
    """The link to the same page in the other edition, for the navbar's language switch."""
    here = app.config.language
    other = "zh_CN" if here == "en" else "en"
    up = "../" * (pagename.count("/") + (EDITIONS[here][1] != ""))
    url = f"{up}{EDITIONS[other][1]}{pagename}.html"
    if pagename == app.config.notfound_pagename:  # served at any depth: an absolute address
        url = f"{urlsplit(edition_url(other)).path}{pagename}.html"
    context["other_language"] = {
        "name": EDITIONS[other][0],
        "hreflang": other.replace("_", "-"),
        "url": url,
    }


def _gallery_digest_file(app):
    """Where the generated gallery records the library that made its figures.

    sphinx-gallery keeps its per-script md5 stamps in the same folder, which belongs to one
    source tree: each language builds from its own tree (see docs/editions.py).
    """
    return Path(app.srcdir, sphinx_gallery_conf["gallery_dirs"], ".lossdocs-digest")


def _rerun_stale_gallery(app, config):
    """Before sphinx-gallery reads its options: rerun every script if the library changed."""
    record = _gallery_digest_file(app)
    generated = any(record.parent.glob("*.md5"))
    recorded = record.read_text() if record.exists() else None
    if generated and recorded != lossdocs_digest:
        config.sphinx_gallery_conf["run_stale_examples"] = True


def _record_gallery_digest(app):
    """After the gallery ran (not for builds that skip running it), record the library used.

    A script that failed with this library keeps the checksum of its last good run, which
    sphinx-gallery would take as up to date: the checksum is removed, so the next build runs
    the script again (and fails again) rather than publish the page with its traceback.
    """
    conf = app.config.sphinx_gallery_conf
    if not conf["plot_gallery"]:
        return
    gallery = _gallery_digest_file(app).parent
    for script in conf.get("failing_examples", {}):
        (gallery / f"{Path(script).name}.md5").unlink(missing_ok=True)
    _gallery_digest_file(app).write_text(lossdocs_digest)


def _normalise_zips(app, exception):
    """Rewrite the gallery's download zips with fixed entry dates, for reproducible builds."""
    if exception is not None or app.builder.format != "html":
        return
    for archive in Path(app.outdir, "_downloads").rglob("*.zip"):
        with zipfile.ZipFile(archive) as source:
            entries = [(info, source.read(info)) for info in source.infolist()]
        with zipfile.ZipFile(archive, "w") as target:
            for info, data in sorted(entries, key=lambda entry: entry[0].filename):
                fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                fixed.compress_type = info.compress_type
                fixed.external_attr = 0o644 << 16
                target.writestr(fixed, data)


def setup(app):
    # A changed library digest invalidates the environment: every page is read again.
    app.add_config_value("lossdocs_digest", "", "env", types=[str])
    app.connect("config-inited", _select_language, priority=4)
    app.connect("config-inited", _rerun_stale_gallery, priority=5)
    app.connect("html-page-context", _language_switch)
    app.connect("builder-inited", _notebook_folder, priority=600)  # after MyST-NB's own
    app.connect("builder-inited", _record_gallery_digest, priority=900)
    app.connect("build-finished", _normalise_zips)
