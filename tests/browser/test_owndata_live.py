""" "Your data" in a real browser: a teacher uploads the class's own CSV (written by Excel on a Chinese
Windows: GBK, a header in Chinese), drags w with the pointer and sees the line and the MSE of those
points follow; a bad file is refused in the page's language and the data on screen stays."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title, wait_for_finished, wait_for_run
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart

FORWARD = PAGES[0]
X = np.array([150.0, 155.0, 160.0, 165.0, 170.0, 175.0, 180.0])  # height, cm
Y = np.array([45.0, 49.5, 52.0, 57.5, 61.0, 66.5, 69.0])  # mass, kg
CSV = ("身高（cm）,体重（kg）\r\n" + "".join(f"{a:g},{b:g}\r\n" for a, b in zip(X, Y, strict=True))).encode("gbk")


def upload(page: Page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uploaded_csv_is_drawn_and_follows_a_pointer_drag(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_app(page, f"{server}/{FORWARD.slug}?lang={lang}&data=own", title(FORWARD, lang))
    expect(page.get_by_text(tr("owndata.none_yet", lang))).to_be_visible()
    upload(page, "班级.csv", CSV)
    expect(page.locator(".st-key-fit .js-plotly-plot")).to_be_visible(timeout=30_000)
    wait_for_run(page)
    expect(page.get_by_text(re.compile("体重（kg）"))).not_to_have_count(0)
    track = slider(page, tr("common.w", lang))
    values = [float(v) for v in (track.get_attribute("aria-valuemin"), track.get_attribute("aria-valuemax"))]
    b = round(float(np.polyfit(X, Y, 1)[1]), 2)  # b opens on the best line's, for points far from the origin
    track.scroll_into_view_if_needed()  # the upload box above may have pushed it below the window
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.8)
    for fraction in (0.6, 0.35):
        drag_to(page, track, fraction)
        i = index(track)
        w = float(track.get_attribute("aria-valuenow"))
        assert values[0] < w < values[1]
        line = wait_for_chart(page, "fit", i)["traces"]["line"]
        slope = (line["y"][1] - line["y"][0]) / (line["x"][1] - line["x"][0])
        assert slope == pytest.approx(w, rel=1e-5)
        assert line["y"][0] == pytest.approx(w * line["x"][0] + b, rel=1e-5)
        mse = float(np.mean((w * X + b - Y) ** 2))  # by hand, from the file's own numbers
        marker = wait_for_chart(page, "loss", i)["traces"]["marker"]
        assert marker["y"][0] == pytest.approx(mse, rel=1e-5)
        expect(text(page, "readout", ".gdviz-readout-value")).to_have_text(fmt(mse, 3))
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]w={w:g}(&|$)"))
    wait_for_finished(page, traffic, received)
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)
    # A link carries these seven rows: opened afresh, it shows the same data.
    expect(page).to_have_url(re.compile(r"[?&]own=.*175"))
    page.goto(page.url)
    wait_for_run(page)
    expect(page.locator(".st-key-fit .js-plotly-plot")).to_be_visible()
    assert_clean(page, traffic)


def test_a_spreadsheet_file_is_refused_and_the_data_on_screen_stays(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{FORWARD.slug}?lang=zh&data=own", title(FORWARD, "zh"))
    upload(page, "class.csv", CSV)
    expect(page.locator(".st-key-fit .js-plotly-plot")).to_be_visible(timeout=30_000)
    wait_for_run(page)
    page.get_by_text(tr("owndata.change", "zh")).click()
    upload(page, "class.xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("这不是文本文件")
    expect(error).to_contain_text("屏幕上仍是之前的数据")
    expect(page.locator(".st-key-fit .js-plotly-plot")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
