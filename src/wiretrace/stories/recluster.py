"""Rebuild every story from the stored profiles, and say how the new stories differ from the current ones.

The articles are replayed in the order they were added, each against
candidates from a fresh index (neighbours, near-copies and shared names),
exactly as `add` placed them (merges, moves, splits and the step across
languages included), with the current model and a person's corrections (`story
merge`/`split`) as constraints; and then in a few shuffled orders, and the
new stories are those most orders agree on (`consensus`). The join threshold
is the one the store's articles choose (`threshold`: their stories best
separated), from the pairs their candidates offer in the order added; it is
kept in the store, and `add` places later articles at it. With one order,
the result on an unchanged store, model and threshold is the current
stories; after a new model or threshold it is what `add` would have built.
A new story keeps the id of the old story most of its articles were in
(the new story holding most of that old story wins a contested id).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from itertools import repeat
from typing import Callable, Iterable

from cachetools import LRUCache

from ..errors import WiretraceError
from ..logistic import LogisticModel
from ..store import Store
from .cluster import (SPLIT_SIZES, Constraints, Probabilities, decide, fold, model_probabilities, part, remembered,
                      split, spread, take)
from .consensus import ORDERS, arrival_orders, consensus
from . import across
from .index import StoryIndex, specific_names
from .model import load
from .threshold import at, choose

Progress = Callable[[int, int], None]
PROFILES_KEPT = 10_000   # deserialised profiles a replay keeps (about 50 MB)


@dataclass(frozen=True)
class Move:
    article: str
    old: str | None
    new: str


@dataclass(frozen=True)
class Reclustering:
    old_stories: int
    new_stories: int
    unchanged: int                                  # stories with exactly the same articles
    split: tuple[tuple[str, tuple[str, ...]], ...]  # old story -> the new stories its articles went to
    merged: tuple[tuple[str, tuple[str, ...]], ...]  # new story -> the old stories its articles came from
    moved: tuple[Move, ...]
    ari: float                                       # adjusted Rand index, old against new
    applied: bool
    threshold: float | None = None                   # the join threshold the stories were built at
    old_threshold: float | None = None               # the store's before (None: the model's own)
    chosen: bool = False                             # whether the store's articles chose `threshold` (too few
                                                     # stories to judge keep the one before)
    asked: bool = False                              # whether they were asked to (not --keep-threshold)

    def to_json(self) -> dict:
        return {"old_stories": self.old_stories, "new_stories": self.new_stories, "unchanged": self.unchanged,
                "split": [{"story": s, "into": list(n)} for s, n in self.split],
                "merged": [{"story": s, "from": list(o)} for s, o in self.merged],
                "moved": [m.__dict__ for m in self.moved], "ari": self.ari, "applied": self.applied,
                "threshold": self.threshold, "old_threshold": self.old_threshold, "threshold_chosen": self.chosen,
                "threshold_asked": self.asked}


def recluster(store: Store, *, dry_run: bool = False, orders: int = ORDERS, choose_threshold: bool = True,
              progress: Progress | None = None) -> Reclustering:
    """Re-cluster the whole store over `orders` arrival orders (1: the order added), at the join threshold its
    articles choose (`choose_threshold`; else the one it has); write the new stories and threshold unless
    `dry_run` (one transaction)."""
    if orders < 1:
        raise WiretraceError(f"recluster needs at least one arrival order, not {orders}")
    with store.transaction():
        old = store.story_assignment()
        old_threshold = store.join_threshold()
        rowids, days = zip(*store.profile_days()) if store.profile_count() else ((), ())
        passes = orders + choose_threshold

        def step(n: int) -> Progress | None:
            return (lambda done, total: progress(n * total + done, passes * total)) if progress else None

        model = at(load(), old_threshold)
        chosen = choose(*candidate_pairs(store, list(rowids), step(0)), model) if choose_threshold else None
        model = at(model, chosen)
        runs = [replay(store, [rowids[i] for i in shuffle], step(n + choose_threshold), model)
                for n, shuffle in enumerate(arrival_orders(days, orders))]
        placed = runs[0]
        if orders > 1:
            agreed = consensus([{a: s for a, (s, _) in run.items()} for run in runs], store.story_links()[1])
            placed = {a: ("s" + agreed[a], score) for a, (_, score) in placed.items()}
        new = stable_ids(placed, old)
        result = compare(old, {a: new[s] for a, (s, _) in placed.items()}, applied=not dry_run)
        result = replace(result, threshold=model.threshold, old_threshold=old_threshold, chosen=chosen is not None,
                         asked=choose_threshold)
        if not dry_run:
            store.set_stories({a: (new[s], score) for a, (s, score) in placed.items()})
            if choose_threshold:
                store.set_join_threshold(chosen)
    return result


Scored = list[tuple[str, str, float]]   # (article, earlier candidate, join probability)


def candidate_pairs(store: Store, rowids: list[int],
                    progress: Progress | None = None) -> tuple[list[tuple[str, date | None]], Scored]:
    """The articles stored under `rowids` (id, day) in that order, and each one's pairs with the earlier articles
    its candidates offer, scored as `replay` scores them (names as rare as they were when it arrived)."""
    index = StoryIndex(None)
    score = model_probabilities(load(), index.rarity)
    members, pairs = [], []
    for n, (_, profile, _, candidates) in enumerate(_arrivals(store, rowids, index, _reader(store))):
        if candidates:
            pairs += zip(repeat(profile.article_id), [c.article_id for c in candidates],
                         score(profile, candidates).tolist())
        members.append((profile.article_id, profile.day))
        if progress:
            progress(n + 1, len(rowids))
    return members, pairs


def _arrivals(store: Store, rowids: Iterable[int], index: StoryIndex, read: Callable[[Iterable[int]], list]):
    """Each profile stored under `rowids`, in that order, with its candidates' rowids and profiles as `add` found
    them (the names counted as they arrive); it joins `index` once the caller is done with it."""
    for rowid, profile in store.profiles_in(rowids):
        names = specific_names(profile)
        found = index.candidates(profile.embedding, profile.text_hash, hashes=store.text_hashes, names=names)
        candidates = read(found)
        index.names.counts(names.union(*map(specific_names, candidates)))   # read at once, not pair by pair
        yield rowid, profile, found, candidates
        index.add(rowid, profile.embedding, profile.text_hash, names)


def replay(store: Store, rowids: list[int] | None = None, progress: Progress | None = None,
           model: LogisticModel | None = None) -> dict[str, tuple[str, float]]:
    """Article id -> (provisional story id, score), placing the profiles stored under `rowids` in that order (all,
    in the order they were added, by default), with `model` (the shipped one at the store's threshold by
    default)."""
    model = model or at(load(), store.join_threshold())
    together, apart, made = store.story_corrections()
    constraints = Constraints(together, apart, made, store.added_times() if made else {})
    index = StoryIndex(None)
    story_of: dict[str, str] = {}
    score: dict[str, float] = {}
    rowid_of: dict[str, int] = {}
    members: dict[str, list[tuple[int, str]]] = {}     # story -> (placement, article id) in placement order
    rowids = [r for r, _ in store.profile_days()] if rowids is None else rowids
    # names weigh as in `add`: as rare as they were when each article arrived (the replay's own counts)
    agreement = remembered(model_probabilities(model, index.rarity), LRUCache(200_000))
    read = _reader(store)

    def head(story_id: str) -> list:
        return read(rowid_of[a] for _, a in spread(members[story_id]))

    crossing = across.Replay(store, story_of)
    for placed, (rowid, profile, found, candidates) in enumerate(_arrivals(store, rowids, index, read)):
        decision = decide(profile, candidates, story_of, model, constraints, agreement, head)
        decision = across.joined(store, profile, found, decision, constraints, crossing)
        chosen = decision.story or "s" + profile.article_id
        story_of[profile.article_id], score[profile.article_id] = chosen, decision.score
        rowid_of[profile.article_id] = rowid
        members.setdefault(chosen, []).append((placed, profile.article_id))
        story = fold([chosen, *decision.merged], story_of, members, lambda s: min(members[s])[0], lambda m: m[1])
        take(story, decision.moved, story_of, members, lambda m: m[0], lambda m: m[1])
        _split(story, members, story_of, read, constraints, agreement, rowid_of)
        crossing.placed(rowid, profile.article_id)
        if progress:
            progress(placed + 1, len(rowids))
    return {a: (s, score[a]) for a, s in story_of.items()}


def _reader(store: Store, kept: int = PROFILES_KEPT) -> Callable[[Iterable[int]], list]:
    """Profiles by rowid, in the order asked, the last `kept` read kept: a replay meets a story's members and an
    article's neighbours again and again, and reading a profile back from the store costs more than scoring it."""
    cache: LRUCache = LRUCache(kept)

    def read(rowids: Iterable[int]) -> list:
        rowids = list(rowids)
        found = {r: cache[r] for r in rowids if r in cache}
        for r, profile in store.profiles_in([r for r in rowids if r not in found]):
            found[r] = cache[r] = profile
        return [found[r] for r in rowids]

    return read


def _split(story: str, members: dict[str, list[tuple[int, str]]], story_of: dict[str, str],
           read: Callable[[Iterable[int]], list], constraints: Constraints, agreement: Probabilities,
           rowid_of: dict[str, int]) -> None:
    """As `Store._split_story`: the part of `story` that reports another event becomes a story of its own."""
    if len(members[story]) not in SPLIT_SIZES:
        return
    ordered = sorted(members[story])
    leave = split(read(rowid_of[a] for _, a in ordered), constraints=constraints, probabilities=agreement)
    if not leave:
        return
    gone = [ordered[i] for i in leave]
    part(story, gone, "s" + gone[0][1], story_of, members, lambda m: m[1])


def stable_ids(placed: dict[str, tuple[str, float]], old: dict[str, str]) -> dict[str, str]:
    """Provisional story id -> final id: the old id most of its articles had, where it survives."""
    members: dict[str, list[str]] = defaultdict(list)
    for article, (story, _) in placed.items():
        members[story].append(article)
    claims = []
    for story, articles in members.items():
        counts = Counter(old[a] for a in articles if a in old)
        if counts:
            top, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            claims.append((-n, story, top))
    final: dict[str, str] = {}
    taken: set[str] = set()
    for _, story, top in sorted(claims):
        if top not in taken:
            final[story] = top
            taken.add(top)
    reserved = taken | set(old.values())
    for story, articles in members.items():
        if story not in final:
            final[story] = next((c for c in ["s" + a for a in articles] if c not in reserved), story)
            reserved.add(final[story])
    return final


def compare(old: dict[str, str], new: dict[str, str], applied: bool) -> Reclustering:
    from sklearn.metrics import adjusted_rand_score

    def groups(assignment):
        out: dict[str, set[str]] = defaultdict(set)
        for article, story in assignment.items():
            out[story].add(article)
        return out

    old_groups, new_groups = groups(old), groups(new)
    common = sorted(set(old) & set(new))
    split = tuple((s, tuple(sorted({new[a] for a in arts if a in new}))) for s, arts in sorted(old_groups.items())
                  if len({new[a] for a in arts if a in new}) > 1)
    merged = tuple((s, tuple(sorted({old[a] for a in arts if a in old}))) for s, arts in sorted(new_groups.items())
                   if len({old[a] for a in arts if a in old}) > 1)
    moved = tuple(Move(a, old.get(a), new[a]) for a in sorted(new) if old.get(a) != new[a])
    unchanged = sum(1 for s, arts in new_groups.items() if old_groups.get(s) == arts)
    ari = float(adjusted_rand_score([old[a] for a in common], [new[a] for a in common])) if common else 1.0
    return Reclustering(len(old_groups), len(new_groups), unchanged, split, merged, moved, round(ari, 6), applied)
