"""Replica benchmark: the load bench's sessions (bench/load_bench.py: protocol-level clients of the
websocket, no think time) through nginx in front of 1 and 2 replicas (deploy/local.sh), and one
replica killed in the middle of the load.

Each session first asks the proxy for the page, as a browser does, and keeps the route-key cookie
nginx gives it (and the X-Upstream header naming its replica); its websocket carries that cookie, so
it stays on its replica. The sweep raises the session count on one deployment per replica count;
memory is the sum of the replicas' RSS, before (after one warm-up session) and at its peak.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bench.common import median, p95, rss_mb, sweep
from bench.load_bench import MemorySampler, RunResult, Shared, _connect, _read_run, _rerun_msg, _session
from tests.browser.server import Deployment, running_replicas

SLUG = "update_rules"
"""Lesson 3: its first slider costs a full-page-sized run, so one process saturates within a class."""
P95_LIMIT_MS = 1000.0
RECONNECT_TIMEOUT_S = 20.0


def _visit(url: str) -> tuple[dict[str, str], str]:
    """GET the page through the proxy: the cookie header to send back and the replica that answered."""
    with urllib.request.urlopen(url, timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return {"Cookie": cookie}, response.headers["X-Upstream"]


def _total_rss(deployment: Deployment) -> float:
    return sum(mem[0] for r in deployment.replicas if (mem := rss_mb(r.pid)) is not None)


class TotalSampler(MemorySampler):
    """The summed RSS of every replica every 100 ms."""

    def __init__(self, deployment: Deployment) -> None:
        super().__init__(None)
        self.deployment = deployment

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.samples.append(_total_rss(self.deployment))
            self._stop.wait(self.interval)


def _load(deployment: Deployment, sessions: int, moves: int) -> dict[str, Any]:
    page = f"{deployment.url}/{SLUG}"
    ws_url = deployment.url.replace("http://", "ws://") + "/_stcore/stream"
    visits = [_visit(page) for _ in range(sessions)]
    shared = Shared(sessions)

    async def main() -> None:
        shared.all_ready = asyncio.Event()
        await asyncio.gather(*(_session(ws_url, SLUG, moves, shared, headers) for headers, _ in visits))

    before = _total_rss(deployment)
    t0 = time.perf_counter()
    with TotalSampler(deployment) as mem:
        asyncio.run(main())
    wall = time.perf_counter() - t0
    per_replica: dict[str, int] = {}
    for _, upstream in visits:
        per_replica[upstream] = per_replica.get(upstream, 0) + 1
    lat = shared.latencies_ms
    return {
        "sessions": sessions,
        "moves": moves,
        "steps_done": shared.moves_done,
        "errors": len(shared.errors),
        "error_examples": sorted(set(shared.errors))[:3],
        "split": sorted(per_replica.values(), reverse=True),
        "p50_ms": median(lat),
        "p95_ms": p95(lat),
        "wall_s": wall,
        "rss_before_mb": before,
        "rss_peak_mb": max(mem.samples) if mem.samples else None,
    }


def _sweep(replicas: int, counts: list[int], moves: int) -> dict[str, Any]:
    with running_replicas(replicas) as deployment:
        _load(deployment, 1, 1)  # imports and first runs, on one replica at least
        for _ in range(replicas * 3):  # and on the others, reached by fresh route keys
            _load(deployment, 1, 1)
        warm = _total_rss(deployment)
        rows = []
        for count in counts:
            print(f"replicas: {replicas} replica(s), {count} sessions × {moves} steps ...", flush=True)
            rows.append(_load(deployment, count, moves))
        peak = max((r["rss_peak_mb"] or 0.0) for r in rows)
    return {"replicas": replicas, "rss_warm_mb": warm, "rss_per_session_mb": (peak - warm) / max(counts), "rows": rows}


@dataclass
class Failover:
    sessions: int
    ready: int = 0
    all_ready: asyncio.Event = field(default_factory=asyncio.Event)
    steps_done: int = 0
    survivor_errors: list[str] = field(default_factory=list)
    orphan_errors: list[str] = field(default_factory=list)
    orphans: int = 0
    reconnected: int = 0
    reconnect_s: list[float] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)


async def _failover_session(
    ws_url: str, headers: dict[str, str], upstream: str, moves: int, state: Failover, killed: dict[str, str]
) -> None:
    """Move the slider ``moves`` times; if the websocket drops because its replica was killed, open
    a new one as Streamlit's front end does (the same cookie: nginx moves it to a live replica) and
    go on from the opening value (what the dead session held is gone)."""
    moved, arrived, ws = 0, False, None
    try:
        ws = await _connect(ws_url, headers)
        await ws.send(_rerun_msg(SLUG, "", None, None))
        first = await _read_run(ws, RunResult())
        state.ready += 1
        arrived = True
        if state.ready >= state.sessions:
            state.all_ready.set()
        await state.all_ready.wait()
        slider = first.slider
        assert slider is not None
        value, direction = slider.value, 1
        while moved < moves:
            value, direction = sweep(value, slider.lo, slider.hi, slider.step, direction)
            t0 = time.perf_counter()
            try:
                await ws.send(_rerun_msg(SLUG, first.page_script_hash, slider, value))
                run = await _read_run(ws, RunResult())
            except Exception as err:
                if killed.get("upstream") != upstream:
                    raise
                state.orphans += 1
                lost = time.perf_counter()
                await ws.close()
                ws, first = await _reconnect(ws_url, headers)
                state.reconnected += 1
                state.reconnect_s.append(time.perf_counter() - lost)
                state.orphan_errors += first.errors
                slider = first.slider
                assert slider is not None, f"no slider after reconnecting ({type(err).__name__})"
                value, direction = slider.value, 1
                continue
            state.latencies_ms.append((time.perf_counter() - t0) * 1e3)
            errors = run.errors
            (state.orphan_errors if killed.get("upstream") == upstream else state.survivor_errors).extend(errors)
            moved += 1
            state.steps_done += 1
    except Exception as err:
        target = state.orphan_errors if killed.get("upstream") == upstream else state.survivor_errors
        target.append(f"{type(err).__name__}: {str(err)[:160]}")
    finally:
        if not arrived:
            state.ready += 1
            if state.ready >= state.sessions:
                state.all_ready.set()
        if ws is not None:
            await ws.close()


async def _reconnect(ws_url: str, headers: dict[str, str]) -> tuple[Any, RunResult]:
    deadline = time.perf_counter() + RECONNECT_TIMEOUT_S
    while True:
        try:
            ws = await _connect(ws_url, headers)
            await ws.send(_rerun_msg(SLUG, "", None, None))
            return ws, await _read_run(ws, RunResult())
        except Exception:
            if time.perf_counter() > deadline:
                raise
            await asyncio.sleep(0.2)


def _failover(sessions: int, moves: int) -> dict[str, Any]:
    with running_replicas(2) as deployment:
        page = f"{deployment.url}/{SLUG}"
        ws_url = deployment.url.replace("http://", "ws://") + "/_stcore/stream"
        for _ in range(6):
            _visit(page)
            _load(deployment, 1, 1)
        visits = [_visit(page) for _ in range(sessions)]
        state = Failover(sessions)
        killed: dict[str, str] = {}
        victim = visits[0][1]

        async def kill_midway() -> None:
            while state.steps_done < sessions * moves // 3:
                await asyncio.sleep(0.05)
            killed["upstream"] = victim
            os.kill(deployment.replica(victim).pid, signal.SIGKILL)

        async def main() -> None:
            state.all_ready = asyncio.Event()
            await asyncio.gather(
                kill_midway(),
                *(_failover_session(ws_url, h, u, moves, state, killed) for h, u in visits),
            )

        print(f"replicas: failover, {sessions} sessions × {moves} steps, one replica killed ...", flush=True)
        asyncio.run(main())
    on_victim = sum(1 for _, u in visits if u == victim)
    return {
        "sessions": sessions,
        "moves": moves,
        "on_killed": on_victim,
        "on_survivor": sessions - on_victim,
        "survivor_errors": len(state.survivor_errors),
        "survivor_error_examples": sorted(set(state.survivor_errors))[:3],
        "orphans_cut": state.orphans,
        "orphans_reconnected": state.reconnected,
        "orphan_errors": len(state.orphan_errors),
        "orphan_error_examples": sorted(set(state.orphan_errors))[:3],
        "reconnect_max_s": max(state.reconnect_s) if state.reconnect_s else None,
        "steps_done": state.steps_done,
        "p95_ms": p95(state.latencies_ms),
    }


def run(quick: bool) -> dict[str, Any]:
    counts = [5, 20] if quick else [5, 10, 20, 30, 40]
    moves = 5 if quick else 10
    sweeps = [_sweep(replicas, counts, moves) for replicas in (1, 2)]
    failover = _failover(20, 15 if quick else 30)
    return {"page": SLUG, "p95_limit_ms": P95_LIMIT_MS, "sweeps": sweeps, "failover": failover}
