"""Shared pieces of the benchmark harness: statistics, the machine, the server process, paths."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = ROOT / "app.py"
FLOOR_APP = ROOT / "bench" / "floor_app.py"
OUT = ROOT / "bench" / "out"
RESULTS = OUT / "results"
REPORT = ROOT / "docs" / "BENCHMARKS.md"


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return float(np.median(values)) if len(values) else None


def p95(values: Sequence[float]) -> float | None:
    """The 95th percentile (linear interpolation between order statistics), or None for no values."""
    return float(np.percentile(values, 95)) if len(values) else None


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _version(module: str) -> str:
    try:
        return str(__import__(module).__version__)
    except Exception:  # a missing package is reported, not fatal
        return "missing"


def chromium_version(path: str) -> str:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "missing"


def machine() -> dict[str, str | int | float]:
    """What the numbers were measured on: CPU, cores, memory, load at start, software versions."""
    cpuinfo = _read("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = _read("/proc/meminfo")
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    from tests.browser.server import CHROMIUM_PATH

    return {
        "date": now_iso(),
        "cpu": model or platform.processor() or platform.machine(),
        "cores": os.cpu_count() or 0,
        "memory_gb": round(mem_kb / 1024**2, 1),
        "load_1min": round(load[0], 2),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "streamlit": _version("streamlit"),
        "plotly": _version("plotly"),
        "chromium": chromium_version(CHROMIUM_PATH),
        "commit": commit,
    }


def server_pid(url: str) -> int | None:
    """The pid of the ``streamlit run`` process serving ``url`` (started by tests.browser.server).

    Found by its command line (``--server.port <port>``), since ``running_server`` yields only the URL.
    """
    port = str(urlparse(url).port)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        args = [a.decode(errors="replace") for a in argv]
        if "streamlit" in args and "--server.port" in args:
            i = args.index("--server.port")
            if i + 1 < len(args) and args[i + 1] == port:
                return int(entry.name)
    return None


def rss_mb(pid: int) -> tuple[float, float] | None:
    """(current RSS, peak RSS) of a process in MB, from /proc/<pid>/status (VmRSS, VmHWM)."""
    status = _read(f"/proc/{pid}/status")
    fields = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(rest.split()[0]) / 1024
    if "VmRSS" not in fields:
        return None
    return fields["VmRSS"], fields.get("VmHWM", fields["VmRSS"])


def sweep(value: float, lo: float, hi: float, step: float, direction: int) -> tuple[float, int]:
    """The slider's next value and direction: keep walking one way, turn round at either end.

    Walking (rather than stepping up and down in turn) makes every step a value the page has not
    shown yet, as when a hand drags a slider: no help from Streamlit's message cache in the browser
    or from ``st.cache_data`` on the server, which would flatter a page that only ever sees two values.
    """
    eps = abs(step) * 1e-9
    if direction > 0 and value + step > hi + eps:
        direction = -1
    elif direction < 0 and value - step < lo - eps:
        direction = 1
    return round(value + direction * step, 12), direction
