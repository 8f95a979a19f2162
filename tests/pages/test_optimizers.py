"""AppTest of lesson 6: optimizers racing on one surface."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.expressions import ExpressionError, parse_function
from gdviz.figures import optimizers as figs
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from tests.conftest import assert_clean, commit, live_elements, live_words, open_page, state_rows

# Himmelblau's four minima, from the literature (not from the core's table).
HIMMELBLAU_MINIMA = np.array([(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127)])


def _texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang, title", [("en", "Optimizers"), ("zh", "优化器")])
def test_opens_clean_in_both_languages(lang: str, title: str) -> None:
    at = open_page("optimizers", lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.selectbox(key="surface").value == "saddle"
    assert at.multiselect(key="opt").value == list(figs.DEFAULT_RACERS)


def test_saddle_result_counts_the_steps_to_leave() -> None:
    at = open_page("optimizers", "en")
    fn = TEST_FUNCTIONS["saddle"]
    lr = figs.SURFACE_DEFAULTS["saddle"]["lr"]
    expected = {}
    for name, rule in (("Momentum", rules.momentum(lr["momentum"], 0.9)), ("Adam", rules.adam(lr["adam"]))):
        theta = descend(fn, rule, (-1.5, 0.001), 100).theta
        expected[name] = int(np.flatnonzero(np.abs(theta[:, 1]) > 1.0)[0])
    text = _texts(at)
    assert "GD: still there after 100 steps" in text
    for name, n in expected.items():
        assert f"{name}: **{n}** steps" in text
    # A larger learning rate lets GD off the saddle too: y grows by (1 + 2η) per step.
    commit(at, saddle_gd_lr=0.05)
    assert_clean(at)
    n_gd = int(np.ceil(np.log(1.0 / 0.001) / np.log(1.1)))
    assert f"GD: **{n_gd}** steps" in _texts(at)


def test_a_sixth_optimizer_is_refused_with_a_message() -> None:
    at = open_page("optimizers", "en")
    at.multiselect(key="opt").set_value(list(figs.OPTIMIZERS)).run()
    assert_clean(at)
    (warning,) = [w.value for w in at.warning]
    assert "At most five optimizers" in warning
    # The first five race: five formulas, and no Adam (the sixth).
    formulas = [m.value for m in at.markdown if "<code" in m.value]
    assert len(formulas) == 1 and formulas[0].count("<code") == 5
    assert "Adam" not in formulas[0]


def test_refusal_in_chinese() -> None:
    at = open_page("optimizers", "zh")
    at.multiselect(key="opt").set_value(list(figs.OPTIMIZERS)).run()
    assert_clean(at)
    assert "最多只能同时比较五个优化器" in at.warning[0].value


@pytest.mark.parametrize(
    "lang, item", [("en", "{name} → minimum **({x}, {y})**"), ("zh", "{name} → 极小值 **({x}, {y})**")]
)
def test_himmelblau_names_the_minimum_each_optimizer_reached(lang: str, item: str) -> None:
    at = open_page("optimizers", lang, {"surface": "himmelblau"})
    assert_clean(at)
    fn = TEST_FUNCTIONS["himmelblau"]
    lr = figs.SURFACE_DEFAULTS["himmelblau"]["lr"]
    steps = figs.SURFACE_DEFAULTS["himmelblau"]["steps"]
    built = {
        "gd": rules.gd(lr["gd"]),
        "momentum": rules.momentum(lr["momentum"], 0.9),
        "rmsprop": rules.rmsprop(lr["rmsprop"]),
        "adam": rules.adam(lr["adam"]),
    }
    reached = set()
    text = _texts(at)
    for code, rule in built.items():
        end = descend(fn, rule, (0.0, 0.0), steps).theta[-1]
        distances = np.linalg.norm(HIMMELBLAU_MINIMA - end, axis=1)
        assert distances.min() < 0.05, code
        x, y = HIMMELBLAU_MINIMA[distances.argmin()]
        name = figs.label(code, lang)
        expected = item.format(name=name, x=f"{x:.2f}".replace("-", "−"), y=f"{y:.2f}".replace("-", "−"))
        assert expected in text
        reached.add(int(distances.argmin()))
    assert len(reached) >= 2  # the lesson: different optimizers, different minima


def test_every_surface_races_without_errors() -> None:
    at = open_page("optimizers", "en")
    for code in figs.SURFACES:
        at.selectbox(key="surface").set_value(code).run()
        assert_clean(at)
        assert {"race", "readout", "live-race_step"} <= set(live_elements(at))
        if code == "valley":  # its start sliders name its two weights
            assert at.slider(key="valley_x0").label == "start w₁"


def test_formulas_are_the_rules_own_strings() -> None:
    at = open_page("optimizers", "en", {"opt": "nesterov,adagrad"})
    assert_clean(at)
    (block,) = [m.value for m in at.markdown if "<code" in m.value]
    for rule in (rules.momentum(0.01, nesterov=True), rules.adagrad(0.01)):
        assert rule.formula in block.replace("&lt;", "<").replace("&gt;", ">")


def test_no_optimizer_asks_for_one() -> None:
    at = open_page("optimizers", "en")
    at.multiselect(key="opt").set_value([]).run()
    assert_clean(at)
    assert any("at least one optimizer" in i.value for i in at.info)
    assert "race" not in live_elements(at)


SADDLE = TEST_FUNCTIONS["saddle"]
SADDLE_LR = figs.SURFACE_DEFAULTS["saddle"]["lr"]


def _saddle_runs(lrs: dict[str, float], steps: int = 100) -> dict[str, np.ndarray]:
    """The default racers on the saddle by the core's descend, one run at a time: θ at every step."""
    built = {
        "gd": rules.gd(lrs["gd"]),
        "momentum": rules.momentum(lrs["momentum"], 0.9),
        "rmsprop": rules.rmsprop(lrs["rmsprop"]),
        "adam": rules.adam(lrs["adam"]),
    }
    return {code: descend(SADDLE, rule, (-1.5, 0.001), steps).theta for code, rule in built.items()}


def test_the_race_opens_at_its_last_step_and_every_eta_at_its_default() -> None:
    at = open_page("optimizers", "en")
    elements = live_elements(at)
    step = elements["live-race_step"]
    assert step["values"] == list(range(101)) and step["index"] == 100
    assert step["label"] == "step shown"
    gd = elements["live-saddle_gd_lr"]
    assert gd["label"] == "GD: learning rate η"
    assert gd["values"][gd["index"]] == pytest.approx(0.02)
    assert gd["values"][0] == pytest.approx(0.002) and gd["values"][-1] == pytest.approx(0.2)
    # The dots sent for every step are descend's θ_k (float32 on the wire).
    runs = _saddle_runs(SADDLE_LR)
    moves = elements["race"]["moves"]
    along_step = next(m for m in moves if m["channel"].startswith("race_step:"))["traces"]
    for code, theta in runs.items():
        x, y = state_rows(along_step[f"head:{code}"]["x"]), state_rows(along_step[f"head:{code}"]["y"])
        np.testing.assert_allclose(x[:, 1], theta[:, 0], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(y[:, 1], theta[:, 1], rtol=1e-6, atol=1e-6)


def test_the_step_from_the_url_and_a_bad_url_falls_back() -> None:
    at = open_page("optimizers", "en", {"race_step": "40", "saddle_adam_lr": "0.1"})
    assert_clean(at)
    elements = live_elements(at)
    assert elements["live-race_step"]["index"] == 40
    adam = elements["live-saddle_adam_lr"]
    assert adam["values"][adam["index"]] == pytest.approx(0.1)
    theta = _saddle_runs({**SADDLE_LR, "adam": 0.1})["adam"]
    words = live_words(at, "readout")
    assert f"({theta[40, 0]:.3f}, {theta[40, 1]:.3f})".replace("-", "−") in words
    for bad in ({"race_step": "abc"}, {"saddle_gd_lr": "nan"}, {"race_step": "-5", "saddle_gd_lr": "1e9"}):
        at = open_page("optimizers", "en", bad)
        assert_clean(at)
        elements = live_elements(at)
        step, gd = elements["live-race_step"], elements["live-saddle_gd_lr"]
        # Not a number, or a number off the control's range: the opening value, and a notice.
        if "race_step" in bad:
            assert step["index"] == 100
        if "saddle_gd_lr" in bad:
            assert gd["values"][gd["index"]] == pytest.approx(0.02)
        assert at.toast and all(f"{key}={value}" in at.toast[0].value.replace("\\", "") for key, value in bad.items())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_committed_step_and_eta_show_descends_numbers(lang: str) -> None:
    at = open_page("optimizers", lang)
    commit(at, race_step=30, saddle_momentum_lr=0.05)
    assert_clean(at)
    theta = _saddle_runs({**SADDLE_LR, "momentum": 0.05})["momentum"]
    words = live_words(at, "readout")
    assert f"({theta[30, 0]:.3f}, {theta[30, 1]:.3f})".replace("-", "−") in words
    loss = float(SADDLE.value(theta[30]))
    assert f"{loss:.4g}".replace("-", "−") in words
    assert tr("optimizers.col_final", lang) in words
    assert at.query_params["race_step"] == "30"


def test_a_typed_function_races_with_its_exact_gradient() -> None:
    at = open_page("optimizers", "en", {"surface": "custom", "f": "x^2 + 3y^2"})
    assert_clean(at)
    assert at.text_input(key="f").value == "x^2 + 3y^2"
    assert any(r"\nabla f" in e.body and "2 x" in e.body and "6 y" in e.body for e in at.latex)
    # Its lowest point is the origin, so it is drawn on ±2 (a window 2.5 times its distance, 2 at least)
    # and starts at (−1.2, 1.2). Adam from there, as torch.optim would run it: its final f.
    assert "Drawn on x, y from −2 to 2" in " ".join(c.value for c in at.caption)
    path = descend(parse_function("x**2 + 3*y**2"), rules.adam(0.1), (-1.2, 1.2), 100)
    assert f"Adam: **{fmt(float(path.loss[-1]), 4)}**" in "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_formula_that_cannot_be_used_is_said_and_the_last_good_one_stays(lang: str) -> None:
    at = open_page("optimizers", lang, {"surface": "custom"})
    good = live_elements(at)["race"]["figure"]
    at.text_input(key="f").set_value("__import__('os').system('ls')").run()
    assert not at.exception
    (error,) = at.error
    assert error.value == ExpressionError("not_allowed", what=".", col=17, names="x, y").message(lang)
    # The race still shows the function that worked, and the URL keeps no refused text.
    assert live_elements(at)["race"]["figure"] == good
    assert "f" not in at.query_params
    at.text_input(key="f").set_value("log(x)").run()  # defined only for x > 0: drawn there
    assert_clean(at)
    assert at.query_params["f"] == "log(x)"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_start_where_the_typed_function_is_undefined_is_said_not_raced(lang: str) -> None:
    at = open_page("optimizers", lang, {"surface": "custom", "f": "log(x) + y^2"})
    assert not at.exception and not at.error
    # The custom start (−1.2, 1.2 on its ±2 window) is where log(x) is not defined: a sentence, no race.
    (warning,) = at.warning
    assert warning.value == tr("optimizers.start_undefined", lang, x="−1.20", y="1.20")
    assert "race" not in live_elements(at)
    at.slider(key="custom_x0").set_value(1.0).run()
    assert_clean(at)
    # From x = 1 the race runs (log(x) pulls every path left, out of where it is defined: said per run).
    assert "race" in live_elements(at)
    assert all("not defined at the start" not in w.value for w in at.warning)
