"""Lesson 6 figures, checked through their data against the core and short NumPy references."""

from __future__ import annotations

import json

import numpy as np
import plotly.io as pio
import pytest

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.figures import optimizers as figs
from gdviz.figures import race
from gdviz.figures.theme import RULE_COLORS, nice_floor
from tests.figures.drawing import animation_frames, assert_draws, distance_to_polyline

SADDLE = figs.surface("saddle")


def _saddle_grad(theta: np.ndarray) -> np.ndarray:
    # f = x² − y², written out here rather than taken from the core.
    return np.array([2.0 * theta[0], -2.0 * theta[1]])


def _race(surface_code: str, codes: tuple[str, ...], steps: int, start=None, lr_factor: float = 1.0):
    surf = figs.surface(surface_code)
    paths = {}
    for code in codes:
        hyper = figs.default_hyper(surface_code, code)
        hyper["lr"] *= lr_factor
        paths[code] = descend(surf.objective, figs.build_rule(code, hyper), start or surf.start, steps)
    return paths


def _segments(trace) -> list[tuple[np.ndarray, np.ndarray]]:
    """(tail, tip) of each None-separated segment of an arrow trace."""
    xs, ys = list(trace.x), list(trace.y)
    return [(np.array([xs[i], ys[i]]), np.array([xs[i + 1], ys[i + 1]])) for i in range(0, len(xs), 3)]


def _frame_trace(fig, frame, predicate):
    """The update in ``frame`` for the one figure trace that satisfies ``predicate``."""
    hits = [(i, data) for i, data in zip(frame.traces, frame.data, strict=True) if predicate(fig.data[i])]
    assert len(hits) == 1
    return hits[0][1]


def test_each_faint_path_is_the_path_descend_computes() -> None:
    codes = ("gd", "momentum", "adam")
    fig = figs.race_figure("saddle", _race("saddle", codes, 60), "en")
    for code in codes:
        # Computed again here, from the core's own rules with the table's learning rate.
        lr = figs.SURFACE_DEFAULTS["saddle"]["lr"][code]
        rule = {"gd": rules.gd(lr), "momentum": rules.momentum(lr, 0.9), "adam": rules.adam(lr)}[code]
        theta = descend(TEST_FUNCTIONS["saddle"], rule, (-1.5, 1e-3), 60).theta
        faint = [t for t in fig.data if t.legendgroup == code and t.opacity == 0.4]
        assert len(faint) == 1
        window = (4.0, 4.0)  # the saddle's window: x and y in [-2, 2]
        assert_draws(faint[0].x, faint[0].y, theta, window, race.PATH_TOLERANCE)
        # The last frame's trail is the whole path too, drawn the same way.
        trail = _frame_trace(
            fig, animation_frames(fig)[-1], lambda t, c=code: t.legendgroup == c and t.showlegend is not False
        )
        np.testing.assert_allclose(trail.x, faint[0].x, rtol=1e-6)
        np.testing.assert_allclose(trail.y, faint[0].y, rtol=1e-6)


def test_a_trail_ends_where_its_path_stands_at_every_step() -> None:
    theta = descend(TEST_FUNCTIONS["rosenbrock"], rules.momentum(1e-3, 0.9), (-1.5, 2.0), 300).theta
    trail = race.Trail(theta, (4.0, 4.0))
    for k in (0, 1, 7, 150, 300, 10_000):
        drawn = trail.upto(k)
        np.testing.assert_array_equal(drawn[-1], theta[min(k, 300)])
        assert_draws(drawn[:, 0], drawn[:, 1], theta[: min(k, 300) + 1], (4.0, 4.0), race.PATH_TOLERANCE)
    assert len(trail.whole()) < 100  # a smooth path of 301 points needs far fewer


def test_a_long_noisy_trail_shows_its_latest_points_and_the_faint_path_all() -> None:
    rng = np.random.default_rng(0)
    theta = np.cumsum(rng.normal(scale=0.05, size=(2001, 2)), axis=0)  # a random walk: nothing to simplify
    scale = (float(np.ptp(theta[:, 0])), float(np.ptp(theta[:, 1])))
    trail = race.Trail(theta, scale)
    assert len(trail.whole()) > 1000
    assert_draws(*trail.whole().T, theta, scale, race.PATH_TOLERANCE)
    drawn = trail.upto(1500)
    assert race.MAX_TRAIL_POINTS <= len(drawn) <= race.MAX_TRAIL_POINTS + 2
    first = int(np.flatnonzero(np.all(theta == drawn[0], axis=1))[0])
    # The latest points, up to θ_1500, as exact as the faint path is.
    assert_draws(*drawn.T, theta[first:1501], scale, race.PATH_TOLERANCE)


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


@pytest.mark.parametrize("frame_index", [0, 7, 20])
def test_arrows_start_at_theta_k_and_are_the_scaled_gradient_and_step(frame_index: int) -> None:
    codes = ("gd", "momentum", "rmsprop")
    paths = _race("saddle", codes, 40)
    fig = figs.race_figure("saddle", paths, "en")
    grad_scale, step_scale = fig.layout.meta["grad_scale"], fig.layout.meta["step_scale"]
    k = fig.layout.meta["frame_steps"][frame_index]
    frame = animation_frames(fig)[frame_index]
    longest = 0.3 * 4.0  # the cut: 30 % of the window's width
    # Frames travel as float32 (theme.add_animation), so compare at float32's precision.
    close = dict(rtol=1e-6, atol=1e-6)

    def cut(vector: np.ndarray) -> np.ndarray:
        length = np.linalg.norm(vector)
        return vector * (longest / length) if length > longest else vector

    gradient = _frame_trace(fig, frame, lambda t: (t.name or "").startswith("−∇f"))
    segments = _segments(gradient)
    assert len(segments) == len(codes)
    for (tail, tip), code in zip(segments, codes, strict=True):
        theta_k = paths[code].theta[k]
        np.testing.assert_allclose(tail, theta_k, **close)
        np.testing.assert_allclose(tip - tail, cut(-grad_scale * _saddle_grad(theta_k)), **close)
    for code in codes:
        step = _frame_trace(
            fig,
            frame,
            lambda t, c=code: t.mode == "lines+markers" and t.line.color == RULE_COLORS[c] and t.opacity is None,
        )
        ((tail, tip),) = _segments(step)
        theta = paths[code].theta
        np.testing.assert_allclose(tail, theta[k], **close)
        np.testing.assert_allclose(tip - tail, cut(step_scale * (theta[k + 1] - theta[k])), **close)
        # The head is drawn on the tip, turned along the segment.
        assert list(step.marker.size)[:2] == [0.0, 18.0]


def test_axes_do_not_move_with_the_settings() -> None:
    codes = ("gd", "adam")
    one = figs.race_figure("rosenbrock", _race("rosenbrock", codes, 200), "en")
    other = figs.race_figure("rosenbrock", _race("rosenbrock", codes, 200, start=(0.5, -0.5), lr_factor=3.0), "en")
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        assert tuple(one.layout[axis].range) == tuple(other.layout[axis].range), axis
    assert tuple(one.layout.xaxis.range) == (-2.0, 2.0) and tuple(one.layout.yaxis.range) == (-1.0, 3.0)
    # Rosenbrock is positive: the loss axis is logarithmic; the saddle's is not.
    assert one.layout.yaxis2.type == "log"
    assert figs.base_figure("saddle", "en").layout.yaxis2.type == "linear"


def test_a_diverging_path_stops_and_says_so() -> None:
    paths = {"gd": descend(TEST_FUNCTIONS["elongated"], rules.gd(0.5), (-9.0, 2.0), 100)}
    n = paths["gd"].diverged_at
    assert n is not None  # 0.5 is far past the stability limit 2/20
    fig = figs.race_figure("elongated", paths, "en")
    trail = _frame_trace(fig, animation_frames(fig)[-1], lambda t: t.legendgroup == "gd" and t.showlegend is not False)
    finite = paths["gd"].theta[np.all(np.isfinite(paths["gd"].theta), axis=1)]
    np.testing.assert_allclose(trail.x[-1], finite[-1, 0])
    (legend,) = [t for t in fig.data if t.legendgroup == "gd" and t.showlegend is not False]
    assert f"diverged at step {n}" in legend.name
    assert tuple(fig.layout.xaxis.range) == (-10.0, 10.0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_kept_race_moved_to_new_paths_equals_a_new_one(lang: str) -> None:
    # The page keeps one race per session and moves each step's paths into it (set_race): from a race
    # where gd diverges to a calm one of another length, nothing of the first may stay (a legend's
    # "diverged at step n", frames past the new end, the step axis, the slider's labels).
    codes = ("gd", "momentum", "adam")
    wild = _race("elongated", codes, 100, lr_factor=6.0)
    assert wild["gd"].diverged_at is not None
    calm = _race("elongated", codes, 40, start=(-6.0, 1.0))
    fig = figs.race_figure("elongated", wild, lang)
    assert figs.set_race(fig, "elongated", calm, lang) is fig
    fresh = figs.race_figure("elongated", calm, lang)
    assert json.loads(pio.to_json(fig, validate=False)) == json.loads(pio.to_json(fresh, validate=False))
    assert [step.label for step in fig.layout.sliders[0].steps][-1] == fresh.layout.sliders[0].steps[-1].label
    assert fig.layout.xaxis2.range == (0, 40)
    # The frames slice the kept figure's own faint paths, at the indices they had.
    drawn = animation_frames(fig)[-1]
    trail = _frame_trace(fig, drawn, lambda t: t.legendgroup == "adam" and t.showlegend is not False)
    np.testing.assert_allclose(trail.x[-1], calm["adam"].theta[-1, 0], rtol=1e-6)


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


@pytest.mark.parametrize("value, expected", [(0.0473, 0.02), (7.0, 5.0), (1.0, 1.0), (0.0099, 0.005), (230.0, 200.0)])
def test_nice_floor_rounds_down_to_1_2_5(value: float, expected: float) -> None:
    assert nice_floor(value) == pytest.approx(expected)


def test_arrow_scale_draws_the_90th_percentile_at_the_fraction() -> None:
    # Lengths 1..10: the 90th percentile is 9.1; 0.12 · 10 / 9.1 = 0.13… → 0.1.
    vectors = np.c_[np.arange(1.0, 11.0), np.zeros(10)]
    assert race.arrow_scale(vectors, 10.0) == pytest.approx(0.1)
    assert race.arrow_scale(np.zeros((3, 2)), 10.0) == 1.0


def test_a_path_stands_at_its_last_finite_point() -> None:
    """Where a frame puts a path's dot: θ_k itself, or the last finite θ before a diverged path's NaN rows."""
    theta = np.array([[0.0, 1.0], [0.5, 2.0], [np.nan, np.nan], [np.nan, np.nan]])
    assert race.last_finite(theta, 0).tolist() == [0.0, 1.0]
    assert race.last_finite(theta, 1).tolist() == [0.5, 2.0]
    assert race.last_finite(theta, 3).tolist() == [0.5, 2.0]
    assert race.last_finite(theta).tolist() == [0.5, 2.0]
    race.last_finite(theta, 1)[0] = 9.0  # the point is a copy: the path keeps its numbers
    assert theta[1, 0] == 0.5
    assert np.isnan(race.last_finite(np.full((2, 2), np.nan))).all()


def test_an_arrow_with_a_non_finite_end_is_left_out() -> None:
    tails = [[0.0, 0.0], [1.0, np.nan], [2.0, 3.0], [-1.0, 0.5]]
    vectors = [[1.0, -1.0], [1.0, 1.0], [np.inf, 0.0], [0.25, 0.5]]
    xs, ys, sizes = race.arrow_xy(tails, vectors)
    assert xs == [0.0, 1.0, None, -1.0, -0.75, None]
    assert ys == [0.0, -1.0, None, 0.5, 1.0, None]
    assert sizes == [0.0, 18.0, 0.0] * 2  # the head on the tip only
