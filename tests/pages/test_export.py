"""AppTest of every lesson's Export menu: the buttons are there, in the page's language, and what they
download is the page itself (the HTML holds exactly the live elements the page sends) and its runs."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import streamlit as st

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.conftest import assert_clean, live_elements, open_page

WITH_RUNS = {"update_rules", "learning_rate", "batching", "optimizers"}
ELEMENTS = re.compile(r'<script type="application/json" id="gdviz-elements">(.*?)</script>', re.DOTALL)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, dict[str, Any]]]:
    """Every st.download_button a run draws, by key, with what it was given (its ``data`` a function
    that writes the file when the button is pressed)."""
    seen: dict[str, dict[str, Any]] = {}
    real = st.download_button

    def spy(label: str, data: Callable[[], Any], **kwargs: Any) -> bool:
        seen[kwargs["key"]] = {"label": label, "data": data, **kwargs}
        return real(label, data, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    yield seen


@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_lesson_exports_what_it_shows(slug: str, lang: str, downloads: dict[str, dict[str, Any]]) -> None:
    at = open_page(slug, lang)
    assert_clean(at)
    buttons = {button.key: button.label for button in at.get("download_button")}
    expected = {"export_html": tr("export.html", lang)}
    if slug in WITH_RUNS:
        expected["export_csv"] = tr("export.csv", lang)
    assert buttons == expected
    assert set(downloads) == set(expected)

    html_button = downloads["export_html"]
    assert (html_button["mime"], html_button["file_name"]) == ("text/html", f"gdviz-{slug}-{lang}.html")
    page = html_button["data"]()
    assert page.startswith("<!doctype html>") and f"<h1>{tr(f'nav.{slug}', lang)}</h1>" in page
    # The page's live elements, in page order, as the app sends them; charts draw with the inlined plotly.js.
    (inlined,) = ELEMENTS.findall(page)
    sent = list(live_elements(at).values())
    for element in sent:
        if element["kind"] == "chart":
            element["src"] = None
    assert json.loads(inlined) == sent

    if slug in WITH_RUNS:
        csv_button = downloads["export_csv"]
        assert (csv_button["mime"], csv_button["file_name"]) == ("text/csv", f"gdviz-{slug}-{lang}.csv")
        data = csv_button["data"]()
        assert data.startswith(codecs.BOM_UTF8)
        rows = list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))
        assert rows[0][:2] == [tr("export.csv.run", lang), tr("export.csv.step", lang)]
        assert len({row[0] for row in rows[1:]}) >= 2  # the lesson compares runs
