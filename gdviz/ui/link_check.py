"""What a page did not take from the link it was opened with: dropped from the address bar and named
in one line in the reader's language, so a link passed on says only what is on screen.

Each control checks its own parameter (Streamlit's ``bind="query-params"`` drops a value its widget
refuses; gdviz.ui.url.seed_from_url and gdviz.ui.live.committed_index drop what is not an option or
not a number in range); this module looks at the URL before and after the page's first run and names
what went, what moved, and what no control of the page holds.
"""

from __future__ import annotations

import re

import streamlit as st

from gdviz.ui.lang import t

CARRIED = ("own",)
"""Parameters the URL carries that no widget holds: ``own``, a small table of the user's data
(gdviz.ui.widgets.own_data_panel)."""

_CHECKED = "link_check.done"  # session state: a link is checked once, on the session's first run
_SHOWN_CHARS = 40


def link_arrived() -> dict[str, list[str]] | None:
    """On the session's first run (a link opened, a page reloaded): the URL's parameters as they came,
    before any page reads them; None on every later run. A parameter given twice (``?opt=gd&opt=adam``)
    means nothing a page can show: it leaves the URL here."""
    if _CHECKED in st.session_state:
        return None
    st.session_state[_CHECKED] = True
    arrived = {key: st.query_params.get_all(key) for key in st.query_params}
    for key, values in arrived.items():
        if len(values) > 1:
            del st.query_params[key]
    return arrived


def _same(text: str, value: object) -> bool:
    """Whether the URL's ``text`` says ``value``: a default the page left out of the URL, not a refusal."""
    if isinstance(value, bool):
        return text.lower() in (("true", "1") if value else ("false", "0"))
    if isinstance(value, int | float):
        try:
            return float(text) == value
        except ValueError:
            return False
    if isinstance(value, list):
        return text == ",".join(map(str, value))
    return text == value


def not_taken(arrived: dict[str, list[str]]) -> list[tuple[str, str, str | None]]:
    """After the page's run, what it did not take from the link: each parameter it dropped, or that no
    control of it holds (those leave the URL here), as (key, value, None); each it moved onto a value
    it can show (onto a grid, into a range) as (key, value, value now)."""
    items: list[tuple[str, str, str | None]] = []
    for key, values in arrived.items():
        text = "&".join(f"{key}={v}" for v in values)[len(key) + 1 :]
        now = st.query_params.get(key)
        if now is not None and key not in st.session_state and key not in CARRIED:
            del st.query_params[key]  # nothing on this page holds it (b on a dataset without b)
            now = None
        if now is None:
            if len(values) == 1 and key in st.session_state and _same(values[0], st.session_state[key]):
                continue  # the page's default, which links leave out
            items.append((key, text, None))
        elif len(values) > 1 or now != values[0]:
            items.append((key, text, now))
    return items


def _shown(text: str) -> str:
    """A value from the URL as toast markdown shows it literally: short, every markup character escaped."""
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$:=&])", r"\\\1", text)


def report_link(arrived: dict[str, list[str]] | None) -> None:
    """After the page's first run: one notice naming what the link asked for and the page did not take."""
    if arrived is None:
        return
    items = not_taken(arrived)
    if not items:
        return
    named = [
        t("link.left_out", key=_shown(key), value=_shown(value))
        if now is None
        else t("link.moved", key=_shown(key), value=_shown(value), now=_shown(now))
        for key, value, now in items
    ]
    st.toast(t("link.notice", items=t("link.separator").join(named)), icon=":material/link_off:", duration="long")
