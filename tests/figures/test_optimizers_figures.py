"""Lesson 6 figures, checked through their data against the core and short NumPy references."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.expressions import ExpressionError
from gdviz.figures import optimizers as figs
from gdviz.figures import race
from gdviz.figures.theme import nice_floor
from tests.figures.drawing import assert_draws, distance_to_polyline

SADDLE = figs.surface("saddle")


def _saddle_grad(theta: np.ndarray) -> np.ndarray:
    # f = x² − y², written out here rather than taken from the core.
    return np.array([2.0 * theta[0], -2.0 * theta[1]])


def _lesson(surface_code: str, codes: tuple[str, ...], steps: int, *, start=None, lrs=None, step=None) -> figs.Race:
    """A race with the page's controls, committed at ``lrs`` (by code; else the defaults) and ``step``."""
    controls = figs.race_controls(surface_code, codes, steps, "en")
    at = {key: c.default for key, c in controls.items()}
    at.update({code: controls[code].index(lr) for code, lr in (lrs or {}).items()})
    if step is not None:
        at["race_step"] = controls["race_step"].index(step)
    hypers = {code: {k: v for k, v in figs.default_hyper(surface_code, code).items() if k != "lr"} for code in codes}
    return figs.race_runs(surface_code, hypers, start or figs.surface(surface_code).start, controls, at)


def _rule(code: str, lr: float) -> rules.Rule:
    """The racers' rules with torch's defaults, built here from the core, not through the lesson's table."""
    return {
        "gd": lambda: rules.gd(lr),
        "momentum": lambda: rules.momentum(lr, 0.9),
        "adagrad": lambda: rules.adagrad(lr),
        "rmsprop": lambda: rules.rmsprop(lr),
        "adam": lambda: rules.adam(lr),
    }[code]()


def _race(surface_code: str, codes: tuple[str, ...], steps: int, start=None, lr_factor: float = 1.0):
    surf = figs.surface(surface_code)
    paths = {}
    for code in codes:
        hyper = figs.default_hyper(surface_code, code)
        hyper["lr"] *= lr_factor
        paths[code] = descend(surf.objective, figs.build_rule(code, hyper), start or surf.start, steps)
    return paths


def test_a_trail_draws_its_path_within_a_pixel_and_knows_each_point_s_step() -> None:
    theta = descend(TEST_FUNCTIONS["rosenbrock"], rules.momentum(1e-3, 0.9), (-1.5, 2.0), 300).theta
    trail = race.Trail(theta, (4.0, 4.0))
    assert_draws(*trail.points.T, theta, (4.0, 4.0), race.PATH_TOLERANCE)
    assert len(trail.points) < 100  # a smooth path of 301 points needs far fewer
    np.testing.assert_array_equal(trail.points, theta[trail.steps])
    # The points at or before each step: the first, some, and all of them.
    counts = trail.counts([0, 150, 300, 10_000])
    assert counts[0] == 1 and counts[2] == counts[3] == len(trail.points)
    assert trail.steps[counts[1] - 1] <= 150 < trail.steps[counts[1]]


def test_a_diverged_trail_keeps_its_finite_points() -> None:
    rng = np.random.default_rng(0)
    theta = np.cumsum(rng.normal(scale=0.05, size=(2001, 2)), axis=0)  # a random walk: nothing to simplify
    theta[1500:] = np.nan
    scale = (float(np.nanmax(theta[:, 0]) - np.nanmin(theta[:, 0])), 1.0)
    trail = race.Trail(theta, scale, every_point=True)
    assert len(trail.points) == 1500 and trail.steps[-1] == 1499
    assert trail.counts([1499, 2000]).tolist() == [1500, 1500]


def _contour_lines(fig) -> list:
    return [t for t in fig.data if t.meta is not None and t.mode == "lines" and not t.showlegend and t.name == ""]


def test_contour_lines_lie_on_their_levels_of_the_objective() -> None:
    fig = figs.base_figure("himmelblau", "en")
    lines = _contour_lines(fig)
    assert len(lines) == race.CONTOUR_LEVELS

    def himmelblau(x, y):  # written out here, not taken from the core
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    # The documented heights: log10(f − f_min + c), c = 10⁻³·(f_max − f_min), over the 121 × 121 grid.
    grid = np.linspace(-5.0, 5.0, 121)
    values = himmelblau(*np.meshgrid(grid, grid))
    lo, hi = values.min(), values.max()
    offset = 1e-3 * (hi - lo)
    heights = np.log10(np.array([line.meta for line in lines]) - lo + offset)
    spacing = np.diff(heights)
    np.testing.assert_allclose(spacing, spacing[0], rtol=1e-9)  # evenly spaced in log f
    for line, height in zip(lines, heights, strict=True):
        x, y = np.asarray(line.x, dtype=float), np.asarray(line.y, dtype=float)
        ok = np.isfinite(x)
        assert ok.sum() >= 4  # the smallest loops, simplified (race.simplify), keep a few corners
        # Each point of the line has (nearly) the line's height: off by far less than one level.
        drawn = np.log10(himmelblau(x[ok], y[ok]) - lo + offset)
        assert np.max(np.abs(drawn - height)) < 0.25 * spacing[0]
        assert x[ok].min() >= -5.0 and x[ok].max() <= 5.0


def test_marching_squares_finds_a_circle() -> None:
    grid = np.linspace(-2.0, 2.0, 81)
    xx, yy = np.meshgrid(grid, grid)
    pieces = race.contour_segments(grid, grid, xx**2 + yy**2, 1.0)
    radii = np.linalg.norm(pieces.reshape(-1, 2), axis=1)
    np.testing.assert_allclose(radii, 1.0, atol=2e-3)
    # The pieces go all the way round: their total length is close to 2π.
    assert np.sum(np.linalg.norm(pieces[:, 1] - pieces[:, 0], axis=1)) == pytest.approx(2 * np.pi, rel=1e-3)


def test_pieces_join_into_one_closed_line_round_a_circle() -> None:
    grid = np.linspace(-2.0, 2.0, 81)
    xx, yy = np.meshgrid(grid, grid)
    pieces = race.contour_segments(grid, grid, xx**2 + yy**2, 1.0)
    (line,) = race.join_segments(pieces)
    assert line.shape == (pieces.shape[0] + 1, 2)  # m pieces chained: m + 1 points
    np.testing.assert_array_equal(line[0], line[-1])  # closed
    # Consecutive points are the ends of one piece: every step of the line is a piece.
    steps = {tuple(sorted(map(tuple, pair))) for pair in zip(line[:-1].tolist(), line[1:].tolist(), strict=True)}
    assert steps == {tuple(sorted(map(tuple, p))) for p in pieces.tolist()}


def test_two_separate_curves_stay_two_lines() -> None:
    grid = np.linspace(-3.0, 3.0, 61)
    xx, yy = np.meshgrid(grid, grid)
    heights = np.minimum((xx + 1.5) ** 2 + yy**2, (xx - 1.5) ** 2 + yy**2)  # two bowls side by side
    lines = race.join_segments(race.contour_segments(grid, grid, heights, 0.5))
    assert len(lines) == 2
    centres = sorted(float(line[:, 0].mean()) for line in lines)
    np.testing.assert_allclose(centres, [-1.5, 1.5], atol=0.05)


def test_simplify_keeps_every_dropped_point_within_tolerance_and_the_ends() -> None:
    angle = np.linspace(0.0, 1.5 * np.pi, 400)
    line = np.stack([10.0 * np.cos(angle), 0.1 * np.sin(angle)], axis=1)  # an ellipse's arc, unequal axes
    scale = (20.0, 0.2)
    for tolerance in (1e-2, 1e-3):
        kept = race.simplify(line, tolerance, scale)
        assert 3 <= kept.shape[0] < 100
        np.testing.assert_array_equal(kept[[0, -1]], line[[0, -1]])
        assert set(map(tuple, kept.tolist())) <= set(map(tuple, line.tolist()))  # a subset, in order
        off = distance_to_polyline(line / scale, kept / scale)
        assert off.max() <= tolerance * (1 + 1e-9)
    # A straight line keeps only its ends.
    straight = np.stack([np.linspace(0, 1, 50), np.linspace(0, 2, 50)], axis=1)
    np.testing.assert_array_equal(race.simplify(straight, 1e-6), straight[[0, -1]])


def _rdp_one_span_at_a_time(line: np.ndarray, tolerance: float, scale: tuple[float, float]) -> np.ndarray:
    """Ramer–Douglas–Peucker as textbooks write it, recursing on one span at a time: the reference."""
    unit = line / np.asarray(scale)
    keep = np.zeros(len(line), dtype=bool)
    keep[[0, -1] if len(line) else []] = True

    def split(first: int, last: int) -> None:
        if last - first < 2:
            return
        a, b = unit[first], unit[last]
        best, best_dist = None, -1.0
        for i in range(first + 1, last):
            chord = b - a
            length = float(np.hypot(chord[0], chord[1]))
            p = unit[i]
            if length == 0.0:
                dist = float(np.hypot(p[0] - a[0], p[1] - a[1]))
            else:
                dist = abs(chord[0] * (p[1] - a[1]) - chord[1] * (p[0] - a[0])) / length
            if dist > best_dist:
                best, best_dist = i, dist
        if best_dist > tolerance:
            keep[best] = True
            split(first, best)
            split(best, last)

    split(0, len(line) - 1)
    return keep


@pytest.mark.parametrize("seed", range(6))
def test_simplify_keeps_the_points_one_span_at_a_time_keeps(seed: int) -> None:
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.normal(size=(300, 2)), axis=0)
    angle = np.linspace(0.0, 2.0 * np.pi, 200)
    loop = np.stack([np.cos(angle), np.sin(angle)], axis=1)  # closed: its ends are one point
    ties = np.round(walk / 4.0)  # points at equal distances from a chord: the first of them is kept
    for line in (walk, loop, ties, walk[:2], walk[:0]):
        for tolerance in (1e-3, 0.05, 2.0):
            scale = (float(rng.uniform(0.5, 5.0)), float(rng.uniform(0.5, 5.0)))
            expected = _rdp_one_span_at_a_time(line, tolerance, scale)
            np.testing.assert_array_equal(race.simplify_mask(line, tolerance, scale), expected)


def test_marching_squares_splits_a_saddle_cell_by_its_centre() -> None:
    # One cell, corners 00 and 11 above the level, 01 and 10 below; centre above: the low corners are cut off.
    heights = np.array([[1.0, -1.0], [-1.0, 1.0]])
    xs = ys = np.array([0.0, 1.0])
    pieces = race.contour_segments(xs, ys, heights + 0.2, 0.0)  # centre mean 0.2 > 0
    ends = sorted(tuple(sorted(map(tuple, np.round(p, 6)))) for p in pieces)
    # Corner 01 = (1, 0) is cut by bottom and right edges; corner 10 = (0, 1) by top and left edges.
    assert ends == [((0.0, 0.6), (0.4, 1.0)), ((0.6, 0.0), (1.0, 0.4))]


def test_defaults_show_each_surface_lesson() -> None:
    # Saddle: GD has not left after the default steps, while momentum and Adam have.
    steps = figs.SURFACE_DEFAULTS["saddle"]["steps"]
    paths = _race("saddle", ("gd", "momentum", "adam"), steps)
    left = {c: np.flatnonzero(np.abs(p.theta[:, 1]) > 1.0) for c, p in paths.items()}
    assert left["gd"].size == 0
    assert left["momentum"].size and left["adam"].size
    assert figs.saddle_exit_step(paths["adam"]) == left["adam"][0]
    # Plateau: GD barely moves, the adaptive rules walk to the well at (0, 0).
    paths = _race("plateau", ("gd", "adagrad", "rmsprop", "adam"), figs.SURFACE_DEFAULTS["plateau"]["steps"])
    assert np.linalg.norm(paths["gd"].theta[-1] - paths["gd"].theta[0]) < 1e-3
    for code in ("adagrad", "rmsprop", "adam"):
        assert np.linalg.norm(paths[code].theta[-1]) < 0.2, code
    # Himmelblau: GD and momentum end in different minima.
    surf = figs.surface("himmelblau")
    paths = _race("himmelblau", ("gd", "momentum"), figs.SURFACE_DEFAULTS["himmelblau"]["steps"])
    ends = {c: p.theta[-1] for c, p in paths.items()}
    np.testing.assert_allclose(ends["gd"], (3.0, 2.0), atol=1e-3)
    np.testing.assert_allclose(ends["momentum"], (3.584428, -1.848127), atol=1e-3)
    assert figs.reached_minimum(surf, paths["gd"]) != figs.reached_minimum(surf, paths["momentum"])


def test_build_rule_uses_torch_names_and_the_core_formulas() -> None:
    adam = figs.build_rule("adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6})
    assert adam.hyper == {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-6}
    nesterov = figs.build_rule("nesterov", figs.default_hyper("saddle", "nesterov"))
    assert nesterov.hyper["nesterov"] is True
    assert nesterov.formula == rules.momentum(0.01, 0.9, nesterov=True).formula
    with pytest.raises(KeyError):
        figs.build_rule("lbfgs", {"lr": 1.0})


def test_every_hyperparameter_has_a_control_that_holds_its_default() -> None:
    for code, names in figs.HYPERPARAMETERS.items():
        for name in names:
            if name == "lr":  # a live control, tested with the race
                continue
            default = figs.TORCH_DEFAULTS[code][name]
            if name == "eps":
                assert default in figs.EPS_CHOICES
                continue
            s = figs.HYPER_SLIDERS[name]
            assert s.min <= default <= s.max
            assert round((default - s.min) / s.step, 6).is_integer()


@pytest.mark.parametrize("value, expected", [(0.0473, 0.02), (7.0, 5.0), (1.0, 1.0), (0.0099, 0.005), (230.0, 200.0)])
def test_nice_floor_rounds_down_to_1_2_5(value: float, expected: float) -> None:
    assert nice_floor(value) == pytest.approx(expected)


def test_arrow_scale_draws_the_90th_percentile_at_the_fraction() -> None:
    # Lengths 1..10: the 90th percentile is 9.1; 0.12 · 10 / 9.1 = 0.13… → 0.1.
    vectors = np.c_[np.arange(1.0, 11.0), np.zeros(10)]
    assert race.arrow_scale(vectors, 10.0) == pytest.approx(0.1)
    assert race.arrow_scale(np.zeros((3, 2)), 10.0) == 1.0


def test_a_path_stands_at_its_last_finite_point() -> None:
    """Where a path's dot stands: θ_k itself, or the last finite θ before a diverged path's NaN rows."""
    theta = np.array([[0.0, 1.0], [0.5, 2.0], [np.nan, np.nan], [np.nan, np.nan]])
    assert race.last_finite_rows(theta).tolist()[:2] == [[0.0, 1.0], [0.5, 2.0]]
    np.testing.assert_array_equal(race.last_finite_rows(theta)[2:], [[0.5, 2.0], [0.5, 2.0]])
    assert np.isnan(race.last_finite_rows(np.full((2, 2), np.nan))).all()
    # Many paths at once, each on its own.
    both = np.stack([theta, np.array([[1.0, 1.0], [np.nan, np.nan], [2.0, 2.0], [np.nan, 0.0]])])
    np.testing.assert_array_equal(race.last_finite_rows(both)[1], [[1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [2.0, 2.0]])


# Rows travel as float32 (live.typed) but the figure's own rows are float64: NumPy stacks of runs may
# round apart from descend's single run (core.stability.descend_lrs), so compare to a few ulps of f32.
CLOSE = dict(rtol=1e-6, atol=1e-9)


def test_each_path_at_every_eta_is_descend_at_that_eta() -> None:
    codes = ("gd", "momentum", "adam")
    lesson = _lesson("saddle", codes, 60)
    live = figs.race_figure(lesson, "en")
    drawn = lesson.drawn
    for code in codes:
        grid = lesson.controls[code]
        rows = live.states(grid.key)[f"path:{code}"]
        for i in (0, grid.default, grid.size - 1):
            theta = descend(TEST_FUNCTIONS["saddle"], _rule(code, float(grid.values[i])), (-1.5, 1e-3), 60).theta
            np.testing.assert_allclose(rows["x"][i], theta[drawn, 0], **CLOSE)
            np.testing.assert_allclose(rows["y"][i], theta[drawn, 1], **CLOSE)
            loss = live.states(grid.key)[f"loss:{code}"]["y"][i]
            np.testing.assert_allclose(loss, TEST_FUNCTIONS["saddle"].value(theta[drawn]), **CLOSE)
        # The committed path is drawn at its default η.
        assert grid.values[grid.default] == pytest.approx(figs.SURFACE_DEFAULTS["saddle"]["lr"][code])


@pytest.mark.parametrize("surface_code", ["saddle", "rosenbrock"])
def test_the_dot_is_theta_k_and_the_arrow_the_scaled_step_at_every_step(surface_code: str) -> None:
    codes = ("gd", "momentum", "rmsprop")
    steps = 400 if surface_code == "rosenbrock" else 40
    lesson = _lesson(surface_code, codes, steps)
    live = figs.race_figure(lesson, "en")
    surf = figs.surface(surface_code)
    scale = live.figure.layout.meta["step_scale"]
    longest = 0.3 * (surf.x_range[1] - surf.x_range[0])  # the cut: 30 % of the window's width
    shown = lesson.shown
    assert shown.size <= 201 and shown[-1] == steps and shown[0] == 0
    along = live.states("race_step")

    def cut(vector: np.ndarray) -> np.ndarray:
        length = np.linalg.norm(vector)
        return vector * (longest / length) if length > longest else vector

    for code in codes:
        theta = descend(surf.objective, _rule(code, figs.SURFACE_DEFAULTS[surface_code]["lr"][code]), surf.start, steps)
        theta = theta.theta
        head = np.stack([along[f"head:{code}"]["x"], along[f"head:{code}"]["y"]], axis=-1)  # (shown, 3, 2)
        np.testing.assert_allclose(head[:, 1], theta[shown], **CLOSE)
        for i, k in enumerate(shown[:-1]):
            np.testing.assert_allclose(head[i, 2] - head[i, 1], cut(scale * (theta[k + 1] - theta[k])), **CLOSE)
        assert np.isnan(head[-1, 2]).all()  # no step after the last
        # The trail at each step is the drawn path up to it, and its end leads the line to the dot.
        for i in (0, shown.size // 3, shown.size - 1):
            trail = next(t for t in live.at(i, "race_step").data if t.meta == f"trail:{code}")
            upto = lesson.drawn[lesson.drawn <= shown[i]]
            np.testing.assert_allclose(np.column_stack([trail.x, trail.y]), theta[upto], **CLOSE)
            np.testing.assert_allclose(head[i, 0], theta[upto[-1]], **CLOSE)
        # The loss marker at each step is f(θ_k).
        j = codes.index(code)
        np.testing.assert_allclose(along["at"]["y"][:, j], surf.objective.value(theta[shown]), **CLOSE)
        np.testing.assert_array_equal(along["at"]["x"][:, j], shown)


def test_readout_prints_theta_and_loss_at_the_step_and_each_eta() -> None:
    lesson = _lesson("himmelblau", ("gd", "adam"), 150)
    readout = figs.readout_text(lesson, "en")
    fn = TEST_FUNCTIONS["himmelblau"]
    theta = descend(fn, rules.adam(0.1), (0.0, 0.0), 150).theta
    for k in (0, 25, 150):
        html = readout.at(int(np.flatnonzero(lesson.shown == k)[0]), "race_step")
        assert f"({theta[k, 0]:.3f}, {theta[k, 1]:.3f})".replace("-", "−") in html
        assert f"{float(fn.value(theta[k])):.4g}".replace("-", "−") in html
    grid = lesson.controls["adam"]
    i = grid.index(0.3)
    theta = descend(fn, rules.adam(0.3), (0.0, 0.0), 150).theta
    html = readout.at(i, grid.key)
    assert "0.3" in html and f"{float(fn.value(theta[-1])):.4g}".replace("-", "−") in html
    zh = figs.readout_text(_lesson("himmelblau", ("gd",), 150), "zh").template
    assert "优化器" in zh and "最后一步后的 f" in zh


def test_axes_do_not_move_with_the_settings() -> None:
    codes = ("gd", "adam")
    one = figs.race_figure(_lesson("rosenbrock", codes, 200), "en").figure
    other = figs.race_figure(_lesson("rosenbrock", codes, 200, start=(0.5, -0.5), lrs={"adam": 0.5}), "en").figure
    for axis in ("xaxis", "yaxis", "yaxis2"):
        assert tuple(one.layout[axis].range) == tuple(other.layout[axis].range), axis
    assert tuple(one.layout.xaxis.range) == (-2.0, 2.0) and tuple(one.layout.yaxis.range) == (-1.0, 3.0)
    assert tuple(one.layout.xaxis2.range) == (0, 200)
    # Rosenbrock is positive: the loss axis is logarithmic; the saddle's is not.
    assert one.layout.yaxis2.type == "log"
    assert figs.base_figure("saddle", "en").layout.yaxis2.type == "linear"


def test_a_diverging_path_stops_and_says_so() -> None:
    lesson = _lesson("elongated", ("gd",), 100, lrs={"gd": 0.5})
    path = lesson.paths["gd"]
    n = path.diverged_at
    assert n is not None  # 0.5 is far past the stability limit 2/20
    live = figs.race_figure(lesson, "en")
    (legend,) = [t for t in live.figure.data if t.meta == "trail:gd"]
    assert f"diverged at step {n}" in legend.name
    finite = path.theta[np.all(np.isfinite(path.theta), axis=1)]
    head = live.states("race_step")["head:gd"]
    np.testing.assert_allclose(head["x"][-1, 1], finite[-1, 0])  # the dot stays where the path stopped
    assert tuple(live.figure.layout.xaxis.range) == (-10.0, 10.0)
    readout = figs.readout_text(lesson, "en")
    grid = lesson.controls["gd"]
    assert f"diverged at step {n}" in readout.at(grid.index(0.5), grid.key)


def test_lr_grids_hold_the_defaults_and_round_numbers() -> None:
    for surface_code in figs.SURFACES:
        for code in figs.OPTIMIZERS:
            default = figs.SURFACE_DEFAULTS[surface_code]["lr"][code]
            values = figs.lr_values(default)
            assert 20 <= values.size <= 22
            # A decade either side, from the round numbers within it.
            assert default / 10 <= values[0] < 1.35 * default / 10 and default * 10 / 1.35 < values[-1] <= default * 10
            assert default in values
            ratios = values[1:] / values[:-1]
            assert ratios.max() < 1.35  # evenly spread on a log scale


@pytest.mark.parametrize("surface_code", figs.SURFACES)
def test_the_race_fits_its_budget_at_the_most_steps(surface_code: str) -> None:
    """At 1000 steps and five racers, the race and its readout go out in under 150 KB once
    compressed as Streamlit's websocket compresses them (permessage-deflate), a page's server-side
    change; uncompressed they stay under 300 KB."""
    lesson = _lesson(surface_code, ("gd", "momentum", "nesterov", "rmsprop", "adam"), 1000)
    sent = (figs.race_figure(lesson, "zh").to_json() + figs.readout_text(lesson, "zh").to_json()).encode()
    assert len(sent) < 300_000
    assert len(zlib.compress(sent, 6)) < 150_000


def test_a_typed_function_is_a_surface_drawn_where_it_is_defined() -> None:
    # x·√x is defined for x ≥ 0 only (NumPy gives NaN to the left), and smooth up to x = 0.
    surf = figs.surface("custom", "x sqrt(x) + y^2")
    assert surf.formula == "x sqrt(x) + y^2" and not surf.minima
    fig = figs.base_figure("custom", "zh", "x sqrt(x) + y^2")
    lines = _contour_lines(fig)
    assert lines
    for line in lines:
        x, y = np.asarray(line.x, dtype=float), np.asarray(line.y, dtype=float)
        ok = np.isfinite(x)
        assert (x[ok] >= 0).all()  # drawn only where it is defined
        np.testing.assert_allclose(x[ok] ** 1.5 + y[ok] ** 2, line.meta, rtol=0.05, atol=0.05)
    # The default function, and one defined nowhere in the window, which is said, not drawn.
    assert figs.surface("custom").formula == figs.CUSTOM_FUNCTION
    with pytest.raises(ExpressionError) as caught:
        figs.surface("custom", "log(-1 - x^2)")
    assert caught.value.key == "nowhere"


@pytest.mark.parametrize("code", ["adagrad", "rmsprop", "adam"])
def test_an_adaptive_optimizers_eta_follows_a_typed_functions_window(code: str) -> None:
    """Adaptive steps are about η long whatever the slope. The bowl (x−8)² + (y+4)² is 64·g(x/8, y/8) for
    g = (x−1)² + (y+½)²; its window is 8 times g's (±32 against ±4) and so is its default η, so the race
    on it is g's race drawn 8 times larger, while g's η would crawl."""
    near = figs.surface("custom", "(x-1)^2 + (y+0.5)^2")
    far = figs.surface("custom", "(x-8)^2 + (y+4)^2")
    assert (near.x_range, far.x_range) == ((-4.0, 4.0), (-32.0, 32.0))
    tuned = figs.SURFACE_DEFAULTS["custom"]["lr"][code]
    assert figs.default_lr(near, code) == tuned
    assert figs.default_lr(far, code) == pytest.approx(8 * tuned)
    controls = figs.race_controls(far, [code], 100, "en")
    assert controls[code].values[controls[code].default] == pytest.approx(8 * tuned)
    steps = figs.SURFACE_DEFAULTS["custom"]["steps"]

    def progress(surf: figs.Surface, bottom: tuple[float, float], lr: float) -> float:
        """How much of the way from the start to the bottom the last step has come."""
        rule = figs.build_rule(code, {**figs.default_hyper(surf, code), "lr": lr})
        theta = descend(surf.objective, rule, surf.start, steps).theta
        return 1.0 - float(np.linalg.norm(theta[-1] - bottom) / np.linalg.norm(np.subtract(surf.start, bottom)))

    on_near = progress(near, (1.0, -0.5), tuned)
    assert on_near > 0.5
    assert progress(far, (8.0, -4.0), figs.default_lr(far, code)) == pytest.approx(on_near, abs=1e-3)
    assert progress(far, (8.0, -4.0), tuned) < on_near - 0.3  # the window-blind η falls behind
    # Gradient descent's step is η times the slope, which the wider bowl already makes longer: unchanged.
    assert figs.default_lr(far, "gd") == figs.SURFACE_DEFAULTS["custom"]["lr"]["gd"]


def test_on_a_phone_the_loss_panel_stands_under_the_race_with_the_same_states() -> None:
    codes = ("gd", "momentum", "adam")
    lesson = _lesson("saddle", codes, 60)
    wide, phone = figs.race_figure(lesson, "en"), figs.race_figure(lesson, "en", stacked=True)
    layout = phone.figure.layout
    # One column: the contour above, the loss under it, as wide as it.
    assert layout.xaxis.domain == layout.xaxis2.domain == (0.0, 1.0)
    assert layout.yaxis2.domain[1] < layout.yaxis.domain[0]
    assert layout.height > wide.figure.layout.height
    # The same traces on the same axes, both ways; the loss lines and markers on the second panel.
    placed = [(t.meta, t.xaxis or "x", t.yaxis or "y") for t in phone.figure.data]
    assert placed == [(t.meta, t.xaxis or "x", t.yaxis or "y") for t in wide.figure.data]
    assert {(x, y) for meta, x, y in placed if meta == "at" or str(meta).startswith("loss:")} == {("x2", "y2")}
    assert list(layout.xaxis2.range) == [0, 60] and layout.yaxis2.title.text == wide.figure.layout.yaxis2.title.text
    for move in wide.moves:
        for meta, rows in wide.states(move.control.key).items():
            for name, values in rows.items():
                np.testing.assert_array_equal(phone.states(move.control.key)[meta][name], values)
