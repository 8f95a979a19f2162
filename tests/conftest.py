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

from gdviz.ui.pages import HOME, PAGES

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "gdviz" / "app.py")


def open_page(slug: str, lang: str = "en", query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run gdviz/app.py on the page ``<slug>`` in ``lang``, as a link to it opens it, and return the AppTest."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(next(p for p in (HOME, *PAGES) if p.slug == slug).script)
    at.run()
    return at


@pytest.fixture
def page() -> Callable[..., AppTest]:
    return open_page


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
    """The page's charts in page order, by key: each figure (data, layout) as its live chart sends it,
    before any control moves it."""
    return {key: spec["figure"] for key, spec in live_elements(at).items() if spec.get("kind") == "chart"}


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
