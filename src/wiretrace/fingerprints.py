"""Fingerprints of an article for finding its copies and its story at scale.

MinHash (Broder, 1997) over word 3-grams estimates how much text two articles
share, and its LSH bands find near-copies without comparing every pair; a
second MinHash over content words estimates vocabulary overlap that survives
rewording. The document embedding (MiniLM over headline and lead) finds
rewrites and independent reports of one event. The names, numbers and dates
an article states tell one event from another of the same kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash

from .annotations import Annotations
from .article import Article
from .compare.features import STOPWORDS, _stem
from .compare.names import key

NUM_PERM = 128
_WORD = re.compile(r"[a-z0-9]+")


def _hash(token: bytes) -> int:
    return xxhash.xxh32_intdigest(token)


def shingles(text: str, n: int = 3) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}


def content_words(text: str) -> set[bytes]:
    return {_stem(w).encode() for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2}


def minhashes(sets: list[set[bytes]]) -> np.ndarray:
    """One row of NUM_PERM hash values per set (uint64), computed in bulk."""
    if not sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint64)
    return np.vstack([m.hashvalues for m in MinHash.bulk([list(s) or [b""] for s in sets], num_perm=NUM_PERM,
                                                           hashfunc=_hash)]).astype(np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def lean(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=values, scheme="affine32")


@dataclass(frozen=True)
class Profile:
    """What story assignment knows of an article."""

    article_id: str
    day: date | None
    embedding: np.ndarray
    text_hash: np.ndarray
    words_hash: np.ndarray
    people: frozenset[str]
    places: frozenset[str]
    orgs: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]


def lead_text(article: Article, ann: Annotations, sentences: int = 6) -> str:
    body = [s.text for s in ann.sentences if not s.boilerplate][:sentences]
    return " ".join(([article.title] if article.title else []) + body)


def profiles(items: list[tuple[Article, Annotations]]) -> list[Profile]:
    """Profiles of many articles, with embeddings and MinHashes computed in batches."""
    from .embeddings import encode

    if not items:
        return []
    vectors = encode([lead_text(a, ann) for a, ann in items])
    bodies = [" ".join(s.text for s in ann.sentences if not s.boilerplate) or a.text for a, ann in items]
    text_hashes = minhashes([shingles(t) for t in bodies])
    word_hashes = minhashes([content_words(t) for t in bodies])
    out = []
    for (article, ann), vector, th, wh in zip(items, vectors, text_hashes, word_hashes):
        day = article.published.date() if isinstance(article.published, datetime) else article.published
        by_label = {label: frozenset(key(e.text) for e in ann.entities if e.label == label and len(key(e.text)) > 1)
                    for label in ("person", "place", "org")}
        out.append(Profile(article.id, day, vector, th, wh, by_label["person"], by_label["place"], by_label["org"],
                           frozenset(_numbers(bodies[len(out)])), frozenset(event_dates(ann))))
    return out


def _numbers(text: str) -> set[str]:
    """Numbers that identify an event: magnitudes, tolls, amounts (not years or small counts)."""
    found = set()
    for m in re.finditer(r"\b\d+(?:[.,]\d+)?\b", text):
        raw = m.group().replace(",", "")
        if re.fullmatch(r"(?:19|20)\d\d", raw):
            continue
        if "." in raw or float(raw) >= 10:
            found.add(raw)
    return found


def event_dates(ann: Annotations) -> list[str]:
    """Days the article names, most named first."""
    days = Counter(t.resolved for t in ann.times if t.granularity == "day" and t.resolved)
    return [d for d, _ in days.most_common()]
