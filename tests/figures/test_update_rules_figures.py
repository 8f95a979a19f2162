"""Lesson 3 figures and texts, checked through their data against hand computation.

Tadpole through the origin: Σx² = 140, Σxy = 112.6, n = 7, so MSE(w) has slope
k = 2·(w·Σx² − Σxy)/n, curvature h = 2·140/7 = 40 and minimum w* = 112.6/140 ≈ 0.804.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets, descend
from gdviz.figures import update_rules as lesson3
from gdviz.figures.paths import TRAIL
from gdviz.figures.theme import MAX_FRAMES, frame_steps
from tests.figures.drawing import animation_frames

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


def _by_meta(fig, meta: str) -> list:
    return [trace for trace in fig.data if trace.meta == meta]


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
    assert lesson3.arithmetic(paths["slope"], "slope", 5, "zh") == "w₅: 已发散，没有数值"
    # Huge values are written in powers of ten, not as a wall of digits.
    assert "×10⁶" in lesson3.arithmetic(paths["slope"], "slope", 4, "en")


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


def test_panels_draw_the_paths_descend_computed() -> None:
    objective, rules, paths = _run()
    window = lesson3.lesson_window(TADPOLE, objective)
    fig = lesson3.panels_figure(objective, paths, rules, window, "en")
    full = _by_meta(fig, "path")
    assert len(full) == 4
    for trace, name in zip(full, lesson3.RULE_ORDER, strict=True):
        # Every step's point (w, MSE) of the run, NaN (a gap) after a divergence: the frames slice it.
        np.testing.assert_array_equal(trace.x, paths[name].theta[:, 0])
        np.testing.assert_array_equal(trace.y, paths[name].loss)
    # One frame per step; in the last frame each trail is the path's last TRAIL steps (frames are
    # sent as float32, hence the tolerance), in the first the start alone.
    assert [f.name for f in animation_frames(fig)] == [str(i) for i in range(21)]
    last = animation_frames(fig)[-1].data
    tail = paths["gd"].theta[-(TRAIL + 1) :, 0]
    np.testing.assert_allclose(np.asarray(last[3].x, dtype=float), tail, rtol=1e-6)
    assert list(animation_frames(fig)[0].data[0].x) == [2.0]
    # The curve in every panel is MSE(w) by hand.
    curve = _by_meta(fig, "curve")[0]
    np.testing.assert_allclose(curve.y, [_loss(w) for w in curve.x])
    assert curve.x[0] == window.x[0] and curve.x[-1] == window.x[1]  # across the whole window
    # The diverging panel says so.
    notes = [a.text for a in fig.layout.annotations]
    assert "diverged at step 4" in notes


def test_panel_ranges_do_not_move_with_eta_or_c() -> None:
    ranges = set()
    for c, lr in ((0.1, 0.005), (-0.3, 0.02), (0.5, 0.06)):
        objective, rules, paths = _run(c=c, lr=lr)
        window = lesson3.lesson_window(TADPOLE, objective)
        fig = lesson3.panels_figure(objective, paths, rules, window, "en")
        ranges.add(tuple(tuple(fig.layout[f"xaxis{i}"].range) for i in ("", "2", "3", "4")))
        ranges.add(tuple(tuple(fig.layout[f"yaxis{i}"].range) for i in ("", "2", "3", "4")))
    assert len(ranges) == 2  # one set of x ranges and one of y ranges
    # The window holds the w slider's range [0, 2] and the start's loss.
    window = lesson3.lesson_window(TADPOLE, lesson3.objective_w(TADPOLE))
    assert window.x[0] < 0.0 and window.x[1] > 2.0
    assert window.y[1] >= _loss(2.0)


def test_steps_figure_shows_w_and_a_log_loss_with_fixed_ranges() -> None:
    objective, _, paths = _run()
    window = lesson3.lesson_window(TADPOLE, objective)
    fig = lesson3.steps_figure(objective, paths, window, "en")
    w_lines, loss_lines = _by_meta(fig, "w"), _by_meta(fig, "loss")
    for trace, name in zip(w_lines, lesson3.RULE_ORDER, strict=True):
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float), paths[name].theta[:, 0], equal_nan=True)
    for trace, name in zip(loss_lines, lesson3.RULE_ORDER, strict=True):
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float), paths[name].loss, equal_nan=True)
    assert fig.layout.yaxis2.type == "log"
    lowest = _loss(W_STAR)
    # A log axis range is in powers of ten: from below the lowest loss to above the window's top.
    assert 10 ** fig.layout.yaxis2.range[0] < lowest < 10 ** fig.layout.yaxis2.range[1]
    assert tuple(fig.layout.yaxis.range) == tuple(window.x)
    assert "slope · diverged at step 4" in [t.name for t in w_lines]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_kept_steps_figure_moved_to_new_paths_equals_a_new_one(lang: str) -> None:
    # The page keeps one per session; moving from runs that diverge to calm ones leaves no
    # "diverged at step n" in a legend, and the legend groups follow the new names.
    objective, _, wild = _run(lr=0.05)
    _, _, calm = _run(c=0.05, lr=0.01)
    window = lesson3.lesson_window(TADPOLE, objective)
    fig = lesson3.steps_figure(objective, wild, window, lang)
    assert any("·" in trace.name for trace in _by_meta(fig, "w"))
    assert lesson3.set_steps(fig, calm, lang) is fig
    assert json.loads(fig.to_json()) == json.loads(lesson3.steps_figure(objective, calm, window, lang).to_json())
    for w_line, loss_line in zip(_by_meta(fig, "w"), _by_meta(fig, "loss"), strict=True):
        assert w_line.legendgroup == loss_line.legendgroup == w_line.name
        assert loss_line.showlegend is False


def test_frames_are_sampled_for_long_runs() -> None:
    assert frame_steps(20).tolist() == list(range(21))
    sampled = frame_steps(500)
    assert sampled[0] == 0 and sampled[-1] == 500 and len(sampled) <= MAX_FRAMES


@pytest.mark.parametrize(
    "value, text", [(0.01, "0.01"), (0.0025, "0.0025"), (-0.3, "−0.30"), (47.8286, "47.83"), (-2.84e6, "−2.84×10⁶")]
)
def test_numbers_are_written_as_on_the_board(value: float, text: str) -> None:
    written = lesson3.parameter(value) if abs(value) < 1 else lesson3.number(value)
    assert written == text
