"""Lesson 2 · Loss curve: MSE(w) and its tangent, the MSE(w, b) bowl, extrema, and search."""

import numpy as np
import streamlit as st

from gdviz.core import NonConvex1D, search
from gdviz.core.datasets import Dataset
from gdviz.core.objectives import NarrowValley1D
from gdviz.figures import loss_curve as lesson
from gdviz.figures.live import LiveFigure, w_control
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.export import export_menu
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import header, on_a_phone
from gdviz.ui.live import live_chart, live_slider, live_text
from gdviz.ui.url import seed_from_url, write_to_url
from gdviz.ui.widgets import dataset_cache, dataset_picker, formula_input, int_slider, slider

NON_CONVEX = NonConvex1D()
SEARCH_CURVES = {"dataset": None, "two_valleys": NON_CONVEX, "narrow_valley": NarrowValley1D()}


@dataset_cache(max_entries=16)
def cached_bowl(ds: Dataset, lang: str, stacked: bool) -> LiveFigure:
    # The heavy contour and surface depend on nothing a control moves: built once for all sessions,
    # and the same bytes on every rerun (Streamlit's message cache sends them by reference).
    return LiveFigure(lesson.bowl_figure(ds, lang, stacked=stacked), ())


@dataset_cache(max_entries=32)
def curve_views(ds: Dataset, b: float, lang: str) -> tuple:
    """Every state of the curve and the map along w, for one dataset, b and language."""
    w = w_control(ds, lang)
    return (
        w,
        lesson.curve_figure(ds, w, b, lang),
        lesson.slope_text(ds, w, b, lang),
        lesson.slope_formula(ds, w, b, lang),
        lesson.position_figure(ds, w, b, lang),
        lesson.bowl_text(ds, w, b, lang),
    )


NON_CONVEX_TEXT = "w^4/4 - w^3/3 - w^2 + 2"  # NON_CONVEX, as the formula box shows it


@st.cache_resource(max_entries=16, show_spinner=False)
def extrema_views(text: str, lang: str) -> tuple:
    """Every state of the non-convex curve along its w: the lesson's, or the one the reader typed."""
    curve = NON_CONVEX if text == NON_CONVEX_TEXT else lesson.typed_curve(text)
    w = lesson.nc_control(curve, lang)
    return curve, w, lesson.extrema_figure(curve, w, lang), lesson.extrema_text(curve, w, lang)


header("loss_curve.title", "loss_curve.intro")
export_menu("loss_curve")
ds = dataset_picker()
obj = lesson.objective(ds)


@st.fragment
def tangent_lesson(b: float) -> None:
    w, curve, slope, formula, position, bowl_mse = curve_views(ds, b, current_lang())
    st.subheader(t("loss_curve.s_curve", b=fmt(b)))
    controls, plot = st.columns([1, 2.4], gap="large")
    with controls:
        live_slider(w, help_text=t("loss_curve.w_help"))
        live_text(slope, key="slope")
        st.caption(t("loss_curve.lowest_caption", w=fmt(obj.best_w(b=b)), b=fmt(b)))
    with plot:
        live_chart(curve, key="curve")
    live_text(formula, key="formula")

    st.subheader(t("loss_curve.s_map"))
    view, words = st.columns([1.5, 1], gap="large")
    with view:
        live_chart(position, key="position")
    with words:
        st.markdown(t("loss_curve.map_text"))
        live_text(bowl_mse, key="bowl_mse")
        best_w, best_b = obj.minimizer()
        st.caption(
            t("loss_curve.bowl_best_caption", w=fmt(best_w), b=fmt(best_b), mse=fmt(obj.value([best_w, best_b]), 3))
        )
        if not ds.intercept:
            st.caption(t("loss_curve.map_origin"))


@st.fragment
def extrema_lesson() -> None:
    st.subheader(t("loss_curve.s_extrema"))
    st.markdown(t("loss_curve.extrema_intro"))
    lang = current_lang()
    curve, w, figure, words = formula_input(
        "fw",
        t("loss_curve.typed_input"),
        NON_CONVEX_TEXT,
        lambda text: extrema_views(text, lang),
        help_text=t("loss_curve.typed_help"),
    )
    controls, plot = st.columns([1, 2.4], gap="large")
    with controls:
        live_slider(w)
        live_text(words, key="extrema_words")
        if curve is NON_CONVEX:
            st.caption(t("loss_curve.extrema_hint"))
        elif curve.extrema:
            st.caption(t("loss_curve.typed_hint"))
        else:
            st.caption(t("loss_curve.typed_none", r=f"{curve.x_range[1]:g}"))
    with plot:
        live_chart(figure, key="extrema")


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
        window, true_min, y_range = ds.w_range, obj.best_w(b=b), lesson.curve_ranges(ds)[1]

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
            st.metric(t(label), lesson.count_text(result.evaluations))
            if curve is None:  # a bowl has one valley
                key = "loss_curve.lands_caption"
            else:
                key = "loss_curve.lands_hit" if lesson.in_global_valley(curve, result.best) else "loss_curve.lands_miss"
            st.caption(t(key, w=fmt(result.best, 3), miss=fmt(abs(result.best - true_min), 3)))
    with cols[2]:
        st.metric(t("loss_curve.true_min_metric"), fmt(true_min, 3))
    search_fig = lesson.search_figure(loss, window, grid, zoom, true_min, lang, y_range=y_range, stacked=on_a_phone())
    live_chart(LiveFigure(search_fig, ()), key="search")

    st.markdown(t("loss_curve.kd_intro", k=grid_k))
    dataset_d = ds.mse().dim
    counts = (
        ("loss_curve.kd_1", 1),
        ("loss_curve.kd_2", 2),
        ("loss_curve.kd_dataset", dataset_d),
        ("loss_curve.kd_10", 10),
    )
    for col, (label, d) in zip(st.columns(len(counts), gap="large"), counts, strict=True):
        with col:
            st.metric(t(label, d=d, k=grid_k), lesson.count_text(search.grid_evaluations(grid_k, d)))
    st.caption(t("loss_curve.kd_outro"))


@st.fragment
def lessons() -> None:
    # b reshapes the curve, the search and the slice on the bowl, and changes rarely: it reruns the
    # lessons (not the app around them). w is live: a release commits it and reruns only its own
    # fragment, which sends the same states again (Streamlit's message cache sends them by reference).
    b_col, b_note = st.columns([1, 2.4], gap="large")
    with b_col:
        if ds.intercept:
            b = slider("b", "common.b", *ds.b_range, value=ds.b_open, step=0.01)
        else:
            b = 0.0
            st.markdown(t("loss_curve.b_fixed"))
    with b_note:
        st.caption(t("loss_curve.b_note"))

    tangent_lesson(b)
    st.subheader(t("loss_curve.s_bowl"))
    st.caption(t("loss_curve.bowl_help"))
    live_chart(cached_bowl(ds, current_lang(), on_a_phone()), key="bowl")
    extrema_lesson()
    search_lesson(b)


lessons()
