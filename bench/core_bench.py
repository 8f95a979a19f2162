"""Core benchmark: gdviz's full-batch descent against the seed article 000's own NumPy loop.

Article 000 computes the gradient from the whole data set at every step,

    gradients = 2 / m * X_b.T.dot(X_b.dot(theta) - y)          # O(n) per step

while :class:`gdviz.core.LinearMSE` keeps the sufficient statistics (XᵀX/n, Xᵀy/n, yᵀy/n) after one
pass over the data, so each step costs O(d²) whatever n is:

    ∇L(θ) = 2 · (XᵀX/n · θ − Xᵀy/n)

Same data, same start, same learning rate, same number of steps: the final θ must agree to rounding.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.common import median
from gdviz import owndata
from gdviz.core import LinearMSE, descend
from gdviz.core.rules import gd

LEARNING_RATE = 0.1  # article 000's value
STEPS = 200
SEED_STEPS = 20  # enough to time the article's loop per step without waiting for it


def seed_gradient_descent(X, y, theta, learning_rate, num_iterations):  # noqa: N803 (the article's names)
    """Article 000's loop, verbatim (its ``theta -= ...`` updates the array in place)."""
    m = len(y)
    for _iteration in range(num_iterations):
        gradients = 2 / m * X.T.dot(X.dot(theta) - y)
        theta -= learning_rate * gradients
    return theta


def seed_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Article 000's synthetic data at size n: x ~ U(0, 2), y = 4 + 3x + N(0, 1); and its random θ₀ (b, w)."""
    rng = np.random.RandomState(seed)
    x = 2 * rng.rand(n, 1)
    y = 4 + 3 * x + rng.randn(n, 1)
    theta0 = rng.randn(2, 1)
    return x, y, theta0


def _timed(fn: Callable[[], Any], repeats: int, *, warmup: bool = True, best: bool = False) -> tuple[float, Any]:
    """Wall time in seconds over ``repeats`` calls (median, or the best with ``best``), and the last result.

    One untimed call first (``warmup``): the first touch of freshly allocated memory and lazy imports
    are not what a step costs. ``best`` is timeit's advice for small costs on a busy machine: other
    work only ever adds time, so the fastest run is the closest to the cost itself.
    """
    times, result = [], None
    if warmup:
        fn()
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return (min(times) if best else float(median(times))), result


def _seed_run(x: np.ndarray, y: np.ndarray, theta0: np.ndarray, steps: int) -> np.ndarray:
    x_b = np.c_[np.ones((len(x), 1)), x]  # the article's "add the bias column" step
    return seed_gradient_descent(x_b, y, theta0.copy(), LEARNING_RATE, steps)


def _gdviz_run(x: np.ndarray, y: np.ndarray, theta0: np.ndarray, steps: int) -> np.ndarray:
    obj = LinearMSE(x.ravel(), y.ravel(), intercept=True)  # one O(n) pass: the sufficient statistics
    # gdviz orders θ as [w, b]; the article as [b, w].
    return descend(obj, gd(LEARNING_RATE), [theta0[1, 0], theta0[0, 0]], steps=steps).theta[-1]


def versus_seed(n: int, repeats: int) -> dict[str, Any]:
    """Article 000's loop vs gdviz (including building LinearMSE) on the same n points, 200 steps.

    The two are timed in turn, ``repeats`` rounds, and the speed-up is the median of the rounds' ratios,
    so a burst of other work on the machine hits one round of both rather than one side only.
    """
    x, y, theta0 = seed_data(n)
    obj = LinearMSE(x.ravel(), y.ravel(), intercept=True)
    start = [theta0[1, 0], theta0[0, 0]]
    seed_times, gdviz_times, descent_times, ratios, descent_ratios = [], [], [], [], []
    seed_theta = gdviz_theta = None
    for _ in range(repeats):
        # The seed loop takes a second or more at this size; its first-touch cost is lost in the noise.
        seed_s, seed_theta = _timed(lambda: _seed_run(x, y, theta0, STEPS), 1, warmup=False)
        gdviz_s, gdviz_theta = _timed(lambda: _gdviz_run(x, y, theta0, STEPS), 5)
        descent_s, _ = _timed(lambda: descend(obj, gd(LEARNING_RATE), start, steps=STEPS), 5)
        seed_times.append(seed_s)
        gdviz_times.append(gdviz_s)
        descent_times.append(descent_s)
        ratios.append(seed_s / gdviz_s)
        descent_ratios.append(seed_s / descent_s)
    seed_wb = np.array([seed_theta[1, 0], seed_theta[0, 0]])
    rel_diff = float(np.max(np.abs(gdviz_theta - seed_wb) / np.maximum(np.abs(seed_wb), 1e-300)))
    return {
        "n": n,
        "steps": STEPS,
        "rounds": repeats,
        "seed_s": median(seed_times),
        "gdviz_s": median(gdviz_times),
        "gdviz_descent_only_s": median(descent_times),
        "ratio": median(ratios),
        "ratio_descent_only": median(descent_ratios),
        "seed_theta_wb": seed_wb.tolist(),
        "gdviz_theta_wb": [float(v) for v in gdviz_theta],
        "max_rel_diff": rel_diff,
        "equal": bool(np.allclose(gdviz_theta, seed_wb, rtol=1e-9, atol=1e-12)),
    }


def step_cost(ns: tuple[int, ...], steps: int, repeats: int) -> list[dict[str, Any]]:
    """Microseconds per descent step (LinearMSE already built, best of ``repeats``) at each n, next to the seed
    loop's."""
    rows = []
    for n in ns:
        x, y, theta0 = seed_data(n)
        obj = LinearMSE(x.ravel(), y.ravel(), intercept=True)
        start = [theta0[1, 0], theta0[0, 0]]
        total, _ = _timed(
            lambda obj=obj, start=start: descend(obj, gd(LEARNING_RATE), start, steps=steps), repeats, best=True
        )
        x_b = np.c_[np.ones((n, 1)), x]
        seed_total, _ = _timed(
            lambda x_b=x_b, y=y, theta0=theta0: seed_gradient_descent(x_b, y, theta0.copy(), LEARNING_RATE, SEED_STEPS),
            repeats,
            best=True,
        )
        rows.append({"n": n, "gdviz_step_us": total / steps * 1e6, "seed_step_us": seed_total / SEED_STEPS * 1e6})
    return rows


def grid_cost(ns: tuple[int, ...], size: int, repeats: int) -> list[dict[str, Any]]:
    """Milliseconds for the MSE(w, b) surface on a size × size grid at each n (LinearMSE built; best of ``repeats``)."""
    rows = []
    for n in ns:
        x, y, _ = seed_data(n)
        obj = LinearMSE(x.ravel(), y.ravel(), intercept=True)
        w = np.linspace(-2.0, 8.0, size)
        b = np.linspace(-2.0, 10.0, size)
        seconds, surface = _timed(lambda obj=obj, w=w, b=b: obj.grid(w, b), repeats, best=True)
        assert surface.shape == (size, size)
        rows.append({"n": n, "grid": f"{size}×{size}", "ms": seconds * 1e3})
    return rows


def own_data_load(n: int, repeats: int) -> dict[str, Any]:
    """Seconds to read an n-row CSV a user uploads (bytes → rows → the lesson's dataset, sample drawn and
    every row's statistics taken), median of ``repeats``; the file is article 000's data written as a
    spreadsheet writes it, with a header."""
    x, y, _ = seed_data(n)
    data = ("x,y\n" + "\n".join(f"{a:.6f},{b:.6f}" for a, b in zip(x.ravel(), y.ravel(), strict=True))).encode()

    def load() -> Any:
        return owndata.own_dataset(owndata.read_table(data), 0, 1)

    seconds, ds = _timed(load, repeats)
    w_star, b_star = np.polyfit(x.ravel(), y.ravel(), 1)
    w, b = ds.mse().minimizer()
    assert ds.total == n and abs(w - w_star) < 1e-4 and abs(b - b_star) < 1e-4
    return {"n": n, "mb": len(data) / 2**20, "seconds": seconds, "drawn": ds.n}


def run(quick: bool) -> dict[str, Any]:
    """All core measurements. ``quick`` lowers the repeats, never the sizes the targets name."""
    print("core: article 000 loop vs gdviz at n = 10⁶ ...", flush=True)
    main = versus_seed(1_000_000, 1 if quick else 3)
    print(f"core:   {main['seed_s']:.3f} s vs {main['gdviz_s'] * 1e3:.1f} ms, ×{main['ratio']:.0f}", flush=True)
    print("core: step cost vs n ...", flush=True)
    steps = step_cost((10_000, 1_000_000), steps=500 if quick else 2000, repeats=3 if quick else 5)
    print("core: grid cost vs n ...", flush=True)
    grid = grid_cost((100, 10_000, 1_000_000), size=201, repeats=3 if quick else 7)
    print("core: loading a CSV of 10⁶ rows ...", flush=True)
    load = own_data_load(1_000_000, 1 if quick else 3)
    return {"versus_seed": main, "step_cost": steps, "grid_cost": grid, "own_data": load}
