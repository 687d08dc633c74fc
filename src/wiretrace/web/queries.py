"""The read-only questions the pages and the API ask of a store, answered by the library's own functions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from ..article import Article
from ..compare.quotes import words
from ..compare.report import changed_pair
from ..lineage import QuoteHit, QuoteLineage, QuoteSearch, StoryFacts, quote_lineage, story_facts, story_text
from ..render import short_id
from ..stories import Story, StorySummary, headline
from ..store import Store, article_record


@dataclass(frozen=True)
class StoryRow:
    """One line of the stories list: the story's summary, how its reports came about, and what changed on the way."""

    id: str
    headline: str
    when: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    relations: dict[str, int]        # original, identical, copy, rewrite, independent, follow-up -> articles
    altered_quotes: int              # quotations some outlet carries with words changed
    disputed_facts: int              # claims whose sources state different values
    span_days: float | None = None   # first report to last, as `wiretrace stories` gives it

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
        """Every field `wiretrace stories --json` gives (`sources` is `outlets` under the CLI's name), and more."""
        return {**self.__dict__, "sources": self.outlets, "copies": self.copies, "rewrites": self.rewrites,
                "independent": self.independent}


def story_row(summary: StorySummary, record: Story, quotes: QuoteLineage, facts: StoryFacts) -> StoryRow:
    return StoryRow(record.id, record.headline, record.when, _iso(summary.first_seen), _iso(summary.last_seen),
                    summary.articles, summary.sources, dict(Counter(link.relation for link in record.provenance)),
                    sum(group.altered for group in quotes.groups),
                    sum(claim.status == "disagree" for claim in facts.facts), summary.span_days)


@dataclass(frozen=True)
class ArticleRow:
    """One line of the articles list: the article, whose text it leaves out, and its story."""

    article: Article
    story: str | None
    lead: str | None = None          # an untitled article's opening sentence, as its story's timeline lists it

    def to_json(self) -> dict:
        return {**{k: v for k, v in article_record(self.article).items() if k != "text"}, "story": self.story}


def article_rows(store: Store, *, search: str | None = None, source: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[ArticleRow], bool]:
    """A page of articles as `wiretrace articles` lists them (oldest first), and whether more follow it."""
    found = list(store.articles(search=search, source=source, limit=limit + 1, offset=offset))
    return [ArticleRow(a, store.story_of(a.id), None if a.title else headline([a], store.annotations(a.id)))
            for a in found[:limit]], len(found) > limit


def outlets_like(store: Store, term: str, limit: int = 10) -> list[str]:
    """Outlets whose name holds `term` (any case): what a visitor who typed part of a name meant, since the source
    filters take an outlet's whole name."""
    rows = store.db.execute("SELECT DISTINCT source FROM articles WHERE instr(casefold(source), ?) ORDER BY source "
                            "LIMIT ?", (term.casefold(), limit))
    return [row[0] for row in rows]


def wordings(result: QuoteSearch) -> list[tuple[QuoteHit, ...]]:
    """A quote search's hits by wording, closest wording first: each wording once, with every article carrying it."""
    return [tuple(hits) for _, hits in groupby(result.hits, key=attrgetter("text"))]


def marked_wording(query: str, hit: QuoteHit) -> list[tuple[str, str]]:
    """The hit's words as the quote search shows them: "changed" where it words the query differently, "beyond" where
    a longer quotation goes on past the query's ends (not a change: the query quoted part of it), else ""."""
    _, flagged = changed_pair(query, hit.text)
    beyond = set()
    for edge in hit.edges:
        left = len(words(edge["to"]))
        for n in range(len(flagged)) if edge["where"] == "start" else reversed(range(len(flagged))):
            if left <= 0:
                break
            beyond.add(n)
            left -= len(words(flagged[n][0]))
    return [(word, "beyond" if n in beyond else "changed" if changed else "") for n, (word, changed) in enumerate(flagged)]


@dataclass(frozen=True)
class Endpoint:
    """One operation of the JSON API as its page lists it."""

    method: str
    path: str
    summary: str
    parameters: tuple[tuple[str, str, bool, str], ...]    # (name, where: path/query/form, required, description)


def api_endpoints(schema: dict) -> list[Endpoint]:
    """The API's operations from its OpenAPI schema, so that the page listing them cannot drift from the routes."""
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            params = [(p["name"], p["in"], p.get("required", False), p.get("description", ""))
                      for p in op.get("parameters", ())]
            body = op.get("requestBody", {}).get("content", {})
            ref = next(iter(body.values()), {}).get("schema", {}).get("$ref", "")
            form = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
            params += [(name, "form", name in form.get("required", ()), field.get("description", ""))
                       for name, field in form.get("properties", {}).items()]
            found.append(Endpoint(method.upper(), path, op.get("summary", ""), tuple(params)))
    return found


def api_examples(store: Store) -> dict[str, str]:
    """Addresses of the API that answer something on this store: its latest story, that story's first article, a
    derived report with its source, and a few words of a quotation. Empty for an empty store."""
    latest = store.story_ids(limit=1)
    if not latest:
        return {}
    members = sorted(a for a, _ in store.story_members(latest[0]))
    examples = {"/api/stories": "/api/stories?limit=5", "/api/stories/{story_id}": f"/api/stories/{short_id(latest[0])}",
                "/api/articles": "/api/articles?limit=5",
                "/api/articles/{article_id}": f"/api/articles/{short_id(members[0])}"}
    quote = next((q.text for a in members for q in store.annotations(a).quotes if len(words(q.text)) >= 3), None)
    if quote:
        examples["/api/quotes"] = "/api/quotes?" + urlencode({"q": " ".join(words(quote)[:4])})
    if len(members) > 1:
        examples["/api/compare"] = f"/api/compare?a={short_id(members[0])}&b={short_id(members[1])}"
    return examples


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
