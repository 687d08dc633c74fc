"""Names across a story: each person, group, organisation and place with every spelling and who uses it.

Spellings are joined by compare's entity test (transliterations, diacritics,
aliases such as IS / ISIS / ISIL / Daesh, a surname for the full name). The
entity recogniser misses short aliases ("IS"), so once a group has a spelling
from an alias set, the other members of that set are looked up in the
articles' text as whole words too. Pasted headlines and captions count:
they are spellings the outlet printed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ..compare.names import ALIASES, group_spellings, key, kind_of, spelled_differently
from ..stories import Story
from ..store import Store
from .story_text import StoryText, story_text

KINDS = ("person", "group", "org", "place")


@dataclass(frozen=True)
class Spelling:
    text: str
    sources: tuple[str, ...]       # outlets, in order of first use ("article <id>" where the outlet is unknown)
    articles: tuple[str, ...]
    mentions: int

    def to_json(self) -> dict:
        return {"text": self.text, "sources": list(self.sources), "articles": list(self.articles),
                "mentions": self.mentions}


@dataclass(frozen=True)
class EntityNames:
    entity: str                     # the most used spelling
    kind: str
    spellings: tuple[Spelling, ...]

    @property
    def variants(self) -> bool:
        """Spelled two ways, not merely shortened: "Wróblewska" and "Wroblewska", not "Pilch" and "Andrzej Pilch"."""
        return any(spelled_differently(a.text, b.text) for a, b in combinations(self.spellings, 2))

    def to_json(self) -> dict:
        return {"entity": self.entity, "kind": self.kind, "variants": self.variants,
                "spellings": [s.to_json() for s in self.spellings]}


def story_names(store: Store, story: Story | str | StoryText) -> tuple[EntityNames, ...]:
    text = story if isinstance(story, StoryText) else story_text(store, story)
    return entity_names(text)


def entity_names(text: StoryText) -> tuple[EntityNames, ...]:
    """Entities of the story, those spelled more than one way first, then by mentions."""
    uses: dict[str, list[tuple[str, str, str]]] = {}       # spelling -> [(label, article id, outlet)]
    for article in text.articles:
        ann = text.annotations[article.id]
        outlet = article.source or f"article {article.id}"
        for e in ann.entities:
            if e.label in KINDS and key(e.text):
                uses.setdefault(e.text, []).append((e.label, article.id, outlet))
    label_of = {spelling: kind_of(spelling, Counter(u[0] for u in found)) for spelling, found in uses.items()}
    for spelling, label, article in _alias_mentions(text, label_of):
        uses.setdefault(spelling, []).append((label, article.id, article.source or f"article {article.id}"))
    kinds = {spelling: kind_of(spelling, Counter(u[0] for u in found)) for spelling, found in uses.items()}
    out = []
    for members in group_spellings(list(uses), kinds):
        counts = Counter({s: len(uses[s]) for s in members})
        labels = Counter(kinds[s] for s in members for _ in uses[s])
        spellings = tuple(Spelling(s, tuple(dict.fromkeys(o for _, _, o in uses[s])),
                                   tuple(dict.fromkeys(a for _, a, _ in uses[s])), counts[s])
                          for s in sorted(members, key=lambda s: (-counts[s], s)))
        out.append(EntityNames(spellings[0].text, labels.most_common(1)[0][0], spellings))
    return tuple(sorted(out, key=lambda e: (not e.variants, -sum(s.mentions for s in e.spellings), e.entity)))


def _alias_mentions(text: StoryText, found: dict[str, str]):
    """(spelling, label, article) for alias-set members the recogniser missed, as written in the text."""
    for group in ALIASES:
        label = next((found[s] for s in found if key(s) in group), None)
        if label is None:
            continue
        forms = [f.upper() if len(f.replace(" ", "")) <= 4 else f.title() for f in group]
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                             + r")(?![\w-])")
        for article in text.articles:
            for m in pattern.finditer(article.text):
                if m.group(0) in found or _shouting(article.text, m.start(), m.end()):
                    continue
                yield m.group(0), label, article


def _shouting(text: str, start: int, end: int) -> bool:
    """An all-capitals stretch (a headline in capitals), where 'IS' or 'US' is just a word."""
    around = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start] + " " + text[end:end + 30])
    return len(around) >= 2 and sum(w.isupper() for w in around) >= len(around) - 1
