"""What every gdviz figure shares: colours, fonts sized for a projector, fixed axis ranges and
the client-side animation controls. Builders call these instead of styling figures themselves."""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import plotlyjsShortTypes
from plotly.basedatatypes import BaseTraceType

from gdviz.i18n import tr

# One colour per idea, the same on every page (Okabe–Ito, readable by colour-blind students).
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

MAX_FRAMES = 51
"""The most frames an animation carries: enough to look smooth, few enough to build and send quickly."""

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
"""The Plotly config of every chart (gdviz.ui.layout.chart)."""


_ARRAY_KEYS = ("x", "y", "z", "customdata")


# The types plotly.js reads as typed arrays, by NumPy type (native byte order: Plotly names a type by
# its text, and "<f8" or ">f8" is none of these). A 64-bit integer array is written as the narrowest
# of its kind that holds its values (plotly.js has no 64-bit integers), as Plotly does.
_SHORT_NAMES = {np.dtype(name): short for name, short in plotlyjsShortTypes.items()}
_NARROWER = {
    np.dtype("int64"): tuple(map(np.dtype, ("int8", "int16", "int32"))),
    np.dtype("uint64"): tuple(map(np.dtype, ("uint8", "uint16", "uint32"))),
}


def typed_array(values: npt.NDArray[np.generic]) -> dict[str, str] | list[Any]:
    """``values`` as Plotly writes a NumPy array into a figure's JSON (``fig.to_dict()``, through
    ``_plotly_utils.utils.to_typed_array_spec``): ``{"dtype", "bdata"[, "shape"]}`` for the types
    plotly.js reads, else a list.

    Written here, not left to Plotly: Plotly copies every array it converts through narwhals and
    checks it against each dataframe library first, 75 µs an array against 1.5 µs here; a race's
    frames hold a thousand small arrays, and a lesson 5 or 6 chart sends 60 or more.
    """
    if values.size and values.dtype in _NARROWER:
        lo, hi = values.min(), values.max()
        for narrower in _NARROWER[values.dtype]:
            info = np.iinfo(narrower)
            if info.min <= lo and hi <= info.max:
                values = values.astype(narrower)
                break
    short = _SHORT_NAMES.get(values.dtype)
    if not values.size or short is None:
        return values.tolist()
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(values)).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = str(values.shape)[1:-1]
    return spec


def _compact_array(value: Any, *, whole_max: int) -> Any:
    """Numbers as a compact typed array: unsigned integers below ``whole_max`` as uint8 / uint16, other
    numbers as float32 (NaN stays NaN, a gap); fewer than four as a plain list, rounded to seven
    significant digits, about float32's precision (``0.102219``, not ``0.10221903886116153``: a
    race's frames hold a thousand such points and arrow ends). A list of fewer than 32 Python ints
    (a trail's marker sizes) stays as it is: as short in JSON text as in base64, and no NumPy round
    trip. Anything that is not a numeric array (text, dates, a slice or a typed array already) is
    returned as it is."""
    if value is None or isinstance(value, str | dict):
        return value
    if isinstance(value, list) and len(value) < 32 and all(type(v) is int for v in value):
        return value
    if isinstance(value, np.ndarray) and value.size < 4:
        value = value.tolist()
    if isinstance(value, list | tuple) and len(value) < 4:
        # Most frame arrays are a point or an arrow's three rows: plain Python, no NumPy round trip,
        # one pass (a race's frames hold a thousand of them). Anything but numbers, or an infinity,
        # leaves the list as it is.
        rounded: list[float | None] = []
        for v in value:
            if v is None:
                rounded.append(None)
            elif not isinstance(v, int | float) or math.isinf(v):
                return value
            else:
                rounded.append(None if v != v else float(f"{v:.7g}"))
        return rounded
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):  # text, dates: leave as they are
        return value
    if arr.ndim != 1 or np.any(np.isinf(arr)):
        return value
    whole = (
        whole_max > 0
        and not np.any(np.isnan(arr))
        and np.all(arr == np.round(arr))
        and arr.min() >= 0
        and arr.max() < whole_max
    )
    if whole:
        return typed_array(arr.astype(np.uint8 if whole_max <= 256 else np.uint16))
    return typed_array(arr.astype(np.float32))


def frame_slice(trace: int, start: int, stop: int, then: Sequence[float] = ()) -> dict[str, Any]:
    """A frame's array (its ``x``, ``y`` or ``customdata``) given as part of the same array of the
    figure's own trace at index ``trace``: its elements ``start`` to ``stop`` (exclusive), then the
    numbers ``then`` (NaN as a gap).

    An animation's trail is a run of points its figure already draws, a path drawn faintly
    underneath; sending those points again in every frame was most of a race's bytes. The browser
    builds the array (gdviz/ui/static/chart.js, ``expandFrames``), so a frame sends three numbers.
    """
    spec: dict[str, Any] = {"$slice": [int(trace), int(start), int(stop)]}
    if len(then):
        spec["then"] = _compact_array(np.asarray(then, dtype=np.float64), whole_max=0)
    return spec


def _compact_trace(trace: dict) -> dict:
    """A frame's trace with its numeric arrays as compact typed arrays: float32 coordinates, step
    numbers as uint16, marker sizes as bytes.

    Frames are most of what an animated figure sends, and a figure is sent again on every slider
    step. A base64 float32 is about 5 characters a number on the wire against ~18 for JSON text, and
    still more precision than a screen can show. The figure's own traces keep float64, so what a test
    or a hover reads is the core's number.
    """
    for key in _ARRAY_KEYS:
        if key in trace:
            trace[key] = _compact_array(trace[key], whole_max=65536 if key == "customdata" else 0)
    marker = trace.get("marker")
    if isinstance(marker, dict) and "size" in marker and not np.isscalar(marker["size"]):
        marker["size"] = _compact_array(marker["size"], whole_max=256)
    return trace


def point_marker(color: str | Sequence[str], size: int = 15) -> dict[str, Any]:
    """The marker of where something is now (the current w, a run's last step): a filled dot with a
    white rim, so it stands out on a line of its own colour."""
    return dict(color=color, size=size, line=dict(color="white", width=2))


def style(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    """Apply the house layout (:func:`house_template`: white, projector-size fonts, small margins, a
    horizontal legend above the plot), the height, and ``uirevision`` so zoom survives updates."""
    kinds = frozenset({trace.type for trace in fig.data} | {"scatter"})
    fig.update_layout(template=house_template(kinds), height=height, showlegend=legend, uirevision="gdviz")
    return size_annotations(fig)


def traces_by_meta(fig: go.Figure, meta: str) -> list[BaseTraceType]:
    """The traces of ``fig`` tagged ``meta``, in drawing order."""
    return [trace for trace in fig.data if trace.meta == meta]


def scatter(**props: Any) -> go.Scatter:
    """``go.Scatter(**props)``, its properties not checked as it is built.

    Checking costs 0.5-1 ms a trace (each array goes through a dataframe test), and a slider step
    builds twenty to forty traces for the kept figures it moves them into (:func:`move_traces`):
    a tenth of a heavy lesson's server time. A figure checks every trace added to it (``add_trace``,
    ``go.Figure(data=...)``), so the figures built anew are checked whole; tests compare every moved
    figure with one built anew, which catches a property Plotly would have refused or changed.
    """
    return go.Scatter(_validate=False, **props)


def move_traces(held: Sequence[BaseTraceType], new: Sequence[BaseTraceType]) -> None:
    """Give each kept trace everything its new counterpart sets (data, names, styles), in place; what
    the kept trace has and the new one does not set (its subplot's axes, the base's styling) stays.

    A page keeps a styled figure between slider steps (gdviz.ui.layout.session_figure) and moves
    into it only the traces a step changes: building the subplots, the backgrounds and the template
    again costs far more. The new traces were checked by Plotly when they were built, so their
    properties go into the figure's own dict of each kept trace unchecked: ``trace.update`` would
    check them all again (0.5-1 ms a trace, each array through a dataframe test). Tests compare every
    moved figure with one built anew.
    """
    for kept, trace in zip(held, new, strict=True):
        kept._props.update(trace.to_plotly_json())


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


def frame_steps(steps: int, max_frames: int = MAX_FRAMES) -> npt.NDArray[np.intp]:
    """The steps shown as animation frames: every step when there are few, else evenly spaced,
    always with 0 and ``steps``.

    >>> frame_steps(3).tolist()
    [0, 1, 2, 3]
    >>> frame_steps(100, max_frames=5).tolist()
    [0, 25, 50, 75, 100]
    """
    if steps + 1 <= max_frames:
        return np.arange(steps + 1, dtype=np.intp)
    return np.unique(np.round(np.linspace(0, steps, max_frames)).astype(np.intp))


def controls_below_axis_title(fig: go.Figure, gap_px: int = 70) -> go.Figure:
    """Move the Play/Pause buttons and the scrub slider of :func:`add_animation` ``gap_px`` pixels below
    the plot area, clear of the x-axis tick labels and title (add_animation places them for a figure
    without an axis title), growing the bottom margin to fit them. Call it after the height is set."""
    margin = fig.layout.margin
    bottom = gap_px + 90
    plot_height = fig.layout.height - (margin.t or 0) - bottom
    offset = -gap_px / plot_height
    fig.update_layout(margin=dict(b=bottom))
    if fig.layout.updatemenus:
        fig.layout.updatemenus[0].y = offset
    if fig.layout.sliders:
        fig.layout.sliders[0].y = offset + 4 / plot_height
    return fig


def set_frames(fig: go.Figure, frames: Sequence[Sequence[Any]], traces: Sequence[int]) -> None:
    """Replace ``fig``'s animation frames: frame ``k`` (named ``str(k)``, as the scrub slider of
    :func:`add_animation` expects) sets the traces at indices ``traces`` to ``frames[k]`` (trace
    objects or dicts), their arrays compacted (:func:`_compact_trace`).

    The frames are stored unchecked. ``fig.frames = ...`` validates every array of every frame
    trace (each one through a dataframe check): 60-70 ms for a five-panel race of 51 frames, the
    largest part of a slider step on the server. Frame traces here carry only coordinates, step
    numbers and marker sizes, made by this package for traces Plotly has validated; so they go in as
    ``go.Frame(..., _validate=False)``, through ``_frame_objs`` since ``go.Figure`` has no public way
    to take frames unchecked (Plotly is pinned in requirements.txt). What leaves the figure is
    unchanged: tests/figures/test_theme.py checks ``fig.to_dict()`` against validated frames. Read
    frames back through ``fig.to_dict()["frames"]``: Plotly cannot turn unchecked frame data into
    trace objects (``fig.frames[k].data`` fails).
    """
    fig._frame_objs = tuple(
        go.Frame(
            dict(
                # A trace without a type is a scatter, as Plotly's validation would have made it.
                data=[
                    _compact_trace({"type": "scatter", **(t.to_plotly_json() if isinstance(t, BaseTraceType) else t)})
                    for t in data
                ],
                traces=list(traces),
                name=str(k),
            ),
            _validate=False,
        )
        for k, data in enumerate(frames)
    )


def add_animation(
    fig: go.Figure,
    frames: Sequence[Sequence[go.BaseTraceType]],
    traces: Sequence[int],
    labels: Sequence[str],
    lang: str,
    *,
    duration: int = 120,
) -> go.Figure:
    """Attach client-side frames with Play / Pause buttons and a scrub slider.

    Parameters
    ----------
    frames : one sequence of traces per frame
        Frame ``k`` replaces the traces at indices ``traces`` with ``frames[k]``.
    traces : indices of the traces the frames update
    labels : the slider's label for each frame
    duration : milliseconds per frame

    The browser plays the frames with no round trip to the server; the axes must be fixed
    (``range`` set) so nothing jumps while they play.
    """
    set_frames(fig, frames, traces)
    play_args = dict(
        frame=dict(duration=duration, redraw=False), transition=dict(duration=0), fromcurrent=True, mode="immediate"
    )
    fig.update_layout(
        updatemenus=[
            dict(
                type="buttons",
                direction="left",
                x=0.0,
                y=-0.12,
                xanchor="left",
                yanchor="top",
                pad=dict(t=0, r=8),
                showactive=False,
                buttons=[
                    dict(label=tr("common.play", lang), method="animate", args=[None, play_args]),
                    dict(
                        label=tr("common.pause", lang),
                        method="animate",
                        args=[
                            [None],
                            dict(frame=dict(duration=0, redraw=False), mode="immediate", transition=dict(duration=0)),
                        ],
                    ),
                ],
            )
        ],
        sliders=[
            dict(
                active=0,
                x=0.2,
                len=0.77,  # ends short of the plot's right edge: the last step's label is centred there
                y=-0.08,
                yanchor="top",
                pad=dict(t=0),
                currentvalue=dict(prefix="", visible=True, xanchor="right"),
                steps=_slider_steps(labels, len(frames)),
            )
        ],
    )
    fig.update_layout(margin=dict(b=110))
    return fig


def _slider_steps(labels: Sequence[str], frames: int) -> list[dict[str, Any]]:
    """The scrub slider's steps: step ``k``, labelled ``labels[k]``, shows frame ``str(k)``."""
    if len(labels) != frames:
        raise ValueError(f"{len(labels)} slider labels for {frames} frames")
    scrub = dict(mode="immediate", frame=dict(duration=0, redraw=False), transition=dict(duration=0))
    return [dict(label=label, method="animate", args=[[str(k)], scrub]) for k, label in enumerate(labels)]


def set_animation(
    fig: go.Figure, frames: Sequence[Sequence[Any]], traces: Sequence[int], labels: Sequence[str]
) -> None:
    """Give a figure made with :func:`add_animation` new frames and, when they differ, new slider
    labels (one per frame), in place; the buttons and the slider's place stay."""
    steps = _slider_steps(labels, len(frames))
    set_frames(fig, frames, traces)
    # Read from the layout's own dict: through Plotly's objects, fifty labels take milliseconds.
    if [step["label"] for step in fig._layout["sliders"][0]["steps"]] != list(labels):
        fig.layout.sliders[0].steps = steps


def move_animated(
    fig: go.Figure,
    traces: Sequence[BaseTraceType],
    frames: Callable[[int], Sequence[Sequence[Any]]],
    animated: Callable[[int], Sequence[int]],
    labels: Sequence[str],
) -> None:
    """Move a kept animated figure whose last traces are ``traces`` (as many, in order, e.g. a race's
    paths) to new ones, in place: the traces (:func:`move_traces`), then ``frames(first)`` moving
    ``animated(first)``, given the index of the first of those traces, and the slider's ``labels``."""
    first = len(fig.data) - len(traces)
    move_traces(fig.data[first:], traces)
    set_animation(fig, frames(first), animated(first), labels)
