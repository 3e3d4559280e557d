"""Serve the built site where it will live (under the base URL's path), or pack it for a deploy.

``python docs/publish.py serve [--port 8000]`` serves docs/_build/html at
http://127.0.0.1:8000/lossdocs/ as GitHub Pages and Read the Docs would: nothing outside the
prefix, and each edition's 404 page for a missing address. ``python docs/publish.py dist`` writes
dist/lossdocs-site.tar.gz (both editions, byte-for-byte reproducible) and, beside it, the
lossdocs wheel that the site offers for download.
"""

import argparse
import contextlib
import gzip
import http.server
import io
import shutil
import sys
import tarfile
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
SITE = DOCS / "_build" / "html"
sys.path.insert(0, str(DOCS / "_ext"))
from lossdocs_publish import EDITIONS, base_url

#: Where the site lives below the host, e.g. "/lossdocs/" (from LOSSDOCS_BASE_URL).
PREFIX = urlsplit(base_url()).path
#: The date every archive entry carries: 1980-01-01, as in the gallery's zips.
EPOCH = 315532800


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site under PREFIX; a 404 (the edition's 404 page) for anything else."""

    def __init__(self, *args, site, **kwargs):
        self.site = Path(site)
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not path.startswith(PREFIX):
            return str(self.site / "_outside_the_prefix_" / "missing")  # answered with a 404
        relative = path[len(PREFIX) :]
        return str(self.site / relative)

    def send_error(self, code, message=None, explain=None):
        path = unquote(urlsplit(self.path).path)
        if code != 404 or not path.startswith(PREFIX):
            return super().send_error(code, message, explain)
        relative = path[len(PREFIX) :]
        folder = next((f for f, _ in EDITIONS.values() if f and relative.startswith(f)), "")
        page = (self.site / folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)
        return None

    def log_message(self, format, *args):
        pass


def server(site=SITE, port=0):
    """A server for `site` on 127.0.0.1 (`port` 0: any free port); call serve_forever()."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(SiteHandler, site=site))


def archive(site, target):
    """Pack `site` into the gzipped tar `target`, the same bytes for the same files."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(Path(site).rglob("*")):
            relative = path.relative_to(site)
            if ".doctrees" in relative.parts or relative.name == ".buildinfo":  # either edition
                continue
            info = tar.gettarinfo(str(path), arcname=(Path("lossdocs") / relative).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = EPOCH, 0, 0, "", ""
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_dir():
                tar.addfile(info)
            else:
                with path.open("rb") as file:
                    tar.addfile(info, file)
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed,
    ):
        packed.write(buffer.getvalue())
    return Path(target)


def dist(site=SITE, out=ROOT / "dist"):
    """The deployable artifact: the site's archive, and the wheel the site publishes."""
    if not (Path(site) / "index.html").exists():
        raise SystemExit(f"no built site at {site}: run `nox -s docs` first")
    out.mkdir(exist_ok=True)
    wheels = sorted(Path(site, "_downloads").rglob("lossdocs-*.whl"))
    if not wheels:
        raise SystemExit(f"the site at {site} offers no lossdocs wheel")
    for wheel in wheels:
        shutil.copyfile(wheel, out / wheel.name)
    return archive(site, out / "lossdocs-site.tar.gz"), [out / w.name for w in wheels]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["serve", "dist"])
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "dist":
        site, wheels = dist()
        print(f"wrote {site.relative_to(ROOT)} and {', '.join(w.name for w in wheels)}")
        return 0
    httpd = server(port=args.port)
    print(f"Serving {SITE} at http://127.0.0.1:{args.port}{PREFIX} (Ctrl+C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
