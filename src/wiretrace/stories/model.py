"""The "same event?" model: a logistic model over `features.FEATURES`, fitted by evaluation/stories.py.

Fitted on the union of the labelled corpora (ECB+ topics 1-35, BASIL,
NewsWCL50, NeuS/AllSides, SemEval-2022 Task 8's English pairs, the demo
corpus with generated follow-ups and same-kind events); each corpus weighs
by the square root of its pair count, and each weight is held to the
direction of its evidence (a similarity, a shared name or closeness in time
counts only for one event, a conflict only against). Its one threshold, the join threshold
of average link (`cluster.decide`), is the one with the best mean pairwise F1
over the corpora when each is clustered by a model fitted without it. Leave
one corpus out, the figures are in docs/evaluation.md. The file also turns
on moves (`cluster.moves`, at the join threshold) and splits (`cluster.split`:
`split_cross`, `split_gap`, `split_side`), which pay on average across
corpora, and names `merge_candidate`, the score with a newcomer at which
another story is checked for a merge (`cluster.merges`); two stories merge
at the join threshold, average link's one rule. The split thresholds and
`merge_candidate` were chosen on the ECB+ tuning topics before issue 29
(evaluation/stories.py, `RULES`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..logistic import LogisticModel
from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("story_model.json")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> LogisticModel:
    return LogisticModel.load(path, FEATURES, options=("link", "merge_candidate", "merge_threshold", "moves",
                                                         "split_cross", "split_gap", "split_side"))


def join_probability(model: LogisticModel, features: np.ndarray) -> np.ndarray:
    """The probability that each pair (a row of `features.FEATURES`) reports one event."""
    return model.probability(features)
