"""Browser benchmark: key press on a slider -> last chart redrawn, bytes per step, cold start.

Headless Chromium (Playwright, sync API) against a real ``streamlit run`` server, every gdviz page
next to the floor app (bench/floor_app.py): one page at a time, alone beside the floor and measured
sample by sample in turn with it, so a busy machine slows both alike and the ratio stays meaningful.

One sample, in the page's own clock (``performance.now()``):

1. a key listener (capture phase) stamps the ArrowRight / ArrowLeft keydown on the focused slider
   (the slider walks one way and turns at its ends, so each step shows a value not seen before);
2. every Plotly chart on the page reports each redraw: its ``plotly_afterplot`` event and any DOM
   mutation inside it (a MutationObserver, which also catches charts Streamlit mounts anew);
3. the harness waits for the server's ``script_finished`` message on the websocket, then until no
   chart has changed for 300 ms; the sample is the last redraw's time minus the keydown's.

Bytes per step: the websocket payload the browser received from the keydown until the page settled
(as the browser sees it, inflated), and the bytes that crossed the wire for it: each app is opened
through a byte-counting relay (bench/wire.py), so websocket compression (on in .streamlit/config.toml)
and framing are counted as sent. The target judges wire bytes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.common import APP, FLOOR_APP, median, p95, sweep
from bench.wire import Relay, relay
from gdviz.ui.pages import PAGES
from tests.browser.server import CHROMIUM_ARGS, CHROMIUM_PATH, running_server

VIEWPORT = {"width": 1400, "height": 900}
QUIET_MS = 300  # no chart change for this long after the run finished = the page has settled
RERUN_TIMEOUT_S = 30.0  # a slow page is measured, not dropped; past this a step counts as an error
LOAD_TIMEOUT_S = 60.0

# Installed before any page script runs (context.add_init_script), in every page the harness opens.
INIT_JS = """
(() => {
  const B = { press: null, events: [], msgs: [], spans: [], firstChart: null, armed: 0, lastDom: 0 };
  window.__bench = B;
  B.reset = () => { B.press = null; B.events = []; B.msgs = []; B.spans = []; };
  B.arm = () => { B.armed = performance.now(); };
  B.last = () => B.events.reduce((a, t) => Math.max(a, t), -1);
  B.quiet = (ms) => performance.now() - Math.max(B.armed, B.last()) >= ms;
  B.quietDom = (ms) => performance.now() - Math.max(B.armed, B.lastDom, B.last()) >= ms;
  // The charts' own work since the key press: the time covered by gdviz's live charts reading and
  // drawing figures (live.js's User Timing measures, gdviz/ui/static/live.js), overlaps counted once.
  B.charts = () => {
    const spans = B.spans.filter(([start]) => B.press !== null && start >= B.press).sort((a, b) => a[0] - b[0]);
    let total = 0, end = -Infinity;
    for (const [start, stop] of spans) {
      if (stop > end) { total += stop - Math.max(start, end); end = stop; }
    }
    return total;
  };
  B.result = () => ({
    press: B.press, last: B.events.length ? B.last() : null, count: B.events.length, charts: B.charts(),
    firstMsg: B.msgs.length ? B.msgs[0] : null, lastMsg: B.msgs.length ? B.msgs[B.msgs.length - 1] : null,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  });
  // Stamp every websocket message on arrival, to split a step into server time and drawing time.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => B.msgs.push(performance.now()));
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name.startsWith('gdviz.live.')) B.spans.push([e.startTime, e.startTime + e.duration]);
    }
  }).observe({ type: 'measure' });
  document.addEventListener('keydown', (e) => {
    if (e.key.startsWith('Arrow')) B.press = performance.now();
  }, true);
  const mark = () => B.events.push(performance.now());
  const hook = () => {
    B.lastDom = performance.now();
    for (const el of document.querySelectorAll('.js-plotly-plot')) {
      if (el.__bench) continue;
      if (typeof el.on !== 'function') continue;  // Plotly has not initialised this div yet
      el.__bench = true;
      el.on('plotly_afterplot', mark);
      new MutationObserver(mark).observe(el, { childList: true, subtree: true, attributes: true, characterData: true });
    }
    if (B.firstChart === null && document.querySelector('.js-plotly-plot .main-svg')) B.firstChart = performance.now();
  };
  const start = () => new MutationObserver(hook).observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""


@dataclass
class Frames:
    """Websocket frames the page received: (bytes, whether it was a ``script_finished`` message).

    ``refs`` counts messages that only name a message the browser already has (Streamlit's cache of
    large messages, by hash), by position in ``log``; ``elements`` the messages that draw an element or
    a block (each one the browser renders again), by position too.
    """

    log: list[tuple[int, bool]] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    elements: list[int] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("websocket", self._on_ws)

    def _on_ws(self, ws: WebSocket) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            self.log.append((len(payload.encode()), False))
            return
        try:
            msg = ForwardMsg.FromString(payload)
            finished = msg.WhichOneof("type") == "script_finished"
            if msg.WhichOneof("type") == "ref_hash":
                self.refs.append(len(self.log))
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") in ("new_element", "add_block"):
                self.elements.append(len(self.log))
        except Exception:  # not ours to judge; count the bytes
            finished = False
        self.log.append((len(payload), finished))

    @staticmethod
    def since(positions: list[int], mark: int) -> int:
        """How many of ``positions`` (``refs`` or ``elements``) came at or after ``log[mark]``."""
        return sum(1 for i in positions if i >= mark)

    def finished_since(self, mark: int) -> bool:
        return any(done for _, done in self.log[mark:])

    def bytes_since(self, mark: int) -> int:
        return sum(n for n, _ in self.log[mark:])


@dataclass
class Tab:
    """One open page of one target (the floor app or a gdviz page) and its measurements."""

    name: str
    page: Page
    frames: Frames
    notes: list[str] = field(default_factory=list)
    sliders: list[str] = field(default_factory=list)  # CSS selectors of each slider's <input type=range>
    slider_names: list[str] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)  # slider -> ms, key press -> last redraw
    server: dict[str, list[float]] = field(default_factory=dict)  # slider -> ms, key press -> last message
    charts: dict[str, list[float]] = field(default_factory=dict)  # slider -> ms of the charts' own work
    elements: dict[str, list[int]] = field(default_factory=dict)  # slider -> elements and blocks sent per step
    relay: Relay | None = None  # counts the bytes this tab's server sent over the wire
    step_bytes: dict[str, list[int]] = field(default_factory=dict)
    wire_bytes: dict[str, list[int]] = field(default_factory=dict)
    no_redraw: dict[str, int] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    cache_hits: dict[str, int] = field(default_factory=dict)  # steps that reused a message the browser had
    direction: dict[str, int] = field(default_factory=dict)


def _wait_finished(page: Page, frames: Frames, mark: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not frames.finished_since(mark):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(10)  # lets Playwright deliver the websocket events
    return True


def _settle(page: Page) -> None:
    page.evaluate("window.__bench.arm()")
    page.wait_for_function(f"window.__bench.quiet({QUIET_MS})", polling=50, timeout=RERUN_TIMEOUT_S * 1000)


def _settle_load(page: Page, notes: list[str]) -> None:
    """After the first run: wait until nothing in the page has been added or removed for a second.

    Streamlit loads each kind of element's code on first use (sliders, charts, tables), so the page
    keeps building itself for a while after the server's run has finished.
    """
    page.evaluate("window.__bench.arm()")
    try:
        page.wait_for_function("window.__bench.quietDom(1000)", polling=100, timeout=LOAD_TIMEOUT_S * 1000)
    except Exception:
        notes.append(f"the page was still changing {LOAD_TIMEOUT_S:.0f} s after its first run")


def _close_dialogs(page: Page, notes: list[str]) -> None:
    """A modal (e.g. Streamlit's "Page not found") traps the keyboard focus: note its text and close it."""
    dialogs = page.locator("[role=dialog]")
    for _ in range(3):
        if not dialogs.count():
            return
        text = " ".join(dialogs.first.inner_text().split())[:160]
        notes.append(f"dialog on load: {text}")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        if dialogs.count():
            close = page.locator("[role=dialog] button[aria-label=Close]")
            if close.count():
                close.first.click()
                page.wait_for_timeout(300)


def _open(context: BrowserContext, name: str, url: str, wire: Relay | None = None) -> Tab:
    page = context.new_page()
    frames = Frames()
    frames.attach(page)
    tab = Tab(name=name, page=page, frames=frames, relay=wire)
    page.goto(url)
    if not _wait_finished(page, frames, 0, LOAD_TIMEOUT_S):
        tab.notes.append("the first run did not finish")
        return tab
    _settle_load(page, tab.notes)
    _close_dialogs(page, tab.notes)
    shown = page.evaluate("window.__bench.result().exceptions")
    if shown:
        tab.notes.append(f"{shown} exception(s) shown on load")
    found = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSlider"]')].map((s, i) => {
            const holder = s.closest('[class*="st-key-"]');
            const key = holder ? [...holder.classList].find(c => c.startsWith('st-key-')) : null;
            const input = s.querySelector('input[type=range]');
            const label = s.querySelector('[data-testid="stWidgetLabel"]')?.innerText?.trim() || `slider ${i + 1}`;
            const visible = !!(input && s.getClientRects().length);
            return { key, label, visible, index: i };
        })"""
    )
    for s in found:
        if not s["visible"]:
            tab.notes.append(f"slider {s['label']!r} not visible on load, not measured")
            continue
        if s["key"]:
            tab.sliders.append(f'[data-testid="stMain"] .{s["key"]} input[type=range]')
            tab.slider_names.append(s["key"].removeprefix("st-key-"))
        else:
            tab.sliders.append(
                f'[data-testid="stMain"] [data-testid="stSlider"] >> nth={s["index"]} >> input[type=range]'
            )
            tab.slider_names.append(s["label"])
    if not tab.sliders:
        tab.notes.append("no slider")
    for name in tab.slider_names:
        tab.samples[name], tab.server[name], tab.step_bytes[name], tab.errors[name] = [], [], [], []
        tab.charts[name], tab.elements[name] = [], []
        tab.wire_bytes[name] = []
        tab.no_redraw[name] = tab.cache_hits[name] = 0
    return tab


def _step(tab: Tab, i: int) -> None:
    """One key press on slider i; record its latency to the last chart redraw and its bytes."""
    name, page = tab.slider_names[i], tab.page
    thumb = page.locator(tab.sliders[i]).first
    try:
        lo, hi, value, step = (float(v) for v in thumb.evaluate("e => [e.min, e.max, e.value, e.step || 1]"))
        _, tab.direction[name] = sweep(value, lo, hi, step, tab.direction.get(name, 1))
        up = tab.direction[name] > 0
        page.bring_to_front()
        thumb.focus()
        page.evaluate("window.__bench.reset()")
        mark = len(tab.frames.log)
        wire_mark = tab.relay.received() if tab.relay else 0
        page.keyboard.press("ArrowRight" if up else "ArrowLeft")
        if not _wait_finished(page, tab.frames, mark, RERUN_TIMEOUT_S):
            tab.errors[name].append(f"no rerun finished within {RERUN_TIMEOUT_S:.0f} s")
            return
        _settle(page)
        result = page.evaluate("window.__bench.result()")
        if result["exceptions"]:
            tab.errors[name].append(f"{result['exceptions']} exception(s) shown on the page")
        tab.step_bytes[name].append(tab.frames.bytes_since(mark))
        tab.elements[name].append(tab.frames.since(tab.frames.elements, mark))
        if tab.relay:
            tab.wire_bytes[name].append(tab.relay.received() - wire_mark)
        tab.cache_hits[name] += tab.frames.since(tab.frames.refs, mark) > 0
        if result["press"] is None:
            tab.errors[name].append("the key press did not reach the page")
        elif result["last"] is None or result["last"] < result["press"]:
            tab.no_redraw[name] += 1
        else:
            tab.samples[name].append(result["last"] - result["press"])
            if result["lastMsg"] is not None:
                tab.server[name].append(result["lastMsg"] - result["press"])
            tab.charts[name].append(result["charts"])
    except Exception as err:  # one failed sample is reported, and the run goes on
        tab.errors[name].append(f"{type(err).__name__}: {str(err).splitlines()[0][:200]}")


@contextmanager
def _browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_JS)
    return context


def latency(slugs: list[str], samples: int, survey: int) -> dict[str, Any]:
    """Slider step latency and bytes for every page, each page in its own phase beside the floor app.

    Each page's first slider (the one the targets judge) gets ``samples`` steps; every other slider
    gets ``survey`` steps (0: not measured), enough to spot a slow or heavy one.

    A phase opens one page, steps it in turn with the floor app and closes it, so the page is alone in
    the browser with the floor, as a student's lesson is. With every page open at once and stepped in
    turn, the pages slowed each other (lesson 1 measured 1.75× its floor that way and 1.28× alone, in
    runs minutes apart on one machine, the floor unchanged). Each page is judged against the floor's
    samples of its own phase, taken in the same minutes.
    """
    with (
        running_server(app=FLOOR_APP) as floor_server,
        running_server(app=APP) as app_server,
        relay(floor_server) as floor_wire,
        relay(app_server) as app_wire,
        _browser() as browser,
    ):
        floor = _open(_new_context(browser), "floor", f"{floor_wire.url}/", floor_wire)
        floor_slider = floor.slider_names[0] if floor.slider_names else None
        pages = []
        for slug in slugs:
            print(f"browser: {slug} ...", flush=True)
            tab = _open(_new_context(browser), slug, f"{app_wire.url}/{slug}?lang=en", app_wire)
            first_floor_sample = len(floor.samples.get(floor_slider, []))
            try:
                for k in range(samples):
                    # The floor before and after the page's steps: twice the samples for the phase's
                    # floor median (15 put it anywhere from 61 to 76 ms in one run), bracketing them.
                    _step(floor, 0)
                    for i in range(len(tab.sliders)):
                        if i == 0 or k < survey:
                            _step(tab, i)
                    _step(floor, 0)
            finally:
                tab.page.context.close()
            summary = _summary(tab)
            summary["floor_median_ms"] = median(floor.samples.get(floor_slider, [])[first_floor_sample:])
            pages.append(summary)
        return {"floor": _summary(floor), "pages": pages}


def _summary(tab: Tab) -> dict[str, Any]:
    sliders = []
    for name in tab.slider_names:
        ms, sizes, wire = tab.samples[name], tab.step_bytes[name], tab.wire_bytes[name]
        if not (ms or sizes or tab.errors[name] or tab.no_redraw[name]):
            continue  # not surveyed in this run
        sliders.append(
            {
                "slider": name,
                "samples": len(ms),
                "median_ms": median(ms),
                "p95_ms": p95(ms),
                "ms": [round(v, 1) for v in ms],
                "server_median_ms": median(tab.server[name]),
                "charts_median_ms": median(tab.charts[name]),
                "elements_median": median(tab.elements[name]),
                "median_bytes": median(sizes),
                "max_bytes": max(sizes) if sizes else None,
                "median_wire_bytes": median(wire),
                "max_wire_bytes": max(wire) if wire else None,
                "no_redraw": tab.no_redraw[name],
                "cache_hits": tab.cache_hits[name],
                "errors": tab.errors[name],
            }
        )
    return {"page": tab.name, "sliders": sliders, "notes": sorted(set(tab.notes))}


def _first_chart(context: BrowserContext, url: str) -> dict[str, Any]:
    """Open url in a new tab of ``context``; ms from navigation start to the first chart on screen."""
    page = context.new_page()
    frames = Frames()
    frames.attach(page)
    try:
        page.goto(url)
        page.wait_for_function("window.__bench.firstChart !== null", polling=50, timeout=LOAD_TIMEOUT_S * 1000)
        first = page.evaluate("window.__bench.firstChart")
        first_msg = page.evaluate("window.__bench.msgs.length ? window.__bench.msgs[0] : null")
        _wait_finished(page, frames, 0, LOAD_TIMEOUT_S)
        mark = next(i for i, (_, done) in enumerate(frames.log) if done)
        return {"ms": first, "first_msg_ms": first_msg, "bytes": frames.bytes_since(0) - frames.bytes_since(mark + 1)}
    except Exception as err:
        return {"ms": None, "error": f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"}
    finally:
        page.close()


def cold_start(slugs: list[str], repeats: int) -> list[dict[str, Any]]:
    """First chart after opening each page.

    On a freshly started server in a new browser context (nothing cached anywhere); then, server warm,
    ``repeats`` times: in a new context (empty browser cache) and again in that context (browser cache
    warm, as for a student who has opened the app before).
    """
    rows = []
    targets: list[tuple[str, Path, str]] = [("floor", FLOOR_APP, "/")]
    targets += [(slug, APP, f"/{slug}?lang=en") for slug in slugs]
    with _browser() as browser:
        for name, app, path in targets:
            print(f"browser: cold start {name} ...", flush=True)
            fresh, cached = [], []
            with running_server(app=app) as url:
                context = _new_context(browser)
                first = _first_chart(context, url + path)
                context.close()
                for _ in range(repeats if first["ms"] is not None else 0):  # no chart: no point waiting again
                    context = _new_context(browser)
                    fresh.append(_first_chart(context, url + path))
                    cached.append(_first_chart(context, url + path))
                    context.close()
            fresh_ms = [r["ms"] for r in fresh if r["ms"] is not None]
            cached_ms = [r["ms"] for r in cached if r["ms"] is not None]
            rows.append(
                {
                    "page": name,
                    "fresh_server_ms": first["ms"],
                    "fresh_server_first_msg_ms": first.get("first_msg_ms"),
                    "warm_median_ms": median(fresh_ms),
                    "warm_max_ms": max(fresh_ms) if fresh_ms else None,
                    "warm_first_msg_median_ms": median([r["first_msg_ms"] for r in fresh if r.get("first_msg_ms")]),
                    "cached_median_ms": median(cached_ms),
                    "first_load_bytes": first.get("bytes"),
                    "errors": sorted({r["error"] for r in [first, *fresh, *cached] if r.get("error")}),
                }
            )
    return rows


def run(quick: bool, slugs: list[str] | None = None, all_sliders: bool | None = None) -> dict[str, Any]:
    """``all_sliders``: also survey every other slider (default: in a full run, not in a quick one)."""
    slugs = slugs or [p.slug for p in PAGES]
    all_sliders = not quick if all_sliders is None else all_sliders
    result = latency(slugs, samples=5 if quick else 15, survey=(2 if quick else 3) if all_sliders else 0)
    result["cold_start"] = cold_start(slugs, repeats=1 if quick else 3)
    return result
