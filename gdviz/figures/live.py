"""Live controls: Python computes every state along a control; the browser only chooses which to show.

A live control (:class:`Control`) is a grid of values, for example w from 0 to 2 in steps of 0.01. A
figure that follows it is a :class:`LiveFigure`: a Plotly figure plus, for each control it follows
(:class:`Moves`), an array per attribute of each moving trace (found by its ``meta``, a name that is
not shown) holding that attribute at every value of the grid, one row per value. Text that follows it
is a :class:`LiveText`: HTML whose numbers are slots, each slot a string per value, already formatted
in the page's language. While a control is dragged, the browser picks row ``i`` of every array and
slot of that control (gdviz/ui/static/live.js); it computes nothing. Rows along one control hold the
other controls at their committed values; committing one sends the others' rows anew.

A trail that grows along one control while its path moves along another (a race's paths up to the step
shown, each at its own η) would cost a whole path per row. Its rows are counts instead (:func:`prefix`):
the trail shows the first ``n`` points of another trace's x and y, as that trace is shown.

Nothing here imports Streamlit: the same objects describe the app's live charts and can be written
out for a notebook or a standalone page.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from gdviz.core._types import FloatArray
from gdviz.core.datasets import Dataset
from gdviz.figures.formulas import Html
from gdviz.figures.theme import fmt
from gdviz.i18n import tr

__all__ = [
    "Control",
    "LiveFigure",
    "LiveText",
    "Moves",
    "TextSlots",
    "chart_element",
    "control",
    "moving",
    "prefix",
    "slider_element",
    "text_element",
    "w_control",
]


@dataclass(frozen=True)
class Control:
    """A live control: every value it can take, and each as the page prints it.

    Attributes
    ----------
    key : str
        Its name in the URL and in the session (``"w"``).
    label : str
        What it is called on screen, in the page's language (also its accessible name).
    values : ndarray of shape (s,)
        The grid, ascending.
    texts : tuple of s str
        Each value as shown next to the control and read out by a screen reader.
    default : int
        Index of the value the lesson opens with.
    clock : bool
        Whether it is a clock along a run (the step or the epoch shown): its slider plays through the
        run (a button, or Space; ``.`` and ``,`` step it), and on a new run's grid it opens at
        ``default`` again rather than keep the value it had on the old one.
    """

    key: str
    label: str
    values: FloatArray
    texts: tuple[str, ...]
    default: int
    clock: bool = False

    def __post_init__(self) -> None:
        if self.values.ndim != 1 or self.values.size < 2 or np.any(np.diff(self.values) <= 0):
            raise ValueError(f"control {self.key!r}: its values must be an ascending grid of at least two")
        if len(self.texts) != self.values.size:
            raise ValueError(f"control {self.key!r}: {len(self.texts)} texts for {self.values.size} values")
        if not 0 <= self.default < self.values.size:
            raise ValueError(f"control {self.key!r}: default index {self.default} is off the grid")

    @property
    def size(self) -> int:
        """How many values (states) the control has."""
        return int(self.values.size)

    @property
    def channel(self) -> str:
        """What the page's live elements of this control share: its key and its grid, so that an
        element of another grid (another dataset's w) never follows it."""
        lo, hi = self.values[0], self.values[-1]
        return f"{self.key}:{lo:.6g}:{hi:.6g}:{self.size}"

    def index(self, value: float) -> int:
        """The index of the grid value nearest to ``value`` (the ends for values off the grid)."""
        if not np.isfinite(value):
            raise ValueError(f"{value} is not a number on {self.key}'s grid")
        return int(np.abs(self.values - value).argmin())


def control(
    key: str,
    label: str,
    lo: float,
    hi: float,
    step: float,
    default: float,
    *,
    digits: int | None = None,
    clock: bool = False,
) -> Control:
    """A :class:`Control` over ``lo, lo + step, …, hi``, opening at the grid value nearest ``default``,
    its values written with ``digits`` decimals (by default as many as the step has, at least two for a
    step below 1: ``0.50``, ``0.002``, ``7``); ``clock`` as in :class:`Control`.

    >>> c = control("w", "w", 0.0, 2.0, 0.01, 0.8)
    >>> c.size, c.texts[c.default], c.index(1.234)
    (201, '0.80', 123)
    """
    if digits is None:
        digits = 0 if step >= 1 else max(2, -math.floor(math.log10(step) + 1e-9))
    count = round((hi - lo) / step) + 1
    values = np.round(lo + step * np.arange(count), 10)
    grid = Control(key, label, values, tuple(fmt(v, digits) for v in values), 0)
    return Control(key, label, values, grid.texts, grid.index(default), clock)


def w_control(ds: Dataset, lang: str) -> Control:
    """The live w of the lessons on one-feature data: the dataset's range on its grid (``ds.w_step``),
    opening at ``ds.w_open``. One key, ``w``, on every lesson: a committed w carries over between them."""
    return control("w", tr("common.w", lang), *ds.w_range, ds.w_step, ds.w_open)


def typed(values: npt.ArrayLike) -> dict[str, str] | list[Any]:
    """An array as a Plotly typed array of float32 (``{"dtype": "f4", "bdata": …, "shape": …}``):
    what a screen draws needs no more precision, and it is about five characters a number. NaN (a
    gap in a line) stays NaN. An array of text (a label that follows the control) stays a list."""
    if np.asarray(values).dtype.kind in "OUS":
        return np.asarray(values).tolist()
    arr = np.ascontiguousarray(values, dtype=np.float32)
    spec = {"dtype": "f4", "bdata": base64.b64encode(arr.tobytes()).decode("ascii")}
    if arr.ndim > 1:
        spec["shape"] = ",".join(map(str, arr.shape))
    return spec


States = Mapping[str, Mapping[str, npt.NDArray[Any]]]
"""Trace meta -> attribute (``"x"``, ``"y"``, ``"text"``, or a :func:`prefix`) -> array of shape (s, m),
of numbers or of text: row ``i`` at value ``i`` of a control."""

PREFIX = "prefix:"


def prefix(meta: str) -> str:
    """The attribute name of a trace that shows the first ``n`` points (x and y) of the trace tagged
    ``meta`` as that trace is shown, ``n`` its row (shape (s, 1)): ``{prefix("path"): counts}``."""
    return PREFIX + meta


def _source(name: str) -> str | None:
    """The meta a :func:`prefix` attribute copies from, None for a plain attribute."""
    return name[len(PREFIX) :] if name.startswith(PREFIX) else None


@dataclass(frozen=True)
class Moves:
    """How some traces of a figure move along one control.

    Attributes
    ----------
    control : Control
        The control.
    traces : mapping of trace meta to mapping of attribute to ndarray of shape (s, m)
        Row ``i`` is the trace's attribute at ``control.values[i]``, every other control of the figure
        held at its committed value.
    """

    control: Control
    traces: States


def moving(meta: str, rows: Mapping[str, FloatArray], at: int, **props: Any) -> go.Scatter:
    """A scatter trace tagged ``meta`` whose moving attributes (``rows``: attribute -> one row per value
    of a control, as a :class:`Moves` holds them) show row ``at``; ``props`` style it."""
    return go.Scatter(meta=meta, **{name: values[at] for name, values in rows.items()}, **props)


@dataclass(frozen=True)
class LiveFigure:
    """A figure and its moving traces at every value of each control it follows.

    Attributes
    ----------
    figure : go.Figure
        The figure as drawn before any control moves it (its builder says at which values), fixed axes
        and all.
    moves : tuple of Moves
        One per control the figure follows.
    """

    figure: go.Figure
    moves: tuple[Moves, ...]

    def __post_init__(self) -> None:
        metas = [trace.meta for trace in self.figure.data]
        for move in self.moves:
            for meta, attributes in move.traces.items():
                if metas.count(meta) != 1:
                    raise ValueError(f"{metas.count(meta)} traces with meta {meta!r} in the figure, not one")
                for name, rows in attributes.items():
                    if rows.ndim != 2 or rows.shape[0] != move.control.size:
                        raise ValueError(f"{meta}.{name}: {rows.shape} is not one row per value of {move.control.key}")
                    source = _source(name)
                    if source is not None and (metas.count(source) != 1 or rows.shape[1] != 1):
                        raise ValueError(f"{meta}.{name}: one count a row, of the points of one trace")

    def trace(self, meta: str) -> Any:
        """The figure's trace with this ``meta``."""
        return next(trace for trace in self.figure.data if trace.meta == meta)

    def states(self, key: str | None = None) -> States:
        """The rows along the control named ``key`` (by default the figure's only control)."""
        return _one(self.moves, key).traces

    def at(self, index: int, key: str | None = None) -> go.Figure:
        """The figure as shown at value ``index`` of the control ``key`` (by default its only one): a copy
        with those rows in place of the moving traces' own (what the browser draws; a static export)."""
        fig = go.Figure(self.figure)
        states = self.states(key)
        for meta, attributes in states.items():
            plain = {name: rows[index] for name, rows in attributes.items() if _source(name) is None}
            fig.update_traces(plain, selector=dict(meta=meta))
        for meta, attributes in states.items():
            for name, rows in attributes.items():
                if (source := _source(name)) is not None:
                    whole, n = next(fig.select_traces(dict(meta=source))), int(rows[index, 0])
                    fig.update_traces(dict(x=whole.x[:n], y=whole.y[:n]), selector=dict(meta=meta))
        return fig

    def to_json(self) -> str:
        """The figure (Plotly's own JSON) and, per control, its rows as float32 typed arrays."""
        moves = [
            {
                "channel": move.control.channel,
                "traces": {meta: {k: typed(rows) for k, rows in attrs.items()} for meta, attrs in move.traces.items()},
            }
            for move in self.moves
        ]
        return f'{{"figure":{self.figure.to_json()},"moves":{json.dumps(moves, separators=(",", ":"))}}}'


def _only(controls: Sequence[Control]) -> Control:
    """The one control of something that follows one; a sentence when it follows more."""
    if len(controls) != 1:
        raise ValueError(f"name the control: this follows {', '.join(c.key for c in controls)}")
    return controls[0]


def _one(moves: Sequence[Moves], key: str | None) -> Moves:
    """The moves along the control named ``key``, or along the only one."""
    key = key or _only([move.control for move in moves]).key
    return next(move for move in moves if move.control.key == key)


class TextSlots:
    """Collects the slots of a :class:`LiveText`: each :meth:`add` returns the markup of one slot."""

    def __init__(self, *controls: Control) -> None:
        self.controls = controls
        self.columns: list[dict[str, tuple[str, ...]]] = []

    def add(self, texts: Sequence[str] | Mapping[str, Sequence[str]]) -> Html:
        """A slot showing ``texts[i]`` at value ``i`` of the only control, or, given texts by control
        key, the texts of the control that moved last; its markup, for the template."""
        by_key = texts if isinstance(texts, Mapping) else {_only(self.controls).key: texts}
        column = {}
        for key, values in by_key.items():
            control = next(c for c in self.controls if c.key == key)
            if len(values) != control.size:
                raise ValueError(f"{len(values)} texts for {control.size} values of {key}")
            column[key] = tuple(values)
        self.columns.append(column)
        return Html(f'<span data-live="{len(self.columns) - 1}"></span>')

    def text(self, template: str) -> LiveText:
        """The :class:`LiveText` of ``template`` with these slots."""
        return LiveText(template, self.controls, tuple(self.columns))


@dataclass(frozen=True)
class LiveText:
    """HTML whose numbers follow one or more controls.

    Attributes
    ----------
    template : str
        HTML with ``<span data-live="k"></span>`` where slot ``k`` goes (made by :class:`TextSlots`).
    controls : tuple of Control
        The controls it follows.
    slots : tuple of mappings of control key to tuple of str
        Slot ``k``'s text at each value of each control it follows (plain text: set as text).
    """

    template: str
    controls: tuple[Control, ...]
    slots: tuple[Mapping[str, tuple[str, ...]], ...]

    def at(self, index: int, key: str | None = None) -> str:
        """The HTML as shown at value ``index`` of the control ``key`` (by default the only one); slots
        that do not follow it are left empty."""
        key = key or _only(self.controls).key
        html = self.template
        for k, texts in enumerate(self.slots):
            if key in texts:
                html = html.replace(
                    f'<span data-live="{k}"></span>', f'<span data-live="{k}">{escape(texts[key][index])}</span>'
                )
        return html

    def to_json(self) -> str:
        """The template, each control's channel, and the slots, for the browser."""
        channels = {c.key: c.channel for c in self.controls}
        return json.dumps(
            {"template": self.template, "channels": channels, "slots": self.slots},
            ensure_ascii=False,
            separators=(",", ":"),
        )


# What gdviz/ui/static/live.js mounts, as JSON: the app sends these (gdviz/ui/live.py), a standalone
# lesson inlines them (gdviz/export.py). One spec per element: ``kind`` says which.


def slider_element(control: Control, index: int, help_text: str | None, lang: str) -> str:
    """The spec of ``control``'s slider, showing value ``index``, with ``help_text`` under it; a clock
    also gets its play button's words in ``lang`` (it plays through the run, and Space plays it)."""
    spec = {
        "kind": "slider",
        "channel": control.channel,
        "label": control.label,
        "help": help_text,
        "values": [float(v) for v in control.values],
        "texts": control.texts,
        "index": index,
    }
    if control.clock:
        spec["play"] = {key: tr(f"live.{key}", lang) for key in ("play", "pause", "keys")}
    return json.dumps(spec, ensure_ascii=False)


def chart_element(live: LiveFigure, *, src: str | None, unavailable: str, config: Mapping[str, Any]) -> str:
    """The spec of a live chart drawn with the plotly.js at ``src`` (None: the page's own ``Plotly``),
    ``unavailable`` the sentence shown when it cannot load (``{error}`` says why)."""
    head = json.dumps({"kind": "chart", "src": src, "unavailable": unavailable, "config": config})
    return head[:-1] + "," + live.to_json()[1:]


def text_element(live: LiveText) -> str:
    """The spec of a live text."""
    return '{"kind":"text",' + live.to_json()[1:]
