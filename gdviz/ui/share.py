"""Share to the class: the link of the view on screen and its QR code, drawn on the server.

The link is the page's address with every query parameter the view keeps (gdviz/ui/url.py,
gdviz/ui/live.py), so a phone that scans it opens the same lesson, settings and language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from gdviz.i18n import Lang
from gdviz.ui.lang import KEY as LANG_KEY
from gdviz.ui.lang import current_lang, t

LOCAL_ONLY = ("present",)
"""Parameters that describe the teacher's screen, not the lesson: left out of the shared link, so a
student's phone opens the lesson at its own size."""


def share_link(page_url: str, params: Mapping[str, Sequence[str]], lang: Lang) -> str:
    """``page_url`` with ``params`` (each key's values, in order) and the language always written out:
    a phone whose browser speaks another language still opens the lesson in the teacher's."""
    kept = [(key, value) for key, values in params.items() if key not in (LANG_KEY, *LOCAL_ONLY) for value in values]
    return f"{page_url}?{urlencode([(LANG_KEY, lang), *kept])}"


def qr_svg(link: str) -> str | None:
    """The QR code of ``link`` as inline SVG (dark modules on white, a quiet zone of four modules, no
    fixed size: it fills its box), or None when the link is too long for any QR code."""
    try:
        # Error correction M: a code on a projector, photographed at an angle from the back row,
        # still reads with 15 % of it lost; segno raises it further when the link leaves room.
        code = segno.make(link, error="m", micro=False)
    except segno.DataOverflowError:
        return None
    return code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)


def current_link() -> str | None:
    """The shareable link of this run's view, or None when no browser told the server its address."""
    page_url = st.context.url
    if not page_url:
        return None
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return share_link(page_url, params, current_lang())


def share_button() -> None:
    """The sidebar's "Share" button; it opens the link and a QR code as large as the window allows.

    Called once per run from gdviz/app.py after the page has run, so the link holds every value the
    page kept in the URL on this run."""
    if st.sidebar.button(t("share.button"), icon=":material/qr_code_2:", key="share", width="stretch"):
        # A dialog's title is fixed when it is made: made here, it is in this run's language.
        st.dialog(t("share.title"), width="large")(_share_dialog)()


def _share_dialog() -> None:
    link = current_link()
    if link is None:
        st.info(t("share.no_address"))
        return
    st.code(link, language=None, wrap_lines=True)
    if urlsplit(link).hostname in ("localhost", "127.0.0.1", "::1"):
        st.warning(t("share.this_machine_only"))
    svg = qr_svg(link)
    if svg is None:
        st.warning(t("share.too_long", chars=len(link)))
        return
    # As tall as the window leaves room for (the back row scans the projector), never wider than the
    # dialog; white around it so a dark theme does not eat the quiet zone.
    st.markdown(
        f'<div class="gdviz-qr" style="width:min(100%, 62vh);margin:0 auto;background:#fff">{svg}</div>',
        unsafe_allow_html=True,
    )
    st.caption(t("share.how"))
