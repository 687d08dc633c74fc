"""The join-or-new model: a logistic model over `features.FEATURES`, fitted by evaluation/stories.py.

Fitted on ECB+'s tuning topics (same-kind events to keep apart) and the demo
corpus (publication dates, follow-ups, hard negatives a week apart); scored on
ECB+'s validation topics, BASIL and NewsWCL50, none of which it saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("story_model.json")


@dataclass(frozen=True)
class StoryModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    link: str = "mean"

    def probability(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0)
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path = MODEL_FILE, **about) -> None:
        path.write_text(json.dumps({
            "features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "weights": self.weights.tolist(), "bias": self.bias, "threshold": self.threshold, "link": self.link,
            **about}, indent=1) + "\n")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> StoryModel:
    data = json.loads(path.read_text())
    if data["features"] != list(FEATURES):
        raise ValueError(f"{path}: fitted on other features; run evaluation/stories.py --fit")
    return StoryModel(np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
                      float(data["bias"]), float(data["threshold"]), data.get("link", "mean"))
