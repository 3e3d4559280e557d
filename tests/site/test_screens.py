"""The site on a phone (390 px) and a laptop (1280 px): nothing a reader needs hides sideways.

Measured in headless Chromium: the page as a whole never scrolls sideways; on the reading pages
no table or display equation does on a phone; on the gallery pages no code, printout or table
does on a laptop. A box "scrolls sideways" when its content is wider than the box
(``scrollWidth > clientWidth``), whether the box is the element itself or its scroll wrapper.
"""

import pytest
from conftest import site_pages
from test_browser import open_page

PAGES = site_pages()
PHONE, LAPTOP = 390, 1280
READING_PAGES = ["index.html", "article.html", "first-steps.html", "guide.html"]
GALLERY_PAGES = [page for page in PAGES if page.startswith("auto_examples/")]

PAGE_OVERFLOW = """() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? [root.scrollWidth, root.clientWidth] : null;
}"""

# Every element matching `selector` whose content is wider than its box, or than the box of
# the nearest two ancestors that clip or scroll it (a table's or an equation's wrapper).
SIDEWAYS = """(selector) => {
    const found = [];
    for (const element of document.querySelectorAll(selector)) {
        const boxes = [element];
        let parent = element.parentElement;
        for (let level = 0; parent && level < 2; level += 1, parent = parent.parentElement) {
            if (getComputedStyle(parent).overflowX !== "visible") boxes.push(parent);
        }
        const wide = boxes.find((box) => box.scrollWidth > box.clientWidth + 1);
        if (wide) {
            found.push({
                what: element.tagName.toLowerCase() + "." + [...element.classList].join("."),
                inside: (element.closest("[class]") || element).className,
                content: wide.scrollWidth,
                box: wide.clientWidth,
                text: (element.textContent || "").trim().slice(0, 70),
            });
        }
    }
    return found;
}"""

TABLES_AND_EQUATIONS = "main table, main mjx-container[display]"
CODE_PRINTOUTS_AND_TABLES = "main pre, main table"


def _open(browser, server, path, width):
    return open_page(browser, f"{server}/{path}", viewport={"width": width, "height": 900})


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways(browser, server, path, width):
    context, page, _, _ = _open(browser, server, path, width)
    try:
        assert page.evaluate(PAGE_OVERFLOW) is None, f"{path} is wider than {width} px"
    finally:
        context.close()


@pytest.mark.parametrize("path", READING_PAGES)
def test_tables_and_equations_fit_a_phone(browser, server, path):
    context, page, _, _ = _open(browser, server, path, PHONE)
    try:
        wide = page.evaluate(SIDEWAYS, TABLES_AND_EQUATIONS)
        assert wide == [], f"{path} at {PHONE} px scrolls sideways: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("path", [*GALLERY_PAGES, "names.html"])
def test_code_printouts_and_tables_fit_a_laptop(browser, server, path):
    selector = CODE_PRINTOUTS_AND_TABLES if path in GALLERY_PAGES else "main table"
    context, page, _, _ = _open(browser, server, path, LAPTOP)
    try:
        wide = page.evaluate(SIDEWAYS, selector)
        assert wide == [], f"{path} at {LAPTOP} px scrolls sideways: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("path", GALLERY_PAGES)
def test_printed_sentences_wrap_on_a_phone(browser, server, path):
    """Takeaways printed as sentences wrap; columnar printouts may scroll in their box."""
    context, page, _, _ = _open(browser, server, path, PHONE)
    try:
        wide = page.evaluate(SIDEWAYS, "main .sphx-glr-script-out.lossdocs-prose pre")
        assert wide == [], f"{path} at {PHONE} px: printed sentences scroll sideways: {wide}"
    finally:
        context.close()


def test_the_gallery_prints_sentences_that_wrap(site):
    """The wrapping rule above has something to measure: prose printouts are marked."""
    marked = sum(
        (site / path).read_text(encoding="utf-8").count("lossdocs-prose") for path in GALLERY_PAGES
    )
    assert marked >= len(GALLERY_PAGES) // 2
