"""AppTest of lesson 3: the four update rules from the same start, in both languages.

The numbers are computed here by hand from the tadpole data (b = 0): k = 2·(w·Σx² − Σxy)/n with
Σx² = 140, Σxy = 112.6, n = 7, curvature h = 40 and w* = 112.6/140.
"""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets
from gdviz.i18n import tr
from tests.conftest import assert_clean, commit, live_elements, live_tables, live_words, open_page

TADPOLE = datasets.get("tadpole")
W_STAR = 112.6 / 140.0


def _slope(w: float) -> float:
    return 2.0 * (w * 140.0 - 112.6) / 7.0


def _table(at):
    return live_tables(at, "table")[0]


def _gd_column(at, lang: str = "en") -> list[str]:
    return list(_table(at)[tr("update_rules.rule_gd", lang)])


def _slope_divergence_step(w0: float) -> int:
    distances = (w0 - W_STAR) * (-39.0) ** np.arange(60)
    losses = [np.mean(((W_STAR + d) * TADPOLE.x - TADPOLE.y) ** 2) for d in distances]
    return int(np.flatnonzero(np.array(losses) > DIVERGENCE_BOUND)[0])


@pytest.mark.parametrize("lang, title", [("en", "Update rules"), ("zh", "更新方法")])
def test_opens_clean_in_both_languages(lang: str, title: str) -> None:
    at = open_page("update_rules", lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert "steps" in {s.key for s in at.slider}
    elements = live_elements(at)
    labels = {key: elements[f"live-{key}"]["label"] for key in ("w0", "c", "lr", "step")}
    assert labels == {
        "w0": tr("update_rules.w0", lang),
        "c": tr("update_rules.c", lang),
        "lr": tr("common.lr", lang),
        "step": tr("update_rules.step", lang),
    }
    assert elements["live-w0"]["values"][elements["live-w0"]["index"]] == pytest.approx(2.0)
    # The table's columns are the four rules, in the page's language.
    columns = [tr(f"update_rules.rule_{r}", lang) for r in ("fixed", "slope", "sign", "gd")]
    assert list(_table(at).columns) == columns
    # The slope rule explodes on tadpole: each step multiplies the error by 1 − 40 = −39.
    n = _slope_divergence_step(2.0)
    assert tr("update_rules.outcome_diverged", lang, n=n) in live_words(at, "rules")


def test_changing_eta_changes_the_arithmetic_as_predicted() -> None:
    at = open_page("update_rules")
    k0 = _slope(2.0)
    assert _gd_column(at)[0] == f"w₁ = 2.00 − 0.01 × {k0:.2f} = {2.0 - 0.01 * k0:.2f}"
    commit(at, lr=0.02)
    assert_clean(at)
    w1 = 2.0 - 0.02 * k0
    k1 = _slope(w1)
    column = _gd_column(at)
    assert column[0] == f"w₁ = 2.00 − 0.02 × {k0:.2f} = {w1:.2f}"  # 2.00 − 0.02 × 47.83 = 1.04
    assert column[1] == f"w₂ = {w1:.2f} − 0.02 × {k1:.2f} = {w1 - 0.02 * k1:.2f}"
    # The box gives the factor 1 − η·h = 1 − 0.02 × 40 = 0.20.
    assert "1 − 0.02 × 40.00 = 0.20" in live_words(at, "rules")
    # The other rules do not use η.
    assert _table(at)[tr("update_rules.rule_fixed", "en")].iloc[0] == "w₁ = 2.00 − 0.10 = 1.90"


def test_past_two_over_h_gradient_descent_diverges_too() -> None:
    at = open_page("update_rules", query={"lr": "0.07"})
    assert_clean(at)
    # 1 − 0.07·40 = −1.8: the gradient-descent box now reports the jumps growing.
    words = live_words(at, "rules")
    assert "1 − 0.07 × 40.00 = −1.80" in words and "diverging" in words


def test_c_and_the_start_move_the_fixed_value_rule() -> None:
    at = open_page("update_rules", "zh")
    commit(at, c=-0.2, w0=0.5)
    assert_clean(at)
    table = _table(at)
    assert table["固定值法"].iloc[0] == "w₁ = 0.50 − (−0.20) = 0.70"
    # Below w* the slope is negative, so the sign rule steps up by |c|.
    assert table["斜率符号法"].iloc[0] == "w₁ = 0.50 − 0.20 × (−1) = 0.70"


def test_the_step_shown_writes_out_that_step_of_every_rule() -> None:
    at = open_page("update_rules", query={"step": "1"})
    words = live_words(at, "rules")
    k0 = _slope(2.0)
    assert f"w₁ = 2.00 − 0.01 × {k0:.2f} = {2.0 - 0.01 * k0:.2f}" in words
    assert "w₁ = 2.00 − 0.10 = 1.90" in words
    # A step past the end of a shorter run is pulled onto it.
    at.slider(key="steps").set_value(1).run()
    assert live_elements(at)["live-step"]["values"] == [0, 1]


def test_other_dataset_and_bad_url_values() -> None:
    at = open_page("update_rules", query={"data": "five_points", "lr": "banana", "steps": "9999"})
    assert_clean(at)
    assert at.selectbox(key="data").value == "five_points"
    assert at.slider(key="steps").value == 20
    assert _table(at).shape == (5, 4)
    # One row per step, labelled by it (the step count of a rule, not the number of rules).
    assert list(_table(at).index) == [f"step {i}" for i in range(1, 6)]
    assert "lr" not in at.query_params  # refused, and not passed on
