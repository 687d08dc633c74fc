"""Pair the quotations of two articles and say exactly how each was changed.

Quotes pair by wording (a quote given in part matches the full one) and by
speaker. The word diff then separates what happened inside the quote (a word
replaced, added or removed: `altered`) from what happened at its edges:
words cut (`trimmed`) or moved across the quote marks (`boundary`, e.g.
said the planes "dropped flares" -> "The planes dropped flares").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..annotations import Quote
from .names import same_entity

_TOKEN = re.compile(r"[\w'\u2019-]+|[^\w\s]")


@dataclass(frozen=True)
class QuotePair:
    status: str                       # identical | altered | only_a | only_b
    a: str | None
    b: str | None
    speaker: str | None
    kind: str                         # identical | punctuation | trimmed | boundary | altered | missing
    changes: tuple[dict, ...] = ()
    similarity: float = 0.0
    a_index: int | None = None
    b_index: int | None = None
    edges: tuple[dict, ...] = field(default=())


def words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t[0].isalnum()]


def word_key(word: str) -> str:
    """A word as quotes are compared: case and apostrophe style do not count as changes."""
    return word.lower().replace("\u2019", "'")


def similarity(a: str, b: str) -> float:
    """Share of the shorter quote's words found, in order, in the other."""
    wa, wb = [word_key(w) for w in words(a)], [word_key(w) for w in words(b)]
    if not wa or not wb:
        return 0.0
    matched = sum(block.size for block in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks())
    return matched / min(len(wa), len(wb))


def diff(a: str, b: str, context_a: str = "", context_b: str = "") -> tuple[str, list[dict], list[dict]]:
    """(kind, inner changes, edge changes) between two wordings of one quote.

    `context_*` is the text of the sentence around each quote, used to tell
    words moved across the marks from words cut.
    """
    wa, wb = words(a), words(b)
    ka, kb = [word_key(w) for w in wa], [word_key(w) for w in wb]
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    inner, edges = [], []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        change = {"from": " ".join(wa[i1:i2]), "to": " ".join(wb[j1:j2])}
        at_edge = (n == 0 or n == len(ops) - 1) and op in ("insert", "delete")
        if at_edge:
            moved = change["to"] or change["from"]
            other_context = context_a if op == "insert" else context_b
            change["where"] = "start" if n == 0 else "end"
            change["moved"] = bool(moved) and word_key(moved) in word_key(" ".join(words(other_context)))
            edges.append(change)
        else:
            inner.append(change)
    if inner:
        kind = "altered"
    elif any(e["moved"] for e in edges):
        kind = "boundary"
    elif edges:
        kind = "trimmed"
    elif a.strip() != b.strip():
        kind = "punctuation"
    else:
        kind = "identical"
    return kind, inner, edges


def pair_quotes(qa: list[Quote], qb: list[Quote], context_a=lambda q: "", context_b=lambda q: "") -> list[QuotePair]:
    """Every quote of either side, paired where the same words were quoted."""
    scored = []
    for x in qa:
        for y in qb:
            sim = similarity(x.text, y.text)
            speakers_clash = x.speaker and y.speaker and not same_entity(x.speaker, y.speaker)
            if sim >= (0.8 if speakers_clash else 0.5) and min(len(words(x.text)), len(words(y.text))) >= 2:
                scored.append((sim, x.index, y.index))
    used_a, used_b, pairs = set(), set(), []
    by_a, by_b = {q.index: q for q in qa}, {q.index: q for q in qb}
    for sim, i, j in sorted(scored, reverse=True):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = by_a[i], by_b[j]
        kind, inner, edges = diff(x.text, y.text, context_a(x), context_b(y))
        pairs.append(QuotePair("altered" if kind == "altered" else "identical", x.text, y.text,
                               x.speaker or y.speaker, kind, tuple(inner), round(sim, 3), i, j, tuple(edges)))
    pairs += [QuotePair("only_a", q.text, None, q.speaker, "missing", a_index=q.index) for q in qa if q.index not in used_a]
    pairs += [QuotePair("only_b", None, q.text, q.speaker, "missing", b_index=q.index) for q in qb if q.index not in used_b]
    return sorted(pairs, key=lambda p: (p.a_index if p.a_index is not None else 1e9, p.b_index or 0))
