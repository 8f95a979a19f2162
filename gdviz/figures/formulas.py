"""Text blocks with the current numbers plugged in: boxes (the forward chain, rules, runs) and tables as
HTML, for one markdown element or a live text (gdviz.figures.live)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import numpy as np

from gdviz.figures.theme import fmt


class Html(str):
    """Text that is already HTML (a live slot, a formatted fragment): the builders here put it in as it
    is, where they escape plain text."""


def _html(value: str) -> str:
    return value if isinstance(value, Html) else escape(value)


def readout_html(label: str, value: str) -> str:
    """A number shown large under its label (a live slot, or plain text, escaped)."""
    return (
        f'<div class="gdviz-readout"><span class="gdviz-readout-label">{escape(label)}</span>'
        f'<span class="gdviz-readout-value">{_html(value)}</span></div>'
    )


# The look of a bordered ``st.container``, in one markdown element instead of a container and a few
# markdown elements per box: a slider step re-sends and re-renders every element of its fragment
# (2-4 ms each in the browser).
_ROW = "display:flex;flex-wrap:wrap;gap:1rem;margin-bottom:1rem"
_BOX = "flex:1 1 0;min-width:11rem;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem 0"


def boxes_markdown(
    boxes: Sequence[tuple[str, str]], *, colors: Sequence[str] | None = None, chain: bool = False
) -> str:
    """Boxes side by side (wrapping on a narrow screen), each a bold title over its text, for
    ``st.markdown(..., unsafe_allow_html=True)``.

    Titles and texts are markdown (each sits between blank lines, so markdown inside the HTML boxes
    still counts): bold, colours and math work, and a ``<`` meant as text must come escaped. With
    ``colors``, each box is topped by a bar of its colour and its title led by a square of it (the
    run's colour in the charts; the title itself stays dark, readable on a projector). With
    ``chain``, the boxes are numbered steps joined by arrows.
    """
    lines = [f'<div style="{_ROW}">']
    for i, (title, text) in enumerate(boxes):
        head = f"**{i + 1}. {title}**" if chain else f"**{title}**"
        if chain and i < len(boxes) - 1:
            head += " →"
        style = _BOX
        if colors is not None:
            style += f";border-top:0.35rem solid {colors[i]}"
            head = f'<span style="color:{colors[i]}">■</span> {head}'
        lines += [f'<div style="{style}">', "", head, "", text, "", "</div>"]
    lines.append("</div>")
    return "\n".join(lines)


def boxes_html(boxes: Sequence[tuple[str, str]], *, colors: Sequence[str] | None = None, chain: bool = False) -> str:
    """Boxes side by side (wrapping on a narrow screen), each a bold title over its text, as plain HTML
    (no markdown inside): what a live text shows (gdviz.figures.live). Plain text is escaped;
    :class:`Html` goes in as it is. With ``colors``, each box is topped by a bar of its colour and its
    title led by a square of it; with ``chain``, the boxes are numbered steps joined by arrows."""
    parts = [f'<div style="{_ROW}">']
    for i, (title, text) in enumerate(boxes):
        head = f"{i + 1}. {_html(title)}" if chain else _html(title)
        if chain and i < len(boxes) - 1:
            head += " →"
        style = f"{_BOX};padding-bottom:0.75rem"
        if colors is not None:
            style += f";border-top:0.35rem solid {colors[i]}"
            head = f'<span style="color:{colors[i]}">■</span> {head}'
        parts.append(f'<div style="{style}"><strong>{head}</strong><br>{_html(text)}</div>')
    parts.append("</div>")
    return "".join(parts)


def table_html(
    data: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    index: Sequence[str] | None = None,
    index_column: str | None = None,
    digits: int = 2,
    live_align: str = "right",
) -> str:
    """``data`` (columns by name, or rows) as one HTML table, for ``st.markdown(...,
    unsafe_allow_html=True)``.

    ``index`` labels the rows, or ``index_column`` names the column that does; with neither, the rows
    have no labels. Numbers are written as :func:`~gdviz.figures.theme.fmt` writes them (``digits``
    decimals, a true minus sign) and right-aligned; text is escaped; :class:`Html` cells (live slots)
    are aligned by ``live_align`` (right for numbers, left for sentences).

    Not ``st.table``: its browser side renders every cell as a markdown element of its own, 10-30 ms
    of each slider step for lesson 1's 20 rows (measured against this table, bench/), and it wants a
    pandas Styler on the server to fix the decimals. This is one markdown element, which a page joins
    to its heading or other text.
    """
    if isinstance(data, Mapping):
        columns = list(data)
        rows = [dict(zip(columns, values, strict=True)) for values in zip(*data.values(), strict=True)]
    else:
        rows = [dict(row) for row in data]
        columns = list(dict.fromkeys(name for row in rows for name in row))
    labels: Sequence[str] | None = index
    corner = ""
    if index_column is not None:
        labels = [str(row.pop(index_column)) for row in rows]
        columns.remove(index_column)
        corner = index_column
    if labels is not None and len(labels) != len(rows):
        raise ValueError(f"{len(labels)} row labels for {len(rows)} rows")

    def cell(value: Any) -> str:
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            return f'<td style="text-align:right">{escape(fmt(float(value), digits))}</td>'
        if isinstance(value, Html):
            return f'<td style="text-align:{live_align}">{value}</td>'
        return f"<td>{escape(str(value))}</td>"

    names = ([corner] if labels is not None else []) + columns
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
    body = "".join(
        "<tr>"
        + (f'<th scope="row" style="white-space:nowrap">{escape(labels[i])}</th>' if labels is not None else "")
        + "".join(cell(row.get(name, "")) for name in columns)
        + "</tr>"
        for i, row in enumerate(rows)
    )
    return (
        '<div style="overflow-x:auto"><table style="font-variant-numeric:tabular-nums">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
