"""AppTest of lesson 6: optimizers racing on one surface."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.figures import optimizers as figs
from tests.conftest import assert_clean, charts, open_page

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
    at.slider(key="saddle_gd_lr").set_value(0.05).run()
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
        assert list(charts(at)) == ["race"]
    # The valley's start sliders name its two weights.
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
    assert charts(at) == {}
