"""The join threshold a collection chooses (`stories.threshold`): its silhouette, and the choice."""

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from wiretrace.stories.cluster import cluster_scored
from wiretrace.stories.model import load
from wiretrace.stories.threshold import NOTHING, SEARCHED, Separation, best, block_silhouettes, choose, silhouette_sum


def _pairs(probs: np.ndarray, ids: list[str], scored: np.ndarray | None = None) -> list[tuple[str, str, float]]:
    upper = zip(*np.triu_indices(len(ids), 1))
    return [(ids[i], ids[j], float(probs[i, j])) for i, j in upper if scored is None or scored[i, j]]


def test_the_silhouette_is_scikit_learns_over_distances_1_minus_p():
    rng = np.random.default_rng(7)
    probs = rng.random((40, 40))
    probs = (probs + probs.T) / 2
    labels = rng.integers(0, 6, 40)
    distances = 1 - probs
    np.fill_diagonal(distances, 0)
    ids = [f"a{i}" for i in range(40)]
    ours = silhouette_sum({a: str(s) for a, s in zip(ids, labels)}, _pairs(probs, ids)) / 40
    assert ours == pytest.approx(silhouette_score(distances, labels, metric="precomputed"))


def test_a_pair_never_scored_counts_as_distance_one():
    rng = np.random.default_rng(11)
    probs = rng.random((30, 30))
    probs = (probs + probs.T) / 2
    scored = rng.random((30, 30)) < 0.3
    scored = scored | scored.T
    labels = rng.integers(0, 4, 30)
    distances = np.where(scored, 1 - probs, 1.0)
    np.fill_diagonal(distances, 0)
    ids = [f"a{i}" for i in range(30)]
    ours = silhouette_sum({a: str(s) for a, s in zip(ids, labels)}, _pairs(probs, ids, scored)) / 30
    assert ours == pytest.approx(silhouette_score(distances, labels, metric="precomputed"))


def _two_strikes(across: float) -> tuple[list, list]:
    """Two events' reports (six each, a day apart), agreeing 0.9 within an event and `across` between them."""
    members = [(f"{event}{n}", date(2024, 3, 16) + timedelta(days=n % 2)) for n in range(6) for event in "ab"]
    pairs = [(x, y, 0.9 if x[0] == y[0] else across)
             for i, (x, _) in enumerate(members) for y, _ in members[:i]]
    return members, pairs


def test_two_events_the_shipped_threshold_joins_are_kept_apart_by_their_own_separation():
    """Too alike across for a split (`cluster.split` needs a gap of more than 0.15), far apart by the collection's
    own measure: each event's reports agree better among themselves than with the other's."""
    model = load()
    members, pairs = _two_strikes(across=0.76)
    joined = cluster_scored(members, pairs, model)
    assert len(set(joined.values())) == 1, "at the shipped threshold the two events are one story"
    chosen = choose(members, pairs, model)
    apart = cluster_scored(members, pairs, replace(model, threshold=chosen))
    assert chosen > 0.76
    assert {apart[m] for m, _ in members if m[0] == "a"} != {apart[m] for m, _ in members if m[0] == "b"}
    assert len(set(apart.values())) == 2


def test_nothing_is_chosen_where_the_silhouette_cannot_judge():
    model = load()
    assert choose([("a", None), ("b", None)], [], model) is None   # nothing scored: no story of two
    members, pairs = _two_strikes(across=0.95)    # one event at every threshold: one story, nothing to compare
    assert choose(members, pairs, model) is None


def test_blocks_add_up_to_the_whole_collection():
    model = load()
    first, second = _two_strikes(across=0.5), _two_strikes(across=0.3)
    second = ([("x" + m, d) for m, d in second[0]], [("x" + a, "x" + b, p) for a, b, p in second[1]])
    whole, _ = block_silhouettes(first[0] + second[0], first[1] + second[1], model)
    parts = NOTHING + block_silhouettes(*first, model)[0] + block_silhouettes(*second, model)[0]
    assert parts.stories == whole.stories and parts.silhouettes == pytest.approx(whole.silhouettes)
    assert best(parts, 30, 24, model) in SEARCHED   # six more articles, alone in their stories


def test_ties_go_to_the_models_threshold():
    model = load()
    flat = Separation(tuple(1.0 for _ in SEARCHED), tuple(3 for _ in SEARCHED))
    assert best(flat, 10, 10, model) == model.threshold
