"""AppTest of links: a link reproduces the whole view, and what a page refuses leaves the address bar
with a one-line notice in the reader's language (gdviz.ui.link_check)."""

from __future__ import annotations

import pytest

from gdviz.figures.optimizers import DEFAULT_RACERS
from tests.conftest import assert_clean, live_elements, open_page


def notice(at) -> str:
    """The one notice about the link, as the reader reads it (markdown escapes taken out)."""
    (toast,) = at.toast
    return toast.value.replace("\\", "")


def committed(at, key: str) -> float:
    slider = live_elements(at)[f"live-{key}"]
    return slider["values"][slider["index"]]


@pytest.mark.parametrize(
    "lang, words", [("en", "This link asked for what this page cannot show"), ("zh", "链接里有本页无法显示的设置")]
)
def test_a_learning_rate_far_off_the_range_is_dropped_with_a_notice(lang: str, words: str) -> None:
    at = open_page("learning_rate", lang, {"lr": "1000000"})
    assert_clean(at)
    assert "lr" not in at.query_params
    assert words in notice(at) and "lr=1000000" in notice(at)
    assert committed(at, "lr") == at.session_state["lr"]  # the opening η, the one on screen


def test_a_w_that_a_float_reads_as_zero_is_dropped_not_shown_as_zero() -> None:
    at = open_page("forward", "en", {"w": "1e-400"})
    assert_clean(at)
    assert committed(at, "w") == 2.0 and "w" not in at.query_params
    assert "w=1e-400 left out" in notice(at)


@pytest.mark.parametrize("data", ["tadpole", "five_points"])
def test_markup_for_b_is_dropped_whether_or_not_the_dataset_shows_b(data: str) -> None:
    # The tadpole's line goes through the origin (no b slider); five points has one, which refuses it.
    at = open_page("forward", "zh", {"data": data, "b": "<script>alert(1)</script>"})
    assert_clean(at)
    assert "b" not in at.query_params
    assert "b=<script>alert(1)</script> 已忽略" in notice(at)


def test_a_parameter_given_twice_is_dropped() -> None:
    at = open_page("optimizers", "en", {"opt": ["gd", "adam"]})
    assert_clean(at)
    assert "opt" not in at.query_params
    assert "opt=gd&opt=adam left out" in notice(at)
    assert at.multiselect(key="opt").value == list(DEFAULT_RACERS)


def test_a_value_moved_onto_the_grid_says_so() -> None:
    at = open_page("forward", "en", {"w": "0.8049"})
    assert at.query_params["w"] == "0.8"
    assert "w=0.8049 shown as 0.8" in notice(at)


def test_the_b_toggle_travels_in_the_link_with_b() -> None:
    at = open_page("forward", "en", {"fix_b": "false", "b": "0.5", "w": "0.8"})
    assert_clean(at)
    assert at.toggle(key="fix_b").value is False
    assert at.slider(key="b").value == 0.5
    assert not at.toast
    assert dict(at.query_params) == {"fix_b": "false", "b": "0.5", "w": "0.8"}
    # Turned back on (the tadpole's default), it leaves the URL, and b with it.
    at.toggle(key="fix_b").set_value(True).run()
    assert_clean(at)
    assert "fix_b" not in at.query_params and "b" not in at.query_params


def test_defaults_in_a_link_leave_it_quietly() -> None:
    at = open_page("forward", "en", {"data": "tadpole", "fix_b": "true", "w": "2"})
    assert_clean(at)
    assert not at.toast
    assert dict(at.query_params) == {}


def test_a_link_is_checked_once_not_on_every_run() -> None:
    at = open_page("forward", "en", {"w": "banana"})
    assert notice(at)
    at.session_state["w"] = 1.5
    at.run()
    assert not at.toast
