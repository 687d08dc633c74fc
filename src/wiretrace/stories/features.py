"""Evidence that two articles report the same real-world event.

Same-kind events share vocabulary ("shooting", "police", "magnitude") and
often a state; what tells them apart is the rest: the people, the towns, the
numbers (a 6.1 against a 5.4), the days the event is said to have happened,
the rare words of the whole text (a rarity-weighted term cosine), the
lead (its embedding cosine) and the places the title and lead name (where a
report puts its event, not the places of its background). Names count by how
rare they are (`name_weight`, on the store's or the batch's counts): a
victim's name or a small town is evidence, "Police" or "Texas" is not. Time
enters smoothly (`NEAR_DAYS`,
`NEAR_MONTHS`): no gap is ruled out, so a trial report months later that
names the accused can still join, on its names.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable, Mapping

import numpy as np
from wordfreq import zipf_frequency

from ..fingerprints import Profile, jaccard

FEATURES = ("cosine", "terms", "top_terms", "text_jaccard", "word_jaccard",
            "people", "people_conflict", "places", "places_conflict", "orgs", "shared_names",
            "numbers", "numbers_conflict", "dates", "dates_conflict", "years", "years_conflict",
            "near_days", "near_months", "gap_known", "lead_places", "lead_places_conflict")
NEAR_DAYS = 7.0     # days: the decay of the first-days closeness (a report and its same-week rewrites)
NEAR_MONTHS = 60.0  # days: the decay of the slower closeness (a follow-up weeks or months later)
COMMON_SHARE = 0.01    # a name more than 1 in 100 stored articles give is one many events share (a state, a city,
                       # a police force, a party), not one event's: it offers no candidates and weighs nothing
COMMON_FLOOR = 50      # ... once the store holds enough articles for a share to say so (5,000); before, only:
EVERYDAY_ZIPF = 4.3    # a name as frequent in English at large (wordfreq's Zipf scale) as "Houston" (4.4), "Texas"
                       # (4.9) or "police" (5.3) is common in any store, however few articles it holds yet

Rarity = Callable[[str], float]   # a name -> its weight (the store's: how few of its articles name it)


def name_rarity(document_frequency: Mapping[str, int] | Callable[[str], int], documents: int) -> Rarity:
    """`name_weight` from names' document frequencies among `documents` articles."""
    df = document_frequency.get if isinstance(document_frequency, Mapping) else document_frequency
    return lambda name: name_weight(name, df(name) or 0, documents)


def name_weight(name: str, given: int, documents: int) -> float:
    """Nothing for a common name, else log(1 + documents / articles giving it) (a name never seen counts as
    seen once): a name in one of 10,000 articles weighs about 9, one in 50 of them about 5."""
    if everyday(name) or given > max(COMMON_FLOOR, COMMON_SHARE * documents):
        return 0.0
    return math.log1p(max(documents, 1) / max(given, 1))


@lru_cache(maxsize=100_000)
def everyday(name: str) -> bool:
    return zipf_frequency(name, "en") >= EVERYDAY_ZIPF


class NameWeights:
    """`rarity` remembered per name and per name set: a newcomer meets many candidates, and a store's members
    meet many newcomers (the sets are kept, so their ids stay theirs while remembered)."""

    def __init__(self, rarity: Rarity | None = None):
        self.rarity = rarity
        self._names: dict[str, float] = {}
        self._sets: dict[int, tuple[frozenset, float]] = {}

    def __call__(self, name: str) -> float:
        if self.rarity is None:
            return 1.0
        weight = self._names.get(name)
        if weight is None:
            weight = self._names[name] = self.rarity(name)
        return weight

    def total(self, names: frozenset) -> float:
        if self.rarity is None:
            return float(len(names))
        kept = self._sets.get(id(names))
        if kept is None or kept[0] is not names:
            kept = self._sets[id(names)] = (names, sum(map(self, names)))
        return kept[1]


def _names(a: frozenset, b: frozenset, weights: NameWeights) -> tuple[float, float, float]:
    """(weighted overlap, conflict, shared weight): shared weight over the smaller side's; conflict 1 when both
    name some and share none."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    shared = sum(map(weights, a & b))
    if not shared:
        return 0.0, 1.0, 0.0
    return shared / min(weights.total(a), weights.total(b)), 0.0, shared


def _overlap(a: frozenset, b: frozenset) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), float(not shared)


def pair_features(x: Profile, y: Profile, rarity: Rarity | NameWeights | None = None) -> list[float]:
    rarity = rarity if isinstance(rarity, NameWeights) else NameWeights(rarity)
    people, people_conflict, people_shared = _names(x.people, y.people, rarity)
    places, places_conflict, places_shared = _names(x.places, y.places, rarity)
    orgs, _, orgs_shared = _names(x.orgs, y.orgs, rarity)
    gap = abs((x.day - y.day).days) if x.day and y.day else None
    return [
        float(np.dot(x.embedding, y.embedding)),
        term_cosine(x, y),
        (_contained(x.top_terms, y.term_ids) + _contained(y.top_terms, x.term_ids)) / 2,
        jaccard(x.text_hash, y.text_hash),
        jaccard(x.words_hash, y.words_hash),
        people, people_conflict, places, places_conflict, orgs,
        math.log1p(people_shared + places_shared + orgs_shared),
        *_overlap(x.numbers, y.numbers),
        *_overlap(x.dates, y.dates),
        *_overlap(x.years, y.years),
        math.exp(-gap / NEAR_DAYS) if gap is not None else 0.0,
        math.exp(-gap / NEAR_MONTHS) if gap is not None else 0.0,
        float(gap is not None),
        *_overlap(x.lead_places, y.lead_places),
    ]


def term_cosine(x: Profile, y: Profile) -> float:
    _, ix, iy = np.intersect1d(x.term_ids, y.term_ids, assume_unique=True, return_indices=True)
    return float(np.dot(x.term_weights[ix], y.term_weights[iy]))


def _contained(top: np.ndarray, ids: np.ndarray) -> float:
    """Share of one article's defining terms that the other (its ids sorted) uses at all."""
    if not len(top) or not len(ids):
        return 0.0
    return np.count_nonzero(ids[np.minimum(np.searchsorted(ids, top), len(ids) - 1)] == top) / len(top)


def feature_matrix(pairs: list[tuple[Profile, Profile]], rarity: Rarity | NameWeights | None = None) -> np.ndarray:
    weights = rarity if isinstance(rarity, NameWeights) else NameWeights(rarity)
    return np.array([pair_features(x, y, weights) for x, y in pairs],
                    dtype=np.float64).reshape(len(pairs), len(FEATURES))
