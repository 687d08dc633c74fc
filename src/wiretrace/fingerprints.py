"""Fingerprints of an article for finding its copies and its story at scale.

MinHash (Broder, 1997) over word 3-grams estimates how much text two articles
share, and its LSH bands find near-copies without comparing every pair; a
second MinHash over content words estimates vocabulary overlap that survives
rewording. The document embedding (MiniLM over headline and lead) finds
rewrites and independent reports of one event. The names, numbers and dates
an article states tell one event from another of the same kind, and so do
its rare words: a term vector over the whole text weighs each word by how
rare it is in English at large (wordfreq), a fixed IDF that needs no corpus
statistics and so gives the same vector online, in batch and on re-clustering.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache

import numpy as np
import xxhash
from wordfreq import zipf_frequency

from .annotations import Annotations
from .article import Article
from .compare.features import STOPWORDS, _stem
from .compare.names import key

NUM_PERM = 128
_WORD = re.compile(r"[a-z0-9]+")
_TERM = re.compile(r"[a-z][a-z'-]*[a-z]|\d+(?:\.\d+)?")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
TERMS = 100              # terms kept per article, the rarest-weighted first
COMMON_ZIPF = 6.0        # words this frequent in English (zipf >= 6: "said", "people") weigh nothing
TOP_TERMS = 10           # the terms that say what an article is about


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
    from datasketch import MinHash   # here: its import takes most of a second that commands reading the store skip

    if not sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint64)
    return np.vstack([m.hashvalues for m in MinHash.bulk([list(s) or [b""] for s in sets], num_perm=NUM_PERM,
                                                           hashfunc=_hash)]).astype(np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return np.count_nonzero(a == b) / len(a)


def lean(values: np.ndarray):
    """A datasketch LeanMinHash of stored hash values."""
    from datasketch import LeanMinHash

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
    term_ids: np.ndarray       # uint32, sorted: hashed stems of `terms`
    term_weights: np.ndarray   # float32, L2-normalised
    years: frozenset[str]
    language: str | None = None   # ISO 639-1 when sure (`language`); not stored: stories/across.py keeps its own
    lead_places: frozenset[str] = frozenset()   # of `places`, those the title and lead name (`lead_places`)

    @cached_property
    def top_terms(self) -> np.ndarray:
        """The TOP_TERMS heaviest terms, kept once worked out: a profile meets many candidates."""
        return self.term_ids[np.argsort(-self.term_weights, kind="stable")[:TOP_TERMS]]


def terms(text: str, keep: int = TERMS) -> tuple[np.ndarray, np.ndarray]:
    """Content-word stems and distinctive numbers of a text, as (sorted hashed ids, L2-normalised weights).

    Weight = (1 + log tf) x rarity, rarity = 6 - zipf frequency in English
    (a name unknown to wordfreq weighs 6, "earthquake" about 1.9, "said" 0).
    Numbers count when they name an event (a magnitude, a toll), not years
    or small counts.
    """
    counts: Counter = Counter()
    rarity: dict[str, float] = {}
    for word in _TERM.findall(text.lower()):
        if word[0].isdigit():
            if _YEAR.fullmatch(word) or ("." not in word and float(word) < 10):
                continue
            stem = word
        elif word in STOPWORDS or len(word) < 3:
            continue
        else:
            stem = _stem(word)
        counts[stem] += 1
        rarity[stem] = max(rarity.get(stem, 0.0), _rarity(word))
    weighted = sorted(((1 + np.log(n)) * rarity[t], t) for t, n in counts.items() if rarity[t] > 0)[::-1][:keep]
    if not weighted:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32)
    ids = np.array([_hash(t.encode()) for _, t in weighted], dtype=np.uint32)
    weights = np.array([w for w, _ in weighted], dtype=np.float64)
    order = np.argsort(ids, kind="stable")
    ids, weights = ids[order], weights[order] / np.linalg.norm(weights)
    unique = np.r_[True, ids[1:] != ids[:-1]]
    return ids[unique], weights[unique].astype(np.float32)


@lru_cache(maxsize=200_000)
def _rarity(word: str) -> float:
    return max(0.0, COMMON_ZIPF - zipf_frequency(word, "en"))


def years(text: str) -> frozenset[str]:
    """The years a text names: when the publication date is unknown, what dates it."""
    return frozenset(_YEAR.findall(text))


def profile_text(title: str | None, body: str) -> str:
    """What the terms and years are read from: the title and the body less boilerplate."""
    return f"{title or ''}\n{body}"


def lead_text(article: Article, ann: Annotations, sentences: int = 6) -> str:
    body = [s.text for s in ann.sentences if not s.boilerplate][:sentences]
    return " ".join(([article.title] if article.title else []) + body)


def body_text(article: Article, ann: Annotations) -> str:
    """The text MinHash fingerprints: the sentences that are not boilerplate (captions, pasted headlines)."""
    return " ".join(s.text for s in ann.sentences if not s.boilerplate) or article.text


def profiles(items: list[tuple[Article, Annotations]]) -> list[Profile]:
    """Profiles of many articles, with embeddings and MinHashes computed in batches."""
    from .embeddings import encode

    if not items:
        return []
    vectors = encode([lead_text(a, ann) for a, ann in items])
    bodies = [body_text(a, ann) for a, ann in items]
    text_hashes = minhashes([shingles(t) for t in bodies])
    word_hashes = minhashes([content_words(t) for t in bodies])
    out = []
    for (article, ann), vector, th, wh in zip(items, vectors, text_hashes, word_hashes):
        day = article.published.date() if isinstance(article.published, datetime) else article.published
        by_label = {label: frozenset(key(e.text) for e in ann.entities if e.label == label and len(key(e.text)) > 1)
                    for label in ("person", "place", "org")}
        text = profile_text(article.title, bodies[len(out)])
        out.append(Profile(article.id, day, vector, th, wh, by_label["person"], by_label["place"], by_label["org"],
                           frozenset(_numbers(bodies[len(out)])), frozenset(event_dates(ann)), *terms(text),
                           years(text), language(article), lead_places(article.title, ann, by_label["place"])))
    return out


def lead_places(title: str | None, ann: Annotations, places: frozenset[str]) -> frozenset[str]:
    """The places (of `places`) that the title and the lead (the first sentence that is not page furniture) name:
    where a report says its event happened ("BAMAKO -", "in Niger"), apart from the places of its background,
    which a report of another strike a week later names too."""
    lead = next((s.index for s in ann.sentences if not s.boilerplate), None)
    found = {key(e.text) for e in ann.entities if e.label == "place" and e.sentence == lead} & places
    heading = f" {key(title)} " if title else ""
    return frozenset(found | {p for p in places if f" {p} " in heading})


LANGUAGE_CHARS = 1000   # enough for py3langid to be sure, at a tenth of a millisecond


def language(article: Article) -> str | None:
    """The article's language as its reader tells it (`nlp.language.read_by_rules`): identified when py3langid is
    sure, else as stated for a text too short to identify."""
    from .nlp.language import SURE, code, identify

    found = identify(article.text[:LANGUAGE_CHARS])
    return found.language if found.probability >= SURE else code(article.language) if found.language is None else None


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
