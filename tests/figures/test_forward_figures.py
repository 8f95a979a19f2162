"""Lesson 1 figures and texts, checked through their data at every state of the live w against a plain
NumPy reference written here."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from gdviz.core import datasets
from gdviz.figures import forward
from gdviz.figures.formulas import boxes_html, boxes_markdown
from gdviz.figures.live import w_control
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from tests.conftest import TableReader

TADPOLE = datasets.get("tadpole")


def reference(ds: datasets.Dataset, w: float, b: float) -> tuple[np.ndarray, np.ndarray, float]:
    """ŷ, the signed errors and the MSE at (w, b), point by point."""
    y_hat = np.array([w * x + b for x in ds.x])
    errors = y_hat - ds.y
    return y_hat, errors, float(sum(e * e for e in errors) / ds.n)


def segments(y: np.ndarray) -> list[tuple[float, float] | None]:
    """Each point's (start, end) in a NaN-gapped segment trace, or None where it has none."""
    rows = np.asarray(y, dtype=float).reshape(-1, 3)
    assert np.isnan(rows[:, 2]).all()  # a gap after every segment
    return [None if np.isnan(start) else (float(start), float(end)) for start, end, _ in rows]


def test_the_w_control_is_the_datasets_range_on_its_grid() -> None:
    w = w_control(TADPOLE, "zh")
    assert (w.key, w.label, w.size) == ("w", "权重 w", 201)
    np.testing.assert_allclose(np.diff(w.values), 0.01)
    assert (w.values[0], w.values[-1]) == TADPOLE.w_range
    # The tadpole opens on its poor guess w = 2, the top of its range.
    assert w.values[w.default] == TADPOLE.w_open == 2.0
    assert w.texts[80] == "0.80" and w.texts[0] == "0.00"
    # A dataset of many points takes a coarser grid.
    many = w_control(datasets.get("synthetic_100"), "en")
    assert many.size == 201 and many.values[1] - many.values[0] == pytest.approx(0.05)


@pytest.mark.parametrize("name, b", [("tadpole", 0.0), ("five_points", -1.0), ("synthetic_100", 4.0)])
def test_every_state_of_the_fit_is_the_line_and_the_signed_errors_at_that_w(name: str, b: float) -> None:
    ds = datasets.get(name)
    w = w_control(ds, "en")
    live = forward.fit_figure(ds, w, b, "en")
    line_x = np.asarray(live.trace("line").x, dtype=float)
    for i in (0, 37, w.default, w.size - 1):
        value = w.values[i]
        y_hat, errors, _ = reference(ds, value, b)
        np.testing.assert_allclose(live.states()["line"]["y"][i], [value * x + b for x in line_x], rtol=1e-12)
        above = segments(live.states()["error_pos"]["y"][i])
        below = segments(live.states()["error_neg"]["y"][i])
        for k in range(ds.n):
            # Each point has exactly one segment, from its y to the line, in the trace of its sign.
            expected = (ds.y[k], y_hat[k])
            if errors[k] > 0:
                assert below[k] is None and above[k] == pytest.approx(expected)
            else:
                assert above[k] is None and below[k] == pytest.approx(expected)
    # The x of every segment is its point's x, whatever w.
    xs = np.asarray(live.trace("error_pos").x, dtype=float).reshape(-1, 3)
    np.testing.assert_array_equal(xs[:, 0], ds.x)
    np.testing.assert_array_equal(xs[:, 1], ds.x)


def test_the_figure_is_drawn_at_the_opening_w_and_at_shows_any_state() -> None:
    w = w_control(TADPOLE, "en")
    live = forward.fit_figure(TADPOLE, w, 0.0, "en")
    np.testing.assert_allclose(live.trace("line").y, live.states()["line"]["y"][w.default])
    shown = live.at(80)
    line = next(trace for trace in shown.data if trace.meta == "line")
    np.testing.assert_allclose(line.y, [0.8 * x for x in line.x])
    # at() is a copy: the figure itself still shows the opening w.
    np.testing.assert_allclose(live.trace("line").y, [2.0 * x for x in line.x])


def test_axes_hold_the_data_the_origin_and_the_opening_lines_errors() -> None:
    live = forward.fit_figure(TADPOLE, w_control(TADPOLE, "en"), 0.0, "en")
    (x_lo, x_hi), (y_lo, y_hi) = live.figure.layout.xaxis.range, live.figure.layout.yaxis.range
    assert x_lo <= 0.0 <= TADPOLE.x.min() and TADPOLE.x.max() < x_hi
    assert y_lo <= 0.0 <= TADPOLE.y.min()
    # The opening line ŷ = 2x reaches 14 at day 7: every segment a student reads first ends inside.
    assert 2.0 * TADPOLE.x.max() < y_hi < 1.1 * 2.0 * TADPOLE.x.max()


def test_the_loss_curve_is_mse_of_w_and_its_marker_moves_along_it() -> None:
    ds = datasets.get("five_points")
    w = w_control(ds, "zh")
    live = forward.loss_figure(ds, w, 1.0, "zh")
    curve = next(trace for trace in live.figure.data if trace.meta is None)
    assert curve.name == "MSE(w)，b = 1.00"
    for i in (0, 250, w.size - 1):
        mse = reference(ds, w.values[i], 1.0)[2]
        assert live.states()["marker"]["x"][i, 0] == w.values[i]
        assert live.states()["marker"]["y"][i, 0] == pytest.approx(mse, rel=1e-12)
        assert curve.y[i] == pytest.approx(mse, rel=1e-12)
    assert live.figure.layout.yaxis.range[0] < 0.0 < max(curve.y) < live.figure.layout.yaxis.range[1]


@pytest.mark.parametrize("build", [forward.fit_figure, forward.loss_figure])
def test_the_start_pages_smaller_chart_is_the_same_figure_drawn_shorter(build) -> None:
    """The start page draws lesson 1's own figures at its own height, without a legend (its sentence names
    the traces): the same traces and states, and a top margin no longer kept for the legend."""
    w = w_control(TADPOLE, "en")
    lesson, small = build(TADPOLE, w, 0.0, "en"), build(TADPOLE, w, 0.0, "en", height=300, legend=False)
    assert (lesson.figure.layout.height, small.figure.layout.height) == (forward.HEIGHT, 300)
    assert lesson.figure.layout.showlegend is True and small.figure.layout.showlegend is False
    assert small.figure.layout.margin.t < lesson.figure.layout.template.layout.margin.t
    assert lesson.figure.layout.margin.t is None  # the lesson's keeps the house margin
    assert json.loads(small.figure.to_json())["data"] == json.loads(lesson.figure.to_json())["data"]
    for meta, attributes in lesson.states().items():
        for name, rows in attributes.items():
            np.testing.assert_array_equal(small.states()[meta][name], rows)


def cells(html: str) -> list[list[str]]:
    reader = TableReader()
    reader.feed(html)
    return [[text for _, text in row] for row in reader.tables[0]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chain_formula_and_table_at_every_state_are_the_numbers_at_that_w(lang: str) -> None:
    ds = datasets.get("five_points")
    w = w_control(ds, lang)
    text = forward.chain_text(ds, w, 0.5, lang)
    for i in (0, 275, w.size - 1):
        value = w.values[i]
        y_hat, errors, mse = reference(ds, value, 0.5)
        html = text.at(i)
        assert tr("forward.forward_value", lang, w=fmt(value), b="0.50") in html
        counts = tr(
            "forward.error_value",
            lang,
            pos=int((errors > 0).sum()),
            neg=int((errors < 0).sum()),
            big=fmt(max(abs(errors))),
        )
        assert counts in html
        assert html.count("MSE = <span data-live") == 1 and f">{fmt(mse, 3)}</span></p>" in html
        first = f"({fmt(errors[0])})²" if errors[0] < 0 else f"{fmt(errors[0])}²"
        assert "<sup>1</sup>⁄<sub>5</sub> × [<span data-live=" in html and f">{first}</span>" in html
        table = cells(html)
        assert table[0] == [tr(f"forward.col_{c}", lang) for c in ("x", "y", "yhat", "err", "err2")]
        body = np.array([[float(v.replace("−", "-")) for v in row] for row in table[1:]])
        np.testing.assert_allclose(body[:, 2], y_hat, atol=0.005)
        np.testing.assert_allclose(body[:, 3], errors, atol=0.005)
        np.testing.assert_allclose(body[:, 4], errors**2, atol=0.005)


def test_a_long_dataset_lists_its_first_rows_and_says_so() -> None:
    ds = datasets.get("synthetic_100")
    html = forward.chain_text(ds, w_control(ds, "en"), 4.0, "en").at(0)
    assert len(cells(html)) == 1 + forward.TABLE_ROWS
    assert tr("forward.table_more", "en", shown=forward.TABLE_ROWS, n=100) in html
    # Four squared errors, then "…".
    assert re.search(r"(<span data-live=\"\d+\">[^<]+</span> \+ ){3}<span data-live=\"\d+\">[^<]+</span> \+ …", html)


def test_the_readout_is_the_mse_with_three_decimals() -> None:
    w = w_control(TADPOLE, "en")
    readout = forward.mse_readout(TADPOLE, w, 0.0, "en")
    assert f">{fmt(reference(TADPOLE, 0.8, 0.0)[2], 3)}</span>" in readout.at(80)


def test_chain_boxes_number_the_steps_and_escape_plain_text() -> None:
    html = boxes_html([("Input", "3 points"), ("Error", "ŷ − y < 0"), ("MSE", "MSE = 1.25")], chain=True)
    assert html.count('<div style="flex:') == 3
    assert "<strong>1. Input →</strong>" in html and "<strong>3. MSE</strong>" in html
    assert "ŷ − y &lt; 0" in html and "y < 0" not in html


def test_coloured_boxes_carry_their_colour_on_top_and_before_the_title() -> None:
    html = boxes_markdown([("fixed value", "Moves by **c**."), ("slope", "k = 40")], colors=["#E69F00", "#D55E00"])
    assert html.count("border-top:0.35rem solid #E69F00") == 1 and html.count("border-top:0.35rem solid #D55E00") == 1
    assert '<span style="color:#E69F00">■</span> **fixed value**' in html
    assert "\n\nMoves by **c**.\n\n" in html and "→" not in html


@pytest.mark.parametrize(
    "value, text", [(1.234, "1.23"), (-1.5, "−1.50"), (-0.001, "0.00"), (float("inf"), "∞"), (float("nan"), "NaN")]
)
def test_fmt_writes_numbers_as_a_student_would(value: float, text: str) -> None:
    assert fmt(value) == text
