"""The join threshold a collection chooses for itself: the one whose stories are best separated.

The best threshold differs by collection (out of corpus, ECB+ is best
clustered near 0.20-0.35 and NeuS near 0.65), so one fixed threshold cannot suit
every collection. A collection's stories, clustered at each threshold
`SEARCHED` by the engines' rule (`cluster.cluster_scored`), are scored by
their silhouette: how much nearer each article is to its own story than to
the next, in distance 1 - p over the pairs scored. A pair never scored counts
as distance 1: the candidates offer every pair that looks alike. No label is
used. The model's own threshold is kept where the silhouette ties it, and where
it cannot judge (fewer than two stories, or no story of two articles at any
threshold): there `best` answers None.

The engines sum each block's silhouettes (`block_silhouettes`) and pick the
best with `best`; `add` places at the threshold its store last chose (first
when it reaches `online.CHOOSE_AT` articles, then at each `recluster`).
docs/evaluation.md measures the choice, corpus by corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Collection, Iterable, Sequence

import numpy as np

from ..logistic import LogisticModel
from .cluster import cluster_scored
from .model import load

SEARCHED = tuple(float(t) for t in np.round(np.arange(0.2, 0.81, 0.05), 2))   # the thresholds the model was
                                                                              # fitted over (evaluation/stories.py)


@dataclass(frozen=True)
class Separation:
    """Per searched threshold, a block's sum of its members' silhouettes and its number of stories."""
    silhouettes: tuple[float, ...]
    stories: tuple[int, ...]

    def __add__(self, other: "Separation") -> "Separation":
        return Separation(tuple(map(float.__add__, self.silhouettes, other.silhouettes)),
                          tuple(map(int.__add__, self.stories, other.stories)))


NOTHING = Separation((0.0,) * len(SEARCHED), (0,) * len(SEARCHED))


def at(model: LogisticModel, threshold: float | None) -> LogisticModel:
    """`model` joining at `threshold` (its own where None)."""
    return model if threshold is None else replace(model, threshold=float(threshold))


def block_silhouettes(members: list[tuple[str, date | None]], scored: Sequence[tuple[str, str, float]],
                      model: LogisticModel | None = None,
                      copied: Collection[str] = ()) -> tuple[Separation, list[dict[str, str]]]:
    """A block's `Separation` and its stories (article -> story) at each searched threshold, as
    `cluster_scored` places them."""
    model = model or load()
    placed = [cluster_scored(members, scored, at(model, t), copied) for t in SEARCHED]
    return Separation(tuple(silhouette_sum(p, scored) for p in placed),
                      tuple(len(set(p.values())) for p in placed)), placed


def silhouette_sum(story_of: dict[str, str], scored: Iterable[tuple[str, str, float]]) -> float:
    """The sum over the articles of `story_of` of their silhouettes, in distance 1 - p, a pair never scored at
    distance 1; an article alone in its story scores 0 (as in scikit-learn)."""
    size = Counter(story_of.values())
    within: dict[str, float] = defaultdict(float)
    across: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for a, b, p in scored:
        sa, sb = story_of.get(a), story_of.get(b)
        if sa is None or sb is None:
            continue
        if sa == sb:
            within[a] += p
            within[b] += p
        else:
            across[a][sb] += p
            across[b][sa] += p
    total = 0.0
    for article, story in story_of.items():
        n = size[story]
        if n == 1:
            continue
        inside = 1 - within[article] / (n - 1)
        nearest = min((1 - s / size[k] for k, s in across[article].items()), default=1.0)
        far = max(inside, nearest)
        total += (nearest - inside) / far if far > 0 else 0.0
    return total


def best(separation: Separation, articles: int, in_blocks: int, model: LogisticModel | None = None) -> float | None:
    """The searched threshold with the best mean silhouette over all `articles` (those outside the blocks alone
    in their stories), the model's own on a tie; None where none can be judged (`model`'s own applies)."""
    model = model or load()
    alone = articles - in_blocks
    means = {t: s / articles for t, s, k in zip(SEARCHED, separation.silhouettes, separation.stories)
             if 2 <= k + alone <= articles - 1}
    if not means:
        return None
    return max(means, key=lambda t: (round(means[t], 9), -abs(t - model.threshold)))


def nearest(threshold: float) -> int:
    """The position in SEARCHED of the threshold nearest `threshold` (a model's own, where none was chosen)."""
    return min(range(len(SEARCHED)), key=lambda i: abs(SEARCHED[i] - threshold))


def choose(members: list[tuple[str, date | None]], scored: Sequence[tuple[str, str, float]],
           model: LogisticModel | None = None, copied: Collection[str] = ()) -> float | None:
    """The threshold a collection of `members` (id, day, in arrival order) and its scored pairs chooses; None
    where its stories cannot be judged."""
    separation, _ = block_silhouettes(members, scored, model, copied)
    return best(separation, len(members), len(members), model)
