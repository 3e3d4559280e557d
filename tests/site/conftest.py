"""Fixtures for the tests of the built site: where it is, a local server, a real browser."""

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "docs"))
import publish  # docs/publish.py: the server GitHub Pages would be

SITE = Path(os.environ.get("LOSSDOCS_SITE", ROOT / "docs" / "_build" / "html"))
ARTIFACTS = ROOT / "docs" / "_build" / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Every other host is unreachable, as it is for a reader offline. Blocking here, not with a
    # request handler in Python, keeps each page's 30-odd requests off the test's own thread.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def site_pages():
    """Every HTML page of the built site, relative to its root."""
    if not (SITE / "index.html").exists():
        return []
    return sorted(
        path.relative_to(SITE).as_posix()
        for path in SITE.rglob("*.html")
        # Not the theme's and the build's own files (_static, _sources, …), in either edition.
        if not any(part.startswith("_") for part in path.relative_to(SITE).parts)
    )


@pytest.fixture(scope="session")
def site():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run `nox -s docs` first (nox -s site does)")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site served where it will live: under the base URL's path (/lossdocs/)."""
    httpd = publish.server(site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{publish.PREFIX.rstrip('/')}"
    httpd.shutdown()
    httpd.server_close()


def _chromium():
    path = os.environ.get("LOSSDOCS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by playwright; skips locally without it, never in CI."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("playwright is not installed (it is in the 'site' dependency group)")
        pytest.skip("playwright is not installed: run the browser tests with `nox -s site`")
    if executable is None:
        if in_ci:
            pytest.fail("no Chromium at /usr/bin/chromium; .ci/run installs Debian's chromium")
        pytest.skip("no Chromium installed: `apt-get install chromium`, or set LOSSDOCS_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# The longest tests build the site; pytest-xdist hands out files in collection order, so these
# start first, one on each worker, and the browser and HTML tests fill the time beside them.
LONGEST_FIRST = ("test_stale.py", "test_build.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the rest keep their order
