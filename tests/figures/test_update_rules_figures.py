"""Lesson 3 figures and texts, checked through their data against hand computation.

Tadpole through the origin: Σx² = 140, Σxy = 112.6, n = 7, so MSE(w) has slope
k = 2·(w·Σx² − Σxy)/n, curvature h = 2·140/7 = 40 and minimum w* = 112.6/140 ≈ 0.804.
"""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets, descend
from gdviz.figures import update_rules as lesson3

TADPOLE = datasets.get("tadpole")
SUM_XX, SUM_XY, N = 140.0, 112.6, 7
W_STAR = SUM_XY / SUM_XX


def _slope(w: float) -> float:
    return 2.0 * (w * SUM_XX - SUM_XY) / N


def _loss(w: float) -> float:
    return float(np.mean((w * TADPOLE.x - TADPOLE.y) ** 2))


def _run(c: float = 0.1, lr: float = 0.01, w0: float = 2.0, steps: int = 20):
    objective = lesson3.objective_w(TADPOLE)
    rules = lesson3.lesson_rules(c, lr)
    paths = {name: descend(objective, rule, [w0], steps) for name, rule in rules.items()}
    return objective, rules, paths


def test_the_data_sums_used_by_hand_are_the_tadpole_data() -> None:
    assert np.sum(TADPOLE.x**2) == pytest.approx(SUM_XX)
    assert np.sum(TADPOLE.x * TADPOLE.y) == pytest.approx(SUM_XY)
    assert lesson3.curvature(lesson3.objective_w(TADPOLE)) == pytest.approx(2 * SUM_XX / N)


def test_arithmetic_of_the_first_steps_by_hand() -> None:
    _, _, paths = _run(c=0.1, lr=0.01)
    k0 = _slope(2.0)  # 47.83
    assert k0 == pytest.approx(47.8286, abs=1e-4)
    assert lesson3.arithmetic(paths["gd"], "gd", 1, "en") == "w₁ = 2.00 − 0.01 × 47.83 = 1.52"
    w1 = 2.0 - 0.01 * k0  # 1.5217
    k1 = _slope(w1)  # 28.70
    w2 = w1 - 0.01 * k1  # 1.2347
    assert f"{k1:.2f}" == "28.70" and f"{w2:.2f}" == "1.23"
    assert lesson3.arithmetic(paths["gd"], "gd", 2, "en") == "w₂ = 1.52 − 0.01 × 28.70 = 1.23"
    assert lesson3.arithmetic(paths["fixed"], "fixed", 1, "en") == "w₁ = 2.00 − 0.10 = 1.90"
    assert lesson3.arithmetic(paths["sign"], "sign", 1, "en") == "w₁ = 2.00 − 0.10 × (+1) = 1.90"
    # The raw slope: 2 − 47.83 = −45.83, then a negative slope is subtracted in parentheses.
    assert lesson3.arithmetic(paths["slope"], "slope", 1, "en") == "w₁ = 2.00 − 47.83 = −45.83"
    k1_slope = _slope(2.0 - k0)  # −1865.31
    assert lesson3.arithmetic(paths["slope"], "slope", 2, "en") == (
        f"w₂ = −45.83 − (−{abs(k1_slope):.2f}) = {2.0 - k0 - k1_slope:.2f}"
    )


def test_arithmetic_with_a_negative_c_and_a_small_learning_rate() -> None:
    _, _, paths = _run(c=-0.1, lr=0.0025, w0=0.5)
    # Fixed value with c = −0.1 walks up: 0.5 − (−0.1) = 0.6.
    assert lesson3.arithmetic(paths["fixed"], "fixed", 1, "en") == "w₁ = 0.50 − (−0.10) = 0.60"
    # Below w* the slope is negative: 0.5·140 − 112.6 = −42.6, k = −12.17; the sign rule steps up by |c|.
    k0 = _slope(0.5)
    assert lesson3.arithmetic(paths["sign"], "sign", 1, "en") == "w₁ = 0.50 − 0.10 × (−1) = 0.60"
    assert (
        lesson3.arithmetic(paths["gd"], "gd", 1, "en")
        == f"w₁ = 0.50 − 0.0025 × (−{abs(k0):.2f}) = {0.5 - 0.0025 * k0:.2f}"
    )


def test_arithmetic_after_divergence_says_so() -> None:
    _, _, paths = _run()
    assert paths["slope"].diverged_at == 4
    # w₄ = w* + (2 − w*)·(−39)⁴ is still a number; the loop stopped because the loss there passed 10¹².
    w4 = W_STAR + (2.0 - W_STAR) * 39.0**4
    assert _loss(w4) > DIVERGENCE_BOUND and abs(w4) < DIVERGENCE_BOUND
    assert lesson3.number(w4) == "2.77×10⁶"
    assert lesson3.arithmetic(paths["slope"], "slope", 5, "zh") == "w₅: 已停止：w₄ = 2.77×10⁶ 处的损失超过 10¹²"
    assert (
        lesson3.arithmetic(paths["slope"], "slope", 6, "en") == "w₆: stopped: the loss at w₄ = 2.77×10⁶ is above 10¹²"
    )
    # Huge values are written in powers of ten, not as a wall of digits.
    assert "×10⁶" in lesson3.arithmetic(paths["slope"], "slope", 4, "en")


def test_arithmetic_after_w_itself_passed_the_bound_or_stopped_being_a_number() -> None:
    class Cliff:  # MSE(w) = w², with a slope that overflows past |w| = 1
        def value(self, theta):
            return float(theta[0] ** 2)

        def grad(self, theta):
            return np.array([1e13 if abs(theta[0]) <= 1 else np.inf])

    path = descend(Cliff(), lesson3.lesson_rules(0.1, 0.01)["slope"], [0.5], 3)
    assert path.diverged_at == 1 and path.theta[1, 0] == pytest.approx(0.5 - 1e13)
    assert lesson3.arithmetic(path, "slope", 2, "en") == "w₂: stopped: w₁ = −1.00×10¹³ is beyond ±10¹²"
    path = descend(Cliff(), lesson3.lesson_rules(0.1, 0.01)["slope"], [2.0], 3)
    assert path.diverged_at == 1 and not np.isfinite(path.theta[1, 0])
    assert lesson3.arithmetic(path, "slope", 2, "zh") == "w₂: 已发散，没有数值"


def test_arithmetic_table_has_five_rows_per_rule_in_the_lesson_order() -> None:
    _, _, paths = _run()
    table = lesson3.arithmetic_table(paths, "zh")
    assert list(table) == ["固定值法", "斜率法", "斜率符号法", "学习率 × 斜率（梯度下降）"]
    assert all(len(rows) == 5 for rows in table.values())
    assert table["固定值法"][4] == "w₅ = 1.60 − 0.10 = 1.50"


def test_raw_slope_explodes_on_tadpole_and_gd_converges() -> None:
    objective, _, paths = _run()
    # w − k multiplies the distance to w* by 1 − 40 = −39 each step; find where the loss passes the bound.
    distances = (2.0 - W_STAR) * (-39.0) ** np.arange(21)
    losses = np.array([_loss(W_STAR + d) for d in distances])
    expected = int(np.flatnonzero(losses > DIVERGENCE_BOUND)[0])
    assert paths["slope"].diverged_at == expected
    assert f"diverges at step {expected}" in lesson3.summary("slope", paths["slope"], objective, "en")
    assert "1 − 40.00 = −39.00" in lesson3.summary("slope", paths["slope"], objective, "en")
    # η·slope with η = 0.01: the distance shrinks by 0.6 a step.
    assert abs(paths["gd"].theta[-1, 0] - W_STAR) == pytest.approx(abs(2.0 - W_STAR) * 0.6**20, rel=1e-6)
    assert "0.60" in lesson3.summary("gd", paths["gd"], objective, "en")


def test_fixed_value_walks_one_way_and_overshoots() -> None:
    objective, _, paths = _run(c=0.1)
    w = paths["fixed"].theta[:, 0]
    np.testing.assert_allclose(np.diff(w), -0.1)
    # 2 − 0.1·t passes w* ≈ 0.804 first at t = 12.
    crossing = int(np.ceil((2.0 - W_STAR) / 0.1))
    assert crossing == 12
    assert lesson3.crossing_step(paths["fixed"], W_STAR) == crossing
    text = lesson3.summary("fixed", paths["fixed"], objective, "en")
    assert "at step 12" in text and "overshoots" in text
    # With c of the wrong sign it walks away and the loss only grows.
    objective, _, paths = _run(c=-0.1)
    assert np.all(np.diff(paths["fixed"].loss) > 0)
    assert "away" in lesson3.summary("fixed", paths["fixed"], objective, "en")


def _lesson(steps: int = 20, **values: float) -> lesson3.Lesson:
    """Lesson 3 on the tadpole with its controls committed at ``values`` (the opening values otherwise)."""
    objective = lesson3.objective_w(TADPOLE)
    window = lesson3.lesson_window(TADPOLE, objective)
    controls = lesson3.lesson_controls(TADPOLE, objective, steps, "en")
    at = {key: control.index(values[key]) if key in values else control.default for key, control in controls.items()}
    return lesson3.lesson_runs(objective, window, controls, at)


def test_the_controls_open_on_the_lessons_run_and_reach_past_the_limit() -> None:
    controls = _lesson().controls
    values = {key: float(control.values[control.default]) for key, control in controls.items()}
    assert values == pytest.approx({"step": 0.0, "w0": 2.0, "c": 0.1, "lr": 0.01})
    # η reaches past the stability limit 2/h = 0.05, so gradient descent can be made to diverge.
    assert controls["lr"].values[-1] > 2 / 40.0
    assert controls["c"].values[0] == -0.5 and controls["c"].values[-1] == 0.5


def test_panels_draw_the_runs_descend_computed_at_every_step() -> None:
    lesson = _lesson(step=6)
    _, _, paths = _run()
    live = lesson3.panels_figure(lesson, "en")
    for name in lesson3.RULE_ORDER:
        # The faint whole path: every step's (w, MSE), NaN (a gap) after a divergence.
        np.testing.assert_array_equal(live.trace(f"path:{name}").x, paths[name].theta[:, 0])
        np.testing.assert_array_equal(live.trace(f"path:{name}").y, paths[name].loss)
        trail = live.states("step")[f"trail:{name}"]
        now = live.states("step")[f"now:{name}"]
        for k in (0, 3, 20):
            # The trail up to step k, nothing after; the point where the run is at step k.
            shown = trail["x"][k]
            np.testing.assert_array_equal(shown[: k + 1], paths[name].theta[: k + 1, 0])
            assert np.isnan(shown[k + 1 :]).all()
            if np.isfinite(paths[name].loss[k]):
                assert (now["x"][k, 0], now["y"][k, 0]) == (paths[name].theta[k, 0], paths[name].loss[k])
    # The slope rule diverges at step 4 (each step multiplies the distance to w* by 1 − h = −39): its
    # point stays where it was last seen.
    now = live.states("step")["now:slope"]
    assert now["x"][20, 0] == paths["slope"].theta[np.flatnonzero(np.isfinite(paths["slope"].loss))[-1], 0]
    # The drawn figure is at the committed step.
    assert np.isnan(live.trace("trail:gd").x[7:]).all() and np.isfinite(live.trace("trail:gd").x[:7]).all()
    # The curve in every panel is MSE(w) by hand.
    curve = next(trace for trace in live.figure.data if trace.meta == "curve")
    np.testing.assert_allclose(curve.y, [_loss(w) for w in curve.x])


def test_dragging_a_setting_shows_the_runs_at_that_value_and_only_the_rules_it_changes() -> None:
    lesson = _lesson(step=2)
    live = lesson3.panels_figure(lesson, "en")
    lr, c, w0 = (lesson.controls[key] for key in ("lr", "c", "w0"))
    assert set(live.states("lr")) == {"path:gd", "trail:gd", "now:gd"}
    assert {meta.split(":")[1] for meta in live.states("c")} == {"fixed", "sign"}
    assert {meta.split(":")[1] for meta in live.states("w0")} == set(lesson3.RULE_ORDER)
    for j in (0, 7, lr.size - 1):
        _, _, paths = _run(lr=float(lr.values[j]))
        np.testing.assert_array_equal(live.states("lr")["path:gd"]["x"][j], paths["gd"].theta[:, 0])
        # At the committed step 2.
        assert live.states("lr")["now:gd"]["x"][j, 0] == paths["gd"].theta[2, 0]
    j = c.index(-0.3)
    _, _, paths = _run(c=-0.3)
    np.testing.assert_allclose(live.states("c")["path:fixed"]["x"][j], paths["fixed"].theta[:, 0])
    j = w0.index(0.5)
    _, _, paths = _run(w0=0.5)
    np.testing.assert_allclose(live.states("w0")["path:sign"]["x"][j], paths["sign"].theta[:, 0])
    # First step of gradient descent from 0.5 with η = 0.01, by hand: 0.5 − 0.01·k(0.5).
    assert live.states("w0")["path:gd"]["x"][j, 1] == pytest.approx(0.5 - 0.01 * _slope(0.5))


def test_panel_ranges_are_the_lessons_window() -> None:
    live = lesson3.panels_figure(_lesson(), "en")
    window = lesson3.lesson_window(TADPOLE, lesson3.objective_w(TADPOLE))
    for axis in ("", "2", "3", "4"):
        assert tuple(live.figure.layout[f"xaxis{axis}"].range) == tuple(window.x)
        assert tuple(live.figure.layout[f"yaxis{axis}"].range) == tuple(window.y)
    # The window holds the w range [0, 2] and the start's loss.
    assert window.x[0] < 0.0 and window.x[1] > 2.0
    assert window.y[1] >= _loss(2.0)


def test_steps_figure_shows_w_and_a_log_loss_with_a_marker_at_the_step() -> None:
    lesson = _lesson(step=5)
    _, _, paths = _run()
    live = lesson3.steps_figure(lesson, "zh")
    for name in lesson3.RULE_ORDER:
        np.testing.assert_allclose(np.asarray(live.trace(f"w:{name}").y, dtype=float), paths[name].theta[:, 0])
        np.testing.assert_allclose(np.asarray(live.trace(f"loss:{name}").y, dtype=float), paths[name].loss)
    marker = live.states("step")["w_now"]  # one point per rule, in the lesson's order
    gd = lesson3.RULE_ORDER.index("gd")
    assert (marker["x"][9, gd], marker["y"][9, gd]) == (9.0, paths["gd"].theta[9, 0])
    assert marker["y"][9, 0] == pytest.approx(2.0 - 0.1 * 9)  # the fixed value rule: 9 steps of c
    # Along η, the gradient-descent line is the run at each η.
    lr = lesson.controls["lr"]
    _, _, fast = _run(lr=float(lr.values[20]))
    np.testing.assert_allclose(live.states("lr")["loss:gd"]["y"][20], fast["gd"].loss)
    assert live.figure.layout.yaxis2.type == "log"
    lowest = _loss(W_STAR)
    assert 10 ** live.figure.layout.yaxis2.range[0] < lowest < 10 ** live.figure.layout.yaxis2.range[1]
    assert [trace.name for trace in live.figure.data if trace.showlegend is not False][-4:] == [
        lesson3.rule_label(name, "zh") for name in lesson3.RULE_ORDER
    ]


def test_each_rules_box_writes_out_the_step_shown_and_the_story_of_its_run() -> None:
    lesson = _lesson()
    text = lesson3.rules_text(lesson, "en")
    k0 = _slope(2.0)
    assert "w₁ = 2.00 − 0.01 × 47.83 = 1.52" in text.at(1, "step")
    assert "w₀ = 2.00: the start" in text.at(0, "step")
    # Along η: the gradient-descent box at η = 0.02 (factor 1 − 0.02·40 = 0.20), the others unchanged.
    at = text.at(lesson.controls["lr"].index(0.02), "lr")
    assert "1 − 0.02 × 40.00 = 0.20" in at
    assert "w₀ = 2.00: the start" in at  # the step line of an η value is at the committed step, 0
    assert round(2.0 - 0.02 * k0, 2) == 1.04
    table = lesson3.table_text(lesson, "en").at(lesson.controls["lr"].index(0.02), "lr")
    assert "w₁ = 2.00 − 0.02 × 47.83 = 1.04" in table


@pytest.mark.parametrize(
    "value, text", [(0.01, "0.01"), (0.0025, "0.0025"), (-0.3, "−0.30"), (47.8286, "47.83"), (-2.84e6, "−2.84×10⁶")]
)
def test_numbers_are_written_as_on_the_board(value: float, text: str) -> None:
    written = lesson3.parameter(value) if abs(value) < 1 else lesson3.number(value)
    assert written == text


def test_a_run_that_walks_out_of_the_picture_says_at_which_step_and_a_diverged_one_says_it_once() -> None:
    lesson = _lesson(c=-0.5)
    window = lesson.window
    assert window.x[1] == pytest.approx(2.5)  # the w range [0, 2] widened by a quarter of its span
    # The fixed value rule walks right by 0.5: 2.5 is still the window's edge, 3.0 is past it.
    words = lesson3.rules_text(lesson, "en").at(lesson.controls["c"].index(-0.5), "c")
    assert "It leaves the chart at step 2." in words
    # The slope rule diverges at step 4: its box says so once.
    opening = _lesson()
    story = lesson3.rules_text(opening, "en").at(opening.controls["w0"].default, "w0")
    assert story.count("step 4") == 1 and "diverg" in story


def test_on_a_phone_w_and_the_mse_against_the_step_stand_one_above_the_other() -> None:
    lesson = _lesson(step=7)
    wide, phone = lesson3.steps_figure(lesson, "en"), lesson3.steps_figure(lesson, "en", stacked=True)
    placed = [(t.meta, t.xaxis, t.yaxis) for t in phone.figure.data]
    assert placed == [(t.meta, t.xaxis, t.yaxis) for t in wide.figure.data]
    layout = phone.figure.layout
    assert layout.xaxis.domain == layout.xaxis2.domain == (0.0, 1.0)
    assert layout.yaxis.domain[0] > layout.yaxis2.domain[1]  # the MSE under w
    assert (layout.yaxis.title.text, layout.yaxis2.type) == ("w", "log")
    for key in ("step", "w0", "c", "lr"):
        for meta, rows in wide.states(key).items():
            for name, values in rows.items():
                np.testing.assert_array_equal(phone.states(key)[meta][name], values)


def test_on_a_phone_the_four_panels_stand_two_by_two_with_the_same_states() -> None:
    lesson = _lesson(step=7)
    wide, phone = lesson3.panels_figure(lesson, "en"), lesson3.panels_figure(lesson, "en", across=2)
    # Each rule's traces keep their order and data; only the panel they sit in moves: 2×2.
    assert [t.meta for t in phone.figure.data] == [t.meta for t in wide.figure.data]
    now = {t.meta: t for t in phone.figure.data if t.meta and t.meta.startswith("now:")}
    axes = [(now[f"now:{name}"].xaxis, now[f"now:{name}"].yaxis) for name in lesson3.RULE_ORDER]
    assert axes == [("x", "y"), ("x2", "y2"), ("x3", "y3"), ("x4", "y4")]
    layout = phone.figure.layout
    assert layout.xaxis.domain == layout.xaxis3.domain and layout.xaxis2.domain == layout.xaxis4.domain
    assert layout.yaxis.domain[0] > layout.yaxis3.domain[1]  # the second pair under the first
    assert layout.yaxis3.showticklabels and not layout.yaxis4.showticklabels
    assert layout.yaxis3.title.text == "MSE" and not layout.yaxis4.title.text
    # The w axis is named once per column, under its lowest panel; the titles wrap to the narrow panels.
    assert [layout[f"xaxis{k}"].title.text for k in ("", 2, 3, 4)] == [None, None, "w", "w"]
    assert [a.text for a in layout.annotations][3] == "η × slope<br>(gradient descent)<br>w ← w − η·k"
    assert layout.height > wide.figure.layout.height
    for key in ("step", "w0", "c", "lr"):
        for meta, rows in wide.states(key).items():
            for name, values in rows.items():
                np.testing.assert_array_equal(phone.states(key)[meta][name], values)
