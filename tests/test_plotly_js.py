"""Where the browser fetches plotly.js: the cartesian bundle for 2-D charts, the whole plotly.js for
3-D ones, both the version the plotly package writes figures for, loaded early from the sidebar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version
from streamlit import config

from gdviz.ui import plotly_bundle, plotly_js
from tests.conftest import live_elements, open_page

VERSION = get_plotlyjs_version()
WHOLE_URL = f"/component/{plotly_js.PLOTLY_JS.name}/plotly.min.js?v={VERSION}"
CARTESIAN_URL = f"/component/{plotly_js.BUNDLE.name}/plotly.js-cartesian-dist-min-{VERSION}.js?v={VERSION}"


@pytest.mark.parametrize(
    ("types", "url", "served", "names"),
    [
        ({"surface", "scatter3d"}, WHOLE_URL, Path(plotly_js.PLOTLY_JS.path) / "plotly.min.js", "plotly.js"),
        ({"scatter", "contour"}, CARTESIAN_URL, plotly_bundle.PATH, "plotly.js (cartesian - minified)"),
    ],
)
def test_plotly_js_is_the_one_the_plotly_package_writes_figures_for(
    types: set[str], url: str, served: Path, names: str
) -> None:
    """Both plotly.js files served (the whole one, the cartesian bundle that scripts/test.sh fetched)
    are the version the plotly package writes its figures for."""
    assert plotly_js.plotly_js_url(types) == url
    head = served.read_text(encoding="utf-8")[:200]
    assert re.search(rf"{re.escape(names)} v{re.escape(VERSION)}\b", head), head


def test_without_the_bundle_every_chart_uses_the_whole_plotly_js(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A set-up that could not fetch the bundle (no network), or a plotly package that writes figures
    for another plotly.js, still draws every chart: with the whole plotly.js."""
    assert plotly_js.plotly_js_url({"scatter", "contour"}) == CARTESIAN_URL
    monkeypatch.setattr(plotly_bundle, "VERSION", "0.0.1")
    assert plotly_js.plotly_js_url({"scatter", "contour"}) == WHOLE_URL
    monkeypatch.undo()
    monkeypatch.setattr(plotly_bundle, "PATH", tmp_path / "missing.js")
    assert plotly_js.plotly_js_url({"scatter", "contour"}) == WHOLE_URL


@pytest.mark.parametrize("base", ["gdviz", "/class/gdviz/"])
def test_the_url_follows_the_servers_base_path(base: str) -> None:
    config.set_option("server.baseUrlPath", base)
    try:
        assert plotly_js.plotly_js_url({"surface"}) == f"/{base.strip('/')}{WHOLE_URL}"
        assert plotly_js.plotly_js_url({"scatter"}) == f"/{base.strip('/')}{CARTESIAN_URL}"
    finally:
        config.set_option("server.baseUrlPath", "")


@pytest.mark.parametrize("slug", ["home", "forward", "loss_curve"])
def test_every_page_has_the_browser_load_plotly_js_from_the_sidebar(slug: str) -> None:
    """gdviz/app.py mounts an element in the sidebar, before it runs the lesson, that only loads plotly.js:
    the browser starts evaluating it (a second or more) while the lesson is still being run and drawn
    (gdviz.ui.plotly_js.load_plotly_early). The lesson's own charts are not in the sidebar."""
    at = open_page(slug)

    def loaders(elements) -> list[str]:
        return [e.proto.bytes.decode() for e in elements if e.proto.component_name == "gdviz.plotly"]

    assert loaders(at.sidebar.get("bidi_component")) == [plotly_js.plotly_js_url()]
    assert loaders(at.main.get("bidi_component")) == []


def test_each_live_chart_asks_for_the_plotly_js_that_draws_it() -> None:
    live = live_elements(open_page("loss_curve"))
    assert live["bowl"]["src"] == WHOLE_URL  # a 3-D surface
    assert live["curve"]["src"] == live["search"]["src"] == CARTESIAN_URL
