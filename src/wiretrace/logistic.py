"""A small logistic model kept as JSON: standardise the features, weigh them, squash.

Both learned decisions in wiretrace (is this sentence a paraphrase? does this
article join that story?) are of this kind; the weights are fitted by scripts
in `evaluation/` and shipped with the package, readable by anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LogisticModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    options: dict = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-(((x - self.mean) / self.scale) @ self.weights + self.bias)))

    def save(self, path: Path, **about) -> None:
        path.write_text(json.dumps({
            "features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "weights": self.weights.tolist(), "bias": self.bias, "threshold": self.threshold, **self.options, **about,
        }, indent=1) + "\n")

    @classmethod
    def load(cls, path: Path, features: tuple[str, ...], options: tuple[str, ...] = ()) -> "LogisticModel":
        data = json.loads(path.read_text())
        if data["features"] != list(features):
            raise ValueError(f"{path}: fitted on other features than this wiretrace computes; refit it")
        return cls(tuple(features), np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
                   float(data["bias"]), float(data["threshold"]), {k: data[k] for k in options if k in data})
