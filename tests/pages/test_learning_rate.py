"""AppTest of lesson 4: the learning rate, its stability limit and schedules, in both languages.

Tadpole (no intercept): MSE(w) has curvature h = 2·Σx²/n = 40, so the limit is 2/h = 0.05 and each
step multiplies the distance to w* by 1 − η·h; the page's numbers are checked against that here, at
the committed η and at every η the live slider can show.
"""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets
from gdviz.i18n import tr
from tests.conftest import assert_clean, commit, live_elements, live_tables, live_words, open_page, state_rows

TADPOLE = datasets.get("tadpole")
H = 2.0 * np.sum(TADPOLE.x**2) / TADPOLE.n
W_STAR = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)


def _loss(w: float) -> float:
    return float(np.mean((w * TADPOLE.x - TADPOLE.y) ** 2))


def _closed_form(lr: float, steps: int = 100, w0: float = 2.0) -> tuple[np.ndarray, int | None]:
    """Losses and divergence step of gradient descent on the tadpole parabola."""
    distances = (w0 - W_STAR) * (1.0 - lr * H) ** np.arange(steps + 1)
    losses = np.array([_loss(W_STAR + d) for d in distances])
    over = np.flatnonzero(losses > DIVERGENCE_BOUND)
    return losses, (int(over[0]) if over.size else None)


def _row(at, name: str, lang: str = "en"):
    return live_tables(at, "table")[0].loc[tr(f"learning_rate.preset_{name}", lang)]


@pytest.mark.parametrize("lang, title", [("en", "Learning rate"), ("zh", "学习率")])
def test_opens_clean_and_prints_the_limit(lang: str, title: str) -> None:
    at = open_page("learning_rate", lang)
    assert_clean(at)
    assert at.title[0].value == title
    # The start w₀, η and the step shown are live; the number of steps and the schedule's are not.
    assert {"steps", "lr0", "step_size", "gamma"} <= {s.key for s in at.slider}
    assert "w0" not in {s.key for s in at.slider}
    elements = live_elements(at)
    w0, lr, step = elements["live-w0"], elements["live-lr"], elements["live-step"]
    assert (lr["label"], step["label"]) == (tr("common.lr", lang), tr("learning_rate.step_shown", lang))
    # w₀ from 0 to 2 by 0.05, opening at the tadpole's start, 2.
    assert w0["label"] == tr("learning_rate.w0", lang)
    assert w0["values"] == pytest.approx(np.arange(41) * 0.05)
    assert w0["values"][w0["index"]] == pytest.approx(2.0)
    # η from 0.001 to 0.08 by 0.001, opening at 0.8 × the limit; the step from 0 to 100, at the last.
    assert lr["values"] == pytest.approx(np.arange(1, 81) / 1000)
    assert lr["values"][lr["index"]] == pytest.approx(0.04)
    assert step["values"] == list(range(101)) and step["index"] == 100
    facts = live_words(at, "facts")
    assert f"η < {2.0 / H:.3f}" in facts  # η < 0.050
    # The diverging preset (1.1 × the limit) reports where it diverged.
    _, diverged_at = _closed_form(1.1 * 2.0 / H)
    assert diverged_at is not None
    status = _row(at, "diverging", lang)[tr("learning_rate.col_status", lang)]
    assert status == tr("common.diverged_at", lang, n=diverged_at)


def test_your_run_is_the_closed_form_at_every_eta() -> None:
    """What the browser shows along η: the loss line, the final-loss dot, ρ and the verdict."""
    at = open_page("learning_rate")
    elements = live_elements(at)
    lrs = np.asarray(elements["live-lr"]["values"])
    loss_moves = next(m for m in elements["loss"]["moves"] if m["channel"].startswith("lr:"))
    lines = state_rows(loss_moves["traces"]["loss:yours"]["y"])
    sweep = next(m for m in elements["sweep"]["moves"] if m["channel"].startswith("lr:"))
    dots = state_rows(sweep["traces"]["user_point"]["y"])[:, 0]
    facts = elements["facts"]
    for i in (0, 19, 39, 49, 79):  # η = 0.001, 0.02, 0.04, 0.05 (at the limit), 0.08
        losses, diverged_at = _closed_form(lrs[i])
        if diverged_at is None:
            np.testing.assert_allclose(lines[i], losses, rtol=1e-5)
            assert dots[i] == pytest.approx(losses[-1], rel=1e-5)
        else:
            np.testing.assert_allclose(lines[i][: diverged_at + 1], losses[: diverged_at + 1], rtol=1e-5)
            assert np.isnan(lines[i][diverged_at + 1 :]).all()
        texts = [slot["lr"][i] for slot in facts["slots"]]
        assert f"{abs(1.0 - lrs[i] * H):.4f}" in texts  # ρ
        assert f"{lrs[i] / 0.05:.2f}".rstrip("0").rstrip(".") + "×" in texts
    assert tr("common.diverged_at", "en", n=_closed_form(0.08)[1]) in [s["lr"][79] for s in facts["slots"]]


def test_committing_eta_moves_your_row_and_keeps_it_in_the_url() -> None:
    at = open_page("learning_rate")
    for lr in (0.02, 0.045):
        commit(at, lr=lr)
        assert_clean(at)
        losses, _ = _closed_form(lr)
        row = _row(at, "yours")
        assert float(row[tr("learning_rate.col_final", "en")]) == pytest.approx(losses[-1], rel=1e-3)
        assert row["η"] == f"{lr:.3f}"
        assert row[tr("learning_rate.col_rho", "en")] == f"{abs(1.0 - lr * H):.4f}"
        assert at.query_params["lr"] == f"{lr:g}"


def test_eta_past_the_limit_diverges() -> None:
    at = open_page("learning_rate")
    commit(at, lr=0.07)
    assert_clean(at)
    _, diverged_at = _closed_form(0.07)
    status = tr("common.diverged_at", "en", n=diverged_at)
    assert _row(at, "yours")[tr("learning_rate.col_status", "en")] == status
    assert live_words(at, "facts").endswith(status)


def test_the_step_shown_marks_each_run_where_descend_put_it() -> None:
    at = open_page("learning_rate", query={"steps": "300"})
    elements = live_elements(at)
    step = elements["live-step"]
    # 300 steps are drawn every third (odd, so a bouncing run still alternates sides), the last kept.
    assert step["values"] == list(range(0, 301, 3))
    moves = next(m for m in elements["paths"]["moves"] if m["channel"].startswith("step:"))
    points = state_rows(moves["traces"]["at:good"]["x"])[:, 0]
    w = W_STAR + (2.0 - W_STAR) * (1.0 - 0.4 * 0.05 * H) ** np.arange(0, 301, 3)
    np.testing.assert_allclose(points, w, rtol=1e-5)
    commit(at, step=30)
    assert live_elements(at)["live-step"]["index"] == 10


def test_committing_w0_reruns_from_there_and_keeps_it_in_the_url() -> None:
    at = open_page("learning_rate")
    for w0 in (1.0, 0.35):
        commit(at, w0=w0)
        assert_clean(at)
        assert at.query_params["w0"] == f"{w0:g}"
        assert live_elements(at)["live-w0"]["index"] == round(w0 / 0.05)
        for name, multiple in (("good", 0.4), ("yours", 0.8)):  # your η opens at 0.8 × the limit
            losses, _ = _closed_form(multiple * 0.05, w0=w0)
            final = float(_row(at, name)[tr("learning_rate.col_final", "en")])
            assert final == pytest.approx(losses[-1], rel=1e-3)
    # The schedule's runs start there too: the constant run at η₀ is the closed form from w₀.
    lr0 = at.slider(key="lr0").value
    losses, _ = _closed_form(lr0, w0=0.35)
    assert f"{losses[-1]:.4g}" in " ".join(m.value for m in at.markdown)


def test_an_old_links_w0_is_pulled_onto_the_grid() -> None:
    at = open_page("learning_rate", query={"w0": "1.234"})
    assert_clean(at)
    w0 = live_elements(at)["live-w0"]
    assert w0["values"][w0["index"]] == pytest.approx(1.25)
    assert at.query_params["w0"] == "1.25"


def test_every_run_from_every_start_is_the_closed_form() -> None:
    """What the browser shows along w₀: each run's point at the step shown and its loss line."""
    at = open_page("learning_rate", query={"step": "30"})
    elements = live_elements(at)
    w0s = np.asarray(elements["live-w0"]["values"])
    paths = next(m for m in elements["paths"]["moves"] if m["channel"].startswith("w0:"))
    loss = next(m for m in elements["loss"]["moves"] if m["channel"].startswith("w0:"))
    for name, multiple in (("too_small", 0.01), ("good", 0.4), ("too_large", 0.9), ("yours", 0.8)):
        points = state_rows(paths["traces"][f"at:{name}"]["x"])[:, 0]
        lines = state_rows(loss["traces"][f"loss:{name}"]["y"])
        for i in (0, 9, 25, 40):
            w = W_STAR + (w0s[i] - W_STAR) * (1.0 - multiple * 0.05 * H) ** 30
            assert points[i] == pytest.approx(w, rel=1e-5, abs=1e-6)
            np.testing.assert_allclose(lines[i], _closed_form(multiple * 0.05, w0=w0s[i])[0], rtol=1e-5)


def test_two_parameter_dataset_uses_the_hessians_largest_eigenvalue() -> None:
    at = open_page("learning_rate", "zh", {"data": "five_points"})
    assert_clean(at)
    ds = datasets.get("five_points")
    design = np.column_stack([ds.x, np.ones(ds.n)])
    limit = 2.0 / np.linalg.eigvalsh(2.0 * design.T @ design / ds.n)[-1]
    assert f"η < {limit:.3f}" in live_words(at, "facts")
    # b₀ stays a server-side slider; w₀ is live with b₀ held.
    assert "b0" in {s.key for s in at.slider}
    w0 = live_elements(at)["live-w0"]
    assert w0["values"] == pytest.approx(-1.0 + 0.2 * np.arange(31))
    at = open_page("learning_rate", query={"data": "five_points", "b0": "1.5"})
    assert_clean(at)
    paths = next(m for m in live_elements(at)["paths"]["moves"] if m["channel"].startswith("w0:"))
    start = state_rows(paths["traces"]["path:good"]["y"])[:, 0]  # b at step 0 from every w₀
    np.testing.assert_allclose(start, 1.5)


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
