"""The judge's learned weights: the sentence-act tagger and the sentence-boundary model.

Both are linear models trained by `scripts/train_tagger.py` from the
labelled corpus (`tests/corpus/`), reproducibly, and shipped as one small
package data file (`judge/tagger.npz`). Inference is plain numpy. This is
the only file the judge reads, and it is its own: never a user's.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

WEIGHTS_FILE = "tagger.npz"


@dataclass(frozen=True)
class LinearModel:
    """One-vs-rest logistic regression over named binary features."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: npt.NDArray[np.float32]
    """One row per feature, one column per label."""

    bias: npt.NDArray[np.float32]

    def scores(self, features: list[str]) -> npt.NDArray[np.float32]:
        """The raw score of each label (before the sigmoid)."""
        rows = [i for i in map(self.index.get, features) if i is not None]
        total = self.bias.copy()
        if rows:
            total += self.weights[rows].sum(axis=0)
        return total

    def probabilities(self, features: list[str]) -> npt.NDArray[np.float32]:
        z = np.clip(self.scores(features), -30.0, 30.0)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def contributions(self, features: list[str], label: str) -> list[tuple[str, float]]:
        """The features that fired, with their weight for `label`, heaviest first."""
        col = self.labels.index(label)
        fired = [(f, float(self.weights[self.index[f], col])) for f in dict.fromkeys(features) if f in self.index]
        return sorted(fired, key=lambda fw: -abs(fw[1]))


@dataclass(frozen=True)
class BoundaryModel:
    """Is there a sentence break before token i? From the words around the gap."""

    model: LinearModel

    def probability(self, tokens: list[str], i: int) -> float:
        p = float(self.model.probabilities(boundary_features(tokens, i))[0])
        return p if math.isfinite(p) else 0.0


def boundary_features(tokens: list[str], i: int) -> list[str]:
    """Features of the gap before `tokens[i]`."""

    def at(k: int) -> str:
        return tokens[k] if 0 <= k < len(tokens) else "<edge>"

    p3, p2, p1, n1, n2, n3 = at(i - 3), at(i - 2), at(i - 1), at(i), at(i + 1), at(i + 2)
    return [
        f"p1={p1}",
        f"n1={n1}",
        f"p2={p2}",
        f"n2={n2}",
        f"p1n1={p1}_{n1}",
        f"n1n2={n1}_{n2}",
        f"p2p1={p2}_{p1}",
        f"p3={p3}",
        f"n3={n3}",
        f"n1n2n3={n1}_{n2}_{n3}",
        f"p2p1n1={p2}_{p1}_{n1}",
        f"p1n1n2={p1}_{n1}_{n2}",
    ]


def pack(model: LinearModel, prefix: str) -> dict[str, Any]:
    """Arrays to save for `model` under `prefix` (used by the training script)."""
    names = sorted(model.index, key=model.index.__getitem__)
    return {
        f"{prefix}_labels": np.array(model.labels),
        f"{prefix}_features": np.array(names),
        f"{prefix}_weights": model.weights.astype(np.float16),
        f"{prefix}_bias": model.bias.astype(np.float32),
    }


def unpack(data: Any, prefix: str) -> LinearModel:
    names = [str(n) for n in data[f"{prefix}_features"]]
    return LinearModel(
        tuple(str(x) for x in data[f"{prefix}_labels"]),
        {n: i for i, n in enumerate(names)},
        np.asarray(data[f"{prefix}_weights"], dtype=np.float32),
        np.asarray(data[f"{prefix}_bias"], dtype=np.float32),
    )


@lru_cache(maxsize=1)
def _load() -> dict[str, LinearModel]:
    raw = resources.files("mockloop.judge").joinpath(WEIGHTS_FILE).read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as data:
        return {p: unpack(data, p) for p in ("acts", "boundary", "pushback")}


def warm() -> None:
    """Load the weights now (about 0.1 s on this machine, more on a busy one), so that the
    first answer's reply is not late by that much (it tags the answer's sentences)."""
    _load()


def act_model() -> LinearModel:
    return _load()["acts"]


def boundary_model() -> BoundaryModel:
    return BoundaryModel(_load()["boundary"])


def pushback_model() -> LinearModel:
    return _load()["pushback"]
