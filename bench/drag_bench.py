"""Drag benchmark: how well each lesson's live controls follow a real pointer, against a reference page.

Headless Chromium drags each live slider with the mouse: pressed near one end of its track, then 50
pointer moves across 80 % of it, one every 30 ms (1.5 s), then released; each round ends on another
value, so each release has something to commit. The same drag runs on the reference
page (bench/reference_app.py: a bare element driving ``Plotly.animate`` over NumPy-precomputed frames of
a two-panel forward-pass figure), in the same browser, in turn with each lesson, so a busy machine
slows both alike.

A chart's frame rate is the number of animation frames (``requestAnimationFrame`` ticks) in which its
drawing changed (a MutationObserver on the chart), per second of the drag; a lesson's is its slowest
live chart's. Also recorded per drag: the messages the page sent to the server while the pointer moved
(the target: none), the reruns it asked for after the release (the target: exactly one), whether the
URL then holds the value, and the bytes that crossed the wire when the lesson opened and when a
server-side control changed (Streamlit's websocket through bench/wire.py's counting relay, compression
and framing included; the static JavaScript a browser keeps between visits is not counted).
"""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import BrowserContext, Page

from bench.browser_bench import _browser
from bench.common import APP, ROOT, median
from bench.wire import relay
from gdviz.i18n import tr
from tests.browser.helpers import StreamlitTraffic, wait_for_run
from tests.browser.server import running_server

REFERENCE_APP = ROOT / "bench" / "reference_app.py"
VIEWPORT = {"width": 1400, "height": 900}
MOVES = 50
MOVE_MS = 30
SETTLE_MS = 1500

LIVE: dict[str, dict[str, Any]] = {
    "forward": {
        "query": "",
        "controls": [("w", "common.w")],
        # A server-side control: b, which is free on five points (a key press on its Streamlit slider).
        "server_side": ("&data=five_points", "common.b"),
    },
    "loss_curve": {
        "query": "",
        "controls": [("w", "common.w"), ("nc_w", "loss_curve.nc_w")],
        "server_side": ("&data=five_points", "common.b"),
    },
    "update_rules": {
        "query": "",
        "controls": [
            ("step", "update_rules.step"),
            ("w0", "update_rules.w0"),
            ("c", "update_rules.c"),
            ("lr", "common.lr"),
        ],
        "server_side": ("", "common.steps"),
    },
    "batching": {"query": "", "controls": [("beta", "batching.beta")], "server_side": ("", "batching.seed")},
}
"""Each live lesson: its live controls (URL key, label's catalogue key) and a server-side control."""

INIT_JS = """
(() => {
  const D = { counting: false, ticks: new Map(), dirty: new Set(), start: 0 };
  window.__drag = D;
  const watch = () => {
    for (const el of document.querySelectorAll('.js-plotly-plot')) {
      if (el.__dragWatched) continue;
      el.__dragWatched = true;
      D.ticks.set(el, 0);
      new MutationObserver(() => D.dirty.add(el))
        .observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    }
  };
  const loop = () => {
    watch();
    if (D.counting) for (const el of D.dirty) D.ticks.set(el, D.ticks.get(el) + 1);
    D.dirty.clear();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  D.begin = () => {
    for (const el of D.ticks.keys()) D.ticks.set(el, 0);
    D.dirty.clear();
    D.counting = true;
    D.start = performance.now();
  };
  D.stop = () => {
    D.counting = false;
    const seconds = (performance.now() - D.start) / 1000;
    return { seconds, fps: [...D.ticks.values()].map((n) => n / seconds) };
  };
})();
"""


def _context(browser: Any) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.add_init_script(INIT_JS)
    return context


def _ready(page: Page) -> None:
    """Every chart on the page drawn, and a moment for the page to settle."""
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=60_000)
    page.wait_for_timeout(SETTLE_MS)


def drag(page: Page, label: str, round_: int) -> dict[str, Any]:
    """Drag the slider named ``label`` with the mouse, from 90 % of its track to 10 % (to 90 % from 10 %
    on odd rounds, ending a little short of it on each later round, so each release commits a new value);
    the charts' frame rates, the seconds it took.

    Each move is sent on a clock (move ``k`` at ``k × MOVE_MS``), not after the last one came back, so the
    drag takes 1.5 s whatever each round trip to the browser costs.
    """
    track = page.get_by_role("slider", name=label, exact=True)
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    assert box is not None, f"no slider {label!r}"
    y = box["y"] + box["height"] / 2
    # Ends inside the track, never on the opening value at an end (which the URL rightly leaves out).
    start, end = (0.9, 0.1 + 0.01 * round_) if round_ % 2 == 0 else (0.1, 0.9 - 0.01 * round_)
    at = [box["x"] + box["width"] * (start + (end - start) * k / MOVES) for k in range(MOVES + 1)]
    page.mouse.move(at[0], y)
    page.mouse.down()
    page.evaluate("window.__drag.begin()")
    began = time.monotonic()
    for k, x in enumerate(at[1:], start=1):
        wait = began + k * MOVE_MS / 1000 - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        page.mouse.move(x, y)
    result = page.evaluate("window.__drag.stop()")
    return {"seconds": result["seconds"], "fps": [round(v, 1) for v in result["fps"]]}


def _release(page: Page) -> None:
    page.mouse.up()


def measure(rounds: int) -> dict[str, Any]:
    """Each live control of each lesson, dragged ``rounds`` times in turn with the reference."""
    out: dict[str, Any] = {"reference": [], "lessons": []}
    with (
        running_server(app=REFERENCE_APP) as reference_url,
        running_server(app=APP) as app_url,
        relay(app_url) as wire,
        _browser() as browser,
    ):
        reference = _context(browser).new_page()
        reference.goto(reference_url)
        _ready(reference)
        for slug, spec in LIVE.items():
            print(f"drag: {slug} ...", flush=True)
            page = _context(browser).new_page()
            traffic = StreamlitTraffic(page)
            before = wire.socket_received()
            page.goto(f"{wire.url}/{slug}?lang=en{spec['query']}")
            _ready(page)
            wait_for_run(page, 60_000)
            open_bytes = wire.socket_received() - before
            for key, label in spec["controls"]:
                rows = []
                for round_ in range(rounds):
                    ref = drag(reference, "weight w", round_)
                    _release(reference)
                    out["reference"].append(min(ref["fps"]) if ref["fps"] else 0.0)
                    sent = len(traffic.sent)
                    result = drag(page, tr(label, "en"), round_)
                    during = len(traffic.requests(sent))
                    _release(page)
                    wait_for_run(page)
                    page.wait_for_timeout(SETTLE_MS)
                    reruns = len(traffic.reruns(sent))
                    url_ok = f"{key}=" in page.url
                    lesson_fps = min(result["fps"]) if result["fps"] else 0.0
                    rows.append(
                        {
                            "fps": lesson_fps,
                            "charts_fps": result["fps"],
                            "reference_fps": out["reference"][-1],
                            "seconds": round(result["seconds"], 2),
                            "sent_during_drag": during,
                            "reruns_after_release": reruns,
                            "url_holds_value": url_ok,
                        }
                    )
                out["lessons"].append({"page": slug, "control": key, "open_wire_bytes": open_bytes, "drags": rows})
            page.context.close()
            if spec.get("server_side"):
                query, name = spec["server_side"]
                page = _context(browser).new_page()
                page.goto(f"{wire.url}/{slug}?lang=en{query}")
                _ready(page)
                wait_for_run(page, 60_000)
                thumb = page.get_by_role("slider", name=tr(name, "en"))
                thumb.focus()
                before = wire.socket_received()
                thumb.press("ArrowRight")
                page.wait_for_timeout(300)
                wait_for_run(page)
                page.wait_for_timeout(SETTLE_MS)
                changed = wire.socket_received() - before
                out["lessons"][-1]["server_side"] = {"control": tr(name, "en"), "wire_bytes": changed}
                page.context.close()
        reference.context.close()
    return out


def run(quick: bool) -> dict[str, Any]:
    result = measure(rounds=3 if quick else 8)
    result["reference_median_fps"] = median(result["reference"])
    for lesson in result["lessons"]:
        drags = lesson["drags"]
        lesson["median_fps"] = median([d["fps"] for d in drags])
        lesson["median_reference_fps"] = median([d["reference_fps"] for d in drags])
        lesson["ratio"] = (
            lesson["median_fps"] / lesson["median_reference_fps"] if lesson["median_reference_fps"] else None
        )
    return result


if __name__ == "__main__":
    import json

    started = time.perf_counter()
    print(json.dumps(run(quick=True), indent=1))
    print(f"{time.perf_counter() - started:.0f} s")
