"""gdviz.export: the runs' CSV read back with the standard library equals the core's numbers, headers in
either language; a lesson's page inlines everything it draws with."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re

import numpy as np
import pytest

import gdviz
from gdviz.core.datasets import get
from gdviz.export import Slider, lesson_html, plotly_js_file, runs_csv
from gdviz.figures import forward, loss_curve
from gdviz.figures.live import LiveFigure, w_control
from gdviz.i18n import tr
from gdviz.ui import plotly_bundle


def read_csv(data: bytes) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: a UTF-8 BOM first, then UTF-8 text."""
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(codecs.decode(data[len(codecs.BOM_UTF8) :], "utf-8"), newline="")))


def number(cell: str) -> float:
    return float("nan") if cell == "" else float(cell)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_runs_read_back_as_the_core_computed_them(lang: str) -> None:
    ds = get("synthetic_100")
    objective = ds.mse()
    runs = {
        "full": gdviz.descend(objective, gdviz.rules.gd(lr=0.05), [0.0, 0.0], steps=12),
        "mini": gdviz.descend(objective, gdviz.rules.adam(lr=0.1), [1.0, -1.0], steps=30, batch_size=10, seed=3),
        "gone": gdviz.descend(objective, gdviz.rules.gd(lr=5.0), [0.0, 0.0], steps=40),  # diverges
    }
    assert runs["gone"].diverged_at is not None
    rows = read_csv(runs_csv(runs, lang))
    header, body = rows[0], rows[1:]
    assert header == [
        tr("export.csv.run", lang),
        tr("export.csv.step", lang),
        tr("export.csv.theta", lang, i=1),
        tr("export.csv.theta", lang, i=2),
        tr("export.csv.loss", lang),
        tr("export.csv.grad", lang, i=1),
        tr("export.csv.grad", lang, i=2),
        tr("export.csv.lr", lang),
        tr("export.csv.batch_loss", lang),
    ]
    if lang == "zh":
        assert header[0] == "运行" and header[-1] == "批次损失"
    assert len(body) == sum(path.steps + 1 for path in runs.values())
    for name, path in runs.items():
        mine = [row for row in body if row[0] == name]
        assert [int(row[1]) for row in mine] == list(range(path.steps + 1))
        table = np.array([[number(cell) for cell in row[2:]] for row in mine])
        # Exactly the core's floats (the CSV holds each as the shortest text that reads back to it).
        np.testing.assert_array_equal(table[:, 0:2], path.theta)
        np.testing.assert_array_equal(table[:, 2], path.loss)
        np.testing.assert_array_equal(table[:-1, 3:5], path.grad)
        np.testing.assert_array_equal(table[:-1, 5], path.lr)
        batch = path.batch_loss if name == "mini" else np.full(path.steps, np.nan)  # full batch: empty
        np.testing.assert_array_equal(table[:-1, 6], batch)
        assert all(cell == "" for cell in mine[-1][5:])  # no step after the last θ


def test_runs_of_different_sizes_do_not_share_a_table() -> None:
    one = gdviz.descend(
        gdviz.LinearMSE([1.0, 2.0], [2.0, 4.0], intercept=False), gdviz.rules.gd(lr=0.1), [0.0], steps=2
    )
    two = gdviz.descend(gdviz.LinearMSE([1.0, 2.0], [2.0, 4.0]), gdviz.rules.gd(lr=0.1), [0.0, 0.0], steps=2)
    with pytest.raises(ValueError, match="numbers of parameters"):
        runs_csv({"one": one, "two": two}, "en")


ELEMENTS = re.compile(r'<script type="application/json" id="gdviz-elements">(.*?)</script>', re.DOTALL)


def test_a_lesson_page_inlines_its_elements_plotly_and_live_js() -> None:
    ds = get("five_points")
    w = w_control(ds, "zh")
    readout = forward.mse_readout(ds, w, 0.0, "zh")
    page = lesson_html([Slider(w, 10, "拖动"), readout, forward.fit_figure(ds, w, 0.0, "zh")], "zh", "前向 </script>")
    assert '<html lang="zh-CN">' in page and "<title>前向 &lt;/script&gt;</title>" in page
    assert tr("export.note", "zh") in page
    # One script element each: plotly.js, the elements (as JSON), live.js with its mount() calls.
    assert page.count("<script") == 3 and page.count("</script>") == 3
    (inlined,) = ELEMENTS.findall(page)
    slider, text, chart = json.loads(inlined)
    assert (slider["kind"], slider["index"], slider["help"], slider["label"]) == ("slider", 10, "拖动", w.label)
    assert text["template"] == readout.template
    assert chart["kind"] == "chart" and chart["src"] is None
    assert "export function mount(" in page and 'import("./plotly_loader.js")' in page  # live.js itself


def test_3d_charts_take_the_whole_plotly_js() -> None:
    ds = get("five_points")
    flat = forward.fit_figure(ds, w_control(ds, "en"), 0.0, "en")
    bowl = LiveFigure(loss_curve.bowl_figure(ds, "en"), ())
    assert plotly_js_file([flat, bowl]).name == "plotly.min.js"
    assert plotly_js_file([flat]).name in ("plotly.min.js", plotly_bundle.PATH.name)
