"""AppTest of the sidebar's Share: the link of the view on screen and its QR code, read back by a
barcode reader (zxing-cpp) from the SVG the page sends."""

from __future__ import annotations

import re

import numpy as np
import pytest
import zxingcpp

from gdviz.ui.share import qr_svg, share_link
from tests.conftest import assert_clean, open_page

HOST = "http://192.168.1.5:8600"


def rasterise(svg: str, pixels_per_module: int = 8) -> np.ndarray:
    """The picture a camera would see of the SVG: segno draws each row of dark modules as one path of
    horizontal strokes (``M x y`` to start, ``h n`` a run of n dark modules, ``m dx dy`` a jump)."""
    width, height = (int(n) for n in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    image = np.full((height, width), 255, dtype=np.uint8)
    x = y = 0.0
    strokes = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)[1]
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", strokes):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            image[int(y), int(x) : int(x + float(a))] = 0
            x += float(a)
    return np.kron(image, np.ones((pixels_per_module, pixels_per_module), dtype=np.uint8))


def decoded(svg: str) -> str:
    (code,) = zxingcpp.read_barcodes(rasterise(svg))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    return code.text


def shared(at) -> tuple[str, str]:
    """Press Share; the link the dialog shows and the SVG of its QR code."""
    at.sidebar.button(key="share").click().run()
    assert_clean(at)
    (link,) = [code.value for code in at.code]
    (svg,) = [re.search(r"<svg.*</svg>", m.value, re.S)[0] for m in at.markdown if "gdviz-qr" in m.value]
    return link, svg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_qr_code_reads_back_as_the_views_link_with_its_settings_and_language(lang: str) -> None:
    at = open_page("forward", lang, {"data": "five_points", "w": "0.8"})
    at.context = {"url": f"{HOST}/forward"}
    link, svg = shared(at)
    # The language is written out even when it is the browser's own (English here, so not in the URL).
    assert link == f"{HOST}/forward?lang={lang}&data=five_points&w=0.8"
    assert decoded(svg) == link


def test_the_link_follows_a_committed_value_and_leaves_the_teachers_present_mode_out() -> None:
    at = open_page("learning_rate", "en", {"present": "1"})
    at.context = {"url": f"{HOST}/learning_rate"}
    at.session_state["lr"] = 0.05  # a live slider released there
    at.run()
    link, svg = shared(at)
    assert "lr=0.05" in link and "lang=en" in link and "present" not in link
    assert decoded(svg) == link


def test_a_link_to_this_computer_only_is_flagged() -> None:
    at = open_page("forward", "zh")
    at.context = {"url": "http://localhost:8501/forward"}
    link, svg = shared(at)
    assert link == "http://localhost:8501/forward?lang=zh" and decoded(svg) == link
    assert "只能在本机打开" in at.warning[0].value


def test_without_an_address_from_the_browser_the_dialog_says_so() -> None:
    at = open_page("forward", "zh")
    at.sidebar.button(key="share").click().run()
    assert_clean(at)
    assert not at.code and "浏览器还没有" in at.info[0].value


def test_a_link_too_long_for_any_qr_code_is_offered_as_text() -> None:
    assert qr_svg(share_link(HOST, {"own": ["1," * 3000]}, "en")) is None
