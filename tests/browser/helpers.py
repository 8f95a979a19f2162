"""What the browser tests share: waiting for a run to finish, reading Streamlit's websocket traffic,
and the checks every page must pass (titles, navigation, no exception)."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from gdviz.i18n import tr
from gdviz.ui import plotly_bundle
from gdviz.ui.pages import HOME, PAGES, PageInfo

TIMEOUT_MS = 20_000
"""The longest any single wait may take: a page run on a busy 2-core machine, never a fixed sleep."""
FIRST_RUN_TIMEOUT_MS = 60_000
"""A server's first run also imports NumPy, pandas and Plotly: as slow as starting the server."""

FULL_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class StreamlitTraffic:
    """Every message between one page and the server, decoded with Streamlit's own protobufs.

    The browser sends ``BackMsg`` (a rerun request carries the widget states and, for a partial
    rerun, the fragment's id) and receives ``ForwardMsg`` (deltas, ``script_finished`` with the kind
    of run that ended, ``page_not_found``...). Attach before the page opens its websocket.
    """

    def __init__(self, page: Page) -> None:
        self.sent: list[BackMsg] = []
        self.received: list[ForwardMsg] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: WebSocket) -> None:
        if not ws.url.endswith("/_stcore/stream"):
            return
        ws.on("framesent", lambda payload: self.sent.append(_decode(BackMsg, payload)))
        ws.on("framereceived", lambda payload: self.received.append(_decode(ForwardMsg, payload)))

    def requests(self, since: int = 0) -> list[BackMsg]:
        """Messages the page sent from index ``since`` on, without the periodic heartbeats."""
        return [m for m in self.sent[since:] if m.WhichOneof("type") != "app_heartbeat"]

    def reruns(self, since: int = 0) -> list[ClientState]:
        """The rerun requests sent from index ``since`` on."""
        return [m.rerun_script for m in self.sent[since:] if m.WhichOneof("type") == "rerun_script"]

    def finished(self, since: int = 0) -> list[int]:
        """The ``script_finished`` statuses received from index ``since`` on (one per run)."""
        return [m.script_finished for m in self.received[since:] if m.WhichOneof("type") == "script_finished"]

    def pages_not_found(self) -> list[str]:
        """Page names the server said it could not find (it then runs the main page instead)."""
        return [m.page_not_found.page_name for m in self.received if m.WhichOneof("type") == "page_not_found"]


def _decode(kind: type[BackMsg] | type[ForwardMsg], payload: str | bytes) -> BackMsg | ForwardMsg:
    return kind.FromString(payload if isinstance(payload, bytes) else payload.encode())


def is_plotly_js(url: str) -> bool:
    """Whether a request fetches a plotly.js: the whole one or the cartesian bundle (gdviz.ui.plotly_bundle)."""
    path = url.split("?")[0]
    return path.endswith("/plotly.min.js") or path.endswith(f"/{plotly_bundle.PATH.name}")


def title_key(info: PageInfo) -> str:
    """The catalogue key of the page's h1: ``<slug>.title``, and the app's title on the home page."""
    return "app.title" if info is HOME else f"{info.slug}.title"


def nav_titles(lang: str) -> list[str]:
    """The sidebar's links, in order: the home page, then every lesson."""
    return [HOME.title(lang), *(p.title(lang) for p in PAGES)]


def h1(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"] h1').first


def wait_for_run(page: Page, timeout_ms: float = TIMEOUT_MS) -> None:
    """Wait until the app is connected and no script (or fragment) run is under way."""
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout_ms)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)


def wait_for_finished(page: Page, traffic: StreamlitTraffic, since: int, timeout_ms: float = TIMEOUT_MS) -> None:
    """Wait until a run has finished after message ``since``: a rerun that a key press asked for may
    not have started yet when the page first reads "not running"."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not traffic.finished(since):
        assert time.monotonic() < deadline, f"no run finished within {timeout_ms / 1000:.0f} s"
        page.wait_for_timeout(50)  # lets Playwright deliver the websocket's messages


def press(slider: Locator, key: str, times: int = 1) -> None:
    """Move a slider by keyboard, as a student tabbing through the page would."""
    slider.focus()
    expect(slider).to_be_focused()  # nothing (a dialog, say) took the keys away
    for _ in range(times):
        slider.press(key)


def step(page: Page, traffic: StreamlitTraffic, slider: Locator, key: str) -> None:
    """Press ``key`` on ``slider`` once and wait until the run it asks for has finished."""
    before = len(traffic.received)
    press(slider, key)
    wait_for_finished(page, traffic, before)
    wait_for_run(page)


def open_app(page: Page, url: str, title: str, *, timeout_ms: float = TIMEOUT_MS) -> None:
    """Go to ``url`` and wait until the page shows ``title`` and its run has finished."""
    page.goto(url)
    expect(h1(page)).to_have_text(title, timeout=timeout_ms)
    wait_for_run(page, timeout_ms)


def expect_navigation(page: Page, lang: str, current: PageInfo) -> None:
    """The sidebar lists every page in ``lang`` and marks ``current`` as the open one."""
    links = page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]')
    expect(links).to_have_text(nav_titles(lang))
    expect(page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')).to_have_text(current.title(lang))


def assert_clean(page: Page, traffic: StreamlitTraffic) -> None:
    """No exception element, no error box, no "Page not found" message or dialog.

    Call it once the run has finished (:func:`wait_for_run`): it looks at the page as it is.
    """
    assert traffic.pages_not_found() == [], "the server answered 'page not found' and ran the main page instead"
    dialogs = page.get_by_role("dialog").filter(has_text="Page not found")
    assert dialogs.count() == 0, dialogs.all_inner_texts()
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def title(info: PageInfo, lang: str) -> str:
    return tr(title_key(info), lang)
