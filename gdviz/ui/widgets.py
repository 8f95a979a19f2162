"""Widgets every page shares. Main sliders are bound to the URL so a copied link reproduces the
view; a bad value in the URL is dropped by Streamlit and the default is used instead."""

from __future__ import annotations

import streamlit as st

from gdviz.core import datasets
from gdviz.core.datasets import Dataset
from gdviz.ui.lang import current_lang, t
from gdviz.ui.url import seed_from_url, write_to_url


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


def dataset_picker(key: str = "data", *, default: str = "tadpole", names: tuple[str, ...] | None = None) -> Dataset:
    """Choose a built-in dataset (kept in the URL) and show its one-line story."""
    lang = current_lang()
    options = names or tuple(n for n in datasets.NAMES if datasets.get(n).n_features == 1)
    default = default if default in options else options[0]
    seed_from_url(key, options, default)
    name = st.selectbox(
        t("common.dataset"),
        options,
        format_func=lambda n: datasets.get(n).title[lang],
        key=key,
    )
    write_to_url(key, name, default)
    ds = datasets.get(name)
    st.caption(f"{ds.story[lang]} {t('common.source', source=ds.source)}")
    return ds
