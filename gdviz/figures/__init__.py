"""Plotly figure builders, one module per lesson; they take core results and return ``go.Figure``.

They never import Streamlit, so they work in a notebook too::

    import gdviz
    ds = gdviz.datasets.get("tadpole")
    gdviz.figures.forward.fit_figure(ds, 0.8, 0.0, "en").show()
"""

from gdviz.figures import (
    batching,
    formulas,
    forward,
    learning_rate,
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
    "loss_curve",
    "optimizers",
    "paths",
    "race",
    "theme",
    "update_rules",
]
