"""Checks shared by the figure tests: a drawn (simplified) path against the exact one."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np


def distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Each point's distance to the nearest segment of ``line`` (k, 2); a single point for k = 1."""
    if line.shape[0] == 1:
        return np.linalg.norm(points - line[0], axis=1)
    a, b = line[:-1][None], line[1:][None]
    p = points[:, None]
    ab = b - a
    t = np.clip(np.sum((p - a) * ab, axis=-1) / np.maximum(np.sum(ab * ab, axis=-1), 1e-300), 0.0, 1.0)
    return np.min(np.linalg.norm(p - (a + t[..., None] * ab), axis=-1), axis=1)


def assert_draws(x, y, exact: np.ndarray, scale: Sequence[float], tolerance: float) -> None:
    """The drawn points (x, y) are rows of ``exact`` in order, start and end with its first and last
    rows, and every row of ``exact`` lies within ``tolerance`` (a fraction of ``scale``) of the line
    through them."""
    drawn = np.stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)], axis=1)
    np.testing.assert_allclose(drawn[[0, -1]], exact[[0, -1]], rtol=1e-6, atol=1e-6)
    # In order: each drawn point is found in exact after the previous one (float32 frames: near equal).
    position = 0
    for point in drawn:
        close = np.flatnonzero(np.all(np.isclose(exact[position:], point, rtol=1e-6, atol=1e-6), axis=1))
        assert close.size, f"{point} is not a point of the path (after row {position})"
        position += int(close[0])
    unit = np.asarray(scale, dtype=float)
    assert distance_to_polyline(exact / unit, drawn / unit).max() <= tolerance * (1 + 1e-6)


class Node(dict):
    """A dict read like a Plotly object: ``node.x``, ``node.marker.size`` (None when absent)."""

    def __getattr__(self, key: str) -> Any:
        return self.get(key)


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:  # a typed array as Plotly sends it
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return array.reshape(value["shape"]) if "shape" in value else array
    if isinstance(value, dict):
        return Node({k: _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def numbers(value: Any) -> np.ndarray:
    """An array of a figure as sent (a list with None for gaps, or a typed array) as floats, NaN for gaps."""
    return np.array([np.nan if v is None else v for v in _plain(value)], dtype=float)
