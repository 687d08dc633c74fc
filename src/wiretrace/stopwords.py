"""spaCy's English stop words, read from its package without importing spaCy.

Importing spaCy takes seconds (it brings in thinc and its backends); `quotes`, `facts` and quote search need
only this list, and a command that needs no model should start at once.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _spacy_stop_words() -> frozenset[str]:
    source = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / "en" / "stop_words.py"
    scope: dict = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), scope)   # a list of words, no imports
    return frozenset(scope["STOP_WORDS"])


STOP_WORDS = _spacy_stop_words()
