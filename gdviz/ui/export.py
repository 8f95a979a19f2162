"""A lesson page's export menu: the lesson as one HTML file that scrubs offline, and its runs as CSV.

The page's live elements record themselves as they are shown (gdviz/ui/live.py calls :func:`keep`), so
the export holds what the page shows, at the values committed now, with no list kept by hand. The
files are written only when a button is pressed (``st.download_button`` takes a function): a rerun
costs nothing, and a fragment that reran since the page's last full run is exported as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

from gdviz.core.descend import Path
from gdviz.export import Part, lesson_html, runs_csv
from gdviz.ui.lang import current_lang, t

_SHOWN = "gdviz.export.shown"


@dataclass
class Shown:
    """What the page shows: its live elements by element key, in page order, and its runs by name."""

    parts: dict[str, Part] = field(default_factory=dict)
    runs: dict[str, Path] = field(default_factory=dict)


def keep(key: str, part: Part) -> None:
    """Record a live element the page shows (a fragment's rerun replaces it in place)."""
    shown = st.session_state.get(_SHOWN)
    if shown is not None:
        shown.parts[key] = part


def export_runs(runs: Mapping[str, Path]) -> None:
    """Record the page's runs, each under the name the lesson shows it by, for the CSV."""
    shown = st.session_state.get(_SHOWN)
    if shown is not None:
        shown.runs.clear()
        shown.runs.update(runs)


def export_menu(slug: str, *, runs: bool = False) -> None:
    """The "Export" menu of lesson ``slug`` (gdviz.ui.pages), in the sidebar. Called at the top of the
    page, outside its fragments: it starts recording what this run shows. With ``runs``, it offers the CSV of the runs
    the page gives :func:`export_runs`."""
    shown = Shown()
    st.session_state[_SHOWN] = shown
    lang = current_lang()
    title = t(f"nav.{slug}")
    # In the sidebar: the lesson's own layout (a slider a projector shows without scrolling) stays put.
    with st.sidebar, st.popover(t("export.menu"), help=t("export.help"), width="stretch"):
        st.download_button(
            t("export.html"),
            data=lambda: lesson_html(list(shown.parts.values()), lang, title),
            file_name=f"gdviz-{slug}-{lang}.html",
            mime="text/html",
            on_click="ignore",
            key="export_html",
        )
        if runs:
            st.download_button(
                t("export.csv"),
                data=lambda: runs_csv(dict(shown.runs), lang),
                file_name=f"gdviz-{slug}-{lang}.csv",
                mime="text/csv",
                on_click="ignore",
                key="export_csv",
            )
