"""Changed facts in aligned sentences: numbers (with units and currency), dates and names.

Numbers compare by value, so "about 1,000" and "roughly 1,000" agree and
"12 killed" / "15 killed" do not; dates compare by the day they resolve to,
not by their words; names compare as entities, so a transliteration is a
spelling variant of the same person, not a changed fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..annotations import Annotations
from .names import same_entity, spelled_differently

_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
                                                      "dozen": 12, "dozens": 24}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_CURRENCY = r"(?:US\$|\$|€|£|¥|USD|EUR|GBP|dollars?|euros?|pounds?)"
_NUMBER = re.compile(
    r"(?P<cur>" + _CURRENCY + r")?\s?(?P<num>\d+(?:[.,]\d+)*|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")(?:\s?(?P<scale>thousand|million|billion|trillion|bn)\b)?(?:[\s-](?P<unit>[a-z]+))?",
    re.IGNORECASE,
)
_SCORE = re.compile(r"\b(\d{1,3})-(\d{1,3})\b(?![-\w])")
_NOT_UNITS = {"and", "or", "of", "the", "a", "in", "on", "at", "to", "by", "for", "with", "that", "was", "were", "is",
              "yesterday", "today", "tonight", "tomorrow", "ago", "earlier", "later", "before", "after"}
_NEXT_WORD = re.compile(r"\s([a-z]+)\b")
_COMPOUND_UNITS = {"basis points", "nautical miles", "square miles", "square kilometres", "square kilometers",
                   "square metres", "square meters", "square feet"}


@dataclass(frozen=True)
class Number:
    text: str
    value: float
    unit: str | None


def numbers(sentence: str) -> list[Number]:
    """Numbers a sentence states, with their unit or currency; years and list markers left out.

    A score or vote ("5-2") is one number, valued by its digits.
    """
    found = []
    for m in _SCORE.finditer(sentence):
        found.append(Number(m.group(0), float(m.group(1)) * 1000 + float(m.group(2)), "score"))
    sentence = _SCORE.sub(lambda m: " " * len(m.group(0)), sentence)
    for m in _NUMBER.finditer(sentence):
        raw = m.group("num")
        if raw.isalpha() and not (m.group("unit") or m.group("scale")):
            continue
        if raw.isalpha():
            value = float(_WORD_NUMBERS[raw.lower()])
        else:
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
        if re.fullmatch(r"(?:19|20)\d\d", raw) and not m.group("cur"):
            continue
        sentence_before = sentence[max(0, m.start() - 4):m.start()]
        if re.search(r"[A-Za-z]-$", sentence_before):
            continue
        value *= _SCALE.get((m.group("scale") or "").lower(), 1)
        unit = (m.group("unit") or "").lower() or None
        unit = None if unit in _NOT_UNITS else unit
        end = m.end() if unit or not m.group("unit") else m.start("unit")
        if unit and not _plural(unit):
            end, unit = _plural_noun(sentence, end, unit, 2 if m.group("unit").islower() else 1)
        if m.group("cur"):
            unit = m.group("cur").upper().replace("US$", "USD").replace("$", "USD")
        found.append(Number(sentence[m.start():end].strip(), value, unit))
    return found


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _plural_noun(sentence: str, end: int, unit: str, steps: int) -> tuple[int, str]:
    """What a count counts is the plural noun its modifiers lead to: "two air force planes" counts planes,
    "four armed robbers" robbers, "three Russian jets" jets; a singular word with none after it is the unit
    itself ("five year old"), and a name is no modifier ("10 Downing Street officials")."""
    at, words = end, [unit]
    for _ in range(steps):
        following = _NEXT_WORD.match(sentence, at)
        if following is None or following.group(1) in _NOT_UNITS:
            break
        at = following.end()
        words.append(following.group(1))
        if _plural(words[-1]):
            compound = " ".join(words[-2:])
            return at, compound if compound in _COMPOUND_UNITS else words[-1]
    return end, unit


def changed_numbers(a: str, b: str) -> list[dict]:
    na, nb = numbers(a), numbers(b)
    only_a = [x for x in na if not any(abs(x.value - y.value) < 1e-9 for y in nb)]
    only_b = [y for y in nb if not any(abs(x.value - y.value) < 1e-9 for x in na)]
    changes = []
    for x in only_a:
        match = next((y for y in only_b if y.unit and y.unit == x.unit), None)
        if match is None and len(only_a) == len(only_b) == 1:
            match = only_b[0]
        if match is not None:
            only_b.remove(match)
            changes.append({"kind": "number", "a": x.text, "b": match.text})
    return changes


def changed_dates(ann_a: Annotations, i: int, ann_b: Annotations, j: int) -> list[dict]:
    ta = [t for t in ann_a.times if t.sentence == i and t.resolved and t.granularity in ("day", "month")]
    tb = [t for t in ann_b.times if t.sentence == j and t.resolved and t.granularity in ("day", "month")]
    only_a = [t for t in ta if t.resolved not in {u.resolved for u in tb}]
    only_b = [t for t in tb if t.resolved not in {u.resolved for u in ta}]
    return [{"kind": "date", "a": f"{x.text} ({x.resolved})", "b": f"{y.text} ({y.resolved})"}
            for x, y in zip(only_a, only_b) if x.granularity == y.granularity]


def _entities(ann: Annotations, sentence: int) -> list:
    return [e for e in ann.entities if e.sentence == sentence and e.label in ("person", "org", "place", "group")]


def name_changes(ann_a: Annotations, i: int, ann_b: Annotations, j: int) -> tuple[list[dict], list[dict]]:
    """(changed names, spelling variants) between two aligned sentences."""
    ea, eb = _entities(ann_a, i), _entities(ann_b, j)
    variants, changed = [], []
    unmatched_b = list(eb)
    for x in ea:
        twin = next((y for y in unmatched_b if same_entity(x.text, y.text)), None)
        if twin is not None:
            unmatched_b.remove(twin)
            if spelled_differently(x.text, twin.text):
                variants.append({"a": x.text, "b": twin.text})
            continue
        rivals = [y for y in unmatched_b if y.label == x.label == "person"]
        if len(rivals) == 1:
            unmatched_b.remove(rivals[0])
            changed.append({"kind": "name", "a": x.text, "b": rivals[0].text})
    return changed, variants


def entity_variants(ann_a: Annotations, ann_b: Annotations) -> list[dict]:
    """Every pair of spellings of one entity across the two articles."""
    seen, out = set(), []
    for x in {e.text for e in ann_a.entities if e.label != "place" or len(e.text) > 2}:
        for y in {e.text for e in ann_b.entities}:
            if (x, y) not in seen and spelled_differently(x, y):
                seen.add((x, y))
                out.append({"a": x, "b": y})
    return sorted(out, key=lambda v: (v["a"], v["b"]))
