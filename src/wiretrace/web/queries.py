"""The read-only questions the pages and the API ask of a store, answered by the library's own functions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..lineage import QuoteLineage, StoryFacts, quote_lineage, story_facts, story_text
from ..stories import Story, story, summaries
from ..store import Store


@dataclass(frozen=True)
class StoryRow:
    """One line of the stories list: the story's summary and how its reports came about."""

    id: str
    headline: str
    when: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    relations: dict[str, int]        # original, identical, copy, rewrite, independent, follow-up -> articles

    @property
    def copies(self) -> int:
        return self.relations.get("identical", 0) + self.relations.get("copy", 0)

    @property
    def rewrites(self) -> int:
        return self.relations.get("rewrite", 0)

    @property
    def independent(self) -> int:
        """Reports written independently: the first one and every later one derived from no other (follow-ups too)."""
        return sum(self.relations.get(r, 0) for r in ("original", "independent", "follow-up"))

    def to_json(self) -> dict:
        return {**self.__dict__, "copies": self.copies, "rewrites": self.rewrites, "independent": self.independent}


def story_rows(store: Store, *, search: str | None = None, entity: str | None = None, source: str | None = None,
               since: date | None = None, until: date | None = None, limit: int = 50) -> list[StoryRow]:
    """Stories latest activity first, filtered as `wiretrace stories` filters them."""
    out = []
    for summary in summaries(store, search=search, entity=entity, source=source, since=since, until=until,
                             limit=limit):
        record = story(store, summary.id)
        out.append(StoryRow(record.id, record.headline, record.when, _iso(summary.first_seen),
                            _iso(summary.last_seen), summary.articles, summary.sources,
                            dict(Counter(link.relation for link in record.provenance))))
    return out


def story_lineage(store: Store, record: Story) -> tuple[QuoteLineage, StoryFacts]:
    """The story's quotations with their wordings, and its facts and names, from one load of its annotations."""
    text = story_text(store, record)
    return quote_lineage(store, text), story_facts(store, text)


def story_json(record: Story, quotes: QuoteLineage, facts: StoryFacts) -> dict:
    """What `wiretrace story --json` prints: the record with its quotes, facts and names sections."""
    found = facts.to_json()
    return {**record.to_json(), "quotes": quotes.to_json()["groups"], "facts": found["facts"], "names": found["names"]}


def _iso(value) -> str | None:
    return value.isoformat() if value else None
