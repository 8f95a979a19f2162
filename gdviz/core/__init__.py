"""The pure-NumPy core of gdviz: data, objectives, update rules, schedules, batches and the loop."""

from gdviz.core import batches, datasets, rules, schedules, search, smoothing
from gdviz.core.descend import DIVERGENCE_BOUND, MAX_STEPS, Path, descend
from gdviz.core.forward import ForwardPass, forward_pass
from gdviz.core.objectives import TEST_FUNCTIONS, LinearMSE, NonConvex1D, TestFunction, test_function

__all__ = [
    "DIVERGENCE_BOUND",
    "MAX_STEPS",
    "TEST_FUNCTIONS",
    "ForwardPass",
    "LinearMSE",
    "NonConvex1D",
    "Path",
    "TestFunction",
    "batches",
    "datasets",
    "descend",
    "forward_pass",
    "rules",
    "schedules",
    "search",
    "smoothing",
    "test_function",
]
