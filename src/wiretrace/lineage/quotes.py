"""Quote lineage: one group per utterance across a story, with every wording it took and who changed it.

Quotations join a group when they have the same speaker (or none stated) and
the same words up to small edits: compare's quote similarity counts the
shorter quotation's words found in order in the other, so a quotation given
in part joins the one given in full. The earliest wording (the story's
publication order, where provenance already breaks ties) is the original;
every other wording is a variant, diffed word by word against it with
compare's diff, which tells words cut at the ends (`trimmed`) from words moved
across the quote marks (`boundary`) from a word replaced, added or removed
inside (`altered`). The first article to carry a variant introduced it; later
carriers whose provenance chain reaches an earlier carrier inherited it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..annotations import Quote
from ..article import Article, fold
from ..compare import quote_surroundings
from ..compare.names import same_entity
from ..compare.quotes import diff, similarity, word_key, words
from ..stories import Story
from ..store import Store
from .story_text import StoryText, ancestors, story_text, when

MIN_SIMILARITY = 0.7        # share of the shorter quotation's words found in order in the other
CLASH_SIMILARITY = 0.8      # needed when both name a speaker and the speakers differ
MIN_WORDS = 2               # a one-word quotation joins only its exact twin


@dataclass(frozen=True)
class Occurrence:
    """One quotation in one article, with the sentence text around it (to tell moved words from cut ones)."""

    article: Article
    quote: Quote
    context: str

    @property
    def record(self) -> dict:
        return {"text": self.quote.text, "article": self.article.id, "source": self.article.source,
                "published": when(self.article.published), "speaker": self.quote.speaker}


@dataclass(frozen=True)
class Variant:
    text: str
    kind: str                            # identical | punctuation | trimmed | boundary | altered
    changes: tuple[dict, ...]            # words replaced, added or removed inside the quote
    edges: tuple[dict, ...]              # words cut or moved at either end
    articles: tuple[str, ...]
    sources: tuple[str | None, ...]
    first_seen: str | None
    introduced_by: str | None            # the first article with this wording; None for the original's
    inherited_by: tuple[str, ...]        # later carriers that derive from an earlier one

    def to_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "changes": [{"from": c["from"], "to": c["to"]} for c in self.changes],
                "edges": [dict(e) for e in self.edges], "articles": list(self.articles),
                "sources": list(self.sources), "first_seen": self.first_seen, "introduced_by": self.introduced_by,
                "inherited_by": list(self.inherited_by)}


@dataclass(frozen=True)
class QuoteGroup:
    speaker: str | None
    original: dict                       # text, article, source, published, speaker
    variants: tuple[Variant, ...]        # the original's own wording first

    @property
    def changed(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.kind != "identical")

    @property
    def altered(self) -> bool:
        return any(v.kind == "altered" for v in self.variants)

    def to_json(self) -> dict:
        return {"speaker": self.speaker, "original": dict(self.original), "altered": self.altered,
                "articles": len({a for v in self.variants for a in v.articles}),
                "variants": [v.to_json() for v in self.variants]}


@dataclass(frozen=True)
class QuoteLineage:
    story: str
    groups: tuple[QuoteGroup, ...]

    def to_json(self) -> dict:
        return {"story": self.story, "groups": [g.to_json() for g in self.groups]}


def quote_lineage(store: Store, story: Story | str | StoryText) -> QuoteLineage:
    """The quote groups of a stored story (by id, Story or loaded StoryText)."""
    text = story if isinstance(story, StoryText) else story_text(store, story)
    return QuoteLineage(text.story.id, group_quotes(text))


def occurrences(text: StoryText) -> list[Occurrence]:
    """The story's quotations in publication order, leaving out those inside page furniture."""
    out = []
    for article in text.articles:
        ann = text.annotations[article.id]
        around = quote_surroundings(article, ann)
        furniture = {s.index for s in ann.sentences if s.boilerplate}
        for quote in ann.quotes:
            if words(quote.text) and not all(i in furniture for i in quote.sentences):
                out.append(Occurrence(article, quote, around(quote)))
    return out


class _Group:
    """A group while it is being built: its occurrences, speakers, and each distinct wording with its words."""

    def __init__(self, first: Occurrence):
        self.members: list[Occurrence] = []
        self.speakers: set[str] = set()
        self.wordings: dict[str, tuple[str, set[str]]] = {}
        self.add(first)

    def score(self, occ: Occurrence, wording: str, keys: set[str]) -> float:
        """2 for a wording already in the group, else the best similarity that clears the bar, else 0 (`wording`
        and `keys`: the occurrence's, worked out once for all groups)."""
        if wording in self.wordings:
            return 2.0
        best = 0.0
        for text, other in self.wordings.values():
            shorter = min(len(keys), len(other))
            if shorter >= MIN_WORDS and len(keys & other) >= MIN_SIMILARITY * shorter:
                best = max(best, similarity(occ.quote.text, text))
        if best < MIN_SIMILARITY:
            return 0.0
        speaker = occ.quote.speaker
        clash = bool(speaker and self.speakers) and not any(_same_speaker(speaker, s) for s in self.speakers)
        return best if best >= (CLASH_SIMILARITY if clash else MIN_SIMILARITY) else 0.0

    def add(self, occ: Occurrence) -> None:
        self.members.append(occ)
        if occ.quote.speaker:
            self.speakers.add(occ.quote.speaker)
        self.wordings.setdefault(_wording(occ.quote.text), (occ.quote.text, set(_keys(occ.quote.text))))


def group_quotes(text: StoryText) -> tuple[QuoteGroup, ...]:
    """Every quotation of the story in one group per utterance, groups in order of first appearance."""
    groups: list[_Group] = []
    for occ in occurrences(text):
        wording, keys = _wording(occ.quote.text), set(_keys(occ.quote.text))
        scored = [(g.score(occ, wording, keys), -n) for n, g in enumerate(groups)]
        best = max(scored, default=(0.0, 0))
        if best[0] > 0:
            groups[-best[1]].add(occ)
        else:
            groups.append(_Group(occ))
    derived_from = text.derived_from
    return tuple(_finish(g.members, derived_from) for g in groups)


def _finish(members: list[Occurrence], derived_from: dict) -> QuoteGroup:
    original = members[0]
    by_wording: dict[str, list[Occurrence]] = {}
    for m in members:
        by_wording.setdefault(_wording(m.quote.text), []).append(m)
    variants = []
    for wording, carriers in by_wording.items():
        first = carriers[0]
        if wording == _wording(original.quote.text):
            kind, inner, edges = "identical", [], []
        else:
            kind, inner, edges = diff(original.quote.text, first.quote.text, original.context, first.context)
            if kind == "identical":
                kind = "punctuation"
        ids = list(dict.fromkeys(c.article.id for c in carriers))
        inherited = [a for a in ids[1:] if set(ancestors(a, derived_from)) & set(ids[:ids.index(a)])]
        if kind == "identical":
            inherited = [a for a in ids if a != original.article.id and set(ancestors(a, derived_from)) & set(ids)]
        variants.append(Variant(
            text=first.quote.text, kind=kind, changes=tuple(inner), edges=tuple(edges), articles=tuple(ids),
            sources=tuple(dict.fromkeys(c.article.source for c in carriers)), first_seen=when(first.article.published),
            introduced_by=None if kind == "identical" else first.article.id, inherited_by=tuple(inherited)))
    speaker = original.quote.speaker or next((m.quote.speaker for m in members if m.quote.speaker), None)
    return QuoteGroup(speaker, original.record, tuple(variants))


@lru_cache(maxsize=65536)
def _same_speaker(a: str, b: str) -> bool:
    return same_entity(a, b)


def _wording(text: str) -> str:
    """A quotation's wording up to quote style, spacing and the closing comma or full stop (which the
    sentence around it decides): what makes two carriers share a variant."""
    return " ".join(fold(text).split()).rstrip(" ,.;:")


def _keys(text: str) -> list[str]:
    return [word_key(w) for w in words(text)]
