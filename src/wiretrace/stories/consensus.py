"""Stories that several arrival orders agree on: what `recluster` builds when it may take its time.

Online clustering depends on the order articles arrive in: a stray report
that comes early can open a story the event's later reports split around,
and a split check sees a story only at the sizes it passes through. Placing
the same articles in a few orders and keeping the groupings most of them
share removes most of that luck: on ECB+'s tuning topics, one order scores
pairwise F1 0.910-0.941, the consensus of seven 0.952-0.960 (docs/evaluation.md).

The consensus is average-link clustering of the co-association (the share
of orders that put two articles in one story), cut where the average falls
below `AGREE`, run inside each group of articles that some order put
together, so memory grows with the largest such group, not the store
(past `LARGEST` articles, the first order's stories stand).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ORDERS = 7       # the order given and six shuffles: chosen on the ECB+ tuning topics (docs/evaluation.md)
AGREE = 0.5      # a majority of orders, on average over two groups' pairs: chosen on the ECB+ tuning topics
_APART = 1e6     # distance of a pair a person kept apart: no average over real pairs outweighs it
LARGEST = 10_000   # articles some order put together, above which the first order's stories stand: the
                   # consensus of 10,000 takes 1.7 GB and 11 s, and order luck matters least in a story that large


def arrival_orders(days: Sequence[date | None], orders: int = ORDERS, seed: int = 0) -> list[list[int]]:
    """Positions of articles published on `days` in the order given, then `orders` - 1 seeded shuffles that keep
    publication order: reports of one day in any order, an undated one anywhere. A report placed before the
    ones it follows up is not an order the press could have produced, and costs more than it teaches (story ARI
    on 1,000 generated articles: 0.88-0.92 for full shuffles, 0.976-0.981 for these)."""
    rng = random.Random(seed)
    known = [d.toordinal() for d in days if d is not None]
    first, last = (min(known), max(known) + 1) if known else (0, 1)
    out = [list(range(len(days)))]
    for _ in range(orders - 1):
        keys = [d.toordinal() + rng.random() if d is not None else rng.uniform(first, last) for d in days]
        out.append(sorted(range(len(days)), key=keys.__getitem__))
    return out


def consensus(runs: Sequence[dict[str, str]], apart: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """Article id -> story id (the id of its story's first article in `runs[0]`'s key order) that most runs (each
    article id -> story id, over the same articles) agree on; no story holds a pair of `apart`."""
    articles = list(runs[0])
    if not articles:
        return {}
    position = {a: n for n, a in enumerate(articles)}
    heads, tails = [], []
    for run in runs:
        first: dict[str, int] = {}
        for a, story in run.items():
            heads.append(position[a])
            tails.append(first.setdefault(story, position[a]))
    links = coo_matrix((np.ones(len(heads)), (heads, tails)), shape=(len(articles), len(articles)))
    _, component = connected_components(links, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for n, c in enumerate(component.tolist()):
        groups[c].append(n)
    kept_apart = defaultdict(set)
    for a, b in apart:
        if a in position and b in position:
            kept_apart[position[a]].add(position[b])
            kept_apart[position[b]].add(position[a])
    story_of: dict[str, str] = {}
    for members in groups.values():
        for part in _agreed([articles[n] for n in members], runs, [kept_apart[n] for n in members], position):
            for a in part:
                story_of[a] = articles[min(position[x] for x in part)]
    return story_of


def _agreed(members: list[str], runs: Sequence[dict[str, str]], apart: list[set[int]],
            position: dict[str, int]) -> list[list[str]]:
    from scipy.cluster.hierarchy import fcluster, linkage   # here: the CLI, which names ORDERS, starts without it
    from scipy.spatial.distance import squareform

    if len(members) == 1:
        return [members]
    if len(members) > LARGEST:
        first: dict[str, list[str]] = defaultdict(list)
        for a in members:
            first[runs[0][a]].append(a)
        return list(first.values())
    together = np.zeros((len(members), len(members)), dtype=np.float32)
    for run in runs:
        labels = np.array([run[a] for a in members])
        together += labels[:, None] == labels[None, :]
    distance = 1.0 - together / len(runs)
    local = {position[a]: i for i, a in enumerate(members)}
    for i, others in enumerate(apart):
        for o in others & local.keys():
            distance[i, local[o]] = distance[local[o], i] = _APART
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), "average"), 1.0 - AGREE, "distance")
    parts: dict[int, list[str]] = defaultdict(list)
    for a, label in zip(members, labels):
        parts[label].append(a)
    return list(parts.values())
