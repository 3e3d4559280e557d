"""Every page of the built site, opened in headless Chromium as a reader's browser opens it."""

from urllib.parse import urlsplit

import pytest
from conftest import site_pages

PAGES = site_pages()

# Wait for MathJax to finish (if the page loads it), then make every lazy image load now.
SETTLE = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    const images = Array.from(document.images);
    images.forEach((img) => { img.loading = "eager"; });
    await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
        img.addEventListener("load", done); img.addEventListener("error", done);
    })));
}"""

UNRENDERED_MATH = """() => Array.from(document.querySelectorAll("span.math, div.math"))
    .filter((node) => !node.querySelector("mjx-container"))
    .map((node) => node.textContent.slice(0, 80))"""

BROKEN_IMAGES = """() => Array.from(document.images)
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute("src"))"""


def watch(page):
    """Lists that fill with `page`'s requests to another host (which fail) and console errors.

    Other hosts do not resolve in the browser (CHROMIUM_FLAGS); a request to one is recorded.
    """
    outside, errors = [], []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            outside.append(request.url)

    page.on("request", record)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return outside, errors


def visit(page, url):
    """Open `url` in `page` and wait until its math is typeset and its images loaded."""
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE)


def open_page(browser, url, context=None, **context_options):
    """Open `url`; record every request to another host (which fails), and every console error.

    In a new browser context made with `context_options`, or in a new tab of `context`.
    """
    context = context or browser.new_context(**context_options)
    page = context.new_page()
    outside, errors = watch(page)
    visit(page, url)
    return context, page, outside, errors


def test_a_request_to_another_host_is_recorded_and_fails(browser, server):
    """What the offline checks rest on: such a request is seen, and it gets no answer."""
    context, page, outside, _ = open_page(browser, f"{server}/index.html")
    try:
        loaded = page.evaluate("""() => new Promise((done) => {
            const image = new Image();
            image.onload = () => done(true);
            image.onerror = () => done(false);
            image.src = "https://cdn.example.com/pixel.png";
        })""")
        assert loaded is False
        assert outside == ["https://cdn.example.com/pixel.png"]
    finally:
        context.close()


def test_the_site_has_its_pages():
    for expected in ["index.html", "article.html", "auto_examples/index.html", "api.html"]:
        assert expected in PAGES


def test_math_is_rendered_where_there_is_math(browser, server):
    context, page, _, _ = open_page(browser, f"{server}/article.html")
    try:
        assert page.locator("mjx-container").count() > 20
        assert "\\(" not in page.inner_text("main")
    finally:
        context.close()


def test_copy_button_copies_the_code_block(browser, server):
    context, page, _, _ = open_page(
        browser,
        f"{server}/auto_examples/plot_loss_curves.html",
        permissions=["clipboard-read", "clipboard-write"],
    )
    try:
        block = page.locator("div.highlight-Python").first
        block.hover()
        block.locator("button.copybtn").click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
        copied = page.evaluate("navigator.clipboard.readText()")
        expected = block.locator("pre").inner_text()
        assert copied.strip() == expected.strip()
        assert "from lossdocs import" in copied
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("index.html", "landing"),
        ("article.html", "article"),
        ("auto_examples/plot_outlier_share.html", "gallery-outlier-share"),
    ],
)
def test_screenshots(browser, server, artifacts, path, name):
    context, page, _, _ = open_page(
        browser, f"{server}/{path}", viewport={"width": 1280, "height": 900}
    )
    try:
        target = artifacts / f"screenshot-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        size = page.evaluate("[document.body.scrollWidth, document.body.scrollHeight]")
        assert target.stat().st_size > 20_000
        assert size[0] <= 1280, f"{path} scrolls sideways: {size[0]} px wide"
    finally:
        context.close()
