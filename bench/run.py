"""Measure gdviz (browser latency, server reruns, core speed, load) and write docs/BENCHMARKS.md.

    python bench/run.py [--quick] [--only core,server,drag,browser,load,replicas] [--pages forward,loss_curve]
                        [--sliders first|all] [--sessions 30]

Parts:
  drag     each live control dragged with the pointer: the charts' redraw rate vs a reference page
           (bench/reference_app.py), messages during the drag, reruns after release, bytes on opening
  browser  key press on a slider -> last chart redrawn, vs the floor app in the same run; bytes
           per step; first chart after opening each page (headless Chromium, Playwright)
  server   AppTest rerun time per slider step, per page and for the floor app
  core     full-batch descent at n = 10⁶ vs the seed article 000's loop; step and grid cost vs n
  load     30 concurrent sessions (websocket protocol clients) moving a slider: errors, latency, memory
  replicas the same sessions through nginx (deploy/local.sh) at 1 and 2 replicas, swept up to 40; one
           replica killed mid-load

Each part's raw results go to bench/out/results/<part>.json. The report combines the parts run now with
the latest saved results of the others (each section says when it was measured). --quick takes fewer
samples (noisier numbers, same sizes and targets) and times only each page's first slider.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

# AppTest in this process logs a "missing ScriptRunContext" warning per element: noise here. Streamlit
# reads its log level when each logger is made, so it is set before anything imports streamlit.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import report
from bench.common import REPORT, RESULTS, machine, now_iso
from gdviz.ui.pages import PAGES

PARTS = ("core", "server", "drag", "browser", "load", "replicas")


def run_part(name: str, quick: bool, pages: list[str] | None, sessions: int, all_sliders: bool | None) -> dict:
    if name == "core":
        from bench import core_bench

        return core_bench.run(quick)
    if name == "server":
        from bench import server_bench

        return server_bench.run(quick, pages)
    if name == "drag":
        from bench import drag_bench

        return drag_bench.run(quick)
    if name == "browser":
        from bench import browser_bench

        return browser_bench.run(quick, pages, all_sliders)
    if name == "load":
        from bench import load_bench

        return load_bench.run(quick, pages, sessions=sessions)
    if name == "replicas":
        from bench import replica_bench

        return replica_bench.run(quick)
    raise ValueError(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples: a short, noisier run")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {','.join(PARTS)}")
    parser.add_argument("--pages", help="comma-separated page slugs (default: every page in gdviz.ui.pages.PAGES)")
    parser.add_argument(
        "--sliders",
        choices=("first", "all"),
        help="browser: time only each page's first slider, or survey every slider too (default: all; first if --quick)",
    )
    parser.add_argument("--sessions", type=int, default=report.LOAD_SESSIONS, help="concurrent sessions in load")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the Markdown report")
    args = parser.parse_args(argv)

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    slugs = [p.strip() for p in args.pages.split(",")] if args.pages else None
    known = {p.slug for p in PAGES}
    if slugs and not set(slugs) <= known:
        parser.error(f"unknown page(s) {', '.join(sorted(set(slugs) - known))}; choose from {', '.join(sorted(known))}")

    mode = "quick" if args.quick else "full"
    if slugs:
        mode += f", pages {','.join(slugs)}"
    info = machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in PARTS:
        if name not in parts:
            continue
        t0 = time.perf_counter()
        print(f"== {name} ==", flush=True)
        try:
            all_sliders = None if args.sliders is None else args.sliders == "all"
            data = run_part(name, args.quick, slugs, args.sessions, all_sliders)
        except Exception as err:  # one broken part must not lose the others' numbers
            print(f"{name} failed: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
            failed.append(name)
            continue
        saved = {"date": now_iso(), "mode": mode, "seconds": time.perf_counter() - t0, "machine": info, "data": data}
        (RESULTS / f"{name}.json").write_text(json.dumps(saved, indent=1, ensure_ascii=False))
        print(f"== {name} done in {saved['seconds']:.0f} s ==", flush=True)

    results = {}
    for name in PARTS:
        path = RESULTS / f"{name}.json"
        if path.exists():
            results[name] = json.loads(path.read_text())
    command = "python bench/run.py" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])).rstrip()
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report.build(results, info, command))
    print(f"wrote {args.report}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
