"""Lesson 2 · Loss curve: MSE(w) and its tangent, the MSE(w, b) bowl, extrema, and search."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from gdviz.core import LinearMSE, NonConvex1D, datasets, search
from gdviz.core.objectives import NarrowValley1D
from gdviz.figures.loss_curve import (
    DIRECTION_KEYS,
    bowl_figure,
    count_text,
    curve_figure,
    curve_ranges,
    curve_slope,
    descent_direction,
    extrema_figure,
    extrema_kind,
    in_global_valley,
    objective,
    position_figure,
    search_figure,
    set_curve,
    set_position,
    slope_latex,
)
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import chart, header, session_figure
from gdviz.ui.url import seed_from_url, write_to_url
from gdviz.ui.widgets import dataset_picker, int_slider, slider

W_STEP = 0.01
NON_CONVEX = NonConvex1D()
SEARCH_CURVES = {"dataset": None, "two_valleys": NON_CONVEX, "narrow_valley": NarrowValley1D()}


@st.cache_data(max_entries=16, show_spinner=False)
def cached_bowl(name: str, lang: str) -> go.Figure:
    # The heavy contour and surface depend on nothing a slider moves: built once, sent on full reruns only.
    return bowl_figure(datasets.get(name), lang)


header("loss_curve.title", "loss_curve.intro")
ds = dataset_picker()
obj = objective(ds)


@st.fragment
def tangent_lesson(b: float) -> None:
    lang = current_lang()
    st.subheader(t("loss_curve.s_curve", b=fmt(b)))
    controls, plot = st.columns([1, 2.4], gap="large")
    with controls:
        w = slider("w", "common.w", *ds.w_range, value=ds.w_range[1] if ds.name == "tadpole" else 1.0, step=W_STEP)
        slope = obj.slope_w(w, b=b)
        st.metric(t("loss_curve.metric_slope"), fmt(slope))
        st.metric(t("loss_curve.metric_mse"), fmt(float(obj.curve_w(w, b=b)), 3))
        direction = descent_direction(lambda v: obj.slope_w(v, b=b), w, W_STEP)
        (st.success if direction == 0 else st.info)(t(DIRECTION_KEYS[direction]))
        st.caption(t("loss_curve.lowest_caption", w=fmt(obj.best_w(b=b)), b=fmt(b)))
    with plot:
        curve = session_figure("curve", (ds.name, b, lang), lambda: curve_figure(ds, w, b, lang, step=W_STEP))
        chart(set_curve(curve, ds, w, b, lang, step=W_STEP), key="curve")
    st.latex(slope_latex(ds, w, b))

    st.subheader(t("loss_curve.s_map"))
    view, words = st.columns([1.5, 1], gap="large")
    with view:
        position = session_figure("position", (ds.name, b, lang), lambda: position_figure(ds, w, b, lang))
        chart(set_position(position, w, b), key="position")
    with words:
        st.markdown(t("loss_curve.map_text"))
        best_w, best_b = obj.minimizer()
        st.metric(t("loss_curve.metric_bowl_mse"), fmt(float(obj.value([w, b])), 3))
        st.caption(
            t("loss_curve.bowl_best_caption", w=fmt(best_w), b=fmt(best_b), mse=fmt(obj.value([best_w, best_b]), 3))
        )
        if not ds.intercept:
            st.caption(t("loss_curve.map_origin"))


@st.fragment
def extrema_lesson() -> None:
    lang = current_lang()
    st.subheader(t("loss_curve.s_extrema"))
    st.markdown(t("loss_curve.extrema_intro"))
    controls, plot = st.columns([1, 2.4], gap="large")
    with controls:
        w = slider("nc_w", "loss_curve.nc_w", *NON_CONVEX.x_range, value=1.0, step=W_STEP)
        st.metric(t("loss_curve.metric_slope"), fmt(curve_slope(NON_CONVEX, w)))
        kind = extrema_kind(NON_CONVEX, w, W_STEP)
        if kind is not None:
            st.success(t(f"loss_curve.at_{kind}"))
        else:
            direction = descent_direction(lambda v: curve_slope(NON_CONVEX, v), w, W_STEP)
            st.info(t("loss_curve.dir_flat" if direction == 0 else DIRECTION_KEYS[direction]))
        st.caption(t("loss_curve.extrema_hint"))
    with plot:
        chart(extrema_figure(NON_CONVEX, w, lang, step=W_STEP), key="extrema")


@st.fragment
def search_lesson(b: float) -> None:
    lang = current_lang()
    st.subheader(t("loss_curve.s_search"))
    st.markdown(t("loss_curve.search_intro"))
    b_text = fmt(b)

    def curve_label(code: str) -> str:
        # Bound to this run's language: the widget also calls it outside the run (AppTest).
        return tr(f"loss_curve.curve_{code}", lang, b=b_text)

    seed_from_url("search_on", tuple(SEARCH_CURVES), "dataset")
    choice = st.radio(
        t("loss_curve.search_on"),
        tuple(SEARCH_CURVES),
        format_func=curve_label,
        key="search_on",
        horizontal=True,
    )
    write_to_url("search_on", choice, "dataset")
    grid_col, per_round_col, rounds_col = st.columns(3, gap="large")
    with grid_col:
        grid_k = int_slider("grid_k", "loss_curve.grid_k", 3, 40, 13)
    with per_round_col:
        per_round = int_slider("zoom_k", "loss_curve.zoom_k", 4, 12, 5, help_key="loss_curve.zoom_k_help")
    with rounds_col:
        rounds = int_slider("zoom_rounds", "loss_curve.zoom_rounds", 1, 8, 4)

    curve = SEARCH_CURVES[choice]
    if curve is None:
        window, true_min, y_range = ds.w_range, obj.best_w(b=b), curve_ranges(ds)[1]

        def loss(w: np.ndarray) -> np.ndarray:
            return obj.curve_w(w, b=b)
    else:
        window, true_min, y_range = curve.x_range, curve.global_min, None

        def loss(w: np.ndarray) -> np.ndarray:
            return np.asarray(curve.value(np.asarray(w)[..., None]))

    grid = search.grid_search(loss, *window, grid_k)
    zoom = search.divide_and_conquer(loss, *window, per_round, rounds)
    cols = st.columns(3, gap="large")
    for col, label, result in ((cols[0], "loss_curve.grid_metric", grid), (cols[1], "loss_curve.zoom_metric", zoom)):
        with col:
            st.metric(t(label), count_text(result.evaluations))
            if curve is None:  # a bowl has one valley
                key = "loss_curve.lands_caption"
            else:
                key = "loss_curve.lands_hit" if in_global_valley(curve, result.best) else "loss_curve.lands_miss"
            st.caption(t(key, w=fmt(result.best, 3), miss=fmt(abs(result.best - true_min), 3)))
    with cols[2]:
        st.metric(t("loss_curve.true_min_metric"), fmt(true_min, 3))
    chart(search_figure(loss, window, grid, zoom, true_min, lang, y_range=y_range), key="search")

    st.markdown(t("loss_curve.kd_intro", k=grid_k))
    dataset_d = LinearMSE(ds.x, ds.y, intercept=ds.intercept).dim
    counts = (
        ("loss_curve.kd_1", 1),
        ("loss_curve.kd_2", 2),
        ("loss_curve.kd_dataset", dataset_d),
        ("loss_curve.kd_10", 10),
    )
    for col, (label, d) in zip(st.columns(len(counts), gap="large"), counts, strict=True):
        with col:
            st.metric(t(label, d=d, k=grid_k), count_text(search.grid_evaluations(grid_k, d)))
    st.caption(t("loss_curve.kd_outro"))


@st.fragment
def lessons() -> None:
    # b reshapes the curve, the search and the slice on the bowl, and changes rarely: it reruns the
    # lessons (not the app around them). w, dragged all the time, reruns only its own fragment.
    b_col, b_note = st.columns([1, 2.4], gap="large")
    with b_col:
        if ds.intercept:
            b = slider("b", "common.b", *ds.b_range, value=0.0, step=W_STEP)
        else:
            b = 0.0
            st.markdown(t("loss_curve.b_fixed"))
    with b_note:
        st.caption(t("loss_curve.b_note"))

    tangent_lesson(b)
    st.subheader(t("loss_curve.s_bowl"))
    st.caption(t("loss_curve.bowl_help"))
    chart(cached_bowl(ds.name, current_lang()), key="bowl")
    extrema_lesson()
    search_lesson(b)


lessons()
