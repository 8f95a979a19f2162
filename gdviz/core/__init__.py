"""The pure-NumPy core of gdviz: data, objectives, update rules, schedules, batches and the loop."""

from gdviz.core import batches, datasets, rules, schedules, search, smoothing
from gdviz.core.descend import DIVERGENCE_BOUND, MAX_STEPS, Path, descend
from gdviz.core.objectives import TEST_FUNCTIONS, LinearMSE, NonConvex1D, TestFunction, test_function

__all__ = [
    "batches",
    "datasets",
    "rules",
    "schedules",
    "search",
    "smoothing",
    "descend",
    "Path",
    "MAX_STEPS",
    "DIVERGENCE_BOUND",
    "LinearMSE",
    "NonConvex1D",
    "TestFunction",
    "TEST_FUNCTIONS",
    "test_function",
]
