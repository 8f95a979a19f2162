"""Lesson 3 · Update rules: fixed value, slope, sign of slope and η × slope from the same start, live
along the step shown, w₀, c and η."""

import streamlit as st

from gdviz.core.datasets import Dataset
from gdviz.figures import update_rules as lesson3
from gdviz.ui.export import export_menu, export_runs
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import header, panels_across
from gdviz.ui.live import committed_index, live_chart, live_slider, live_text
from gdviz.ui.widgets import dataset_cache, dataset_picker, int_slider

MAX_STEPS = 50


@dataset_cache(max_entries=32)
def lesson_views(ds: Dataset, steps: int, lang: str, at: tuple[tuple[str, int], ...], across: int | None) -> tuple:
    """Every run and text of the lesson at these committed values, its panels ``across`` to a row (a
    phone's two, which also stacks the w and MSE panels)."""
    objective = lesson3.objective_w(ds, b=0.0)
    window = lesson3.lesson_window(ds, objective)
    controls = lesson3.lesson_controls(ds, objective, steps, lang)
    runs = lesson3.lesson_runs(objective, window, controls, dict(at))
    return (
        lesson3.facts_text(runs, lang),
        lesson3.panels_figure(runs, lang, across=across),
        lesson3.rules_text(runs, lang),
        lesson3.steps_figure(runs, lang, stacked=across is not None),
        lesson3.table_text(runs, lang),
        runs.paths,
    )


header("update_rules.title", "update_rules.intro")
export_menu("update_rules", runs=True)
ds = dataset_picker()
st.caption(t("update_rules.b_zero_intercept" if ds.intercept else "update_rules.b_zero"))


@st.fragment
def lesson() -> None:
    lang = current_lang()
    objective = lesson3.objective_w(ds, b=0.0)
    w0_col, c_col, lr_col, steps_col = st.columns(4, gap="medium")
    with steps_col:
        steps = int_slider("steps", "common.steps", 1, MAX_STEPS, 20)
    controls = lesson3.lesson_controls(ds, objective, steps, lang)
    at = tuple((key, committed_index(control)) for key, control in controls.items())
    facts, panels, rules, series, table, paths = lesson_views(ds, steps, lang, at, panels_across())
    export_runs({lesson3.rule_label(name, lang): path for name, path in paths.items()})
    for column, key in ((w0_col, "w0"), (c_col, "c"), (lr_col, "lr")):
        with column:
            live_slider(controls[key], help_text=t(f"update_rules.{key}_help"))
    live_text(facts, key="facts")

    st.subheader(t("update_rules.panels"))
    st.caption(t("update_rules.panels_help"))
    live_slider(controls["step"], help_text=t("update_rules.step_help"))
    live_chart(panels, key="panels")
    live_text(rules, key="rules")
    st.info(t("update_rules.takeaway"))

    st.subheader(t("update_rules.traces"))
    st.caption(t("update_rules.traces_help"))
    live_chart(series, key="steps_chart")

    st.subheader(t("update_rules.table"))
    st.caption(t("update_rules.table_help"))
    live_text(table, key="table")


lesson()
