"""Quote search across the store: every stored wording of a quotation, closest first.

A fact-checker pastes a quotation as it circulates and asks where it came
from. The store keeps a trigram full-text index over the distinct wordings
of quotations (SQLite FTS5, filled by `add` in the same transaction; a quote
copied by a hundred outlets is indexed once), so candidates come from the
index, never a scan: wordings sharing a long word with the query (a trigram
phrase matches inside words, so "defeat" finds "defeated"), best bm25 first.
They are ranked by rapidfuzz (the whole wording, or the query found inside a
longer quotation), diffed word by word against the query with compare's
diff, and every article carrying a wording is a hit.

A few words of a quotation find it too, as a search box is used: the words as
a phrase inside it ("central barrier") rank just below the whole wording, and
all of them in any order ("barrier central trailer") just below that; stop
words need not be there, and a word finds the words it begins ("barrier"
finds "barriers"). The index is asked for wordings with all the words as well
as for those with any, so a quotation with every word is never crowded out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from ..stopwords import STOP_WORDS

from ..article import fold
from ..compare.quotes import diff, words
from ..store import Store

CANDIDATES = 200          # wordings the index proposes per query, re-ranked here
MAX_TERMS = 8             # query words sent to the index
MIN_SCORE = 70.0          # closeness (0-100) a hit needs
PARTIAL_SHARE = 0.3       # the shorter text must be this share of the longer for a part to count as a match
PARTIAL_WEIGHT = 0.95     # a wording found inside a longer one ranks just below the same wording
WORDS_WEIGHT = 0.9        # all the query's words in any order rank below them as a phrase
PREFIX_LETTERS = 4        # a query word this long also finds the longer words it begins


@dataclass(frozen=True)
class QuoteHit:
    text: str
    article: str
    story: str | None
    source: str | None
    published: str | None
    speaker: str | None
    score: float
    kind: str                      # how the stored wording differs from the query (compare's quote kinds)
    changes: tuple[dict, ...]
    edges: tuple[dict, ...]

    def to_json(self) -> dict:
        return {"text": self.text, "article": self.article, "story": self.story, "source": self.source,
                "published": self.published, "speaker": self.speaker, "score": self.score, "kind": self.kind,
                "changes": [{"from": c["from"], "to": c["to"]} for c in self.changes],
                "edges": [dict(e) for e in self.edges]}


@dataclass(frozen=True)
class QuoteSearch:
    query: str
    hits: tuple[QuoteHit, ...]
    candidates: int

    def to_json(self) -> dict:
        return {"query": self.query, "hits": [h.to_json() for h in self.hits], "candidates": self.candidates}


def match_expression(query: str, joiner: str = " OR ") -> str | None:
    """An FTS5 query: any (or, with `joiner` " AND ", all) of the query's longest words (three letters or more,
    stop words left out), as trigram phrases.

    Long words are rare words: they pick out the quotation, and a common word's
    long posting list would cost more than it finds.
    """
    terms = [w for w in words(fold(query)) if len(w) >= 3]
    chosen = [w for w in terms if w.lower() not in STOP_WORDS] or terms
    unique = sorted(dict.fromkeys(w.lower() for w in chosen), key=len, reverse=True)[:MAX_TERMS]
    return joiner.join('"' + w.replace('"', '""') + '"' for w in unique) or None


def _keys(text: str) -> list[str]:
    return [w.lower() for w in words(fold(text))]


def _finds(asked: str, word: str) -> bool:
    return word == asked or (len(asked) >= PREFIX_LETTERS and word.startswith(asked))


def words_inside(query: str, text: str) -> float:
    """0-100: the query's words as a phrase inside the wording, or all its words (stop words aside) in any order;
    0 when a word is missing. What a user means by typing a few words of a quotation into a search box."""
    asked, found = _keys(query), _keys(text)
    if not asked or not found:
        return 0.0
    if any(all(_finds(a, w) for a, w in zip(asked, found[i:])) for i in range(len(found) - len(asked) + 1)):
        return round(100 * PARTIAL_WEIGHT, 1)
    needed = [a for a in asked if a not in STOP_WORDS] or asked
    return round(100 * WORDS_WEIGHT, 1) if all(any(_finds(a, w) for w in found) for a in needed) else 0.0


def closeness(query: str, text: str) -> float:
    """0-100: the whole wording's similarity, or the query inside a longer quotation (or a part inside the query)."""
    a, b = default_process(fold(query)), default_process(fold(text))
    score = fuzz.ratio(a, b)
    if a and b and min(len(a), len(b)) >= PARTIAL_SHARE * max(len(a), len(b)):
        score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(a, b))
    return round(score, 1)


def search_quotes(store: Store, query: str, *, limit: int = 20, min_score: float = MIN_SCORE) -> QuoteSearch:
    """Stored quotations close to `query`, closest wording first, each carrier with its article, story and diff."""
    query = " ".join(query.split())
    expression = match_expression(query)
    wordings = _candidates(store, query) if expression else []
    scored = sorted(((max(closeness(query, text), words_inside(query, text)), text) for _, text in wordings),
                    key=lambda x: -x[0])
    hits = []
    for score, text in scored:
        if score < min_score or len(hits) >= limit:
            break
        kind, inner, edges = diff(query, text)
        for article, _, speaker, story, source, published in store.quote_carriers(text, limit - len(hits)):
            hits.append(QuoteHit(text, article, story, source, published, speaker, score, kind, tuple(inner), tuple(edges)))
    return QuoteSearch(query, tuple(hits), len(wordings))


def _candidates(store: Store, query: str) -> list[tuple[int, str]]:
    """Wordings with all the query's long words first, then those with any (each once)."""
    every = store.quote_wordings(match_expression(query, " AND "), CANDIDATES)
    return list(dict.fromkeys(every + store.quote_wordings(match_expression(query), CANDIDATES)))
