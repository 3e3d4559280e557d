"""What the built pages show: real thumbnails, catalog tables, no raw markup, the install line."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import site_pages

PAGES = site_pages()
EXAMPLES = sorted(p.stem for p in (Path(__file__).parents[2] / "examples").glob("plot_*.py"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
# Text a reader never sees as prose: code, scripts, and the TeX that MathJax replaces.
NOT_PROSE = {"script", "style", "pre", "code", "kbd", "samp", "tt", "textarea", "svg"}


class Text(HTMLParser):
    """A page's visible prose, its math sources, and its elements with their classes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.prose, self.math, self.elements = [], [], []
        self._stack = []  # (tag, hidden, math)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        self.elements.append((tag, classes, attrs))
        if tag in VOID:
            return
        hidden = any(h for _, h, _ in self._stack) or tag in NOT_PROSE
        math = any(m for _, _, m in self._stack) or "math" in classes
        self._stack.append((tag, hidden, math))

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data):
        if self._stack and self._stack[-1][2]:
            self.math.append(data)
        elif not (self._stack and self._stack[-1][1]) and self._in_body():
            self.prose.append(data)

    def _in_body(self):
        return any(tag == "body" for tag, _, _ in self._stack)


def read(site, path):
    return Text((site / path).read_text(encoding="utf-8"))


# Markup that a renderer should have turned into something else, as a reader would see it raw.
RAW_MARKUP = {
    "TeX delimiters": re.compile(r"\\[(\[]|\\[)\]]|\$\$"),
    "an rST role": re.compile(r":[a-z]+(?::[a-z]+)?:`"),
    "a MyST role": re.compile(r"\{[a-z][a-z:-]*\}`"),
    "a MyST glue": re.compile(r"\{glue"),
    "a MyST reference": re.compile(r"\{(?:doc|ref|eq|numref|download)\}"),
    "backquoted code": re.compile(r"`[^`\n]+`"),
    # Paired, as unrendered bold shows; a signature's ``**fields`` is not markup.
    "strong emphasis": re.compile(r"\*\*[^\s*](?:[^*\n]*?[^\s*])?\*\*(?!\w)"),
    "an rST directive": re.compile(r"(?m)^\s*\.\. [a-z][\w-]*::"),
    "a fence": re.compile(r"(?m)^\s*(?:```|:::)"),
}


@pytest.mark.parametrize("path", PAGES)
def test_no_raw_markup_in_the_visible_text(site, path):
    page = read(site, path)
    prose = "".join(page.prose)
    found = [
        (what, prose[max(0, hit.start() - 30) : hit.end() + 30])
        for what, pattern in RAW_MARKUP.items()
        for hit in pattern.finditer(prose)
    ]
    # A doubled backslash before a command name is a TeX line break followed by a word.
    found += [
        ("an escaped TeX command", source.strip())
        for source in page.math
        if re.search(r"\\\\[A-Za-z]", source)
    ]
    assert found == [], f"{path} shows raw markup: {found}"


def test_the_markup_check_can_fail():
    page = Text(
        "<html><body><p>With :func:`f` and **bold** and {glue}`x`</p>"
        '<span class="math">\\(|x| &lt; \\\\beta\\)</span><pre>x**2 `ok`</pre></body></html>'
    )
    prose = "".join(page.prose)
    hits = {what for what, pattern in RAW_MARKUP.items() if pattern.search(prose)}
    expected = {"an rST role", "a MyST role", "a MyST glue", "strong emphasis"}
    assert hits == expected | {"backquoted code"}
    assert page.math == ["\\(|x| < \\\\beta\\)"]
    signature = Text("<html><body><p>say(text, /, **fields), f(**a, **b)</p></body></html>")
    assert not RAW_MARKUP["strong emphasis"].search("".join(signature.prose))


# --- Thumbnails ---


@pytest.fixture(scope="module")
def placeholder_thumbnails(tmp_path_factory):
    """The thumbnails sphinx-gallery makes when an example has no figure, or fails."""
    from matplotlib.image import imread
    from sphinx_gallery import glr_path_static
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
    from sphinx_gallery.gen_rst import scale_image

    folder = tmp_path_factory.mktemp("placeholders")
    made = {}
    for name in ("no_image.png", "broken_example.png"):
        target = folder / name
        scale_image(
            Path(glr_path_static()) / name, target, *DEFAULT_GALLERY_CONF["thumbnail_size"]
        )
        made[name] = imread(target)
    return made


def gallery_thumbnails(site):
    """The image of each card on the gallery index, by the example it links to."""
    page = read(site, "auto_examples/index.html")
    thumbnails, current = {}, None
    for tag, classes, attrs in page.elements:
        if tag == "div" and "sphx-glr-thumbcontainer" in classes:
            current = attrs.get("tooltip", "") or len(thumbnails)
        elif tag == "img" and current is not None and "sphx_glr_" in attrs.get("src", ""):
            thumbnails[attrs["src"]] = current
            current = None
    return thumbnails


def test_every_example_has_a_card_with_a_real_thumbnail(site, placeholder_thumbnails):
    import numpy as np
    from matplotlib.image import imread

    thumbnails = gallery_thumbnails(site)
    stems = {re.search(r"sphx_glr_(plot_\w+?)_thumb", src).group(1) for src in thumbnails}
    assert stems == set(EXAMPLES)
    placeholders = []
    for src in thumbnails:
        pixels = imread(site / "auto_examples" / unquote(src))
        for name, placeholder in placeholder_thumbnails.items():
            if pixels.shape == placeholder.shape and np.allclose(pixels, placeholder, atol=0.02):
                placeholders.append((src, name))
    assert placeholders == [], (
        f"gallery cards showing sphinx-gallery's placeholder: {placeholders}"
    )


# --- The catalog's API pages ---


@pytest.mark.parametrize("name", ["LOSSES", "ROBUST_FAMILY"])
def test_catalog_pages_are_tables(site, name):
    import dataclasses

    from lossdocs import catalog

    entries = getattr(catalog, name)
    html = (site / "generated" / f"lossdocs.catalog.{name}.html").read_text(encoding="utf-8")
    assert "&lt;function" not in html
    assert "<function" not in html
    tables = re.findall(r'<table class="[^"]*lossdocs-catalog.*?</table>', html, re.DOTALL)
    assert len(tables) == 1
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", tables[0], re.DOTALL)
    header, body = rows[0], rows[1:]
    fields = [field.name for field in dataclasses.fields(catalog.LossSpec)]
    assert re.findall(r'<span class="pre">(\w+)</span>', header) == fields
    assert len(body) == len(entries)
    for row, spec in zip(body, entries.values(), strict=True):
        text = re.sub(r"<[^>]+>", "", row)
        assert spec.name in text
        # The colour swatch is drawn in the loss's colour, next to its code.
        assert f'stroke="{spec.color}"' in row
        assert spec.color in text
        # The functions link to their API pages.
        for function in (spec.loss, spec.grad):
            assert f'href="lossdocs.{function.__name__}.html' in row, function.__name__
        for key in spec.kwargs:
            assert f"{key}=" in text


def test_the_api_page_summarises_the_catalog(site):
    html = (site / "api.html").read_text(encoding="utf-8")
    for name in ("LOSSES", "ROBUST_FAMILY"):
        row = re.search(
            rf"<tr[^>]*>\s*<td><p><a[^>]*lossdocs.catalog.{name}.html.*?</tr>", html, re.DOTALL
        )
        assert row, name
        cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.DOTALL)
        summary = re.sub(r"<[^>]+>", "", cells[1]).strip()
        assert len(summary) > 20, f"{name}'s summary is blank: {summary!r}"


# --- How to install what the code imports ---

INSTALL_PAGES = ["auto_examples/index.html", "first-steps.html"] + [
    f"auto_examples/{stem}.html" for stem in EXAMPLES
]


def install_line(site, path):
    html = (site / path).read_text(encoding="utf-8")
    blocks = re.findall(
        r'<div class="[^"]*lossdocs-pip[^"]*">.*?<pre>(.*?)</pre>', html, re.DOTALL
    )
    lines = [re.sub(r"<[^>]+>", "", block).strip() for block in blocks]
    links = re.findall(r'<a class="[^"]*lossdocs-wheel[^"]*" href="([^"]+)"', html)
    return lines, links


@pytest.mark.parametrize("path", INSTALL_PAGES)
def test_pages_say_how_to_install_lossdocs_in_one_line(site, path):
    import lossdocs

    lines, links = install_line(site, path)
    wheel = f"lossdocs-{lossdocs.__version__}-py3-none-any.whl"
    assert lines == [f"pip install {wheel} matplotlib"]
    assert len(links) == 1
    assert links[0].endswith(wheel)
    assert ((site / path).parent / unquote(urlsplit(links[0]).path)).resolve().is_file()
