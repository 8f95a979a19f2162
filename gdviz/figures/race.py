"""Pieces shared by the path races of lessons 5 and 6: contour lines, paths drawn within a pixel, and
the scale arrows are drawn at.

Everything is a scatter trace, so a live control can move it: the landscape is drawn as scatter contour
lines (see :func:`contour_traces`), and an arrow is a segment with an ``arrow`` marker on its tip, turned
along it (``marker.angleref="previous"``), not a layout annotation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from gdviz.core._types import FloatArray
from gdviz.core.descend import Path
from gdviz.figures.theme import COLORS, RULE_COLORS, nice_floor
from gdviz.i18n import tr

CONTOUR_LEVELS = 20
"""Contour lines per landscape."""

SIMPLIFY_TOLERANCE = 1e-3
"""How far (as a fraction of the window's width or height) a contour line may stray from the exact
one to save points: under a pixel on any chart narrower than a thousand pixels."""

PATH_TOLERANCE = 2e-3
"""How far (as a fraction of the window) a drawn path may stray from the exact one to save points:
a pixel or so. Paths are drawn through :class:`Trail`."""

ARROW_FRACTION = 0.12
"""How long :func:`arrow_scale` draws a typical (90th-percentile) arrow, as a fraction of the window's width."""

ARROW_MAX_FRACTION = 0.3
"""No arrow is drawn longer than this fraction of the window's width (see :func:`drawn`)."""


def grid(x_range: Sequence[float], y_range: Sequence[float], resolution: int = 121) -> tuple[FloatArray, FloatArray]:
    """Evenly spaced grid coordinates over the window: ``xs`` of shape (resolution,), ``ys`` likewise."""
    return np.linspace(*x_range, resolution), np.linspace(*y_range, resolution)


WINDOW_SIZES: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0, 32.0)
"""The half-widths R a typed function's window can take: every variable from −R to R."""


def typed_window(fn: Any, room: float) -> float:
    """The window a typed function of one or two variables is drawn on, chosen from the function: the
    smallest R of :data:`WINDOW_SIZES` that holds its lowest point on the largest window with ``room``
    around it (R ≥ room × its distance from the origin along any variable; of several equally low, as a
    periodic function has, the nearest); 4 when it still falls at the edge or is nowhere finite.

    >>> from gdviz.expressions import parse_function
    >>> [typed_window(parse_function(f), 2.5) for f in ("x^2 + y^2", "(x-10)^2 + y^2", "sin(x)cos(y)", "x + y")]
    [2.0, 32.0, 4.0, 4.0]
    >>> typed_window(parse_function("w^4/4 - w^3/3 - w^2 + 2", ("w",)), 1.5)
    4.0
    """
    big = WINDOW_SIZES[-1]
    if fn.dim == 1:
        points = np.linspace(-big, big, 6401)[:, None]
    else:
        points = stack_grid(*grid((-big, big), (-big, big), 257))
    with np.errstate(all="ignore"):
        values = np.asarray(fn.value(points), dtype=np.float64)
    finite = np.isfinite(values)
    if not finite.any():
        return 4.0
    reach = np.abs(points).max(axis=-1)  # how far along its furthest variable each point lies
    lowest = np.unravel_index(int(np.argmin(np.where(finite, values, np.inf))), values.shape)
    if reach[lowest] >= big:  # still falling at the edge: no lowest point
        return 4.0
    low = values[lowest]
    near = float(reach[finite & (values <= low + 1e-2 * max(1.0, abs(low)))].min())
    return next(r for r in WINDOW_SIZES if room * near <= r or r == big)


def stack_grid(xs: npt.ArrayLike, ys: npt.ArrayLike) -> FloatArray:
    """The grid as parameter vectors, shape ``(len(ys), len(xs), 2)``: rows run over y, as Plotly's z."""
    xx, yy = np.meshgrid(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    return np.stack([xx, yy], axis=-1)


def level_values(values: npt.ArrayLike) -> FloatArray:
    """The height the contour draws: ``log10(f − f_min + c)`` with ``c = 10⁻³·(f_max − f_min)``.

    Losses span several orders of magnitude (Rosenbrock's valley is 1000 times lower than its rim), so
    evenly spaced levels of f would lump the whole valley into one band; evenly spaced levels of the
    log show it. ``f_min`` and ``f_max`` are taken over the grid, so the transform works for surfaces
    with negative values (the saddle) too.
    """
    f = np.asarray(values, dtype=np.float64)
    lo, hi = float(np.nanmin(f)), float(np.nanmax(f))
    offset = 1e-3 * (hi - lo) if hi > lo else 1.0
    return np.log10(f - lo + offset)


def contour_levels(heights: FloatArray, count: int = CONTOUR_LEVELS) -> FloatArray:
    """``count`` evenly spaced levels strictly between the lowest and the highest height."""
    lo, hi = float(np.nanmin(heights)), float(np.nanmax(heights))
    return np.linspace(lo, hi, count + 2)[1:-1]


def contour_segments(xs: FloatArray, ys: FloatArray, heights: FloatArray, level: float) -> FloatArray:
    """Marching squares: the pieces of the curve ``height = level``, shape (m, 2, 2) as (piece, end, xy).

    ``heights`` has shape ``(len(ys), len(xs))``. Along each grid-cell edge whose two corners lie on
    either side of ``level`` the crossing is placed by linear interpolation; a cell crossed on two edges
    gives one piece, on four edges (a saddle cell) two pieces, paired by the cell's mean height.
    """
    h = np.asarray(heights, dtype=np.float64) - level
    x0, x1 = xs[:-1][None, :], xs[1:][None, :]
    y0, y1 = ys[:-1][:, None], ys[1:][:, None]
    h00, h01, h10, h11 = h[:-1, :-1], h[:-1, 1:], h[1:, :-1], h[1:, 1:]

    def crossing(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
        # A corner exactly on the level counts as above it, so every cell is crossed on 0, 2 or 4 edges.
        # An edge with a corner where the surface is not defined (NaN) is never crossed.
        with np.errstate(divide="ignore", invalid="ignore"):
            hit = ((a >= 0) != (b >= 0)) & np.isfinite(a) & np.isfinite(b)
            return hit, np.where(a != b, a / (a - b), 0.0)

    shape = h00.shape
    # Edges in order around the cell: bottom (y0), right (x1), top (y1), left (x0).
    hits, points = [], []
    for a, b, fx, fy in (
        (h00, h01, lambda t: x0 + t * (x1 - x0), lambda t: np.broadcast_to(y0, shape)),
        (h01, h11, lambda t: np.broadcast_to(x1, shape), lambda t: y0 + t * (y1 - y0)),
        (h10, h11, lambda t: x0 + t * (x1 - x0), lambda t: np.broadcast_to(y1, shape)),
        (h00, h10, lambda t: np.broadcast_to(x0, shape), lambda t: y0 + t * (y1 - y0)),
    ):
        hit, t = crossing(a, b)
        hits.append(hit)
        points.append(np.stack([fx(t), fy(t)], axis=-1))
    hit = np.stack(hits, axis=-1)  # (rows, cols, 4)
    point = np.stack(points, axis=-2)  # (rows, cols, 4, 2)
    count = hit.sum(axis=-1)
    pieces = []
    two = count == 2
    if np.any(two):
        order = np.argsort(~hit[two], axis=-1, kind="stable")[:, :2]
        pieces.append(np.take_along_axis(point[two], order[..., None], axis=1))
    four = count == 4
    if np.any(four):
        p = point[four]
        centre_above = ((h00 + h01 + h10 + h11)[four] / 4.0) > 0
        # Corner 00 below the level with the centre above: the lower corners 00 and 11 are cut off, so
        # bottom joins left and top joins right; otherwise bottom joins right and top joins left.
        corner_below = h00[four] < 0  # (then 11 is below too, and 01, 10 at or above)
        split = corner_below == centre_above
        first = np.where(split[:, None, None], p[:, [0, 3]], p[:, [0, 1]])
        second = np.where(split[:, None, None], p[:, [2, 1]], p[:, [2, 3]])
        pieces += [first, second]
    return np.concatenate(pieces) if pieces else np.empty((0, 2, 2))


def join_segments(segments: FloatArray) -> list[FloatArray]:
    """Chain marching-squares pieces that share an end into polylines, each of shape (k, 2).

    Neighbouring cells compute the crossing on their shared edge from the same two corners, so the
    ends of consecutive pieces are equal to the last bit and can be matched exactly. A closed curve
    comes back to its first point. Drawing m pieces one by one costs 3m rows (two ends and a gap);
    a chain of m pieces costs m + 1, about a third of the bytes and of plotly.js's work. Pieces of
    length zero (the level through a grid corner) draw nothing and are dropped.
    """
    segments = segments[np.any(segments[:, 0] != segments[:, 1], axis=-1)]
    m = segments.shape[0]
    if m == 0:
        return []
    ends: dict[tuple[float, float], list[int]] = {}
    for i, (a, b) in enumerate(segments.tolist()):
        ends.setdefault((a[0], a[1]), []).append(i)
        ends.setdefault((b[0], b[1]), []).append(i)
    used = np.zeros(m, dtype=bool)
    pieces = segments.tolist()

    def walk(point: tuple[float, float]) -> list[tuple[float, float]]:
        """Follow unused pieces from ``point`` until none continues; the points after ``point``."""
        out = []
        while True:
            nxt = next((j for j in ends[point] if not used[j]), None)
            if nxt is None:
                return out
            used[nxt] = True
            a, b = map(tuple, pieces[nxt])
            point = b if a == point else a
            out.append(point)

    lines = []
    for i in range(m):
        if used[i]:
            continue
        used[i] = True
        a, b = map(tuple, pieces[i])
        forward, backward = walk(b), walk(a)
        lines.append(np.array([*reversed(backward), a, b, *forward], dtype=np.float64))
    return lines


def simplify_mask(line: FloatArray, tolerance: float, scale: Sequence[float] = (1.0, 1.0)) -> npt.NDArray[np.bool_]:
    """Ramer–Douglas–Peucker: which points of ``line`` (k, 2) to keep so that none of the dropped ones
    lies farther than ``tolerance`` from the line drawn through the kept ones.

    Distances are measured in ``line / scale`` (pass the window's width and height to measure in
    fractions of the chart, whatever the axes' units). Keeps both ends; between two kept points,
    keeps the point farthest from the chord between them (the first of equals) if it lies more than
    ``tolerance`` away, and splits there. A contour line or a descent path is nearly straight over
    many points, so most of them go.

    Every open span is split in the same round, with one set of array operations for all of them: a
    noisy stochastic path keeps hundreds of points, and one NumPy call per span would cost 5-10 ms a path.
    """
    n = line.shape[0]
    keep = np.zeros(n, dtype=bool)
    keep[[0, -1] if n else []] = True
    if n < 3:
        return keep
    unit = line / np.asarray(scale, dtype=np.float64)
    firsts, lasts = np.array([0]), np.array([n - 1])
    while firsts.size:
        inner_counts = lasts - firsts - 1
        open_ = inner_counts > 0
        firsts, lasts, inner_counts = firsts[open_], lasts[open_], inner_counts[open_]
        if not firsts.size:
            break
        starts = np.cumsum(inner_counts) - inner_counts  # where each span's inner points begin
        span = np.repeat(np.arange(firsts.size), inner_counts)
        inner = np.repeat(firsts + 1 - starts, inner_counts) + np.arange(span.size)  # their rows in `line`
        a, b, p = unit[firsts[span]], unit[lasts[span]], unit[inner]
        chord = b - a
        length = np.hypot(chord[:, 0], chord[:, 1])
        with np.errstate(invalid="ignore", divide="ignore"):
            across = np.abs(chord[:, 0] * (p[:, 1] - a[:, 1]) - chord[:, 1] * (p[:, 0] - a[:, 0])) / length
        # A closed loop's ends are one point: the distance to that point.
        dist = np.where(length == 0.0, np.hypot(p[:, 0] - a[:, 0], p[:, 1] - a[:, 1]), across)
        far_value = np.maximum.reduceat(dist, starts)
        first_far = np.minimum.reduceat(np.where(dist == far_value[span], np.arange(span.size), span.size), starts)
        split = far_value > tolerance
        mids = inner[first_far[split]]
        keep[mids] = True
        firsts, lasts = np.concatenate([firsts[split], mids]), np.concatenate([mids, lasts[split]])
    return keep


def simplify(line: FloatArray, tolerance: float, scale: Sequence[float] = (1.0, 1.0)) -> FloatArray:
    """The points of ``line`` that :func:`simplify_mask` keeps."""
    return line[simplify_mask(line, tolerance, scale)]


def contour_traces(xs: FloatArray, ys: FloatArray, values: FloatArray, *, value_name: str) -> list[go.Scatter]:
    """The loss landscape as contour lines, one scatter trace per level, dark in the valleys.

    The levels are evenly spaced in :func:`level_values` of ``values`` (so in log f). They are scatter
    lines, not a ``go.Contour``: plotly.js drops a contour (and a heatmap) from the plot at the first
    frame of an animation played with ``redraw=False``, while scatter lines stay (plotly.js issue 4491,
    seen here in Chromium); ``redraw=True`` would redraw the whole figure at every frame and flicker.
    Each trace's ``meta`` holds its level as f, for hover and for tests.
    """
    heights = level_values(values)
    f = np.asarray(values, dtype=np.float64)
    lo, hi = float(np.nanmin(f)), float(np.nanmax(f))
    offset = 1e-3 * (hi - lo) if hi > lo else 1.0
    levels = contour_levels(heights)
    scale = (float(xs[-1] - xs[0]), float(ys[-1] - ys[0]))
    traces = []
    for i, level in enumerate(levels):
        pieces = join_segments(contour_segments(xs, ys, heights, level))
        lines = [simplify(line, SIMPLIFY_TOLERANCE, scale) for line in pieces]
        # A NaN row between polylines breaks the line there (one trace per level instead of one per piece).
        gap = np.full((1, 2), np.nan)
        gapped = np.concatenate([part for line in lines for part in (line, gap)]) if lines else gap
        # Single precision is plenty for a drawing and halves what the browser downloads.
        gapped = gapped.astype(np.float32)
        value = 10.0**level + lo - offset
        traces.append(
            go.Scatter(
                x=gapped[:, 0],
                y=gapped[:, 1],
                mode="lines",
                line=dict(color=_level_color(i / max(len(levels) - 1, 1)), width=1.2),
                connectgaps=False,
                showlegend=False,
                meta=value,
                name="",
                hovertemplate=f"{value_name} = {value:.4g}<extra></extra>",
            )
        )
    return traces


def _level_color(fraction: float) -> str:
    """From a dark slate (lowest level) to a pale grey (highest): neutral, so no path colour is confused
    with the landscape, and readable on white."""
    low, high = np.array([0x4A, 0x55, 0x63]), np.array([0xCF, 0xD4, 0xDA])
    r, g, b = np.round(low + (high - low) * fraction).astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def arrow_lengths(vectors: npt.ArrayLike) -> FloatArray:
    """Lengths of the 2-D ``vectors``, leaving out zero and non-finite ones."""
    lengths = np.linalg.norm(np.asarray(vectors, dtype=np.float64).reshape(-1, 2), axis=1)
    return lengths[np.isfinite(lengths) & (lengths > 0)]


def arrow_scale(vectors: npt.ArrayLike, width: float, *, fraction: float = ARROW_FRACTION) -> float:
    """The drawing scale of a set of arrows: their 90th-percentile length is drawn ``fraction·width`` long.

    Arrows are drawn as ``scale·vector`` (see :func:`drawn`), with ``scale`` rounded down to 1, 2 or 5
    times a power of ten, so lengths stay comparable within the set (a twice longer arrow is a twice
    larger vector, and a plateau's tiny gradient looks tiny) and the figure can print the scale. The 90th
    percentile, not the largest, so that one burst of speed does not shrink every other arrow to a dot.
    Zero and non-finite vectors are left out; 1 when none is left.
    """
    positive = arrow_lengths(vectors)
    if positive.size == 0:
        return 1.0
    return nice_floor(fraction * width / float(np.percentile(positive, 90)))


def drawn(vectors: npt.ArrayLike, scale: float, max_length: float) -> FloatArray:
    """The arrows drawn for ``vectors`` (one, or a row each): ``scale·vector``, cut to ``max_length``
    (same direction) when longer. A non-finite vector stays non-finite (no arrow).

    The cut keeps the few largest arrows of a race inside the picture; anything cut is at least
    ``max_length / scale`` long in the units of the vector.
    """
    v = scale * np.asarray(vectors, dtype=np.float64)
    length = np.linalg.norm(v, axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(length > max_length, v * (max_length / length), v)


class Trail:
    """One descent path as drawn on a window of size ``scale`` (width, height).

    A smooth path needs few points: its finite rows are simplified once (:func:`simplify_mask`,
    :data:`PATH_TOLERANCE`; every row is kept when ``every_point``), within about a pixel of the exact
    path. :attr:`points` are the rows kept, :attr:`steps` the step of each; the path up to step k is
    the first :meth:`counts` of them.
    """

    def __init__(self, theta: FloatArray, scale: Sequence[float], *, every_point: bool = False) -> None:
        finite = np.all(np.isfinite(theta), axis=1)
        rows = theta[finite]
        keep = np.ones(len(rows), dtype=bool) if every_point else simplify_mask(rows, PATH_TOLERANCE, scale)
        self.points: FloatArray = rows[keep]
        self.steps: npt.NDArray[np.intp] = np.flatnonzero(finite)[keep]

    def counts(self, steps: npt.ArrayLike) -> npt.NDArray[np.intp]:
        """How many of :attr:`points` lie at or before each of ``steps``."""
        return np.searchsorted(self.steps, steps, side="right")


def last_finite_rows(theta: FloatArray) -> FloatArray:
    """Each row of ``theta`` (…, n, d) replaced by the last finite row at or before it (NaN before any):
    where a path stands at each step, or where it stopped."""
    finite = np.all(np.isfinite(theta), axis=-1)
    index = np.where(finite, np.arange(theta.shape[-2]), -1)
    last = np.maximum.accumulate(index, axis=-1)
    rows = np.take_along_axis(theta, np.maximum(last, 0)[..., None], axis=-2)
    return np.where((last >= 0)[..., None], rows, np.nan)


def trail_trace(code: str, points: FloatArray, name: str) -> go.Scatter:
    """The bold path so far of racer ``code`` (its legend entry), tagged ``trail:<code>``: a live chart
    shows a prefix of the faint path ``path:<code>`` in it (:func:`gdviz.figures.live.prefix`)."""
    return go.Scatter(
        meta=f"trail:{code}",
        x=points[:, 0],
        y=points[:, 1],
        mode="lines",
        line=dict(color=RULE_COLORS[code], width=3),
        name=name,
        legendgroup=code,
        hoverinfo="skip",
    )


def path_name(label: str, path: Path, lang: str) -> str:
    """A path's name in a legend: its label, with "diverged at step n" when it blew up."""
    if path.diverged_at is None:
        return label
    return f"{label} · {tr('common.diverged_at', lang, n=path.diverged_at)}"


def point_trace(points: npt.ArrayLike, *, name: str, symbol: str, size: int = 16, **kwargs: object) -> go.Scatter:
    """Fixed markers (start point, minima) in the house colours."""
    p = np.reshape(np.asarray(points, dtype=np.float64), (-1, 2))
    return go.Scatter(
        x=p[:, 0],
        y=p[:, 1],
        mode="markers",
        marker=dict(symbol=symbol, size=size, color=COLORS["data"], line=dict(color="white", width=1.5)),
        name=name,
        hovertemplate=f"{name}: (%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
        **kwargs,
    )


def log_loss_range(floor: float, ceiling: float) -> list[float]:
    """A fixed log-axis range (in decades, as Plotly wants) from ``floor`` to ``ceiling``."""
    return [math.log10(floor), math.log10(ceiling)]
