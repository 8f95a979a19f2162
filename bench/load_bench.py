"""Load benchmark: many sessions moving a slider at once, spoken in Streamlit's own websocket protocol.

Thirty Chromium tabs on a 2-core machine would measure the browser fighting itself, so each session
here is a protocol-level client of the app's websocket (``/_stcore/stream``), doing what the browser
does: it sends a ``BackMsg.rerun_script`` (``ClientState``: query string, page, widget states and, for
a slider inside an ``@st.fragment``, the fragment id) and reads ``ForwardMsg``s until
``script_finished``. It learns the slider (widget id, range, step, fragment) from the page's own
first run, the first slider in the main area, as the browser part does.

All sessions open the page, wait for each other, then each moves its slider N steps (walking one way,
turning at the ends), sending the next step as soon as the previous run finished (no think time:
harder than a class). A step's latency is send -> ``script_finished`` received (no drawing). An error
is a failed connection, a timeout, an exception or error box on the page, or a run that did not
finish successfully. Server memory is the ``streamlit run`` process's RSS, sampled every 100 ms.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from bench.common import APP, FLOOR_APP, median, p95, rss_mb, server_pid, sweep
from gdviz.ui.pages import PAGES
from tests.browser.server import running_server

RUN_TIMEOUT_S = 60.0
OK_STATUSES = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class SliderInfo:
    widget_id: str
    lo: float
    hi: float
    step: float
    value: float
    fragment_id: str


@dataclass
class RunResult:
    slider: SliderInfo | None = None
    page_script_hash: str = ""
    errors: list[str] = field(default_factory=list)
    received_bytes: int = 0


async def _read_run(ws: Any, result: RunResult) -> RunResult:
    """Read ForwardMsgs until script_finished; note the page, the first main slider and any error."""
    while True:
        raw = await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S)
        result.received_bytes += len(raw)
        msg = ForwardMsg.FromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session" and msg.new_session.page_script_hash:
            result.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation" and msg.navigation.page_script_hash:
            result.page_script_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.HasField("new_element"):
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            if etype == "exception":
                result.errors.append(f"exception: {element.exception.type}: {element.exception.message[:160]}")
            elif etype == "alert" and element.alert.format == element.alert.ERROR:
                result.errors.append(f"error box: {element.alert.body[:160]}")
            elif etype == "slider" and result.slider is None and list(msg.metadata.delta_path)[:1] == [0]:
                s = element.slider
                values = list(s.value) if s.set_value and len(s.value) else list(s.default)
                result.slider = SliderInfo(s.id, s.min, s.max, s.step, values[0], msg.delta.fragment_id)
        elif kind == "script_finished":
            if msg.script_finished not in OK_STATUSES:
                result.errors.append(f"run finished with status {msg.script_finished}")
            return result


def _rerun_msg(slug: str, page_script_hash: str, slider: SliderInfo | None, value: float | None) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = "lang=en"
    if slug:
        state.page_name = slug
    if page_script_hash:
        state.page_script_hash = page_script_hash
    if slider is not None and value is not None:
        widget = state.widget_states.widgets.add()
        widget.id = slider.widget_id
        widget.double_array_value.data.append(value)
        if slider.fragment_id:
            state.fragment_id = slider.fragment_id
    return msg.SerializeToString()


@dataclass
class Shared:
    sessions: int
    ready: int = 0
    all_ready: asyncio.Event = field(default_factory=asyncio.Event)
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    no_slider: int = 0
    moves_done: int = 0

    def arrive(self) -> None:
        self.ready += 1
        if self.ready >= self.sessions:
            self.all_ready.set()


def _connect(ws_url: str, headers: dict[str, str] | None = None) -> Any:
    """Open a session's websocket as the browser does (``headers``: its cookie, behind a proxy)."""
    return connect(
        ws_url,
        subprotocols=[Subprotocol("streamlit")],
        compression=None,
        max_size=None,
        proxy=None,
        additional_headers=headers,
    )


async def _session(ws_url: str, slug: str, moves: int, shared: Shared, headers: dict[str, str] | None = None) -> None:
    arrived = False
    try:
        async with _connect(ws_url, headers) as ws:
            await ws.send(_rerun_msg(slug, "", None, None))
            first = await _read_run(ws, RunResult())
            shared.errors += first.errors
            shared.arrive()
            arrived = True
            await shared.all_ready.wait()
            slider = first.slider
            if slider is None:
                shared.no_slider += 1
                return
            value, direction = slider.value, 1
            for _ in range(moves):
                value, direction = sweep(value, slider.lo, slider.hi, slider.step, direction)
                t0 = time.perf_counter()
                await ws.send(_rerun_msg(slug, first.page_script_hash, slider, value))
                run = await _read_run(ws, RunResult())
                shared.latencies_ms.append((time.perf_counter() - t0) * 1e3)
                shared.errors += run.errors
                shared.moves_done += 1
    except Exception as err:
        shared.errors.append(f"{type(err).__name__}: {str(err)[:160]}")
    finally:
        if not arrived:
            shared.arrive()


class MemorySampler:
    """RSS of one process every ``interval`` seconds, in a background thread."""

    def __init__(self, pid: int | None, interval: float = 0.1) -> None:
        self.pid, self.interval, self.samples = pid, interval, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self.pid is not None and (mem := rss_mb(self.pid)) is not None:
                self.samples.append(mem[0])
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_one(name: str, app: Path, slug: str, sessions: int, moves: int) -> dict[str, Any]:
    """Start a fresh server, run ``sessions`` clients moving a slider ``moves`` times each."""
    with running_server(app=app) as url:
        pid = server_pid(url)
        ws_url = f"ws://{urlparse(url).netloc}/_stcore/stream"
        before = rss_mb(pid) if pid else None
        shared = Shared(sessions)

        async def main() -> None:
            shared.all_ready = asyncio.Event()
            await asyncio.gather(*(_session(ws_url, slug, moves, shared) for _ in range(sessions)))

        t0 = time.perf_counter()
        with MemorySampler(pid) as mem:
            asyncio.run(main())
        wall = time.perf_counter() - t0
        time.sleep(1.0)
        after = rss_mb(pid) if pid else None
    lat = shared.latencies_ms
    return {
        "page": name,
        "sessions": sessions,
        "moves": moves,
        "steps_done": shared.moves_done,
        "no_slider": shared.no_slider == sessions,
        "errors": len(shared.errors),
        "error_examples": sorted(set(shared.errors))[:5],
        "p50_ms": median(lat),
        "p95_ms": p95(lat),
        "max_ms": max(lat) if lat else None,
        "wall_s": wall,
        "rss_before_mb": before[0] if before else None,
        "rss_peak_mb": max(mem.samples) if mem.samples else None,
        "rss_after_mb": after[0] if after else None,
    }


def run(quick: bool, slugs: list[str] | None = None, sessions: int = 30) -> dict[str, Any]:
    moves = 5 if quick else 20
    slugs = slugs or ([PAGES[0].slug] if quick else [p.slug for p in PAGES])
    rows = []
    print(f"load: floor, {sessions} sessions × {moves} steps ...", flush=True)
    rows.append(load_one("floor", FLOOR_APP, "", sessions, moves))
    for slug in slugs:
        print(f"load: {slug}, {sessions} sessions × {moves} steps ...", flush=True)
        rows.append(load_one(slug, APP, slug, sessions, moves))
    return {"rows": rows}
