"""The Chinese edition: complete, switchable page to page, searchable, with Chinese figures."""

import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, site_pages
from test_browser import open_page

LOCALES = ROOT / "docs" / "locales" / "zh_CN" / "LC_MESSAGES"
CATALOGS = sorted(LOCALES.rglob("*.po"))
PAGES = site_pages()
CJK = re.compile(r"[\u4e00-\u9fff]")


def read_catalog(path):
    with path.open("rb") as file:
        return read_po(file)


def test_there_are_catalogs_and_chinese_pages():
    assert CATALOGS, f"no .po files under {LOCALES}"
    chinese = [page for page in PAGES if page.startswith("zh_CN/")]
    english = [page for page in PAGES if not page.startswith("zh_CN/")]
    assert len(chinese) == len(english) > 10
    assert sorted(page.removeprefix("zh_CN/") for page in chinese) == english


@pytest.mark.parametrize(
    "path", CATALOGS, ids=[p.relative_to(LOCALES).as_posix() for p in CATALOGS]
)
def test_every_message_is_translated(path):
    catalog = read_catalog(path)
    missing = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:3]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


# Markup a translation must keep as it is: roles with their targets (MyST {role}`…` and reST
# :role:`…`), inline code, math, glued numbers and link targets. Only link texts may change.
ROLE = re.compile(r"(\{[\w:.-]+\}|:[\w:.-]+:)`([^`]*)`")
LITERAL = re.compile(r"``[^`]+``|(?<![`}:])`[^`]+`(?![`_])")
MATH = re.compile(r"\$[^$]+\$")


def markup(text):
    """The tokens of `text` that its translation must contain unchanged (as a sorted list)."""
    tokens = []
    for role, content in ROLE.findall(text):
        target = re.search(r"<([^>]+)>$", content)
        tokens.append((role, target.group(1) if target else content))
    rest = ROLE.sub(" ", text)
    tokens += [("literal", found) for found in LITERAL.findall(rest)]
    tokens += [("math", found) for found in MATH.findall(rest)]
    return sorted(tokens)


@pytest.mark.parametrize(
    "path", CATALOGS, ids=[p.relative_to(LOCALES).as_posix() for p in CATALOGS]
)
def test_translations_keep_the_markup(path):
    changed = [
        (message.id[:60], sorted(set(markup(message.id)) ^ set(markup(message.string))))
        for message in read_catalog(path)
        if message.id and message.string and markup(message.id) != markup(message.string)
    ]
    assert changed == [], "\n".join(map(str, changed[:10]))


def test_catalogs_hold_every_message_of_the_pages(tmp_path):
    """Extract the messages afresh: every one is in a catalog (nox -s i18n updates them)."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "editions.py"), "--gettext", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    templates = ROOT / "docs" / "_build" / "gettext"
    for template in sorted(templates.rglob("*.pot")):
        domain = template.relative_to(templates).with_suffix(".po")
        catalog = LOCALES / domain
        assert catalog.exists(), f"no catalog {domain}: run `nox -s i18n`"
        wanted = {message.id for message in read_catalog(template) if message.id}
        have = {message.id for message in read_catalog(catalog) if message.id}
        assert wanted - have == set(), f"{domain} lacks messages: run `nox -s i18n`"


@pytest.mark.parametrize("path", PAGES)
def test_page_language_attribute(site, path):
    text = (site / path).read_text(encoding="utf-8")
    expected = "zh-CN" if path.startswith("zh_CN/") else "en"
    assert f'<html lang="{expected}"' in text


@pytest.mark.parametrize(
    "path", ["index.html", "article.html", "auto_examples/plot_gradients.html"]
)
def test_switch_leads_to_the_same_page(browser, server, path):
    for start, other in ((path, f"zh_CN/{path}"), (f"zh_CN/{path}", path)):
        context, page, _, _ = open_page(browser, f"{server}/{start}")
        try:
            page.locator("a.lossdocs-language-switch").first.click()
            page.wait_for_load_state("load")
            assert page.url == f"{server}/{other}"
        finally:
            context.close()


@pytest.mark.parametrize("query", ["鲁棒", "梯度爆炸", "离群点"])
def test_chinese_search_finds_the_article(browser, server, query):
    context, page, _, errors = open_page(browser, f"{server}/zh_CN/search.html?q={query}")
    try:
        page.wait_for_function(
            "document.querySelector('#search-results .search-summary')?.textContent.length > 0",
            timeout=30_000,
        )
        found = page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert any("article" in link for link in found), found
        assert errors == []
    finally:
        context.close()


def test_chinese_figures_are_drawn_for_the_chinese_edition(site):
    """Each edition runs the gallery for itself: the Chinese figures use the CJK font."""
    english = sorted((site / "_images").glob("sphx_glr_plot_*.png"))
    assert english
    for image in english:
        chinese = site / "zh_CN" / "_images" / image.name
        assert chinese.exists(), image.name
        assert chinese.read_bytes() != image.read_bytes(), f"{image.name} is the same in Chinese"


PRINTOUT = re.compile(
    r'sphx-glr-script-out[^"]*"><div class="highlight"><pre>(.*?)</pre>', re.DOTALL
)


def test_chinese_gallery_pages_print_in_chinese(site):
    """What the examples print is Chinese in the Chinese edition, English in the English one."""
    pages = sorted((site / "zh_CN" / "auto_examples").glob("plot_*.html"))
    assert pages
    printing = 0
    for page in pages:
        chinese = PRINTOUT.findall(page.read_text(encoding="utf-8"))
        english = PRINTOUT.findall(
            (site / "auto_examples" / page.name).read_text(encoding="utf-8")
        )
        assert len(chinese) == len(english), page.name
        if not chinese:
            continue
        printing += 1
        assert CJK.search("".join(chinese)), f"{page.name} prints no Chinese"
        assert not CJK.search("".join(english)), f"{page.name} prints Chinese in English"
        lines = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(chinese))).splitlines()
        wide = [line for line in lines if columns(line) > 88]
        assert not wide, f"{page.name} prints lines wider than 88 columns: {wide}"
    assert printing > 15


def columns(line):
    """The width of a printed line in a terminal: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def test_a_printed_chinese_character_takes_two_columns():
    assert columns("L1 的中位数: 0.5") == len("L1 的中位数: 0.5") + 4  # four characters


def test_glossary_maps_terms_both_ways(site):
    for page in ("glossary.html", "zh_CN/glossary.html"):
        text = (site / page).read_text(encoding="utf-8")
        for english, chinese in (("outlier", "离群点"), ("robustness", "鲁棒性")):
            assert english in text, page
            assert chinese in text, page


def test_pages_use_a_system_cjk_font_stack(site):
    css = (site / "_static" / "lossdocs.css").read_text(encoding="utf-8")
    assert '"Noto Sans CJK SC"' in css
    assert '"Microsoft YaHei"' in css
    assert "@font-face" not in css


def test_a_chinese_page_has_chinese_text(site):
    text = (site / "zh_CN" / "article.html").read_text(encoding="utf-8")
    assert len(CJK.findall(text)) > 2000
    assert Path(site / "zh_CN" / "searchindex.js").exists()
