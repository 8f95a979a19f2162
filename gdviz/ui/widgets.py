"""Widgets every page shares. Main sliders are bound to the URL so a copied link reproduces the
view; a bad value in the URL is dropped by Streamlit and the default is used instead."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from gdviz import owndata
from gdviz.core import datasets
from gdviz.core.datasets import Dataset
from gdviz.expressions import MAX_LENGTH
from gdviz.i18n import RefusalError, tr
from gdviz.ui.lang import current_lang, t
from gdviz.ui.url import seed_from_url, write_to_url

T = TypeVar("T")


def keep_in_range(key: str, lo: float, hi: float) -> None:
    """Pull a slider's kept value into its current range before the slider is drawn.

    A slider keeps its value across reruns, but its range can change (w = 7 on one dataset, then a
    dataset whose w ends at 5), and Streamlit raises on a value outside min..max.
    """
    value = st.session_state.get(key)
    if isinstance(value, int | float) and not lo <= value <= hi:
        clamped = min(max(value, lo), hi)
        st.session_state[key] = type(value)(clamped)


def slider(
    key: str,
    label_key: str,
    min_value: float,
    max_value: float,
    value: float,
    step: float,
    *,
    help_key: str | None = None,
    fmt: str | None = None,
    bind: bool = True,
) -> float:
    """A float slider labelled from the catalogue, kept in the URL under ``key``."""
    keep_in_range(key, min_value, max_value)
    return st.slider(
        t(label_key),
        min_value=min_value,
        max_value=max_value,
        value=value,
        step=step,
        format=fmt,
        key=key,
        help=t(help_key) if help_key else None,
        bind="query-params" if bind else None,
    )


def int_slider(
    key: str, label_key: str, min_value: int, max_value: int, value: int, *, help_key: str | None = None
) -> int:
    """An integer slider labelled from the catalogue, kept in the URL under ``key``."""
    keep_in_range(key, min_value, max_value)
    return st.slider(
        t(label_key),
        min_value=int(min_value),
        max_value=int(max_value),
        value=int(value),
        step=1,
        key=key,
        help=t(help_key) if help_key else None,
        bind="query-params",
    )


def dataset_cache(max_entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a lesson's views of a dataset: a built-in dataset's in the process, shared by every session
    (``st.cache_resource``, by the dataset's name and the other arguments); a user's own data's in that
    session alone, the last few, so nothing of it reaches another session or outlives this one."""

    def decorate(build: Callable[..., T]) -> Callable[..., T]:
        def shared(name: str, *args: Any) -> T:
            return build(datasets.get(name), *args)

        # Streamlit keys a cache by the function's module, name and source. Every page script runs as
        # __main__ and two lessons both have a `lesson_views`, so the page's file joins the name, and the
        # source read is the lesson's own (inspect follows __wrapped__), not this wrapper's.
        where = f"{build.__code__.co_filename}:{build.__qualname__}"
        functools.update_wrapper(shared, build)
        shared.__qualname__ = where
        cached = st.cache_resource(max_entries=max_entries, show_spinner=False)(shared)

        @functools.wraps(build)
        def views(ds: Dataset, *args: Any) -> T:
            if ds.name != datasets.OWN:
                return cached(ds.name, *args)
            memo: dict[tuple, Any] = st.session_state.setdefault(_OWN_VIEWS, {})
            key = (where, ds.fingerprint, args)
            if key not in memo:
                while len(memo) >= _OWN_KEPT:
                    memo.pop(next(iter(memo)))
                memo[key] = build(ds, *args)
            return memo[key]

        return views

    return decorate


_OWN_VIEWS = "own_views"
_OWN_KEPT = 8


def dataset_picker(
    key: str = "data", *, default: str = "tadpole", names: tuple[str, ...] | None = None, own: bool = True
) -> Dataset:
    """Choose a built-in dataset or, with ``own``, the user's own data (kept in the URL) and show its
    one-line story. On "Your data" with nothing read yet, the page stops after the upload box."""
    lang = current_lang()
    options = names or tuple(n for n in datasets.NAMES if datasets.get(n).n_features == 1)
    options = (*options, datasets.OWN) if own else options
    default = default if default in options else options[0]
    seed_from_url(key, options, default)
    name = st.selectbox(
        t("common.dataset"),
        options,
        format_func=lambda n: tr("owndata.title", lang) if n == datasets.OWN else datasets.get(n).title[lang],
        key=key,
    )
    write_to_url(key, name, default)
    if name == datasets.OWN:
        return own_data_panel()
    if "own" in st.query_params:
        del st.query_params["own"]
    ds = datasets.get(name)
    st.caption(f"{ds.story[lang]} {t('common.source', source=ds.source)}")
    return ds


UPLOAD_MB = 2 * owndata.MAX_MB
"""The largest file the upload box takes, in MB: the server's own cap (``server.maxUploadSize`` in
gdviz/.streamlit/config.toml, the same number), twice what is read (owndata.MAX_MB)."""

_TABLE = "own_table"  # session state: the Table on screen; never on disk, never shared between sessions
_DATASET = "own_dataset"  # session state: (the table and the choice it was built for, its Dataset)


def _take(read: Callable[[], owndata.Table]) -> None:
    """Read new data into the session, or say why not and keep the data on screen."""
    try:
        with st.spinner(t("owndata.reading")):
            st.session_state[_TABLE] = read()
    except owndata.DataError as err:
        kept = t("owndata.kept_previous") if _TABLE in st.session_state else ""
        st.error(f"{err.message(current_lang())} {kept}".strip())


def own_data_panel() -> Dataset:
    """The upload box, the paste box and the column choice of "Your data"; the dataset they give."""
    if _TABLE not in st.session_state and st.query_params.get("own"):  # a shared link's small table
        _take(lambda: owndata.read_table(st.query_params["own"]))
    with st.expander(t("owndata.change"), expanded=_TABLE not in st.session_state):
        upload = st.file_uploader(
            t("owndata.upload"),
            type=["csv", "txt", "tsv"],
            key="own_file",
            max_upload_size=UPLOAD_MB,
            help=t("owndata.upload_help", mb=owndata.MAX_MB),
        )
        if upload is not None and st.session_state.get("own_file_id") != upload.file_id:
            st.session_state["own_file_id"] = upload.file_id
            _take(lambda: owndata.read_table(upload.getvalue()))
        with st.form("own_paste_form", border=False):
            pasted = st.text_area(t("owndata.paste"), key="own_paste", placeholder=t("owndata.paste_placeholder"))
            if st.form_submit_button(t("owndata.use_paste")):
                _take(lambda: owndata.read_table(pasted))
    table: owndata.Table | None = st.session_state.get(_TABLE)
    if table is None:
        st.info(t("owndata.none_yet"))
        st.stop()
    lang = current_lang()
    columns = range(len(table.names))
    if len(table.names) > 2:
        x_col = st.selectbox(
            t("owndata.x_column"), columns, format_func=lambda j: owndata.column_name(table, j, lang), key="own_x"
        )
        y_col = st.selectbox(
            t("owndata.y_column"),
            columns,
            index=len(table.names) - 1,
            format_func=lambda j: owndata.column_name(table, j, lang),
            key="own_y",
        )
        if x_col == y_col:
            st.error(t("owndata.same_column"))
            st.stop()
    else:
        x_col, y_col = 0, 1
    standardise = st.toggle(
        t("owndata.standardise"), key="std", help=t("owndata.standardise_help"), bind="query-params"
    )
    try:
        ds = _own_dataset(table, x_col, y_col, standardise)
    except owndata.DataError as err:
        st.error(err.message(lang))
        st.stop()
    _own_notes(table, ds, x_col, y_col, standardise)
    return ds


def _own_dataset(table: owndata.Table, x_col: int, y_col: int, standardise: bool) -> Dataset:
    """The dataset of these columns, built once per choice: a million rows cost tens of ms to pass over,
    and every rerun of the page asks again."""
    choice = (x_col, y_col, standardise)
    kept = st.session_state.get(_DATASET)
    if kept is None or kept[0] is not table or kept[1] != choice:
        kept = (table, choice, owndata.own_dataset(table, x_col, y_col, standardise=standardise))
        st.session_state[_DATASET] = kept
    return kept[2]


def _own_notes(table: owndata.Table, ds: Dataset, x_col: int, y_col: int, standardise: bool) -> None:
    """What the reader should know about the data on screen: its story, the rows left out, the sample
    drawn, its scale and stability limit, and whether a link carries it."""
    notes = [ds.story[current_lang()], owndata.dropped_notice(table, current_lang())]
    if ds.total > ds.n:
        notes.append(t("owndata.sample", drawn=ds.n, n=ds.total))
    limit = f"{ds.mse().stability_limit():.3g}"
    if standardise:
        mean, sd = owndata.standardised(table, x_col)
        notes.append(t("owndata.standardised", mean=f"{mean:.4g}", sd=f"{sd:.4g}"))
    big = float(abs(table.columns[:, x_col]).max())
    if not standardise and big >= 100:
        st.warning(t("owndata.badly_scaled", big=f"{big:,.4g}", limit=limit))
    else:
        notes.append(t("owndata.limit", limit=limit))
    shared = owndata.share_text(table, x_col, y_col)
    if shared is None:
        notes.append(t("owndata.not_in_link", n=table.rows, most=owndata.SHARE_ROWS))
        if "own" in st.query_params:
            del st.query_params["own"]
    elif st.query_params.get("own") != shared:
        st.query_params["own"] = shared
    st.caption(" ".join(note for note in notes if note))


def formula_input(key: str, label: str, default: str, read: Callable[[str], T], *, help_text: str | None = None) -> T:
    """A text box for a function the reader types, kept in the URL under ``key`` (dropped when it is
    ``default``). ``read`` turns the text into what the page draws, or raises a RefusalError: then the
    sentence is said in the page's language and the page keeps the last text that worked."""
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(key, default)
    text = st.text_input(label, key=key, max_chars=MAX_LENGTH, help=help_text)
    kept = st.session_state.get(f"{key}_ok", default)
    try:
        result = read(text)
    except RefusalError as err:
        st.error(err.message(current_lang()))
        st.caption(t("common.formula_kept", formula=kept))
        return read(kept)
    st.session_state[f"{key}_ok"] = text
    write_to_url(key, text, default)
    return result
