"""Lesson 4 figures, checked through their data. The stability limit is recomputed here from the
data alone: for tadpole (no intercept) d²L/dw² = 2·Σx²/n, so the limit is 2/(2·Σx²/n) = 0.05; with
an intercept the Hessian is 2·XᵀX/n with X = [x, 1] and the limit is 2/λmax."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets, descend, rules, schedules
from gdviz.core.stability import lr_sweep
from gdviz.figures import learning_rate as lesson4
from gdviz.figures.paths import Run
from gdviz.i18n import tr

TADPOLE = datasets.get("tadpole")
FIVE = datasets.get("five_points")


def _limit_by_hand(ds) -> float:
    if not ds.intercept:
        return 2.0 / (2.0 * np.sum(ds.x**2) / ds.n)
    design = np.column_stack([ds.x, np.ones(ds.n)])
    return 2.0 / np.linalg.eigvalsh(2.0 * design.T @ design / ds.n)[-1]


def _by_meta(fig, meta: str):
    found = [trace for trace in fig.data if trace.meta == meta]
    assert found, meta
    return found[0] if len(found) == 1 else found


def _lesson(
    ds,
    steps: int = 100,
    lr: float | None = None,
    step: int | None = None,
    lang: str = "en",
    w0: float | None = None,
    b0: float | None = None,
):
    """The lesson at the committed η ``lr``, step ``step`` and start ``w0`` (the opening ones when
    None), b₀ at ``b0`` (the dataset's start when None) for two parameters."""
    objective = ds.mse()
    controls = lesson4.lesson_controls(ds, objective, steps, lang)
    at = {key: c.default for key, c in controls.items()}
    for key, value in (("lr", lr), ("step", step), ("w0", w0)):
        if value is not None:
            at[key] = controls[key].index(value)
    window = lesson4.lesson_window(ds, objective)
    held = None if objective.dim == 1 else (ds.start[1] if b0 is None else b0)
    return lesson4.lesson_runs(objective, window, controls, at, b0=held)


def _descend(ds, lr: float, steps: int = 100, w0: float | None = None, b0: float | None = None):
    """Gradient descent at ``lr`` from (w0, b0), by default the dataset's start: the reference."""
    objective = ds.mse()
    start = [ds.start[0] if w0 is None else w0, ds.start[1] if b0 is None else b0][: objective.dim]
    return descend(objective, rules.gd(float(lr)), start, steps)


def test_limit_by_hand() -> None:
    assert _limit_by_hand(TADPOLE) == pytest.approx(0.05)
    for ds in (TADPOLE, FIVE):
        assert ds.mse().stability_limit() == pytest.approx(_limit_by_hand(ds))


@pytest.mark.parametrize("ds", [TADPOLE, FIVE], ids=lambda d: d.name)
def test_the_eta_slider_spans_past_the_limit(ds) -> None:
    limit = _limit_by_hand(ds)
    control = lesson4.lr_control(limit)
    assert control.max >= 1.5 * limit  # far enough past it to see the blow-up
    assert control.step <= limit / 30
    assert 0.5 * limit < control.default < limit
    # Every preset but "too small" (0.01 × the limit) is on the slider.
    assert all(control.step <= lr <= control.max for lr in list(lesson4.preset_lrs(limit).values())[1:])
    live = lesson4.lesson_controls(ds, ds.mse(), 100, "en")["lr"]
    assert live.values[0] == pytest.approx(control.step) and live.values[-1] == pytest.approx(control.max)
    assert live.values[live.default] == pytest.approx(control.default)


def test_ruler_marks_the_limit_presets_and_your_eta_at_every_eta() -> None:
    limit = _limit_by_hand(TADPOLE)
    live = lesson4.ruler_figure(_lesson(TADPOLE, lr=0.042), "en")
    fig = live.figure
    assert list(_by_meta(fig, "limit").x) == pytest.approx([limit, limit])
    presets = _by_meta(fig, "presets")
    assert list(presets.x) == pytest.approx([0.01 * limit, 0.4 * limit, 0.9 * limit, 1.1 * limit])
    assert list(presets.text) == ["0.01×", "0.4×", "0.9×", "1.1×"]
    assert list(_by_meta(fig, "user").x) == [pytest.approx(0.042)]
    rows = live.states("lr")["user"]
    np.testing.assert_allclose(rows["x"][:, 0], np.arange(1, 81) / 1000)
    assert rows["text"][24, 0] == "your η = 0.025"
    assert tuple(fig.layout.xaxis.range) == (0.0, 0.08)
    # Green up to the limit, red past it.
    (green, red) = fig.layout.shapes
    assert (green.x0, green.x1, red.x0, red.x1) == pytest.approx((0.0, limit, limit, 0.08))


def test_diverging_preset_diverges_where_the_closed_form_says() -> None:
    lesson = _lesson(TADPOLE)
    limit = _limit_by_hand(TADPOLE)
    diverging = lesson.presets["diverging"]
    w_star = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)
    h = 2.0 * np.sum(TADPOLE.x**2) / TADPOLE.n
    factor = 1.0 - 1.1 * limit * h  # −1.2
    distances = (2.0 - w_star) * factor ** np.arange(101)
    losses = np.array([np.mean(((w_star + d) * TADPOLE.x - TADPOLE.y) ** 2) for d in distances])
    expected = int(np.flatnonzero(losses > DIVERGENCE_BOUND)[0])
    assert diverging.diverged_at == expected
    objective = lesson.objective
    status = lesson4.status(objective, 1.1 * limit, diverging.loss, diverging.diverged_at, "en")
    assert status == f"diverged at step {expected}"
    table = lesson4.table_text(lesson, "en").at(lesson.at["w0"], "w0")
    assert f"diverged at step {expected}" in table and "1.2000" in table  # ρ = |1 − 1.1·2|
    # Too small is still on its way; good gets there: (1 − 0.4·2)ᵗ = 0.2ᵗ.
    too_small, good = lesson.presets["too_small"], lesson.presets["good"]
    assert lesson4.status(objective, 0.01 * limit, too_small.loss, None, "en") == "still on its way"
    assert lesson4.status(objective, 0.4 * limit, good.loss, None, "en").startswith("reached the minimum")


def test_loss_figure_draws_descends_losses_and_yours_at_every_eta() -> None:
    ranges = set()
    for lr in (0.005, 0.04, 0.07):
        lesson = _lesson(TADPOLE, lr=lr, step=30)
        live = lesson4.loss_figure(lesson, "en")
        fig = live.figure
        for name, path in lesson.presets.items():
            np.testing.assert_allclose(np.asarray(_by_meta(fig, f"loss:{name}").y, float), path.loss, equal_nan=True)
        np.testing.assert_allclose(_by_meta(fig, "loss:yours").y, _descend(TADPOLE, lr).loss, equal_nan=True)
        # The markers at step 30: each run's loss there.
        expected = [path.loss[30] for path in lesson.presets.values()] + [_descend(TADPOLE, lr).loss[30]]
        np.testing.assert_allclose(np.asarray(_by_meta(fig, "at").y, float), expected, equal_nan=True)
        assert fig.layout.yaxis.type == "log"
        ranges.add(tuple(fig.layout.yaxis.range))
    assert len(ranges) == 1  # the axis does not move with η
    low, high = ranges.pop()
    best = np.mean((np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2) * TADPOLE.x - TADPOLE.y) ** 2)
    start = np.mean((2.0 * TADPOLE.x - TADPOLE.y) ** 2)
    assert 10**low < best and 10**high > start
    # Along η, your line is descend's at each η; along the step, the markers walk the lines.
    lines = live.states("lr")["loss:yours"]["y"]
    lrs = lesson.controls["lr"].values
    for i in (0, 30, 60, 79):
        np.testing.assert_allclose(lines[i], _descend(TADPOLE, lrs[i]).loss, rtol=1e-12, equal_nan=True)
    markers = live.states("step")["at"]
    np.testing.assert_allclose(markers["x"][:, 0], np.arange(101))
    np.testing.assert_allclose(markers["y"][:, 1], lesson.presets["good"].loss)


def test_panels_follow_descend_on_the_contour_for_two_parameters() -> None:
    lesson = _lesson(FIVE, steps=40, lr=0.06, step=12)
    live = lesson4.panels_figure(lesson, "en")
    fig = live.figure
    # Every panel has its contour lines, and each line lies on its level of MSE(w, b).
    contour = [trace for trace in fig.data if trace.legendgroup == "contour"]
    assert {trace.xaxis for trace in contour} == {"x", "x2", "x3", "x4", "x5"}
    for trace in contour[:: len(contour) // 7]:
        w, b = (np.asarray(v, dtype=float) for v in (trace.x, trace.y))
        w, b = w[np.isfinite(w)], b[np.isfinite(b)]
        mse = np.mean((w[:, None] * FIVE.x + b[:, None] - FIVE.y) ** 2, axis=1)
        np.testing.assert_allclose(mse, trace.meta, rtol=0.05)
    for name, path in lesson.presets.items():
        trace = _by_meta(fig, f"path:{name}")
        np.testing.assert_array_equal(np.column_stack([trace.x, trace.y]), path.theta)
        point = _by_meta(fig, f"at:{name}")
        np.testing.assert_array_equal([point.x[0], point.y[0]], path.theta[12])
    yours = _descend(FIVE, 0.06, 40)
    np.testing.assert_allclose(
        np.column_stack([_by_meta(fig, "path:yours").x, _by_meta(fig, "path:yours").y]), yours.theta
    )
    # Along η your path is descend's at that η, and the note above it says η and its multiple.
    rows = live.states("lr")
    limit = _limit_by_hand(FIVE)
    for i in (0, 40, 69):
        lr = lesson.controls["lr"].values[i]
        path = _descend(FIVE, lr, 40)
        got = np.column_stack([rows["path:yours"]["x"][i], rows["path:yours"]["y"][i]])
        np.testing.assert_allclose(got, path.theta, rtol=1e-12, equal_nan=True)
        assert rows["note:yours"]["text"][i, 0].startswith(f"η = {lr:.3f} ({lr / limit:.2f}".rstrip("0"))
    assert "diverged at step" in rows["note:yours"]["text"][69, 0]  # η = 0.14, 1.66 × the limit
    # The least-squares line of the five points is w = 2.2, b = −1.
    minimum = _by_meta(fig, "minimum")[0]
    assert (minimum.x[0], minimum.y[0]) == pytest.approx((2.2, -1.0))


def test_sweep_marks_the_limit_and_your_eta_at_every_eta() -> None:
    objective = TADPOLE.mse()
    limit = _limit_by_hand(TADPOLE)
    control = lesson4.lr_control(limit)
    lrs = lesson4.sweep_lrs(limit, control)
    assert len(lrs) == 60 and lrs[0] <= 0.01 * limit and lrs[-1] == pytest.approx(control.max)
    sweep = lr_sweep(objective, [2.0], lrs, 100)
    lesson = _lesson(TADPOLE, lr=0.03)
    live = lesson4.sweep_figure(lesson, "en")
    fig = live.figure
    assert list(_by_meta(fig, "limit").x) == pytest.approx([limit, limit])
    assert list(_by_meta(fig, "user").x) == pytest.approx([0.03, 0.03])
    assert _by_meta(fig, "user_point").y[0] == pytest.approx(_descend(TADPOLE, 0.03).loss[-1])
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    # Only rates past the limit diverge, and all the far ones do (a cross at each, none elsewhere).
    crosses = np.asarray(_by_meta(fig, "diverged").x, dtype=float)
    assert np.all(crosses[np.isfinite(crosses)] > limit)
    assert set(crosses[np.isfinite(crosses)]) == set(lrs[sweep.diverged_at >= 0])
    np.testing.assert_allclose(np.asarray(_by_meta(fig, "sweep").y, float), sweep.final_loss, rtol=1e-12)
    assert np.all(sweep.diverged_at[lrs > 1.3 * limit] >= 0)
    # Your dot at every η: the final loss, or the top edge once the run diverged.
    dots = live.states("lr")["user_point"]["y"][:, 0]
    top = 10 ** fig.layout.yaxis.range[1] / 1.5
    for i, lr in enumerate(lesson.controls["lr"].values):
        path = _descend(TADPOLE, lr)
        assert dots[i] == pytest.approx(top if path.diverged_at is not None else path.loss[-1]), lr


def test_schedule_figure_draws_torchs_step_decay() -> None:
    objective = TADPOLE.mse()
    limit = _limit_by_hand(TADPOLE)
    control = lesson4.lr_control(limit)
    lr0, steps = 0.049, 60
    schedule = schedules.step_decay(lr0, step_size=10, gamma=0.5)
    by_hand = np.array([lr0 * 0.5 ** (t // 10) for t in range(steps)])
    constant = descend(objective, rules.gd(lr0), [2.0], steps)
    scheduled = descend(objective, rules.gd(lr0), [2.0], steps, schedule=schedule)
    np.testing.assert_allclose(scheduled.lr, by_hand)
    values = np.asarray(schedule(np.arange(steps)))
    window = lesson4.lesson_window(TADPOLE, objective)
    runs = (Run(constant, "constant", "#000"), Run(scheduled, "scheduled", "#00f"))
    fig = lesson4.schedule_figure(objective, window, values, *runs, control, limit, "en")
    # On a phone the three panels stand one above another, each trace on the same axes as side by side.
    phone = lesson4.schedule_figure(objective, window, values, *runs, control, limit, "en", stacked=True)
    assert [(t.meta, t.xaxis, t.yaxis) for t in phone.data] == [(t.meta, t.xaxis, t.yaxis) for t in fig.data]
    layout = phone.layout
    assert layout.xaxis.domain == layout.xaxis2.domain == layout.xaxis3.domain == (0.0, 1.0)
    assert layout.yaxis.domain[0] > layout.yaxis2.domain[1] and layout.yaxis2.domain[0] > layout.yaxis3.domain[1]
    assert (layout.yaxis3.type, layout.xaxis2.title.text) == ("log", "w")
    assert layout.height > 2 * fig.layout.height
    lr_lines = _by_meta(fig, "lr")
    np.testing.assert_allclose(lr_lines[0].y, np.full(steps, lr0))
    np.testing.assert_allclose(lr_lines[1].y, by_hand)
    assert list(_by_meta(fig, "limit").y) == pytest.approx([limit, limit])
    loss_lines = _by_meta(fig, "loss")
    np.testing.assert_allclose(loss_lines[1].y, scheduled.loss)
    # Near the limit a constant η bounces for long; halving it every ten steps settles it much sooner.
    assert lesson4.arrival_step(objective, scheduled.loss) < (
        lesson4.arrival_step(objective, constant.loss) or steps + 1
    )


def test_arrival_step_by_hand() -> None:
    objective = TADPOLE.mse()
    path = descend(objective, rules.gd(0.02), [2.0], 30)
    # Loss gap shrinks by (1 − 0.02·40)² = 0.04 a step: below 1e−4 of the start's gap after 3 steps.
    expected = math.ceil(math.log(1e-4) / math.log(0.04))
    assert lesson4.arrival_step(objective, path.loss) == expected
    assert lesson4.arrival_text(objective, path, "zh") == f"第 {expected} 步"


# ---------------------------------------------------------------------------------------------
# The live start w₀: every run from every w₀ of its grid, η and the step held at their committed values.


@pytest.mark.parametrize("ds, step, values", [(TADPOLE, 0.05, 41), (FIVE, 0.2, 31)], ids=["tadpole", "five_points"])
def test_the_start_control_covers_the_w_range(ds, step: float, values: int) -> None:
    for lang, label in (("en", "start w₀"), ("zh", "初始值 w₀")):
        w0 = lesson4.lesson_controls(ds, ds.mse(), 100, lang)["w0"]
        assert (w0.key, w0.label, w0.size) == ("w0", label, values)
        np.testing.assert_allclose(w0.values, ds.w_range[0] + step * np.arange(values), atol=1e-12)
        assert w0.values[w0.default] == pytest.approx(ds.start[0])


def _shown(lesson) -> np.ndarray:
    return lesson.controls["step"].values.astype(int)


@pytest.mark.parametrize("ds, lr, b0", [(TADPOLE, 0.03, None), (FIVE, 0.06, 1.5)], ids=["tadpole", "five_points"])
def test_every_run_from_every_start_is_descends(ds, lr: float, b0: float | None) -> None:
    """Along w₀: each preset's path and point at the step shown, your path at the committed η, and the
    loss lines and markers are what descend computes from that w₀ (b₀ held at ``b0``)."""
    lesson = _lesson(ds, steps=60, lr=lr, step=21, b0=b0)
    w0 = lesson.controls["w0"]
    limit = _limit_by_hand(ds)
    rates = {name: multiple * limit for name, multiple in lesson4.PRESETS} | {"yours": lr}
    panels = lesson4.panels_figure(lesson, "en").states("w0")
    loss = lesson4.loss_figure(lesson, "en").states("w0")
    shown = _shown(lesson)
    for i in (0, w0.size // 3, w0.size - 1):
        for k, (name, rate) in enumerate(rates.items()):
            path = _descend(ds, rate, 60, w0=w0.values[i], b0=b0)
            theta = np.full((61, path.theta.shape[1]), np.nan)
            theta[: len(path.theta)] = path.theta
            losses = np.full(61, np.nan)
            losses[: len(path.loss)] = path.loss
            y = losses if ds is TADPOLE else theta[:, 1]
            np.testing.assert_allclose(panels[f"path:{name}"]["x"][i], theta[shown, 0], rtol=1e-12, equal_nan=True)
            np.testing.assert_allclose(panels[f"path:{name}"]["y"][i], y[shown], rtol=1e-12, equal_nan=True)
            np.testing.assert_allclose(panels[f"at:{name}"]["x"][i], [theta[21, 0]], rtol=1e-12, equal_nan=True)
            np.testing.assert_allclose(loss[f"loss:{name}"]["y"][i], losses[shown], rtol=1e-12, equal_nan=True)
            np.testing.assert_allclose(loss["at"]["y"][i, k], losses[21], rtol=1e-12, equal_nan=True)
    # The rows at the committed w₀ are the figure as drawn.
    committed = lesson.at["w0"]
    fig = lesson4.panels_figure(lesson, "en").figure
    np.testing.assert_allclose(panels["path:good"]["x"][committed], _by_meta(fig, "path:good").x, rtol=1e-12)


def test_the_sweep_from_every_start_is_the_final_loss_of_independent_runs() -> None:
    for ds in (TADPOLE, FIVE):
        lesson = _lesson(ds, steps=50)
        live = lesson4.sweep_figure(lesson, "en")
        rows = live.states("w0")
        w0 = lesson.controls["w0"]
        lrs = np.asarray(_by_meta(live.figure, "sweep").x, dtype=float)
        your_lr = lesson.controls["lr"].values[lesson.at["lr"]]
        top = 10 ** live.figure.layout.yaxis.range[1] / 1.5
        for i in (1, w0.size // 2, w0.size - 2):
            paths = [_descend(ds, rate, 50, w0=w0.values[i]) for rate in lrs]
            finals = [np.nan if p.diverged_at is not None else p.loss[-1] for p in paths]
            np.testing.assert_allclose(rows["sweep"]["y"][i], finals, rtol=1e-10, equal_nan=True)
            crosses = [rate if p.diverged_at is not None else np.nan for rate, p in zip(lrs, paths, strict=True)]
            np.testing.assert_allclose(rows["diverged"]["x"][i], crosses, equal_nan=True)
            steps = [np.nan if p.diverged_at is None else p.diverged_at for p in paths]
            diverged = np.isfinite(steps)
            np.testing.assert_array_equal(rows["diverged"]["customdata"][i][diverged], np.asarray(steps)[diverged])
            yours = _descend(ds, your_lr, 50, w0=w0.values[i])
            expected = top if yours.diverged_at is not None else yours.loss[-1]
            assert rows["user_point"]["y"][i, 0] == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_words_and_numbers_from_every_start(lang: str) -> None:
    """Along w₀ the table's final loss and verdict of every run, your verdict beside the slider and
    the notes above the panels say what descend did from that w₀, in the page's language."""
    lesson = _lesson(TADPOLE, lr=0.045, lang=lang)
    w0 = lesson.controls["w0"]
    table = lesson4.table_text(lesson, lang)
    facts = lesson4.facts_text(lesson, lang)
    notes = lesson4.panels_figure(lesson, lang).states("w0")
    limit = _limit_by_hand(TADPOLE)
    rates = {name: multiple * limit for name, multiple in lesson4.PRESETS} | {"yours": 0.045}
    seen = set()
    for i in (0, 16, 30, 40):  # w₀ = 0, 0.8 (next to w* ≈ 0.81), 1.5, 2
        html = table.at(i, "w0")
        for name, rate in rates.items():
            path = _descend(TADPOLE, rate, w0=w0.values[i])
            final = "—" if path.diverged_at is not None else f"{path.loss[-1]:.4g}"
            if path.diverged_at is not None:
                said = tr("common.diverged_at", lang, n=path.diverged_at)
                assert said in notes[f"note:{name}"]["text"][i, 0]
            else:
                said = lesson4.status(lesson.objective, rate, path.loss, None, lang)
                assert "diverged" not in notes[f"note:{name}"]["text"][i, 0]
            seen.add(said)
            row = html.split(f">{tr(f'learning_rate.preset_{name}', lang)}<")[1].split("</tr>")[0]
            assert f">{final}<" in row and f">{said}<" in row, (name, i, row)
            if name == "yours":
                assert facts.at(i, "w0").endswith(f">{said}</span></p>")
    # Next to w* the diverging preset takes longer to blow up than from the far end of the range.
    far, near = (_descend(TADPOLE, 1.1 * limit, w0=w).diverged_at for w in (2.0, 0.8))
    assert near > far and {tr("common.diverged_at", lang, n=n) for n in (near, far)} <= seen


def test_on_a_phone_the_five_runs_stand_two_to_a_row() -> None:
    lesson = _lesson(FIVE, steps=40, lr=0.06, step=12)
    wide, phone = lesson4.panels_figure(lesson, "en"), lesson4.panels_figure(lesson, "en", across=2)
    layout = phone.figure.layout
    # Rows of two, two and one: the fifth (yours) alone under the first, on one shared window.
    assert layout.xaxis5.domain == layout.xaxis.domain == layout.xaxis3.domain
    assert layout.yaxis.domain[0] > layout.yaxis3.domain[1] > layout.yaxis5.domain[1]
    assert list(layout.xaxis5.range) == list(wide.figure.layout.xaxis5.range)
    # w is named under the lowest panel of each column: the fifth's, and the fourth's.
    assert [layout[f"xaxis{k}"].title.text for k in ("", 2, 3, 4, 5)] == [None, None, None, "w", "w"]
    assert [a.text for a in layout.annotations][3].startswith("over the limit:<br>diverges<br>η = ")
    assert [t.meta for t in phone.figure.data] == [t.meta for t in wide.figure.data]
    for key in ("w0", "lr", "step"):
        for meta, rows in wide.states(key).items():
            for name, values in rows.items():
                np.testing.assert_array_equal(phone.states(key)[meta][name], values)
