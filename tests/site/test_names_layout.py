"""The names page's tables, in headless Chromium: readable without sideways scrolling."""

import pytest
from test_browser import open_page

# For each equivalence table: how far its scrolling box can scroll sideways, and how far its
# cells' contents reach beyond the viewport.
OVERFLOW = """() => {
    const tables = Array.from(document.querySelectorAll("table.lossdocs-names"));
    return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        tables: tables.map((table) => {
            const box = table.closest(".pst-scrollable-table-container") || table.parentElement;
            const cells = Array.from(table.querySelectorAll("td, th"));
            const right = Math.max(...cells.map((cell) => cell.getBoundingClientRect().right));
            return {scroll: box.scrollWidth - box.clientWidth, beyond: right - innerWidth};
        }),
    };
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_names_tables_need_no_sideways_scrolling(browser, server, width):
    context, page, _, _ = open_page(
        browser, f"{server}/names.html", viewport={"width": width, "height": 900}
    )
    try:
        measured = page.evaluate(OVERFLOW)
    finally:
        context.close()
    assert measured["page"] <= 0
    assert len(measured["tables"]) == 4  # PyTorch, Optax, Keras, scikit-learn
    for table in measured["tables"]:
        assert table["scroll"] <= 0, measured
        assert table["beyond"] <= 0, measured


def test_names_tables_stack_on_a_phone(browser, server):
    # At 390 px each row is a block: the library's call above the expression it equals.
    context, page, _, _ = open_page(
        browser, f"{server}/names.html", viewport={"width": 390, "height": 900}
    )
    try:
        display = page.evaluate(
            """() => getComputedStyle(document.querySelector("table.lossdocs-names td")).display"""
        )
    finally:
        context.close()
    assert display == "block"
