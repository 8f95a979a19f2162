"""Lesson 1 figures and readouts: the data, the line, each point's signed error and MSE(w), at every w
of the lesson's live control (gdviz.figures.live). Each is drawn at the control's opening w."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from gdviz.core.datasets import Dataset
from gdviz.core.forward import forward_pass
from gdviz.figures.formulas import Html, boxes_html, readout_html, table_html
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, moving
from gdviz.figures.theme import COLORS, fmt, padded_range, point_marker, style
from gdviz.i18n import tr

TABLE_ROWS = 20
"""The most points the per-point table lists."""

FORMULA_TERMS = 4
"""The most squared errors written out in the MSE formula before "…"."""

HEIGHT = 440
"""The lesson's charts' height in px; the start page's small example draws the same figures shorter."""


def fit_ranges(ds: Dataset) -> tuple[list[float], list[float]]:
    """Fixed axis ranges around the data and the origin, with room for the errors of a poor line,
    the opening line ŷ = w_open·x included: the lesson opens on it, and its errors are what the
    student reads first.

    They depend on the dataset only, never on w or b, so nothing moves while a control does; a line
    steeper than that simply leaves the window, as on a blackboard.
    """
    y_range = padded_range(ds.y, pad=0.35, include=(0.0,))
    opening = ds.w_open * np.array([ds.x.min(), ds.x.max()])
    if opening.min() < y_range[0] or opening.max() > y_range[1]:
        y_range = padded_range([*y_range, *opening], pad=0.04)
    return padded_range(ds.x, include=(0.0,)), y_range


def _segments(start: np.ndarray, end: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Vertical segments from ``start`` to ``end`` where ``keep``, as one line trace's coordinates with
    NaN gaps (start, end, gap per point): shape (s, 3n) for s states of n points."""
    rows = np.full((*end.shape, 3), np.nan)
    rows[..., 0] = np.where(keep, start, np.nan)
    rows[..., 1] = np.where(keep, end, np.nan)
    return rows.reshape(*end.shape[:-1], -1)


def fit_figure(
    ds: Dataset, w: Control, b: float, lang: str, *, height: int = HEIGHT, legend: bool = True
) -> LiveFigure:
    """Points, the line ŷ = w·x + b and each point's signed error ŷ − y as a dashed segment, coloured
    by its sign, at every w of ``w``; the axes fit every line the controls can reach. ``height`` in px,
    and without ``legend`` where the page names the traces itself.

    Moving traces (by meta): ``line`` (y at both ends of the x axis), ``error_pos`` (segments where
    ŷ > y) and ``error_neg`` (where ŷ ≤ y).
    """
    x_range, y_range = fit_ranges(ds)
    fp = forward_pass(ds.x, ds.y, w.values, b)
    line_y = forward_pass(x_range, np.zeros(2), w.values, b).y_hat
    above = fp.error > 0
    states = {
        "line": {"y": line_y},
        "error_pos": {"y": _segments(ds.y, fp.y_hat, above)},
        "error_neg": {"y": _segments(ds.y, fp.y_hat, ~above)},
    }
    segment_x = _segments(ds.x, ds.x, np.ones(ds.n, dtype=bool))
    at = w.default
    line_name = tr("common.line" if ds.intercept else "common.line_origin", lang)
    fig = go.Figure(
        [
            go.Scatter(
                x=ds.x,
                y=ds.y,
                mode="markers",
                marker=dict(color=COLORS["data"], size=10 if ds.n <= 20 else 6),
                name=tr("common.data", lang),
                hovertemplate=f"{ds.x_label[lang]}=%{{x:.2f}}<br>{ds.y_label[lang]}=%{{y:.2f}}<extra></extra>",
            ),
            moving(
                "line",
                states["line"],
                at,
                x=x_range,
                mode="lines",
                line=dict(color=COLORS["line"], width=3),
                name=line_name,
                hoverinfo="skip",
            ),
            *(
                moving(
                    uid,
                    states[uid],
                    at,
                    x=segment_x,
                    mode="lines",
                    line=dict(color=COLORS[uid], width=3.5, dash="dash"),
                    name=tr(f"forward.{uid}", lang),
                    hoverinfo="skip",
                )
                for uid in ("error_pos", "error_neg")
            ),
        ]
    )
    fig.update_xaxes(title_text=ds.x_label[lang], range=x_range, zeroline=True)
    fig.update_yaxes(title_text=ds.y_label[lang], range=y_range, zeroline=True)
    return LiveFigure(style(fig, height=height, legend=legend), (Moves(w, states),))


def mse_along_w(ds: Dataset, w: Control, b: float) -> np.ndarray:
    """The MSE over every row at each w of the control, b held: from the points themselves, or from all
    rows' sufficient statistics when the points drawn are a sample of a user's large file."""
    if ds.total == ds.n:
        return forward_pass(ds.x, ds.y, w.values, b).mse
    return np.asarray(ds.mse(intercept=True).curve_w(w.values, b=b))


def loss_figure(
    ds: Dataset, w: Control, b: float, lang: str, *, height: int = HEIGHT, legend: bool = True
) -> LiveFigure:
    """MSE(w) over the whole grid of ``w`` with b held, and a marker at the current w (meta ``marker``);
    ``height`` in px, and without ``legend`` where the page names the curve itself."""
    mse = mse_along_w(ds, w, b)
    marker = {"marker": {"x": w.values[:, None], "y": mse[:, None]}}
    fig = go.Figure(
        [
            go.Scatter(
                x=w.values,
                y=mse,
                mode="lines",
                line=dict(color=COLORS["loss"], width=3),
                name=tr("forward.loss_curve", lang, b=fmt(b)),
                hovertemplate="w=%{x:.2f}<br>MSE=%{y:.3f}<extra></extra>",
            ),
            moving(
                "marker",
                marker["marker"],
                w.default,
                mode="markers",
                marker=point_marker(COLORS["marker"]),
                name=tr("common.current", lang),
                hoverinfo="skip",
            ),
        ]
    )
    fig.update_xaxes(title_text="w", range=padded_range(w.values, pad=0.03))
    fig.update_yaxes(title_text=tr("common.mse", lang), range=padded_range(mse, pad=0.06, include=(0.0,)))
    return LiveFigure(style(fig, height=height, legend=legend), (Moves(w, marker),))


def _texts(values: np.ndarray, digits: int = 2) -> list[str]:
    return [fmt(v, digits) for v in values]


def mse_readout(ds: Dataset, w: Control, b: float, lang: str) -> LiveText:
    """The MSE at the current w, large, next to the control."""
    mse = mse_along_w(ds, w, b)
    slots = TextSlots(w)
    return slots.text(readout_html(tr("common.mse", lang), slots.add(_texts(mse, 3))))


def chain_text(ds: Dataset, w: Control, b: float, lang: str) -> LiveText:
    """The chain input → forward → per-point error → MSE with the numbers at every w, the MSE formula
    with the squared errors plugged in, and the per-point table (its first :data:`TABLE_ROWS` rows)."""
    fp = forward_pass(ds.x, ds.y, w.values, b)
    slots = TextSlots(w)
    pos = (fp.error > 0).sum(axis=1)
    neg = (fp.error < 0).sum(axis=1)
    biggest = np.abs(fp.error).max(axis=1)
    mse = _texts(mse_along_w(ds, w, b), 3)
    all_x = ds.rows()[0]
    steps = (
        (
            tr("forward.step_input", lang),
            tr("forward.input_value", lang, n=ds.total, lo=fmt(all_x.min()), hi=fmt(all_x.max())),
        ),
        (
            tr("forward.step_forward", lang),
            slots.add([tr("forward.forward_value", lang, w=t, b=fmt(b)) for t in w.texts]),
        ),
        (
            tr("forward.step_error", lang),
            slots.add(
                [
                    tr("forward.error_value", lang, pos=p, neg=q, big=fmt(m))
                    for p, q, m in zip(pos, neg, biggest, strict=True)
                ]
            ),
        ),
        (tr("forward.step_mse", lang), Html(f"MSE = {slots.add(mse)}")),
    )
    shown = min(ds.n, FORMULA_TERMS)
    terms = [
        slots.add(
            [f"({t})²" if e < 0 else f"{t}²" for t, e in zip(_texts(fp.error[:, i]), fp.error[:, i], strict=True)]
        )
        for i in range(shown)
    ]
    formula = (
        '<p class="gdviz-formula">MSE = <sup>1</sup>⁄<sub>n</sub> Σ<sub>i=1</sub><sup>n</sup> '
        "(ŷ<sub>i</sub> − y<sub>i</sub>)<sup>2</sup><br>"
        f"= <sup>1</sup>⁄<sub>{ds.total}</sub> × [{' + '.join(terms)}{' + …' if ds.total > shown else ''}]"
        f" = {slots.add(mse)}</p>"
    )
    rows = slice(0, TABLE_ROWS)
    columns = {
        tr("forward.col_x", lang): ds.x[rows],
        tr("forward.col_y", lang): ds.y[rows],
        **{
            tr(key, lang): [slots.add(_texts(values[:, i])) for i in range(min(ds.n, TABLE_ROWS))]
            for key, values in (
                ("forward.col_yhat", fp.y_hat),
                ("forward.col_err", fp.error),
                ("forward.col_err2", fp.squared_error),
            )
        },
    }
    more = (
        f"<p><small>{tr('forward.table_more', lang, shown=TABLE_ROWS, n=ds.total)}</small></p>"
        if ds.total > TABLE_ROWS
        else ""
    )
    template = (
        f"<h3>{tr('forward.chain', lang)}</h3>{boxes_html(steps, chain=True)}"
        f"<h3>{tr('forward.mse_heading', lang)}</h3>{formula}"
        f"<h3>{tr('forward.table', lang)}</h3>{table_html(columns)}{more}"
    )
    return slots.text(template)
