"""Every page of both editions in headless Chromium, on a laptop (1280 px) and a phone (390 px).

Each page is opened once: it makes no request to another host and logs no error, its math and
images render, and nothing a reader needs hides sideways. Measured in the browser: the page as a whole never scrolls sideways, nor its reading column (the theme's article box, which scrolls on its own); on the reading pages
no table or display equation does on a phone; on the gallery pages no code, printout or table
does on a laptop. A box "scrolls sideways" when its content is wider than the box
(``scrollWidth > clientWidth``), whether the box is the element itself or its scroll wrapper.
"""

import pytest
from conftest import site_pages
from test_browser import BROKEN_IMAGES, UNRENDERED_MATH, open_page, visit, watch

PAGES = site_pages()
PHONE, LAPTOP = 390, 1280
READING_PAGES = ["index.html", "article.html", "first-steps.html", "guide.html"]
GALLERY_PAGES = [page for page in PAGES if "auto_examples/plot_" in page]

PAGE_OVERFLOW = """() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? [root.scrollWidth, root.clientWidth] : null;
}"""

# The theme's reading column scrolls on its own: a page can fit while its column scrolls.
COLUMN_OVERFLOW = """() => {
    const column = document.querySelector(".bd-article-container");
    if (!column || column.scrollWidth <= column.clientWidth + 1) return null;
    return [column.scrollWidth, column.clientWidth];
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
PROSE_PRINTOUTS = "main .sphx-glr-script-out.lossdocs-prose pre"


def survey(page, path):
    """What is wrong with `path` as opened in `page`: at a laptop's width, then a phone's."""
    problems = []
    if page.evaluate(UNRENDERED_MATH):
        problems.append(f"math MathJax did not render: {page.evaluate(UNRENDERED_MATH)}")
    if page.evaluate(BROKEN_IMAGES):
        problems.append(f"images that did not load: {page.evaluate(BROKEN_IMAGES)}")
    checks = {LAPTOP: [], PHONE: []}
    if path in GALLERY_PAGES:
        checks[LAPTOP].append(("code, printouts and tables", CODE_PRINTOUTS_AND_TABLES))
        checks[PHONE].append(("printed sentences", PROSE_PRINTOUTS))
    if path.endswith("names.html"):
        checks[LAPTOP].append(("tables", "main table"))
    if path.removeprefix("zh_CN/") in READING_PAGES:
        checks[PHONE].append(("tables and equations", TABLES_AND_EQUATIONS))
    for width in (LAPTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        if page.evaluate(PAGE_OVERFLOW) is not None:
            problems.append(f"the page is wider than {width} px: {page.evaluate(PAGE_OVERFLOW)}")
        if page.evaluate(COLUMN_OVERFLOW) is not None:
            column = page.evaluate(COLUMN_OVERFLOW)
            problems.append(f"the reading column scrolls sideways at {width} px: {column}")
        for what, selector in checks[width]:
            wide = page.evaluate(SIDEWAYS, selector)
            if wide:
                problems.append(f"{what} scroll sideways at {width} px: {wide}")
    return problems


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for the survey, which opens every page in turn (a new tab costs about 0.3 s).

    It records requests to other hosts and console errors; each test starts with empty lists.
    """
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    page = context.new_page()
    outside, errors = watch(page)
    yield page, outside, errors
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_in_a_real_browser(server, tab, path):
    """Each page of both editions, opened once: offline, no error, rendered, fits both screens."""
    page, outside, errors = tab
    outside.clear()
    errors.clear()
    page.set_viewport_size({"width": LAPTOP, "height": 900})
    visit(page, f"{server}/{path}")
    assert outside == [], f"{path} requested other hosts: {outside}"
    assert errors == [], f"{path} logged JavaScript errors: {errors}"
    assert survey(page, path) == [], path


def test_the_survey_can_fail(browser, server):
    """A page made too wide, with an unloadable image, is caught at both widths."""
    context, page, _, _ = open_page(
        browser, f"{server}/article.html", viewport={"width": LAPTOP, "height": 900}
    )
    try:
        page.evaluate("""() => {
            const wide = document.createElement("div");
            wide.style.width = "3000px"; wide.textContent = "wide";
            document.querySelector("main").append(wide);
            const table = document.querySelector("main table");
            table.style.minWidth = "2000px";
            const word = document.createElement("p");
            word.style.whiteSpace = "nowrap"; word.textContent = "unbreakable_".repeat(60);
            document.querySelector(".bd-article").append(word);
        }""")
        problems = survey(page, "article.html")
        assert any("wider than 1280" in problem for problem in problems), problems
        assert any("wider than 390" in problem for problem in problems), problems
        assert any("tables and equations" in problem for problem in problems), problems
        assert any("reading column scrolls sideways at 390" in p for p in problems), problems
    finally:
        context.close()


def test_the_gallery_prints_sentences_that_wrap(site):
    """The wrapping rule above has something to measure: prose printouts are marked."""
    marked = sum(
        (site / path).read_text(encoding="utf-8").count("lossdocs-prose") for path in GALLERY_PAGES
    )
    assert marked >= len(GALLERY_PAGES) // 2
