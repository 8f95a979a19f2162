"""Share in a real browser: the dialog's link is the address bar's, with the language written out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title, wait_for_run

FORWARD = PAGES[0]


def test_the_share_dialog_shows_the_address_bars_link_and_a_large_qr_code(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{FORWARD.slug}?data=five_points&w=0.8", title(FORWARD, "en"))
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=tr("share.button", "en")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(tr("share.title", "en"))
    wait_for_run(page)
    # The browser's language is English, the default, so the address bar has no lang=; the link does.
    expect(dialog.locator("code")).to_have_text(f"{server}/{FORWARD.slug}?lang=en&data=five_points&w=0.8")
    qr = dialog.locator(".gdviz-qr svg").bounding_box()
    assert qr is not None and qr["width"] >= 400 and qr["width"] == qr["height"], qr
    assert_clean(page, traffic)
