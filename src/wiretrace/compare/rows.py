"""Side-by-side rows of a comparison, and the words that changed between counterparts.

Both the terminal view and the HTML report draw these rows: each row holds the
sentences of `a` and of `b` that belong together, in `b`'s reading order, with
sentences of `a` that have no counterpart placed where they fall.

Which words to mark depends on how the counterparts differ. A copy, or a
sentence edited in one short stretch, shows every changed word. A rewording
changes most words, and marking them all hides what matters; there only
changed content is marked: numbers, dates and names found changed, a negation
one side lacks, and changed words inside quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .align import Alignment, SentenceLabel

_TOKEN = re.compile(r"\S+")
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb')
_RESOLVED = re.compile(r"\s\(\d{4}(?:-\d\d){0,2}\)$")
EDIT_WORDS = 3
NEGATIONS = {"not", "no", "never", "nor", "none", "nobody", "nothing", "neither", "without", "cannot"}


@dataclass(frozen=True)
class Row:
    a: tuple[SentenceLabel, ...]
    b: tuple[SentenceLabel, ...]

    @property
    def label(self) -> str:
        labels = [s.label for s in (*self.b, *self.a)]
        return labels[0] if labels else "new"


def rows(al: Alignment) -> list[Row]:
    shown: set[int] = set()
    out: list[Row] = []
    for sb in al.b:
        mates = [al.a[i] for i in sb.counterparts]
        first = min(sb.counterparts, default=None)
        if first is not None:
            for sa in al.a:
                if sa.index < first and sa.index not in shown and not sa.counterparts:
                    out.append(Row((sa,), ()))
                    shown.add(sa.index)
        out.append(Row(tuple(mates), (sb,)))
        shown.update(sb.counterparts)
    out += [Row((sa,), ()) for sa in al.a if sa.index not in shown]
    return out


def _key(token: str) -> str:
    return re.sub(r"[^\w]", "", token.lower())


def _opcodes(ta: list[str], tb: list[str]) -> list[tuple[str, int, int, int, int]]:
    return SequenceMatcher(None, [_key(t) for t in ta], [_key(t) for t in tb], autojunk=False).get_opcodes()


def _changed(ta: list[str], tb: list[str]) -> tuple[list[bool], list[bool]]:
    """Tokens of each side in a stretch the other side words differently; a lone mark of punctuation never counts."""
    left, right = [], []
    for op, i1, i2, j1, j2 in _opcodes(ta, tb):
        left += [op != "equal" and bool(_key(t)) for t in ta[i1:i2]]
        right += [op != "equal" and bool(_key(t)) for t in tb[j1:j2]]
    return left, right


def changed_words(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Each side's tokens, flagged True where the other side has something else."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    left, right = _changed(ta, tb)
    return list(zip(ta, left)), list(zip(tb, right))


def is_edit(a: str, b: str) -> bool:
    """Counterparts that differ in at most one stretch of a few words: an edit to show word by word."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    words = lambda tokens: sum(bool(_key(t)) for t in tokens)  # noqa: E731
    stretches = [max(words(ta[i1:i2]), words(tb[j1:j2])) for op, i1, i2, j1, j2 in _opcodes(ta, tb) if op != "equal"]
    return len(stretches) <= 1 and all(n <= EDIT_WORDS for n in stretches)


def changed_content(a: str, b: str, facts=(), across: bool = False) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """A rewording's tokens, flagged only where content changed: a fact of `facts` (the comparison's changed
    numbers, dates and names) found in these sentences, a negation the other side lacks, a changed quoted word.
    `across` two languages, only the facts: every word differs there."""
    sa, sb = list(_TOKEN.finditer(a)), list(_TOKEN.finditer(b))
    ta, tb = [m.group() for m in sa], [m.group() for m in sb]
    marks_a, marks_b = [False] * len(sa), [False] * len(sb)
    for fact in facts:
        fa, fb = _RESOLVED.sub("", fact["a"]), _RESOLVED.sub("", fact["b"])
        if fa in a and fb in b:
            _mark_fact(sa, marks_a, a.index(fa), fa, fb)
            _mark_fact(sb, marks_b, b.index(fb), fb, fa)
    if across:
        return list(zip(ta, marks_a)), list(zip(tb, marks_b))
    changed_a, changed_b = _changed(ta, tb)
    neg_a = [n for n, t in enumerate(ta) if _negation(t) and changed_a[n]]
    neg_b = [n for n, t in enumerate(tb) if _negation(t) and changed_b[n]]
    for negations, other, marks in ((neg_a, neg_b, marks_a), (neg_b, neg_a, marks_b)):
        if len(negations) > len(other):
            for n in negations:
                marks[n] = True
    qa, qb = _quoted(a, sa), _quoted(b, sb)
    if qa and qb:
        ca, cb = _changed([ta[n] for n in qa], [tb[n] for n in qb])
        for n, c in zip(qa, ca):
            marks_a[n] |= c
        for n, c in zip(qb, cb):
            marks_b[n] |= c
    return list(zip(ta, marks_a)), list(zip(tb, marks_b))


def _mark_fact(spans: list[re.Match], marks: list[bool], start: int, phrase: str, other: str) -> None:
    """Mark the words of `phrase`, found at `start`, that the other side's wording of the fact does not have."""
    words = _TOKEN.findall(phrase)
    changed = {_key(w) for w, c in zip(words, _changed(words, _TOKEN.findall(other))[0]) if c}
    for n, m in enumerate(spans):
        if m.start() < start + len(phrase) and m.end() > start and _key(m.group()) in changed:
            marks[n] = True


def _negation(token: str) -> bool:
    return _key(token) in NEGATIONS or "n't" in token.lower().replace("\u2019", "'")


def _quoted(text: str, spans: list[re.Match]) -> list[int]:
    """Indexes of the tokens inside quotation marks."""
    quotes = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    return [n for n, m in enumerate(spans) if any(m.start() < e and m.end() > s for s, e in quotes)]
