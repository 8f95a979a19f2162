"""The README's promises: its Python example runs, and its two set-up commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.search(r"```python\n(.*?)```", README, re.S).group(1).replace(".show()", "")
"""The README's Python example, without opening a browser."""


def test_the_python_example_runs_and_converges() -> None:
    namespace: dict = {}
    exec(EXAMPLE, namespace)
    # five_points' least-squares line is w = 2.2, b = −1 (cov/var = 22/10, mean y − w·mean x).
    np.testing.assert_allclose(namespace["path"].theta[-1], [2.2, -1.0], atol=0.05)
    # The hand-written valley x² + 10y² has its minimum at (0, 0); momentum gets there.
    np.testing.assert_allclose(namespace["valley"].theta[-1], [0.0, 0.0], atol=1e-3)


def test_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert commands == ["bash scripts/app.sh", "bash scripts/test.sh"]
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
    assert "streamlit run app.py" in (ROOT / "scripts" / "app.sh").read_text()


def test_the_checkouts_app_py_runs_the_packaged_app_on_every_run() -> None:
    """`streamlit run app.py` (scripts/app.sh) shows the app on its first run and on every rerun."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    for _ in range(2):
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert [t.value for t in at.title] == [tr("app.title", "en")]
    at.switch_page(PAGES[0].script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value != tr("app.title", "en")
