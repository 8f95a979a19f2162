"""gdviz: an interactive visualizer that teaches gradient descent.

>>> import gdviz
>>> ds = gdviz.datasets.get("five_points")
>>> obj = gdviz.LinearMSE(ds.x, ds.y, intercept=True)
>>> path = gdviz.descend(obj, gdviz.rules.gd(lr=0.05), [0.0, 0.0], steps=2000)
>>> [round(float(v), 3) for v in path.theta[-1]]
[2.2, -1.0]

``gdviz.figures`` (Plotly) is imported on first use, so the core works without Plotly.
"""

from __future__ import annotations

import importlib
from typing import Any

from gdviz.core import (
    DIVERGENCE_BOUND,
    MAX_STEPS,
    LinearMSE,
    Path,
    batches,
    datasets,
    descend,
    rules,
    schedules,
    search,
    smoothing,
)
from gdviz.core.objectives import TEST_FUNCTIONS, NonConvex1D, test_function

__version__ = "0.1.0"
"""The package's version, the one pyproject.toml reads."""

__all__ = [
    "DIVERGENCE_BOUND",
    "MAX_STEPS",
    "TEST_FUNCTIONS",
    "LinearMSE",
    "NonConvex1D",
    "Path",
    "batches",
    "datasets",
    "descend",
    "figures",
    "rules",
    "schedules",
    "search",
    "smoothing",
    "test_function",
]


def __getattr__(name: str) -> Any:
    if name == "figures":
        return importlib.import_module("gdviz.figures")
    raise AttributeError(f"module 'gdviz' has no attribute {name!r}")
