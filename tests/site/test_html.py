"""The built HTML itself: no other host, meaningful alt text, no broken link, page weight."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import publish
import pytest
from conftest import ARTIFACTS, site_pages

PAGES = site_pages()
EXAMPLES = sorted(p.stem for p in (Path(__file__).parents[2] / "examples").glob("plot_*.py"))
WEIGHT_BUDGET = 1_000_000  # bytes: a page's HTML plus the images it loads
# <link> relations that name another page rather than load something into this one.
NAVIGATION_RELS = {"canonical", "alternate", "next", "prev", "index", "search", "author", "up"}


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.resources, self.images = set(), [], [], []
        self._thumb_depth = 0
        self._stack = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get(
            "src"
        ):
            self.resources.append((tag, attrs["src"]))
        rels = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and attrs.get("href") and not rels <= NAVIGATION_RELS:
            self.resources.append((tag, attrs["href"]))
        if tag == "object" and attrs.get("data"):
            self.resources.append((tag, attrs["data"]))
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.resources.append((tag, candidate.split()[0]))
        if tag == "div" and "sphx-glr-thumbcontainer" in classes:
            self._thumb_depth = 1
        elif tag == "div" and self._thumb_depth:
            self._thumb_depth += 1
        if tag == "img":
            srcset = [c.split()[0] for c in (attrs.get("srcset") or "").split(",") if c.strip()]
            self.images.append(
                {"src": attrs.get("src", ""), "alt": attrs.get("alt"), "srcset": srcset,
                 "decorative": bool(self._thumb_depth)}
            )  # fmt: skip

    def handle_endtag(self, tag):
        if tag == "div" and self._thumb_depth:
            self._thumb_depth -= 1


def parse(site, path):
    return Page((site / path).read_text(encoding="utf-8"))


def is_external(url):
    return url.startswith("//") or urlsplit(url).scheme not in ("", "data")


@pytest.mark.parametrize("path", PAGES)
def test_no_resource_from_another_host(site, path):
    page = parse(site, path)
    external = [(tag, url) for tag, url in page.resources if is_external(url)]
    assert external == [], f"{path} loads from other hosts: {external}"


def test_no_stylesheet_imports_from_another_host(site):
    offenders = []
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", css.read_text(errors="replace")):
            if is_external(url):
                offenders.append((css.relative_to(site).as_posix(), url))
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(errors="replace")):
            if is_external(url):
                offenders.append((css.relative_to(site).as_posix(), url))
    assert offenders == []


def test_the_site_publishes_no_build_internals(site):
    """Executed notebooks and glue files stay in the build folder; only downloads are published.

    MyST-NB writes them beside the output folder, which for the Chinese edition is the English
    site's root: they were published there, rewritten by whichever edition finished last.
    """
    internals = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.name in ("jupyter_execute", ".jupyter_cache")
        or (path.suffix in (".ipynb", ".json") and "_downloads" not in path.parts)
    ]
    assert internals == []


def bad_alt_reason(image):
    alt = (image["alt"] or "").strip()
    name = Path(urlsplit(image["src"]).path).name
    stem = name.rsplit(".", 1)[0]
    if not alt:
        return "empty"
    if alt in (name, stem) or alt.startswith("sphx_glr"):
        return "the file name"
    lowered = alt.lower()
    for example in EXAMPLES:
        if lowered in (example, example.replace("_", " "), example.removeprefix("plot_")):
            return "derived from the script's file name"
        if lowered.startswith(example.replace("_", " ")):
            return "derived from the script's file name"
    return None


@pytest.mark.parametrize("path", PAGES)
def test_content_images_have_meaningful_alt_text(site, path):
    # Gallery thumbnails are decorative: the card's title beside them is the link text.
    problems = [
        (image["src"], reason)
        for image in parse(site, path).images
        if not image["decorative"] and (reason := bad_alt_reason(image))
    ]
    assert problems == [], f"{path}: {problems}"


def test_gallery_figures_are_described_by_their_titles(site):
    page = parse(site, "auto_examples/plot_loss_curves.html")
    alts = [image["alt"] for image in page.images if "sphx_glr_plot_loss_curves" in image["src"]]
    assert "Figure 1 of the article: L1, L2 and Smooth L1 loss on [-2, 2]" in alts


@pytest.fixture(scope="module")
def parsed(site):
    return {path: parse(site, path) for path in PAGES}


def test_no_broken_internal_link_or_anchor(site, parsed):
    broken = []
    for path, page in parsed.items():
        for href in page.links:
            if is_external(href) or href.startswith(("mailto:", "javascript:")):
                continue
            parts = urlsplit(href)
            if parts.path.startswith("/"):  # the 404 page's links start with the site's path
                assert parts.path.startswith(publish.PREFIX), (path, href)
                target = site / unquote(parts.path[len(publish.PREFIX) :])
            elif parts.path:
                target = (site / path).parent / unquote(parts.path)
            else:
                target = site / path
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((path, href, "no such file"))
                continue
            if parts.fragment and target.suffix == ".html":
                relative = target.relative_to(site.resolve()).as_posix()
                ids = parsed[relative].ids if relative in parsed else parse(site, relative).ids
                if unquote(parts.fragment) not in ids:
                    broken.append((path, href, "no such anchor"))
    assert broken == [], "\n".join(map(str, broken))


def test_page_weight(site, parsed):
    weights = {}
    for path, page in parsed.items():
        total = (site / path).stat().st_size
        for image in page.images:
            # A hi-dpi screen loads the largest candidate of a srcset: count that one.
            candidates = [image["src"], *image["srcset"]]
            sizes = [
                ((site / path).parent / unquote(urlsplit(c).path)).resolve().stat().st_size
                for c in candidates
                if not is_external(c)
            ]
            total += max(sizes, default=0)
        weights[path] = total
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    report = "\n".join(f"{size / 1e3:9.1f} kB  {path}" for path, size in ranked)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(report + "\n")
    print("page weight (HTML + images), heaviest first:\n" + report)
    heaviest_path, heaviest = ranked[0]
    assert heaviest <= WEIGHT_BUDGET, f"{heaviest_path} weighs {heaviest / 1e6:.2f} MB"


def test_every_public_name_has_an_api_page(site):
    import lossdocs
    from lossdocs import catalog, experiments, fitting

    modules = {"lossdocs": lossdocs, "lossdocs.catalog": catalog,
               "lossdocs.experiments": experiments, "lossdocs.fitting": fitting}  # fmt: skip
    missing = [
        f"{module_name}.{name}"
        for module_name, module in modules.items()
        for name in module.__all__
        if not (site / "generated" / f"{module_name}.{name}.html").exists()
    ]
    assert missing == []


def test_article_covers_every_claim_with_computed_numbers_and_gallery_figures(site):
    text = (site / "article.html").read_text(encoding="utf-8")
    page = Page(text)
    claims = text[: text.index('<section id="references">')].split('<div class="claim-card')[1:]
    cards = [
        re.match(r'[^"]*" id="claim-c(\d+)">(.*)', card, re.DOTALL).groups() for card in claims
    ]
    assert [int(number) for number, _ in cards] == list(range(1, 30))
    for number, card in cards:
        # Each claim quotes the source in Chinese, renders it in English and pastes its verdict.
        assert re.search(r"<blockquote>.*[\u4e00-\u9fff].*</blockquote>", card, re.DOTALL), number
        assert "\u201c" in card.split("</blockquote>", 1)[1], number
        assert card.count('class="pasted-text"') >= 2, number
    assert text.count('class="pasted-text"') >= 8
    gallery_figures = {image["src"] for image in page.images if "sphx_glr_plot_" in image["src"]}
    assert len(gallery_figures) >= 4


def test_claim_verdicts_come_from_the_fixed_vocabulary(site):
    from lossdocs import verdicts

    text = (site / "article.html").read_text(encoding="utf-8")
    shown = re.findall(
        r'id="claim-c(\d+)">\s*<p><strong>C\d+</strong> · <span class="pasted-text">([^<]*)</span>',
        text,
    )
    assert len(shown) == 29
    computed = verdicts.claim_verdicts()
    for number, verdict in shown:
        assert verdict in verdicts.VERDICTS, (number, verdict)
        assert verdict == computed[f"C{number}"].verdict


def test_article_names_and_credits_the_source(site):
    text = (site / "article.html").read_text(encoding="utf-8")
    for credit in ("L1 loss &amp; L2 loss &amp; Smooth L1 loss", "幼儿园的学霸", "blog note"):
        assert credit in text
    # The source's own definitions of robustness and stability, and its statistical sense.
    for quote in ("鲁棒性", "稳定性", "回归参数是数据集的连续函数"):
        assert quote in text
    # Its own references are listed beside the primary sources.
    for reference in ("MSE与MAE的区别与选择", "为什么Faster-rcnn", "arXiv:1504.08083"):
        assert reference in text


def css_nesting_errors(text):
    """Where a stylesheet's braces do not pair up (comments and strings left out)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', text)
    depth, errors = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        if depth < 0:
            errors.append(f"line {number}: a closing brace with nothing open")
            depth = 0
    if depth:
        errors.append(f"{depth} block(s) never closed: the rules after them apply only inside")
    return errors


def test_our_stylesheets_close_every_block():
    """An unclosed @media block silently scopes every later rule to phones."""
    sheets = sorted((Path(__file__).parents[2] / "docs" / "_static").glob("*.css"))
    assert sheets
    assert css_nesting_errors("@media (max-width: 1px) {\n a { color: red; }\n") != []
    for sheet in sheets:
        assert css_nesting_errors(sheet.read_text(encoding="utf-8")) == [], sheet.name
