"""Fetching plotly.js's cartesian bundle (gdviz.ui.plotly_bundle): checked, whole, or not at all."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
from pathlib import Path

import pytest

from gdviz.ui import plotly_bundle

SCRIPT = b"/* plotly.js (cartesian - minified) */ window.Plotly = {};"


def release(tmp_path: Path, members: dict[str, bytes]) -> tuple[str, str]:
    """A release tarball as the registry serves one: its file:// URL and its ``dist.integrity``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    tarball = tmp_path / "release.tgz"
    tarball.write_bytes(buffer.getvalue())
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(buffer.getvalue()).digest()).decode()
    return tarball.as_uri(), integrity


def test_the_bundle_is_kept_from_a_release_that_matches_its_integrity(tmp_path: Path) -> None:
    url, integrity = release(tmp_path, {"package/README.md": b"readme", f"package/{plotly_bundle.FILE}": SCRIPT})
    kept = plotly_bundle.fetch(url, tmp_path / "vendor" / "bundle.js", integrity)
    assert kept.read_bytes() == SCRIPT
    assert sorted(p.name for p in kept.parent.iterdir()) == ["bundle.js"]  # no partial file left


def test_a_release_that_does_not_match_its_integrity_is_refused(tmp_path: Path) -> None:
    url, integrity = release(tmp_path, {f"package/{plotly_bundle.FILE}": SCRIPT})
    other = "sha512-" + base64.b64encode(hashlib.sha512(b"another release").digest()).decode()
    assert other != integrity
    with pytest.raises(ValueError, match="does not match its integrity"):
        plotly_bundle.fetch(url, tmp_path / "bundle.js", other)
    assert not (tmp_path / "bundle.js").exists()
    # The integrity recorded for the real release is a SHA-512, as the registry gives it.
    assert plotly_bundle.INTEGRITY.startswith("sha512-")
    assert len(base64.b64decode(plotly_bundle.INTEGRITY.removeprefix("sha512-"))) == 64


def test_a_release_without_the_bundle_is_refused(tmp_path: Path) -> None:
    url, integrity = release(tmp_path, {"package/plotly.min.js": SCRIPT})
    with pytest.raises(ValueError, match="no package/"):
        plotly_bundle.fetch(url, tmp_path / "bundle.js", integrity)
    assert not (tmp_path / "bundle.js").exists()


def test_a_failed_fetch_is_an_error_only_when_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """scripts/test.sh needs the bundle (``--required``); scripts/app.sh goes on with the whole plotly.js."""
    monkeypatch.setattr(plotly_bundle, "PATH", tmp_path / "bundle.js")
    monkeypatch.setattr(plotly_bundle, "tarball_url", lambda: (tmp_path / "missing.tgz").as_uri())
    assert plotly_bundle.main(["--required"]) == 1
    assert plotly_bundle.main([]) == 0
    assert "whole plotly.js" in capsys.readouterr().err
    assert not (tmp_path / "bundle.js").exists()


def test_a_kept_bundle_is_not_fetched_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "bundle.js").write_bytes(SCRIPT)
    monkeypatch.setattr(plotly_bundle, "PATH", tmp_path / "bundle.js")
    monkeypatch.setattr(plotly_bundle, "fetch", lambda: pytest.fail("fetched again"))
    assert plotly_bundle.main(["--required"]) == 0


def test_the_bundle_is_named_by_its_version_and_kept_out_of_the_source_tree() -> None:
    """A new version is a new file (fetched anew, kept by the browser under a new URL), and no copy of
    plotly.js enters gdviz's sources or the repository: it lives in the Python environment."""
    assert plotly_bundle.VERSION in plotly_bundle.PATH.name
    assert plotly_bundle.PATH.is_relative_to(Path(sys.prefix))
    root = Path(__file__).resolve().parents[1]
    for sources in (root / "gdviz", root / "tests", root / "bench"):
        assert not plotly_bundle.PATH.is_relative_to(sources)
