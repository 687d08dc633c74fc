"""Evidence that two articles report the same real-world event.

Same-kind events share vocabulary ("quake", "magnitude", "rubble") and often
a country; what tells them apart is the rest: the people, the towns, the
numbers (a 6.1 against a 5.4), the days and years named, the rare words of
the whole text (a rarity-weighted term cosine), and how far apart the reports
were published. Each feature is one of these overlaps.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..fingerprints import Profile, jaccard

FEATURES = ("cosine", "text_jaccard", "word_jaccard", "people", "people_both", "places", "places_both", "orgs",
            "numbers", "numbers_both", "dates", "dates_conflict", "gap_days_log", "gap_known", "cosine_x_places",
            "terms", "years", "years_conflict", "top_terms")


Rarity = Callable[[str], float]   # a name -> its weight (the store's: how few of its articles name it)


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _weighted_overlap(a: frozenset, b: frozenset, rarity: Rarity | None) -> float:
    """`_overlap` with each name weighed by `rarity`: a victim's name counts, "police" hardly does."""
    if rarity is None or not a or not b:
        return _overlap(a, b)
    shared = sum(rarity(n) for n in a & b)
    return shared / min(sum(rarity(n) for n in a), sum(rarity(n) for n in b)) if shared else 0.0


def pair_features(x: Profile, y: Profile, rarity: Rarity | None = None) -> list[float]:
    cos = float(np.dot(x.embedding, y.embedding))
    places = _weighted_overlap(x.places, y.places, rarity)
    gap = abs((x.day - y.day).days) if x.day and y.day else None
    first_x, first_y = next(iter(sorted(x.dates)), None), next(iter(sorted(y.dates)), None)
    return [
        cos,
        jaccard(x.text_hash, y.text_hash),
        jaccard(x.words_hash, y.words_hash),
        _weighted_overlap(x.people, y.people, rarity), float(bool(x.people and y.people)),
        places, float(bool(x.places and y.places)),
        _weighted_overlap(x.orgs, y.orgs, rarity),
        _overlap(x.numbers, y.numbers), float(bool(x.numbers and y.numbers)),
        _overlap(x.dates, y.dates),
        float(bool(x.dates and y.dates) and not (x.dates & y.dates) and first_x != first_y),
        math.log1p(gap) if gap is not None else 0.0, float(gap is not None),
        cos * places,
        term_cosine(x, y),
        float(bool(x.years & y.years)), float(bool(x.years and y.years) and not x.years & y.years),
        (_contained(x.top_terms, y.term_ids) + _contained(y.top_terms, x.term_ids)) / 2,
    ]


def term_cosine(x: Profile, y: Profile) -> float:
    _, ix, iy = np.intersect1d(x.term_ids, y.term_ids, assume_unique=True, return_indices=True)
    return float(np.dot(x.term_weights[ix], y.term_weights[iy]))


def _contained(top: np.ndarray, ids: np.ndarray) -> float:
    """Share of one article's defining terms that the other (its ids sorted) uses at all."""
    if not len(top) or not len(ids):
        return 0.0
    return np.count_nonzero(ids[np.minimum(np.searchsorted(ids, top), len(ids) - 1)] == top) / len(top)


def feature_matrix(pairs: list[tuple[Profile, Profile]], rarity: Rarity | None = None) -> np.ndarray:
    return np.array([pair_features(x, y, rarity) for x, y in pairs],
                    dtype=np.float64).reshape(len(pairs), len(FEATURES))
