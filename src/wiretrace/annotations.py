"""What the nlp stage finds in an article, computed once and stored.

Offsets are character positions in the article's original text, so a viewer can
mark the exact words a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import normalize


@dataclass(frozen=True)
class Sentence:
    """A sentence; `boilerplate` names page furniture (caption, credit, headline, byline, prompt)."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    boilerplate: str | None = None

    @property
    def normalized(self) -> str:
        return normalize(self.text)


@dataclass(frozen=True)
class Quote:
    """A quotation: the words inside the marks, who said them when the text says so."""

    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    sentences: tuple[int, ...]
    partial: bool


@dataclass(frozen=True)
class Attribution:
    """An indirect claim: the clause a speech verb governs, outside quotation marks, and who the text says made it
    ("Centcom said that no civilians were killed": source Centcom, cue "said")."""

    start: int
    end: int
    text: str
    source: str
    cue: str
    sentence: int


@dataclass(frozen=True)
class Entity:
    """A named person, organisation, group or place (label: person, org, group, place)."""

    start: int
    end: int
    text: str
    label: str
    sentence: int


@dataclass(frozen=True)
class TimeExpression:
    """A time expression with the date it names, resolved against publication.

    `resolved` is YYYY-MM-DD, YYYY-MM or YYYY as `granularity` says, or None
    when the article has no date to resolve it against or it names no date.
    """

    start: int
    end: int
    text: str
    resolved: str | None
    granularity: str | None
    sentence: int


@dataclass(frozen=True)
class Annotations:
    """What `annotate` finds in one article, and `Store.annotations` gives back: its sentences, quotations (with
    speakers), entities, time expressions (with the dates they resolve to) and indirect claims."""

    article_id: str
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    entities: tuple[Entity, ...]
    times: tuple[TimeExpression, ...]
    attributions: tuple[Attribution, ...] = ()   # indirect claims; none for articles stored before schema 8
