"""Lesson 4 · Learning rate: too small, good, too large, diverging; the limit 2/λmax; schedules."""

import numpy as np
import streamlit as st

from gdviz.core import descend, rules, schedules
from gdviz.core.datasets import Dataset
from gdviz.figures import learning_rate as lesson4
from gdviz.figures.live import LiveFigure
from gdviz.figures.paths import Run
from gdviz.figures.theme import fmt
from gdviz.ui.export import export_menu, export_runs
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import friendly_errors, header, on_a_phone, panels_across
from gdviz.ui.live import committed_index, live_chart, live_slider, live_text
from gdviz.ui.url import seed_from_url, write_to_url
from gdviz.ui.widgets import dataset_cache, dataset_picker, int_slider, slider

SCHEDULE_KINDS = ("constant", "step", "exponential", "cosine")
MAX_STEPS = 500
# torch.optim.lr_scheduler's closed forms, t counted from 0 (gdviz.core.schedules).
FORMULAS = {
    "constant": r"\eta_t = \eta",
    "step": r"\eta_t = \eta \cdot \gamma^{\lfloor t / \mathrm{step\_size} \rfloor}",
    "exponential": r"\eta_t = \eta \cdot \gamma^{t}",
    "cosine": r"\eta_t = \eta_{min} + (\eta - \eta_{min})\,\frac{1 + \cos(\pi t / T_{max})}{2}",
}


@dataset_cache(max_entries=32)
def lesson_views(
    ds: Dataset, b0: float | None, steps: int, lang: str, at: tuple[tuple[str, int], ...], across: int | None
) -> tuple:
    """Every figure and text of the lesson at these committed values, its panels ``across`` to a row."""
    objective = ds.mse()
    window = lesson4.lesson_window(ds, objective)
    controls = lesson4.lesson_controls(ds, objective, steps, lang)
    lesson = lesson4.lesson_runs(objective, window, controls, dict(at), b0=b0)
    return (
        lesson4.ruler_figure(lesson, lang),
        lesson4.facts_text(lesson, lang),
        lesson4.loss_figure(lesson, lang),
        lesson4.panels_figure(lesson, lang, across=across),
        lesson4.table_text(lesson, lang),
        lesson4.sweep_figure(lesson, lang),
        lesson.presets,
    )


header("learning_rate.title", "learning_rate.intro")
export_menu("learning_rate", runs=True)
ds = dataset_picker()  # the one-feature datasets: descent on w, or on (w, b) with an intercept
objective = ds.mse()
st.caption(t("learning_rate.one_param" if objective.dim == 1 else "learning_rate.two_params"))
limit = objective.stability_limit()
scale = lesson4.lr_control(limit)
window = lesson4.lesson_window(ds, objective)


def schedule_controls() -> tuple[float, schedules.Schedule | None]:
    """The schedule selector, where it starts (η₀), its formula and its parameters (torch's names), in
    one row. Returns η₀ and the schedule, or None when the parameters do not fit (eta_min above η₀)."""
    kind_col, lr_col, first_col, second_col = st.columns([1.1, 1.4, 1, 1], gap="medium")
    with kind_col:
        seed_from_url("schedule", SCHEDULE_KINDS, "step")
        kind = st.radio(
            t("learning_rate.schedule"),
            SCHEDULE_KINDS,
            format_func=lambda k: t(f"learning_rate.sched_{k}"),
            key="schedule",
        )
        write_to_url("schedule", kind, "step")
    with lr_col:
        lr0 = slider(
            "lr0",
            "learning_rate.lr0",
            scale.step,
            scale.max,
            value=lesson4.schedule_start(limit, scale),
            step=scale.step,
            fmt=f"%.{scale.digits}f",
            help_key="learning_rate.lr0_help",
        )
        st.latex(FORMULAS[kind])
    if kind == "constant":
        return lr0, schedules.constant(lr0)
    if kind == "step":
        with first_col:
            step_size = int_slider("step_size", "learning_rate.step_size", 1, 100, 10)
        with second_col:
            gamma = slider("gamma", "learning_rate.gamma", 0.05, 1.0, value=0.5, step=0.05)
        return lr0, schedules.step_decay(lr0, step_size=step_size, gamma=gamma)
    if kind == "exponential":
        with first_col:
            gamma = slider("exp_gamma", "learning_rate.exp_gamma", 0.8, 1.0, value=0.97, step=0.005, fmt="%.3f")
        return lr0, schedules.exponential(lr0, gamma=gamma)
    with first_col:
        t_max = int_slider("t_max", "learning_rate.t_max", 1, MAX_STEPS, 100)
    with second_col:
        eta_min = slider(
            "eta_min",
            "learning_rate.eta_min",
            0.0,
            scale.max,
            value=0.0,
            step=scale.step,
            fmt=f"%.{scale.digits}f",
        )
    if eta_min > lr0:
        digits = scale.digits
        st.warning(t("learning_rate.eta_min_high", eta_min=f"{eta_min:.{digits}f}", lr=f"{lr0:.{digits}f}"))
        return lr0, None
    return lr0, schedules.cosine_annealing(lr0, T_max=t_max, eta_min=eta_min)


@st.fragment
def lesson(b0: float | None, steps: int) -> None:
    lang = current_lang()
    eigenvalues = np.linalg.eigvalsh(objective.hessian())
    controls = lesson4.lesson_controls(ds, objective, steps, lang)
    at = tuple((key, committed_index(control)) for key, control in controls.items())
    with friendly_errors():
        ruler, facts, loss, panels, table, sweep, presets = lesson_views(ds, b0, steps, lang, at, panels_across())
        export_runs({lesson4.preset_label(name, lang): path for name, path in presets.items()})
        slider_col, facts_col = st.columns([3, 1], gap="large")
        with slider_col:
            live_slider(controls["lr"], help_text=t("learning_rate.lr_help"))
            live_chart(ruler, key="ruler")
            lam, limit_text = fmt(float(eigenvalues[-1])), f"{limit:.{scale.digits}f}"
            if objective.dim == 1:
                st.caption(t("learning_rate.limit_1d", lam=lam, limit=limit_text))
            else:
                lam_min = fmt(float(eigenvalues[0]), 3)
                st.caption(t("learning_rate.limit_2d", lam_min=lam_min, lam=lam, limit=limit_text))
        with facts_col:
            live_text(facts, key="facts")

        st.subheader(t("learning_rate.loss_heading"))
        st.caption(t("learning_rate.loss_help"))
        live_chart(loss, key="loss")

        st.subheader(t("learning_rate.paths_heading"))
        st.caption(t("learning_rate.paths_help"))
        live_slider(controls["step"], help_text=t("learning_rate.step_help"))
        live_chart(panels, key="paths")
        st.markdown(f"#### {t('learning_rate.table_heading')}")
        live_text(table, key="table")

        st.subheader(t("learning_rate.sweep_heading"))
        st.caption(t("learning_rate.sweep_help"))
        live_chart(sweep, key="sweep")


@st.fragment
def schedule_lesson(theta0: tuple[float, ...], steps: int) -> None:
    # Its own fragment: η₀ and the schedule's parameters change nothing above, and η (the fragment
    # above) changes nothing here.
    lang = current_lang()
    with friendly_errors():
        st.subheader(t("learning_rate.sched_heading"))
        st.caption(t("learning_rate.sched_intro"))
        lr0, schedule = schedule_controls()
        if schedule is None:
            return
        constant_path = descend(objective, rules.gd(lr0), theta0, steps)
        scheduled_path = descend(objective, rules.gd(lr0), theta0, steps, schedule=schedule)
        constant = Run(constant_path, t("learning_rate.constant_run"), lesson4.PRESET_COLORS["yours"])
        scheduled = Run(scheduled_path, t("learning_rate.scheduled_run"), lesson4.SCHEDULED_COLOR)
        values = np.asarray(schedule(np.arange(steps)), dtype=np.float64)
        fig = lesson4.schedule_figure(
            objective, window, values, constant, scheduled, scale, limit, lang, stacked=on_a_phone()
        )
        live_chart(LiveFigure(fig, ()), key="schedule_fig")
        st.markdown(
            t(
                "learning_rate.sched_result",
                steps=steps,
                const=lesson4.arrival_text(objective, constant_path, lang),
                sched=lesson4.arrival_text(objective, scheduled_path, lang),
                const_loss=lesson4.final_loss_text(constant_path.loss, constant_path.diverged_at),
                sched_loss=lesson4.final_loss_text(scheduled_path.loss, scheduled_path.diverged_at),
            )
        )
        st.caption(t("learning_rate.sched_note"))


@st.fragment
def lessons() -> None:
    # The start and the number of steps reshape both lessons, so they rerun this fragment, not the
    # page around it. A committed η or step reruns only its lesson, the schedule's controls only theirs.
    # w₀ is live: the lesson above follows it while it moves; the schedule's runs start from it once
    # it is let go.
    start_cols = st.columns(3 if objective.dim == 2 else 2, gap="medium")
    with start_cols[0]:
        w0 = live_slider(lesson4.start_control(ds, current_lang()))
    b0 = None
    if objective.dim == 2:
        with start_cols[1]:
            b0 = float(slider("b0", "learning_rate.b0", *ds.b_range, value=ds.start[1], step=0.01))
    with start_cols[-1]:
        steps = int_slider("steps", "common.steps", 10, MAX_STEPS, 100)
    lesson(b0, steps)
    schedule_lesson((w0,) if b0 is None else (w0, b0), steps)


lessons()
