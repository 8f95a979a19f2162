"""Shared test helpers: an AppTest opened on one lesson, in one language."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.figures.drawing import expand_slices

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def open_page(slug: str, lang: str = "en", query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run app.py, switch to ``views/<slug>.py`` in ``lang`` and return the AppTest."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["_gdviz_whole_figures"] = True  # every chart whole in every run (gdviz.ui.layout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"views/{slug}.py")
    at.run()
    return at


@pytest.fixture
def page() -> Callable[..., AppTest]:
    return open_page


def whole_figure(figure: dict[str, Any], *, expand: bool = True, known: dict[str, Any] | None = None) -> dict[str, Any]:
    """A figure as gdviz.ui.layout.chart sends it, its parts put in place and its frame slices
    expanded (as gdviz/ui/static/chart.js does) unless ``expand`` is false.

    A part sent in full is kept in ``known`` (by id, when given); a part sent by name alone is
    looked up there, as the browser looks it up in its store.
    """
    known = {} if known is None else known

    def value(slot: Any) -> Any:
        if isinstance(slot, dict) and "$part" in slot:
            if "value" in slot:
                known[slot["$part"]] = slot["value"]
            assert slot["$part"] in known, f"part {slot['$part']} was never sent in full"
            return known[slot["$part"]]
        return slot

    layout = dict(figure["layout"])
    if "template" in layout:
        layout["template"] = value(layout["template"])
    data = [value(trace) for trace in figure["data"]]
    frames = value(figure["frames"])
    return {"data": data, "layout": layout, "frames": expand_slices(frames, data) if expand else frames}


def sent_figures(elements: Iterable[Any]) -> list[tuple[str, dict[str, Any]]]:
    """The figure each gdviz.chart element among ``elements`` (BidiComponent protos) was sent, as sent,
    with its chart's key. The element app.py mounts only to load plotly.js early has none
    (gdviz.ui.chart_element.load_plotly_early)."""
    payloads = [
        (element.id.rsplit("-", 1)[-1], json.loads(element.bytes))
        for element in elements
        if element.component_name == "gdviz.chart"
    ]
    return [(key, payload["figure"]) for key, payload in payloads if "figure" in payload]


def live_elements(at: AppTest) -> dict[str, dict[str, Any]]:
    """What each gdviz.live element on the page was sent (gdviz.ui.live), by its key: a slider's grid
    and committed index, a chart's figure and states, a text's template and slots."""
    return {
        element.proto.id.split("-", 2)[-1]: json.loads(element.proto.bytes)  # "$$ID-<hash>-<key>"
        for element in at.get("bidi_component")
        if element.proto.component_name == "gdviz.live"
    }


def commit(at: AppTest, **values: float) -> AppTest:
    """What releasing live sliders at these values leaves in the session, then the rerun."""
    for key, value in values.items():
        at.session_state[key] = value
    return at.run()


def live_html(at: AppTest, key: str) -> str:
    """The HTML of the live text ``key`` as the browser shows it at its controls' committed values."""
    elements = live_elements(at)
    text = elements[key]
    index = {k: elements[f"live-{k}"]["index"] for k in text["channels"]}
    html = text["template"]
    for n, slot in enumerate(text["slots"]):
        k = next(iter(slot))
        html = html.replace(f'<span data-live="{n}"></span>', escape(slot[k][index[k]]))
    return html


def live_tables(at: AppTest, key: str) -> list[pd.DataFrame]:
    """The tables of the live text ``key`` at its controls' committed values (as :func:`tables` reads them)."""
    return _read_tables([live_html(at, key)])


def live_words(at: AppTest, key: str) -> str:
    """The words of the live text ``key`` at its controls' committed values, as a reader sees them."""
    reader = _Words()
    reader.feed(live_html(at, key))
    return " ".join(" ".join(reader.words).split())


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("div", "p", "br", "td", "th", "span"):
            self.words.append(" ")


def state_rows(spec: dict[str, Any] | list[Any]) -> Any:
    """A state array as the browser reads it (gdviz/ui/static/live.js): float32 rows, or rows of text."""
    if isinstance(spec, list):
        return np.array(spec, dtype=object)
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.float32).reshape(
        [int(n) for n in spec["shape"].split(",")]
    )


def charts(at: AppTest) -> dict[str, dict[str, Any]]:
    """The page's charts in page order, by key: each figure (data, layout, frames) as the browser
    draws it from what gdviz.ui.layout.chart sends, or as a live chart sends it before any control
    moves it."""
    found = {}
    for element in at.get("bidi_component"):
        if element.proto.component_name == "gdviz.live":
            spec = json.loads(element.proto.bytes)
            if spec["kind"] == "chart":
                found[element.proto.id.split("-", 2)[-1]] = spec["figure"]
        else:
            found.update((key, whole_figure(figure)) for key, figure in sent_figures([element.proto]))
    return found


def paragraphs(at: AppTest) -> list[str]:
    """The page's markdown, paragraph by paragraph: one element may hold several (boxes of runs or
    rules, gdviz.figures.formulas.boxes_markdown)."""
    return [paragraph for element in at.markdown for paragraph in element.value.split("\n\n")]


def assert_clean(at: AppTest) -> None:
    """No exception element and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


class TableReader(HTMLParser):
    """The cells of every ``<table>`` in some HTML, each row as a list of (tag, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str]]]] = []
        self._cell: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append((self._cell[0], "".join(self._cell[1])))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1].append(data)


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The HTML tables on the page (gdviz.figures.formulas.table_html), in page order, as the text a student
    reads: the header row names the columns; rows that start with a header cell are labelled by it."""
    return _read_tables(element.value for element in at.markdown)


def _read_tables(htmls: Iterable[str]) -> list[pd.DataFrame]:
    found = []
    for html in htmls:
        reader = TableReader()
        reader.feed(html)
        for head, *body in reader.tables:
            labelled = bool(body) and body[0][0][0] == "th"
            names = [text for _, text in head]
            frame = pd.DataFrame(
                [[text for _, text in row[labelled:]] for row in body],
                columns=names[labelled:],
                index=[row[0][1] for row in body] if labelled else None,
            )
            found.append(frame)
    return found


def as_numbers(texts: pd.Series) -> list[float]:
    """Numbers as gdviz writes them (a true minus sign), read back."""
    return [float(text.replace("−", "-")) for text in texts]
