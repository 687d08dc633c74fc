"""Is sentence B a paraphrase of sentence A? A logistic model over `features.FEATURES`.

The weights in `paraphrase_model.json` were fitted on the MRPC training file by
`evaluation/paraphrase.py` (which also reports test accuracy and F1); the
model is small enough to read, and inference is a dot product.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("paraphrase_model.json")


@dataclass(frozen=True)
class ParaphraseModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path = MODEL_FILE, **about) -> None:
        path.write_text(json.dumps({
            "features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "weights": self.weights.tolist(), "bias": self.bias, "threshold": self.threshold, **about,
        }, indent=1) + "\n")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> ParaphraseModel:
    data = json.loads(path.read_text())
    if data["features"] != list(FEATURES):
        raise ValueError(f"{path}: fitted on other features; run evaluation/paraphrase.py --fit")
    return ParaphraseModel(np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
                           float(data["bias"]), float(data["threshold"]))
