"""The explorable page in headless Chromium: sliders redraw, and what is drawn is the embedded data."""

import json
import re

import pytest
from test_browser import open_page

PAGE = "explore.html"
# The script writes coordinates rounded to 0.01 of a viewBox unit.
PIXEL = 0.006


def load(browser, server, **options):
    context, page, outside, errors = open_page(browser, f"{server}/{PAGE}", **options)
    page.wait_for_selector("#lossdocs-explore[data-ready=true]")
    data = json.loads(page.inner_text("#lossdocs-explore-data"))
    return context, page, outside, errors, data


def points(d):
    """The (x, y) pairs of an SVG path made of M and L commands."""
    return [tuple(map(float, pair)) for pair in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def to_view(svg, xs, ys):
    """Map data to viewBox coordinates with the panel's own limits, as the page must."""
    xlim = [float(v) for v in svg.get_attribute("data-xlim").split()]
    ylim = [float(v) for v in svg.get_attribute("data-ylim").split()]
    left, top, right, bottom = (float(v) for v in svg.get_attribute("data-box").split())
    px = [left + (x - xlim[0]) / (xlim[1] - xlim[0]) * (right - left) for x in xs]
    py = [bottom - (y - ylim[0]) / (ylim[1] - ylim[0]) * (bottom - top) for y in ys]
    return list(zip(px, py, strict=True))


def assert_drawn(actual, expected):
    assert len(actual) == len(expected)
    worst = max(
        max(abs(a[0] - e[0]), abs(a[1] - e[1])) for a, e in zip(actual, expected, strict=True)
    )
    assert worst <= PIXEL, f"drawn points are up to {worst:.3f} units from the embedded data"


# Everything a panel draws, read in one call: its curve or line, and the data's markers.
DRAWN = """(svg) => ({
    index: (svg.querySelector("path.curve, path.fit") || {}).dataset?.index,
    d: svg.querySelector("path.curve, path.fit").getAttribute("d"),
    data: Array.from(svg.querySelectorAll(".datum"), (n) => [+n.dataset.x, +n.dataset.y]),
})"""


def check_widget(page, data, k):
    """The curves, the data on them and the line of widget `k` are the embedded values."""
    sweep = data["sweeps"][k]
    widget = page.locator(".lossdocs-explore-widget").nth(k)
    i = int(widget.get_attribute("data-index"))
    for key in ("loss", "grad"):
        svg = widget.locator(f"svg[data-key={key}]")
        drawn = svg.evaluate(DRAWN)
        assert int(drawn["index"]) == i
        assert_drawn(points(drawn["d"]), to_view(svg, data["residuals"], sweep[key][i]))
        expected = to_view(svg, sweep["data_residuals"][i], sweep[f"data_{key}"][i])
        assert_drawn([tuple(p) for p in drawn["data"]], expected)
    svg = widget.locator(".lossdocs-explore-panel svg:not([data-key])")
    drawn = svg.evaluate(DRAWN)
    assert int(drawn["index"]) == i
    fit = sweep["lines"][i]
    xlim = [float(v) for v in svg.get_attribute("data-xlim").split()]
    ends = [fit["intercept"] + fit["slope"] * x for x in xlim]
    assert_drawn(points(drawn["d"]), to_view(svg, xlim, ends))
    assert_drawn([tuple(p) for p in drawn["data"]], to_view(svg, data["x"], data["y"]))
    return i


def test_sliders_redraw_from_the_embedded_data(browser, server):
    context, page, outside, errors, data = load(browser, server)
    try:
        assert [s["name"] for s in data["sweeps"]] == ["Smooth L1", "Huber"]
        for k, sweep in enumerate(data["sweeps"]):
            slider = page.locator("input[type=range]").nth(k)
            label = page.locator(f"label[for='{slider.get_attribute('id')}']")
            assert sweep["symbol"] in label.inner_text()
            # The initial drawing is the default width's.
            assert check_widget(page, data, k) == sweep["default"]
            before = page.locator(".lossdocs-explore-widget").nth(k).inner_html()

            # Keyboard: Tab-reachable, arrows step one width, Home and End go to the ends.
            slider.focus()
            page.keyboard.press("ArrowRight")
            i = check_widget(page, data, k)
            assert i == sweep["default"] + 1
            expected_text = f"{sweep['symbol']} = {sweep['labels'][i]}"
            assert slider.get_attribute("aria-valuetext") == expected_text
            assert page.locator(f"#{slider.get_attribute('id')}-value").inner_text() == (
                expected_text
            )
            assert page.locator(".lossdocs-explore-widget").nth(k).inner_html() != before
            page.keyboard.press("End")
            assert check_widget(page, data, k) == len(sweep["widths"]) - 1
            page.keyboard.press("Home")
            assert check_widget(page, data, k) == 0

            # Setting the value directly, as a pointer drag does.
            middle = len(sweep["widths"]) // 2
            slider.fill(str(middle))
            assert check_widget(page, data, k) == middle
        assert outside == [], f"the page requested other hosts: {outside}"
        assert errors == [], f"the page logged JavaScript errors: {errors}"
    finally:
        context.close()


def test_the_fitted_line_moves_between_the_l1_and_l2_lines(browser, server):
    context, page, _, _, data = load(browser, server)
    try:
        slider = page.locator("input[type=range]").first
        widget = page.locator(".lossdocs-explore-widget").first
        fit = widget.locator("path.fit")
        slider.fill("0")
        smallest = fit.get_attribute("d")
        slider.fill(str(len(data["sweeps"][0]["widths"]) - 1))
        largest = fit.get_attribute("d")
        assert smallest != largest
        # The reference lines do not move with the slider.
        references = widget.locator("path.reference")
        assert references.count() == len(data["references"])
        slider.fill("3")
        assert widget.locator("path.fit").get_attribute("d") not in (smallest, largest)
    finally:
        context.close()


def test_the_slider_is_visibly_focused(browser, server):
    context, page, _, _, _ = load(browser, server)
    try:
        page.keyboard.press("Tab")
        slider = page.locator("input[type=range]").first
        slider.focus()
        page.keyboard.press("ArrowLeft")  # a key press makes the focus "visible"
        outline = slider.evaluate("(node) => getComputedStyle(node).outlineStyle")
        assert outline not in ("none", ""), outline
    finally:
        context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_fits_the_screen_in_both_modes(browser, server, artifacts, mode, width):
    context, page, _, errors, _ = load(
        browser, server, viewport={"width": width, "height": 900}, color_scheme=mode
    )
    try:
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page scrolls sideways at {width} px: {scroll} px wide"
        for svg in page.locator(".lossdocs-explore-panel svg").all():
            box = svg.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width
            # One drawing per row on a phone (most of its width), three in a row on a desktop.
            assert box["width"] >= (300 if width < 600 else 200), box
        # Text and axes take the theme's colours: readable on the mode's background.
        for selector, colour_of in [
            (".lossdocs-explore-panel text", "fill"),
            (".lossdocs-explore-controls label", "color"),
            (".lossdocs-explore-legend span", "color"),
            (".lossdocs-explore-title", "color"),
        ]:
            node = page.locator(selector).first
            colour = node.evaluate(f"(node) => getComputedStyle(node).{colour_of}")
            background = node.evaluate(BACKGROUND)
            contrast = abs(_luminance(colour) - _luminance(background))
            assert contrast > 0.4, (selector, colour, background)
        page.screenshot(
            path=str(artifacts / f"screenshot-explore-{width}-{mode}.png"), full_page=True
        )
        assert errors == []
    finally:
        context.close()


# The colour behind a node: the first ancestor's background that is not transparent.
BACKGROUND = """(node) => {
    for (let n = node; n; n = n.parentElement) {
        const colour = getComputedStyle(n).backgroundColor;
        if (colour && colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") return colour;
    }
    return "rgb(255, 255, 255)";
}"""


def _luminance(css):
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_slider_stays_in_view_beside_the_fitted_line_on_a_phone(browser, server):
    context, page, _, _, _ = load(browser, server, viewport={"width": 390, "height": 844})
    try:
        widget = page.locator(".lossdocs-explore-widget").first
        widget.locator(".lossdocs-explore-panel").nth(2).scroll_into_view_if_needed()
        line = widget.locator(".lossdocs-explore-panel").nth(2).bounding_box()
        slider = widget.locator("input[type=range]").bounding_box()
        header = page.locator(".bd-header").bounding_box()
        assert line["y"] + line["height"] <= 844
        assert header["y"] + header["height"] <= slider["y"] <= 844 - slider["height"]
    finally:
        context.close()
