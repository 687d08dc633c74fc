"""Stories across languages: a translation joins the story of the report it translates.

The story model (cluster.decide) reads an article through its English MiniLM
vector, its names, numbers and English-weighted terms. A French translation of
an English report shares the report's names and numbers, but its MiniLM vector
lies among French texts and its terms are French words, so the model opens a
story of its own. Here, when the model would open a new story for an arrival
and the arrival or one of its candidates is not in English, the leads of the
pair are compared with the multilingual embedding (`multilingual`, e5) and
the pair is judged by the probability calibrated on SemEval-2022 Task 8 pairs
across languages (`multilingual.same_event_probability`); the arrival joins
the story of the likeliest partner at even odds or better.

English-only adding pays nothing here: an English arrival that joins a story,
or any arrival in a store that holds no other language, returns before e5 is
loaded. Candidates come from the store's indexes, as the model's do (the name
index finds "Rosa Quispe" or "Celendín" in any language: `compare.names.key`
folds accents and transliterates scripts), and from the latest articles in
another language; only those sharing anchors with the arrival (a specific
name, or two of names, numbers and days the text names: values that read
alike in any language) are embedded, and only then. Languages and leads are kept in the
store (table `lead_vectors`, store migration 9), so no article is
embedded twice, and an article in another language that no candidate asks
for is never embedded.
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from ..fingerprints import Profile, language
from ..multilingual import article_vectors, same_event_probability
from .cluster import Constraints, Decision
from .index import specific_names

if TYPE_CHECKING:
    from ..store import Store

ENGLISH = "en"
JOIN = 0.5      # the calibrated probability at which a pair across languages is more likely one event than two
LATEST = 50     # articles in another language read per arrival beside the indexed candidates: a translation
                # follows its original within days, among the latest stored

_mixed: "weakref.WeakSet[Store]" = weakref.WeakSet()   # stores known to hold an article not in English


def joined(store: Store, profile: Profile, rowids, decision: Decision,
           constraints: Constraints | None = None, replay: "Replay | None" = None) -> Decision:
    """The model's `decision` for `profile`, or, where it opens a new story, the story of the candidate in another
    language most likely to report the same event, at JOIN or more. The language of an arrival not in English is
    kept, whatever the decision: later arrivals in English look for it. In a `replay` (`recluster`), stories
    and the latest articles are the replay's, not the store's."""
    arrival = profile.language or (replay.languages.get(profile.article_id) if replay else None) or ENGLISH
    if arrival == ENGLISH and (decision.story is not None or not _holds_other_languages(store)):
        return decision
    if arrival != ENGLISH:   # its language only: the lead is embedded once a partner asks for it
        store.db.execute("INSERT OR IGNORE INTO lead_vectors (article_id, language) VALUES (?, ?)",
                         (profile.article_id, arrival))
        _mixed.add(store)
    if decision.story is not None:
        return decision
    others = _partners(store, profile, arrival, set(rowids), replay)
    if not others:
        return decision
    vector = _vectors(store, [profile.article_id], {profile.article_id: arrival})[profile.article_id]
    vectors = _vectors(store, [p.article_id for p in others], {})
    story_of = replay.story_of if replay else store.stories_of([p.article_id for p in others])
    barred = constraints.barred(profile.article_id, story_of) if constraints else set()
    best: dict[str, float] = {}
    for other in others:
        story = story_of.get(other.article_id)
        if story is None or story in barred:
            continue
        p = same_event_probability(float(vector @ vectors[other.article_id]), cross_language=True)
        best[story] = max(best.get(story, 0.0), p)
    if not best:
        return decision
    story, p = max(best.items(), key=lambda kv: (kv[1], kv[0]))
    return dataclasses.replace(decision, story=story, score=round(p, 4)) if p >= JOIN else decision


def _holds_other_languages(store: Store) -> bool:
    if store in _mixed:
        return True
    if store.db.execute("SELECT 1 FROM lead_vectors WHERE language IS NOT NULL AND language != ? LIMIT 1",
                                   (ENGLISH,)).fetchone():
        _mixed.add(store)
        return True
    return False


class Replay:
    """What `joined` needs of a replay of the store (`recluster`): its stories so far, the articles' languages
    as `add` kept them, and the latest articles placed, of any language and in another than English."""

    def __init__(self, store: Store, story_of: dict[str, str]):
        self.story_of = story_of
        self.languages: dict[str, str] = {i: lang for i, lang in store.db.execute(
            "SELECT article_id, language FROM lead_vectors WHERE language IS NOT NULL")}
        self.latest: deque[int] = deque(maxlen=LATEST)
        self.latest_other: deque[int] = deque(maxlen=LATEST)

    def placed(self, rowid: int, article_id: str) -> None:
        self.latest.append(rowid)
        if self.languages.get(article_id, ENGLISH) != ENGLISH:
            self.latest_other.append(rowid)


def _partners(store: Store, profile: Profile, arrival: str, rowids: set[int],
              replay: Replay | None = None) -> list[Profile]:
    """Candidates in another language than the arrival's that share an anchor with it: the indexed candidates
    and the LATEST articles in another language (for an English arrival) or of any (for another)."""
    if replay is not None:
        latest = list(replay.latest_other if arrival == ENGLISH else replay.latest)
    elif arrival == ENGLISH:
        latest = [r for (r,) in store.db.execute(
            "SELECT p.rowid FROM lead_vectors l JOIN profiles p ON p.article_id = l.article_id "
            "WHERE l.language IS NOT NULL AND l.language != ? ORDER BY p.rowid DESC LIMIT ?", (ENGLISH, LATEST))]
    else:
        latest = [r for (r,) in store.db.execute("SELECT rowid FROM profiles ORDER BY rowid DESC LIMIT ?", (LATEST,))]
    names, mine = specific_names(profile), _anchors(profile)
    sharing = [c for c in store.profiles_by_rowid(sorted(rowids.union(latest)))
               if c.article_id != profile.article_id and _anchored(names, mine, c)]
    languages = _languages(store, [c.article_id for c in sharing])
    return [c for c in sharing if (languages.get(c.article_id) or ENGLISH) != arrival]


def _anchored(names: set[str], anchors: set[str], other: Profile) -> bool:
    """A specific name shared, or two anchors of any kind: one number or day alone ("100", a Friday) is shared by
    many events, and each pair let through costs an embedding."""
    shared = anchors & _anchors(other)
    return len(shared) >= 2 or bool(shared & names)


def _anchors(profile: Profile) -> set[str]:
    """What reads alike in any language: specific names (folded, transliterated), numbers, named days."""
    return specific_names(profile) | profile.numbers | profile.dates


def _languages(store: Store, article_ids: list[str]) -> dict[str, str | None]:
    """Article id -> language, as kept in `lead_vectors` or identified from the stored text."""
    known = dict(store.db.execute("SELECT article_id, language FROM lead_vectors WHERE article_id IN "
                                  "(SELECT value FROM json_each(?))", (json.dumps(article_ids),)))
    return {i: known[i] if i in known else language(store.article(i)) for i in article_ids}


def _vectors(store: Store, article_ids: list[str], languages: dict[str, str]) -> dict[str, np.ndarray]:
    """The e5 vector of each article's lead, embedded once and kept with its language."""
    found = {i: np.frombuffer(v, dtype=np.float32) for i, v in store.db.execute(
        "SELECT article_id, vector FROM lead_vectors WHERE vector IS NOT NULL AND article_id IN "
        "(SELECT value FROM json_each(?))",
        (json.dumps(article_ids),))}
    todo = [i for i in article_ids if i not in found]
    if todo:
        articles = [store.article(i) for i in todo]
        vectors = article_vectors(articles)
        rows = []
        for i, article, v in zip(todo, articles, vectors):
            found[i] = v
            rows.append((i, languages.get(i) or language(article), v.astype(np.float32).tobytes()))
        store.db.executemany("INSERT OR REPLACE INTO lead_vectors VALUES (?, ?, ?)", rows)
        if any(lang not in (None, ENGLISH) for _, lang, _ in rows):
            _mixed.add(store)
    return found
