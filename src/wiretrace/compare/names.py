"""When two spellings name one entity: transliterations, prefixes, aliases and surnames.

"Osama al-Muhajer" and "Usamah Al-Muhajir" differ in every vowel and agree in
their consonants once the Arabic article is set aside; "IS", "ISIS", "ISIL",
"Daesh" and "Islamic State" are one group by convention, not by letters.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from typing import Mapping

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ALIASES = [
    {"is", "isis", "isil", "daesh", "islamic state", "islamic state group", "islamic state of iraq and the levant",
     "islamic state of iraq and syria"},
    {"us", "u s", "usa", "united states", "united states of america", "america"},
    {"uk", "u k", "united kingdom", "britain", "great britain"},
    {"un", "u n", "united nations"},
    {"eu", "european union"},
    {"centcom", "central command", "us central command"},
]
_PARTICLES = {"al", "el", "ul", "the", "de", "bin", "ibn", "abu"}
_PLACE_NOUNS = {"village", "town", "city", "region", "province", "district", "county", "island", "state", "area"}
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """Lower-case ASCII words, punctuation and possessives gone (remembered: a story's names are compared pair by
    pair)."""
    text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", anyascii(name).lower().replace("'s", ""))   # "Jama'at" is one word
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _skeleton(word: str) -> str:
    word = re.sub(r"(?<=[aeiou])h$", "", word)
    word = word.replace("ph", "f").replace("q", "k").replace("ck", "k").replace("ou", "u")
    bones = _VOWELS.sub("", word)
    return re.sub(r"(.)\1+", r"\1", bones) or word[:1]


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """Consonants of the meaningful words: what survives transliteration."""
    return " ".join(_skeleton(w) for w in key(name).split() if w not in _PARTICLES)


def _alias_group(k: str) -> int | None:
    return next((n for n, group in enumerate(ALIASES) if k in group), None)


def without_place_noun(name: str) -> str:
    """'Inazzar village' is Inazzar; 'Mexico City', its noun capitalised, is a name of its own."""
    head, _, last = name.rpartition(" ")
    return head if head and last in _PLACE_NOUNS else name


def same_entity(a: str, b: str, surnames: bool = True) -> bool:
    """Whether two spellings name one entity; `surnames`: a one-word name may stand for a longer one ending in it
    ("Ilagan", "Armando Ilagan"), which holds for people, not for "Peru" and "Geophysical Institute of Peru"."""
    ka, kb = key(without_place_noun(a)), key(without_place_noun(b))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ga = _alias_group(ka)
    if ga is not None and ga == _alias_group(kb):
        return True
    wa, wb = ka.split(), kb.split()
    if surnames and (len(wa) == 1 or len(wb) == 1) and (wa[-1] == wb[-1]) and len(wa[-1]) > 3:
        return True
    if _one_letter_apart(wa, wb):
        return True
    sa, sb = skeleton(a), skeleton(b)
    if len(sa) >= 8 and sa.replace(" ", "") == sb.replace(" ", ""):   # "Abdelkarim" and "Abdul Karim"
        return True
    if len(sa) < 8:
        return sa == sb and fuzz.ratio(ka, kb) >= 60
    if len(sa.split()) == len(sb.split()) and fuzz.ratio(sa, sb) >= 85:
        return fuzz.ratio(" ".join(w for w in wa if w not in _PARTICLES), " ".join(w for w in wb if w not in _PARTICLES)) >= 70
    return False


def _one_letter_apart(wa: list[str], wb: list[str]) -> bool:
    """A name of two words or more that differs from another in one letter of one long word ("Elsa Huamani", "Elsa
    Guamani"): a misspelling, as two people of one story rarely share a first name and all but a letter of a surname.
    """
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    differ = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(differ) == 1 and min(map(len, differ[0])) >= 6 and Levenshtein.distance(*differ[0]) == 1


def _words(name: str) -> list[str]:
    """Words as written, diacritics kept: case, possessives and punctuation are no spelling ('Pacific "Ring of Fire'
    as the recogniser cut it)."""
    return re.findall(r"\w+", re.sub(r"['\u2019]s\b", "", name.lower()))


def spelled_differently(a: str, b: str) -> bool:
    """One entity, another spelling: transliterated, aliased or stripped of diacritics (not a mere title or case)."""
    if not same_entity(a, b) or _words(a) == _words(b):
        return False
    if key(a) == key(b):
        return True
    wa, wb = set(key(a).split()), set(key(b).split())
    return not (wa <= wb or wb <= wa)


def group_spellings(spellings: list[str], kinds: Mapping[str, str] | None = None) -> list[list[str]]:
    """Spellings joined when `same_entity` says they name one entity (single link), each group in the given order;
    given each spelling's kind, a name joins a longer one ending in it only when that one is a person's."""
    parent = list(range(len(spellings)))
    words = [len(key(s).split()) for s in spellings]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(spellings):
        for j in range(i):
            surnames = kinds is None or kinds[a if words[i] > words[j] else spellings[j]] == "person"
            if find(i) != find(j) and same_entity(a, spellings[j], surnames):
                parent[find(i)] = find(j)
    groups: dict[int, list[str]] = {}
    for i, s in enumerate(spellings):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}   # CLDR regions that are unions, pseudo or unknown


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    return frozenset(key(name) for code, name in Locale("en").territories.items()
                     if code.isalpha() and code not in NOT_COUNTRIES)


def is_country(name: str) -> bool:
    """Whether a name is a country's (CLDR's English names, as Babel ships them)."""
    return key(name) in _countries()


KIND_TIES = ("person", "org", "place", "group")   # a tie goes to the first: a surname alone is often taken for an org,
                                                  # a group's name for a place ("Daesh"), seldom a place for an org


def kind_of(spelling: str, labels: Counter) -> str:
    """The kind most mentions give a spelling; a country's name is a place whatever the recogniser said, as the
    small English model calls "Mali" a person now and then."""
    if is_country(spelling):
        return "place"
    return min(labels, key=lambda label: (-labels[label], KIND_TIES.index(label) if label in KIND_TIES else 9, label))
