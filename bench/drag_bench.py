"""Drag benchmark: how well each lesson's live controls follow a real pointer, against a reference page.

Headless Chromium drags each live slider with the mouse: pressed near one end of its track, then 50
pointer moves across 80 % of it, one every 30 ms (1.5 s), then released; each round ends on another
value, so each release has something to commit. The same drag runs on the reference
page (bench/reference_app.py: a bare element driving ``Plotly.animate`` over NumPy-precomputed frames of
a two-panel forward-pass figure), in the same browser, in turn with each lesson, so a busy machine
slows both alike.

A chart's frame rate is the number of animation frames (``requestAnimationFrame`` ticks) in which its
drawing changed (a MutationObserver on the chart), per second of the drag; a control's is the slowest of
the charts that follow it. It is judged against what the control could show: the reference's rate, or
the rate at which the drag crossed the control's values when that is lower (a step of 21 values).
Also recorded per drag: the messages the page sent to the server while the pointer moved (the target:
none), the reruns it asked for after the release (the target: exactly one), whether the
URL then holds the value, and the bytes that crossed the wire when the lesson opened and when a
server-side control changed (Streamlit's websocket through bench/wire.py's counting relay, compression
and framing included; the static JavaScript a browser keeps between visits is not counted).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
    "home": {
        "path": "/",  # the start page is served at the root
        "query": "",
        "controls": [("w", "common.w", ("example_fit", "example_loss"))],
    },
    "forward": {
        "query": "",
        "controls": [("w", "common.w", ("fit", "loss"))],
        # A server-side control: b, which is free on five points (a key press on its Streamlit slider).
        "server_side": ("&data=five_points", "common.b"),
    },
    "loss_curve": {
        "query": "",
        "controls": [("w", "common.w", ("curve", "position")), ("nc_w", "loss_curve.nc_w", ("extrema",))],
        "server_side": ("&data=five_points", "common.b"),
    },
    "update_rules": {
        "query": "",
        "controls": [
            (key, label, ("panels", "steps_chart"))
            for key, label in (
                ("step", "update_rules.step"),
                ("w0", "update_rules.w0"),
                ("c", "update_rules.c"),
                ("lr", "common.lr"),
            )
        ],
        "server_side": ("", "common.steps"),
    },
    "learning_rate": {
        "query": "",
        "controls": [
            ("lr", "common.lr", ("ruler", "loss", "paths", "sweep")),
            ("step", "learning_rate.step_shown", ("loss", "paths")),
            ("w0", "learning_rate.w0", ("loss", "paths", "sweep")),
        ],
        "server_side": ("", "common.steps"),
    },
    "batching": {
        "query": "",
        "controls": [("beta", "batching.beta", ("loss",)), ("clock", "batching.clock", ("paths",))],
        "server_side": ("", "batching.seed"),
    },
    "optimizers": {
        "query": "",
        "controls": [
            ("race_step", "optimizers.race_step", ("race",)),
            ("saddle_adam_lr", ("optimizers.lr_of", {"name": "Adam"}), ("race",)),
        ],
        "server_side": ("", "common.steps"),
    },
}
"""Each live page: its live controls (URL key, label's catalogue key or (key, its fields), the keys of
the charts that follow it), a server-side control if it has one, and its path when it is not /<slug>."""


def _label(spec: str | tuple[str, dict[str, str]]) -> str:
    """A control's English label from its catalogue key, or from a key and the fields it names."""
    return tr(spec, "en") if isinstance(spec, str) else tr(spec[0], "en", **spec[1])


INIT_JS = """
(() => {
  const D = { counting: false, ticks: new Map(), dirty: new Set(), values: new Set(), start: 0 };
  window.__drag = D;
  const key = (el) => [...(el.closest("[class*='st-key-']")?.classList ?? [])]
    .find((name) => name.startsWith('st-key-'))?.slice(7) ?? '?';
  const watch = () => {
    for (const el of document.querySelectorAll('.js-plotly-plot')) {
      if (el.__dragWatched) continue;
      el.__dragWatched = true;
      new MutationObserver(() => D.dirty.add(key(el)))
        .observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    }
  };
  // The values the dragged slider showed: a live slider's aria-valuenow, a range input's value.
  const shown = (value) => D.counting && D.values.add(value);
  new MutationObserver((records) => records.forEach((r) => shown(r.target.getAttribute('aria-valuenow'))))
    .observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  document.addEventListener('input', (event) => shown(event.target.value), true);
  const loop = () => {
    watch();
    if (D.counting) for (const k of D.dirty) D.ticks.set(k, (D.ticks.get(k) ?? 0) + 1);
    D.dirty.clear();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  D.begin = () => {
    D.ticks = new Map();
    D.values = new Set();
    D.dirty.clear();
    D.counting = true;
    D.start = performance.now();
  };
  D.stop = () => {
    D.counting = false;
    const seconds = (performance.now() - D.start) / 1000;
    const fps = Object.fromEntries([...D.ticks].map(([k, n]) => [k, n / seconds]));
    return { seconds, fps, values: D.values.size };
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
    return {
        "seconds": result["seconds"],
        "fps": {k: round(v, 1) for k, v in result["fps"].items()},
        "values_per_s": round(result["values"] / result["seconds"], 1),
    }


def _release(page: Page) -> None:
    page.mouse.up()


def _url_holds(page: Page, key: str, value: str | None, opening: str | None) -> bool:
    """Whether the address holds the value the slider shows, or leaves it out for the opening value."""
    shown = parse_qs(urlsplit(page.url).query).get(key)
    if shown is None:
        return value == opening
    return value is not None and float(shown[0]) == float(value)


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
            page.goto(f"{wire.url}{spec.get('path', '/' + slug)}?lang=en{spec['query']}")
            _ready(page)
            wait_for_run(page, 60_000)
            open_bytes = wire.socket_received() - before
            for key, label, charts in spec["controls"]:
                track = page.get_by_role("slider", name=_label(label), exact=True)
                opening = track.get_attribute("aria-valuenow")
                rows = []
                for round_ in range(rounds):
                    ref = drag(reference, "weight w", round_)
                    _release(reference)
                    out["reference"].append(ref["fps"].get("reference", 0.0))
                    sent = len(traffic.sent)
                    result = drag(page, _label(label), round_)
                    during = len(traffic.requests(sent))
                    _release(page)
                    wait_for_run(page)
                    page.wait_for_timeout(SETTLE_MS)
                    reruns = len(traffic.reruns(sent))
                    rows.append(
                        {
                            # The slowest of the charts that follow this control (0 for one that never moved).
                            "fps": min(result["fps"].get(chart, 0.0) for chart in charts),
                            "charts_fps": result["fps"],
                            "reference_fps": out["reference"][-1],
                            # A control of few values changes less often than the pointer moves.
                            "values_per_s": result["values_per_s"],
                            "seconds": round(result["seconds"], 2),
                            "sent_during_drag": during,
                            "reruns_after_release": reruns,
                            "url_holds_value": _url_holds(page, key, track.get_attribute("aria-valuenow"), opening),
                        }
                    )
                out["lessons"].append({"page": slug, "control": key, "open_wire_bytes": open_bytes, "drags": rows})
            page.context.close()
            if spec.get("server_side"):
                query, name = spec["server_side"]
                page = _context(browser).new_page()
                page.goto(f"{wire.url}{spec.get('path', '/' + slug)}?lang=en{query}")
                _ready(page)
                wait_for_run(page, 60_000)
                # Streamlit's own slider is a range input named by aria-labelledby too; its aria-label
                # is the label alone.
                thumb = page.locator(f'input[type="range"][aria-label="{tr(name, "en")}"]')
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
        lesson["median_values_per_s"] = median([d["values_per_s"] for d in drags])
        # What the control could have shown: the reference's rate, or fewer when the drag crossed fewer
        # of its values a second (a step control of 21 values).
        possible = min(lesson["median_reference_fps"] or 0.0, lesson["median_values_per_s"] or 0.0)
        lesson["possible_fps"] = possible
        lesson["ratio"] = lesson["median_fps"] / possible if possible else None
    return result


if __name__ == "__main__":
    import json

    started = time.perf_counter()
    print(json.dumps(run(quick=True), indent=1))
    print(f"{time.perf_counter() - started:.0f} s")
