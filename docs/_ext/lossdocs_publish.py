"""Publishing the site: its base URL, sharing metadata, a sitemap of both editions, a 404 page.

The base URL is the one setting: the environment variable ``LOSSDOCS_BASE_URL``, by default
``http://127.0.0.1:8000/lossdocs/`` (where ``nox -s preview`` serves the build). Deploys set it to
the site's address; Read the Docs' own ``READTHEDOCS_CANONICAL_URL`` is used when present. Its
path is where the site lives, so the 404 page's links start with it. Nothing here makes a page
load anything: the metadata are ``<meta>`` tags read by whatever shows a shared link.
"""

import os
import re
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

from docutils import nodes
from sphinx import addnodes

DEFAULT_BASE_URL = "http://127.0.0.1:8000/lossdocs/"
#: Each edition's folder under the base URL, and its Open Graph locale.
EDITIONS = {"en": ("", "en_US"), "zh_CN": ("zh_CN/", "zh_CN")}
#: The image a page without a figure of its own shares: the article's Figure 1, as drawn.
DEFAULT_IMAGE = "auto_examples/images/sphx_glr_plot_loss_curves_001.png"
NOT_FOUND = {
    "en": (
        "Page not found",
        (
            "<h1>Page not found</h1><p>There is no page at this address. "
            '<a href="{home}">Start from the landing page</a>, or search the site.</p>'
        ),
    ),
    "zh_CN": (
        "页面不存在",
        '<h1>页面不存在</h1><p>这个地址没有页面。<a href="{home}">从首页开始</a>，或搜索本站。</p>',
    ),
}


def base_url():
    """The site's base URL, ending with a slash."""
    url = (
        os.environ.get("LOSSDOCS_BASE_URL")
        or os.environ.get("READTHEDOCS_CANONICAL_URL")
        or DEFAULT_BASE_URL
    )
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"LOSSDOCS_BASE_URL must be an http(s) URL, got {url!r}")
    return url if url.endswith("/") else url + "/"


def edition_url(language):
    """The URL of an edition's root."""
    return urljoin(base_url(), EDITIONS[language][0])


def _configure(app, config):
    """The 404 page's address prefix and text, per edition."""
    language = config.language if config.language in EDITIONS else "en"
    config.html_baseurl = edition_url(language)  # each page's <link rel="canonical">
    config.notfound_urls_prefix = urlsplit(edition_url(language)).path
    title, body = NOT_FOUND[language]
    config.notfound_context = {
        "title": title,
        "body": body.format(home=config.notfound_urls_prefix + "index.html"),
    }


def _aside(node):
    """Whether `node` sits in a note, a sidebar, or sphinx-gallery's download or thumbnail boxes."""
    while node is not None:
        classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
        boxes = ("sphx-glr-download", "sphx-glr-thumb", "sphx-glr-footer", "sphx-glr-signature")
        # (Sphinx's API entries are admonitions too; their text is what the page says.)
        note = isinstance(node, nodes.Admonition) and not isinstance(node, addnodes.desc)
        if (
            note
            or isinstance(node, (nodes.sidebar, nodes.topic))
            or any(name.startswith(boxes) for name in classes)
        ):
            return True
        node = node.parent
    return False


SENTENCE = re.compile(r"(.+?[.!?。！？])(\s|$)")


def first_sentence(doctree):
    """The page's first sentence: from its first paragraph that has a full stop."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _aside(paragraph):
            continue
        text = " ".join(paragraph.astext().split())
        match = SENTENCE.match(text)
        if match and len(match.group(1)) >= 10:
            return match.group(1)[:300]
    return ""


def _first_image(app, doctree):
    """Where the page's first figure lands in the build (sphinx-gallery's too), if it has one."""
    for image in doctree.findall(lambda node: isinstance(node, nodes.Element) and "uri" in node):
        uri = image["uri"]
        if isinstance(image, nodes.image) and uri in app.builder.images:
            return "_images/" + app.builder.images[uri]
        if type(image).__name__ == "imgsgnode":  # copied into _images under its own name
            return "_images/" + uri.rsplit("/", 1)[-1]
    return None


def _metadata(app, pagename, templatename, context, doctree):
    """Open Graph and Twitter card tags for the page, and the page in the other edition."""
    language = app.config.language if app.config.language in EDITIONS else "en"
    here = edition_url(language)
    image = (doctree is not None and _first_image(app, doctree)) or "_images/" + (
        DEFAULT_IMAGE.rsplit("/", 1)[1]
    )
    title = context.get("title") or app.config.project
    description = first_sentence(doctree) if doctree is not None else ""
    tags = {
        "og:title": re.sub(r"<[^>]+>", "", title),
        "og:type": "website",
        "og:url": urljoin(here, pagename + ".html"),
        "og:image": urljoin(here, image),
        "og:site_name": app.config.project,
        "og:locale": EDITIONS[language][1],
        "twitter:card": "summary_large_image",
    }
    if description:
        tags["og:description"] = description
    lines = [f"<meta property={quoteattr(k)} content={quoteattr(v)} />" for k, v in tags.items()]
    if description:
        lines.append(f'<meta name="description" content={quoteattr(description)} />')
    for other in EDITIONS:
        href = urljoin(edition_url(other), pagename + ".html")
        hreflang = other.replace("_", "-")
        lines.append(f'<link rel="alternate" hreflang="{hreflang}" href="{escape(href)}" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def _sitemap(app, exception):
    """sitemap.xml at the English root: every page of both editions (they have the same pages)."""
    if exception is not None or app.builder.format != "html" or app.config.language != "en":
        return
    pages = sorted(set(app.env.found_docs) | {"genindex", "search"})
    entries = []
    for page in pages:
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{other.replace("_", "-")}" '
            f'href="{escape(urljoin(edition_url(other), page + ".html"))}"/>'
            for other in EDITIONS
        )
        for language in EDITIONS:
            loc = escape(urljoin(edition_url(language), page + ".html"))
            entries.append(f"<url><loc>{loc}</loc>{alternates}</url>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
    with open(os.path.join(app.outdir, "sitemap.xml"), "w", encoding="utf-8") as file:
        file.write(xml)


def setup(app):
    app.setup_extension("notfound.extension")
    app.connect("config-inited", _configure, priority=600)
    app.connect("html-page-context", _metadata)
    app.connect("build-finished", _sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
