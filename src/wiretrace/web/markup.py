"""What the article page draws: the article text cut into marked segments.

Text is never turned into markup here: segments carry plain strings and CSS
class names, and the templates escape every string they print.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..annotations import Annotations
from ..article import Article


@dataclass(frozen=True)
class Segment:
    """A run of article text with the marks over it, or (`badge`) a sentence number or resolved date."""

    text: str
    classes: tuple[str, ...] = ()
    title: str = ""
    badge: str = ""


def article_segments(article: Article, ann: Annotations) -> list[Segment]:
    """The whole article text in order, cut wherever a sentence, quote, entity or date starts or ends."""
    text = article.text
    spans = ([(q.start, q.end, "quote", f"quotation, said by {q.speaker}" if q.speaker else "quotation") for q in ann.quotes]
             + [(e.start, e.end, f"entity {e.label}", e.label) for e in ann.entities]
             + [(t.start, t.end, "time", f"resolves to {t.resolved}" if t.resolved else "no date") for t in ann.times]
             + [(s.start, s.end, "boilerplate", s.boilerplate) for s in ann.sentences if s.boilerplate])
    badges: dict[int, list[Segment]] = {}
    for t in ann.times:
        badges.setdefault(t.end, []).append(Segment("", ("resolved",), "resolved date", "\u2192" + (t.resolved or "?")))
    for s in ann.sentences:
        badges.setdefault(s.start, []).append(Segment("", ("sentence-number",), f"sentence {s.index}", str(s.index)))
    cuts = sorted({0, len(text), *badges, *(p for start, end, _, _ in spans for p in (start, end))})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:] + [len(text)]):
        out += badges.get(start, [])
        if end <= start:
            continue
        over = [(cls, title) for s, e, cls, title in spans if s <= start and end <= e]
        out.append(Segment(text[start:end], tuple(dict.fromkeys(c for cls, _ in over for c in cls.split())),
                           "; ".join(dict.fromkeys(t for _, t in over if t))))
    return out
