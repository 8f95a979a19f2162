"""Lesson 5 · Batch, stochastic, mini-batch: three runs from the same start, compared at equal epochs."""

import dataclasses

import plotly.graph_objects as go
import streamlit as st

from gdviz.core import descend, rules
from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path
from gdviz.figures import batching as figs
from gdviz.figures.formulas import boxes_markdown
from gdviz.figures.live import LiveFigure, LiveText
from gdviz.figures.theme import RULE_COLORS
from gdviz.ui.export import export_menu, export_runs
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import friendly_errors, header
from gdviz.ui.live import committed_index, live_chart, live_slider, live_text
from gdviz.ui.url import seed_from_url, write_to_url
from gdviz.ui.widgets import dataset_cache, dataset_picker, int_slider, slider


@dataset_cache(max_entries=16)
def cached_contour(ds: Dataset, lang: str) -> go.Figure:
    """The contour lines and axes of a dataset (the race copies it)."""
    return figs.contour_base(ds, lang)


@dataset_cache(max_entries=64)
def cached_runs(
    ds: Dataset, lr: float, start: tuple[float, float], batch_size: int, epochs: int, seed: int
) -> dict[str, Path]:
    """The three runs, from the same start and seed, for the same number of epochs (stochastic runs
    take thousands of steps, so going back to a setting seen before is instant)."""
    obj = ds.mse()
    sizes = figs.run_sizes(ds.n, batch_size)
    steps = figs.run_steps(ds.n, batch_size, epochs)
    return {
        code: descend(
            obj, rules.gd(lr), start, steps[code], batch_size=None if code == "full" else sizes[code], seed=seed
        )
        for code in figs.RUNS
    }


@dataset_cache(max_entries=32)
def race_views(
    ds: Dataset, lr: float, start: tuple[float, float], batch_size: int, epochs: int, seed: int, lang: str, at: int
) -> tuple[LiveFigure, LiveText]:
    """The race on its epoch clock and its readout, drawn at clock value ``at``."""
    runs = cached_runs(ds, lr, start, batch_size, epochs, seed)
    clock = figs.clock_control(epochs, ds.n, lang)
    fig = figs.paths_figure(ds, runs, batch_size, clock, at, lang, base=cached_contour(ds, lang))
    return fig, figs.clock_readout(ds, runs, batch_size, clock, lang)


def choice(key: str, label_key: str, options: tuple[str, ...], default: str, label_prefix: str) -> str:
    """A horizontal radio whose translated labels stay out of the URL (the code goes in)."""
    seed_from_url(key, options, default)
    # Labels are fixed now, in this run's language: the format function may be called again later
    # (AppTest does) when the session's language is no longer at hand.
    labels = {c: t(f"{label_prefix}{c}") for c in options}
    value = st.radio(t(label_key), options, format_func=labels.__getitem__, key=key, horizontal=True)
    write_to_url(key, value, default)
    return value


header("batching.title", "batching.intro")
export_menu("batching", runs=True)
ds = dataset_picker(default="synthetic_100", names=figs.DATASETS)
if ds.total > ds.n:  # batches are rows: a large file's runs take its drawn sample, and say so
    ds = dataclasses.replace(ds, full=None)
    st.caption(t("batching.own_sample", n=ds.n))


@st.fragment
def loss_part(ds: Dataset, runs: dict[str, Path], batch_size: int) -> None:
    """The loss chart: its own fragment, so the switches and a committed β rerun only it."""
    lang = current_lang()
    st.subheader(t("batching.loss_heading"))
    c1, c2, c3, c4 = st.columns([1.2, 1.2, 1.4, 1.1], gap="medium")
    with c1:
        noisy = choice("noisy", "batching.noisy_of", ("minibatch", "stochastic"), "minibatch", "batching.run_")
    with c2:
        x_axis = choice("xaxis", "batching.x_axis", ("epochs", "iterations"), "epochs", "batching.x_")
    beta = figs.beta_control(lang)
    with c3:
        live_slider(beta)
    with c4:
        bias = st.toggle(t("batching.bias"), value=True, key="bias", help=t("batching.bias_help"), bind="query-params")
    loss = figs.loss_figure(ds, runs, batch_size, noisy, beta, lang, bias_correction=bias, x_axis=x_axis)
    live_chart(loss, key="loss")
    live_text(figs.loss_caption(beta, lang), key="loss_caption")
    st.caption(t("batching.saddle_note"))


@st.fragment
def lesson(ds: Dataset) -> None:
    lang = current_lang()
    settings = figs.lesson_defaults(ds)
    w_key, b_key = (
        ("batching.start_w", "batching.start_b") if ds.intercept else ("batching.start_w1", "batching.start_w2")
    )
    controls, plot = st.columns([1, 2.6], gap="large")
    with controls:
        # Keys carry the dataset: each dataset has its own ranges and defaults, and a value kept in the
        # URL for one dataset must not seed another's slider.
        w0 = slider(f"{ds.name}_w0", w_key, *ds.w_range, settings["start"][0], 0.1)
        b0 = slider(f"{ds.name}_b0", b_key, *ds.b_range, settings["start"][1], 0.1)
        lo, hi, step, lr_default = settings["lr"]
        lr = slider(f"{ds.name}_lr", "common.lr", lo, hi, lr_default, step, fmt="%.3f" if step >= 1e-3 else "%.1e")
        batch_size = int_slider(
            f"{ds.name}_batch", "batching.batch_size", 1, ds.n, settings["batch"], help_key="batching.batch_help"
        )
        st.caption(
            t("batching.batch_kind", n=ds.n, b=batch_size, kind=t(f"batching.run_{figs.kind(batch_size, ds.n)}"))
        )
        epochs = int_slider("epochs", "batching.epochs", 1, figs.MAX_EPOCHS, settings["epochs"])
        seed = int_slider("seed", "batching.seed", 0, 99, 0)
    with friendly_errors():
        sizes = figs.run_sizes(ds.n, batch_size)
        runs = cached_runs(ds, lr, (w0, b0), batch_size, epochs, seed)
        export_runs({figs.run_name(code, sizes[code], ds.n, lang): runs[code] for code in figs.RUNS})
        with plot:
            st.markdown(f"**{t('batching.paths_heading')}**")
            clock = figs.clock_control(epochs, ds.n, lang)
            live_slider(clock, help_text=t("batching.clock_help"))
            fig, readout = race_views(ds, lr, (w0, b0), batch_size, epochs, seed, lang, committed_index(clock))
            live_chart(fig, key="paths")
            st.caption(t("batching.paths_help"))
            live_text(readout, key="clock_readout")
        for code, path in runs.items():
            if path.diverged_at is not None:
                st.warning(t("batching.diverged", run=figs.run_name(code, sizes[code], ds.n, lang), n=path.diverged_at))

        # Heading, explanation and the three runs' arithmetic in one element: a step re-sends every
        # element of the fragment.
        cards = [figs.run_card(code, ds.n, sizes[code], epochs, runs[code], lang) for code in figs.RUNS]
        st.markdown(
            f"### {t('batching.iter_heading')}\n\n{t('batching.iter_explain', n=ds.n, epochs=epochs)}\n\n"
            + boxes_markdown(cards, colors=[RULE_COLORS[code] for code in figs.RUNS]),
            unsafe_allow_html=True,
        )
        st.info(t("batching.fair"))
        loss_part(ds, runs, batch_size)


lesson(ds)
