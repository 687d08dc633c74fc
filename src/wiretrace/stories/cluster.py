"""Online story clustering: each article joins the best story among its candidates, or opens a new one.

One rule over the "same event?" model's probabilities (`model`): a story's
score for a newcomer is its mean join probability over the story's members
(average link over all of a small story, a `spread` sample of a large one;
over the candidates alone when no members are given), and the best story
joins at the model's one threshold. One look-alike article is not enough to
pull a report into the wrong event, as single link would allow. There is no
time window: the publication gap is a feature of the model, so a follow-up
weeks later joins on its names. A person's corrections (`Constraints`) come
first: an article kept together with one already placed goes where that one
is, and a story holding an article it was kept apart from is no candidate.
After the newcomer is placed, the other candidate
stories it proves to be its event are folded in (`merges`), stray reports
of its event come over (`moves`), and a story of two events is cut in two
(`split`), each for a model file that holds their thresholds (the shipped
one does; docs/stories.md says which pay across corpora). The batch
engines run the same rule over the pairs they scored in bulk
(`cluster_scored`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Callable, Collection, Iterable, Mapping, MutableMapping, Sequence, TypeVar

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..fingerprints import Profile
from ..logistic import LogisticModel
from .features import Rarity, feature_matrix
from .model import join_probability, load

MERGE_CAP = 50     # members of each story compared for a merge or a move (`spread` over it): at most 2,500
                   # pair scorings per story pair (30 and 1,000 gave the same merges on every labelled dataset)
SPLIT_SIZES = range(6, MERGE_CAP + 1)   # story sizes checked for two events after each arrival: at most 1,225
                                        # pair scorings; a story past MERGE_CAP has held together that long
COPY_WORDS = 0.6   # word-set overlap of a near-copy (a spun copy swaps words, a report of its own chooses them)
LINKED_STORIES = 3   # stories scored over their members per arrival, the best by their candidates' mean, and the
                     # only ones checked for a merge: at most 150 pair scorings to place, and three merge checks
                     # (scoring all candidate stories made placing 5.4x slower, checking merges with all 3.5x, at
                     # 100,000 stored, benchmarks/add.py); in evaluation/stories.py, where every earlier article is a
                     # candidate, the same stories win (out of corpus, the merge bound moved NeuS 0.579 to 0.581 alone)
UNSCORED = 0.5   # a pair the batch engines never scored, in a split check: no evidence either way

Probabilities = Callable[[Profile, list[Profile]], np.ndarray]
Members = Callable[[str], list[Profile]]           # a story's members, at most MERGE_CAP (`spread`)
Agreement = Callable[[list[str | None], str], float | None]   # group (None: a new story), other
T = TypeVar("T")


@dataclass(frozen=True)
class Decision:
    story: str | None       # None: open a new story
    score: float
    candidates: int
    merged: tuple[str, ...] = ()   # other stories to fold into this one (see `survivor` for whose id stays)
    moved: tuple[str, ...] = ()    # articles of other stories that move to this one (see `moves`)


@dataclass(frozen=True)
class Constraints:
    """A person's corrections as article pairs: `together` must share a story, `apart` must not.

    A story a person made (by a merge or a split: the articles of `made`) is
    theirs: the model adds newcomers to it, but merges it with no other story,
    moves no stored article into it, and a replay places none of the articles
    stored before the person made it there (`added`: when each was stored;
    unknown, as for an arrival, counts as after).
    """

    together: tuple[tuple[str, str], ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
    made: Mapping[str, str] = field(default_factory=dict)    # article -> when a person last placed it
    added: Mapping[str, str] = field(default_factory=dict)   # article -> when it was stored
    _group: dict = field(default_factory=dict, init=False, compare=False, repr=False)   # article -> its group
    _apart: dict = field(default_factory=dict, init=False, compare=False, repr=False)   # article -> kept apart from

    def __post_init__(self):
        parent: dict[str, str] = {}

        def find(x):
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for a, b in self.together:
            parent[find(a)] = find(b)
        members = defaultdict(list)
        for x in list(parent):
            members[find(x)].append(x)
        self._group.update({x: tuple(group) for group in members.values() for x in group})
        for a, b in self.apart:
            self._apart.setdefault(a, set()).add(b)
            self._apart.setdefault(b, set()).add(a)

    def kept_together(self, a: str, b: str) -> bool:
        return b in self._group.get(a, ())

    def pinned(self, article_id: str, story_of: dict[str, str]) -> str | None:
        """The story of an already placed article this one must be with."""
        return next((story_of[m] for m in self._group.get(article_id, ()) if m in story_of), None)

    def barred(self, article_id: str, story_of: dict[str, str]) -> set[str]:
        """Stories holding an article this one (or one it must be with) must not be with, and the stories a
        person made after this one was stored."""
        group = self._group.get(article_id, (article_id,))
        barred = {story_of[o] for m in group for o in self._apart.get(m, ()) if o in story_of}
        stored = self.added.get(article_id)
        if stored is not None:
            barred |= {story_of[m] for m, made in self.made.items()
                       if m in story_of and stored <= made and m not in group}
        return barred

    def movable(self, article_id: str, into: Iterable[str], newcomer: str, story_of: dict[str, str]) -> bool:
        """Whether an article may leave its story for the newcomer's (the stories `into`): not one a person kept
        with others, nor into a story a person made, nor one kept apart from the newcomer or from a member of
        those stories."""
        if article_id in self._group or set(into) & self._made_stories(story_of):
            return False
        far = self._apart.get(article_id, set())
        return newcomer not in far and not {story_of.get(o) for o in far} & set(into)

    def parted(self, stories: Iterable[str], other: str, story_of: dict[str, str]) -> bool:
        """Whether the stories may not merge with story `other`: one of them a person made, or an article of
        `stories` kept apart from one of `other` (`story_of` must know every article named in `apart`)."""
        ours = set(stories)
        if (ours | {other}) & self._made_stories(story_of):
            return True
        return any((story_of.get(a) in ours and story_of.get(b) == other)
                   or (story_of.get(b) in ours and story_of.get(a) == other) for a, b in self.apart)

    def _made_stories(self, story_of: dict[str, str]) -> set[str]:
        return {story_of[m] for m in self.made if m in story_of}


def spread(members: Sequence[T]) -> list[T]:
    """At most MERGE_CAP of a story's members (in placement order), spread evenly from its first to its latest.

    A large story is judged by all of its span, not its first reports: an
    event whose follow-up was copied as often as its first report has, by
    then, members of both, and its first 50 alone would not recognise a
    story that gathered the follow-up.
    """
    if len(members) <= MERGE_CAP:
        return list(members)
    return [members[i] for i in np.linspace(0, len(members) - 1, MERGE_CAP).round().astype(int)]


def merge_thresholds(model: LogisticModel) -> tuple[float, float] | None:
    """(candidate score, member agreement) a story needs to be merged, or None for a model without merges. The
    agreement is the join threshold unless the model names its own `merge_threshold`: two stories are one when
    their members agree as a newcomer must agree with a story to join it (average link's rule, as in batch)."""
    if "merge_candidate" not in model.options:
        return None
    return float(model.options["merge_candidate"]), float(model.options.get("merge_threshold", model.threshold))


def merges(chosen: str | None, scores: dict[str, float], agreement: Agreement,
           model: LogisticModel) -> tuple[str, ...]:
    """The other candidate stories that are one event with `chosen`, the story the newcomer joined (None: the one
    it opens).

    A story the newcomer scored at least the model's `merge_candidate` with is
    merged when `agreement(group, story)`, the mean join probability over the
    members of the group (the chosen story, the newcomer and the stories merged
    so far) and that story's, is at least the join threshold (`merge_thresholds`); best-scoring
    stories first. `agreement` answers None where the two may not be merged
    (a person kept a pair across them apart, or no pair across them was scored).
    """
    thresholds = merge_thresholds(model)
    if thresholds is None:
        return ()
    least, needed = thresholds
    group: list = [chosen]
    for other in sorted((s for s, v in scores.items() if s != chosen and v >= least), key=lambda s: (-scores[s], s)):
        agreed = agreement(group, other)
        if agreed is not None and agreed >= needed:
            group.append(other)
    return tuple(group[1:])


def moves(probabilities: dict[str, float], story_of: dict[str, str], group: list[str | None],
          affinity: Callable[[str], tuple[float | None, float | None]], model: LogisticModel) -> tuple[str, ...]:
    """The candidates that leave their story for the newcomer's: `group` (the story it joined, None for the one it
    opens, and the stories merged into it).

    A candidate moves when the newcomer would join it alone (its join
    probability `probabilities[c]` reaches the threshold), and `affinity(c)`,
    its mean join probability with the newcomer's story and with the rest of
    its own, says it agrees with the newcomer's story at least at the
    threshold and better than with its own. The first report of an event can
    join a same-kind story while its event has no other report; its event's
    later reports then find it there, and this takes it home. An article
    alone in its story does not move (a merge takes it), nor does a near-copy
    of an article of its story (it reports that article's event, and agrees
    with the newcomer's copies of it best); `affinity` answers None for
    these, and for a side that cannot be judged. A model without the `moves`
    option moves nothing.
    """
    if not model.options.get("moves"):
        return ()
    moved = []
    for c, p in sorted(probabilities.items()):
        if p < model.threshold or story_of[c] in group:
            continue
        to, stay = affinity(c)
        if to is not None and stay is not None and to >= model.threshold and to > stay:
            moved.append(c)
    return tuple(moved)


def split_thresholds(model: LogisticModel) -> tuple[float, float, int] | None:
    """(cross agreement, gap, side) of a split (see `split`), or None for a model without splits."""
    if not all(k in model.options for k in ("split_cross", "split_gap", "split_side")):
        return None
    return float(model.options["split_cross"]), float(model.options["split_gap"]), int(model.options["split_side"])


def split(members: list[Profile], model: LogisticModel | None = None, constraints: Constraints | None = None,
          probabilities: Probabilities | None = None) -> tuple[int, ...]:
    """Positions of the members that leave a story reporting two events; () when it reports one.

    Members come in placement order; a near-copy counts as its original (a
    wire story's copies agree perfectly among themselves, and would pass for an
    event of their own). The reports' join probabilities, pair by pair, are
    cut in two by average link, and the part without the first member leaves,
    copies with their originals, when each part has at least `split_side`
    reports, the parts agree less than `split_cross` on average, and each part
    agrees within itself by at least `split_gap` more than across. Absolute
    probabilities cannot do this alone: two arrests of one team's players a
    month apart score 0.77 across, but 0.98 within each arrest. No split parts
    two articles a person kept together. `probabilities` replaces the model's
    pair scoring.
    """
    model = model or load()
    thresholds = split_thresholds(model)
    if thresholds is None or len(members) not in SPLIT_SIZES:
        return ()
    most, gap, side = thresholds
    score = probabilities or model_probabilities(model)
    copy_of = _copy_of(members)
    heads = sorted(set(copy_of))
    if len(heads) < 2 * side:
        return ()
    reports = [members[i] for i in heads]
    agree = np.eye(len(reports))
    for i in range(1, len(reports)):
        agree[i, :i] = agree[:i, i] = score(reports[i], reports[:i])
    part = fcluster(linkage(squareform(1 - agree, checks=False), "average"), 2, "maxclust")
    stay, leave = np.flatnonzero(part == part[0]), np.flatnonzero(part != part[0])
    if min(len(stay), len(leave)) < side:
        return ()
    across = agree[np.ix_(stay, leave)].mean()
    within = min(agree[np.ix_(p, p)][np.triu_indices(len(p), 1)].mean() for p in (stay, leave))
    if across >= most or within - across <= gap:
        return ()
    leaving = {heads[n] for n in leave.tolist()}
    leave = [i for i, c in enumerate(copy_of) if c in leaving]
    stay = [i for i, c in enumerate(copy_of) if c not in leaving]
    if constraints is not None and any(constraints.kept_together(members[a].article_id, members[b].article_id)
                                       for a in stay for b in leave):
        return ()
    return tuple(leave)


def _shared_words(a: Profile, b: Profile) -> float:
    return np.count_nonzero(a.words_hash == b.words_hash) / len(a.words_hash)


def _near_copy(a, b) -> bool:
    """Whether two articles share COPY_WORDS of their words (profiles without word sketches never do)."""
    return hasattr(a, "words_hash") and _shared_words(a, b) >= COPY_WORDS


def _copy_of(members: list) -> list[int]:
    """For each member, the position of the first member it is a near-copy of (its own if none): a copy repeats its
    original's report, and a cluster of copies agrees with itself so well that it would pass for an event of its own.
    Members without word sketches (the batch engines' leads, already one per copy cluster) are all reports."""
    if not members or not hasattr(members[0], "words_hash"):
        return list(range(len(members)))
    words = np.stack([m.words_hash for m in members])
    copy_of = []
    for i in range(len(members)):
        near = np.flatnonzero((words[:i] == words[i]).mean(axis=1) >= COPY_WORDS) if i else []
        copy_of.append(copy_of[near[0]] if len(near) else i)
    return copy_of


def survivor(stories: Iterable[str], placed_first: Callable[[str], int]) -> str:
    """The story whose id a merge keeps: the oldest, by when its first article was placed, so ids stay stable."""
    return min(stories, key=placed_first)


def remembered(score: Probabilities, memo: MutableMapping[tuple[str, str], float]) -> Probabilities:
    """`score` that looks each (article, other) pair up in `memo` first: a story checked for a split after every
    arrival then scores only the newcomer's pairs, not all of its members' again."""
    def cached(profile: Profile, others: list[Profile]) -> np.ndarray:
        missing = [o for o in others if (profile.article_id, o.article_id) not in memo]
        if missing:
            for o, p in zip(missing, score(profile, missing)):
                memo[profile.article_id, o.article_id] = float(p)
        return np.array([memo[profile.article_id, o.article_id] for o in others])

    return cached


def model_probabilities(model: LogisticModel, rarity: Rarity | None = None) -> Probabilities:
    """The model's pair scoring; `rarity` weighs shared names (the store's name document frequencies)."""
    return lambda profile, candidates: join_probability(
        model, feature_matrix([(profile, c) for c in candidates], rarity))


def decide(profile: Profile, candidates: list[Profile], story_of: dict[str, str],
           model: LogisticModel | None = None, constraints: Constraints | None = None,
           probabilities: Probabilities | None = None, members: Members | None = None) -> Decision:
    """Join the best-scoring story of the candidates, if it clears the model's threshold, and say which other
    candidate stories the newcomer proves to be the same event and which candidates come over to its story (given
    `members`, the stories' members: `merges`, `moves`).

    A newcomer that clears no story but is a near-copy of a candidate (COPY_WORDS
    of its words shared) joins that candidate's story, the closest copy's: a copy
    reports its original's event, however little it agrees with the reports a
    story has gathered since (follow-ups whose leads moved on). Given `members`,
    the LINKED_STORIES best candidate stories are scored over their members
    (`spread`), not only the candidates; candidates not yet in a story are dropped; `probabilities` replaces the model's pair scoring (precomputed scores in
    evaluation). With `constraints`, `story_of` must also know the stories of
    the articles its `apart` pairs name.
    """
    model = model or load()
    candidates = [c for c in candidates if c.article_id in story_of and c.article_id != profile.article_id]
    if constraints is not None:
        pinned = constraints.pinned(profile.article_id, story_of)
        if pinned is not None:
            return Decision(pinned, 1.0, len(candidates))
        barred = constraints.barred(profile.article_id, story_of)
        candidates = [c for c in candidates if story_of[c.article_id] not in barred]
    if not candidates:
        return Decision(None, 0.0, 0)
    score = probabilities or model_probabilities(model)
    probs = score(profile, candidates)
    scores = _story_scores([story_of[c.article_id] for c in candidates], probs, model)
    linked = sorted(scores, key=lambda s: (-scores[s], s))[:LINKED_STORIES]
    if members is not None:
        for s in linked:
            scores[s] = _linked(profile, members(s), score)
    decision = _choose(scores, len(candidates), model)
    originals = [c for c in candidates if _near_copy(profile, c)] if decision.story is None else []
    if originals:
        story = story_of[max(originals, key=lambda c: _shared_words(profile, c)).article_id]
        decision = Decision(story, scores[story], len(candidates))
    if members is None:
        return decision

    def ours(group: list[str | None]) -> list[Profile]:
        return ([profile] + [m for s in group if s is not None for m in members(s)])[:MERGE_CAP]

    def agreement(group: list[str | None], other: str) -> float | None:
        if constraints is not None and constraints.parted([s for s in group if s is not None], other, story_of):
            return None
        theirs = members(other)
        return float(np.mean(np.concatenate([score(p, theirs) for p in ours(group)]))) if theirs else None

    merged = merges(decision.story, {s: scores[s] for s in linked}, agreement, model)
    group = [decision.story, *merged]
    joined, by_id = cache(lambda: ours(group)), {c.article_id: c for c in candidates}

    def affinity(article_id: str) -> tuple[float | None, float | None]:
        if constraints is not None and not constraints.movable(article_id, [s for s in group if s is not None],
                                                               profile.article_id, story_of):
            return None, None
        c = by_id[article_id]
        there = [m for m in joined() if m.article_id != article_id]
        own = [m for m in members(story_of[article_id]) if m.article_id != article_id]
        if any(_near_copy(c, m) for m in own):
            return None, None
        return (float(np.mean(score(c, there))) if there else None, float(np.mean(score(c, own))) if own else None)

    moved = moves({c.article_id: float(p) for c, p in zip(candidates, probs)}, story_of, group, affinity, model)
    return Decision(decision.story, decision.score, decision.candidates, merged, moved)


def _linked(profile: Profile, members: list[Profile], score: Probabilities) -> float:
    """Average link: the newcomer's mean join probability over a story's members (`spread`: all of a small story)."""
    others = [m for m in members if m.article_id != profile.article_id]
    return float(np.mean(score(profile, others))) if others else 0.0


def _story_scores(stories: list[str], probs, model: LogisticModel) -> dict[str, float]:
    """Each story's mean probability over its candidates (the max, for a single-link model)."""
    by_story: dict[str, list[float]] = defaultdict(list)
    for s, p in zip(stories, probs):
        by_story[s].append(float(p))
    single_link = model.options.get("link") == "max"
    return {s: (max(ps) if single_link else sum(ps) / len(ps)) for s, ps in by_story.items()}


def _choose(scores: dict[str, float], candidates: int, model: LogisticModel) -> Decision:
    """The best-scoring story, if it clears the threshold."""
    if not scores:
        return Decision(None, 0.0, 0)
    best = max(scores, key=lambda s: (scores[s], s))
    return Decision(best if scores[best] >= model.threshold else None, scores[best], candidates)


def cluster(profiles: list[Profile], model: LogisticModel | None = None, constraints: Constraints | None = None,
            probabilities: Probabilities | None = None,
            candidates: Callable[[int], list[Profile]] | None = None) -> dict[str, str]:
    """Article id -> story id for profiles taken in the given order, merges and splits included, as `add` places
    them.

    `candidates(n)` gives the n-th profile's candidates (the store's index
    rule in evaluation); by default every earlier article is one. A story is
    named after the article that opened it; a merge keeps the older story's
    id, and the part a split takes away is named after its first article.
    """
    model = model or load()
    score = probabilities or model_probabilities(model)
    story_of: dict[str, str] = {}
    members: dict[str, list[Profile]] = {}
    position = {p.article_id: n for n, p in enumerate(profiles)}
    for n, p in enumerate(profiles):
        offered = candidates(n) if candidates is not None else profiles[:n]
        decision = decide(p, offered, story_of, model, constraints, score, members=lambda s: spread(members[s]))
        chosen = decision.story or p.article_id
        story_of[p.article_id] = chosen
        members.setdefault(chosen, []).append(p)
        story = fold([chosen, *decision.merged], story_of, members,
                     lambda s: min(position[m.article_id] for m in members[s]), lambda m: m.article_id)
        take(story, decision.moved, story_of, members, lambda m: position[m.article_id], lambda m: m.article_id)
        ordered = sorted(members[story], key=lambda m: position[m.article_id])
        leave = split(ordered, model, constraints, score)
        if leave:
            gone = [ordered[i] for i in leave]
            part(story, gone, gone[0].article_id, story_of, members, lambda m: m.article_id)
    return story_of


def fold(group: list[str], story_of: dict[str, str], members: dict[str, list], placed_first: Callable[[str], int],
         article_id: Callable = str) -> str:
    """Merge the stories of `group` into the `survivor`, and return it: `members` (story -> members in placement
    order, the first placed first) and `story_of` (article id -> story) follow."""
    keep = survivor(group, placed_first)
    for s in group:
        if s != keep:
            for m in members[s]:
                story_of[article_id(m)] = keep
            members[keep] += members.pop(s)
    return keep


def take(story: str, moved: Iterable[str], story_of: dict[str, str], members: dict[str, list],
         placement: Callable, article_id: Callable = str) -> None:
    """Move the articles `moved` (ids) from their stories to `story` (`moves`), on the same `members` and
    `story_of` as `fold`; `story` keeps its members in `placement` order, and a story left empty goes."""
    for a in moved:
        old = story_of[a]
        if old == story:
            continue
        member = next(m for m in members[old] if article_id(m) == a)
        members[old].remove(member)
        if not members[old]:
            del members[old]
        members[story] = sorted([*members[story], member], key=placement)
        story_of[a] = story


def part(story: str, leaving: list, new: str, story_of: dict[str, str], members: dict[str, list],
         article_id: Callable = str) -> None:
    """Move `leaving`, members of `story` in placement order, to a new story (`split`'s part): the converse of
    `fold`, on the same `members` and `story_of`. It is named `new`, with a "+" for each story already so named
    (an article that moved away leaves its name behind)."""
    while new in members:
        new += "+"
    gone = {article_id(m) for m in leaving}
    story_of.update((a, new) for a in gone)
    members[story] = [m for m in members[story] if article_id(m) not in gone]
    members[new] = list(leaving)


def cluster_scored(members: list[tuple[str, date | None]], scored: Iterable[tuple[str, str, float]],
                   model: LogisticModel | None = None, copied: Collection[str] = ()) -> dict[str, str]:
    """cluster() over pairs already scored (the batch engines): `members` (id, day) in arrival order, each one's
    candidates the earlier members it has a scored pair (a, b, probability) with. Pairs never
    scored do not count in a join or a move, as the online path sees only its index's candidates. A merge is
    average link over every pair across the two stories (as online, where each is scored), a pair the candidates
    never offered counting as no agreement: they offer every pair that looks alike (no merge when none was
    scored). A split check needs every pair of a story, and counts a pair never scored as UNSCORED.

    The batch engines place one article per copy cluster; `copied` names those whose clusters hold copies, which
    never move, as online an article with a near-copy in its story does not: a trimmed copy of a follow-up that
    scores too low to join would otherwise take the follow-up, and all its copies, away from its event."""
    model = model or load()
    copied = set(copied)
    position = {article: n for n, (article, _) in enumerate(members)}
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for a, b, p in scored:
        neighbours[a][b] = neighbours[b][a] = p
    story_of: dict[str, str] = {}
    placed: dict[str, list[str]] = {}
    for article, _ in members:
        found = sorted((o, p) for o, p in neighbours[article].items() if o in story_of)
        scores = _story_scores([story_of[o] for o, _ in found], [p for _, p in found], model)
        decision = _choose(scores, len(found), model)

        def agreement(group: list[str | None], other: str) -> float | None:
            ours = ([article] + [m for s in group if s is not None for m in spread(placed[s])])[:MERGE_CAP]
            theirs = set(spread(placed[other]))
            probs = [p for a in ours for o, p in neighbours[a].items() if o in theirs]
            return sum(probs) / (len(ours) * len(theirs)) if probs else None

        merged = merges(decision.story, scores, agreement, model)
        group = [decision.story, *merged]
        joined = ([article] + [m for s in group if s is not None for m in spread(placed[s])])[:MERGE_CAP]

        def affinity(other: str) -> tuple[float | None, float | None]:
            if other in copied:
                return None, None
            there = [neighbours[other][m] for m in joined if m in neighbours[other]]
            own = [neighbours[other][m] for m in spread(placed[story_of[other]]) if m in neighbours[other]]
            return (sum(there) / len(there) if there else None, sum(own) / len(own) if own else None)

        moved = moves(dict(found), story_of, group, affinity, model)
        chosen = decision.story or article
        story_of[article] = chosen
        placed.setdefault(chosen, []).append(article)
        story = fold([chosen, *merged], story_of, placed, lambda s: min(map(position.__getitem__, placed[s])))
        take(story, moved, story_of, placed, position.__getitem__)
        ordered = sorted(placed[story], key=position.__getitem__)
        leave = split(ordered, model, probabilities=lambda a, others: np.array(
            [neighbours[a].get(o, UNSCORED) for o in others]))
        if leave:
            gone = [ordered[i] for i in leave]
            part(story, gone, gone[0], story_of, placed)
    return story_of
