"""Plotly figure builders, one module per lesson; they take core results and return ``go.Figure``, or a
:class:`~gdviz.figures.live.LiveFigure` (the figure and its state at every value of its live controls).

They never import Streamlit, so they work in a notebook too::

    import gdviz
    ds = gdviz.datasets.get("tadpole")
    w = gdviz.figures.live.w_control(ds, "en")
    gdviz.figures.forward.fit_figure(ds, w, 0.0, "en").at(w.index(0.8)).show()
"""

from gdviz.figures import (
    batching,
    formulas,
    forward,
    learning_rate,
    live,
    loss_curve,
    optimizers,
    paths,
    race,
    theme,
    update_rules,
)

__all__ = [
    "batching",
    "formulas",
    "forward",
    "learning_rate",
    "live",
    "loss_curve",
    "optimizers",
    "paths",
    "race",
    "theme",
    "update_rules",
]
