"""Online story clustering: each article joins the best story among its candidates, or opens a new one.

A story's score for a newcomer is the mean join probability over the
story's candidate members (average link): one look-alike article is not
enough to pull a report into the wrong event, as single link would allow.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..fingerprints import Profile
from .features import feature_matrix
from ..logistic import LogisticModel
from .model import load

WINDOW_DAYS = 14   # reports further apart than this are not candidates for one story


@dataclass(frozen=True)
class Decision:
    story: str | None       # None: open a new story
    score: float
    candidates: int


def decide(profile: Profile, candidates: list[Profile], story_of: dict[str, str],
           model: LogisticModel | None = None) -> Decision:
    """Join the best-scoring story of the candidates, if it clears the model's threshold."""
    model = model or load()
    candidates = [c for c in candidates if c.article_id in story_of and c.article_id != profile.article_id]
    if not candidates:
        return Decision(None, 0.0, 0)
    probs = model.probability(feature_matrix([(profile, c) for c in candidates]))
    by_story: dict[str, list[float]] = defaultdict(list)
    for c, p in zip(candidates, probs):
        by_story[story_of[c.article_id]].append(float(p))
    single_link = model.options.get("link") == "max"
    scores = {s: (max(ps) if single_link else sum(ps) / len(ps)) for s, ps in by_story.items()}
    best = max(scores, key=lambda s: (scores[s], s))
    if scores[best] >= model.threshold:
        return Decision(best, scores[best], len(candidates))
    return Decision(None, scores[best], len(candidates))


def cluster(profiles: list[Profile], model: LogisticModel | None = None, window: int | None = None) -> dict[str, str]:
    """Article id -> story id for profiles taken in the given order (exhaustive candidates: for evaluation
    and small batches; the store uses its indexes instead). A story is named after its first article."""
    story_of: dict[str, str] = {}
    seen: list[Profile] = []
    for p in profiles:
        pool = seen if window is None else [s for s in seen if not (p.day and s.day) or abs((p.day - s.day).days) <= window]
        decision = decide(p, pool, story_of, model)
        story_of[p.article_id] = decision.story or p.article_id
        seen.append(p)
    return story_of
