"""Evidence that two sentences say the same thing, as numbers a model can weigh.

A single cosine does not separate a paraphrase from a sentence on the same
topic that states something else (MRPC: 71.9% accuracy at the best threshold).
Lexical overlap, agreement of numbers and names, and length add what the
embedding misses; `paraphrase.py` weighs them with a model trained on MRPC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from ..article import normalize
from ..stopwords import FUNCTION_WORDS as STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}

FEATURES = ("cosine", "ratio", "token_set", "jaccard", "containment_min", "containment_max", "bigram_jaccard",
            "numbers_agree", "numbers_differ", "names_jaccard", "length_ratio", "cosine_x_jaccard")


@dataclass(frozen=True)
class Bag:
    """A sentence reduced to what the features look at."""

    text: str
    words: tuple[str, ...]
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    names: frozenset[str]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def bag(sentence: str) -> Bag:
    text = normalize(sentence)
    lowered = text.lower()
    words = tuple(_WORD.findall(lowered))
    content = [_stem(w) for w in words if w not in STOPWORDS]
    numbers = {w.replace(",", "") for w in words if w[0].isdigit()}
    numbers |= {str(_NUMBER_WORDS[w]) for w in words if w in _NUMBER_WORDS}
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w'-]+", text)[1:]}
    return Bag(lowered, words, frozenset(content), frozenset(zip(content, content[1:])), frozenset(numbers),
               frozenset(names))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def pair_features(a: Bag, b: Bag, cosine: float) -> list[float]:
    shared = len(a.content & b.content)
    ca = shared / len(a.content) if a.content else 0.0
    cb = shared / len(b.content) if b.content else 0.0
    jac = _jaccard(a.content, b.content)
    both_numbers = bool(a.numbers and b.numbers)
    return [
        cosine,
        fuzz.ratio(a.text, b.text) / 100,
        fuzz.token_set_ratio(a.text, b.text) / 100,
        jac,
        min(ca, cb),
        max(ca, cb),
        _jaccard(a.bigrams, b.bigrams),
        float(a.numbers == b.numbers),
        float(both_numbers and not (a.numbers & b.numbers)),
        _jaccard(a.names, b.names),
        min(len(a.words), len(b.words)) / max(1, len(a.words), len(b.words)),
        cosine * jac,
    ]


def feature_matrix(pairs: list[tuple[str, str]], cosines: np.ndarray) -> np.ndarray:
    return np.array([pair_features(bag(x), bag(y), float(c)) for (x, y), c in zip(pairs, cosines)], dtype=np.float64)
