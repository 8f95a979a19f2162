"""Learning-rate schedules against literal lists and torch's recursive forms."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.schedules import SCHEDULES, constant, cosine_annealing, exponential, step_decay

STEPS = np.arange(6)


def test_constant() -> None:
    np.testing.assert_array_equal(constant(0.3)(STEPS), [0.3] * 6)
    assert constant(0.3)(4) == 0.3 and isinstance(constant(0.3)(4), float)


def test_step_decay() -> None:
    # η·γ^⌊t/2⌋ with η = 0.1, γ = 0.5: 0.1, 0.1, 0.05, 0.05, 0.025, 0.025.
    expected = [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    np.testing.assert_allclose(step_decay(0.1, step_size=2, gamma=0.5)(STEPS), expected, rtol=1e-15)
    # torch's StepLR default γ = 0.1, every 3 steps: 1, 1, 1, 0.1, 0.1, 0.1.
    np.testing.assert_allclose(step_decay(1.0, step_size=3)(STEPS), [1, 1, 1, 0.1, 0.1, 0.1], rtol=1e-15)


def test_exponential() -> None:
    # 0.2·0.5^t: 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625.
    expected = [0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625]
    np.testing.assert_allclose(exponential(0.2, 0.5)(STEPS), expected, rtol=1e-15)


def test_cosine_annealing() -> None:
    # η_min + (η − η_min)·(1 + cos(πt/4))/2 with η = 1, η_min = 0.2, so 0.2 + 0.4·(1 + cos(πt/4)):
    #   t = 0: 0.2 + 0.8 = 1;  t = 1: 0.2 + 0.4·(1 + √2/2);  t = 2: 0.2 + 0.4 = 0.6;
    #   t = 3: 0.2 + 0.4·(1 − √2/2);  t = 4: 0.2;  t = 5: back up, as at t = 3.
    half_root2 = np.sqrt(2.0) / 2
    expected = [1.0, 0.2 + 0.4 * (1 + half_root2), 0.6, 0.2 + 0.4 * (1 - half_root2), 0.2, 0.2 + 0.4 * (1 - half_root2)]
    np.testing.assert_allclose(cosine_annealing(1.0, T_max=4, eta_min=0.2)(STEPS), expected, rtol=1e-14)
    assert cosine_annealing(1.0, T_max=4)(8) == pytest.approx(1.0)


def test_closed_forms_match_torchs_recursive_forms() -> None:
    # ExponentialLR: η_t = γ·η_{t−1}; StepLR: ×γ when t is a multiple of step_size;
    # CosineAnnealingLR (for t ≤ T_max): η_t = η_min + (η_{t−1} − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T)).
    lr, gamma, size, t_max, eta_min = 0.3, 0.8, 3, 10, 0.01
    expo, step, cos = [lr], [lr], [lr]
    for t in range(1, t_max + 1):
        expo.append(gamma * expo[-1])
        step.append(step[-1] * (gamma if t % size == 0 else 1.0))
        ratio = (1 + np.cos(np.pi * t / t_max)) / (1 + np.cos(np.pi * (t - 1) / t_max))
        cos.append(eta_min + (cos[-1] - eta_min) * ratio)
    steps = np.arange(t_max + 1)
    np.testing.assert_allclose(exponential(lr, gamma)(steps), expo, rtol=1e-13)
    np.testing.assert_allclose(step_decay(lr, size, gamma)(steps), step, rtol=1e-13)
    np.testing.assert_allclose(cosine_annealing(lr, t_max, eta_min)(steps), cos, rtol=1e-12)


def test_scalar_in_float_out_array_in_array_out() -> None:
    for schedule in (constant(0.1), step_decay(0.1, 2), exponential(0.1, 0.9), cosine_annealing(0.1, 5)):
        assert isinstance(schedule(3), float)
        values = schedule(np.arange(4).reshape(2, 2))
        assert values.shape == (2, 2)
        assert values[1, 1] == schedule(3)


def test_registry() -> None:
    assert SCHEDULES == {
        "constant": constant,
        "step": step_decay,
        "exponential": exponential,
        "cosine": cosine_annealing,
    }


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: constant(-0.1), "Invalid learning rate"),
        (lambda: step_decay(0.1, step_size=0), "Invalid step_size"),
        (lambda: step_decay(0.1, step_size=2, gamma=1.5), "Invalid gamma"),
        (lambda: exponential(0.1, gamma=0.0), "Invalid gamma"),
        (lambda: cosine_annealing(0.1, T_max=0), "Invalid T_max"),
        (lambda: cosine_annealing(0.1, T_max=5, eta_min=0.2), "Invalid eta_min"),
        (lambda: constant(0.1)(-1), "counted from 0"),
    ],
)
def test_bad_settings_raise(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
