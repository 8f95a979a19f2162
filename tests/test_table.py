"""gdviz.figures.formulas.table_html: the static tables of lessons 1, 3 and 4, read back as a student reads them."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.figures.formulas import table_html
from tests.conftest import TableReader


def _cells(html: str) -> list[list[tuple[str, str]]]:
    reader = TableReader()
    reader.feed(html)
    assert len(reader.tables) == 1
    return reader.tables[0]


def test_columns_of_numbers_are_written_to_the_digits_with_a_true_minus_and_right_aligned() -> None:
    html = table_html({"x": np.array([1.0, 2.5]), "error": np.array([-0.004, -1.236])}, digits=2)
    assert _cells(html) == [
        [("th", "x"), ("th", "error")],
        # −0.004 rounds to zero: written 0.00, not −0.00.
        [("td", "1.00"), ("td", "0.00")],
        [("td", "2.50"), ("td", "−1.24")],
    ]
    assert html.count('<td style="text-align:right">') == 4


def test_rows_labelled_by_a_column_keep_their_order_and_text() -> None:
    rows = [{"run": "small η", "η": "0.0100", "status": "converging"}, {"run": "yours", "η": "0.0400"}]
    cells = _cells(table_html(rows, index_column="run"))
    assert cells == [
        [("th", "run"), ("th", "η"), ("th", "status")],
        [("th", "small η"), ("td", "0.0100"), ("td", "converging")],
        [("th", "yours"), ("td", "0.0400"), ("td", "")],  # a cell a row does not have stays empty
    ]


def test_row_labels_and_text_are_escaped() -> None:
    html = table_html({"rule <b>": ["ŷ − y < 0 & w > 1"]}, index=["step <1>"])
    assert "<b>" not in html and "<1>" not in html
    assert _cells(html) == [[("th", ""), ("th", "rule <b>")], [("th", "step <1>"), ("td", "ŷ − y < 0 & w > 1")]]


def test_labels_must_match_the_rows() -> None:
    with pytest.raises(ValueError, match="2 row labels for 3 rows"):
        table_html({"a": [1, 2, 3]}, index=["one", "two"])
    with pytest.raises(ValueError):
        table_html({"a": [1, 2, 3], "b": [1, 2]})
