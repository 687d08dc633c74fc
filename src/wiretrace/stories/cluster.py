"""Online story clustering: each article joins the best story among its candidates, or opens a new one.

A story's score for a newcomer is the mean join probability over the
story's candidate members (average link): one look-alike article is not
enough to pull a report into the wrong event, as single link would allow.
A person's corrections (`Constraints`) come first: an article kept together
with one already placed goes where that one is, and a story holding an
article it was kept apart from is no candidate. The batch engines run the
same rule over the pairs they scored in bulk (`cluster_scored`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

import numpy as np

from ..fingerprints import Profile
from ..logistic import LogisticModel
from .features import feature_matrix
from .model import load

WINDOW_DAYS = 14   # reports further apart than this are not candidates for one story

Probabilities = Callable[[Profile, list[Profile]], np.ndarray]


@dataclass(frozen=True)
class Decision:
    story: str | None       # None: open a new story
    score: float
    candidates: int


@dataclass(frozen=True)
class Constraints:
    """A person's corrections as article pairs: `together` must share a story, `apart` must not."""

    together: tuple[tuple[str, str], ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
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

    def pinned(self, article_id: str, story_of: dict[str, str]) -> str | None:
        """The story of an already placed article this one must be with."""
        return next((story_of[m] for m in self._group.get(article_id, ()) if m in story_of), None)

    def barred(self, article_id: str, story_of: dict[str, str]) -> set[str]:
        """Stories holding an article this one (or one it must be with) must not be with."""
        group = self._group.get(article_id, (article_id,))
        return {story_of[o] for m in group for o in self._apart.get(m, ()) if o in story_of}


def _model_probabilities(model: LogisticModel) -> Probabilities:
    return lambda profile, candidates: model.probability(feature_matrix([(profile, c) for c in candidates]))


def decide(profile: Profile, candidates: list[Profile], story_of: dict[str, str],
           model: LogisticModel | None = None, constraints: Constraints | None = None,
           probabilities: Probabilities | None = None) -> Decision:
    """Join the best-scoring story of the candidates, if it clears the model's threshold.

    Candidates published more than WINDOW_DAYS away, or not yet in a story, are
    dropped; `probabilities` replaces the model's pair scoring (precomputed
    scores in evaluation).
    """
    model = model or load()
    candidates = [c for c in candidates if c.article_id in story_of and c.article_id != profile.article_id
                  and _near(c.day, profile.day)]
    if constraints is not None:
        pinned = constraints.pinned(profile.article_id, story_of)
        if pinned is not None:
            return Decision(pinned, 1.0, len(candidates))
        barred = constraints.barred(profile.article_id, story_of)
        candidates = [c for c in candidates if story_of[c.article_id] not in barred]
    if not candidates:
        return Decision(None, 0.0, 0)
    probs = (probabilities or _model_probabilities(model))(profile, candidates)
    return _choose([story_of[c.article_id] for c in candidates], probs, model)


def _near(a: date | None, b: date | None) -> bool:
    return not (a and b and abs((a - b).days) > WINDOW_DAYS)


def _choose(stories: list[str], probs, model: LogisticModel) -> Decision:
    """The story with the best mean probability over its candidates (the max, for a single-link model)."""
    if not stories:
        return Decision(None, 0.0, 0)
    by_story: dict[str, list[float]] = defaultdict(list)
    for s, p in zip(stories, probs):
        by_story[s].append(float(p))
    single_link = model.options.get("link") == "max"
    scores = {s: (max(ps) if single_link else sum(ps) / len(ps)) for s, ps in by_story.items()}
    best = max(scores, key=lambda s: (scores[s], s))
    if scores[best] >= model.threshold:
        return Decision(best, scores[best], len(stories))
    return Decision(None, scores[best], len(stories))


def cluster(profiles: list[Profile], model: LogisticModel | None = None, constraints: Constraints | None = None,
            probabilities: Probabilities | None = None) -> dict[str, str]:
    """Article id -> story id for profiles taken in the given order, every earlier article a candidate (for
    evaluation and small batches; the store asks its indexes instead). A story is named after its first article."""
    story_of: dict[str, str] = {}
    for n, p in enumerate(profiles):
        decision = decide(p, profiles[:n], story_of, model, constraints, probabilities)
        story_of[p.article_id] = decision.story or p.article_id
    return story_of


def cluster_scored(members: list[tuple[str, date | None]], scored: Iterable[tuple[str, str, float]],
                   model: LogisticModel | None = None) -> dict[str, str]:
    """cluster() over pairs already scored (the batch engines): `members` (id, day) in arrival order, each one's
    candidates the earlier members it has a scored pair (a, b, probability) with, inside the window. Pairs never
    scored do not count, as the online path sees only its index's candidates."""
    model = model or load()
    day = dict(members)
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for a, b, p in scored:
        neighbours[a][b] = neighbours[b][a] = p
    story_of: dict[str, str] = {}
    for article, today in members:
        found = sorted((o, p) for o, p in neighbours[article].items() if o in story_of and _near(day[o], today))
        decision = _choose([story_of[o] for o, _ in found], [p for _, p in found], model)
        story_of[article] = decision.story or article
    return story_of
