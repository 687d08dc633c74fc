"""Side-by-side rows of a comparison, and the words that changed between counterparts.

Both the terminal view and the HTML report draw these rows: each row holds the
sentences of `a` and of `b` that belong together, in `b`'s reading order, with
sentences of `a` that have no counterpart placed where they fall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .align import Alignment, SentenceLabel

_TOKEN = re.compile(r"\S+")


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


def changed_words(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Each side's tokens, flagged True where the other side has something else."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    key = lambda t: re.sub(r"[^\w]", "", t.lower())  # noqa: E731
    ops = SequenceMatcher(None, [key(t) for t in ta], [key(t) for t in tb], autojunk=False).get_opcodes()
    left, right = [], []
    for op, i1, i2, j1, j2 in ops:
        left += [(t, op != "equal") for t in ta[i1:i2]]
        right += [(t, op != "equal") for t in tb[j1:j2]]
    return left, right
