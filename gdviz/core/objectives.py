"""Objectives: the linear-regression MSE and the test functions of the optimizer lesson.

An objective has ``value(theta)`` and ``grad(theta)``; the linear MSE also has ``grad_at(theta, idx)``
and ``value_at(theta, idx)`` for a batch of rows. ``value`` accepts a stack of parameter vectors of
shape ``(..., d)``, so the same call evaluates one point or a whole grid for a surface; each says so with
``stacked = True`` (gdviz.core.descend asks any other objective one θ at a time).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray

__all__ = [
    "TEST_FUNCTIONS",
    "LinearMSE",
    "NarrowValley1D",
    "NonConvex1D",
    "TestFunction",
    "test_function",
]


class LinearMSE:
    """Mean squared error of a linear model, kept as sufficient statistics.

    ``L(θ) = mean((x @ w + b - y) ** 2)`` with ``θ = [w..., b]`` (``b`` only when ``intercept``).
    With the design matrix ``X = [x, 1]``, ``G = XᵀX / n``, ``c = Xᵀy / n`` and ``s = yᵀy / n``:

        L(θ)  = θᵀGθ − 2cᵀθ + s
        ∇L(θ) = 2(Gθ − c)
        H     = 2G

    so full-data loss and gradient cost O(d²) after one pass over the data, whatever n is.

    Parameters
    ----------
    x : array_like of shape (n,) or (n, d)
        Inputs.
    y : array_like of shape (n,)
        Targets.
    intercept : bool, default=True
        Fit ``b`` as the last parameter.
    half : bool, default=False
        Use the cost ``½·MSE`` instead (value, gradients and Hessian all halved), the convention of
        the batch-descent article (003) and of many textbooks.

    Examples
    --------
    >>> obj = LinearMSE([1.0, 2.0], [2.0, 4.0], intercept=False)
    >>> obj.value([2.0]), obj.grad([1.0]).tolist()
    (0.0, [-5.0])
    """

    stacked = True  # value takes θ of shape (..., d)

    def __init__(self, x: npt.ArrayLike, y: npt.ArrayLike, *, intercept: bool = True, half: bool = False) -> None:
        x_arr = np.asarray(x, dtype=np.float64)
        y_arr = np.asarray(y, dtype=np.float64)
        if x_arr.ndim == 1:
            x_arr = x_arr[:, None]
        if x_arr.ndim != 2 or y_arr.ndim != 1:
            raise ValueError(f"x must have shape (n,) or (n, d) and y shape (n,); got {x_arr.shape} and {y_arr.shape}")
        if x_arr.shape[0] != y_arr.shape[0]:
            raise ValueError(f"x has {x_arr.shape[0]} rows but y has {y_arr.shape[0]} values")
        if y_arr.shape[0] == 0:
            raise ValueError("Need at least one data point")
        self.intercept = intercept
        self.half = half
        # 2 for the MSE, 1 for ½·MSE: the factor the gradient carries.
        self._k = 1.0 if half else 2.0
        self.n = int(y_arr.shape[0])
        self._x = x_arr
        self._y = y_arr
        self._design_cache: FloatArray | None = None
        # The statistics straight from x, without building [x, 1]: one pass over the data, no copy.
        xtx = x_arr.T @ x_arr / self.n
        xty = x_arr.T @ y_arr / self.n
        if intercept:
            x_mean = x_arr.mean(axis=0)
            self.gram: FloatArray = np.block([[xtx, x_mean[:, None]], [x_mean[None, :], np.ones((1, 1))]])
            self.xty: FloatArray = np.append(xty, y_arr.mean())
        else:
            self.gram = xtx
            self.xty = xty
        self.yty: float = float(y_arr @ y_arr / self.n)
        # A NaN or an infinity anywhere in the data (or numbers too large to square) makes the
        # statistics non-finite: checking them costs O(d²) instead of another pass over the data.
        if not (np.isfinite(self.gram).all() and np.isfinite(self.xty).all() and np.isfinite(self.yty)):
            raise ValueError("x and y must be finite numbers (no NaN or infinity) small enough to square")

    def _design(self) -> FloatArray:
        """The design matrix ``[x, 1]`` (or ``x``), built on first need: only per-row work uses it."""
        if self._design_cache is None:
            self._design_cache = np.hstack([self._x, np.ones((self.n, 1))]) if self.intercept else self._x
        return self._design_cache

    @property
    def dim(self) -> int:
        """Number of parameters ``d`` (features, plus one for the intercept)."""
        return int(self.gram.shape[0])

    def value(self, theta: npt.ArrayLike) -> float | FloatArray:
        """Full-data loss at ``theta`` of shape (d,) -> float, or (..., d) -> ndarray of shape (...)."""
        t = np.asarray(theta, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            quad = t @ self.gram @ t if t.ndim == 1 else np.einsum("...i,ij,...j->...", t, self.gram, t)
            loss = quad - 2.0 * (t @ self.xty) + self.yty
            # The expanded form can round a hair below zero at the exact minimum.
            loss = np.maximum(loss, 0.0) * (self._k / 2.0)
        return float(loss) if loss.ndim == 0 else loss

    def grad(self, theta: npt.ArrayLike) -> FloatArray:
        """Full-data gradient ``2(Gθ − c)`` (``Gθ − c`` for ½·MSE): shape (d,) -> (d,), or one per
        row for ``theta`` of shape (m, d) -> (m, d)."""
        t = np.asarray(theta, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            product = self.gram @ t if t.ndim == 1 else t @ self.gram  # G is symmetric: row·G = (G·θ)ᵀ
            return self._k * (product - self.xty)

    def residuals(self, theta: npt.ArrayLike, idx: npt.ArrayLike | None = None) -> FloatArray:
        """Signed per-point error ``ŷ − y`` of the rows ``idx`` (all rows when None)."""
        t = np.asarray(theta, dtype=np.float64)
        rows = slice(None) if idx is None else np.asarray(idx)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._design()[rows] @ t - self._y[rows]

    def value_at(self, theta: npt.ArrayLike, idx: npt.ArrayLike) -> float:
        """Loss on the batch of rows ``idx``: ``mean(r_i²)`` (halved for ½·MSE)."""
        return self.loss_grad_at(theta, idx)[0]

    def grad_at(self, theta: npt.ArrayLike, idx: npt.ArrayLike) -> FloatArray:
        """Gradient on the batch of rows ``idx``: ``2 X_Bᵀ r_B / |B|`` (no 2 for ½·MSE)."""
        return self.loss_grad_at(theta, idx)[1]

    def loss_grad_at(self, theta: npt.ArrayLike, idx: npt.ArrayLike) -> tuple[float, FloatArray]:
        """:meth:`value_at` and :meth:`grad_at` of one batch from one pass over its rows: a
        stochastic run takes a thousand steps, each on a row or a few, so the rows are gathered once
        and the sums are dot products."""
        rows = np.asarray(idx)
        x = self._design()[rows]
        with np.errstate(over="ignore", invalid="ignore"):
            r = x @ np.asarray(theta, dtype=np.float64) - self._y[rows]
            m = rows.shape[0]
            return float(r @ r) / m * (self._k / 2.0), self._k * (r @ x) / m

    def hessian(self) -> FloatArray:
        """The constant Hessian ``2G`` (``G`` for ½·MSE), shape (d, d)."""
        return self._k * self.gram

    def stability_limit(self) -> float:
        """Largest learning rate for which plain gradient descent converges: ``2 / λmax(H)``."""
        return float(2.0 / np.linalg.eigvalsh(self.hessian())[-1])

    def minimizer(self) -> FloatArray:
        """The least-squares θ* (minimum-norm when the problem is rank deficient)."""
        return np.linalg.lstsq(self._design(), self._y, rcond=None)[0]

    def grid(self, w: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
        """Loss on the grid ``w × b`` for a one-feature model: shape ``(len(b), len(w))``.

        Rows run over ``b`` and columns over ``w``, as Plotly's ``z`` expects for ``x=w, y=b``.
        For a model without intercept and two features, ``w`` and ``b`` are the two weights.
        """
        if self.dim != 2:
            raise ValueError(f"A 2-D grid needs exactly two parameters; this model has {self.dim}")
        ww, bb = np.meshgrid(np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
        return np.asarray(self.value(np.stack([ww, bb], axis=-1)))

    def curve_w(self, w: npt.ArrayLike, *, b: float = 0.0) -> FloatArray:
        """The 1-D curve MSE(w) with the intercept held at ``b`` (ignored without intercept)."""
        w_arr = np.asarray(w, dtype=np.float64)
        if self.intercept:
            if self.dim != 2:
                raise ValueError("MSE(w) needs a one-feature model")
            thetas = np.stack([w_arr, np.full_like(w_arr, b)], axis=-1)
        else:
            if self.dim != 1:
                raise ValueError("MSE(w) needs a one-feature model")
            thetas = w_arr[..., None]
        return np.asarray(self.value(thetas))

    def slope_w(self, w: npt.ArrayLike, *, b: float = 0.0) -> float | FloatArray:
        """The slope dL/dw of :meth:`curve_w`, the tangent's slope at ``w`` with ``b`` held fixed.

        With ``G = XᵀX / n`` and ``c = Xᵀy / n``, ``dL/dw = 2(G_ww·w + G_wb·b − c_w)``, which is
        ``2/n Σ xᵢ(w·xᵢ + b − yᵢ)`` (halved for ½·MSE); ``b`` is ignored without intercept.

        Examples
        --------
        >>> LinearMSE([1.0, 2.0], [2.0, 4.0], intercept=False).slope_w(1.0)
        -5.0
        """
        if self.dim != (2 if self.intercept else 1):
            raise ValueError("The slope of MSE(w) needs a one-feature model")
        w_arr = np.asarray(w, dtype=np.float64)
        offset = self.gram[0, 1] * b if self.intercept else 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            slope = self._k * (self.gram[0, 0] * w_arr + offset - self.xty[0])
        return float(slope) if slope.ndim == 0 else slope

    def best_w(self, *, b: float = 0.0) -> float:
        """The bottom of :meth:`curve_w`: the w where ``slope_w`` is 0 with ``b`` held fixed,
        ``w* = (c_w − G_wb·b) / G_ww`` (``Σxy / Σx²`` through the origin).

        Raises
        ------
        ValueError
            If every x is 0, so that MSE(w) is flat and has no single bottom.
        """
        if self.dim != (2 if self.intercept else 1):
            raise ValueError("The bottom of MSE(w) needs a one-feature model")
        if self.gram[0, 0] == 0.0:
            raise ValueError("Every x is 0: MSE(w) is flat and has no single lowest w")
        offset = self.gram[0, 1] * b if self.intercept else 0.0
        return float((self.xty[0] - offset) / self.gram[0, 0])


# ---------------------------------------------------------------------------------------------
# Test functions for the optimizer lesson: value and exact gradient, vectorised over (..., 2).


@dataclass(frozen=True)
class TestFunction:
    """A 2-D test surface ``f(θ)`` with its exact gradient.

    Attributes
    ----------
    name : str
        Key used by :func:`test_function`.
    formula : str
        The function as plain text, e.g. ``"x² − y²"``.
    x_range, y_range : tuple[float, float]
        The window the lessons draw.
    start : tuple[float, float]
        A start point that shows the surface's lesson.
    minima : tuple[tuple[float, float], ...]
        Known minimisers (empty when unbounded below, as for the saddle).
    """

    __test__ = False  # not a pytest test class, despite the name
    stacked = True  # value takes θ of shape (..., d)

    name: str
    formula: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]

    @property
    def dim(self) -> int:
        return 2

    def value(self, theta: npt.ArrayLike) -> float | FloatArray:
        t = np.asarray(theta, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            v = _VALUES[self.name](t[..., 0], t[..., 1])
        return float(v) if np.ndim(v) == 0 else v

    def grad(self, theta: npt.ArrayLike) -> FloatArray:
        t = np.asarray(theta, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            gx, gy = _GRADS[self.name](t[..., 0], t[..., 1])
        return np.stack([gx, gy], axis=-1)


def _plateau_value(x: FloatArray, y: FloatArray) -> FloatArray:
    return 1.0 - np.exp(-(x**2 + y**2) / 4.0) + 0.0 * x


def _plateau_grad(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    e = np.exp(-(x**2 + y**2) / 4.0)
    return 0.5 * x * e, 0.5 * y * e


_VALUES = {
    "elongated": lambda x, y: 0.5 * x**2 + 10.0 * y**2,
    "saddle": lambda x, y: x**2 - y**2,
    "rosenbrock": lambda x, y: (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2,
    "plateau": _plateau_value,
}

_GRADS = {
    "elongated": lambda x, y: (x, 20.0 * y),
    "saddle": lambda x, y: (2.0 * x, -2.0 * y),
    "rosenbrock": lambda x, y: (
        -2.0 * (1.0 - x) - 400.0 * x * (y - x**2),
        200.0 * (y - x**2),
    ),
    "himmelblau": lambda x, y: (
        4.0 * x * (x**2 + y - 11.0) + 2.0 * (x + y**2 - 7.0),
        2.0 * (x**2 + y - 11.0) + 4.0 * y * (x + y**2 - 7.0),
    ),
    "plateau": _plateau_grad,
}

TEST_FUNCTIONS: dict[str, TestFunction] = {
    "elongated": TestFunction("elongated", "½x² + 10y²", (-10.0, 10.0), (-3.0, 3.0), (-9.0, 2.0), ((0.0, 0.0),)),
    "saddle": TestFunction("saddle", "x² − y²", (-2.0, 2.0), (-2.0, 2.0), (-1.5, 1e-3), ()),
    "rosenbrock": TestFunction(
        "rosenbrock", "(1 − x)² + 100(y − x²)²", (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.0), ((1.0, 1.0),)
    ),
    "himmelblau": TestFunction(
        "himmelblau",
        "(x² + y − 11)² + (x + y² − 7)²",
        (-5.0, 5.0),
        (-5.0, 5.0),
        (0.0, 0.0),
        ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127)),
    ),
    "plateau": TestFunction("plateau", "1 − exp(−(x² + y²)/4)", (-8.0, 8.0), (-8.0, 8.0), (6.0, 5.0), ((0.0, 0.0),)),
}


def test_function(name: str) -> TestFunction:
    """Return the 2-D test function called ``name`` (see :data:`TEST_FUNCTIONS`)."""
    try:
        return TEST_FUNCTIONS[name]
    except KeyError:
        raise KeyError(f"Unknown test function {name!r}; choose one of {', '.join(TEST_FUNCTIONS)}") from None


test_function.__test__ = False  # type: ignore[attr-defined]


class _Curve1D:
    """A 1-D test curve: subclasses give ``f(w)`` and ``f'(w)``; this gives the objective interface,
    vectorised over θ of shape (..., 1)."""

    stacked = True

    @property
    def dim(self) -> int:
        return 1

    def value(self, theta: npt.ArrayLike) -> float | FloatArray:
        w = np.asarray(theta, dtype=np.float64)[..., 0]
        with np.errstate(over="ignore", invalid="ignore"):
            v = self.f(w)
        return float(v) if np.ndim(v) == 0 else v

    def grad(self, theta: npt.ArrayLike) -> FloatArray:
        w = np.asarray(theta, dtype=np.float64)[..., 0:1]
        with np.errstate(over="ignore", invalid="ignore"):
            return self.df(w)

    @property
    def extrema(self) -> tuple[tuple[float, str], ...]:
        """Where the curve is flat and what is there: ``(w, "local_min" | "local_max" | "global_min")``."""
        return tuple((float(getattr(self, kind)), kind) for kind in ("local_min", "local_max", "global_min"))

    @staticmethod
    def f(w: FloatArray) -> FloatArray:
        raise NotImplementedError

    @staticmethod
    def df(w: FloatArray) -> FloatArray:
        raise NotImplementedError


@dataclass(frozen=True)
class NonConvex1D(_Curve1D):
    """A 1-D curve with a local and a global minimum and a local maximum between them.

    ``f(w) = w⁴/4 − w³/3 − w² + 2``, ``f'(w) = w³ − w² − 2w = w(w − 2)(w + 1)``:
    a local minimum at w = −1 (f = 19/12), a local maximum at w = 0 (f = 2) and the global
    minimum at w = 2 (f = −2/3).
    """

    x_range: tuple[float, float] = (-2.0, 3.0)
    local_min: float = -1.0
    local_max: float = 0.0
    global_min: float = 2.0

    @staticmethod
    def f(w: FloatArray) -> FloatArray:
        return w**4 / 4.0 - w**3 / 3.0 - w**2 + 2.0

    @staticmethod
    def df(w: FloatArray) -> FloatArray:
        return w**3 - w**2 - 2.0 * w


@dataclass(frozen=True)
class NarrowValley1D(_Curve1D):
    """A wide, shallow valley beside a narrow, deeper one: the curve a coarse search steps over.

    ``f(w) = w²/8 − 1.2·exp(−12.5·(w − 2)²)``, a parabola with a Gaussian dip of width σ = 0.2 at
    w = 2. A local minimum at w = 0 (f = 0), a local maximum at w ≈ 1.4467 and the global minimum
    at w ≈ 1.9834 (f ≈ −0.7041), whose valley is under 1 wide: a grid, or the first round of a
    divide-and-conquer search, whose points straddle it lands in the wide valley instead.
    """

    x_range: tuple[float, float] = (-3.0, 3.0)
    local_min: float = 0.0
    local_max: float = 1.4467361
    global_min: float = 1.9834146

    @staticmethod
    def f(w: FloatArray) -> FloatArray:
        return w**2 / 8.0 - 1.2 * np.exp(-12.5 * (w - 2.0) ** 2)

    @staticmethod
    def df(w: FloatArray) -> FloatArray:
        return w / 4.0 + 30.0 * (w - 2.0) * np.exp(-12.5 * (w - 2.0) ** 2)
