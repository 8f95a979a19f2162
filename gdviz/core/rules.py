"""Update rules, each an ``(init, update)`` pair of pure functions.

``state = rule.init(theta0)`` builds the rule's state; ``delta, state = rule.update(grad, state, lr)``
returns the change to add to θ (``θ ← θ + delta``) and the new state. ``lr`` is the learning rate of
this step (the rule's own, or a schedule's). Hyperparameter names, defaults and the order of
operations follow torch.optim, so the numbers match PyTorch step for step.

>>> rule = gd(lr=0.1)
>>> state = rule.init(np.array([1.2]))
>>> delta, state = rule.update(np.array([3.4]), state, rule.lr)
>>> round(1.2 + float(delta[0]), 10)
0.86
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from gdviz.core._types import FloatArray

__all__ = [
    "RULES",
    "Rule",
    "adagrad",
    "adam",
    "fixed",
    "gd",
    "momentum",
    "rmsprop",
    "sign",
    "slope",
]


class Rule(NamedTuple):
    """An update rule.

    Attributes
    ----------
    name : str
        Short key, e.g. ``"adam"``.
    init : callable
        ``init(theta0) -> state``.
    update : callable
        ``update(grad, state, lr) -> (delta, state)``; θ ← θ + delta.
    lr : float
        The learning rate (or step size) the rule was built with.
    hyper : dict
        Every hyperparameter, by its torch.optim name.
    formula : str
        The rule as the math a student writes on the board; pages show this very string.
    """

    name: str
    init: Callable[[FloatArray], Any]
    update: Callable[[FloatArray, Any, float], tuple[FloatArray, Any]]
    lr: float
    hyper: dict[str, Any]
    formula: str


class EmptyState(NamedTuple):
    """State of a rule that remembers nothing."""


class MomentumState(NamedTuple):
    t: int
    b: FloatArray  # the momentum buffer


class AdagradState(NamedTuple):
    t: int
    s: FloatArray  # the running sum of squared gradients


class RMSpropState(NamedTuple):
    v: FloatArray  # the running average of squared gradients


class AdamState(NamedTuple):
    t: int
    m: FloatArray  # first moment
    v: FloatArray  # second moment


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not np.isfinite(lr) or lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    return lr


def _check_unit(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"Invalid {name} value: {value} (must be in [0, 1))")
    return value


def _check_eps(eps: float) -> float:
    eps = float(eps)
    if not eps >= 0.0:
        raise ValueError(f"Invalid epsilon value: {eps}")
    return eps


def _lerp(start: FloatArray, end: FloatArray, weight: float) -> FloatArray:
    """``start + weight·(end − start)`` rounded as torch.lerp rounds it (Adam's first moment)."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


def _stateless_init(theta0: FloatArray) -> EmptyState:
    return EmptyState()


def fixed(step: float) -> Rule:
    """Fixed value: ``w ← w − c``.

    Walks the same way by the same amount whatever the slope says. ``c`` keeps its sign;
    a schedule, when given, replaces ``c``.
    """
    c = float(step)
    if not np.isfinite(c):
        raise ValueError(f"Invalid step: {step}")

    def update(grad: FloatArray, state: EmptyState, lr: float) -> tuple[FloatArray, EmptyState]:
        return np.full_like(grad, -lr), state

    return Rule("fixed", _stateless_init, update, c, {"step": c}, "w ← w − c")


def slope() -> Rule:
    """Raw slope: ``w ← w − k`` with ``k = dL/dw``.

    The direction is right but the size is not controlled: where the loss is steep it oscillates
    or explodes. The learning rate argument of ``update`` is ignored.
    """

    def update(grad: FloatArray, state: EmptyState, lr: float) -> tuple[FloatArray, EmptyState]:
        return -grad, state

    return Rule("slope", _stateless_init, update, 1.0, {}, "w ← w − k")


def sign(step: float) -> Rule:
    """Sign of the slope times a fixed step: ``w ← w − c·sign(k)``."""
    c = _check_lr(step)

    def update(grad: FloatArray, state: EmptyState, lr: float) -> tuple[FloatArray, EmptyState]:
        return -lr * np.sign(grad), state

    return Rule("sign", _stateless_init, update, c, {"step": c}, "w ← w − c·sign(k)")


def gd(lr: float = 0.1) -> Rule:
    """Gradient descent, learning rate × slope: ``w ← w − η·k``.

    Parameters
    ----------
    lr : float, default=0.1
        The learning rate η.
    """
    lr = _check_lr(lr)

    def update(grad: FloatArray, state: EmptyState, lr: float) -> tuple[FloatArray, EmptyState]:
        return -lr * grad, state

    return Rule("gd", _stateless_init, update, lr, {"lr": lr}, "w ← w − η·k")


def momentum(lr: float = 0.01, momentum: float = 0.9, nesterov: bool = False) -> Rule:
    """SGD with momentum, as torch.optim.SGD (dampening 0).

        b₁ = g₁;  b_t = μ·b_{t−1} + g_t
        θ ← θ − η·b_t                 (nesterov=False)
        θ ← θ − η·(g_t + μ·b_t)       (nesterov=True)

    Parameters
    ----------
    lr : float, default=0.01
    momentum : float, default=0.9
        μ, in [0, 1).
    nesterov : bool, default=False
    """
    lr = _check_lr(lr)
    mu = _check_unit("momentum", momentum)

    def init(theta0: FloatArray) -> MomentumState:
        return MomentumState(0, np.zeros_like(theta0, dtype=np.float64))

    def update(grad: FloatArray, state: MomentumState, lr: float) -> tuple[FloatArray, MomentumState]:
        b = grad.copy() if state.t == 0 else mu * state.b + grad
        direction = grad + mu * b if nesterov else b
        return -lr * direction, MomentumState(state.t + 1, b)

    formula = "b ← μ·b + g;  θ ← θ − η·(g + μ·b)" if nesterov else "b ← μ·b + g;  θ ← θ − η·b"
    return Rule(
        "nesterov" if nesterov else "momentum",
        init,
        update,
        lr,
        {"lr": lr, "momentum": mu, "nesterov": bool(nesterov)},
        formula,
    )


def adagrad(lr: float = 0.01, eps: float = 1e-10, initial_accumulator_value: float = 0.0) -> Rule:
    """AdaGrad, as torch.optim.Adagrad (lr_decay 0).

        s ← s + g²
        θ ← θ − η·g / (√s + ε)

    Parameters
    ----------
    lr : float, default=0.01
    eps : float, default=1e-10
    initial_accumulator_value : float, default=0.0
        Where ``s`` starts.
    """
    lr = _check_lr(lr)
    eps = _check_eps(eps)
    s0 = float(initial_accumulator_value)
    if not s0 >= 0.0:
        raise ValueError(f"Invalid initial_accumulator_value: {initial_accumulator_value}")

    def init(theta0: FloatArray) -> AdagradState:
        return AdagradState(0, np.full_like(theta0, s0, dtype=np.float64))

    def update(grad: FloatArray, state: AdagradState, lr: float) -> tuple[FloatArray, AdagradState]:
        s = state.s + grad * grad
        return -lr * (grad / (np.sqrt(s) + eps)), AdagradState(state.t + 1, s)

    return Rule(
        "adagrad",
        init,
        update,
        lr,
        {"lr": lr, "eps": eps, "initial_accumulator_value": s0},
        "s ← s + g²;  θ ← θ − η·g / (√s + ε)",
    )


def rmsprop(lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> Rule:
    """RMSProp, as torch.optim.RMSprop (not centered, no momentum).

        v ← α·v + (1 − α)·g²
        θ ← θ − η·g / (√v + ε)

    Parameters
    ----------
    lr : float, default=0.01
    alpha : float, default=0.99
    eps : float, default=1e-8
    """
    lr = _check_lr(lr)
    alpha = _check_unit("alpha", alpha)
    eps = _check_eps(eps)

    def init(theta0: FloatArray) -> RMSpropState:
        return RMSpropState(np.zeros_like(theta0, dtype=np.float64))

    def update(grad: FloatArray, state: RMSpropState, lr: float) -> tuple[FloatArray, RMSpropState]:
        v = alpha * state.v + (1.0 - alpha) * (grad * grad)
        return -lr * (grad / (np.sqrt(v) + eps)), RMSpropState(v)

    return Rule(
        "rmsprop",
        init,
        update,
        lr,
        {"lr": lr, "alpha": alpha, "eps": eps},
        "v ← α·v + (1 − α)·g²;  θ ← θ − η·g / (√v + ε)",
    )


def adam(lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Rule:
    """Adam, as torch.optim.Adam (no weight decay, not amsgrad).

        t ← t + 1
        m ← β₁·m + (1 − β₁)·g
        v ← β₂·v + (1 − β₂)·g²
        m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ)
        θ ← θ − η·m̂ / (√v̂ + ε)

    The code uses torch's arrangement of the same line,
    ``θ ← θ − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)``, so rounding matches too.

    Parameters
    ----------
    lr : float, default=0.001
    betas : tuple of float, default=(0.9, 0.999)
    eps : float, default=1e-8
    """
    lr = _check_lr(lr)
    beta1 = _check_unit("beta parameter at index 0", betas[0])
    beta2 = _check_unit("beta parameter at index 1", betas[1])
    eps = _check_eps(eps)

    def init(theta0: FloatArray) -> AdamState:
        zeros = np.zeros_like(theta0, dtype=np.float64)
        return AdamState(0, zeros, zeros.copy())

    def update(grad: FloatArray, state: AdamState, lr: float) -> tuple[FloatArray, AdamState]:
        t = state.t + 1
        m = _lerp(state.m, grad, 1.0 - beta1)
        v = beta2 * state.v + (1.0 - beta2) * (grad * grad)
        bias_correction1 = 1.0 - beta1**t
        bias_correction2 = 1.0 - beta2**t
        step_size = lr / bias_correction1
        denom = np.sqrt(v) / np.sqrt(bias_correction2) + eps
        return -step_size * (m / denom), AdamState(t, m, v)

    return Rule(
        "adam",
        init,
        update,
        lr,
        {"lr": lr, "betas": (beta1, beta2), "eps": eps},
        "m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  θ ← θ − η·m̂ / (√v̂ + ε)",
    )


RULES: dict[str, Callable[..., Rule]] = {
    "fixed": fixed,
    "slope": slope,
    "sign": sign,
    "gd": gd,
    "momentum": momentum,
    "nesterov": lambda lr=0.01, momentum=0.9: globals()["momentum"](lr, momentum, nesterov=True),
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
}
