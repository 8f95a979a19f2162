"""A lesson to take away: one HTML file that scrubs offline, and its runs as a CSV table.

:func:`lesson_html` writes a lesson's live elements (sliders, charts, texts; gdviz.figures.live) into one
standalone page: plotly.js, gdviz's own gdviz/ui/static/live.js and every precomputed state inlined,
so it opens from ``file://`` (or inside a notebook, :func:`iframe`) with no network at all, and a
slider shows row ``i`` of every state exactly as the app does, by the same code. :func:`runs_csv`
writes descents (gdviz.descend's Path) one row per step, for a spreadsheet.

Nothing here imports Streamlit: the app's export menu (gdviz/ui/export.py) and a notebook call the
same two functions.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path as FilePath

import plotly
from plotly.offline import get_plotlyjs_version

from gdviz.core.descend import Path
from gdviz.figures.live import Control, LiveFigure, LiveText, chart_element, slider_element, text_element
from gdviz.figures.theme import PLOTLY_CONFIG
from gdviz.i18n import normalize_lang, tr
from gdviz.ui import plotly_bundle

__all__ = ["Slider", "iframe", "lesson_html", "runs_csv"]

STATIC = FilePath(__file__).with_name("ui") / "static"
WHOLE_PLOTLY_JS = FilePath(plotly.__file__).parent / "package_data" / "plotly.min.js"
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@dataclass(frozen=True)
class Slider:
    """A live control's slider as a page shows it: at value ``index`` (by default the control's
    opening value), with ``help`` under it."""

    control: Control
    index: int | None = None
    help: str | None = None


Part = Control | Slider | LiveFigure | LiveText
"""One element of a lesson, in page order: a control (its slider), a live figure or a live text."""


def _element(part: Part, lang: str) -> str:
    """The element's spec for live.js (gdviz.figures.live): charts draw with the page's own plotly.js."""
    if isinstance(part, Control):
        part = Slider(part)
    if isinstance(part, Slider):
        index = part.control.default if part.index is None else part.index
        return slider_element(part.control, index, part.help, lang)
    if isinstance(part, LiveFigure):
        unavailable = tr("common.chart_unavailable", lang, error="{error}")
        return chart_element(part, src=None, unavailable=unavailable, config=PLOTLY_CONFIG)
    if isinstance(part, LiveText):
        return text_element(part)
    raise TypeError(f"not a part of a lesson: {type(part).__name__}")


def plotly_js_file(figures: Sequence[LiveFigure]) -> FilePath:
    """The plotly.js that draws every figure: plotly.js's cartesian bundle when it is kept here and
    draws them all (gdviz.ui.plotly_bundle, 1.5 MB), else the whole plotly.js the plotly package
    ships (4.8 MB; 3-D charts need it)."""
    types = {trace.type for live in figures for trace in live.figure.data}
    if plotly_bundle.draws(types) and plotly_bundle.usable(get_plotlyjs_version()):
        return plotly_bundle.PATH
    return WHOLE_PLOTLY_JS


def _script(code: str) -> str:
    """Code safe inside a ``<script>`` element: a ``</script`` in a string would end it early (the
    backslash changes nothing to JavaScript in a string, a regular expression or a comment)."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


# Mounts each element with live.js's own mount() (the module's code is inlined just above this).
_ENTRY = """
const lesson = document.getElementById("gdviz-lesson");
const elements = JSON.parse(document.getElementById("gdviz-elements").textContent);
elements.forEach((spec, k) => {
  const root = document.createElement("div");
  root.className = `gdviz-part gdviz-part-${spec.kind}`;
  root.dataset.part = String(k);
  lesson.appendChild(root);
  mount(root, spec);
});
"""

_PAGE_CSS = """
body { margin: 0; font-family: "Source Sans Pro", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
  system-ui, sans-serif; color: #31333f; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.gdviz-export-note { color: #6b6f7b; font-size: 0.9rem; }
.gdviz-part { margin: 0.75rem 0; }
"""


def lesson_html(parts: Sequence[Part], lang: str, title: str) -> str:
    """One standalone HTML page showing ``parts`` in order, with their live sliders, in ``lang``.

    Parameters
    ----------
    parts : sequence of Control, Slider, LiveFigure or LiveText
        The lesson's elements as built for ``lang`` (a figure or text built in another language stays
        in that language). Elements of one control follow its slider, as in the app.
    lang : {"en", "zh"}
        The page's language (its ``lang`` attribute, its note, a chart's sentence if plotly.js fails).
    title : str
        The page's title and heading.

    Returns
    -------
    str
        The page: plotly.js, live.js and every state inlined; it fetches nothing.

    >>> from gdviz.core.datasets import get
    >>> from gdviz.figures import forward
    >>> from gdviz.figures.live import w_control
    >>> ds = get("five_points")
    >>> w = w_control(ds, "en")
    >>> page = lesson_html([w, forward.fit_figure(ds, w, 0.0, "en")], "en", "Forward")
    >>> page.startswith("<!doctype html>"), "https://" in page.split("<script>")[0]
    (True, False)
    """
    lang = normalize_lang(lang)
    figures = [part for part in parts if isinstance(part, LiveFigure)]
    elements = "[" + ",".join(_element(part, lang) for part in parts) + "]"
    live_js = (STATIC / "live.js").read_text(encoding="utf-8")
    live_css = (STATIC / "live.css").read_text(encoding="utf-8")
    # JSON inside a script element: "<" written as its escape, so no text in it can end the element.
    elements = elements.replace("<", "\\u003c")
    return (
        "<!doctype html>\n"
        f'<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_PAGE_CSS}{live_css}</style>\n"
        f"<script>{_script(plotly_js_file(figures).read_text(encoding='utf-8'))}</script>\n"
        "</head>\n<body>\n<main>\n"
        f'<h1>{escape(title)}</h1>\n<p class="gdviz-export-note">{escape(tr("export.note", lang))}</p>\n'
        '<div id="gdviz-lesson"></div>\n</main>\n'
        f'<script type="application/json" id="gdviz-elements">{elements}</script>\n'
        f'<script type="module">\n{_script(live_js)}\n{_ENTRY}</script>\n'
        "</body>\n</html>\n"
    )


def iframe(page: str, height: int = 700) -> str:
    """``page`` (:func:`lesson_html`) in an ``<iframe srcdoc>``: a notebook shows it with
    ``IPython.display.HTML(iframe(page))`` and it scrubs there with no server (its scripts run in a
    document of their own, away from the notebook's). A ``<div>`` holds it: IPython takes HTML that
    starts with ``<iframe`` for a mistake and warns."""
    frame = f'<iframe srcdoc="{escape(page)}" style="width: 100%; height: {height}px; border: 0"></iframe>'
    return f"<div>{frame}</div>"


def _number(value: float) -> str:
    """A number as the CSV holds it: the shortest text that reads back to the same float, empty for
    NaN (a step after divergence)."""
    return "" if math.isnan(value) else repr(float(value))


def runs_csv(runs: Mapping[str, Path], lang: str) -> bytes:
    r"""The runs as a CSV table, one row per step, headers in ``lang``, UTF-8 with a BOM (so Excel reads
    Chinese headers).

    Columns: run, step t, θ_t (one column per parameter), loss at θ_t, then the step taken from θ_t:
    its gradient (one column per parameter), its learning rate and its batch's loss (empty when the run
    is full batch). A run of ``s`` steps has ``s + 1`` rows; the last (θ where it stopped) has no step
    after it. NaN (a run past divergence) is an empty cell.

    Parameters
    ----------
    runs : mapping of str to Path
        Each run under the name the lesson shows it by; all with the same number of parameters.
    lang : {"en", "zh"}

    >>> import gdviz
    >>> path = gdviz.descend(gdviz.LinearMSE([1.0, 2.0], [2.0, 4.0]), gdviz.rules.gd(lr=0.1), [0.0, 0.0], steps=1)
    >>> print(*runs_csv({"gd": path}, "en").decode("utf-8-sig").splitlines(), sep="\n")
    run,step,θ1,θ2,loss,gradient ∂L/∂θ1,gradient ∂L/∂θ2,learning rate,batch loss
    gd,0,0.0,0.0,10.0,-10.0,-6.0,0.1,
    gd,1,1.0,0.6000000000000001,1.0599999999999987,,,,
    """
    dims = {path.theta.shape[1] for path in runs.values()}
    if len(dims) > 1:
        raise ValueError(f"runs with different numbers of parameters ({sorted(dims)}) do not share one table")
    d = dims.pop() if dims else 0
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    header = [tr("export.csv.run", lang), tr("export.csv.step", lang)]
    header += [tr("export.csv.theta", lang, i=i + 1) for i in range(d)]
    header += [tr("export.csv.loss", lang)]
    header += [tr("export.csv.grad", lang, i=i + 1) for i in range(d)]
    header += [tr("export.csv.lr", lang), tr("export.csv.batch_loss", lang)]
    writer.writerow(header)
    for name, path in runs.items():
        full_batch = path.steps_per_epoch == 1
        for t in range(path.steps + 1):
            row = [name, str(t), *map(_number, path.theta[t]), _number(path.loss[t])]
            if t < path.steps:
                row += [*map(_number, path.grad[t]), _number(path.lr[t])]
                row.append("" if full_batch else _number(path.batch_loss[t]))
            else:
                row += [""] * (d + 2)
            writer.writerow(row)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
