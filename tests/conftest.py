"""Shared test helpers: an AppTest opened on one lesson, in one language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def open_page(slug: str, lang: str = "en", query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run app.py, switch to ``views/<slug>.py`` in ``lang`` and return the AppTest."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"views/{slug}.py")
    at.run()
    return at


@pytest.fixture
def page() -> Callable[..., AppTest]:
    return open_page


def assert_clean(at: AppTest) -> None:
    """No exception element and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
