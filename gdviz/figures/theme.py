"""What every gdviz figure shares: colours, fonts sized for a projector, fixed axis ranges and numbers
written as a student writes them. Builders call these instead of styling figures themselves."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

# One colour per idea, the same on every page. Okabe–Ito: eight colours picked to stay apart for the
# three kinds of colour blindness (its red is a vermillion, its green a bluish green); every
# pair drawn in one chart stays ΔE ≥ 10 apart (CAM02-UCS) under simulated deuteranomaly, protanomaly and
# tritanomaly (tests/figures/test_colour_vision.py).
COLORS = {
    "data": "#222222",
    "line": "#0072B2",
    "error_pos": "#D55E00",  # prediction above the point: ŷ − y > 0
    "error_neg": "#009E73",  # prediction below the point
    "loss": "#0072B2",
    "tangent": "#CC79A7",
    "marker": "#D55E00",
    "minimum": "#009E73",
    "limit": "#D55E00",
    "muted": "#999999",
}

# Rules and optimizers keep their colour on every page.
RULE_COLORS = {
    "fixed": "#E69F00",
    "slope": "#D55E00",
    "sign": "#CC79A7",
    "gd": "#0072B2",
    "momentum": "#009E73",
    "nesterov": "#56B4E9",
    "adagrad": "#E69F00",
    "rmsprop": "#CC79A7",
    "adam": "#D55E00",
    "full": "#0072B2",
    "minibatch": "#009E73",
    "stochastic": "#D55E00",
}

SERIES = ("#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9")

FONT_SIZE = 15
FONT_FAMILY = "Inter, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif"

PLOTLY_CONFIG = {
    "displaylogo": False,
    # plotly.js 4 offers "Share chart…" to an online service: a class's data stays in the classroom.
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendChartToCloud"],
    # The toolbar's camera saves a PNG at twice the chart's size: a 900 px chart becomes 1800 px, sharp on a
    # projector or a slide.
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "gdviz"},
}
"""The Plotly config of every chart (gdviz.ui.live.live_chart and the offline export)."""


def point_marker(color: str | Sequence[str], size: int = 15) -> dict[str, Any]:
    """The marker of where something is now (the current w, a run's last step): a filled dot with a
    white rim, so it stands out on a line of its own colour."""
    return dict(color=color, size=size, line=dict(color="white", width=2))


def style(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    """Apply the house layout (:func:`house_template`: white, projector-size fonts, small margins, a
    horizontal legend above the plot), the height, and ``uirevision`` so zoom survives updates. Without
    a legend, the top margin keeps only room for the highest tick label."""
    kinds = frozenset({trace.type for trace in fig.data} | {"scatter"})
    fig.update_layout(template=house_template(kinds), height=height, showlegend=legend, uirevision="gdviz")
    if not legend:
        fig.update_layout(margin_t=20)
    return size_annotations(fig)


PHONE_ACROSS = 2
"""Panels to a row on a phone: four or five side by side leave each about 70 px on a 390-px screen."""

ROW_HEIGHT = 300
"""What each further row of panels adds to a figure's height."""

TITLE_LINE_PX = 20
"""A subplot title's line at the house annotation size."""

PHONE_TITLE_WIDTH = 18
"""A panel title's line on a phone, in Latin letters (a Chinese character counts two): a panel two to
a row is about 130 px wide, and a title may reach a little into the gap."""


def wrap_title(title: str, width: int) -> str:
    """``title``'s lines (split at ``<br>``) wrapped at spaces to ``width`` letters, a CJK character
    counting two; a word longer than the line stays whole.

    >>> wrap_title("too large: bounces<br>η = 0.045 (0.9×)", 16)
    'too large:<br>bounces<br>η = 0.045 (0.9×)'
    """
    lines: list[str] = []
    for line in title.split("<br>"):
        current = ""
        for word in line.split(" "):
            joined = f"{current} {word}" if current else word
            if current and _letters(joined) > width:
                lines.append(current)
                joined = word
            current = joined
        lines.append(current)
    return "<br>".join(lines)


def _letters(text: str) -> int:
    """``text``'s width in Latin letters: a wide (CJK) character is two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def panel_grid(
    titles: Sequence[str], *, across: int | None, x_title: str, y_title: str, height: int
) -> tuple[go.Figure, list[tuple[int, int]]]:
    """A figure of one panel per title, ``across`` to a row (all in one row when None). The panels share
    their window: the y axis is titled and numbered at the start of each row only, the x axis titled
    under the lowest panel of each column only. Returns the figure, styled without a legend, and each
    panel's ``(row, col)``. It is ``height`` tall on one row, and :data:`ROW_HEIGHT` taller for each
    further row; on more than one row (a phone's narrow panels) the titles wrap
    (:data:`PHONE_TITLE_WIDTH`) and the rows stand apart by the tick labels and the tallest title.

    >>> fig, places = panel_grid(list("abcde"), across=2, x_title="w", y_title="MSE", height=420)
    >>> places[-1], fig.layout.height
    ((3, 1), 1020)
    """
    count = len(titles)
    across = count if across is None else max(1, min(across, count))
    rows = math.ceil(count / across)
    places = [(i // across + 1, i % across + 1) for i in range(count)]
    if rows > 1:
        titles = [wrap_title(title, PHONE_TITLE_WIDTH) for title in titles]
    total = height + ROW_HEIGHT * (rows - 1)
    gap = 46 + TITLE_LINE_PX * max(title.count("<br>") + 1 for title in titles)
    fig = make_subplots(
        rows=rows,
        cols=across,
        subplot_titles=list(titles),
        horizontal_spacing=0.035 if across > 2 else 0.08,
        vertical_spacing=gap / total if rows > 1 else 0.0,
    )
    for row, col in places:
        lowest = (row + 1, col) not in places
        fig.update_xaxes(title_text=x_title if lowest else None, row=row, col=col)
        fig.update_yaxes(showticklabels=col == 1, title_text=y_title if col == 1 else None, row=row, col=col)
    style(fig, height=total, legend=False)
    return fig, places


STACK_GAP_PX = 130
"""Between panels one above another: the upper one's tick labels and x-axis title, the lower one's title
(a share of the figure's height, so about 100 px of the plot's)."""

STACKED_TITLE_WIDTH = 34
"""A title's line across a phone's whole figure, in Latin letters (:func:`wrap_title`)."""


def panel_row(
    count: int,
    *,
    stacked: bool,
    height: int,
    titles: Sequence[str] | None = None,
    specs: Sequence[dict[str, str]] | None = None,
    widths: Sequence[float] | None = None,
    spacing: float = 0.09,
) -> tuple[go.Figure, list[dict[str, int]]]:
    """A figure ``height`` tall (the caller styles it at that height) of ``count`` different panels
    (``titles``, subplot ``specs``, relative ``widths``) side by side, or one above another when
    ``stacked`` (a phone: side by side each would get a third or half of 390 px, and the titles wrap to
    the screen); and where each panel stands, as ``row=``/``col=`` keywords for ``add_trace`` and
    ``update_*axes``. Panel k is subplot k + 1 either way (axes ``x{k+1}``/``y{k+1}``).

    >>> fig, places = panel_row(3, stacked=True, height=1100)
    >>> places[2], fig.layout.xaxis3.domain == fig.layout.xaxis.domain
    ({'row': 3, 'col': 1}, True)
    """
    if stacked:
        titles = None if titles is None else [wrap_title(title, STACKED_TITLE_WIDTH) for title in titles]
        fig = make_subplots(
            rows=count,
            cols=1,
            subplot_titles=titles,
            specs=None if specs is None else [[spec] for spec in specs],
            row_heights=widths,
            vertical_spacing=STACK_GAP_PX / height,
        )
        return fig, [dict(row=k + 1, col=1) for k in range(count)]
    fig = make_subplots(
        rows=1,
        cols=count,
        subplot_titles=titles,
        specs=None if specs is None else [list(specs)],
        column_widths=widths,
        horizontal_spacing=spacing,
    )
    return fig, [dict(row=1, col=k + 1) for k in range(count)]


@functools.cache
def house_template(kinds: frozenset[str]) -> str:
    """Plotly's ``plotly_white`` with the house fonts, margins and legend, keeping the trace defaults
    of ``kinds`` only (and of scatter, which builders add after styling), registered in
    ``plotly.io.templates``; its name there.

    The full template holds defaults for some forty trace types, 7 KB sent with every chart; defaults
    of types a figure does not draw cannot change how it looks. Registered once per set of trace types
    and named by figures: a figure given the template itself validates all of it again (160 ms), given
    its name it does not. Axis fonts sit in the template's ``xaxis`` / ``yaxis``, which plotly.js
    applies to every axis.
    """
    base = pio.templates["plotly_white"]
    template = go.layout.Template(layout=base.layout, data={kind: base.data[kind] for kind in kinds if base.data[kind]})
    # automargin off: plotly_white grows each margin to fit its tick labels, which costs a second
    # layout pass (about half of drawing a 2-D chart, on every redraw); the margins here are sized
    # for the house fonts instead.
    axis_fonts = dict(tickfont_size=FONT_SIZE - 1, title_font_size=FONT_SIZE + 1, automargin=False)
    template.layout.update(
        margin=dict(l=60, r=20, t=50, b=55),
        font=dict(size=FONT_SIZE, family=FONT_FAMILY),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0.0),
        hoverlabel=dict(font_size=FONT_SIZE),
        xaxis=axis_fonts,
        yaxis=axis_fonts,
    )
    name = "gdviz_" + "_".join(sorted(kinds))
    pio.templates[name] = template
    return name


PRESENT_SCALE = 1.5
"""Present mode (a projector at 1920×1080, read from the back row): every font and marker this much
larger, every font at least :data:`PRESENT_MIN_FONT` px and every line at least :data:`PRESENT_MIN_LINE` px."""
PRESENT_MIN_FONT = 20
PRESENT_MIN_LINE = 3
PRESENT_GRID = "#C8D0DC"
"""Gridlines and zero lines in Present mode: plotly_white's #EBF0F8 (1.1:1 on white) vanishes on a projector's
washed-out white; this one (1.6:1) stays visible and still below every trace."""
_PLOTLY_MARKER_SIZE = 6  # plotly.js's default, for markers that do not set one


def presented(figure: dict[str, Any]) -> dict[str, Any]:
    """The house style at projector size: ``figure`` as Plotly's JSON (a dict, as a live chart sends
    it) with every font (the template's and the figure's own), marker, margin and the height scaled by
    :data:`PRESENT_SCALE`, lines widened to :data:`PRESENT_MIN_LINE` px and gridlines darkened to
    :data:`PRESENT_GRID`. Changes ``figure`` in
    place and returns it: the same figure :func:`style` made, drawn larger, not a second figure."""
    layout = figure.setdefault("layout", {})
    layout.setdefault("font", {}).setdefault("size", FONT_SIZE)
    _scale_fonts(layout)
    template_layout = layout.setdefault("template", {}).setdefault("layout", {})
    for axis in ("xaxis", "yaxis"):
        template_layout.setdefault(axis, {}).update(gridcolor=PRESENT_GRID, zerolinecolor=PRESENT_GRID)
    margin = template_layout.get("margin", {})
    own = layout.get("margin", {})
    layout["margin"] = own | {side: round(own.get(side, margin.get(side, 0)) * PRESENT_SCALE) for side in "lrtb"}
    if isinstance(layout.get("height"), int | float):
        # As tall as the fonts grow: notes placed in data units (a label above a marker, a band's name)
        # keep their room, which a chart scaled less than its text would squeeze into overlaps.
        layout["height"] = round(layout["height"] * PRESENT_SCALE)
    for trace in figure.get("data", []):
        _scale_fonts(trace)
        mode = trace.get("mode", "lines" if trace.get("type", "scatter") == "scatter" else "")
        if "lines" in mode or "line" in trace:
            line = trace.setdefault("line", {})
            line["width"] = max(line.get("width", 2), PRESENT_MIN_LINE)
        if "markers" in mode:
            marker = trace.setdefault("marker", {})
            size = marker.get("size", _PLOTLY_MARKER_SIZE)
            if isinstance(size, int | float):
                marker["size"] = round(size * PRESENT_SCALE)
    return figure


def _scale_fonts(node: Any) -> None:
    """Every ``size`` of a font inside ``node`` (``font``, ``tickfont``, ``title.font``...), scaled."""
    if isinstance(node, list):
        for item in node:
            _scale_fonts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), int | float):
                value["size"] = max(round(value["size"] * PRESENT_SCALE), PRESENT_MIN_FONT)
            _scale_fonts(value)


def size_annotations(fig: go.Figure) -> go.Figure:
    """Give subplot titles and plain notes the house size; an annotation that sets its own size keeps it.
    Part of :func:`style`; call it again after replacing a styled figure's annotations."""
    fig.update_annotations(font_size=FONT_SIZE + 1, selector=lambda a: a.font.size is None)
    return fig


def padded_range(values: npt.ArrayLike, pad: float = 0.08, *, include: Sequence[float] = ()) -> list[float]:
    """A fixed axis range around the finite ``values`` (and ``include``), widened by ``pad``.

    Figures compute their ranges from everything a slider can reach, not from the current value,
    so the axes stay still while the slider moves.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    v = np.concatenate([v[np.isfinite(v)], np.asarray(include, dtype=np.float64)])
    if v.size == 0:
        return [-1.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return [lo - pad * span, hi + pad * span]


def fmt(value: float, digits: int = 2) -> str:
    """A number as a student writes it: fixed decimals, a true minus sign, no "-0.00"."""
    if not np.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "NaN")
    text = f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = f"{0.0:.{digits}f}"
    return text.replace("-", "−")


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_of_ten(mantissa_text: str, exponent: int, *, times: str = "×") -> str:
    """``mantissa_text`` times ten to the ``exponent``, the exponent written in superscript digits.

    >>> power_of_ten("2.77", 6), power_of_ten("1.4", 11, times=" × "), power_of_ten("−1.00", -7)
    ('2.77×10⁶', '1.4 × 10¹¹', '−1.00×10⁻⁷')
    """
    return f"{mantissa_text}{times}10{str(exponent).translate(_SUPERSCRIPTS)}"


def nice_floor(value: float) -> float:
    """The largest 1·10ᵏ, 2·10ᵏ or 5·10ᵏ not above ``value`` (so a legend says ×0.05, not ×0.0473, and a
    control steps by 0.02, not 0.0237); 1 for a value that is not a positive number.

    >>> nice_floor(0.0473), nice_floor(0.025), nice_floor(7.0), nice_floor(0.0)
    (0.02, 0.02, 5.0, 1.0)
    """
    if not np.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for mantissa in (5.0, 2.0, 1.0):
        if mantissa * power <= value * (1 + 1e-12):
            return mantissa * power
    return power
