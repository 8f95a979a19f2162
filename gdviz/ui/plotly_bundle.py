"""plotly.js's cartesian bundle: the 2-D charts of gdviz, with a fraction of plotly.js to evaluate.

The plotly package ships the whole of plotly.js (4.6 MB: maps, 3-D, WebGL traces). A browser spends
1.2-1.9 s of this machine's main thread evaluating it before the first chart can be drawn, the
largest single cost of opening a page. Every chart of gdviz but lesson 2's bowl is scatter and
contour traces, which plotly.js's own cartesian bundle (same version, 1.5 MB) draws; it evaluates in
about half the time (bench/, docs/BENCHMARKS.md).

The bundle is not in any Python package: ``python -m gdviz.ui.plotly_bundle`` (run by
scripts/app.sh and scripts/test.sh) fetches plotly.js's release of it from the npm registry, checks
it against the integrity recorded here and keeps it in the Python environment (``share/gdviz`` under
``sys.prefix``, beside the packages, as the plotly package keeps its own plotly.js), never in gdviz's
source tree or in git. Without it, or when
the plotly package's plotly.js is another version, every chart uses the whole plotly.js the package ships.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from collections.abc import Iterable
from pathlib import Path

NAME = "plotly.js-cartesian-dist-min"
VERSION = "4.1.1"
"""plotly.js's version: the one the plotly package ships (its figures are written for it)."""
INTEGRITY = "sha512-o8GrFeusncwBIxbBynRJpY4pkgVB6caM+JLpwrLYbbsO7dZ8FJ+SVN2Fr+L7kiG/Z6w4P5O0Jus/Qr5EefHVeg=="
"""The registry's ``dist.integrity`` of the release (``npm view plotly.js-cartesian-dist-min@4.1.1 dist``)."""
FILE = "plotly-cartesian.min.js"
REGISTRY = os.environ.get("GDVIZ_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
DIR = Path(sys.prefix) / "share" / "gdviz"
"""The folder it is kept in: the environment's, served as its own component (gdviz.ui.plotly_js.BUNDLE)."""
PATH = DIR / f"{NAME}-{VERSION}.js"
"""Where it is kept, under its version, so a new one is fetched anew."""

TRACE_TYPES = frozenset(
    {
        "bar",
        "box",
        "contour",
        "heatmap",
        "histogram",
        "histogram2d",
        "histogram2dcontour",
        "image",
        "pie",
        "scatter",
        "scatterternary",
        "violin",
    }
)
"""The trace types the bundle draws (its README; tests/browser checks them against the bundle)."""


def tarball_url() -> str:
    return f"{REGISTRY}/{NAME}/-/{NAME}-{VERSION}.tgz"


def draws(trace_types: Iterable[str]) -> bool:
    """Whether the bundle can draw a figure of these trace types."""
    return TRACE_TYPES.issuperset(trace_types)


def usable(plotlyjs_version: str) -> bool:
    """Whether charts may use the kept bundle: it is there, and it is the plotly.js the plotly
    package's figures are written for."""
    return plotlyjs_version == VERSION and PATH.is_file()


def _check(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"{NAME} {VERSION}: the download does not match its integrity ({integrity})")


def fetch(url: str | None = None, path: Path | None = None, integrity: str = INTEGRITY) -> Path:
    """Download the release, check it and keep its bundle at ``path`` (:data:`PATH` by default),
    written whole or not at all."""
    path = path or PATH
    with urllib.request.urlopen(url or tarball_url(), timeout=60) as response:
        data = response.read()
    _check(data, integrity)
    wanted = f"package/{FILE}"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(wanted) if wanted in archive.getnames() else None
        if member is None:
            raise ValueError(f"{NAME} {VERSION}: no {wanted} in the release")
        script = member.read()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Fetch the bundle unless it is kept already. ``--required``: a failure is an error (the tests
    need the bundle); otherwise a warning, and the app draws with the whole plotly.js."""
    args = sys.argv[1:] if argv is None else argv
    if PATH.is_file():
        return 0
    try:
        fetch()
    except (OSError, ValueError, tarfile.TarError) as error:
        print(f"gdviz: could not fetch {tarball_url()}: {error}", file=sys.stderr)
        if "--required" in args:
            return 1
        print("gdviz: charts will use the whole plotly.js (slower to start).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
