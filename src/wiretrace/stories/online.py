"""Online story assignment: each article `add` stores is placed in a story in the same transaction.

The store stores; this module decides. An arrival's candidates come from the
store's indexes (`stories.index`), the decision from `stories.cluster.decide`,
and the outcome (a story joined or opened, other stories merged in, articles
moved over, a story split) is written back through the store's own queries.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from functools import cache
from typing import TYPE_CHECKING, Iterable

from cachetools import LRUCache

from ..errors import StoreError, failed
from ..fingerprints import Profile, profiles
from ..store import AddResult
from . import across
from .cluster import SPLIT_SIZES, Constraints, Probabilities, decide, model_probabilities, remembered, split, spread
from .cluster import survivor
from .index import specific_names
from .model import load
from .threshold import at

if TYPE_CHECKING:
    from ..store import Store
    from .index import StoryIndex

PAIRS_KEPT = 200_000   # join probabilities remembered per store: a story's members are scored against each other
                       # again after every arrival (split checks, merges, moves)
CHOOSE_AT = 50   # articles a store holds when `add` first has it choose its join threshold (`stories.threshold`):
                 # the smallest labelled collection the choice was measured on (NewsWCL50, docs/evaluation.md)

_log = logging.getLogger(__name__)
_remembered: "weakref.WeakKeyDictionary[Store, Probabilities]" = weakref.WeakKeyDictionary()


def add(store: Store, items: Iterable[tuple]) -> AddResult:
    """Insert articles with their annotations and place each in a story, all or none; known ids are skipped. A
    store this add brings to CHOOSE_AT articles then chooses its join threshold (`first_choice`, a transaction of
    its own).

    What one article raises while it is stored and placed (save the database's own errors, which end the
    batch) undoes that article alone and rejects it with its file and line.

    Items are (Article, Annotations) or (Article, Annotations, Profile); a
    missing profile is computed here (batch them with fingerprints.profiles).
    The candidate indexes are saved only once the transaction has committed.
    """
    result = AddResult()
    held = store.profile_count()
    try:
        with store.transaction():
            index = store.current_index()
            model = joining(store)   # the store's threshold: it does not change while articles are added
            place_unplaced(store, model)
            for article, annotations, *rest in items:
                if article.id != annotations.article_id:
                    raise StoreError(f"{article.where}: annotations belong to another article")
                if store.has(article.id):
                    result.present.append(article.id)
                    continue
                store.db.execute("SAVEPOINT article")
                try:
                    store.insert(article, annotations)
                    profile = rest[0] if rest and rest[0] is not None else profiles([(article, annotations)])[0]
                    place(store, index, profile, model)
                except sqlite3.Error:
                    raise
                except Exception as exc:
                    store.db.execute("ROLLBACK TO article")
                    store.forget_index()   # it may hold the article: read it again as the store now stands
                    index = store.current_index()
                    result.rejected.append(failed(article, "stored", exc))
                else:
                    result.added.append(article.id)
                store.db.execute("RELEASE article")
    except BaseException:
        store.forget_index()
        raise
    if result.added:
        try:
            index.save()
        except (OSError, RuntimeError) as exc:   # the batch is stored: the index catches up from it when next read
            _log.warning("%s: the candidate index was not saved (%s); it is rebuilt from the store when next "
                         "opened", store.path, exc)
        first_choice(store, held)
    return result


def first_choice(store: Store, held: int) -> None:
    """When an add brings a store from under CHOOSE_AT articles (`held` before it) to CHOOSE_AT or more, the store
    chooses its join threshold and its stories are placed again at it (`recluster`, the order added): a collection
    of one topic is best joined stricter than the model's threshold, one of many looser. Later, `recluster` chooses
    again; `add` keeps the choice. A larger store made before stores chose (no choice kept) is not replayed by an
    add, which would cost it a pass over every article unasked: `recluster` chooses for it."""
    if held < CHOOSE_AT <= store.profile_count() and store.join_threshold_chosen()[1] is None:
        from .recluster import recluster

        recluster(store, orders=1)


def place(store: Store, index: StoryIndex, profile: Profile, model=None) -> str:
    """Put a profiled article into the best story among its indexed candidates, or a new one, fold into
    that story the other candidate stories the article proves to be the same event (`cluster.merges`),
    bring over the candidates that belong with it more than where they are (`cluster.moves`), and cut
    off the part of the story that reports another event (`cluster.split`); the story it ends in. `model`: the
    join model at the store's threshold (`joining`, read here when not given).

    A merge keeps the id of the older story, the one whose first article was
    placed first (the lowest profile rowid), so ids stay stable; the other
    stories' articles move to it and their rows go. Nothing else needs
    refreshing: a story's headline, span and entities are read from its
    members, a person's corrections are article pairs that follow their
    articles, and the candidate indexes hold articles, not stories. A split's
    part takes a new story named after its first placed article.
    """
    names = specific_names(profile)
    rowids = index.candidates(profile.embedding, profile.text_hash, hashes=store.text_hashes, names=names)
    candidates = store.profiles_by_rowid(rowids)
    index.names.counts(names.union(*map(specific_names, candidates)))   # read at once, not pair by pair
    story_of = store.stories_of([c.article_id for c in candidates])
    together, apart, made = store.story_corrections()
    if apart:
        story_of.update(store.apart_stories())
    story_of.update(store.stories_of(list(made)))
    constraints = Constraints(tuple(together), tuple(apart), made)
    decision = decide(profile, candidates, story_of, model or joining(store), constraints, probabilities(store),
                      members(store))
    decision = across.joined(store, profile, rowids, decision, constraints)
    story = decision.story or "s" + profile.article_id
    if decision.story is None:
        store.open_story(story)
    store.join_story(profile.article_id, story, decision.score)
    index.add(store.insert_profile(profile), profile.embedding, profile.text_hash, names)
    story = merge(store, [story, *decision.merged]) if decision.merged else story
    store.move_articles(list(decision.moved), story)
    split_off(store, story, constraints)
    return story


def place_unplaced(store: Store, model=None) -> None:
    """Articles stored before stories existed get profiles and stories, oldest first."""
    ids = store.unassigned()
    if ids:
        index = store.current_index()
        for profile in profiles([(store.article(i), store.annotations(i)) for i in ids]):
            place(store, index, profile, model)


def members(store: Store):
    """Story id -> profiles of at most `cluster.MERGE_CAP` of its members, spread over the order placed
    (`cluster.spread`), read once per story."""
    @cache
    def spread_members(story_id: str) -> list[Profile]:
        return store.profiles_by_rowid(spread(store.story_rowids(story_id)))

    return spread_members


def merge(store: Store, stories: list[str]) -> str:
    """Move the articles of `stories` into the oldest of them (`cluster.survivor`), drop the others; its id."""
    keep = survivor(stories, store.first_placed(stories).__getitem__)
    store.fold_stories([s for s in stories if s != keep], keep)
    return keep


def joining(store: Store):
    """The join model at the threshold `recluster` last chose for this store's articles (the model's own before)."""
    return at(load(), store.join_threshold())


def probabilities(store: Store) -> Probabilities:
    """The join model's pair scoring, names weighed by their rarity in the store (`index.Names.rarity`),
    remembered across the articles added to this store."""
    if store not in _remembered:
        _remembered[store] = remembered(model_probabilities(load(), lambda name: store.index.rarity(name)),
                                        LRUCache(PAIRS_KEPT))
    return _remembered[store]


def split_off(store: Store, story: str, constraints: Constraints) -> None:
    """Move the part of `story` that `cluster.split` finds to be another event into a story of its own."""
    rowids = store.story_rowids(story, SPLIT_SIZES.stop)
    if len(rowids) not in SPLIT_SIZES:
        return
    placed = store.profiles_by_rowid(rowids)
    leave = split(placed, load(), constraints, probabilities(store))
    if not leave:
        return
    first = placed[leave[0]].article_id
    new, n = "s" + first, 1
    while store.has_story(new):
        n += 1
        new = f"s{first}-{n}"
    store.open_story(new)
    store.move_articles([placed[i].article_id for i in leave], new)


def use_probabilities(store: Store, score: Probabilities | None) -> None:
    """Score the pairs of the articles added to `store` with `score` (a test's or an evaluation's own), or with
    the model again (None)."""
    if score is None:
        _remembered.pop(store, None)
    else:
        _remembered[store] = score
