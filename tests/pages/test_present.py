"""AppTest of Present mode: kept in the URL as present=1, every chart sent at projector size."""

from __future__ import annotations

from typing import Any

import pytest

from gdviz.figures.theme import PRESENT_MIN_FONT, PRESENT_MIN_LINE
from gdviz.ui.layout import NARROW_CSS
from tests.conftest import assert_clean, charts, live_elements, open_page


def font_sizes(node: Any) -> list[float]:
    """Every font size set anywhere in a chart's JSON (its template's included)."""
    if isinstance(node, list):
        return [size for item in node for size in font_sizes(item)]
    if not isinstance(node, dict):
        return []
    sizes = [v["size"] for k, v in node.items() if k.endswith("font") and isinstance(v, dict) and "size" in v]
    return sizes + [size for value in node.values() for size in font_sizes(value)]


@pytest.mark.parametrize("slug", ["forward", "update_rules", "learning_rate", "optimizers"])
def test_a_present_link_sends_every_chart_at_projector_size(slug: str) -> None:
    at = open_page(slug, "zh", {"present": "1"})
    assert_clean(at)
    assert at.sidebar.toggle(key="present").value is True
    assert at.sidebar.toggle(key="present").label == "演示模式"
    assert at.query_params["present"] == "1" and not at.toast
    for key, figure in charts(at).items():
        sizes = font_sizes(figure)
        assert sizes and min(sizes) >= PRESENT_MIN_FONT, (key, sorted(set(sizes)))
        lines = [t["line"]["width"] for t in figure["data"] if "width" in t.get("line", {})]
        assert lines and min(lines) >= PRESENT_MIN_LINE, (key, lines)


def test_turning_present_off_leaves_the_url_and_the_charts_at_their_house_size() -> None:
    at = open_page("forward", "en", {"present": "1"})
    at.sidebar.toggle(key="present").set_value(False).run()
    assert_clean(at)
    assert "present" not in at.query_params
    assert charts(at)["fit"]["layout"]["template"]["layout"]["font"]["size"] == 15
    # Only the narrow-screen layout every page carries is left: Present's own styles are gone.
    assert [m.value for m in at.get("html") if m.value.startswith("<style>")] == [NARROW_CSS]


def test_a_present_value_other_than_1_opens_it_off_and_says_so() -> None:
    at = open_page("forward", "en", {"present": "yes"})
    assert at.sidebar.toggle(key="present").value is False
    assert "present" not in at.query_params
    assert "present=yes left out" in at.toast[0].value.replace("\\", "")


@pytest.mark.parametrize(
    ("slug", "clocks"),
    [
        ("forward", set()),
        ("update_rules", {"step"}),
        ("learning_rate", {"step"}),
        ("optimizers", {"race_step"}),
        ("batching", {"clock"}),
    ],
)
def test_a_runs_clock_gets_a_play_button_in_the_readers_language_and_the_keys_are_listed(
    slug: str, clocks: set[str]
) -> None:
    at = open_page(slug, "zh")
    assert_clean(at)
    sliders = {key: spec for key, spec in live_elements(at).items() if spec["kind"] == "slider"}
    played = {key.removeprefix("live-") for key, spec in sliders.items() if "play" in spec}
    assert played == clocks
    for key in clocks:
        assert sliders[f"live-{key}"]["play"] == {"play": "播放", "pause": "暂停", "keys": "空格键"}
    keys = next(e for e in at.sidebar.expander if e.label == "键盘")
    listed = " ".join(m.value for m in keys.markdown)
    assert "空格键" in listed and "PgUp" in listed and "| . , |" in listed
