"""Published as it will be: under a path, with a 404 page, sharing metadata, deploy recipes.

The site is served under the base URL's path (/lossdocs/) by docs/publish.py, the way GitHub
Pages and Read the Docs serve a project site; every internal link, image, script and stylesheet
of both editions is followed from the landing pages.
"""

import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import publish
import pytest
from conftest import ROOT, site_pages

PAGES = site_pages()
LANDINGS = ["index.html", "zh_CN/index.html"]


class Links(HTMLParser):
    """Every URL a page links to or loads, and its <meta> tags."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.urls, self.meta = [], {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content") or ""
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            return  # the published address: not a resource the page loads
        for key in ("href", "src"):
            if attrs.get(key):
                self.urls.append(attrs[key])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def crawl(server):
    """Follow every internal URL from both landing pages; record each status."""
    prefix = urlsplit(server).path + "/"
    origin = server[: -len(urlsplit(server).path) or None]
    statuses, outside, queue = {}, [], [f"{server}/{page}" for page in LANDINGS]
    while queue:
        url = queue.pop()
        if url in statuses:
            continue
        status, body = fetch(url)
        statuses[url] = status
        path = urlsplit(url).path
        if status != 200 or not path.endswith(".html"):
            if path.endswith(".css") and status == 200:
                for found in re.findall(
                    r"url\(\s*['\"]?([^)'\"]+)", body.decode("utf-8", "replace")
                ):
                    if not found.startswith("data:"):
                        queue.append(urljoin(url, found).split("#")[0])
            continue
        for found in Links(body.decode("utf-8")).urls:
            parts = urlsplit(found)
            if parts.scheme in ("mailto", "javascript", "data") or found.startswith("#"):
                continue
            absolute = urljoin(url, found).split("#")[0].split("?")[0]
            if not absolute.startswith(origin):
                continue  # another host: test_html forbids loading those
            if not urlsplit(absolute).path.startswith(prefix):
                outside.append((url, found))
                continue
            queue.append(absolute)
    return statuses, outside


def test_crawl_from_both_landing_pages_finds_no_broken_link(crawl):
    statuses, _ = crawl
    broken = sorted(url for url, status in statuses.items() if status != 200)
    assert broken == []
    pages = [url for url in statuses if url.endswith(".html")]
    assert any("/zh_CN/" in url for url in pages)
    assert len(pages) >= len([page for page in PAGES if page != "404.html"]) // 2


def test_crawl_never_leaves_the_prefix(crawl):
    assert crawl[1] == []


MISSING = [("no-such-page.html", "en"), ("zh_CN/auto_examples/nope.html", "zh-CN")]


@pytest.mark.parametrize(("missing", "language"), MISSING)
def test_missing_page_gets_the_404_page_in_its_language(server, missing, language):
    status, body = fetch(f"{server}/{missing}")
    assert status == 404
    text = body.decode("utf-8")
    assert f'<html lang="{language}"' in text
    links = Links(text)
    resources = [url for url in links.urls if url.endswith((".css", ".js", ".html"))]
    assert resources
    for url in resources:  # absolute under the prefix, so they load from any depth
        assert url.startswith(urlsplit(server).path + "/"), url
        assert fetch(urljoin(server, url))[0] == 200, url


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_sharing_metadata(site, path):
    meta = Links((site / path).read_text(encoding="utf-8")).meta
    for key in ("og:title", "og:url", "og:image", "og:type", "twitter:card"):
        assert meta.get(key), f"{path} lacks {key}"
    base = publish.base_url() + ("zh_CN/" if path.startswith("zh_CN/") else "")
    assert meta["og:url"] == base + path.removeprefix("zh_CN/")
    image = meta["og:image"]
    assert image.startswith(base)
    assert (site / ("zh_CN/" if path.startswith("zh_CN/") else "") / image[len(base) :]).exists()
    if path != "404.html" and not path.endswith(
        ("genindex.html", "py-modindex.html", "search.html", "404.html")
    ):
        description = meta.get("og:description", "")
        assert len(description) >= 10, f"{path}: {description!r}"
        assert description[-1] in ".!?。！？" or len(description) == 300


def test_a_gallery_page_shares_its_own_figure(site):
    meta = Links((site / "auto_examples/plot_gradients.html").read_text("utf-8")).meta
    assert meta["og:image"].endswith("sphx_glr_plot_gradients_001.png")
    landing = Links((site / "index.html").read_text("utf-8")).meta
    assert "sphx_glr_plot_loss_curves" in landing["og:image"]


def test_sitemap_lists_both_editions(site):
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", text))
    base = publish.base_url()
    for page in ("index.html", "article.html", "auto_examples/plot_gradients.html"):
        assert base + page in locations
        assert base + "zh_CN/" + page in locations


# --- The deploy recipes agree with the README ---


def readme_commands():
    """The README's two commands: the first lines of its first ```bash block that are not comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL).group(1)
    return [
        line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")
    ]


def test_readme_has_two_commands_and_the_first_builds_the_docs():
    build, test = readme_commands()
    assert shlex.split(build)[-2:] == ["-s", "docs"]
    assert "nox" in test


def test_read_the_docs_runs_the_readme_build_and_publishes_its_output():
    text = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    commands = re.findall(r"^\s+- (.+)$", text.split("commands:", 1)[1], re.MULTILINE)
    assert readme_commands()[0] in commands
    assert any(
        re.search(r"cp -r docs/_build/html \"?\$READTHEDOCS_OUTPUT/html", c) for c in commands
    )


def test_github_pages_runs_the_readme_build_and_uploads_its_output():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    runs = re.findall(r"^\s+run: (.+)$", text, re.MULTILINE)
    assert readme_commands()[0] in runs
    uploads = re.findall(r"upload-pages-artifact@\S+\n\s+with:\n\s+path: (\S+)", text)
    assert uploads == ["docs/_build/html"]


def test_dist_archive_is_reproducible_and_holds_both_editions(site, tmp_path):
    first = publish.archive(site, tmp_path / "a.tar.gz")
    second = publish.archive(site, tmp_path / "b.tar.gz")
    assert first.read_bytes() == second.read_bytes()
    listing = subprocess.run(
        ["tar", "-tzf", str(first)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "lossdocs/index.html" in listing
    assert "lossdocs/zh_CN/index.html" in listing
    assert not any(".doctrees" in name for name in listing)


def test_dist_session_writes_the_archive_and_the_wheel(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "publish.py"), "dist"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    dist = ROOT / "dist"
    assert (dist / "lossdocs-site.tar.gz").exists()
    assert list(dist.glob("lossdocs-*.whl"))
    assert Path(dist / "lossdocs-site.tar.gz").stat().st_size > 100_000
