"""Index streams: every row once per epoch, reproducible by seed."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gdviz.core.batches import index_stream, steps_per_epoch


def _take(n: int, batch_size: int | None, seed: int, count: int) -> list[tuple[np.ndarray, int]]:
    return list(itertools.islice(index_stream(n, batch_size, np.random.default_rng(seed)), count))


@pytest.mark.parametrize(
    "n, batch_size, expected", [(5, 2, 3), (5, 1, 5), (6, 4, 2), (6, 3, 2), (5, 5, 1), (5, 9, 1), (5, None, 1)]
)
def test_steps_per_epoch(n: int, batch_size: int | None, expected: int) -> None:
    # ⌈n / batch_size⌉: ⌈5/2⌉ = 3, ⌈6/4⌉ = 2, and one step when the batch is the whole data.
    assert steps_per_epoch(n, batch_size) == expected


@pytest.mark.parametrize("n, batch_size", [(5, 2), (7, 1), (10, 3), (8, 4)])
def test_every_row_once_per_epoch(n: int, batch_size: int) -> None:
    per_epoch = steps_per_epoch(n, batch_size)
    batches = _take(n, batch_size, seed=11, count=4 * per_epoch)
    for epoch in range(4):
        chunk = batches[epoch * per_epoch : (epoch + 1) * per_epoch]
        assert [e for _, e in chunk] == [epoch] * per_epoch
        rows = np.concatenate([idx for idx, _ in chunk])
        np.testing.assert_array_equal(np.sort(rows), np.arange(n))
        # Full batches first, the remainder last (as DataLoader with drop_last=False).
        sizes = [len(idx) for idx, _ in chunk]
        assert sizes == [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])


def test_epochs_are_reshuffled() -> None:
    batches = _take(20, 5, seed=0, count=8)
    first = np.concatenate([idx for idx, _ in batches[:4]])
    second = np.concatenate([idx for idx, _ in batches[4:]])
    assert not np.array_equal(first, second)


def test_same_seed_same_stream_other_seed_other_stream() -> None:
    a, b, c = (_take(20, 3, seed, 30) for seed in (4, 4, 5))
    assert all(np.array_equal(x, y) and ex == ey for (x, ex), (y, ey) in zip(a, b, strict=True))
    assert not all(np.array_equal(x, y) for (x, _), (y, _) in zip(a, c, strict=True))


def test_the_stream_is_numpys_permutation_cut_in_batches() -> None:
    rng = np.random.default_rng(9)
    expected = []
    for epoch in range(2):
        order = rng.permutation(7)
        expected += [(order[i : i + 3], epoch) for i in range(0, 7, 3)]
    got = _take(7, 3, seed=9, count=6)
    for (idx, epoch), (want, want_epoch) in zip(got, expected, strict=True):
        np.testing.assert_array_equal(idx, want)
        assert epoch == want_epoch


@pytest.mark.parametrize("batch_size", [None, 6, 50])
def test_full_batch_is_every_row_in_order_and_draws_nothing(batch_size: int | None) -> None:
    rng = np.random.default_rng(1)
    before = rng.bit_generator.state
    stream = index_stream(6, batch_size, rng)
    for epoch in range(3):
        idx, e = next(stream)
        np.testing.assert_array_equal(idx, np.arange(6))
        assert e == epoch
    assert rng.bit_generator.state == before


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        next(index_stream(0, 2, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="Invalid batch size"):
        next(index_stream(5, 0, np.random.default_rng(0)))
