"""Stop words: spaCy's English list, read from its package without importing spaCy, and the shorter list of
function words that sentence comparison, fingerprints and copy detection leave out.

Importing spaCy takes seconds (it brings in thinc and its backends); `quotes`, `facts` and quote search need
only its list, and a command that needs no model should start at once. `wiretrace dedup` reads the function
words from here, not from the compare code, whose imports cost it a tenth of a second.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def spacy_stop_words(language: str = "en") -> frozenset[str]:
    """spaCy's stop word list of a language (an ISO 639-1 code it has a `lang` folder for)."""
    source = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / language / "stop_words.py"
    scope: dict = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), scope)   # a list of words, no imports
    return frozenset(scope["STOP_WORDS"])


STOP_WORDS = spacy_stop_words()

FUNCTION_WORDS = frozenset("""
a an the and or but of in on at to for from by with as is are was were be been being has have had do does did
it its this that these those he she they we you i his her their our your them him us not no so than then there
here which who whom whose what when where why how also said says say would will could can may might should
about into over after before up down out off s t
""".split())
