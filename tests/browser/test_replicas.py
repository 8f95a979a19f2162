"""Two replicas behind nginx (deploy/local.sh) in a real browser: each browser is sent to one replica
and stays there, a lesson works through the proxy, a shared link opens the same view on the other
replica, and when one replica dies the other's sessions go on while its own reconnect to the other.

Which replica answered comes from nginx itself: local.sh adds an X-Upstream header to every
response, the websocket's handshake included (read through Chromium's DevTools protocol, which
Playwright's WebSocket object does not expose), and logs each request's route key and replica."""

from __future__ import annotations

import os
import re
import signal
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.conftest import VIEWPORT
from tests.browser.helpers import (
    FIRST_RUN_TIMEOUT_MS,
    TIMEOUT_MS,
    StreamlitTraffic,
    assert_clean,
    open_app,
    title,
    wait_for_finished,
    wait_for_run,
)
from tests.browser.live import index, slider
from tests.browser.server import Deployment, running_replicas

FORWARD = PAGES[0]
MOST_SESSIONS = 12
"""Each new browser draws a random route key, so which replica it lands on is a coin toss: sessions
are opened until both replicas have one (all of twelve on one side: 1 in 2048)."""


@dataclass
class Session:
    """One browser (its own cookies, so its own route key) with lesson 1 open through the proxy."""

    context: BrowserContext
    page: Page
    traffic: StreamlitTraffic
    http_upstreams: list[str] = field(default_factory=list)
    ws_upstreams: list[str] = field(default_factory=list)

    @property
    def replica(self) -> str:
        """The one replica that answered everything this session asked; fails if there were two."""
        upstreams = set(self.http_upstreams) | set(self.ws_upstreams)
        assert len(upstreams) == 1, f"one session reached {sorted(upstreams)}"
        return upstreams.pop()

    def route(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "gdviz_route")


def open_session(browser: Browser, url: str) -> Session:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    session = Session(context, page, StreamlitTraffic(page))
    origin = url.split("/", 3)[:3]
    # Every response that crossed the proxy (not the blob: URLs the page makes of the plotly.js it keeps).
    page.on(
        "response",
        lambda r: (
            r.url.split("/", 3)[:3] == origin and session.http_upstreams.append(r.headers.get("x-upstream", "none"))
        ),
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda event: session.ws_upstreams.append(
            {k.lower(): v for k, v in event["response"]["headers"].items()}.get("x-upstream", "none")
        ),
    )
    open_app(page, url, title(FORWARD, "en"), timeout_ms=FIRST_RUN_TIMEOUT_MS)
    assert session.ws_upstreams, "the page opened no websocket through the proxy"
    return session


def open_on_both(browser: Browser, url: str) -> list[Session]:
    """Fresh browsers on ``url`` until each replica has at least one (and at least three in all)."""
    sessions: list[Session] = []
    while len(sessions) < 3 or len({s.replica for s in sessions}) < 2:
        assert len(sessions) < MOST_SESSIONS, f"{MOST_SESSIONS} fresh browsers all went to {sessions[0].replica}"
        sessions.append(open_session(browser, url))
    return sessions


def step_w(session: Session, key: str, expected_w: str) -> None:
    """Press ``key`` on lesson 1's live w: the run it commits finishes and the URL holds the value."""
    track = slider(session.page, tr("common.w", "en"))
    before = len(session.traffic.received)
    track.focus()
    track.press(key)
    wait_for_finished(session.page, session.traffic, before)
    wait_for_run(session.page)
    expect(session.page).to_have_url(re.compile(rf"[?&]w={re.escape(expected_w)}(&|$)"))
    assert_clean(session.page, session.traffic)


def routes_in_log(deployment: Deployment) -> dict[str, set[str]]:
    """Route key -> the replicas nginx sent its requests to, from the access log (sticky.conf's format)."""
    routes: dict[str, set[str]] = defaultdict(set)
    for line in deployment.access_log.read_text().splitlines():
        route = re.search(r" route=(\S+)", line)
        upstream = re.search(r" upstream=(.*?) request_time=", line)
        if route and upstream and upstream[1] != "-":
            routes[route[1]].add(upstream[1])
    return routes


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    with running_replicas(2) as running:
        yield running


def test_each_browser_stays_on_one_replica_and_both_replicas_get_sessions(
    browser: Browser, deployment: Deployment
) -> None:
    url = f"{deployment.url}/{FORWARD.slug}?lang=en"
    sessions = open_on_both(browser, url)
    routes = {s.route(): s.replica for s in sessions}
    assert len(routes) == len(sessions), "two browsers drew the same route key"
    assert {s.replica for s in sessions} == {r.url.removeprefix("http://") for r in deployment.replicas}
    for session in sessions:
        # Its document, its scripts and its websocket all reached the one replica.
        assert session.ws_upstreams == [session.replica]
        assert len(session.http_upstreams) > 1
        session.context.close()
    # nginx's own log agrees, once the websockets have closed (a websocket is logged when it ends).
    deadline = time.monotonic() + 10
    while True:
        logged = routes_in_log(deployment)
        streams = deployment.access_log.read_text().count("GET /_stcore/stream")
        if streams >= len(sessions) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert streams >= len(sessions)
    for route, replica in routes.items():
        assert logged[route] == {replica}, f"route {route}: {logged[route]}"


def test_a_step_works_through_the_proxy_and_the_link_opens_the_same_view_on_the_other_replica(
    browser: Browser, deployment: Deployment
) -> None:
    sessions = open_on_both(browser, f"{deployment.url}/{FORWARD.slug}?lang=en")
    first = sessions[0]
    track = slider(first.page, tr("common.w", "en"))
    assert index(track) == 200  # the tadpole opens at w = 2
    step_w(first, "ArrowLeft", "1.99")
    step_w(first, "PageDown", "1.89")
    shared = first.page.url

    other = next(s for s in sessions if s.replica != first.replica)
    open_app(other.page, shared, title(FORWARD, "en"))
    moved = slider(other.page, tr("common.w", "en"))
    assert index(moved) == 189
    expect(moved).to_have_attribute("aria-valuetext", fmt(1.89))
    assert other.replica != first.replica  # still on its own replica after opening the link
    step_w(other, "ArrowRight", "1.9")
    for session in sessions:
        session.context.close()


def test_when_a_replica_dies_the_other_keeps_serving_and_its_sessions_reconnect_there(browser: Browser) -> None:
    with running_replicas(2) as deployment:
        sessions = open_on_both(browser, f"{deployment.url}/{FORWARD.slug}?lang=en&w=1.5")
        doomed = sessions[0]
        survivors = [s for s in sessions if s.replica != doomed.replica]
        orphans = [s for s in sessions if s.replica == doomed.replica]
        step_w(doomed, "ArrowRight", "1.51")  # in the URL before the replica dies
        dead = deployment.replica(doomed.replica)
        os.kill(dead.pid, signal.SIGKILL)

        for session in survivors:
            step_w(session, "ArrowLeft", "1.49")
            assert session.ws_upstreams == [session.replica]  # never reconnected

        survivor_replica = survivors[0].replica
        for session in orphans:
            # Streamlit's front end reconnects by itself; nginx finds the dead replica refusing and
            # moves the route key on to the other. The new session starts from the URL (w = 1.51 for
            # the one that stepped): what it had in session state and not in the URL is gone.
            page = session.page
            expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
                "data-test-connection-state", "CONNECTED", timeout=FIRST_RUN_TIMEOUT_MS
            )
            deadline = time.monotonic() + TIMEOUT_MS / 1000
            while len(session.ws_upstreams) < 2:
                assert time.monotonic() < deadline, "the page did not open a new websocket"
                page.wait_for_timeout(100)
            assert session.ws_upstreams[-1] == survivor_replica
            wait_for_run(page)
            w = 1.51 if session is doomed else 1.5
            expect(slider(page, tr("common.w", "en"))).to_have_attribute("aria-valuetext", fmt(w))
            # A page whose last run was a whole run is not run again on the new replica (Streamlit's
            # front end reruns on reconnecting only after a fragment's run, its PR #11890), so the new
            # session has no lesson fragment and drops its commits ("The fragment with id ... does not
            # exist anymore"): the student reloads the page, and the URL brings the lesson back.
            open_app(page, page.url, title(FORWARD, "en"))
            expect(slider(page, tr("common.w", "en"))).to_have_attribute("aria-valuetext", fmt(w))
            step_w(session, "ArrowRight", f"{w + 0.01:g}")
            assert session.ws_upstreams[-1] == survivor_replica
        for session in sessions:
            session.context.close()
