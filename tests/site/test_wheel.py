"""Copy a snippet, run it: the published wheel installs with the page's one line and runs an example.

A reader downloads the wheel and an example from the built site, runs the ``pip install`` line the
page shows in a fresh virtual environment, and runs the example there, far from this checkout.
"""

import os
import re
import shlex
import shutil
import subprocess
import venv
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_pages import EXAMPLES, install_line

EXAMPLE = "plot_loss_curves"


def downloads(site, path):
    """The download links of a page, by file name, as paths in the built site."""
    html = (site / path).read_text(encoding="utf-8")
    found = {}
    for href in re.findall(r'href="([^"]*_downloads/[^"]+)"', html):
        target = ((site / path).parent / unquote(href)).resolve()
        found[target.name] = target
    return found


def test_the_gallery_offers_every_example_in_one_archive_each(site):
    archives = downloads(site, "auto_examples/index.html")
    bundles = {
        suffix: [name for name in archives if name.endswith(f"_{kind}.zip")]
        for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb"))
    }
    assert [len(names) for names in bundles.values()] == [1, 1], sorted(archives)
    for suffix, (archive,) in bundles.items():
        with zipfile.ZipFile(archives[archive]) as bundle:
            names = sorted(Path(name).name for name in bundle.namelist())
        assert names == sorted(f"{stem}{suffix}" for stem in EXAMPLES)


def test_the_site_publishes_the_wheel(site):
    import lossdocs

    wheels = sorted((site / "_downloads").glob("lossdocs-*.whl"))
    assert [wheel.name for wheel in wheels] == [
        f"lossdocs-{lossdocs.__version__}-py3-none-any.whl"
    ]
    with zipfile.ZipFile(wheels[0]) as wheel:
        dates = {info.date_time for info in wheel.infolist()}
        modules = {Path(name).name for name in wheel.namelist() if name.startswith("lossdocs/")}
    assert len(dates) == 1, f"the wheel's entries carry different dates: {dates}"
    source = Path(lossdocs.__file__).parent
    assert modules == {path.name for path in source.glob("*.py")}


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    """A virtual environment made from the base interpreter, without this project in it."""
    folder = tmp_path_factory.mktemp("reader-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(folder / "venv")
    return folder / "venv" / "bin" / "python"


def test_a_downloaded_example_runs_after_the_one_install_line(site, fresh_venv, tmp_path):
    page = f"auto_examples/{EXAMPLE}.html"
    lines, _ = install_line(site, page)
    assert len(lines) == 1
    command = shlex.split(lines[0])
    assert command[:2] == ["pip", "install"]

    # The reader's download folder: the wheel and the example's script, nothing else.
    wheel = site / "_downloads" / command[2]
    script = downloads(site, page)[f"{EXAMPLE}.py"]
    shutil.copy(wheel, tmp_path)
    shutil.copy(script, tmp_path)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["MPLBACKEND"] = "Agg"

    install = subprocess.run(
        [str(fresh_venv), "-m", *command, "--disable-pip-version-check", "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]

    where = subprocess.run(
        [str(fresh_venv), "-c", "import lossdocs; print(lossdocs.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(fresh_venv.parents[1])

    run = subprocess.run(
        [str(fresh_venv), f"{EXAMPLE}.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # It prints what the page shows under the example's last cell.
    html = (site / page).read_text(encoding="utf-8")
    printout = r'sphx-glr-script-out[^"]*"><div class="highlight"><pre>(.*?)</pre>'
    printed = re.findall(printout, html, re.DOTALL)
    shown = unescape(re.sub(r"<[^>]+>", "", printed[-1])).strip()
    assert shown
    assert shown in run.stdout
