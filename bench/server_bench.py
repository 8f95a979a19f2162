"""Server benchmark: how long one script run takes in Streamlit's AppTest, per page and for the floor app.

AppTest runs the script in this process with no browser and no websocket, so this is the Python cost
of a rerun alone. AppTest always reruns the whole page (fragments are not partial there), so for a
slider inside an ``@st.fragment`` this is an upper bound of what the server does per step.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from streamlit.testing.v1 import AppTest

from bench.common import FLOOR_APP, median, p95, sweep
from gdviz.ui.pages import PAGES
from tests.conftest import open_page


def _step_reruns(at: AppTest, samples: int) -> dict[str, Any]:
    """Move the first slider one step at a time (walking one way, turning at the ends); time each rerun."""
    times: list[float] = []
    errors: list[str] = []
    if not at.slider:
        for _ in range(samples):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        return {"slider": None, "ms": times, "errors": [e.value for e in at.exception]}
    first = at.slider[0]
    key = first.key
    direction = 1
    for _ in range(samples):
        slider = at.slider(key=key) if key else at.slider[0]
        value, direction = sweep(slider.value, slider.min, slider.max, slider.step, direction)
        t0 = time.perf_counter()
        slider.set_value(value).run()
        times.append(time.perf_counter() - t0)
        errors += [str(e.value) for e in at.exception]
    return {"slider": key or first.label, "ms": times, "errors": errors}


def _summary(name: str, result: dict[str, Any], first_run_s: float) -> dict[str, Any]:
    ms = [t * 1e3 for t in result["ms"]]
    return {
        "page": name,
        "slider": result["slider"],
        "first_run_ms": first_run_s * 1e3,
        "median_ms": median(ms),
        "p95_ms": p95(ms),
        "samples": len(ms),
        "errors": result["errors"],
    }


def _quiet_streamlit() -> None:
    """AppTest logs a "missing ScriptRunContext" warning per element in this process: noise here."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def run(quick: bool, pages: list[str] | None = None) -> dict[str, Any]:
    _quiet_streamlit()
    samples = 5 if quick else 20
    rows = []
    t0 = time.perf_counter()
    floor = AppTest.from_file(str(FLOOR_APP), default_timeout=60)
    floor.run()
    rows.append(_summary("floor", _step_reruns(floor, samples), time.perf_counter() - t0))
    for slug in pages or [p.slug for p in PAGES]:
        print(f"server: {slug} ...", flush=True)
        _quiet_streamlit()  # loggers made since
        t0 = time.perf_counter()
        try:
            at = open_page(slug, "en")
        except Exception as err:  # a page still being built must not stop the whole run
            rows.append({"page": slug, "slider": None, "errors": [f"{type(err).__name__}: {err}"], "samples": 0})
            continue
        first_s = time.perf_counter() - t0
        rows.append(_summary(slug, _step_reruns(at, samples), first_s))
    return {"rows": rows}
