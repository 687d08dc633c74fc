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
threshold, on the ECB+ tuning topics and the demo corpus.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..logistic import LogisticModel
from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("story_model.json")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> LogisticModel:
    return LogisticModel.load(path, FEATURES, options=("link", "merge_candidate", "merge_threshold",
                                                         "split_cross", "split_gap", "split_side"))
