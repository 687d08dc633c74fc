"""The join-or-new model: a logistic model over `features.FEATURES`, fitted by evaluation/stories.py.

Fitted on ECB+'s tuning topics (same-kind events to keep apart) and the demo
corpus (publication dates, follow-ups, hard negatives a week apart); scored on
ECB+'s validation topics, BASIL and NewsWCL50, none of which it saw. Besides
the join threshold, the file holds the two thresholds of a merge (see
`cluster.merges`): `merge_candidate`, the score a newcomer must give another
story for it to be considered, and `merge_threshold`, the mean join
probability across the two stories' members; both were chosen on the ECB+
tuning topics alone. The three thresholds of a split (see `cluster.split`),
`split_cross`, `split_gap` and `split_side`, were chosen with the join
threshold, on the ECB+ tuning topics and the demo corpus. `moves` turns on
`cluster.moves`, which has no threshold of its own (it uses the join
threshold).

A pair's join probability is the logistic model's, capped by how alike the
two leads are (`lead_gate`, low and high): the overlaps of names, places and
years grow with an article's length, so two long articles on one subject
(two Trump-Russia stories) share enough background to look like one event,
while their leads, which say what happened, do not. Below `high` lead cosine
the probability is at most (cosine - low) / (high - low); the gate was
chosen with the join and split thresholds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..logistic import LogisticModel
from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("story_model.json")
_LEAD_COSINE = FEATURES.index("cosine")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> LogisticModel:
    return LogisticModel.load(path, FEATURES, options=("link", "merge_candidate", "merge_threshold", "moves",
                                                         "split_cross", "split_gap", "split_side", "lead_gate"))


def join_probability(model: LogisticModel, features: np.ndarray) -> np.ndarray:
    """The probability that each pair (a row of `features.FEATURES`) reports one event, capped by the lead gate."""
    probability = model.probability(features)
    if "lead_gate" not in model.options:
        return probability
    low, high = model.options["lead_gate"]
    return np.minimum(probability, np.clip((features[:, _LEAD_COSINE] - low) / (high - low), 0.0, 1.0))
