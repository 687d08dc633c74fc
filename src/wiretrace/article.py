"""The Article: what every reader produces and every later stage consumes.

The body is kept exactly as given, for display; `normalized` is derived from it
for matching, with quotes, dashes, spaces and unicode forms unified so that a
curly-quoted copy matches its straight-quoted original character for character.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from functools import cached_property
from types import MappingProxyType
from typing import Any, Mapping

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    }
)
_FOLD = {k: v for k, v in _TRANSLATE.items() if isinstance(v, str) and len(v) == 1}
_FOLD.update({ord("\n"): "\n", 0x2026: "\u2026"})
_FOLD_TABLE = str.maketrans({chr(k) if isinstance(k, int) else k: v for k, v in _FOLD.items()})
MAX_CHARS = 1_000_000   # about 150,000 words: far past any article; a longer text is a dump, not a report
_REPLACE = tuple((chr(k), v or "") for k, v in _TRANSLATE.items())
_SPACE_RUNS = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-z])")
_SOFT_BREAK = re.compile(r"[ \t]*(?<!\n)\n(?![ \t]*\n)[ \t]*")
JSON_CONTROLS = bytes(c for c in range(32) if c != 10)   # what json writes as \t, \r, \b, \f or \u00XX


def max_chars() -> int:
    """The longest article text wiretrace reads: `WIRETRACE_MAX_CHARS`, else a million characters.

    An environment variable, so that Spark's workers and the web app's upload see the limit the command was given.
    """
    raw = os.environ.get("WIRETRACE_MAX_CHARS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_CHARS


def fold(text: str) -> str:
    """Straighten quotes, dashes and odd spaces one character for one.

    The result has the original's length, so offsets found in it (sentences,
    quotes, entities) point into the original text kept for display.
    """
    return text.translate(_FOLD_TABLE)


def normalize(text: str) -> str:
    """Unify unicode form, quotes, dashes and whitespace; keep paragraph breaks.

    Every replacement maps one character to one character (save the ellipsis and
    removed zero-width marks), so positions stay close to the original's.
    """
    if text.isascii():   # NFKC leaves ASCII alone, and of the table only the backtick is ASCII
        text = text.replace("`", "'")
    else:
        text = unicodedata.normalize("NFKC", text)
        for char, replacement in _REPLACE:   # a scan per table entry beats translate's dict lookup per character
            if char in text:
                text = text.replace(char, replacement)
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACE_RUNS.sub(" ", text)   # blank runs made one space; a lone space is one already
    text = "\n".join(map(str.strip, text.split("\n")))
    return _BLANK_LINES.sub("\n\n", text).strip()


def unwrap(text: str) -> str:
    """`text` with its lines run together into paragraphs, a word hyphenated over a line break made whole
    ("govern-\\nment"): a scan of a newspaper column breaks a line every 30-40 characters, and a name opening a
    line would read as opening a sentence, a hyphenated one as two words, where its original states them whole.
    A blank line still parts paragraphs. Not part of `normalize` (article ids hash its text, and offsets into it
    point at the original): copy detection and sentence comparison read a column through it."""
    return _SOFT_BREAK.sub(" ", _SPLIT_WORD.sub("", text.replace("\r\n", "\n")))


@dataclass(frozen=True)
class Article:
    """One news article as read from a file, a feed entry or a JSON record.

    `published` is a date or datetime; `published_inferred` tells whether it was
    stated by the input (False) or worked out from a dateline (True), and
    `published_note` says how. `origin` and `line` point back at the input.
    """

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | datetime | None = None
    published_inferred: bool = False
    published_note: str | None = None
    dateline: str | None = None
    language: str | None = None
    origin: str | None = None
    line: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def __reduce__(self):
        """Pickle as plain fields (a read-only mapping does not pickle): for worker processes and caches."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["extra"] = dict(self.extra)
        return (_article_from, (values,))

    @cached_property
    def normalized(self) -> str:
        return normalize(self.text)

    @cached_property
    def id(self) -> str:
        """Content hash: the same article read twice has the same id.

        Outlet, url and title take part, so two outlets carrying one wire text
        verbatim remain two articles; where it was read from does not.
        """
        return hashlib.sha256(_id_key([self.source or "", self.url or "", normalize(self.title or ""),
                                       self.normalized])).hexdigest()[:16]

    @property
    def published_day(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published

    @property
    def where(self) -> str:
        """Where the article came from, as `file` or `file:line`."""
        if self.origin is None:
            return "<memory>"
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


def _id_key(parts: list[str]) -> bytes:
    """`json.dumps(parts, ensure_ascii=False)` as UTF-8, byte for byte: the key article ids hash.

    json escapes a string character by character (about 4 ns a character);
    the parts joined by NUL and encoded once, where a pass finds no other
    control character in them but the newline, have their backslashes, quotes
    and newlines escaped by byte replacements, in under a fifth of that, and
    the NULs made the separators. Only parts holding another control character
    (rare: `normalize` turns tabs and returns into spaces), or text UTF-8
    cannot encode, go to json.
    """
    try:
        data = "\0".join(parts).encode("utf-8")
    except UnicodeEncodeError:   # json's output then fails to encode, as it always did
        data = None
    if data is None or len(data.translate(None, JSON_CONTROLS)) != len(data) - len(parts) + 1:
        return json.dumps(parts, ensure_ascii=False).encode("utf-8")
    return b'["' + json_escaped(data).replace(b"\0", b'", "') + b'"]'


def json_escaped(data: bytes) -> bytes:
    """UTF-8 text as json writes it inside a string (`ensure_ascii=False`), where it holds no `JSON_CONTROLS`:
    its backslashes, quotes and newlines escaped by three byte replacements, a tenth of json's time."""
    return data.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")


def utc_moment(value) -> datetime:
    """A naive UTC datetime for any date or datetime, so mixed inputs sort together.

    A bare date counts as the end of its day: an article whose hour is unknown
    is not taken for the first report over one timed earlier that day.
    """
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def span_words(seconds: float) -> str:
    """A time span as people say it, to the unit that matters: '45 minutes', '5 hours', '2 days', '3 weeks'."""
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size or unit == "minute":
            n = round(seconds / size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return ""


def _article_from(values: dict) -> Article:
    return Article(**values)
