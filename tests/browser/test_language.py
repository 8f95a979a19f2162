"""The language switch in a real browser: the page, the navigation and the URL follow it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, expect_navigation, h1, open_app, title, wait_for_run

FORWARD, NEXT_LESSON = PAGES[0], PAGES[1]
LANG_ZH = re.compile(r"\?(.*&)?lang=zh(&|$)")


def test_switching_to_chinese_carries_on_to_the_next_lesson(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_app(page, f"{server}/{FORWARD.slug}", title(FORWARD, "en"))

    page.locator('[data-testid="stSidebar"]').get_by_text(tr("lang.name", "zh")).click()
    expect(h1(page)).to_have_text(title(FORWARD, "zh"))
    expect(page).to_have_url(LANG_ZH)
    wait_for_run(page)
    expect_navigation(page, "zh", FORWARD)
    assert_clean(page, traffic)

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=NEXT_LESSON.title("zh")).click()
    expect(h1(page)).to_have_text(title(NEXT_LESSON, "zh"))
    expect(page).to_have_url(re.compile(rf"/{NEXT_LESSON.slug}\?(.*&)?lang=zh(&|$)"))
    wait_for_run(page)
    expect_navigation(page, "zh", NEXT_LESSON)
    expect(page.get_by_role("radio", name=tr("lang.name", "zh"))).to_be_checked()
    assert_clean(page, traffic)


def test_a_chinese_link_opens_in_chinese(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """A fresh browser (English locale) following a shared ?lang=zh link sees the lesson in Chinese."""
    open_app(page, f"{server}/{FORWARD.slug}?lang=zh", title(FORWARD, "zh"))
    expect_navigation(page, "zh", FORWARD)
    expect(page.get_by_role("radio", name=tr("lang.name", "zh"))).to_be_checked()
    expect(page.get_by_role("slider", name=tr("common.w", "zh"))).to_be_visible()
    expect(page).to_have_url(LANG_ZH)
    assert_clean(page, traffic)


def test_a_chinese_browser_gets_chinese_by_default(server: str, browser) -> None:
    """With no ?lang= in the link, the language follows the browser's locale."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        open_app(page, f"{server}/{FORWARD.slug}", title(FORWARD, "zh"))
        expect_navigation(page, "zh", FORWARD)
        expect(page.get_by_role("radio", name=tr("lang.name", "zh"))).to_be_checked()
        # The browser's own language is the default, so it is not written into the URL.
        assert "lang=" not in page.url
    finally:
        context.close()
