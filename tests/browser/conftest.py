"""Fixtures of the browser tests: one gdviz server and one headless Chromium for the session,
a fresh browser context (no cookies, no session) and page for every test.

Playwright's own browser download does not work here, so the browser is Debian's chromium
(``apt-get install chromium``). A missing browser fails the tests; it never skips them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from gdviz.ui.pages import HOME
from tests.browser.helpers import FIRST_RUN_TIMEOUT_MS, TIMEOUT_MS, StreamlitTraffic, open_app, title
from tests.browser.server import CHROMIUM_ARGS, CHROMIUM_PATH, running_server

HERE = Path(__file__).resolve().parent
VIEWPORT = {"width": 1400, "height": 900}
"""A classroom projector; wide enough that Streamlit shows the sidebar expanded."""

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (``pytest -m "not browser"`` leaves them out)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server(browser: Browser) -> Iterator[str]:
    """The base URL of a gdviz server started for this session and opened once at the root.

    The first visit pays for the imports, and Streamlit settles there whether the app routes with
    ``st.navigation``; a deep link as the very first request is test_deep_link_on_a_cold_server's job.
    """
    with running_server() as url:
        context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        open_app(context.new_page(), url + "/", title(HOME, "en"), timeout_ms=FIRST_RUN_TIMEOUT_MS)
        context.close()
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.fail(
            f"No Chromium at {CHROMIUM_PATH}: the browser tests need Debian's chromium "
            "(apt-get install chromium, or run scripts/test.sh as root), or GDVIZ_CHROMIUM set to another "
            "Chromium binary. They are never skipped.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context: a new Streamlit session, English browser locale, projector size."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def traffic(page: Page) -> StreamlitTraffic:
    """The page's websocket messages, decoded; watching starts before the page opens."""
    return StreamlitTraffic(page)
