"""Take screenshots of every page in English and 中文 at classroom sizes, for a person to look at.

    python bench/screenshots.py [--url http://localhost:8501] [--out bench/out/screenshots]

Starts its own server unless --url is given. Screenshots stay out of git (bench/out/ is ignored).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from gdviz.ui.pages import PAGES  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, CHROMIUM_PATH, running_server  # noqa: E402

SIZES = {"1400x900": (1400, 900), "1920x1080": (1920, 1080)}


def shoot(base_url: str, out: Path, pages: list[str], sizes: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for size in sizes:
            width, height = SIZES[size]
            page = browser.new_page(viewport={"width": width, "height": height})
            for slug in pages:
                for lang in ("en", "zh"):
                    page.goto(f"{base_url}/{slug}?lang={lang}")
                    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
                    page.wait_for_timeout(1500)
                    path = out / f"{slug}-{lang}-{size}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path)
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running gdviz server; default: start one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "screenshots")
    parser.add_argument("--page", action="append", help="page slug (repeatable); default: all")
    parser.add_argument("--size", action="append", choices=list(SIZES), help="default: both")
    args = parser.parse_args()
    pages = args.page or [p.slug for p in PAGES]
    sizes = args.size or list(SIZES)
    if args.url:
        shoot(args.url, args.out, pages, sizes)
    else:
        with running_server() as url:
            shoot(url, args.out, pages, sizes)


if __name__ == "__main__":
    main()
