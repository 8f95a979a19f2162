"""Which rows each step uses: full batch, stochastic (batch of 1) or mini-batch.

Every epoch is a fresh shuffle from an explicit :class:`numpy.random.Generator`, cut into batches
of ``batch_size`` rows (the last one smaller when ``batch_size`` does not divide n, as a PyTorch
DataLoader with ``shuffle=True, drop_last=False``). The same seed gives the same stream.

>>> rng = np.random.default_rng(0)
>>> [(len(idx), epoch) for idx, epoch in itertools.islice(index_stream(5, 2, rng), 4)]
[(2, 0), (2, 0), (1, 0), (2, 1)]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from gdviz.core._types import IntArray

__all__ = ["index_stream", "steps_per_epoch"]


def steps_per_epoch(n: int, batch_size: int | None) -> int:
    """Number of updates that see every row once: ``⌈n / batch_size⌉`` (1 for full batch)."""
    if batch_size is None or batch_size >= n:
        return 1
    return -(-n // batch_size)


def index_stream(n: int, batch_size: int | None, rng: np.random.Generator) -> Iterator[tuple[IntArray, int]]:
    """Yield ``(row indices, epoch)`` forever.

    Parameters
    ----------
    n : int
        Number of rows.
    batch_size : int or None
        Rows per step; None (or ``>= n``) is full batch, 1 is stochastic.
    rng : numpy.random.Generator
        Source of the shuffles; only used when batches are smaller than n.
    """
    if n < 1:
        raise ValueError("Need at least one row")
    if batch_size is not None and batch_size < 1:
        raise ValueError(f"Invalid batch size: {batch_size} (must be at least 1)")
    if batch_size is None or batch_size >= n:
        every_row = np.arange(n)
        for epoch in itertools.count():
            yield every_row, epoch
    for epoch in itertools.count():
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            yield order[start : start + batch_size], epoch
