"""Two articles in two languages: which sentences one translated from the other, and what the translation changed.

Characters and the English paraphrase model say nothing across languages, so
sentences align here by the multilingual embedding alone (multilingual.py): a
pair that is each other's nearest, above TRANSLATED_COSINE and clear of the
runner-up, is `translated`. Numbers are compared as values read with each
language's separators and scale words ("2,3 millions" = "2.3 million"),
dates by the day they resolve to, people by their names' letters, places by
their country code. Quotations pair by meaning, within aligned sentences or
close on their own; a pair is `altered` when a number, a name or a negation
differs, or when it sits far below how close the rest of the translation is
(a quotation translated into something else).
"""

from __future__ import annotations

import statistics

import numpy as np

from ..annotations import Annotations, Sentence
from ..multilingual import encode
from ..nlp.language import gazetteer, negated, values
from .align import Alignment, SentenceLabel
from .names import same_entity
from .quotes import QuotePair, in_order, one_to_one, unpaired

TRANSLATED_COSINE = 0.86   # e5: a sentence and its translation 0.90-0.95, two sentences of one event 0.80-0.86
RUNNER_UP_MARGIN = 0.015
QUOTE_COSINE = 0.84
QUOTE_DROP = 0.06          # this far below the median cosine of the translated sentences: meaning changed
TYPICAL = 0.92             # the median assumed when fewer than three sentences are translated


def align_across(sa: list[Sentence], sb: list[Sentence]) -> Alignment:
    """`translated` pairs one to one, mutual nearest by multilingual cosine; the rest `new` (or boilerplate)."""
    if not sa or not sb:
        return Alignment(_labels("a", sa, {}, None, False), _labels("b", sb, {}, None, True))
    cos = encode([s.text for s in sa]) @ encode([s.text for s in sb]).T
    match: dict[int, int] = {}
    for i in range(len(sa)):
        j = int(np.argmax(cos[i]))
        if int(np.argmax(cos[:, j])) != i or cos[i, j] < TRANSLATED_COSINE:
            continue
        runner_up = max(np.delete(cos[i], j).max(initial=-1.0), np.delete(cos[:, j], i).max(initial=-1.0))
        if cos[i, j] - runner_up >= RUNNER_UP_MARGIN:
            match[i] = j
    back = {j: i for i, j in match.items()}
    return Alignment(_labels("a", sa, match, cos, False), _labels("b", sb, back, cos, True))


def _labels(side: str, sentences: list[Sentence], match: dict[int, int], cos, swap: bool) -> tuple[SentenceLabel, ...]:
    out = []
    for s in sentences:
        other = match.get(s.index)
        label, score, evidence, mates = "new", 0.0, {}, ()
        if other is not None:
            score = float(cos[other, s.index] if swap else cos[s.index, other])
            label, mates, evidence = "translated", (other,), {"cosine": round(score, 3)}
        if s.boilerplate:
            label, evidence = "boilerplate", {**evidence, "kind": s.boilerplate}
        out.append(SentenceLabel(side, s.index, s.text, label, mates, round(score, 3), evidence))
    return tuple(out)


def translated_pairs(al: Alignment) -> list[tuple[int, int]]:
    return [(s.index, s.counterparts[0]) for s in al.a if s.label == "translated"]


def typical_cosine(al: Alignment) -> float:
    scores = [s.score for s in al.a if s.label == "translated"]
    return statistics.median(scores) if len(scores) >= 3 else TYPICAL


def changed_values(a: str, lang_a: str | None, b: str, lang_b: str | None) -> list[dict]:
    """A number of one sentence whose value the other lacks, where each side has exactly one such number."""
    va, vb = values(a, lang_a), values(b, lang_b)
    only_a = [x for x in va if not any(abs(x.value - y.value) < 1e-9 for y in vb)]
    only_b = [y for y in vb if not any(abs(x.value - y.value) < 1e-9 for x in va)]
    if len(only_a) == len(only_b) == 1:
        return [{"kind": "number", "a": only_a[0].text, "b": only_b[0].text}]
    return []


def changed_names(ann_a: Annotations, i: int, lang_a: str | None, ann_b: Annotations, j: int,
                  lang_b: str | None) -> list[dict]:
    """A person one sentence names whom the other replaced by another person; a country replaced by another."""
    out = []
    people_a = [e for e in ann_a.entities if e.sentence == i and e.label == "person"]
    people_b = [e for e in ann_b.entities if e.sentence == j and e.label == "person"]
    left = [y for y in people_b if not any(same_entity(x.text, y.text) for x in people_a)]
    lost = [x for x in people_a if not any(same_entity(x.text, y.text) for y in people_b)]
    if len(lost) == len(left) == 1:
        out.append({"kind": "name", "a": lost[0].text, "b": left[0].text})
    ca = _countries(ann_a, i, lang_a)
    cb = _countries(ann_b, j, lang_b)
    gone, came = set(ca) - set(cb), set(cb) - set(ca)
    if len(gone) == len(came) == 1:
        out.append({"kind": "name", "a": ca[gone.pop()], "b": cb[came.pop()]})
    return out


def _countries(ann: Annotations, sentence: int, language: str | None) -> dict[str, str]:
    places = gazetteer(language or "en")
    out = {}
    for e in ann.entities:
        if e.sentence == sentence and e.label == "place" and e.text.lower() in places:
            out[places[e.text.lower()]] = e.text
    return out


def pair_quotes_across(ann_a: Annotations, lang_a: str | None, ann_b: Annotations, lang_b: str | None,
                       al: Alignment) -> list[QuotePair]:
    """Every quotation of either side; those carried across paired, each pair's changes in `changes` with `what`
    (number, name, negation, meaning)."""
    qa, qb = list(ann_a.quotes), list(ann_b.quotes)
    if not qa or not qb:
        return unpaired(qa, qb, set(), set())
    cos = encode([q.text for q in qa]) @ encode([q.text for q in qb]).T
    aligned = set(translated_pairs(al))
    scored = []
    for x, q in enumerate(qa):
        for y, r in enumerate(qb):
            together = any((i, j) in aligned for i in q.sentences for j in r.sentences)
            if cos[x, y] >= QUOTE_COSINE or (together and cos[x, y] >= QUOTE_COSINE - 0.1):
                scored.append((float(cos[x, y]), x, y))
    typical = typical_cosine(al)
    pairs = []
    kept = one_to_one(scored)
    for sim, x, y in kept:
        q, r = qa[x], qb[y]
        changes = [{"from": c["a"], "to": c["b"], "what": "number"} for c in changed_values(q.text, lang_a, r.text, lang_b)]
        changes += _name_changes(ann_a, q, ann_b, r)
        if negated(q.text, lang_a) != negated(r.text, lang_b):
            changes.append({"from": "negated" if negated(q.text, lang_a) else "affirmed",
                            "to": "negated" if negated(r.text, lang_b) else "affirmed", "what": "negation"})
        if sim < typical - QUOTE_DROP:
            changes.append({"from": f"similarity {sim:.2f}", "to": f"translation's typical {typical:.2f}",
                            "what": "meaning"})
        pairs.append(QuotePair("altered" if changes else "identical", q.text, r.text, q.speaker or r.speaker,
                               "altered" if changes else "translated", tuple(changes), round(sim, 3), q.index, r.index))
    pairs += unpaired(qa, qb, {qa[x].index for _, x, _ in kept}, {qb[y].index for _, _, y in kept})
    return in_order(pairs)


def _name_changes(ann_a: Annotations, q, ann_b: Annotations, r) -> list[dict]:
    inside_a = [e.text for e in ann_a.entities if q.start <= e.start < q.end and e.label in ("person", "org")]
    inside_b = [e.text for e in ann_b.entities if r.start <= e.start < r.end and e.label in ("person", "org")]
    lost = [x for x in inside_a if not any(same_entity(x, y) for y in inside_b)]
    came = [y for y in inside_b if not any(same_entity(x, y) for x in inside_a)]
    if len(lost) == len(came) == 1:
        return [{"from": lost[0], "to": came[0], "what": "name"}]
    return []

