"""Sentence alignment of two articles: copied, paraphrased, new or boilerplate, with counterparts.

Candidates are the pairs close by embedding or by characters. A pair whose
punctuation-free, lower-cased text is nearly the same is `copied`; otherwise
the paraphrase model decides, and a paraphrase must also beat the sentence's
next-best candidate clearly, so a sentence on the same topic that states
something else stays `new`. Pairs are taken best first, one to one; then a
neighbour that the matched sentence also absorbed (two sentences merged into
one, or one split in two) joins as a second counterpart. Page furniture is
`boilerplate` whatever it matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from ..annotations import Sentence
from ..article import fold, unwrap
from ..embeddings import encode
from . import paraphrase
from .features import STOPWORDS, bag, feature_matrix

COPY_RATIO = 0.85
CANDIDATES = 4
MARGIN = 0.12
MUTUAL_BONUS = 0.25     # a pair that is each other's nearest, clearly, is likelier a counterpart than MRPC's prior
MUTUAL_MARGIN = 0.05
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class SentenceLabel:
    """One sentence's place in an alignment; `counterparts` index the other side."""

    side: str
    index: int
    text: str
    label: str
    counterparts: tuple[int, ...] = ()
    score: float = 0.0
    evidence: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Alignment:
    a: tuple[SentenceLabel, ...]
    b: tuple[SentenceLabel, ...]

    def pairs(self) -> list[tuple[int, int, str]]:
        """(index in a, index in b, label) for every aligned pair."""
        return [(s.index, j, s.label) for s in self.a if s.label in ("copied", "paraphrased") for j in s.counterparts]


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words of a sentence with whether each stands inside quote marks."""
    out, inside = [], False
    for m in re.finditer(r'"|[\w\'-]+', fold(text)):
        if m.group() == '"':
            inside = not inside
        else:
            out.append((m.group(), inside))
    return out


def verbatim(a: str, b: str) -> bool:
    """Same words, save numbers, names and words inside quotes: what a copy keeps while altering facts.

    A spinning tool's synonym swap outside the quotes ("said" -> "stated")
    makes a paraphrase instead, however close the characters stay.
    """
    ta, tb = _tokens(a), _tokens(b)
    ops = SequenceMatcher(None, [w.lower() for w, _ in ta], [w.lower() for w, _ in tb], autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        for word, quoted in ta[i1:i2] + tb[j1:j2]:
            if not (quoted or word[0].isdigit() or word[0].isupper() or word.lower() in STOPWORDS):
                return False
    return True


def _plain(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", bag(text).text).split())


def align(sa: list[Sentence], sb: list[Sentence]) -> Alignment:
    ta, tb = [unwrap(s.text) for s in sa], [unwrap(s.text) for s in sb]   # a scanned column's lines run together
    if not ta or not tb:
        return Alignment(_unmatched("a", sa), _unmatched("b", sb))
    cos = encode(ta) @ encode(tb).T
    lex = cdist([_plain(t) for t in ta], [_plain(t) for t in tb], scorer=fuzz.ratio, workers=1) / 100.0
    reach = np.maximum(cos, lex)
    candidates = set()
    for i in range(len(ta)):
        candidates.update((i, int(j)) for j in np.argsort(-reach[i])[:CANDIDATES])
    for j in range(len(tb)):
        candidates.update((int(i), j) for i in np.argsort(-reach[:, j])[:CANDIDATES])
    candidates = sorted(c for c in candidates if reach[c] >= 0.3)
    model = paraphrase.load()
    prob = {}
    if candidates:
        feats = feature_matrix([(ta[i], tb[j]) for i, j in candidates], np.array([cos[c] for c in candidates]))
        mutual = _mutual_best(cos)
        prob = {c: min(1.0, float(p) + (MUTUAL_BONUS if c in mutual else 0.0))
                for c, p in zip(candidates, model.probability(feats))}

    def score(pair) -> tuple[bool, float]:
        close = lex[pair] >= COPY_RATIO
        return close, float(lex[pair] if close else prob.get(pair, 0.0))

    def beats_alternatives(i: int, j: int) -> bool:
        p = prob.get((i, j), 0.0)
        rivals_j = [prob[(k, j)] for k in range(len(ta)) if k != i and (k, j) in prob]
        rivals_i = [prob[(i, k)] for k in range(len(tb)) if k != j and (i, k) in prob]
        best_rival = max(rivals_i + rivals_j, default=0.0)
        return p >= model.threshold and (p - best_rival >= MARGIN or p >= 0.9)

    match_a: dict[int, list[int]] = {}
    match_b: dict[int, list[int]] = {}
    kind: dict[tuple[int, int], str] = {}
    for pair in sorted(candidates, key=score, reverse=True):
        i, j = pair
        if i in match_a or j in match_b:
            continue
        close, _ = score(pair)
        if close or beats_alternatives(i, j):
            match_a[i], match_b[j] = [j], [i]
            kind[pair] = "copied" if close and verbatim(ta[i], tb[j]) else "paraphrased"
    _absorb_neighbours(ta, tb, match_a, match_b, kind, model)
    return Alignment(_labels("a", sa, match_a, kind, cos, lex, prob, swap=False),
                     _labels("b", sb, match_b, kind, cos, lex, prob, swap=True))


def _mutual_best(cos: np.ndarray) -> set[tuple[int, int]]:
    """Pairs that are each other's nearest neighbour, ahead of the runner-up on both sides."""
    out = set()
    for i in range(cos.shape[0]):
        j = int(np.argmax(cos[i]))
        if int(np.argmax(cos[:, j])) != i:
            continue
        row = np.delete(cos[i], j)
        col = np.delete(cos[:, j], i)
        runner_up = max(row.max(initial=-1.0), col.max(initial=-1.0))
        if cos[i, j] - runner_up >= MUTUAL_MARGIN:
            out.add((i, j))
    return out


def _absorb_neighbours(ta, tb, match_a, match_b, kind, model) -> None:
    """Add a second counterpart where one sentence was merged from, or split into, two."""
    for i, (j,) in [(i, js) for i, js in match_a.items() if len(js) == 1]:
        for side_texts, own, other, (x, y) in ((ta, match_a, match_b, (i, j)), (tb, match_b, match_a, (j, i))):
            for n in (x - 1, x + 1):
                if not 0 <= n < len(side_texts) or n in own:
                    continue
                joined = " ".join(side_texts[k] for k in sorted((x, n)))
                target = tb[y] if side_texts is ta else ta[y]
                single = side_texts[x]
                if _covers(joined, target) > _covers(single, target) + 0.15 and _contained(side_texts[n], target) >= 0.6:
                    own[n] = [y]
                    other[y] = sorted(other[y] + [n])
                    pair = (n, y) if side_texts is ta else (y, n)
                    kind[pair] = kind.get((i, j), "paraphrased")


def _covers(x: str, y: str) -> float:
    a, b = bag(x).content, bag(y).content
    return len(a & b) / len(a | b) if a | b else 0.0


def _contained(x: str, y: str) -> float:
    a, b = bag(x).content, bag(y).content
    return len(a & b) / len(a) if a else 0.0


def _labels(side, sentences, matches, kind, cos, lex, prob, swap) -> tuple[SentenceLabel, ...]:
    out = []
    for s in sentences:
        others = tuple(matches.get(s.index, ()))
        if not others:
            label, score, evidence = "new", 0.0, {}
        else:
            pairs = [((o, s.index) if swap else (s.index, o)) for o in others]
            best = max(pairs, key=lambda p: lex[p])
            label = kind.get(best) or next((kind[p] for p in pairs if p in kind), "paraphrased")
            score = float(lex[best] if label == "copied" else prob.get(best, cos[best]))
            evidence = {"cosine": round(float(cos[best]), 3), "char_ratio": round(float(lex[best]), 3),
                        "paraphrase_p": round(float(prob.get(best, 0.0)), 3)}
        if s.boilerplate:
            label, evidence = "boilerplate", {**evidence, "kind": s.boilerplate}
        out.append(SentenceLabel(side, s.index, s.text, label, others, round(score, 3), evidence))
    return tuple(out)


def _unmatched(side: str, sentences: list[Sentence]) -> tuple[SentenceLabel, ...]:
    return tuple(SentenceLabel(side, s.index, s.text, "boilerplate" if s.boilerplate else "new",
                               evidence={"kind": s.boilerplate} if s.boilerplate else {}) for s in sentences)
