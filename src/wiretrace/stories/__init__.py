"""Stories: the articles that report one real-world event, with their copy clusters and provenance.

`Story` is what a reader asks for: the event record (what, who, where, when),
the timeline, which articles are copies of one another, and which derives
from which. Everything is derived from the store's membership and profiles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from ..article import Article
from ..fingerprints import Profile, body_text, jaccard, shingles
from ..store import Store

COPY_JACCARD = 0.8        # word 3-gram overlap of a (near-)copy
COPY_CONTAINMENT = 0.9    # share of a trimmed copy's word 3-grams found in its source
REWRITE_JACCARD = 0.3     # of a rewrite that keeps sentences
REWRITE_WORDS = 0.55      # content-word overlap of a rewrite that rewords them


@dataclass(frozen=True)
class Link:
    article: str
    derived_from: str | None
    relation: str            # original | identical | copy | rewrite | independent
    text_overlap: float
    word_overlap: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    headline: str
    articles: tuple[Article, ...]           # in publication order
    copy_clusters: tuple[tuple[str, ...], ...]
    provenance: tuple[Link, ...]
    who: tuple[str, ...]
    where: tuple[str, ...]
    when: str | None
    sources: tuple[str, ...]

    @property
    def first_seen(self):
        return self.articles[0].published if self.articles else None

    @property
    def last_seen(self):
        dated = [a.published for a in self.articles if a.published]
        return max(dated, key=utc_moment) if dated else None

    def to_json(self) -> dict:
        def when(value):
            return value.isoformat() if value else None

        return {
            "id": self.id, "headline": self.headline, "first_seen": when(self.first_seen),
            "last_seen": when(self.last_seen), "sources": list(self.sources),
            "event": {"what": self.headline, "who": list(self.who), "where": list(self.where), "when": self.when,
                      "sources": len(self.sources)},
            "articles": [{"id": a.id, "source": a.source, "title": a.title, "published": when(a.published),
                          "url": a.url} for a in self.articles],
            "copy_clusters": [list(c) for c in self.copy_clusters],
            "provenance": [{**link.__dict__, "evidence": list(link.evidence)} for link in self.provenance],
        }


def utc_moment(value) -> datetime:
    """A naive UTC datetime for any date or datetime, so mixed inputs sort together.

    A bare date counts as the end of its day: an article whose hour is unknown
    is not taken for the first report over one timed earlier that day.
    """
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def _order(article: Article):
    return (article.published is None, utc_moment(article.published) if article.published else None, article.id)


def headline(articles: list[Article]) -> str:
    """The earliest title; failing any, the first line of the earliest article."""
    titled = next((a.title for a in articles if a.title), None)
    return titled or (articles[0].normalized.split("\n")[0][:120] if articles else "")


def story(store: Store, story_id: str) -> Story:
    members = [a for a, _ in store.story_members(story_id)]
    articles = sorted((store.article(a) for a in members), key=_order)
    profiles = _profiles(store, members)
    people, places, days = Counter(), Counter(), Counter()
    sizes = {}
    for a in articles:
        ann = store.annotations(a.id)
        sizes[a.id] = len(shingles(body_text(a, ann)))
        people.update({e.text for e in ann.entities if e.label == "person"})
        places.update({e.text for e in ann.entities if e.label == "place"} | ({a.dateline} if a.dateline else set()))
        days.update({t.resolved for t in ann.times if t.granularity == "day" and t.resolved})
    links = provenance(articles, profiles, sizes)
    return Story(
        id=story_id, headline=headline(articles) or story_id, articles=tuple(articles),
        copy_clusters=copy_clusters(articles, profiles), provenance=tuple(links),
        who=tuple(n for n, _ in people.most_common(5)), where=tuple(n for n, _ in places.most_common(5)),
        when=days.most_common(1)[0][0] if days else None,
        sources=tuple(sorted({a.source for a in articles if a.source})),
    )


def _profiles(store: Store, article_ids: list[str]) -> dict[str, Profile]:
    rows = store.db.execute(f"SELECT rowid FROM profiles WHERE article_id IN ({','.join('?' * len(article_ids))})",
                            article_ids).fetchall()
    return {p.article_id: p for p in store.profiles_by_rowid(r[0] for r in rows)}


def provenance(articles: list[Article], profiles: dict[str, Profile], sizes: dict[str, int] | None = None) -> list[Link]:
    """For each article, the earlier one it most likely derives from, by shared text, else shared words.

    An identical text derives from the first article that carried it. Given the
    articles' counts of distinct word 3-grams (`sizes`), a text nearly all found
    in its source is a copy however much of the source it cut: containment,
    |A & B| / |A| with |A & B| = J (|A| + |B|) / (1 + J). This is the fast
    reading from the stored MinHash values; `explain` checks each link with compare.
    """
    links = []
    first_of: dict[str, str] = {}
    for n, a in enumerate(articles):
        if n > 0 and a.normalized in first_of:
            source = first_of[a.normalized]
            links.append(Link(a.id, source, "identical", 1.0, 1.0, (f"same text as {source}, published before it",)))
            continue
        first_of.setdefault(a.normalized, a.id)
        best = None
        for earlier in articles[:n]:
            pa, pe = profiles.get(a.id), profiles.get(earlier.id)
            if pa is None or pe is None:
                continue
            t, w = jaccard(pa.text_hash, pe.text_hash), jaccard(pa.words_hash, pe.words_hash)
            if best is None or (t, w) > (best[1], best[2]):
                best = (earlier.id, t, w)
        if n == 0 or best is None:
            links.append(Link(a.id, None, "original" if n == 0 else "independent", 0.0, 0.0))
            continue
        overlap = (f"shares {best[1]:.0%} of its word 3-grams and {best[2]:.0%} of its content words "
                   f"with {best[0]}, published before it",)
        if best[1] >= COPY_JACCARD or (best[1] >= REWRITE_JACCARD and _contained(a.id, best[0], best[1], sizes)):
            links.append(Link(a.id, best[0], "copy", round(best[1], 3), round(best[2], 3), overlap))
        elif best[1] >= REWRITE_JACCARD or best[2] >= REWRITE_WORDS:
            links.append(Link(a.id, best[0], "rewrite", round(best[1], 3), round(best[2], 3), overlap))
        else:
            links.append(Link(a.id, None, "independent", round(best[1], 3), round(best[2], 3)))
    return links


def _contained(article: str, source: str, jaccard_estimate: float, sizes: dict[str, int] | None) -> bool:
    if not sizes or not sizes.get(article) or source not in sizes:
        return False
    shared = jaccard_estimate / (1 + jaccard_estimate) * (sizes[article] + sizes[source])
    return shared / sizes[article] >= COPY_CONTAINMENT


def explain(store: Store, record: Story, progress=None) -> Story:
    """The story with its provenance checked by compare, sentence by sentence.

    compare weighs publication times, credits ("according to GPA") and what the
    later text re-used and added; its relation and evidence replace the MinHash
    reading. Each later article is checked against its likely source: an
    earlier article of an outlet it credits ("reported The Daily Ledger"),
    else its MinHash source, else the earlier article it shares most words with,
    since a heavy rewrite keeps few of its source's word 3-grams. A link
    compare finds to be another event, or re-using too little to derive,
    becomes an independent report; a link whose evidence points the other way
    is kept (the earlier article stays the source) and says so.
    """
    from ..compare import compare
    from ..compare.direction import credits

    order = [a.id for a in record.articles]
    by_id = {a.id: a for a in record.articles}
    profiles = _profiles(store, order)

    def source_of(link: Link) -> str | None:
        """The earlier article of an outlet this one credits, else the MinHash source, else the one sharing most words."""
        earlier = [a for a in order[:order.index(link.article)] if a in profiles]
        if link.article not in profiles or not earlier:
            return None
        text = by_id[link.article].text
        credited = [a for a in earlier if by_id[a].source and by_id[a].source != by_id[link.article].source
                    and credits(text, by_id[a].source)]
        if link.derived_from and (not credited or link.derived_from in credited):
            return link.derived_from
        mine = profiles[link.article].words_hash
        return max(credited or earlier, key=lambda a: jaccard(mine, profiles[a].words_hash))

    todo = [(link, source_of(link)) for link in record.provenance
            if link.relation in ("copy", "rewrite") or (link.relation == "independent" and link.article != order[0])]
    todo = [(link, source) for link, source in todo if source is not None]
    checked = {}
    for done, (link, source_id) in enumerate(todo, 1):
        source, article = by_id[source_id], by_id[link.article]
        result = compare(source, article, annotations=(store.annotations(source.id), store.annotations(article.id)))
        evidence = [_as_link(line) for line in result.evidence]
        if result.relation in ("same_event", "different_event"):
            what = "another event" if result.relation == "different_event" else "an independent report of this event"
            checked[link.article] = replace(link, derived_from=None, relation="independent",
                                            evidence=(*evidence, f"compare with {source.id}: {what}"))
        else:
            if result.derived_from == "a":
                evidence.append(f"this evidence points the other way: {source.id} may derive from this article")
            checked[link.article] = replace(link, derived_from=source.id, relation=result.relation,
                                            evidence=tuple(evidence))
        if progress:
            progress(done, len(todo))
    return replace(record, provenance=tuple(checked.get(link.article, link) for link in record.provenance))


def _as_link(line: str) -> str:
    """compare's evidence about its sides a and b, told of a link: the source, and this article."""
    for side, name in (("a", "the source"), ("b", "this article")):
        if line.startswith(side + " "):
            line = name + line[1:]
        line = line.replace(f" of {side}'s", f" of {name}'s")
    return line


def copy_clusters(articles: list[Article], profiles: dict[str, Profile]) -> tuple[tuple[str, ...], ...]:
    """Groups of articles that are copies of one another (word 3-gram overlap), largest first."""
    group = {a.id: a.id for a in articles}

    def find(x):
        while group[x] != x:
            x = group[x]
        return x

    for n, a in enumerate(articles):
        for b in articles[n + 1:]:
            pa, pb = profiles.get(a.id), profiles.get(b.id)
            if pa is not None and pb is not None and jaccard(pa.text_hash, pb.text_hash) >= COPY_JACCARD:
                group[find(b.id)] = find(a.id)
    clusters: dict[str, list[str]] = {}
    for a in articles:
        clusters.setdefault(find(a.id), []).append(a.id)
    return tuple(sorted((tuple(c) for c in clusters.values()), key=lambda c: (-len(c), c)))


@dataclass(frozen=True)
class StorySummary:
    id: str
    headline: str
    articles: int
    sources: int
    first_seen: date | datetime | None
    last_seen: date | datetime | None

    @property
    def span_days(self) -> float | None:
        """Days from the first report to the last (a bare date counts as the end of its day)."""
        if self.first_seen is None or self.last_seen is None:
            return None
        return round((utc_moment(self.last_seen) - utc_moment(self.first_seen)).total_seconds() / 86400, 1)


def summaries(store: Store, *, search: str | None = None, entity: str | None = None, source: str | None = None,
              since: date | None = None, until: date | None = None, limit: int = 200) -> list[StorySummary]:
    """Stories, latest activity first, filtered by words in their articles, a name, an outlet, or dates.

    `entity` keeps stories with an article naming a person, organisation or place
    whose name contains it (any case): "Bautista" finds "Jennelyn Bautista".
    """
    out = []
    for story_id in store.story_ids():
        members = [store.article(a) for a, _ in store.story_members(story_id)]
        members.sort(key=_order)
        if search and not any(search.lower() in (a.title or "").lower() or search.lower() in a.text.lower()
                              for a in members):
            continue
        if source and not any((a.source or "").lower() == source.lower() for a in members):
            continue
        days = [a.published_day for a in members if a.published_day]
        if since and (not days or max(days) < since):
            continue
        if until and (not days or min(days) > until):
            continue
        if entity and not _mentions(store, members, entity):
            continue
        dated = [a.published for a in members if a.published]
        out.append(StorySummary(story_id, headline(members), len(members),
                                len({a.source for a in members if a.source}), dated[0] if dated else None,
                                max(dated, key=utc_moment) if dated else None))
        if len(out) >= limit:
            break
    return out


def _mentions(store: Store, articles: list[Article], name: str) -> bool:
    """Whether one of the articles names an entity whose name contains `name`; checked last, as it loads annotations."""
    needle = name.casefold()
    return any(needle in e.text.casefold() for a in articles for e in store.annotations(a.id).entities)
