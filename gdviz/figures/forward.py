"""Lesson 1 figures: the data, the line and each point's signed error; the sweep of w."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core.datasets import Dataset
from gdviz.core.objectives import LinearMSE
from gdviz.figures.theme import COLORS, add_animation, controls_below_axis_title, fmt, padded_range, scatter, style
from gdviz.i18n import tr


def _objective(ds: Dataset) -> LinearMSE:
    return LinearMSE(ds.x, ds.y, intercept=True)


def opening_w(ds: Dataset) -> float:
    """Where lesson 1's w starts: the tadpole's poor first guess at the top of its range (so every
    point starts with a large error to read), 1 on the other datasets."""
    return ds.w_range[1] if ds.name == "tadpole" else 1.0


def fit_ranges(ds: Dataset) -> tuple[list[float], list[float]]:
    """Fixed axis ranges around the data and the origin, with room for the errors of a poor line,
    the opening line ŷ = opening_w·x included: the lesson opens on it, and its errors are what the
    student reads first.

    They depend on the dataset only, never on w or b, so nothing moves while a slider does; a line
    steeper than that simply leaves the window, as on a blackboard.
    """
    y_range = padded_range(ds.y, pad=0.35, include=(0.0,))
    opening = opening_w(ds) * np.array([ds.x.min(), ds.x.max()])
    if opening.min() < y_range[0] or opening.max() > y_range[1]:
        y_range = padded_range([*y_range, *opening], pad=0.04)
    return padded_range(ds.x, include=(0.0,)), y_range


def _error_segments(x: np.ndarray, y: np.ndarray, y_hat: np.ndarray, mask: np.ndarray) -> tuple[list, list]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for xi, yi, pi in zip(x[mask], y[mask], y_hat[mask], strict=True):
        xs += [float(xi), float(xi), None]
        ys += [float(yi), float(pi), None]
    return xs, ys


def fit_traces(ds: Dataset, w: float, b: float, lang: str) -> list[go.Scatter]:
    """The line and the error segments at (w, b): the traces a slider or a frame changes.

    Order: line, errors where ŷ > y, errors where ŷ < y.
    """
    x_range, _ = fit_ranges(ds)
    y_hat = w * ds.x + b
    above = y_hat - ds.y > 0
    pos_x, pos_y = _error_segments(ds.x, ds.y, y_hat, above)
    neg_x, neg_y = _error_segments(ds.x, ds.y, y_hat, ~above)
    line_name = tr("common.line" if ds.intercept else "common.line_origin", lang)
    return [
        scatter(
            x=x_range,
            y=[w * x_range[0] + b, w * x_range[1] + b],
            mode="lines",
            line=dict(color=COLORS["line"], width=3),
            name=line_name,
            hoverinfo="skip",
        ),
        scatter(
            x=pos_x,
            y=pos_y,
            mode="lines",
            line=dict(color=COLORS["error_pos"], width=3.5, dash="dash"),
            name=tr("forward.error_pos", lang),
            hoverinfo="skip",
        ),
        scatter(
            x=neg_x,
            y=neg_y,
            mode="lines",
            line=dict(color=COLORS["error_neg"], width=3.5, dash="dash"),
            name=tr("forward.error_neg", lang),
            hoverinfo="skip",
        ),
    ]


def _points(ds: Dataset, lang: str) -> go.Scatter:
    return scatter(
        x=ds.x,
        y=ds.y,
        mode="markers",
        marker=dict(color=COLORS["data"], size=10 if ds.n <= 20 else 6),
        name=tr("common.data", lang),
        hovertemplate=f"{ds.x_label[lang]}=%{{x:.2f}}<br>{ds.y_label[lang]}=%{{y:.2f}}<extra></extra>",
    )


def fit_figure(ds: Dataset, w: float, b: float, lang: str) -> go.Figure:
    """Points, the line ŷ = w·x + b and each point's signed error ŷ − y as a dashed segment,
    coloured by its sign; the axes fit every line the sliders can reach."""
    x_range, y_range = fit_ranges(ds)
    fig = go.Figure([_points(ds, lang), *fit_traces(ds, w, b, lang)])
    fig.update_xaxes(title_text=ds.x_label[lang], range=x_range, zeroline=True)
    fig.update_yaxes(title_text=ds.y_label[lang], range=y_range, zeroline=True)
    return style(fig, height=440)


def set_fit(fig: go.Figure, ds: Dataset, w: float, b: float, lang: str) -> go.Figure:
    """Move the line and error segments of a :func:`fit_figure` of ``ds`` to (w, b), in place.

    The result equals ``fit_figure(ds, w, b, lang)`` at a fraction of the cost: a slider step
    changes three traces, not the styled layout.
    """
    with fig.batch_update():
        for held, trace in zip(fig.data[1:4], fit_traces(ds, w, b, lang), strict=True):
            held.x, held.y = trace.x, trace.y
    return fig


def sweep_figure(ds: Dataset, b: float, lang: str, *, frames: int = 41) -> go.Figure:
    """The line turning through the whole w range while a marker travels along MSE(w),
    both in one figure, played in the browser."""
    obj = _objective(ds)
    w_lo, w_hi = ds.w_range
    w_grid = np.linspace(w_lo, w_hi, 201)
    curve = obj.curve_w(w_grid, b=b)
    w_frames = np.linspace(w_lo, w_hi, frames)
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.1,
        subplot_titles=(tr("forward.sweep_left", lang), tr("forward.sweep_right", lang, b=fmt(b))),
    )
    x_range, y_range = fit_ranges(ds)
    fig.add_trace(_points(ds, lang), row=1, col=1)
    for trace in fit_traces(ds, w_frames[0], b, lang):
        fig.add_trace(trace, row=1, col=1)
    fig.add_trace(
        scatter(
            x=w_grid,
            y=curve,
            mode="lines",
            line=dict(color=COLORS["loss"], width=3),
            name=tr("common.mse", lang),
            hovertemplate="w=%{x:.2f}<br>MSE=%{y:.3f}<extra></extra>",
        ),
        row=1,
        col=2,
    )
    first_loss = float(obj.curve_w([w_frames[0]], b=b)[0])
    fig.add_trace(
        scatter(
            x=[w_frames[0]],
            y=[first_loss],
            mode="markers",
            marker=dict(color=COLORS["marker"], size=14),
            name=tr("common.current", lang),
        ),
        row=1,
        col=2,
    )
    frame_data = []
    for w in w_frames:
        loss = float(obj.curve_w([w], b=b)[0])
        frame_data.append([*fit_traces(ds, w, b, lang), scatter(x=[w], y=[loss])])
    add_animation(fig, frame_data, traces=[1, 2, 3, 5], labels=[f"w = {fmt(w)}" for w in w_frames], lang=lang)
    fig.update_xaxes(title_text=ds.x_label[lang], range=x_range, row=1, col=1)
    fig.update_yaxes(title_text=ds.y_label[lang], range=y_range, row=1, col=1)
    fig.update_xaxes(title_text="w", range=padded_range(w_grid, pad=0.02), row=1, col=2)
    fig.update_yaxes(title_text=tr("common.mse", lang), range=padded_range(curve, pad=0.05), row=1, col=2)
    # The subplot titles name both panels; a legend would sit on top of them.
    return controls_below_axis_title(style(fig, height=560, legend=False))
