"""Stories: the articles that report one real-world event, with their copy clusters and provenance.

`Story` is what a reader asks for: the event record (what, who, where, when),
the timeline, which articles are copies of one another, and which derives
from which. Everything is derived from the store's membership and profiles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from textwrap import shorten
from typing import Iterable

from ..annotations import Annotations
from ..article import Article, utc_moment
from ..compare.names import group_spellings, is_country, kind_of, key as name_key, without_place_noun
from ..fingerprints import body_text, shingles
from ..nlp.times import of_speaking
from ..readers.dateline import dateline_end
from ..store import Store
from .provenance import Link, copy_clusters, explain, profiles_of, provenance

NAMED = ("person", "group", "org", "place")   # entity kinds that vote on what a name is
EVENT_NAMES = 5         # people and places an event record names
EVENT_SPELLINGS = 300   # spellings an event record groups (by how many articles use them)
ELSEWHERE = ("headline", "prompt")   # furniture about other articles: "Also read: Drone Strike Kills ..."
LEAD = 3                # sentences that open an article (beside its title): where news says where it happened
HEADLINE_CHARS = 120    # an untitled story's headline: its first report's opening sentence, cut at a word
FOLD_ABOVE = 40         # a larger story's timeline lists each copy cluster by its first article (`timeline`)

__all__ = ["Link", "Story", "StorySummary", "copy_clusters", "explain", "outlines", "provenance", "story", "summaries",
           "timeline", "utc_moment"]


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
    titles: tuple[str, ...] = ()            # by article: its title, or its opening sentence when it has none

    def title_of(self, article: Article) -> str:
        """What a timeline lists an article by: its title, else its opening sentence (not a photo caption)."""
        return self._titles.get(article.id) or headline([article])

    @cached_property
    def _titles(self) -> dict[str, str]:
        return dict(zip((a.id for a in self.articles), self.titles))

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


def _order(article: Article):
    return _order_key(article.published, article.id)


def _order_key(published, article_id: str):
    """Publication order: undated last, ties by id."""
    return (published is None, utc_moment(published) if published else None, article_id)


def headline(articles: list[Article], first: Annotations | None = None) -> str:
    """The earliest title; failing any, the earliest article's first sentence that is no boilerplate (`first`: its
    annotations), without its dateline: a photo caption above a report does not say what happened, nor a dateline
    the parser made a sentence of its own ('LIMA, Feb 8 (GPA) -')."""
    titled = next((a.title for a in articles if a.title), None)
    if titled or not articles:
        return titled or ""
    lines = [s.text for s in first.sentences if not s.boilerplate] if first else []
    lines = lines or articles[0].normalized.split("\n")[:1]
    lines = [line[dateline_end(line):].lstrip(" :-\u2013\u2014") for line in lines]
    return shorten(next((line for line in lines if line), ""), HEADLINE_CHARS, placeholder="...")


def story(store: Store, story_id: str) -> Story:
    """The stored story with this id, or the one this prefix starts ('s0aed84d3b', as the commands show it): its
    event record, articles in publication order, copy clusters and provenance. NotFound for an id naming none."""
    story_id = store.resolve_story(story_id)
    members = [a for a, _ in store.story_members(story_id)]
    articles = sorted((store.article(a) for a in members), key=_order)
    profiles = profiles_of(store, members)
    mentions, days = set(), []
    sizes, titles = {}, []
    for a in articles:
        ann = store.annotations(a.id)
        titles.append(headline([a], ann))
        sizes[a.id] = len(shingles(body_text(a, ann)))
        named = [e for e in ann.entities if e.label in NAMED and ann.sentences[e.sentence].boilerplate not in ELSEWHERE]
        mentions.update((a.id, e.label, e.text) for e in named)
        mentions.update((a.id, "lead", e.text) for e in named if e.sentence < LEAD or _in_title(e.text, a.title))
        mentions.update((a.id, "dateline", part.strip()) for part in (a.dateline or "").split(",") if part.strip())
        days.append(_seen_by(named_days(ann), a))
    links = provenance(articles, profiles, sizes)
    who, where = event_names(mentions)
    return Story(
        id=story_id, headline=next((a.title for a in articles if a.title), None) or next(iter(titles), "") or story_id,
        articles=tuple(articles),
        copy_clusters=copy_clusters(articles, profiles), provenance=tuple(links), who=who, where=where,
        when=event_day(days),
        sources=tuple(sorted({a.source for a in articles if a.source})), titles=tuple(titles),
    )


def timeline(record: Story, every: bool = False) -> list[Article]:
    """The articles a story's timeline lists: in a story of more than FOLD_ABOVE articles only the first of each copy
    cluster (a wire report copied 800 times is one row, not 800), unless `every`."""
    if every or len(record.articles) <= FOLD_ABOVE:
        return list(record.articles)
    cluster_of = {a: n for n, cluster in enumerate(record.copy_clusters) if len(cluster) > 1 for a in cluster}
    listed, shown = set(), []
    for a in record.articles:
        if cluster_of.get(a.id) not in listed:
            shown.append(a)
            if a.id in cluster_of:
                listed.add(cluster_of[a.id])
    return shown


def _in_title(name: str, title: str | None) -> bool:
    return bool(title) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title) is not None


def named_days(ann: Annotations) -> dict[str, int | None]:
    """The days an article names (ISO day -> the first sentence naming it as when something happened, or None when
    it is named only in a dateline, as the day someone spoke, "said on Saturday", or in boilerplate)."""
    named: dict[str, int | None] = {}
    openings: dict[int, int] = {}
    for t in ann.times:
        if t.granularity != "day" or not t.resolved:
            continue
        sentence = ann.sentences[t.sentence]
        start, end = t.start - sentence.start, t.end - sentence.start
        if sentence.index not in openings:
            openings[sentence.index] = dateline_end(sentence.text)
        happened = (not sentence.boilerplate and start >= openings[sentence.index]
                    and not of_speaking(sentence.text, start, end))
        if named.get(t.resolved) is None:
            named[t.resolved] = t.sentence if happened else None
    return named


def _seen_by(days: dict[str, int | None], article: Article) -> dict[str, int | None]:
    """The days an article names up to its own: a later one is scheduled ("an inquiry will begin on Wednesday"),
    not the day of the event it reports."""
    published = article.published_day
    return days if published is None else {day: at for day, at in days.items() if day <= published.isoformat()}


def event_day(days: list[dict[str, int | None]]) -> str | None:
    """The day most articles name (`days`: each article's `named_days`); of days named equally often, the one most
    articles name as when something happened, then the one named nearest the top (the lead says when), then the
    earliest: reports name the day they were filed and the days of the background beside the day of the event."""
    named, happened, first = Counter(), Counter(), defaultdict(list)
    for article in days:
        named.update(article.keys())
        for day, sentence in article.items():
            if sentence is not None:
                happened[day] += 1
                first[day].append(sentence)
    lead = {day: sum(sentences) / len(sentences) for day, sentences in first.items()}
    return min(named, key=lambda day: (-named[day], -happened[day], lead.get(day, float("inf")), day)) if named else None


def event_names(mentions: Iterable[tuple[str, str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(who, where) of an event record: its people and places, most articles first, from (article id, label,
    spelling) mentions, where the label "dateline" marks a place named in an article's dateline and "lead" one
    named in its first sentences. Where an event happened is said first: places that no lead or dateline names
    ("smoke drifted as far as Europe") are listed only when no other is.

    The spellings of one entity count together ("Ilagan" for "Armando Ilagan",
    "MANILA" for "Manila"), shown as the spelling most articles use of those
    no other spelling contains ("Armando Ilagan", not "Ilagan"), not in capitals. An entity
    is a place when one of its spellings is a country's name or stands in a
    dateline, and otherwise of the kind most of its mentions give it: the
    recogniser calls "Mali" a person now and then, and a small town a
    nationality. A person never named in more than one word is left out.
    The EVENT_SPELLINGS spellings named by most articles are
    looked at, so that a story of thousands of articles is read in a moment.
    """
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article, label, spelling in sorted(mentions):
        uses[spelling].append((article, label))
    spellings = sorted(uses, key=lambda s: (-len({a for a, _ in uses[s]}), s))[:EVENT_SPELLINGS]
    placed = {s for s in spellings if is_country(s) or any(label == "dateline" for _, label in uses[s])}
    kinds = {s: "place" if s in placed else kind_of(s, Counter(label for _, label in uses[s] if label in NAMED))
             for s in spellings}
    named: dict[str, list[tuple[bool, int, str]]] = {"person": [], "place": []}
    for group in group_spellings(spellings, kinds):
        kind = "place" if placed & set(group) else kind_of(group[0], Counter(kinds[s] for s in group
                                                                             for _, label in uses[s] if label in NAMED))
        if kind == "person" and all(len(s.split()) == 1 for s in group):
            continue   # news names a person in full first: a lone word is the recogniser's slip ("Turnout was low")
        if kind in named:
            # a place by its name: "Inazzar", not "Inazzar village"
            bare = [s for s in group if kind == "person" or without_place_noun(s) == s] or group
            words = {s: set(name_key(s).split()) for s in bare}
            fullest = [s for s in bare if not any(words[s] < words[o] for o in bare)]
            shown = min(fullest, key=lambda s: (s.isupper(), -len({a for a, _ in uses[s]}), -len(s.split()), s))
            opening = kind == "person" or any(label in ("lead", "dateline") for s in group for _, label in uses[s])
            named[kind].append((opening, len({a for s in group for a, _ in uses[s]}), shown))
    if any(opening for opening, _, _ in named["place"]):
        named["place"] = [n for n in named["place"] if n[0]]
    return tuple(tuple(name for _, _, name in sorted(named[kind], key=lambda n: (-n[1], n[2]))[:EVENT_NAMES])
                 for kind in ("person", "place"))


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
    The store filters in SQL, and of the listed stories only titles, outlets
    and dates are read: a list costs one pass over the store, not a load of it.
    """
    return outlines(store, store.story_ids(search=search, entity=entity, source=source, since=since, until=until,
                                           limit=limit))


def outlines(store: Store, story_ids: list[str]) -> list[StorySummary]:
    """`StorySummary` of each of these stories, in their order."""
    out = []
    for story_id, rows in store.story_outlines(story_ids).items():
        rows.sort(key=lambda row: _order_key(row[3], row[0]))
        dated = [published for _, _, _, published in rows if published]
        title = next((title for _, _, title, _ in rows if title), None)
        out.append(StorySummary(story_id, title or headline([store.article(rows[0][0])], store.annotations(rows[0][0])),
                                len(rows),
                                len({src for _, src, _, _ in rows if src}), dated[0] if dated else None,
                                max(dated, key=utc_moment) if dated else None))
    return out
