"""Lesson 6 · Optimizers: GD, momentum, Nesterov, AdaGrad, RMSProp and Adam racing on one surface."""

import html

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from gdviz.core.descend import Path
from gdviz.figures import optimizers as figs
from gdviz.figures.live import LiveFigure, LiveText
from gdviz.figures.theme import RULE_COLORS, fmt
from gdviz.ui.export import export_menu, export_runs
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import friendly_errors, header, on_a_phone
from gdviz.ui.live import committed_index, live_chart, live_slider, live_text
from gdviz.ui.url import seed_from_url, write_to_url
from gdviz.ui.widgets import formula_input, int_slider, slider


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_base(surface_code: str, lang: str, formula: str | None, stacked: bool) -> go.Figure:
    """The contours and axes of a surface (shared by all sessions; the race copies it)."""
    return figs.base_figure(surface_code, lang, formula, stacked=stacked)


@st.cache_resource(max_entries=32, show_spinner=False)
def race_views(
    surface_code: str,
    hypers: tuple[tuple[str, tuple[tuple[str, float], ...]], ...],
    theta0: tuple[float, float],
    steps: int,
    lang: str,
    at: tuple[tuple[str, int], ...],
    formula: str | None,
    stacked: bool,
) -> tuple[LiveFigure, LiveText, dict[str, Path]]:
    """The race (its loss panel under it when ``stacked``: a phone), its readout and each racer's
    committed run at these values (shared by all sessions)."""
    racers = [code for code, _ in hypers]
    controls = figs.race_controls(figs.surface(surface_code, formula), racers, steps, lang)
    lesson = figs.race_runs(surface_code, {code: dict(h) for code, h in hypers}, theta0, controls, dict(at), formula)
    base = cached_base(surface_code, lang, formula, stacked)
    return figs.race_figure(lesson, lang, base=base), figs.readout_text(lesson, lang), lesson.paths


def typed_function() -> str:
    """The custom surface's f(x, y), kept in the URL (``?f=...``), its exact gradient and its window."""
    surf = formula_input(
        "f",
        t("optimizers.custom_input"),
        figs.CUSTOM_FUNCTION,
        lambda text: figs.surface("custom", text),
        help_text=t("optimizers.custom_help"),
    )
    st.markdown(t("optimizers.gradient"))
    st.latex(r"\nabla f = \left(" + r",\; ".join(surf.objective.gradient_latex()) + r"\right)")
    st.caption(t("optimizers.custom_window", r=f"{surf.x_range[1]:g}"))
    return surf.objective.text


def racer_picker() -> list[str]:
    """The optimizers to race, kept in the URL as codes (``?opt=gd,adam``); at most five run."""
    default = list(figs.DEFAULT_RACERS)
    if "opt" not in st.session_state:
        from_url = [c for c in st.query_params.get("opt", "").split(",") if c in figs.OPTIMIZERS]
        st.session_state["opt"] = list(dict.fromkeys(from_url)) or default
    # Labels fixed in this run's language (the format function may be called after the run).
    labels = {c: figs.label(c, current_lang()) for c in figs.OPTIMIZERS}
    chosen = st.multiselect(t("optimizers.racers"), figs.OPTIMIZERS, format_func=labels.__getitem__, key="opt")
    if chosen == default:
        if "opt" in st.query_params:
            del st.query_params["opt"]
    elif st.query_params.get("opt") != ",".join(chosen):
        st.query_params["opt"] = ",".join(chosen)
    if len(chosen) > figs.MAX_RACERS:
        racing = chosen[: figs.MAX_RACERS]
        st.warning(t("optimizers.too_many", names=", ".join(figs.label(c, current_lang()) for c in racing)))
        return racing
    return chosen


def hyper_controls(surface_code: str, code: str) -> dict[str, float]:
    """One optimizer's hyperparameters but η (a live slider) in an expander; keys carry the surface so
    each surface starts from its own defaults. Plain GD has none."""
    defaults = figs.default_hyper(surface_code, code)
    prefix = f"{surface_code}_{code}"
    hyper: dict[str, float] = {}
    names = [name for name in figs.HYPERPARAMETERS[code] if name != "lr"]
    if not names:
        return hyper
    # The optimizer's name alone: "Momentum: hyperparameters" wrapped in a quarter of a 1400-pixel
    # window; the caption above the row says what the boxes hold.
    with st.expander(figs.label(code, current_lang())):
        for name in names:
            key = f"{prefix}_{name}"
            if name in figs.HYPER_SLIDERS:
                s = figs.HYPER_SLIDERS[name]
                hyper[name] = slider(key, f"optimizers.{name}", s.min, s.max, defaults[name], s.step, fmt=s.format)
            else:  # eps, an order of magnitude
                hyper[name] = st.select_slider(
                    t("optimizers.eps"),
                    figs.EPS_CHOICES,
                    value=defaults[name],
                    format_func=lambda v: f"{v:.0e}".replace("e-0", "e-"),
                    key=key,
                    bind="query-params",
                )
    return hyper


def race_result(surface: figs.Surface, paths: dict[str, Path], lang: str) -> str:
    """What the race showed, computed from the paths: a heading line and one bullet per optimizer."""
    steps = max(p.steps for p in paths.values())
    names = {c: figs.label(c, lang) for c in paths}
    if surface.code == "saddle":
        heading = t("optimizers.exit_heading")
        items = []
        for code, path in paths.items():
            n = figs.saddle_exit_step(path)
            key = "optimizers.exit_item" if n is not None else "optimizers.exit_never"
            items.append(t(key, name=names[code], n=n, steps=steps))
    elif surface.code == "himmelblau":
        heading = t("optimizers.minima_heading")
        items = []
        for code, path in paths.items():
            i = figs.reached_minimum(surface, path)
            if i is None:
                items.append(t("optimizers.minimum_none", name=names[code]))
            else:
                x, y = surface.minima[i]
                items.append(t("optimizers.minimum_item", name=names[code], x=fmt(x), y=fmt(y)))
    elif surface.code == "custom":
        heading = t("optimizers.final_heading", steps=steps)
        items = []
        for code, path in paths.items():
            diverged = path.diverged_at is not None
            value = t("common.diverged_at", n=path.diverged_at) if diverged else fmt(float(path.loss[-1]), 4)
            items.append(t("optimizers.value_item", name=names[code], value=value))
    elif surface.code == "plateau":
        heading = t("optimizers.moved_heading", steps=steps)
        items = [t("optimizers.value_item", name=names[c], value=fmt(figs.distance_moved(p))) for c, p in paths.items()]
    else:
        x, y = surface.minima[0]
        heading = t("optimizers.distance_heading", x=fmt(x), y=fmt(y), steps=steps)
        items = [
            t("optimizers.value_item", name=names[c], value=fmt(figs.distance_to_minimum(surface, p)))
            for c, p in paths.items()
        ]
    return heading + "\n" + "".join(f"\n- {item}" for item in items)


def formulas(rules_by_code: dict) -> None:
    """Each rule's formula (the core's Rule.formula, verbatim) in its race colour."""
    rows = []
    for code, rule in rules_by_code.items():
        name = html.escape(figs.label(code, current_lang()))
        # Sizes relative to the paragraph's, which Present mode enlarges (gdviz.ui.present).
        rows.append(
            f'<p style="margin:0.25rem 0">'
            f'<span style="color:{RULE_COLORS[code]};font-weight:700;font-size:1.15em">■ {name}</span>'
            f'&nbsp;&nbsp;<code style="font-size:1.1em">{html.escape(rule.formula)}</code></p>'
        )
    st.markdown("".join(rows), unsafe_allow_html=True)


header("optimizers.title", "optimizers.intro")
export_menu("optimizers", runs=True)
pick_surface, pick_racers = st.columns([1, 2], gap="large")
with pick_surface:
    seed_from_url("surface", figs.SURFACES, "saddle")
    surface_labels = {c: t(f"optimizers.surface_{c}") for c in figs.SURFACES}
    surface_code = st.selectbox(
        t("optimizers.surface"), figs.SURFACES, format_func=surface_labels.__getitem__, key="surface"
    )
    write_to_url("surface", surface_code, "saddle")
with pick_racers:
    racers = racer_picker()
st.info(t(f"optimizers.watch_{surface_code}"))
formula = typed_function() if surface_code == "custom" else None


@st.fragment
def race(surface_code: str, racers: list[str], formula: str | None) -> None:
    lang = current_lang()
    surf = figs.surface(surface_code, formula)
    # The saddle's lesson lives in y₀ = 0.001, so its start sliders are finer.
    fine = 0.001 if surface_code == "saddle" else 0.01
    number = "%.3f" if surface_code == "saddle" else "%.2f"
    valley = surface_code == "valley"
    x_col, y_col, steps_col = st.columns(3, gap="large")
    with x_col:
        x_key = "optimizers.start_w1" if valley else "optimizers.start_x"
        x0 = slider(f"{surface_code}_x0", x_key, *surf.x_range, surf.start[0], fine, fmt=number)
    with y_col:
        y_key = "optimizers.start_w2" if valley else "optimizers.start_y"
        y0 = slider(f"{surface_code}_y0", y_key, *surf.y_range, surf.start[1], fine, fmt=number)
    with steps_col:
        steps = int_slider(
            f"{surface_code}_steps", "common.steps", 10, 1000, figs.SURFACE_DEFAULTS[surface_code]["steps"]
        )
    if not np.isfinite(surf.objective.value([x0, y0])):  # a typed function may be undefined there
        st.warning(t("optimizers.start_undefined", x=fmt(x0), y=fmt(y0)))
        return
    st.caption(t("optimizers.torch_names"))
    controls = figs.race_controls(surf, racers, steps, lang)
    hypers = {}
    for col, code in zip(st.columns(len(racers), gap="small"), racers, strict=True):
        with col:
            live_slider(controls[code])
            hypers[code] = hyper_controls(surface_code, code)
    st.caption(t("optimizers.lr_help"))
    at = tuple((key, committed_index(control)) for key, control in controls.items())
    with friendly_errors():
        frozen = tuple((code, tuple(sorted(hyper.items()))) for code, hyper in hypers.items())
        fig, readout, paths = race_views(surface_code, frozen, (x0, y0), steps, lang, at, formula, on_a_phone())
        export_runs({figs.label(code, lang): path for code, path in paths.items()})
        live_slider(controls["race_step"], help_text=t("optimizers.race_step_help"))
        live_chart(fig, key="race")
        st.caption(t("optimizers.arrows_help", d=figs.scale_text(fig.figure.layout.meta["step_scale"])))
        live_text(readout, key="readout")
        for code, path in paths.items():
            if path.diverged_at is not None:
                st.warning(t("optimizers.diverged", name=figs.label(code, lang), n=path.diverged_at))
        st.subheader(t("optimizers.result"))
        st.markdown(race_result(surf, paths, lang))
        st.subheader(t("optimizers.formulas"))
        committed = dict(at)
        lrs = {code: float(controls[code].values[committed[code]]) for code in racers}
        formulas({code: figs.build_rule(code, {**hypers[code], "lr": lrs[code]}) for code in racers})
        st.caption(t("optimizers.formulas_help"))


if racers:
    race(surface_code, racers, formula)
else:
    st.info(t("optimizers.none"))
