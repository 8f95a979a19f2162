"""AppTest of lesson 4: the learning rate, its stability limit and schedules, in both languages.

Tadpole (no intercept): MSE(w) has curvature h = 2·Σx²/n = 40, so the limit is 2/h = 0.05 and each
step multiplies the distance to w* by 1 − η·h; the page's numbers are checked against that here.
"""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets
from gdviz.i18n import tr
from tests.conftest import assert_clean, open_page, tables

TADPOLE = datasets.get("tadpole")
H = 2.0 * np.sum(TADPOLE.x**2) / TADPOLE.n
W_STAR = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)


def _loss(w: float) -> float:
    return float(np.mean((w * TADPOLE.x - TADPOLE.y) ** 2))


def _closed_form(lr: float, steps: int = 100, w0: float = 2.0) -> tuple[float, int | None]:
    """Final loss and divergence step of gradient descent on the tadpole parabola."""
    distances = (w0 - W_STAR) * (1.0 - lr * H) ** np.arange(steps + 1)
    losses = np.array([_loss(W_STAR + d) for d in distances])
    over = np.flatnonzero(losses > DIVERGENCE_BOUND)
    return float(losses[-1]), (int(over[0]) if over.size else None)


def _metric(at, key: str, lang: str = "en") -> str:
    return next(m.value for m in at.metric if m.label == tr(key, lang))


def _row(at, name: str, lang: str = "en"):
    return tables(at)[0].loc[tr(f"learning_rate.preset_{name}", lang)]


@pytest.mark.parametrize("lang, title", [("en", "Learning rate"), ("zh", "学习率")])
def test_opens_clean_and_prints_the_limit(lang: str, title: str) -> None:
    at = open_page("learning_rate", lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert {"w0", "steps", "lr", "lr0", "step_size", "gamma"} <= {s.key for s in at.slider}
    assert _metric(at, "learning_rate.metric_limit", lang) == f"η < {2.0 / H:.4f}"  # η < 0.0500
    # The diverging preset (1.1 × the limit) reports where it diverged.
    _, diverged_at = _closed_form(1.1 * 2.0 / H)
    assert diverged_at is not None
    assert _row(at, "diverging", lang)[tr("learning_rate.col_status", lang)] == tr(
        "common.diverged_at", lang, n=diverged_at
    )


def test_changing_eta_changes_the_numbers_as_predicted() -> None:
    at = open_page("learning_rate")
    for lr in (0.02, 0.045):
        at.slider(key="lr").set_value(lr).run()
        assert_clean(at)
        assert _metric(at, "learning_rate.metric_rho") == f"{abs(1.0 - lr * H):.4f}"
        assert _metric(at, "learning_rate.metric_multiple") == f"{lr / (2.0 / H):.2f}×"
        final, _ = _closed_form(lr)
        row = _row(at, "yours")
        assert float(row[tr("learning_rate.col_final", "en")]) == pytest.approx(final, rel=1e-3)
        assert row["η"] == f"{lr:.4f}"


def test_eta_past_the_limit_diverges() -> None:
    at = open_page("learning_rate")
    at.slider(key="lr").set_value(0.07).run()
    assert_clean(at)
    _, diverged_at = _closed_form(0.07)
    status = tr("common.diverged_at", "en", n=diverged_at)
    assert _row(at, "yours")[tr("learning_rate.col_status", "en")] == status
    assert any(m.value.endswith(status) for m in at.markdown)
    assert _metric(at, "learning_rate.metric_rho") == f"{abs(1.0 - 0.07 * H):.4f}"  # 1.8000


def test_two_parameter_dataset_uses_the_hessians_largest_eigenvalue() -> None:
    at = open_page("learning_rate", "zh", {"data": "five_points"})
    assert_clean(at)
    ds = datasets.get("five_points")
    design = np.column_stack([ds.x, np.ones(ds.n)])
    limit = 2.0 / np.linalg.eigvalsh(2.0 * design.T @ design / ds.n)[-1]
    assert _metric(at, "learning_rate.metric_limit", "zh") == f"η < {limit:.4f}"
    assert "b0" in {s.key for s in at.slider}


def test_schedules_switch_and_bad_parameters_give_a_message() -> None:
    at = open_page("learning_rate")
    at.radio(key="schedule").set_value("cosine").run()
    assert_clean(at)
    assert {"t_max", "eta_min"} <= {s.key for s in at.slider}
    # eta_min above η₀ cannot be annealed to: a sentence, not a traceback.
    at.slider(key="eta_min").set_value(0.06).run()
    assert_clean(at)
    assert at.warning and "eta_min" in at.warning[0].value
    at.radio(key="schedule").set_value("exponential").run()
    assert_clean(at)
    assert "exp_gamma" in {s.key for s in at.slider}
    assert not at.warning
