"""A user's own data: a CSV file or numbers pasted from a spreadsheet, read into a lesson's dataset.

Whatever comes in is hostile until read: the bytes are decoded by the standard library's codecs
(UTF-8 with or without a byte-order mark, else GB18030, the superset of the GBK that Excel writes on a
Chinese Windows), split by its ``csv`` reader on the separator the first lines agree on (tab,
semicolon, comma, or spaces), and only finite numbers of sensible size are kept. Anything that cannot
be used is refused with a sentence in the reader's language (:class:`DataError`); rows with an empty or
non-numeric cell are dropped and counted (:attr:`Table.dropped`).

>>> table = read_table("hours,score\\n1,52\\n2,58\\n3,n/a\\n4,71\\n")
>>> table.names, table.columns.tolist(), table.dropped, table.first_dropped
(('hours', 'score'), [[1.0, 52.0], [2.0, 58.0], [4.0, 71.0]], 1, (4,))
>>> ds = own_dataset(table, 0, 1)
>>> ds.n, ds.intercept, ds.x_label["en"]
(3, True, 'hours')
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from gdviz.core._types import FloatArray
from gdviz.core.datasets import OWN, Dataset
from gdviz.core.objectives import LinearMSE
from gdviz.i18n import LANGS, RefusalError, tr

MAX_COLUMNS = 20
"""The most columns a file may have: x and y are chosen from its header, and a longer list is no choice."""

MAX_MAGNITUDE = 1e150
"""The largest |value| accepted: squares and sums of squares must stay finite numbers."""

DRAWN = 200
"""The most points a chart draws; a larger dataset is drawn through a seeded sample of this many."""

SHARE_ROWS = 50
"""The most rows a share link carries."""

MAX_MB = 25
"""The largest file read, in MB: 10⁶ rows of two numbers with room to spare. The upload box itself takes
twice this (``server.maxUploadSize``), so that a file a little too big is refused here, in the reader's
language, rather than by the upload box's own English sentence."""

_SAMPLE_SEED = 0
_SEPARATORS = ("\t", ";", ",")  # in order of preference: a file split by ';' may write 1,5 for 1.5
_SNIFF_LINES = 50
_LISTED = 5  # how many dropped rows a notice names


class DataError(RefusalError):
    """Data that cannot be used, with the sentence that says why (in either language)."""

    prefix = "owndata"


@dataclass(frozen=True)
class Table:
    """The usable rows of a file: ``columns`` has one column per field and one row per usable line.

    ``names`` are the header's names (or "column 1", "column 2", ... in English when the file has no
    header: :func:`column_name` translates them); ``first_dropped`` are the line numbers (counted
    from 1, as an editor shows them) of the first rows dropped.
    """

    names: tuple[str, ...]
    columns: FloatArray
    has_header: bool
    dropped: int = 0
    first_dropped: tuple[int, ...] = ()

    @property
    def rows(self) -> int:
        """How many usable rows there are."""
        return int(self.columns.shape[0])


def column_name(table: Table, index: int, lang: str) -> str:
    """The name of column ``index`` as the reader sees it: the header's, or "column 2" / "第 2 列"."""
    return table.names[index] if table.has_header else tr("owndata.column", lang, n=index + 1)


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (a byte-order mark dropped), else GB18030.

    >>> decode("体积".encode("gbk")), decode(codecs.BOM_UTF8 + b"x,y")
    ('体积', 'x,y')
    """
    if b"\x00" in data[:8192]:  # UTF-16 and every binary format have NUL bytes early; text files do not
        raise DataError("binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = codecs.decode(data, encoding)
        except UnicodeDecodeError:
            continue
        if any(ch in text[:8192] for ch in "\ufffd\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x1b"):
            break
        return text
    raise DataError("not_text")


def _separator(lines: list[str]) -> str:
    """The separator the first lines agree on: the preferred one that splits most of them the same
    number of times (at least once); spaces when none does."""
    for sep in _SEPARATORS:
        counts = Counter(line.count(sep) for line in lines)
        count, agreeing = counts.most_common(1)[0]
        if count > 0 and agreeing * 2 > len(lines):
            return sep
    return " "


def _number(cell: str) -> float | None:
    """The cell as a number, or None when it is empty or not one."""
    try:
        return float(cell)
    except ValueError:
        return None


def _fast_values(body: list[str], sep: str, width: int) -> FloatArray | None:
    """Every body line as ``width`` numbers in one pass, or None when a line needs the careful
    reader (quotes, a missing or extra field, a cell that is not a number)."""
    if sep == " " or any(line.count(sep) != width - 1 or '"' in line for line in body):
        return None
    try:
        return np.array(list(map(float, sep.join(body).split(sep)))).reshape(len(body), width)
    except ValueError:
        return None


def read_table(data: bytes | str) -> Table:
    """Read a CSV file's bytes or pasted text into its usable rows.

    Raises
    ------
    DataError
        Empty, binary, undecodable or over :data:`MAX_MB`; one column or more than :data:`MAX_COLUMNS`; a header
        with no rows; fewer than two usable rows; a value that is not finite or above
        :data:`MAX_MAGNITUDE` in size (naming its line and column).
    """
    if len(data) > MAX_MB * 2**20:
        raise DataError("too_big_file", size=f"{len(data) / 2**20:.1f}", most=MAX_MB)
    text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    raw = text.splitlines()
    lines = list(filter(None, map(str.strip, raw)))  # blank lines are not rows
    if not lines:
        raise DataError("empty")
    sep = _separator(lines[:_SNIFF_LINES])
    head = list(csv.reader(lines[:_SNIFF_LINES], delimiter=sep, skipinitialspace=sep == " "))
    width = Counter(len(row) for row in head).most_common(1)[0][0]
    if width < 2:
        raise DataError("one_column")
    if width > MAX_COLUMNS:
        raise DataError("too_many_columns", n=width, most=MAX_COLUMNS)
    has_header = any(cell.strip() and _number(cell) is None for cell in head[0])
    skip = 1 if has_header else 0
    header = [cell.strip() for cell in head[0]] if has_header else []
    names = tuple((header[j] if j < len(header) else "") or f"column {j + 1}" for j in range(width))
    body = lines[skip:]
    dropped: list[int] = []
    decimal_commas = 0
    values = _fast_values(body, sep, width)
    if values is None:
        rows = csv.reader(body, delimiter=sep, skipinitialspace=sep == " ")
        values = np.empty((len(body), width))
        kept = 0
        for line, row in zip(_line_numbers(raw, skip), rows, strict=True):
            numbers = [_number(cell) for cell in row] if len(row) == width else [None]
            if None in numbers:
                dropped.append(line)
                decimal_commas += sep != "," and any("," in cell for cell in row)
                continue
            values[kept] = numbers
            kept += 1
        values = values[:kept]
    if not body:
        raise DataError("header_only")
    _check_values(values, raw, skip, set(dropped))
    if values.shape[0] < 2:
        raise DataError("decimal_comma" if decimal_commas else "too_few_rows", rows=values.shape[0])
    return Table(names, values, has_header, len(dropped), tuple(dropped[:_LISTED]))


def _line_numbers(raw: list[str], skip: int) -> list[int]:
    """The line number, as an editor shows it, of each body row (blank lines are not rows)."""
    return [i for i, line in enumerate(raw, start=1) if line.strip()][skip:]


def _check_values(values: FloatArray, raw: list[str], skip: int, dropped: set[int]) -> None:
    """Refuse a value that is not finite or too large, naming its line and column."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (np.abs(values) > MAX_MAGNITUDE)
    if bad.any():
        r, c = (int(i) for i in np.argwhere(bad)[0])
        line = [n for n in _line_numbers(raw, skip) if n not in dropped][r]
        key = "non_finite" if not np.isfinite(values[r, c]) else "too_large"
        raise DataError(key, line=line, column=c + 1)


def _nice_step(span: float, most: int) -> float:
    """A 1·10ᵏ, 2·10ᵏ or 5·10ᵏ step that cuts ``span`` into at most ``most`` and at least ``most`` / 2.5."""
    from gdviz.figures.theme import nice_floor  # the one nice-number rule of the lessons' controls

    return nice_floor(2.5 * span / most)


def _round_out(lo: float, hi: float, step: float) -> tuple[float, float]:
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def standardised(table: Table, x_col: int) -> tuple[float, float]:
    """The mean and standard deviation x is standardised with: x' = (x − mean) / sd."""
    x = table.columns[:, x_col]
    return float(x.mean()), float(x.std())


def own_dataset(table: Table, x_col: int, y_col: int, *, standardise: bool = False) -> Dataset:
    """The lessons' dataset of one x column and one y column of ``table``.

    Every lesson number comes from all rows (:meth:`Dataset.rows`, :meth:`Dataset.mse`); a table of more
    than :data:`DRAWN` rows is drawn through a seeded sample of that many (``Dataset.total`` counts all).
    The slider ranges are centred on the least-squares line and wide enough to show it; ``standardise``
    writes x as (x − mean) / sd first.

    Raises
    ------
    DataError
        When every x is the same: no line is determined.
    """
    x = table.columns[:, x_col].copy()
    y = table.columns[:, y_col].copy()
    if np.ptp(x) == 0:
        raise DataError("same_x", value=f"{x[0]:g}")
    if standardise:
        mean, sd = standardised(table, x_col)
        x = (x - mean) / sd
    model = LinearMSE(x, y, intercept=True)
    # From the 2×2 statistics, not a least-squares pass over every row: x is not constant, so they are regular.
    w_star, b_star = (float(v) for v in np.linalg.solve(model.gram, model.xty))
    sx, sy = float(x.std()), float(y.std())
    w_half = max(2 * abs(w_star), sy / sx if sy > 0 else 1.0, 1e-9)
    points = 100 if table.rows > 100 else 200  # the live w grid: values × drawn points stay small to send
    w_step = _nice_step(2 * w_half, points)
    w_range = _round_out(w_star - w_half, w_star + w_half, w_step)
    b_half = max(2 * abs(b_star), 2 * sy, abs(w_star) * float(np.abs(x).max()), 1.0)
    b_step = _nice_step(2 * b_half, 400)
    b_range = _round_out(b_star - b_half, b_star + b_half, b_step)
    w_open = round((w_star + 0.75 * w_half) / w_step) * w_step
    total = table.rows
    full = (x, y) if total > DRAWN else None
    if full is not None:
        rows = np.sort(np.random.default_rng(_SAMPLE_SEED).choice(total, DRAWN, replace=False))
        x, y = x[rows], y[rows]
    x_name, y_name = table.names[x_col], table.names[y_col]
    labels = {lang: (column_name(table, x_col, lang), column_name(table, y_col, lang)) for lang in LANGS}
    if standardise:
        labels = {lang: (tr("owndata.standardised_label", lang, name=xn), yn) for lang, (xn, yn) in labels.items()}
    return Dataset(
        name=OWN,
        x=x,
        y=y,
        intercept=True,
        title={lang: tr("owndata.title", lang) for lang in LANGS},
        story={lang: tr("owndata.story", lang, n=total, x=labels[lang][0], y=labels[lang][1]) for lang in LANGS},
        source="",
        w_range=w_range,
        b_range=b_range,
        w_open=min(max(w_open, w_range[0]), w_range[1]),
        w_step=w_step,
        b_open=round(b_star, 2),
        start=(0.0, 0.0),
        x_label={lang: labels[lang][0] for lang in LANGS},
        y_label={lang: labels[lang][1] for lang in LANGS},
        full=full,
        fingerprint=hashlib.sha256(f"{x_name}|{y_name}|{standardise}|".encode() + table.columns.tobytes()).hexdigest(),
    )


def share_text(table: Table, x_col: int, y_col: int) -> str | None:
    """Two columns of ``table`` as CSV text for a share link, or None when it has more than
    :data:`SHARE_ROWS` rows (a link of thousands of numbers would not survive a chat or a QR code).

    >>> share_text(read_table("a,b\\n1,2\\n3,4.5"), 0, 1)
    'a,b\\n1,2\\n3,4.5'
    """
    if table.rows > SHARE_ROWS:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if table.has_header:
        writer.writerow([table.names[x_col], table.names[y_col]])
    writer.writerows([[_short(a) for a in row] for row in table.columns[:, [x_col, y_col]].tolist()])
    return out.getvalue().rstrip("\n")


def _short(value: float) -> str:
    """The shortest text that reads back as the same float, without a trailing ".0"."""
    text = repr(value)
    return text.removesuffix(".0")


def dropped_notice(table: Table, lang: str) -> str | None:
    """The sentence that says how many rows were dropped and which first, or None when none were."""
    if not table.dropped:
        return None
    lines = ", ".join(str(n) for n in table.first_dropped) + (" …" if table.dropped > len(table.first_dropped) else "")
    return tr("owndata.dropped", lang, n=table.dropped, lines=lines)
