"""The input of every lineage stage: a story with its articles' stored annotations, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Mapping

from ..annotations import Annotations
from ..article import Article
from ..stories import Story, story
from ..store import Store


@dataclass(frozen=True)
class StoryText:
    """A story with the stored annotations of its articles: the input of every lineage stage."""

    story: Story
    annotations: Mapping[str, Annotations]

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.story.articles

    @property
    def derived_from(self) -> dict[str, str | None]:
        return {link.article: link.derived_from for link in self.story.provenance}


def story_text(store: Store, story_or_id: Story | str) -> StoryText:
    """Load a story (by id, or an already loaded one) with its articles' annotations."""
    found = story(store, story_or_id) if isinstance(story_or_id, str) else story_or_id
    return StoryText(found, {a.id: store.annotations(a.id) for a in found.articles})


def ancestors(article_id: str, derived_from: Mapping[str, str | None]) -> list[str]:
    """The provenance chain above an article, nearest first."""
    chain, seen = [], {article_id}
    parent = derived_from.get(article_id)
    while parent and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = derived_from.get(parent)
    return chain


def when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
