"""A user's own data: what is read, what is dropped and what is refused (gdviz.owndata)."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.i18n import LANGS
from gdviz.owndata import (
    DRAWN,
    MAX_COLUMNS,
    MAX_MB,
    SHARE_ROWS,
    DataError,
    column_name,
    dropped_notice,
    own_dataset,
    read_table,
    share_text,
)

WIDE = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n" + ",".join("1" * (MAX_COLUMNS + 1))
ROWS = [[1.0, 2.5], [2.0, 4.0], [3.0, 7.25], [4.0, 8.0]]


@pytest.mark.parametrize(
    "text",
    [
        "x,y\n1,2.5\n2,4\n3,7.25\n4,8\n",
        "x;y\r\n1;2.5\r\n2;4\r\n3;7.25\r\n4;8\r\n",  # Excel's CSV in much of Europe, Windows line ends
        "x\ty\n1\t2.5\n2\t4\n3\t7.25\n4\t8",  # pasted from a spreadsheet
        "1 2.5\n2   4\n 3 7.25\n\n4 8\n",  # spaces, a blank line, no header
        '"x","y"\n"1","2.5"\n2,4\n3,7.25\n4,8\n',  # quoted cells
        "\ufeffx,y\n1,2.5\n2,4\n3,7.25\n4,8\n",  # a byte-order mark pasted along
    ],
)
def test_every_common_layout_reads_the_same_rows(text):
    table = read_table(text)
    assert table.columns.tolist() == ROWS
    assert table.dropped == 0
    assert table.has_header == text.lstrip("\ufeff").startswith(("x", '"x"'))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_excel_writes_are_decoded(encoding):
    text = "天数,体积（mL）\n1,0.9\n2,1.5\n3,2.6\n"
    table = read_table(text.encode(encoding))
    assert table.names == ("天数", "体积（mL）")
    assert table.columns[:, 1].tolist() == [0.9, 1.5, 2.6]


def test_rows_with_empty_or_non_numeric_cells_are_dropped_and_named():
    text = "x,y\n1,2\n2,\n3,abc\n\n4,5\n5,6,7\n6,7\n"
    table = read_table(text)
    assert table.columns.tolist() == [[1, 2], [4, 5], [6, 7]]
    assert table.dropped == 3
    assert table.first_dropped == (3, 4, 7)  # line numbers as an editor shows them, the blank line counted
    assert dropped_notice(table, "en") == "3 rows with an empty or non-numeric cell were left out (lines 3, 4, 7)."
    assert "第 3, 4, 7 行" in dropped_notice(table, "zh")
    assert dropped_notice(read_table("1,2\n3,4"), "en") is None


def test_a_long_list_of_dropped_rows_names_the_first_five():
    text = "x,y\n" + "".join(f"{i},-\n" for i in range(20)) + "1,2\n3,4\n"
    table = read_table(text)
    assert table.dropped == 20 and table.first_dropped == (2, 3, 4, 5, 6)
    assert dropped_notice(table, "en").endswith("(lines 2, 3, 4, 5, 6 …).")


def test_headerless_columns_are_named_in_the_readers_language():
    table = read_table("1,2\n3,4\n")
    assert not table.has_header
    assert [column_name(table, 1, lang) for lang in LANGS] == ["column 2", "第 2 列"]


@pytest.mark.parametrize(
    ("data", "key", "fields"),
    [
        (b"", "empty", {}),
        ("  \n\n \t\n", "empty", {}),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary", {}),  # an .xlsx is a zip
        ("x,y\n1,2\n".encode("utf-16"), "binary", {}),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary", {}),
        (bytes([0xFF, 0xFE, 0xFD, 0x80, 0x81]) * 3, "not_text", {}),
        ("x\n1\n2\n3", "one_column", {}),
        (WIDE, "too_many_columns", {"n": MAX_COLUMNS + 1}),
        ("x,y\n", "header_only", {}),
        ("x,y\n1,2\n", "too_few_rows", {"rows": 1}),
        ("x,y\n1,a\n2,b\n", "too_few_rows", {"rows": 0}),
        ("x;y\n1,5;2,5\n2,5;3,0\n", "decimal_comma", {"rows": 0}),
        ("x,y\n1,2\n2,nan\n3,4\n", "non_finite", {"line": 3, "column": 2}),
        ("x,y\n1,2\n\n-inf,3\n", "non_finite", {"line": 4, "column": 1}),
        ("x,y\n1,2\n2,3e200\n", "too_large", {"line": 3, "column": 2}),
        ("x,y\n1,2\n1e308,3\n", "too_large", {"line": 3, "column": 1}),
        ("x,y\n1,2\n3", "too_few_rows", {"rows": 1}),
        ("x,y\n1,2\n2,-1e151\n", "too_large", {"line": 3, "column": 2}),
        ("x,y\n1,a\n1,2\n2,1e400\n", "non_finite", {"line": 4, "column": 2}),  # after a dropped row
    ],
)
def test_unusable_input_is_refused_with_a_sentence_in_both_languages(data, key, fields):
    with pytest.raises(DataError) as caught:
        read_table(data)
    err = caught.value
    assert err.key == key
    assert {k: err.fields[k] for k in fields} == fields
    for lang in LANGS:
        assert err.message(lang)  # every key has both sentences (a missing one raises KeyError)
    assert str(err) == err.message("en")


def test_a_file_over_the_size_read_is_refused_with_its_size() -> None:
    with pytest.raises(DataError) as caught:
        read_table(b"1,2\n" * (MAX_MB * 2**20 // 4 + 1))
    assert caught.value.key == "too_big_file" and caught.value.fields == {"size": "25.0", "most": MAX_MB}
    assert "25.0 MB" in caught.value.message("zh")


def test_all_x_equal_is_refused_because_no_line_is_determined():
    with pytest.raises(DataError) as caught:
        own_dataset(read_table("x,y\n2,1\n2,3\n2,5\n"), 0, 1)
    assert caught.value.key == "same_x"
    assert "Every x is 2" in str(caught.value)


def test_dataset_ranges_hold_the_least_squares_line_and_its_grid():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([3.1, 4.9, 7.2, 8.8, 11.1])
    table = read_table("h,s\n" + "\n".join(f"{a},{b}" for a, b in zip(x, y, strict=True)))
    ds = own_dataset(table, 0, 1)
    w_star, b_star = np.polyfit(x, y, 1)  # an independent least-squares fit
    assert ds.w_range[0] < w_star < ds.w_range[1] and ds.b_range[0] < b_star < ds.b_range[1]
    assert ds.w_range[0] <= ds.w_open <= ds.w_range[1]
    count = (ds.w_range[1] - ds.w_range[0]) / ds.w_step
    assert abs(count - round(count)) < 1e-6 and 80 <= count <= 202
    np.testing.assert_allclose(ds.mse().minimizer(), [w_star, b_star], rtol=1e-9)
    assert ds.x_label == {"en": "h", "zh": "h"} and ds.total == ds.n == 5 and ds.full is None


def test_a_large_table_is_drawn_through_a_sample_and_measured_on_every_row():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 5000)
    y = 2 * x - 1 + rng.normal(size=x.size)
    table = read_table("\n".join(f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True)))
    ds = own_dataset(table, 0, 1)
    assert ds.n == DRAWN and ds.total == 5000
    assert set(ds.x.tolist()) <= set(x.tolist())  # drawn points are rows of the data
    assert own_dataset(table, 0, 1).x.tolist() == ds.x.tolist()  # seeded: the same sample every time
    w_star, b_star = np.polyfit(x, y, 1)
    np.testing.assert_allclose(ds.mse().minimizer(), [w_star, b_star], rtol=1e-9)
    np.testing.assert_allclose(ds.mse().value([1.0, 0.0]), np.mean((x - y) ** 2), rtol=1e-12)


def test_standardised_x_is_written_as_x_minus_mean_over_sd():
    x = np.array([1000.0, 2000.0, 3000.0, 4000.0])
    table = read_table("area,price\n" + "\n".join(f"{a},{3 * a + 5}" for a in x))
    ds = own_dataset(table, 0, 1, standardise=True)
    np.testing.assert_allclose(ds.x, (x - x.mean()) / x.std())
    assert ds.x_label == {"en": "area, standardised", "zh": "area（标准化）"}
    # On the raw scale plain descent must take a tiny η; standardised, a usual one works.
    assert own_dataset(table, 0, 1).mse().stability_limit() < 1e-6
    assert ds.mse().stability_limit() > 0.5


def test_a_small_table_travels_in_a_share_link_and_reads_back_the_same():
    table = read_table("t,v,w\n0.1,2,9\n0.2,1e-7,9\n3,4.25,9\n")
    text = share_text(table, 0, 1)
    assert text == "t,v\n0.1,2\n0.2,1e-07\n3,4.25"
    again = read_table(text)
    assert again.columns.tolist() == table.columns[:, :2].tolist() and again.names == ("t", "v")
    big = read_table("\n".join(f"{i},{i}" for i in range(SHARE_ROWS + 1)))
    assert share_text(big, 0, 1) is None


def test_a_million_rows_read_in_one_pass_give_the_full_datas_fit() -> None:
    rng = np.random.default_rng(11)
    x = rng.uniform(-5, 5, 1_000_000).round(4)
    y = (0.5 * x - 2 + rng.normal(scale=0.1, size=x.size)).round(4)
    data = ("x;y\n" + "\n".join(f"{a};{b}" for a, b in zip(x.tolist(), y.tolist(), strict=True))).encode()
    ds = own_dataset(read_table(data), 0, 1)
    assert ds.total == 1_000_000 and ds.n == DRAWN
    np.testing.assert_allclose(ds.mse().minimizer(), np.polyfit(x, y, 1), rtol=1e-9)
