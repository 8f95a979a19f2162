"""Lesson 3 · Update rules: fixed value, slope, sign of slope and η × slope from the same start."""

import streamlit as st

from gdviz.core import descend
from gdviz.figures import update_rules as lesson3
from gdviz.figures.formulas import boxes_markdown, table_html
from gdviz.figures.theme import RULE_COLORS, fmt
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import chart, friendly_errors, header, session_figure
from gdviz.ui.widgets import dataset_picker, int_slider, slider

MAX_STEPS = 50

header("update_rules.title", "update_rules.intro")
ds = dataset_picker()
st.caption(t("update_rules.b_zero_intercept" if ds.intercept else "update_rules.b_zero"))
objective = lesson3.objective_w(ds, b=0.0)
window = lesson3.lesson_window(ds, objective)
lr_control, lr_default = lesson3.lr_slider(objective)
c_max, c_default = lesson3.c_range(ds)


@st.fragment
def lesson() -> None:
    lang = current_lang()
    w0_col, c_col, lr_col, steps_col = st.columns(4, gap="medium")
    with w0_col:
        w0 = slider(
            "w0",
            "update_rules.w0",
            *ds.w_range,
            value=lesson3.default_w0(ds),
            step=0.01,
            help_key="update_rules.w0_help",
        )
    with c_col:
        c = slider("c", "update_rules.c", -c_max, c_max, value=c_default, step=0.01, help_key="update_rules.c_help")
    with lr_col:
        lr = slider(
            "lr",
            "common.lr",
            0.0,
            lr_control.max,
            value=lr_default,
            step=lr_control.step,
            fmt=f"%.{lr_control.digits}f",
            help_key="update_rules.lr_help",
        )
    with steps_col:
        steps = int_slider("steps", "common.steps", 1, MAX_STEPS, 20)

    with friendly_errors():
        rules = lesson3.lesson_rules(c, lr)
        paths = {name: descend(objective, rule, [w0], steps) for name, rule in rules.items()}
        st.markdown(
            t(
                "update_rules.facts",
                loss0=fmt(float(objective.value([w0])), 2),
                w=fmt(float(objective.minimizer()[0])),
                h=fmt(lesson3.curvature(objective)),
            )
        )

        st.subheader(t("update_rules.panels"))
        st.caption(t("update_rules.panels_help"))
        base = session_figure(
            "update_rules.panels", (ds.name, steps, lang), lambda: lesson3.panels_base(objective, window, steps, lang)
        )
        chart(lesson3.panels_figure(objective, paths, rules, window, lang, base=base), key="panels")
        summaries = [
            (lesson3.rule_label(name, lang), lesson3.summary(name, paths[name], objective, lang))
            for name in lesson3.RULE_ORDER
        ]
        colors = [RULE_COLORS[name] for name in lesson3.RULE_ORDER]
        st.markdown(boxes_markdown(summaries, colors=colors), unsafe_allow_html=True)
        st.info(t("update_rules.takeaway"))

        st.subheader(t("update_rules.traces"))
        st.caption(t("update_rules.traces_help"))
        held = session_figure(
            "update_rules.steps", (ds.name, steps, lang), lambda: lesson3.steps_figure(objective, paths, window, lang)
        )
        chart(lesson3.set_steps(held, paths, lang), key="steps_chart")

        st.subheader(t("update_rules.table"))
        st.caption(t("update_rules.table_help"))
        columns = lesson3.arithmetic_table(paths, lang)
        steps_shown = len(next(iter(columns.values())))
        labels = [f"{t('update_rules.table_step')} {i + 1}" for i in range(steps_shown)]
        st.markdown(table_html(columns, index=labels), unsafe_allow_html=True)


lesson()
