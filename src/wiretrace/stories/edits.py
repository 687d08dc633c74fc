"""A person's corrections to the stories: merge stories, split articles off into a story of their own.

Each correction moves the articles at once and is kept as article-pair
constraints (`together`, `apart`) that `recluster` obeys; `add` moves stored
articles only by merging whole stories, never across a pair kept apart, so
later additions leave corrections in place. A later
correction overrides an earlier one on the same articles: merging what was
split apart lifts the `apart` pairs between them.
"""

from __future__ import annotations

from ..errors import NotFound
from ..store import Store


def merge(store: Store, story_ids: list[str]) -> str:
    """Put the articles of all the stories in the first one; returns its id."""
    ids = list(dict.fromkeys(store.resolve_story(s) for s in story_ids))
    if len(ids) < 2:
        raise NotFound("story merge needs two or more different stories")
    members = [a for s in ids for a, _ in store.story_members(s)]
    with store.transaction():
        store.unlink_stories(members, members, "apart")
        store.link_stories([(members[0], a) for a in members[1:]], "together")
        kept = dict(store.story_members(ids[0]))
        store.set_stories({a: (ids[0], kept.get(a, 1.0)) for a in members})
    return ids[0]


def split(store: Store, story_id: str, article_ids: list[str]) -> str:
    """Move the given articles out of the story into a new story of their own; returns the new story's id.

    The rest keep the story's id. Both parts are kept as they are now: the
    articles of each together, the two apart.
    """
    story_id = store.resolve_story(story_id)
    members = dict(store.story_members(story_id))
    leaving = list(dict.fromkeys(store.resolve_id(a) for a in article_ids))
    strangers = [a for a in leaving if a not in members]
    if strangers:
        raise NotFound(f"article {strangers[0]} is not in story {story_id}")
    staying = [a for a in members if a not in leaving]
    if not staying:
        raise NotFound(f"story split would leave story {story_id} empty: name only the articles that leave it")
    new_id = _fresh_id(store, leaving)
    with store.transaction():
        store.unlink_stories(leaving, staying, "together")
        store.unlink_stories(leaving, leaving, "apart")
        store.unlink_stories(staying, staying, "apart")
        store.link_stories([(leaving[0], a) for a in leaving[1:]] + [(staying[0], a) for a in staying[1:]], "together")
        store.link_stories([(a, b) for a in leaving for b in staying], "apart")
        store.set_stories({a: (new_id, 1.0) for a in leaving})
    return new_id


def _fresh_id(store: Store, articles: list[str]) -> str:
    """`s` + the first article's id, as `add` names stories, or a numbered variant when that id is taken."""
    candidates = ["s" + a for a in articles] + [f"s{articles[0]}.{n}" for n in range(2, len(articles) + 3)]
    return next(c for c in candidates if not store.has_story(c))
