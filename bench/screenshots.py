"""Take screenshots of every page in English and 中文 at classroom and phone sizes, for a person to look at.

    python bench/screenshots.py [--url http://localhost:8501] [--out bench/out/screenshots]
                                [--page forward] [--size 1400x900] [--top]

Starts its own server unless --url is given. Screenshots stay out of git (bench/out/ is ignored).
Each PNG shows the whole page: Streamlit scrolls inside its main container, so a "full page"
screenshot would only show the window; instead the window is made as tall as the page's content
(its width stays the classroom size). --top keeps the window size and shows only what fits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from gdviz.ui.pages import PAGES  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, CHROMIUM_PATH, running_server  # noqa: E402

SIZES = {"1400x900": (1400, 900), "1920x1080": (1920, 1080), "390x844": (390, 844)}
MAX_HEIGHT = 16_000  # Chromium cannot capture much taller than this in one image

# The height everything needs: the main scroll container's content, or the sidebar's if that is longer.
CONTENT_HEIGHT_JS = """() => {
  const heights = [window.innerHeight];
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']) {
    const el = document.querySelector(sel);
    if (el) heights.push(el.scrollHeight);
  }
  return Math.max(...heights);
}"""


def _settle(page: Page) -> None:
    """Wait for the charts (if the page has any) and for the page to stop growing."""
    try:
        page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    except Exception:  # a page without a chart is photographed as it is
        print(f"  note: no chart appeared on {page.url}")
    page.wait_for_timeout(1500)


def _close_dialogs(page: Page) -> None:
    """A modal hides the page; say what it said (it may be a bug worth fixing), then close it."""
    dialogs = page.locator("[role=dialog]")
    if dialogs.count():
        text = " ".join(dialogs.first.inner_text().split())[:160]
        print(f"  WARNING: dialog on {page.url}: {text!r} (closed for the screenshot)")
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)


def _fit_height(page: Page, width: int, height: int) -> None:
    """Grow the window to the content's height, until it stops changing (charts resize with the window)."""
    for _ in range(4):
        wanted = min(MAX_HEIGHT, max(height, int(page.evaluate(CONTENT_HEIGHT_JS))))
        if wanted == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": width, "height": wanted})
        page.wait_for_timeout(800)
    if page.viewport_size["height"] >= MAX_HEIGHT:
        print(f"  note: {page.url} is taller than {MAX_HEIGHT} px; the bottom is cut off")


def shoot(base_url: str, out: Path, pages: list[str], sizes: list[str], *, whole: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for size in sizes:
            width, height = SIZES[size]
            for slug in pages:
                for lang in ("en", "zh"):
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{base_url}/{slug}?lang={lang}")
                    _settle(page)
                    _close_dialogs(page)
                    if whole:
                        _fit_height(page, width, height)
                    path = out / f"{slug}-{lang}-{size}.png"
                    page.screenshot(path=str(path))
                    print(path)
                    page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running gdviz server; default: start one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "screenshots")
    parser.add_argument("--page", action="append", help="page slug (repeatable); default: all")
    parser.add_argument("--size", action="append", choices=list(SIZES), help="default: all")
    parser.add_argument("--top", action="store_true", help="only the top of the page (the window size)")
    args = parser.parse_args()
    pages = args.page or [p.slug for p in PAGES]
    sizes = args.size or list(SIZES)
    if args.url:
        shoot(args.url, args.out, pages, sizes, whole=not args.top)
    else:
        with running_server() as url:
            shoot(url, args.out, pages, sizes, whole=not args.top)


if __name__ == "__main__":
    main()
