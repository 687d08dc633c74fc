"""Changed facts in aligned sentences: numbers (with units and currency), dates and names.

Numbers compare by value, so "about 1,000" and "roughly 1,000" agree and
"12 killed" / "15 killed" do not; dates compare by the day they resolve to,
not by their words; names compare as entities, so a transliteration is a
spelling variant of the same person, not a changed fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..annotations import Annotations
from .names import same_entity, spelled_differently

_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
                                                      "dozen": 12, "dozens": 24}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_CURRENCY = r"(?:US\$|\$|€|£|¥|USD|EUR|GBP|dollars?|euros?|pounds?)"
_NUMBER = re.compile(
    r"(?P<cur>" + _CURRENCY + r")?\s?(?P<num>\d+(?:[.,]\d+)*|\b(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")\b)(?:\s?(?P<scale>thousand|million|billion|trillion|bn)\b)?(?:[\s-](?P<unit>[a-z]+))?",
    re.IGNORECASE,
)
_SCORE = re.compile(r"\b(\d{1,3})-(\d{1,3})\b(?![-\w])")
_NOT_UNITS = {"and", "or", "of", "the", "a", "in", "on", "at", "to", "by", "for", "with", "that", "was", "were", "is",
              "yesterday", "today", "tonight", "tomorrow", "ago", "earlier", "later", "before", "after"}
_NEXT_WORD = re.compile(r"\s([a-z]+)\b")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH}|{_MONTH.upper()})\s$")
_MONTH_AFTER = re.compile(rf"\s?(?:{_MONTH}|{_MONTH.upper()})\b")
_COMPOUND_UNITS = {"basis points", "nautical miles", "square miles", "square kilometres", "square kilometers",
                   "square metres", "square meters", "square feet"}
CLAIM_WORDS = {
    "killed": "killed kill kills killing dead died die dies death deaths deceased perished toll fatalities drowned bodies lives",
    "injured": "injured injuring injuries wounded wounding hurt hospitalised hospitalized treated",
    "missing": "missing unaccounted",
    "arrested": "arrested arrest arrests detained detaining custody",
    "rescued": "rescued rescue saved survivors",
    "evacuated": "evacuated evacuation evacuate evacuees displaced homeless",
    "troops": "troops",
    "magnitude": "magnitude",
    "vote": "voted vote votes",
}
CLAIM_OF = {w: claim for claim, ws in CLAIM_WORDS.items() for w in ws.split()}
CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s-+\s|\band\b|\bwhile\b|\bbut\b")
_WORD = re.compile(r"[a-z]+")
RESTATED_COSINE = 0.5   # embedding cosine of a rewrite's sentence and the one of its source it rewords


@dataclass(frozen=True)
class Number:
    text: str
    value: float
    unit: str | None


def numbers(sentence: str) -> list[Number]:
    """Numbers a sentence states, with their unit or currency; years, days of a month ("March 17", a dateline's)
    and list markers left out.

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
        at = m.start("num")
        if _designation(sentence, at, m):
            continue
        if not raw.isalpha() and value <= 31 and (_MONTH_BEFORE.search(sentence, max(0, at - 12), at)
                                                  or _MONTH_AFTER.match(sentence, m.end("num"))):
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


def _designation(sentence: str, at: int, m: re.Match) -> bool:
    """Digits written onto letters name a road, route or model ("the A1 motorway", "M25", "a B737", "G20"), no
    quantity: "A1 near" read as the number 1."""
    return not m.group("cur") and at > 0 and sentence[at - 1].isalpha()


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


def located(sentence: str) -> list[tuple[Number, int, int]]:
    """The sentence's numbers with where each stands in it."""
    out, at = [], 0
    for number in _numbers(sentence):
        start = sentence.find(number.text, at)
        if start < 0:
            start = sentence.find(number.text)
        if start < 0:
            continue
        at = start + len(number.text)
        out.append((number, start, start + len(number.text)))
    return out


@lru_cache(maxsize=65536)
def _numbers(sentence: str) -> tuple[Number, ...]:
    """Numbers once per distinct sentence: copies repeat their source's sentences word for word."""
    return tuple(numbers(sentence))


def claim(sentence: str, start: int, end: int, number: Number, bounds: list[tuple[int, int]]) -> str | None:
    """What a number counts, when its clause says (a key of CLAIM_WORDS): "32 others are missing" -> missing.

    The claim word is looked for in the number itself ("23 missing"), right
    before it ("magnitude 6.2 quake killed"), just after it ("16 people were
    killed"), then back to the start of its clause ("killing at least 14",
    "the death toll rose to 19"); never past another number (`bounds`: where
    the sentence's numbers stand). A score or vote names none.
    """
    named = next((w for w in _WORD.findall(number.text.lower()) if w in CLAIM_OF), None)
    if named is not None:
        return CLAIM_OF[named]
    if "-" in number.text:
        return None
    before = max((e for s, e in bounds if e <= start), default=0)
    after = min((s for s, e in bounds if s >= end), default=len(sentence))
    right = _WORD.findall(CLAUSE_BREAK.split(sentence[end:after].lower())[0])[:4]
    left = _WORD.findall(CLAUSE_BREAK.split(sentence[before:start].lower())[-1])
    return next((CLAIM_OF[w] for w in [*left[-1:], *right, *reversed(left)] if w in CLAIM_OF), None)


def changed_numbers(a: str, b: str, alone: bool = True) -> list[dict]:
    """Numbers of two aligned sentences that differ in value, paired by what they count: the same claim ("23
    missing" / "32 others are missing"), else the same unit, else (with `alone`) the only two left."""
    def claimed(sentence):
        found = located(sentence)
        bounds = [(s, e) for _, s, e in found]
        return [(n, claim(sentence, s, e, n, bounds)) for n, s, e in found]

    na, nb = claimed(a), claimed(b)
    only_a = [(x, c) for x, c in na if not any(abs(x.value - y.value) < 1e-9 for y, _ in nb)]
    only_b = [(y, c) for y, c in nb if not any(abs(x.value - y.value) < 1e-9 for x, _ in na)]
    changes = []
    for x, claim_x in only_a:
        match = (next((m for m in only_b if claim_x and m[1] == claim_x), None)
                 or next((m for m in only_b if x.unit and m[0].unit == x.unit), None))
        if match is None and alone and len(only_a) == len(only_b) == 1:
            match = only_b[0]
        if match is not None:
            only_b.remove(match)
            changes.append({"kind": "number", "a": x.text, "b": match[0].text})
    return changes


def changed_dates(ann_a: Annotations, i: int, ann_b: Annotations, j: int) -> list[dict]:
    ta = [t for t in ann_a.times if t.sentence == i and t.resolved and t.granularity in ("day", "month")]
    tb = [t for t in ann_b.times if t.sentence == j and t.resolved and t.granularity in ("day", "month")]
    only_a = [t for t in ta if t.resolved not in {u.resolved for u in tb}]
    only_b = [t for t in tb if t.resolved not in {u.resolved for u in ta}]
    return [{"kind": "date", "a": f"{x.text} ({x.resolved})", "b": f"{y.text} ({y.resolved})"}
            for x, y in zip(only_a, only_b) if x.granularity == y.granularity]


def restated_numbers(ann_a: Annotations, ann_b: Annotations, pairs: list[tuple[int, int, float]]) -> list[dict]:
    """Numbers changed in sentences a rewrite reworded past what the paraphrase model aligns.

    `pairs` are (sentence of a, sentence of b, cosine) of sentences neither
    side aligned. A pair close in meaning (RESTATED_COSINE) that names at least
    two of the same people, organisations or places restates one fact, and a
    number of the same kind (claim or unit) with another value in it is a
    changed number: "the committee voted 5-2" reworded as "the governor said
    the committee had voted 6-1". Only for a rewrite: independent reports
    state many numbers of one kind about one event.
    """
    out = []
    for i, j, cosine in pairs:
        if cosine < RESTATED_COSINE:
            continue
        theirs = _entities(ann_b, j)
        if sum(any(same_entity(e.text, f.text) for f in theirs) for e in _entities(ann_a, i)) >= 2:
            out += changed_numbers(ann_a.sentences[i].text, ann_b.sentences[j].text, alone=False)
    return out


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
