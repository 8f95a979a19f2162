"""Strings of the shared path figures (gdviz/figures/paths.py), used by lessons 3 and 4."""

TEXT = {
    "paths.left_at": ("leaves the chart at step {n}", "第 {n} 步走出图外"),
}
