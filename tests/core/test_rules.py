"""Update rules: hand-computed first steps, convergence, and torch.optim's algorithms step for step.

The torch references below are written from the algorithm boxes on the torch.optim documentation
pages (SGD, Adagrad, RMSprop, Adam), as plain NumPy loops, independently of gdviz.core.rules.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from gdviz.core import TEST_FUNCTIONS, descend, rules
from gdviz.core.rules import RULES, Rule

ROSENBROCK = TEST_FUNCTIONS["rosenbrock"]


class Parabola:
    """``f(θ) = Σ a_i (θ_i − c_i)²``, gradient ``2a(θ − c)``: the simplest bowl, minimum at ``c``."""

    def __init__(self, a: list[float], c: list[float]) -> None:
        self.a = np.asarray(a, dtype=np.float64)
        self.c = np.asarray(c, dtype=np.float64)
        self.dim = len(a)

    def value(self, theta):
        return np.sum(self.a * (np.asarray(theta) - self.c) ** 2, axis=-1)

    def grad(self, theta):
        return 2.0 * self.a * (np.asarray(theta) - self.c)


# The lesson's 1-D parabola L(w) = (w − 3)², dL/dw = 2(w − 3), started at w = 1.
BOWL = Parabola([1.0], [3.0])


def _walk(rule: Rule, steps: int, objective=BOWL, start: float = 1.0) -> list[float]:
    path = descend(objective, rule, [start], steps=steps)
    return path.theta[:, 0].tolist()


def _build(name: str) -> Rule:
    """A rule from the registry with its defaults (the step-size rules need their step)."""
    return RULES[name](0.1) if name in ("fixed", "sign") else RULES[name]()


def _feed(rule: Rule, grads: list[float]) -> list[float]:
    """The deltas ``rule.update`` returns for a given sequence of 1-D gradients."""
    state = rule.init(np.zeros(1))
    deltas = []
    for g in grads:
        delta, state = rule.update(np.array([g]), state, rule.lr)
        deltas.append(float(delta[0]))
    return deltas


# --------------------------------------------------------------------------------------------
# The seed lesson's three rules (and sign), by hand on L(w) = (w − 3)² from w = 1.


def test_fixed_value_walks_the_same_way_whatever_the_slope() -> None:
    # w ← w − c with c = 0.5: 1 − 0.5 = 0.5, 0.5 − 0.5 = 0.0, 0.0 − 0.5 = −0.5 (away from the minimum at 3).
    assert _walk(rules.fixed(0.5), 3) == pytest.approx([1.0, 0.5, 0.0, -0.5], abs=1e-15)
    # With c = −0.5 it walks right, and straight past the minimum: 1.5, 2.0, 2.5, 3.0, 3.5.
    assert _walk(rules.fixed(-0.5), 5) == pytest.approx([1.0, 1.5, 2.0, 2.5, 3.0, 3.5], abs=1e-15)


def test_slope_rule_oscillates_or_explodes() -> None:
    # w ← w − k on (w − 3)²: k = 2(1 − 3) = −4 -> w = 1 + 4 = 5; k = 2(5 − 3) = 4 -> w = 5 − 4 = 1; forever.
    assert _walk(rules.slope(), 4) == pytest.approx([1.0, 5.0, 1.0, 5.0, 1.0], abs=1e-15)
    # On the steeper 2(w − 3)², k = 4(w − 3): w = 1 + 8 = 9, then 9 − 24 = −15, then −15 + 72 = 57.
    steep = Parabola([2.0], [3.0])
    assert _walk(rules.slope(), 3, steep) == pytest.approx([1.0, 9.0, -15.0, 57.0], abs=1e-15)
    # On the gentle 0.25(w − 3)², k = 0.5(w − 3): w = 1 + 1 = 2, 2 + 0.5 = 2.5, 2.5 + 0.25 = 2.75.
    gentle = Parabola([0.25], [3.0])
    assert _walk(rules.slope(), 3, gentle) == pytest.approx([1.0, 2.0, 2.5, 2.75], abs=1e-15)


def test_sign_rule_takes_fixed_steps_downhill() -> None:
    # w ← w − c·sign(k), c = 0.5: 1.5, 2.0, 2.5, 3.0, and at w = 3 the slope is 0 so it stays.
    assert _walk(rules.sign(0.5), 5) == pytest.approx([1.0, 1.5, 2.0, 2.5, 3.0, 3.0], abs=1e-15)
    # From 1.2 it never hits 3 exactly and rocks between 2.7 and 3.2.
    assert _walk(rules.sign(0.5), 6, start=1.2) == pytest.approx([1.2, 1.7, 2.2, 2.7, 3.2, 2.7, 3.2], abs=1e-12)


def test_gradient_descent_first_steps() -> None:
    # w ← w − η·k, η = 0.1:
    #   k = 2(1 − 3)    = −4     -> w1 = 1    + 0.1 × 4    = 1.4
    #   k = 2(1.4 − 3)  = −3.2   -> w2 = 1.4  + 0.1 × 3.2  = 1.72
    #   k = 2(1.72 − 3) = −2.56  -> w3 = 1.72 + 0.1 × 2.56 = 1.976
    assert _walk(rules.gd(0.1), 3) == pytest.approx([1.0, 1.4, 1.72, 1.976], rel=1e-14)


def test_momentum_first_steps() -> None:
    # b1 = g1; b = μ·b + g; w ← w − η·b, with η = 0.1, μ = 0.9:
    #   g1 = −4                          b1 = −4                         w1 = 1    + 0.4   = 1.4
    #   g2 = 2(1.4 − 3)  = −3.2          b2 = 0.9 × (−4) − 3.2 = −6.8    w2 = 1.4  + 0.68  = 2.08
    #   g3 = 2(2.08 − 3) = −1.84         b3 = 0.9 × (−6.8) − 1.84 = −7.96  w3 = 2.08 + 0.796 = 2.876
    assert _walk(rules.momentum(0.1, 0.9), 3) == pytest.approx([1.0, 1.4, 2.08, 2.876], rel=1e-14)


def test_nesterov_first_steps() -> None:
    # b as for momentum, but w ← w − η·(g + μ·b), η = 0.1, μ = 0.9:
    #   g1 = −4       b1 = −4                           g + μb = −4 − 3.6 = −7.6            w1 = 1 + 0.76 = 1.76
    #   g2 = −2.48    b2 = −3.6 − 2.48 = −6.08          g + μb = −2.48 − 5.472 = −7.952     w2 = 2.5552
    #   g3 = 2(2.5552 − 3) = −0.8896
    #                 b3 = −5.472 − 0.8896 = −6.3616    g + μb = −0.8896 − 5.72544 = −6.61504
    #                                                                                w3 = 2.5552 + 0.661504 = 3.216704
    expected = [1.0, 1.76, 2.5552, 3.216704]
    assert _walk(rules.momentum(0.1, 0.9, nesterov=True), 3) == pytest.approx(expected, rel=1e-14)


def test_adagrad_first_steps() -> None:
    # s ← s + g²; delta = −η·g/(√s + ε), with η = 1, ε = 0 and gradients 3, 4, 12:
    #   s = 9    delta = −3/3   = −1
    #   s = 25   delta = −4/5   = −0.8
    #   s = 169  delta = −12/13
    assert _feed(rules.adagrad(1.0, eps=0.0), [3.0, 4.0, 12.0]) == pytest.approx([-1.0, -0.8, -12 / 13], rel=1e-15)
    # The accumulator may start above zero: s0 = 16, g = 3 -> s = 25, delta = −3/5.
    assert _feed(rules.adagrad(1.0, eps=0.0, initial_accumulator_value=16.0), [3.0]) == pytest.approx([-0.6])


def test_rmsprop_first_steps() -> None:
    # v ← α·v + (1 − α)·g²; delta = −η·g/(√v + ε), with η = 1, α = 0.75, ε = 0 and gradients 2, 1, 3:
    #   v = 0.25 × 4                = 1   delta = −2/1  = −2
    #   v = 0.75 × 1 + 0.25 × 1     = 1   delta = −1/1  = −1
    #   v = 0.75 × 1 + 0.25 × 9     = 3   delta = −3/√3 = −√3
    expected = [-2.0, -1.0, -np.sqrt(3.0)]
    assert _feed(rules.rmsprop(1.0, alpha=0.75, eps=0.0), [2.0, 1.0, 3.0]) == pytest.approx(expected, rel=1e-15)


def test_adam_first_steps() -> None:
    # η = 0.1, β₁ = β₂ = 0.5, ε = 0, gradients 2 then −2:
    #   t = 1: m = 0.5 × 2 = 1, v = 0.5 × 4 = 2; m̂ = 1/0.5 = 2, v̂ = 2/0.5 = 4; delta = −0.1 × 2/√4 = −0.1
    #   t = 2: m = 0.5 × 1 + 0.5 × (−2) = −0.5, v = 0.5 × 2 + 0.5 × 4 = 3;
    #          m̂ = −0.5/0.75 = −2/3, v̂ = 3/0.75 = 4; delta = −0.1 × (−2/3)/2 = +1/30
    rule = rules.adam(0.1, betas=(0.5, 0.5), eps=0.0)
    assert _feed(rule, [2.0, -2.0]) == pytest.approx([-0.1, 1 / 30], rel=1e-14)
    # Adam's first step is −η·sign(g) whatever the size of g (here with torch's defaults, to ε's width).
    for g in (1e-3, 7.0, -250.0):
        assert _feed(rules.adam(0.05), [g])[0] == pytest.approx(-0.05 * np.sign(g), rel=1e-4)


@pytest.mark.parametrize("name", list(RULES))
def test_update_is_pure(name: str) -> None:
    # The same (grad, state) twice gives the same answer: update never edits the state it is given.
    rule = _build(name)
    state = rule.init(np.array([0.5, -1.0]))
    g = np.array([0.3, -2.0])
    _, state = rule.update(g, state, rule.lr)  # past the first step, so every buffer is live
    first, _ = rule.update(g, state, rule.lr)
    second, _ = rule.update(g, state, rule.lr)
    np.testing.assert_array_equal(first, second)


def test_registry_builds_every_rule() -> None:
    assert set(RULES) == {"fixed", "slope", "sign", "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    nesterov = RULES["nesterov"](lr=0.02, momentum=0.8)
    assert nesterov.name == "nesterov" and nesterov.hyper == {"lr": 0.02, "momentum": 0.8, "nesterov": True}
    for name in RULES:
        rule = _build(name)
        assert rule.formula and rule.lr >= 0.0


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: rules.gd(-0.1), "Invalid learning rate"),
        (lambda: rules.gd(float("nan")), "Invalid learning rate"),
        (lambda: rules.fixed(float("inf")), "Invalid step"),
        (lambda: rules.sign(-1.0), "Invalid learning rate"),
        (lambda: rules.momentum(0.1, momentum=1.0), "Invalid momentum value"),
        (lambda: rules.adagrad(0.1, eps=-1.0), "Invalid epsilon value"),
        (lambda: rules.adagrad(0.1, initial_accumulator_value=-1.0), "Invalid initial_accumulator_value"),
        (lambda: rules.rmsprop(0.1, alpha=1.5), "Invalid alpha value"),
        (lambda: rules.adam(0.1, betas=(1.0, 0.999)), "Invalid beta parameter at index 0"),
        (lambda: rules.adam(0.1, betas=(0.9, -0.1)), "Invalid beta parameter at index 1"),
    ],
)
def test_bad_hyperparameters_raise_readable_errors(build: Callable[[], Rule], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


# --------------------------------------------------------------------------------------------
# Convergence.

CONVERGING = {
    "gd": rules.gd(0.1),
    "momentum": rules.momentum(0.05, 0.9),
    "nesterov": rules.momentum(0.05, 0.9, nesterov=True),
    "adagrad": rules.adagrad(0.5),
    "rmsprop": rules.rmsprop(0.01),
    "adam": rules.adam(0.05),
}


@pytest.mark.parametrize("name", list(CONVERGING))
def test_every_optimizer_converges_on_a_parabola(name: str) -> None:
    bowl = Parabola([0.5, 2.0], [1.0, -2.0])
    path = descend(bowl, CONVERGING[name], [4.0, 1.0], steps=2000)
    assert path.diverged_at is None
    # RMSprop's step stays about η·sign(g) near the bottom, so it hovers within a few η of it.
    tol = 0.05 if name == "rmsprop" else 1e-8
    np.testing.assert_allclose(path.theta[-1], bowl.c, atol=tol)


ROSENBROCK_RULES = {
    # Plain GD must stay under 2/λmax(H(1, 1)) = 2/1001.6 ≈ 0.002, or it leaves the minimum again.
    "gd": rules.gd(1.5e-3),
    "momentum": rules.momentum(1e-3, 0.9),
    "nesterov": rules.momentum(1e-3, 0.9, nesterov=True),
    "adagrad": rules.adagrad(0.5),
    "rmsprop": rules.rmsprop(1e-3),
    "adam": rules.adam(0.02),
}


@pytest.mark.parametrize("name", list(ROSENBROCK_RULES))
def test_every_optimizer_reaches_the_bottom_of_rosenbrocks_valley(name: str) -> None:
    path = descend(ROSENBROCK, ROSENBROCK_RULES[name], ROSENBROCK.start, steps=10_000)
    assert path.diverged_at is None
    np.testing.assert_allclose(path.theta[-1], [1.0, 1.0], atol=2e-2)
    assert path.loss[-1] < 1e-3 < path.loss[0]


# --------------------------------------------------------------------------------------------
# torch.optim, step for step: independent references from the documented algorithms.


def torch_sgd(grad_fn, theta0, steps, lr, momentum=0.0, nesterov=False):
    """torch.optim.SGD's algorithm box (dampening τ = 0, weight decay 0, maximize False)."""
    theta = np.array(theta0, dtype=np.float64)
    out, b = [theta.copy()], None
    for t in range(1, steps + 1):
        g = grad_fn(theta)
        if momentum != 0:
            b = g if t == 1 else momentum * b + g
            g = g + momentum * b if nesterov else b
        theta = theta - lr * g
        out.append(theta.copy())
    return np.array(out)


def torch_adagrad(grad_fn, theta0, steps, lr, eps=1e-10, initial_accumulator_value=0.0, lr_decay=0.0):
    """torch.optim.Adagrad's algorithm box."""
    theta = np.array(theta0, dtype=np.float64)
    state_sum = np.full_like(theta, initial_accumulator_value)
    out = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad_fn(theta)
        clr = lr / (1 + (t - 1) * lr_decay)
        state_sum = state_sum + g * g
        theta = theta - clr * g / (np.sqrt(state_sum) + eps)
        out.append(theta.copy())
    return np.array(out)


def torch_rmsprop(grad_fn, theta0, steps, lr, alpha=0.99, eps=1e-8):
    """torch.optim.RMSprop's algorithm box (not centered, momentum 0)."""
    theta = np.array(theta0, dtype=np.float64)
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for _ in range(steps):
        g = grad_fn(theta)
        v = alpha * v + (1 - alpha) * g * g
        theta = theta - lr * g / (np.sqrt(v) + eps)
        out.append(theta.copy())
    return np.array(out)


def torch_adam(grad_fn, theta0, steps, lr, betas=(0.9, 0.999), eps=1e-8):
    """torch.optim.Adam's algorithm box (not amsgrad, weight decay 0)."""
    beta1, beta2 = betas
    theta = np.array(theta0, dtype=np.float64)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    out = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad_fn(theta)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
        out.append(theta.copy())
    return np.array(out)


TORCH_CASES = {
    "sgd": (rules.gd(1e-3), lambda g, t0, n: torch_sgd(g, t0, n, 1e-3)),
    "sgd_momentum": (rules.momentum(1e-3, 0.9), lambda g, t0, n: torch_sgd(g, t0, n, 1e-3, momentum=0.9)),
    "sgd_nesterov": (
        rules.momentum(1e-3, 0.9, nesterov=True),
        lambda g, t0, n: torch_sgd(g, t0, n, 1e-3, momentum=0.9, nesterov=True),
    ),
    "adagrad": (rules.adagrad(0.1), lambda g, t0, n: torch_adagrad(g, t0, n, 0.1)),
    "adagrad_s0_eps": (
        # A large ε, so where ε sits (outside the square root) shows in the numbers.
        rules.adagrad(0.1, eps=0.5, initial_accumulator_value=0.5),
        lambda g, t0, n: torch_adagrad(g, t0, n, 0.1, eps=0.5, initial_accumulator_value=0.5),
    ),
    "rmsprop": (rules.rmsprop(0.01), lambda g, t0, n: torch_rmsprop(g, t0, n, 0.01)),
    "rmsprop_alpha": (
        rules.rmsprop(0.01, alpha=0.9, eps=0.5),
        lambda g, t0, n: torch_rmsprop(g, t0, n, 0.01, alpha=0.9, eps=0.5),
    ),
    "adam": (rules.adam(0.05), lambda g, t0, n: torch_adam(g, t0, n, 0.05)),
    "adam_betas": (
        rules.adam(0.05, betas=(0.8, 0.99), eps=0.5),
        lambda g, t0, n: torch_adam(g, t0, n, 0.05, betas=(0.8, 0.99), eps=0.5),
    ),
}


@pytest.mark.parametrize("case", list(TORCH_CASES))
def test_rules_match_torch_optim_for_50_steps_on_rosenbrock(case: str) -> None:
    rule, reference = TORCH_CASES[case]
    start = np.array(ROSENBROCK.start)
    expected = reference(ROSENBROCK.grad, start, 50)
    path = descend(ROSENBROCK, rule, start, steps=50)
    assert path.diverged_at is None
    # Every iterate, not only the last one, and far from where the run started.
    assert np.abs(expected[-1] - start).max() > 1e-3
    np.testing.assert_allclose(path.theta, expected, rtol=1e-12, atol=0)


class HandWrittenRosenbrock:
    """What a notebook user writes: value of one θ as a Python float, grad as a list, nothing else
    (no ``dim``, no ``stacked``, no stacks of θ)."""

    def value(self, theta):
        x, y = theta
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    def grad(self, theta):
        x, y = theta
        return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]


@pytest.mark.parametrize("case", ["sgd_momentum", "adam", "rmsprop"])
def test_a_hand_written_objective_descends_like_torch_optim(case: str) -> None:
    """gdviz.descend takes any object with value(θ) -> float and grad(θ) -> array of θ's shape (the
    README's promise to a notebook user), and gives torch.optim's iterates and the losses at them."""
    rule, reference = TORCH_CASES[case]
    start = np.array([-1.5, 2.0])
    objective = HandWrittenRosenbrock()
    expected = reference(lambda t: np.array(objective.grad(t)), start, 50)
    path = descend(objective, rule, start, steps=50)
    assert path.diverged_at is None
    np.testing.assert_allclose(path.theta, expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(path.loss, [objective.value(t) for t in expected], rtol=1e-12)
    # The same numbers as gdviz's own Rosenbrock, which evaluates all θ at once.
    np.testing.assert_allclose(path.loss, descend(ROSENBROCK, rule, start, steps=50).loss, rtol=1e-12)


def test_a_gradient_of_the_wrong_shape_is_said_in_a_sentence() -> None:
    class Flat(HandWrittenRosenbrock):
        def grad(self, theta):
            return [1.0, 2.0, 3.0]

    with pytest.raises(ValueError, match=r"grad returned shape \(3,\)"):
        descend(Flat(), rules.gd(0.01), [0.0, 0.0], steps=3)
