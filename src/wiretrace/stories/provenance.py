"""Provenance inside a story: which article derives from which, and the copy clusters.

The fast reading comes from the MinHash values stored with every article, so a
story shows at once; `explain` checks each link with compare (credits,
publication times, what was re-used and added), a second or so per article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from ..article import Article, utc_moment
from ..fingerprints import Profile, jaccard
from ..store import Store

if TYPE_CHECKING:
    from . import Story

COPY_JACCARD = 0.8        # word 3-gram overlap of a (near-)copy
COPY_CONTAINMENT = 0.9    # share of a trimmed copy's word 3-grams found in its source
REWRITE_JACCARD = 0.3     # of a rewrite that keeps sentences
REWRITE_WORDS = 0.45      # content-word overlap of a rewrite that rewords them (above 99% of independent reports)
FOLLOW_UP = timedelta(hours=24)   # a report derived from none this long after the first is a follow-up


@dataclass(frozen=True)
class Link:
    article: str
    derived_from: str | None
    relation: str            # original | identical | copy | rewrite | independent | follow-up
    text_overlap: float
    word_overlap: float
    evidence: tuple[str, ...] = ()


def profiles_of(store: Store, article_ids: list[str]) -> dict[str, Profile]:
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
    first_of: dict[str, Article] = {}
    text, present = _hash_matrix(articles, profiles, "text_hash")
    words, _ = _hash_matrix(articles, profiles, "words_hash")
    timed = np.array([isinstance(a.published, datetime) for a in articles], dtype=bool)
    days = np.array([utc_moment(a.published).toordinal() if a.published else -1 for a in articles])
    for n, a in enumerate(articles):
        first = first_of.get(a.normalized)
        if n > 0 and first is not None and may_derive(a, first):
            links.append(Link(a.id, first.id, "identical", 1.0, 1.0,
                              (f"same text as {first.id}, {_before(a, first)}",)))
            continue
        first_of.setdefault(a.normalized, a)
        allowed = np.ones(n, dtype=bool)
        for i in np.flatnonzero((timed[:n] != timed[n]) & (days[:n] == days[n]) & (days[n] >= 0)):
            allowed[i] = may_derive(a, articles[i])   # only there may the times not order them
        best = None
        if n > 0 and present[n] and (present[:n] & allowed).any():
            shared_text = np.where(present[:n], np.count_nonzero(text[:n] == text[n], axis=1), -1)
            shared_words = np.count_nonzero(words[:n] == words[n], axis=1)
            score = np.where(allowed, shared_text * (words.shape[1] + 1) + shared_words, -1)
            i = int(np.argmax(score))   # most text, then words; earliest
            best = (articles[i].id, float(shared_text[i] / text.shape[1]), float(shared_words[i] / words.shape[1]))
            source = articles[i]
        if n == 0 or best is None:
            links.append(Link(a.id, None, "original" if n == 0 else _unsourced(a, articles[0]), 0.0, 0.0))
            continue
        overlap = (f"shares {best[1]:.0%} of its word 3-grams and {best[2]:.0%} of its content words "
                   f"with {best[0]}, {_before(a, source)}",)
        if best[1] >= COPY_JACCARD or (best[1] >= REWRITE_JACCARD and _contained(a.id, best[0], best[1], sizes)):
            links.append(Link(a.id, best[0], "copy", round(best[1], 3), round(best[2], 3), overlap))
        elif best[1] >= REWRITE_JACCARD or best[2] >= REWRITE_WORDS:
            links.append(Link(a.id, best[0], "rewrite", round(best[1], 3), round(best[2], 3), overlap))
        else:
            links.append(Link(a.id, None, _unsourced(a, articles[0]), round(best[1], 3), round(best[2], 3)))
    return links


def order_unknown(a: Article, b: Article) -> bool:
    """Whether the publication times leave which of two articles came first unknown: one gives only a day, the
    other an hour of that same day. The bare day sorts at the day's end, which is no time of publication."""
    if a.published is None or b.published is None or (isinstance(a.published, datetime)
                                                        == isinstance(b.published, datetime)):
        return False
    return utc_moment(a.published).date() == utc_moment(b.published).date()


def may_derive(article: Article, source: Article) -> bool:
    """Whether `article`, placed after `source`, may derive from it: always where their times order them; where
    they do not (`order_unknown`), only on the evidence compare weighs beside time, as it weighs it (the article
    credits the source's outlet, the source is a news agency and the article is not), never by time alone."""
    if not order_unknown(article, source):
        return True
    from ..compare.direction import outlet_votes

    return outlet_votes(article, source) > outlet_votes(source, article)


def _before(article: Article, source: Article) -> str:
    if order_unknown(article, source):
        return "published the same day (the hour is not known for both, so the times do not order them)"
    return "published before it"


def _unsourced(article: Article, first: Article) -> str:
    """A report derived from no other is independent, or a follow-up when it came a day or more after the story's
    first report ("toll rises to 21"): the story has moved on by then."""
    if article.published and first.published and utc_moment(article.published) - utc_moment(first.published) >= FOLLOW_UP:
        return "follow-up"
    return "independent"


def _contained(article: str, source: str, jaccard_estimate: float, sizes: dict[str, int] | None) -> bool:
    if not sizes or not sizes.get(article) or source not in sizes:
        return False
    shared = jaccard_estimate / (1 + jaccard_estimate) * (sizes[article] + sizes[source])
    return shared / sizes[article] >= COPY_CONTAINMENT


def explain(store: Store, record: "Story", progress=None) -> "Story":
    """The story with its provenance checked by compare, sentence by sentence.

    compare weighs publication times, credits ("according to GPA") and what the
    later text re-used and added; its relation and evidence replace the MinHash
    reading. Each later article is checked against its likely source: an
    earlier article of an outlet it credits ("reported The Daily Ledger"),
    else its MinHash source, else the earlier article it shares most words with,
    since a heavy rewrite keeps few of its source's word 3-grams. A link
    compare finds to be another event, or re-using too little to derive,
    becomes an independent report (or a follow-up); a link whose evidence points the other way
    is kept (the earlier article stays the source) and says so.
    """
    from ..compare import compare
    from ..compare.direction import credits

    order = [a.id for a in record.articles]
    by_id = {a.id: a for a in record.articles}
    profiles = profiles_of(store, order)

    def source_of(link: Link) -> str | None:
        """The earlier article of an outlet this one credits, else the MinHash source, else the one sharing most words."""
        earlier = [a for a in order[:order.index(link.article)]
                   if a in profiles and may_derive(by_id[link.article], by_id[a])]
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
            if link.relation in ("copy", "rewrite", "independent", "follow-up") and link.article != order[0]]
    todo = [(link, source) for link, source in todo if source is not None]
    checked = {}
    for done, (link, source_id) in enumerate(todo, 1):
        source, article = by_id[source_id], by_id[link.article]
        result = compare(source, article, annotations=(store.annotations(source.id), store.annotations(article.id)))
        evidence = [_as_link(line) for line in result.evidence]
        if result.relation in ("same_event", "different_event"):
            what = "another event" if result.relation == "different_event" else "an independent report of this event"
            checked[link.article] = replace(link, derived_from=None, relation=_unsourced(article, record.articles[0]),
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
        line = line.replace(f" of {side}'s", f" of {name}'s").replace(f"but {side} gives", f"but {name} gives")
    return line


def copy_clusters(articles: list[Article], profiles: dict[str, Profile]) -> tuple[tuple[str, ...], ...]:
    """Groups of articles that are copies of one another (word 3-gram overlap), largest first."""
    group = {a.id: a.id for a in articles}

    def find(x):
        while group[x] != x:
            x = group[x]
        return x

    text, present = _hash_matrix(articles, profiles, "text_hash")
    for n, a in enumerate(articles):
        if present[n]:
            shared = np.count_nonzero(text[n + 1:] == text[n], axis=1) >= COPY_JACCARD * text.shape[1]
            for m in np.flatnonzero(shared & present[n + 1:]) + n + 1:
                group[find(articles[m].id)] = find(a.id)
    clusters: dict[str, list[str]] = {}
    for a in articles:
        clusters.setdefault(find(a.id), []).append(a.id)
    return tuple(sorted((tuple(c) for c in clusters.values()), key=lambda c: (-len(c), c)))


def _hash_matrix(articles: list[Article], profiles: dict[str, Profile], kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The articles' MinHash values of one kind as rows, and which articles have a profile: every pair of a large
    story is compared in bulk (a story of 1,000 articles has half a million pairs)."""
    present = np.array([a.id in profiles for a in articles], dtype=bool)
    width = next((len(getattr(p, kind)) for p in profiles.values()), 1)
    rows = [getattr(profiles[a.id], kind) if a.id in profiles else np.zeros(width, dtype=np.uint64) for a in articles]
    return (np.vstack(rows) if rows else np.zeros((0, width), dtype=np.uint64)), present
