"""Lesson 5 figures, checked through their data against the core and short NumPy references."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdviz.core import datasets, descend, rules
from gdviz.core.objectives import LinearMSE
from gdviz.figures import batching as figs
from gdviz.figures import race
from gdviz.i18n import tr
from tests.figures.drawing import assert_draws

SYNTH = datasets.get("synthetic_100")


def _runs(ds, lr: float, start, batch_size: int, epochs: int, seed: int) -> dict:
    obj = LinearMSE(ds.x, ds.y, intercept=ds.intercept)
    per_epoch = {"full": 1, "minibatch": math.ceil(ds.n / batch_size), "stochastic": ds.n}
    sizes = {"full": None, "minibatch": batch_size, "stochastic": 1}
    return {
        code: descend(obj, rules.gd(lr), start, epochs * per_epoch[code], batch_size=sizes[code], seed=seed)
        for code in ("full", "minibatch", "stochastic")
    }


def _race(ds, runs: dict, batch_size: int, lang: str = "en", at: int | None = None):
    epochs = runs["full"].steps
    clock = figs.clock_control(epochs, ds.n, lang)
    return clock, figs.paths_figure(ds, runs, batch_size, clock, clock.default if at is None else at, lang)


def test_three_paths_share_the_start_and_are_what_descend_computes() -> None:
    start = (-1.0, 9.0)
    runs = _runs(SYNTH, 0.05, start, 10, 3, seed=4)
    _, live = _race(SYNTH, runs, 10)
    # 3 epochs: 3 full-batch updates, 3·⌈100/10⌉ = 30 mini-batch, 300 stochastic.
    assert [len(runs[c].theta) for c in ("full", "minibatch", "stochastic")] == [4, 31, 301]
    window = (SYNTH.w_range[1] - SYNTH.w_range[0], SYNTH.b_range[1] - SYNTH.b_range[0])
    for code, path in runs.items():
        faint = live.trace(f"path:{code}")
        assert (faint.x[0], faint.y[0]) == start
        if code == "full":  # a dot at every update: every point drawn
            np.testing.assert_allclose(faint.x, path.theta[:, 0], rtol=1e-6)
            np.testing.assert_allclose(faint.y, path.theta[:, 1], rtol=1e-6)
        else:  # within about a pixel of every point of the path
            assert_draws(faint.x, faint.y, path.theta, window, race.PATH_TOLERANCE)
    assert len(live.trace("path:stochastic").x) < 301  # and the simplification does save points


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_value_of_the_clock_shows_every_run_after_the_same_number_of_epochs(lang: str) -> None:
    batch = 7  # does not divide 100: ⌈100/7⌉ = 15 updates per epoch
    runs = _runs(SYNTH, 0.05, (0.0, 0.0), batch, 2, seed=0)
    clock, live = _race(SYNTH, runs, batch, lang)
    # 2 epochs of 100 points: 51 ticks of 0.04 epochs, opening at the end.
    np.testing.assert_allclose(clock.values, np.arange(51) * 0.04, atol=1e-12)
    assert clock.texts[25] == "1.00" and clock.default == 50 and clock.clock
    readout = figs.clock_readout(SYNTH, runs, batch, clock, lang)
    window = (SYNTH.w_range[1] - SYNTH.w_range[0], SYNTH.b_range[1] - SYNTH.b_range[0])
    for j in (0, 13, 25, 50):
        shown = live.at(j)
        html = readout.at(j)
        for code, per_epoch in (("full", 1), ("minibatch", 15), ("stochastic", 100)):
            done = math.floor(clock.values[j] * per_epoch + 1e-9)
            (head,) = shown.select_traces(dict(meta=f"head:{code}"))
            np.testing.assert_allclose([head.x[1], head.y[1]], runs[code].theta[done], rtol=1e-6)
            # The trail is the faint path's points up to that update (the faint path draws the whole run
            # within about a pixel), and the head's line joins its end to the point.
            (trail,) = shown.select_traces(dict(meta=f"trail:{code}"))
            (faint,) = shown.select_traces(dict(meta=f"path:{code}"))
            n = len(trail.x)
            np.testing.assert_array_equal(np.column_stack([trail.x, trail.y]), np.column_stack([faint.x, faint.y])[:n])
            steps = race.Trail(runs[code].theta, window, every_point=code == "full").steps
            assert steps[n - 1] <= done and (n == len(steps) or steps[n] > done)
            assert (trail.x[-1], trail.y[-1]) == (head.x[0], head.y[0])
            assert f">{done}</span>" in html
            assert f">{runs[code].loss[done]:.3f}</span>" in html
        assert f'<span data-live="0">{clock.texts[j]}</span>' in html


def test_a_new_number_of_epochs_is_a_new_clock() -> None:
    ten, twenty = figs.clock_control(10, 100, "en"), figs.clock_control(20, 100, "en")
    assert ten.channel != twenty.channel
    # Five points: 5 updates an epoch at most, so one epoch has 6 ticks, not 51.
    assert figs.clock_control(1, 5, "en").size == 6


def test_contour_lines_are_levels_of_the_mse() -> None:
    ds = datasets.get("five_points")
    fig = figs.contour_base(ds, "en")
    assert len(fig.data) == 20
    for line in fig.data:
        x, y = np.asarray(line.x, dtype=float), np.asarray(line.y, dtype=float)
        ok = np.isfinite(x)
        # MSE(w, b) = mean over the points of (w·x + b − y)², at every point of the line at once.
        mse = np.mean((x[ok, None] * ds.x + y[ok, None] - ds.y) ** 2, axis=1)
        np.testing.assert_allclose(mse, line.meta, rtol=0.05)
    assert tuple(fig.layout.xaxis.range) == ds.w_range and tuple(fig.layout.yaxis.range) == ds.b_range


def test_axes_do_not_move_with_the_settings() -> None:
    one = _runs(SYNTH, 0.05, (-1.0, 9.0), 10, 5, seed=0)
    other = _runs(SYNTH, 0.3, (7.0, -1.0), 3, 5, seed=8)
    fig_one, fig_other = _race(SYNTH, one, 10)[1].figure, _race(SYNTH, other, 3)[1].figure
    assert tuple(fig_one.layout.xaxis.range) == tuple(fig_other.layout.xaxis.range) == SYNTH.w_range
    assert tuple(fig_one.layout.yaxis.range) == tuple(fig_other.layout.yaxis.range) == SYNTH.b_range
    beta = figs.beta_control("en")
    loss_one = figs.loss_figure(SYNTH, one, 10, "minibatch", beta, "en").figure
    loss_other = figs.loss_figure(SYNTH, other, 3, "stochastic", beta, "en").figure
    assert tuple(loss_one.layout.yaxis.range) == tuple(loss_other.layout.yaxis.range)
    assert tuple(loss_one.layout.xaxis.range) == (0, 5.0)  # epochs


def _ewma_reference(values: np.ndarray, beta: float, bias_correction: bool) -> np.ndarray:
    out, v = [], 0.0
    for t, x in enumerate(values, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(out)


def _xs(trace) -> np.ndarray:
    """A loss trace's x, which it sends as a start and a step (x0, dx)."""
    assert trace.x is None
    return trace.x0 + trace.dx * np.arange(len(trace.y))


@pytest.mark.parametrize("bias_correction", [True, False])
def test_loss_figure_draws_the_batch_loss_its_ewma_at_every_beta_and_the_full_loss(bias_correction: bool) -> None:
    batch = 8
    runs = _runs(SYNTH, 0.05, (0.0, 0.0), batch, 4, seed=1)
    beta = figs.beta_control("en")
    live = figs.loss_figure(SYNTH, runs, batch, "minibatch", beta, "en", bias_correction=bias_correction)
    fig = live.figure
    noisy, smooth, full = fig.data[:3]
    path = runs["minibatch"]
    per_epoch = math.ceil(100 / batch)
    f32 = dict(rtol=1e-6)  # drawn as float32 (batching.loss_figure)
    np.testing.assert_allclose(noisy.y, path.batch_loss, **f32)
    np.testing.assert_allclose(_xs(noisy), np.arange(path.steps) / per_epoch)
    np.testing.assert_allclose(_xs(full), np.arange(path.steps + 1) / per_epoch)
    # 52 batch losses: drawn whole (fewer than EWMA_POINTS); opening at β = 0.9.
    np.testing.assert_allclose(smooth.y, _ewma_reference(path.batch_loss, 0.9, bias_correction), rtol=1e-12)
    for beta_value in (0.0, 0.3, 0.99):
        row = live.states()["ewma"]["y"][beta.index(beta_value)]
        np.testing.assert_allclose(row, _ewma_reference(path.batch_loss, beta_value, bias_correction), rtol=1e-12)
    np.testing.assert_allclose(full.y, path.loss, **f32)
    # The epoch axis also carries the other two runs' full-data loss, for the fair comparison.
    assert len(fig.data) == 5
    np.testing.assert_allclose(_xs(fig.data[3]), np.arange(5))  # full batch: one update per epoch
    # Each batch's loss is the mean squared error of its 8 rows, hand-computed for the first batch.
    first_rows = np.random.default_rng(1).permutation(100)[:batch]
    assert noisy.y[0] == pytest.approx(np.mean(SYNTH.y[first_rows] ** 2), rel=1e-6)


def test_iteration_axis_draws_only_the_chosen_run() -> None:
    runs = _runs(SYNTH, 0.05, (0.0, 0.0), 10, 2, seed=0)
    fig = figs.loss_figure(SYNTH, runs, 10, "stochastic", figs.beta_control("en"), "en", x_axis="iterations").figure
    assert len(fig.data) == 3
    np.testing.assert_allclose(_xs(fig.data[0]), np.arange(200))
    assert tuple(fig.layout.xaxis.range) == (0, 200)


def test_a_diverging_run_stops_and_says_so() -> None:
    ds = SYNTH
    runs = _runs(ds, 0.5, (0.0, 0.0), 10, 20, seed=0)
    n = runs["stochastic"].diverged_at
    # A point with x ≈ 2 has curvature 2·(1 + x²) ≈ 10 on its own: η = 0.5 is far past its limit 0.2.
    assert n is not None and runs["full"].diverged_at is None
    clock, live = _race(ds, runs, 10)
    assert f"diverged at step {n}" in live.trace("trail:stochastic").name
    assert tuple(live.figure.layout.xaxis.range) == ds.w_range
    # From there on the run stands where it stopped, and the readout says it diverged.
    last = live.at(clock.size - 1)
    (head,) = last.select_traces(dict(meta="head:stochastic"))
    finite = runs["stochastic"].theta[np.all(np.isfinite(runs["stochastic"].theta), axis=1)]
    np.testing.assert_allclose([head.x[1], head.y[1]], finite[-1], rtol=1e-6)
    assert f"diverged at update {n}" in figs.clock_readout(ds, runs, 10, clock, "en").at(clock.size - 1)


def test_a_long_run_draws_its_moving_average_a_screen_wide() -> None:
    runs = _runs(SYNTH, 0.05, (0.0, 0.0), 10, 30, seed=0)  # stochastic: 100 steps an epoch, 3,000 in all
    beta = figs.beta_control("zh")
    live = figs.loss_figure(SYNTH, runs, 10, "stochastic", beta, "zh", x_axis="iterations")
    rows = live.states()["ewma"]["y"]
    assert rows.shape == (34, figs.EWMA_POINTS)  # every 10th of 3,000 values, for each of 34 β
    smooth = live.trace("ewma")
    assert smooth.dx == 10.0 and smooth.name == "批次损失的滑动平均"
    reference = _ewma_reference(runs["stochastic"].batch_loss, 0.99, True)[::10]
    np.testing.assert_allclose(rows[-1], reference, rtol=1e-12)
    # The caption's window 1/(1 − β) follows β.
    assert ">100</span>" in figs.loss_caption(beta, "en").at(beta.index(0.99))
    assert ">10</span>" in figs.loss_caption(beta, "en").at(beta.index(0.9))


def test_names_say_when_the_mini_batch_run_is_another_run() -> None:
    assert figs.run_name("minibatch", 1, 100, "en") == "mini-batch (B = 1) = stochastic"
    assert figs.run_name("minibatch", 100, 100, "zh") == "小批量 (B = 100) = 全批量"
    assert figs.run_name("minibatch", 10, 100, "en") == "mini-batch (B = 10)"
    assert [figs.kind(b, 5) for b in (1, 2, 4, 5)] == ["stochastic", "minibatch", "minibatch", "full"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_cards_count_updates_by_hand(lang: str) -> None:
    # 100 points, B = 30: ⌈100/30⌉ = 4 updates an epoch (the last batch holds 10), 3 epochs = 12.
    runs = _runs(SYNTH, 0.05, (-1.0, 9.0), 30, 3, seed=0)
    title, text = figs.run_card("minibatch", SYNTH.n, 30, 3, runs["minibatch"], lang)
    assert title == figs.run_name("minibatch", 30, SYNTH.n, lang)
    per_epoch, total, final = text.split("\n\n")
    assert per_epoch.endswith("⌈100 / 30⌉ = **4**")
    assert "3 × 4 = **12**" in total
    assert f"**{float(runs['minibatch'].loss[-1]):.3f}**" in final
    # A run that leaves the bound says where, instead of an MSE.
    wild = _runs(SYNTH, 5.0, (-1.0, 9.0), 30, 3, seed=0)["stochastic"]
    assert wild.diverged_at is not None
    _, text = figs.run_card("stochastic", SYNTH.n, 1, 3, wild, lang)
    assert text.split("\n\n")[-1] == tr("batching.final_diverged", lang, n=wild.diverged_at)


def test_the_clock_s_values_are_what_the_url_writes() -> None:
    clock = figs.clock_control(10, 100, "en")
    # 0.2 · 3 is 0.6000000000000001 in floating point; the URL keeps 0.6, and the slider says 0.6.
    assert [f"{v:.10g}" for v in clock.values[:4]] == ["0", "0.2", "0.4", "0.6"]
    assert [str(v) for v in clock.values[:4]] == ["0.0", "0.2", "0.4", "0.6"]
