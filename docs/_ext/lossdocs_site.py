"""Sphinx extension for the lossdocs site: catalog tables, the install line, wrapping printouts.

- ``.. catalog-table:: lossdocs.catalog.LOSSES`` renders a mapping of dataclass instances (the
  loss catalog) as a table, one row per entry and one column per dataclass field.
- ``.. install-lossdocs::`` says how to install the library the page's code imports, in one
  ``pip install`` line, with a link to the wheel the build publishes beside the site.
- Every gallery example page gets that install line under its download note.
- Printed output that is prose (no aligned columns) is marked ``lossdocs-prose``, so that the
  stylesheet can wrap it on a narrow screen; columnar printouts keep their columns.
"""

import dataclasses
import importlib
import re
from collections.abc import Mapping
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

WHEEL_FOLDER = "_downloads"
# matplotlib's line styles, drawn as SVG dash patterns in the catalog's colour swatches.
DASHES = {"-": "", "--": "7 3", "-.": "7 3 2 3", ":": "2 3"}
LINESTYLE_NAMES = {"-": "solid", "--": "dashed", "-.": "dash-dot", ":": "dotted"}
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Two or more spaces between two non-spaces: the printout is aligned in columns.
COLUMNS = re.compile(r"\S {2,}\S")


def _import(dotted):
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def catalog_mappings(module_name):
    """Names of `module_name`'s public mappings whose values are all dataclass instances."""
    module = importlib.import_module(module_name)
    return [
        f"{module_name}.{name}"
        for name in getattr(module, "__all__", [])
        if isinstance(value := getattr(module, name), Mapping)
        and value
        and all(dataclasses.is_dataclass(entry) for entry in value.values())
    ]


def _public_path(function):
    """The documented path of `function`: ``lossdocs.<name>`` where the package exports it."""
    package = importlib.import_module(function.__module__.split(".")[0])
    if getattr(package, function.__name__, None) is function:
        return f"{package.__name__}.{function.__name__}"
    return f"{function.__module__}.{function.__qualname__}"


def _number(value):
    return f"{value:g}" if isinstance(value, float) else repr(value)


class CatalogTable(SphinxDirective):
    """A table of a mapping of dataclass instances: one row per entry, one column per field."""

    required_arguments = 1

    def run(self):
        dotted = self.arguments[0]
        try:
            catalog = _import(dotted)
        except (ImportError, AttributeError) as error:
            raise self.error(f"catalog-table: cannot import {dotted!r}: {error}") from None
        if not (isinstance(catalog, Mapping) and catalog):
            raise self.error(f"catalog-table: {dotted} is not a non-empty mapping")
        entries = list(catalog.values())
        if not all(dataclasses.is_dataclass(entry) for entry in entries):
            raise self.error(f"catalog-table: the values of {dotted} are not all dataclasses")
        fields = [field.name for field in dataclasses.fields(entries[0])]

        table = nodes.table(classes=["lossdocs-catalog"])
        group = nodes.tgroup(cols=len(fields))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in fields)
        head = nodes.thead()
        head += self._row([nodes.literal(text=field) for field in fields])
        group += head
        body = nodes.tbody()
        for entry in entries:
            row = [self._cell(field, getattr(entry, field), entry) for field in fields]
            body += self._row(row)
        group += body
        return [table]

    @staticmethod
    def _row(cells):
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            entry += (
                content
                if isinstance(content, nodes.paragraph)
                else nodes.paragraph("", "", content)
            )
            row += entry
        return row

    def _cell(self, field, value, entry):
        if callable(value) and hasattr(value, "__module__"):
            target = _public_path(value)
            ref = addnodes.pending_xref(
                "", refdomain="py", reftype="func", reftarget=target, refexplicit=False
            )
            ref += nodes.literal(text=f"{value.__name__}()", classes=["xref", "py", "py-func"])
            return ref
        if isinstance(value, str) and HEX_COLOUR.fullmatch(value):
            linestyle = getattr(entry, "linestyle", "-")
            dashes = DASHES.get(linestyle, "")
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            svg = (
                f'<svg class="lossdocs-swatch" width="44" height="12" viewBox="0 0 44 12" '
                f'aria-hidden="true"><line x1="2" y1="6" x2="42" y2="6" stroke="{value}" '
                f'stroke-width="3"{dash}/></svg> '
            )
            paragraph = nodes.paragraph()
            paragraph += nodes.raw("", svg, format="html")
            paragraph += nodes.literal(text=value)
            return paragraph
        if field == "linestyle" and value in LINESTYLE_NAMES:
            paragraph = nodes.paragraph()
            paragraph += nodes.literal(text=repr(value))
            paragraph += nodes.Text(f" ({LINESTYLE_NAMES[value]})")
            return paragraph
        if isinstance(value, bool):
            return nodes.Text("yes" if value else "no")
        if isinstance(value, Mapping):
            if not value:
                return nodes.Text("none")
            return nodes.literal(
                text=", ".join(f"{key}={_number(item)}" for key, item in value.items())
            )
        if isinstance(value, str):
            return nodes.Text(value)
        return nodes.literal(text=_number(value))


#: The install sentence around the wheel's link, in each edition's language.
INSTALL_TEXT = {
    "en": ("To run this code yourself, download ", " and install it with:"),
    "zh_CN": ("要自己运行这段代码，请下载 ", "，然后这样安装："),
}


class InstallLossdocs(SphinxDirective):
    """How to install lossdocs to run the page's code: one pip line and the wheel to download."""

    def run(self):
        wheel = self.config.lossdocs_wheel
        if not wheel:
            return []
        depth = self.env.docname.count("/")
        uri = "../" * depth + f"{WHEEL_FOLDER}/{wheel}"
        before, after = INSTALL_TEXT.get(self.config.language, INSTALL_TEXT["en"])
        paragraph = nodes.paragraph(classes=["lossdocs-install"])
        paragraph += nodes.Text(before)
        link = nodes.reference("", "", refuri=uri, classes=["lossdocs-wheel"])
        link += nodes.literal(text=wheel)
        paragraph += link
        paragraph += nodes.Text(after)
        line = f"pip install {wheel} matplotlib"
        block = nodes.literal_block(line, line, language="bash", classes=["lossdocs-pip"])
        return [paragraph, block]


def build_wheel(app):
    """Build the lossdocs wheel into the HTML output, reproducibly (hatchling's fixed dates)."""
    if app.builder.format != "html":
        return
    from hatchling.builders.wheel import WheelBuilder

    root = Path(app.confdir).parent
    destination = Path(app.outdir, WHEEL_FOLDER)
    destination.mkdir(parents=True, exist_ok=True)
    for old in destination.glob("lossdocs-*.whl"):
        old.unlink()
    builder = WheelBuilder(str(root))
    paths = builder.build(directory=str(destination), versions=["standard"])
    built = [Path(path) for path in paths]
    if len(built) != 1:
        raise ExtensionError(f"expected one lossdocs wheel, hatchling built {built}")
    if app.config.lossdocs_wheel != built[0].name:
        raise ExtensionError(
            f"conf.py names the wheel {app.config.lossdocs_wheel!r}, hatchling built "
            f"{built[0].name!r}"
        )


# Sphinx-gallery's note at the top of every example page; the install line goes inside it.
DOWNLOAD_NOTE = "        to download the full example code.\n"


def add_install_line(app, docname, source):
    """Put the install line in the download note at the top of every gallery example."""
    if not re.fullmatch(r"auto_examples/plot_\w+", docname):
        return
    text = source[0]
    if DOWNLOAD_NOTE in text and ".. install-lossdocs::" not in text:
        source[0] = text.replace(
            DOWNLOAD_NOTE, DOWNLOAD_NOTE + "\n        .. install-lossdocs::\n", 1
        )


class WrapProsePrintouts(SphinxTransform):
    """Mark printed output without aligned columns, so that it may wrap on narrow screens."""

    default_priority = 700

    def apply(self):
        for block in self.document.findall(nodes.literal_block):
            classes = set(block["classes"])
            if not classes & {"sphx-glr-script-out", "output"}:
                continue
            lines = [line for line in block.astext().splitlines() if line.strip()]
            if lines and not any(COLUMNS.search(line.strip()) for line in lines):
                block["classes"].append("lossdocs-prose")


def setup(app):
    import lossdocs

    app.add_config_value(
        "lossdocs_wheel", f"lossdocs-{lossdocs.__version__}-py3-none-any.whl", "env"
    )
    app.add_directive("catalog-table", CatalogTable)
    app.add_directive("install-lossdocs", InstallLossdocs)
    app.add_transform(WrapProsePrintouts)
    app.connect("builder-inited", build_wheel)
    app.connect("source-read", add_install_line)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
