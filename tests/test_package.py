"""gdviz as a package: the wheel holds the app and nothing else, and installed in a fresh virtual
environment it works from any directory: ``import gdviz``, the README's example, every page, and
the ``gdviz`` command serving the app with its own settings.

One wheel and one environment for the whole module (building and installing take most of its time).
The environment gets the wheel and requirements.txt's pins from the package index: pip has to find
versions that satisfy both the wheel's ranges and the tested pins.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz.ui.pages import HOME, PAGES
from tests.browser.server import running_server
from tests.test_readme import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
# What a checkout holds besides the sources: none of it may reach the wheel, and pip's in-tree build
# (build/, *.egg-info) must not write into the checkout under test.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "out")


def _run(args: list[str | Path], cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    # Not pytest's tmp_path: it keeps the last runs' folders, and an environment is hundreds of MB.
    with tempfile.TemporaryDirectory(prefix="gdviz-package-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def wheel(workdir: Path) -> Path:
    """The wheel pip builds from a copy of the checkout as it is (caches, tests and benchmarks included)."""
    source = workdir / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_COPIED)
    dist = workdir / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, source], workdir)
    (built,) = dist.glob("gdviz-*.whl")
    return built


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """The environment of a user's shell: nothing points Python at the checkout or at another venv."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


@pytest.fixture(scope="module")
def venv(workdir: Path, wheel: Path, env: dict[str, str]) -> Path:
    """A fresh virtual environment (no system site-packages) with the wheel installed; its bin folder."""
    _run([sys.executable, "-m", "venv", workdir / "venv"], workdir, env=env)
    bin_dir = workdir / "venv" / "bin"
    pins = ROOT / "requirements.txt"
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, "-r", pins], workdir, env=env)
    return bin_dir


@pytest.fixture(scope="module")
def elsewhere(workdir: Path) -> Path:
    """A working directory outside the checkout, with no .streamlit folder."""
    folder = workdir / "elsewhere"
    folder.mkdir()
    return folder


def test_the_wheel_holds_the_app_and_no_tests_benchmarks_or_caches(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"gdviz/views/{page.slug}.py" for page in (HOME, *PAGES)} <= names
    assert {
        "gdviz/app.py",
        "gdviz/cli.py",
        "gdviz/.streamlit/config.toml",
        "gdviz/ui/static/live.js",
        "gdviz/ui/static/live.css",
        "gdviz/ui/static/plotly_loader.js",
        "gdviz/text/forward.py",
        "gdviz/core/descend.py",
        "gdviz/figures/live.py",
    } <= names
    assert {name.split("/")[0] for name in names} == {"gdviz", wheel.name.split("-py3")[0] + ".dist-info"}
    assert not [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".whl"))]
    assert not [name for name in names if re.search(r"(^|/)(tests|bench|build|docs)/", name)]


def test_gdviz_version_prints_the_packages_version(wheel: Path, venv: Path, elsewhere: Path, env: dict) -> None:
    assert wheel.name.startswith(f"gdviz-{gdviz.__version__}-")
    done = _run([venv / "gdviz", "--version"], elsewhere, env=env, timeout=60)
    assert done.stdout.strip() == f"gdviz {gdviz.__version__}"


def test_gdviz_and_the_readme_example_import_from_any_directory(venv: Path, elsewhere: Path, env: dict) -> None:
    results = "import json\nprint(json.dumps([gdviz.__file__, path.theta[-1].tolist(), valley.theta[-1].tolist()]))"
    script = f"{EXAMPLE}\n{results}"
    done = _run([venv / "python", "-c", script], elsewhere, env=env, timeout=120)
    where, fit, valley = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(where).is_relative_to(venv.parent), where  # the installed copy, not the checkout
    np.testing.assert_allclose(fit, [2.2, -1.0], atol=0.05)
    np.testing.assert_allclose(valley, [0.0, 0.0], atol=1e-3)


EVERY_PAGE = """
import json
from streamlit.testing.v1 import AppTest
from gdviz.cli import APP
from gdviz.ui.pages import HOME, PAGES

problems = {}
for lang in ("en", "zh"):
    for page in (HOME, *PAGES):
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page(page.script)
        at.run()
        found = [str(e.value) for e in (*at.exception, *at.error)]
        problems[f"{lang}/{page.slug}"] = found if at.title else [*found, "no title"]
print(json.dumps(problems))
"""


def test_every_page_runs_from_the_installed_package(venv: Path, elsewhere: Path, env: dict) -> None:
    """Each page script runs in both languages from the installed package. The environment has no
    plotly.js cartesian bundle (nothing fetched it): the app says so in its log and draws with the
    whole plotly.js instead of failing."""
    done = _run([venv / "python", "-c", EVERY_PAGE], elsewhere, env=env, timeout=300)
    problems = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(problems) == 2 * (1 + len(PAGES))
    assert {page: found for page, found in problems.items() if found} == {}
    assert "no plotly.js cartesian bundle" in done.stderr
    assert "every chart uses the whole plotly.js" in done.stderr


def test_the_gdviz_command_serves_the_app_with_its_settings(venv: Path, elsewhere: Path, env: dict) -> None:
    """``gdviz`` passes Streamlit's options through and applies gdviz's own config from a directory
    that has none: ``client.allowedOrigins = []`` (Streamlit's default lists Community Cloud's hosts)."""
    with running_server(command=[str(venv / "gdviz")], cwd=elsewhere, env=env, timeout=90) as url:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.read().decode() == "ok"
        with urllib.request.urlopen(f"{url}/_stcore/host-config", timeout=10) as response:
            assert json.load(response)["allowedOrigins"] == []
