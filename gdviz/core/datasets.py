"""Built-in datasets, one per source lesson.

Each :class:`Dataset` carries its points, whether the lesson fits an intercept, a bilingual
title and one-line story, and the article it comes from (see ``shared/seeds``).

>>> ds = get("five_points")
>>> ds.x.tolist(), ds.y.tolist()
([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 3.0, 5.0, 7.0, 11.0])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gdviz.core._types import FloatArray
from gdviz.core.objectives import LinearMSE


@dataclass(frozen=True)
class Dataset:
    """Points of a regression problem and what they are for.

    Attributes
    ----------
    name : str
        Key used by :func:`get` and in URLs.
    x : ndarray of shape (n,) or (n, d)
        Inputs; one feature is stored flat.
    y : ndarray of shape (n,)
        Targets.
    intercept : bool
        Whether the lesson fits ``y = w·x + b`` (True) or ``y = w·x`` (False).
    title, story : dict[str, str]
        English (``"en"``) and Chinese (``"zh"``) title and one-line story.
    source : str
        The seed article the data comes from, e.g. ``"002"``.
    w_range, b_range : tuple[float, float]
        The slider ranges of the lessons (for two features: the two weights).
    w_open : float
        The w a lesson opens with: the tadpole's poor first guess at the top of its range, so that every
        point starts with a large error to read.
    b_open : float
        The b lessons 1 and 2 open with: 0 for the built-in data, the best line's b for a user's own (whose
        points may lie far from the origin), so that w alone is off.
    w_step : float
        The step of a live w control: every w on this grid is computed ahead, and a dataset of many
        points takes a coarser grid so that all its states stay small to send (docs/BENCHMARKS.md).
    start : tuple[float, float]
        Where descent starts by default, (w, b): the source article's start (001 and 000 start from
        zero; the tadpole lesson from its poor guess w = 2).
    x_label, y_label : dict[str, str]
        Axis names in both languages.
    full : (x, y) or None
        Every row when ``x`` and ``y`` are a sample drawn from more rows (a user's large file): the
        lessons' numbers come from all of them (:meth:`rows`, :meth:`mse`); :attr:`total` counts them.
    fingerprint : str
        What identifies the data in a cache: a built-in dataset's name, a hash of a user's own data.
    """

    name: str
    x: FloatArray
    y: FloatArray
    intercept: bool
    title: dict[str, str]
    story: dict[str, str]
    source: str
    w_range: tuple[float, float] = (-1.0, 5.0)
    b_range: tuple[float, float] = (-5.0, 5.0)
    w_open: float = 1.0
    b_open: float = 0.0
    w_step: float = 0.01
    start: tuple[float, float] = (0.0, 0.0)
    x_label: dict[str, str] = field(default_factory=lambda: {"en": "x", "zh": "x"})
    y_label: dict[str, str] = field(default_factory=lambda: {"en": "y", "zh": "y"})
    full: tuple[FloatArray, FloatArray] | None = field(default=None, repr=False, compare=False)
    fingerprint: str = ""
    _models: dict[bool, LinearMSE] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(self, "fingerprint", self.name)

    @property
    def n(self) -> int:
        """Number of points."""
        return int(self.y.shape[0])

    @property
    def total(self) -> int:
        """Number of rows of the data, of which ``x`` and ``y`` may be a drawn sample (see ``full``)."""
        return int(self.rows()[1].shape[0])

    @property
    def n_features(self) -> int:
        """Number of input features (1 for flat ``x``)."""
        return 1 if self.x.ndim == 1 else int(self.x.shape[1])

    def rows(self) -> tuple[FloatArray, FloatArray]:
        """Every row of the data, ``(x, y)``: the drawn points themselves unless they are a sample."""
        return self.full if self.full is not None else (self.x, self.y)

    def mse(self, intercept: bool | None = None) -> LinearMSE:
        """The lesson's loss over every row: the MSE of ``y ≈ w·x + b`` with an intercept, of ``y ≈ w·x``
        (or ``w₁x₁ + w₂x₂``) without one; ``intercept`` overrides the dataset's own.

        >>> get("five_points").mse().dim, get("tadpole").mse().dim, get("two_features").mse().dim
        (2, 1, 2)
        """
        intercept = self.intercept if intercept is None else intercept
        if intercept not in self._models:  # one pass over every row, which may be a million
            self._models[intercept] = LinearMSE(*self.rows(), intercept=intercept)
        return self._models[intercept]


def _tadpole() -> Dataset:
    # Seven days of growth. Chosen so that the best line through the origin has
    # w* = sum(x*y) / sum(x*x) = 112.6 / 140 ≈ 0.80, inside the lesson's slider range 0..2,
    # and w = 2 overshoots every point by far (the lesson's "poor fit").
    days = np.arange(1.0, 8.0)
    volume = np.array([0.9, 1.5, 2.6, 3.1, 4.2, 4.6, 5.7])
    return Dataset(
        name="tadpole",
        x=days,
        y=volume,
        intercept=False,
        title={"en": "Tadpole growth", "zh": "蝌蚪生长"},
        story={
            "en": "Seven days of a tadpole's volume: fit a line through the origin, y = w·x.",
            "zh": "蝌蚪七天的体积：用过原点的直线 y = w·x 来拟合。",
        },
        source="002",
        w_range=(0.0, 2.0),
        b_range=(-2.0, 2.0),
        w_open=2.0,
        start=(2.0, 0.0),
        x_label={"en": "day", "zh": "天数"},
        y_label={"en": "volume (mL)", "zh": "体积 (mL)"},
    )


def _five_points() -> Dataset:
    return Dataset(
        name="five_points",
        x=np.arange(1.0, 6.0),
        y=np.array([2.0, 3.0, 5.0, 7.0, 11.0]),
        intercept=True,
        title={"en": "Five points", "zh": "五个点"},
        story={
            "en": "x = 1..5, y = 2, 3, 5, 7, 11: the linear-regression example of the learning-rate lesson.",
            "zh": "x = 1..5，y = 2, 3, 5, 7, 11：学习率一文中的线性回归例子。",
        },
        source="001",
        w_range=(-1.0, 5.0),
        b_range=(-5.0, 5.0),
    )


def _synthetic_100() -> Dataset:
    # Exactly the seed article's data, drawn from NumPy's legacy global generator.
    rng = np.random.RandomState(0)
    x = 2 * rng.rand(100, 1)
    y = 4 + 3 * x + rng.randn(100, 1)
    return Dataset(
        name="synthetic_100",
        x=x[:, 0],
        y=y[:, 0],
        intercept=True,
        title={"en": "100 noisy points", "zh": "100 个带噪声的点"},
        story={
            "en": "y = 4 + 3x + noise, 100 points from np.random.seed(0), as in the NumPy linear-regression lesson.",
            "zh": "y = 4 + 3x + 噪声，np.random.seed(0) 生成的 100 个点，与 NumPy 线性回归一文相同。",
        },
        source="000",
        w_range=(-2.0, 8.0),
        b_range=(-2.0, 10.0),
        w_step=0.05,
    )


def _two_features() -> Dataset:
    return Dataset(
        name="two_features",
        x=np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]]),
        y=np.array([1.0, 2.0, 3.0]),
        intercept=False,
        title={"en": "Two features", "zh": "两个特征"},
        story={
            "en": "Three points with two strongly correlated features and no intercept: a long, narrow valley.",
            "zh": "三个点、两个高度相关的特征、没有截距：一条又长又窄的山谷。",
        },
        source="003",
        w_range=(-1.0, 2.0),
        b_range=(-1.0, 2.0),
    )


_BUILDERS = {
    "tadpole": _tadpole,
    "five_points": _five_points,
    "synthetic_100": _synthetic_100,
    "two_features": _two_features,
}

NAMES: tuple[str, ...] = tuple(_BUILDERS)

OWN = "own"
"""The name of a user's own data (gdviz.owndata) in the dataset picker and the URL."""


def get(name: str) -> Dataset:
    """Return the built-in dataset called ``name``.

    Raises
    ------
    KeyError
        If there is no such dataset; the message lists the names there are.
    """
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise KeyError(f"Unknown dataset {name!r}; choose one of {', '.join(NAMES)}") from None
    return builder()
