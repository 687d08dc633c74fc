"""Pair the quotations of two articles and say exactly how each was changed.

Quotes pair by wording (a quote given in part matches the full one) and by
speaker. The word diff then separates what happened inside the quote (a word
replaced, added or removed: `altered`) from what happened at its edges:
words cut (`trimmed`) or moved across the quote marks (`boundary`, e.g.
said the planes "dropped flares" -> "The planes dropped flares"). A rewrite
can also drop the marks and report the words as its own (`unquoted`), or put
marks around words its source did not quote (`quoted`); `unmarked` finds
those among the quotations left unpaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..annotations import Quote
from .names import same_entity

_TOKEN = re.compile(r"[\w'\u2019-]+|[^\w\s]")
_WORD_TOKEN = re.compile(r"[\w'\u2019-]+")
UNMARKED_SIMILARITY = 0.6   # share of a quotation's words found, in order, in the other side's sentence
UNMARKED_WORDS = 5          # shorter quotations are common phrases, found unquoted anywhere


@dataclass(frozen=True)
class QuotePair:
    status: str                       # identical | altered | only_a | only_b
    a: str | None
    b: str | None
    speaker: str | None
    kind: str                         # identical | punctuation | trimmed | boundary | altered | missing |
                                      # unquoted | quoted
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
            change["where"] = "start" if n == 0 else "end"
            change["moved"] = _moved(change, context_a if op == "insert" else context_b)
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


def _moved(edge: dict, outside: str) -> bool:
    """Whether the words at a quote's edge now stand outside the marks (`outside`: the other wording's sentence
    around its quote), even with a word dropped on the way.

    A quotation split in two ("...urgently," and, a sentence later, at night the
    temperature "falls below zero.") leaves a long edge of which only the words
    next to the quote moved, so those (up to five) are what must be found outside.
    """
    moved = edge["to"] or edge["from"]
    outside_keys = [word_key(w) for w in words(outside)]
    if not moved or word_key(moved) in " ".join(outside_keys):
        return bool(moved)
    near = [word_key(w) for w in words(moved)]
    near = near[-5:] if edge["where"] == "start" else near[:5]
    outside_words = set(outside_keys)
    found = sum(w in outside_words for w in near)
    return found >= 3 and found >= 0.6 * len(near)


def pair_quotes(qa: list[Quote], qb: list[Quote], context_a=lambda q: "", context_b=lambda q: "") -> list[QuotePair]:
    """Every quote of either side, paired where the same words were quoted."""
    scored = []
    for x in qa:
        for y in qb:
            sim = similarity(x.text, y.text)
            speakers_clash = x.speaker and y.speaker and not same_entity(x.speaker, y.speaker)
            if sim >= (0.8 if speakers_clash else 0.5) and min(len(words(x.text)), len(words(y.text))) >= 2:
                scored.append((sim, x.index, y.index))
    pairs = []
    by_a, by_b = {q.index: q for q in qa}, {q.index: q for q in qb}
    kept = one_to_one(scored)
    for sim, i, j in kept:
        x, y = by_a[i], by_b[j]
        kind, inner, edges = diff(x.text, y.text, context_a(x), context_b(y))
        pairs.append(QuotePair("altered" if kind == "altered" else "identical", x.text, y.text,
                               x.speaker or y.speaker, kind, tuple(inner), round(sim, 3), i, j, tuple(edges)))
    pairs += unpaired(qa, qb, {i for _, i, _ in kept}, {j for _, _, j in kept})
    return in_order(pairs)


def one_to_one(scored: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The (score, a, b) of `scored` kept when the best pairs go first and each quote joins at most one pair."""
    used_a, used_b, kept = set(), set(), []
    for sim, a, b in sorted(scored, reverse=True):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            kept.append((sim, a, b))
    return kept


def unpaired(qa: list[Quote], qb: list[Quote], paired_a: set[int], paired_b: set[int]) -> list[QuotePair]:
    """The quotes of either side (by `Quote.index`) that no pair holds."""
    return ([QuotePair("only_a", q.text, None, q.speaker, "missing", a_index=q.index) for q in qa if q.index not in paired_a]
            + [QuotePair("only_b", None, q.text, q.speaker, "missing", b_index=q.index) for q in qb if q.index not in paired_b])


def in_order(pairs: list[QuotePair]) -> list[QuotePair]:
    """Pairs in the order of side A's quotes, side B's alone last."""
    return sorted(pairs, key=lambda p: (p.a_index if p.a_index is not None else 1e9, p.b_index or 0))


def unmarked(pairs: list[QuotePair], quotes_a: list[str], quotes_b: list[str], sentences_a: list[str],
             sentences_b: list[str]) -> list[QuotePair]:
    """`pairs` with each unpaired quotation of UNMARKED_WORDS or more that the other side states without quote
    marks paired to those words: `unquoted` (a quoted it, b did not) or `quoted` (b quoted words a did not).

    The other side's words are the stretch of its best sentence that holds the
    quotation's words found in order (at least UNMARKED_SIMILARITY of them),
    widened by the quotation's unmatched words at either end, so a replaced
    first or last word reads as a change rather than a cut. Words the other
    side quotes too are no such case (one quotation given as two).
    """
    out = []
    for q in pairs:
        mine, theirs, quoted = (q.a, sentences_b, quotes_b) if q.status == "only_a" else (q.b, sentences_a, quotes_a)
        found = None
        if q.status in ("only_a", "only_b") and _unquoted_in(mine, quoted) is None:
            found = _unquoted_in(mine, theirs)
        if found is None:
            out.append(q)
            continue
        stretch, sim = found
        a, b = (mine, stretch) if q.status == "only_a" else (stretch, mine)
        kind, inner, edges = diff(a, b)
        out.append(QuotePair("altered" if inner else "identical", a, b, q.speaker,
                             "unquoted" if q.status == "only_a" else "quoted", tuple(inner), round(sim, 3),
                             q.a_index, q.b_index, tuple(edges)))
    return out


def _unquoted_in(quote: str, sentences: list[str]) -> tuple[str, float] | None:
    """(the stretch of the sentence that says the quotation's words, similarity) for the best sentence."""
    keys = [word_key(w) for w in words(quote)]
    if len(keys) < UNMARKED_WORDS:
        return None
    best = None
    for sentence in sentences:
        tokens = list(_WORD_TOKEN.finditer(sentence))
        matcher = SequenceMatcher(None, keys, [word_key(m.group()) for m in tokens], autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        sim = sum(b.size for b in blocks) / len(keys)
        if sim >= UNMARKED_SIMILARITY and (best is None or sim > best[1]):
            first = max(0, blocks[0].b - blocks[0].a)
            last = min(len(tokens), blocks[-1].b + blocks[-1].size + len(keys) - blocks[-1].a - blocks[-1].size) - 1
            best = sentence[tokens[first].start():tokens[last].end()], sim
    return best
