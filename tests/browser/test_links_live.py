"""A bad link in a real browser: what the page refuses leaves the address bar, and a notice says so."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title, wait_for_run

FORWARD = next(p for p in PAGES if p.slug == "forward")


def query(page: Page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def test_a_bad_link_leaves_only_what_the_page_shows_in_the_address_bar(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    bad = "data=five_points&fix_b=true&b=%3Cscript%3E&w=1e-400&lang=zh&lr=1000000&lr=2"
    open_app(page, f"{server}/{FORWARD.slug}?{bad}", title(FORWARD, "zh"))
    toast = page.get_by_test_id("stToast")
    expect(toast).to_contain_text("链接里有本页无法显示的设置")
    expect(toast).to_contain_text("w=1e-400 已忽略")
    expect(toast).to_contain_text("b=<script> 已忽略")
    # The address bar keeps the dataset, the b toggle and the language: what is on screen.
    expect(page).to_have_url(re.compile(rf"/{FORWARD.slug}\?"))
    assert sorted(query(page)) == [("data", "five_points"), ("fix_b", "true"), ("lang", "zh")]
    assert_clean(page, traffic)


def test_the_b_toggle_is_kept_in_the_address_bar(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_app(page, f"{server}/{FORWARD.slug}", title(FORWARD, "en"))
    page.get_by_text(tr("forward.fix_b", "en")).click()  # the tadpole opens with b = 0: turn it off
    expect(page).to_have_url(re.compile(r"[?&]fix_b=false(&|$)"))
    wait_for_run(page)
    expect(page.get_by_test_id("stToast")).to_have_count(0)
    assert_clean(page, traffic)
