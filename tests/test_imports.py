"""Sessions run in threads of one process: no page may import a dataframe library mid-run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Three threads validate Plotly figures (as other sessions' runs do) while the main thread imports
# pandas and pyarrow (as a run reaching its first table would). Plotly asks narwhals whether each
# array is a pandas or pyarrow object through sys.modules, so a half-imported pandas there raises
# "partially initialized module 'pandas' has no attribute 'Series'" in the other threads; without
# gdviz.ui.layout imported first, this script prints three such errors every time.
RACE = """
import threading
import numpy as np
import plotly.graph_objects as go
import gdviz.ui.layout  # what every page imports before it draws anything

errors, stop = [], False

def build():
    while not stop:
        try:
            go.Figure(go.Scatter(x=np.arange(10.0), y=np.arange(10.0)))
        except Exception as err:
            errors.append(repr(err))
            return

threads = [threading.Thread(target=build) for _ in range(3)]
for thread in threads:
    thread.start()
import pandas, pyarrow  # another session reaching its first table
stop = True
for thread in threads:
    thread.join()
print(errors)
"""


def test_figures_built_in_other_sessions_never_meet_a_half_imported_pandas() -> None:
    done = subprocess.run([sys.executable, "-c", RACE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
