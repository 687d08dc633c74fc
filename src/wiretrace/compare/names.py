"""When two spellings name one entity: transliterations, prefixes, aliases and surnames.

"Osama al-Muhajer" and "Usamah Al-Muhajir" differ in every vowel and agree in
their consonants once the Arabic article is set aside; "IS", "ISIS", "ISIL",
"Daesh" and "Islamic State" are one group by convention, not by letters.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from rapidfuzz import fuzz

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
_VOWELS = re.compile(r"[aeiouy]")


def key(name: str) -> str:
    """Lower-case ASCII words, punctuation and possessives gone."""
    text = anyascii(name).lower().replace("'s", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _skeleton(word: str) -> str:
    word = re.sub(r"(?<=[aeiou])h$", "", word)
    word = word.replace("ph", "f").replace("q", "k").replace("ck", "k").replace("ou", "u")
    bones = _VOWELS.sub("", word)
    return re.sub(r"(.)\1+", r"\1", bones) or word[:1]


def skeleton(name: str) -> str:
    """Consonants of the meaningful words: what survives transliteration."""
    return " ".join(_skeleton(w) for w in key(name).split() if w not in _PARTICLES)


def _alias_group(k: str) -> int | None:
    return next((n for n, group in enumerate(ALIASES) if k in group), None)


def same_entity(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ga = _alias_group(ka)
    if ga is not None and ga == _alias_group(kb):
        return True
    wa, wb = ka.split(), kb.split()
    if (len(wa) == 1 or len(wb) == 1) and (wa[-1] == wb[-1]) and len(wa[-1]) > 3:
        return True
    sa, sb = skeleton(a), skeleton(b)
    if len(sa) < 8:
        return sa == sb and fuzz.ratio(ka, kb) >= 60
    if len(sa.split()) == len(sb.split()) and fuzz.ratio(sa, sb) >= 85:
        return fuzz.ratio(" ".join(w for w in wa if w not in _PARTICLES), " ".join(w for w in wb if w not in _PARTICLES)) >= 70
    return False


def spelled_differently(a: str, b: str) -> bool:
    """One entity, another spelling: transliterated, aliased or stripped of diacritics (not a mere title or case)."""
    if not same_entity(a, b) or a.lower() == b.lower():
        return False
    if key(a) == key(b):
        return True
    wa, wb = set(key(a).split()), set(key(b).split())
    return not (wa <= wb or wb <= wa)
