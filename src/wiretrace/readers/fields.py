"""Shared by every reader: turn loose fields into an Article, or say what is wrong."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any, Mapping

from ..article import Article
from ..errors import InputError
from .dateline import date_from_dateline, parse_dateline

_ALIASES = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site", "sitename", "publisher", "source_domain"),
    "url": ("url", "link", "canonical_url"),
    "published": ("published", "date", "date_publish", "published_at", "pubdate", "datetime", "publish_date",
                  "published_date", "date_published", "publication_date", "pub_date"),
    "language": ("language", "lang"),
}


ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED_DAY = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")   # 11.03.2025: day first wherever dots are written
_DEEPEST = 100         # nesting kept in `extra`: deeper, storing or printing it would exhaust Python's stack
_LONGEST_DATE = 100     # longer is no date, and dateparser would take seconds to say so


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message quotes it: JSON-escaped on one line, cut short."""
    text = printable(json.dumps(value, ensure_ascii=False, default=str))
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def printable(text: str) -> str:
    """`text` with what a terminal would act on (NUL, escapes, line and bidi controls) written as \\uXXXX."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def parse_published(value: Any) -> date | datetime:
    """An ISO date or datetime, or anything dateparser reads without doubt.

    Anything else is a ValueError whose message names the field and the value,
    so a reject line says which date was wrong ("2023-13-45"), not how Python failed.
    """
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"published: {shown(value)} is not a date (a {type(value).__name__}, not a string)")
    value = value.strip() if isinstance(value, str) else value
    text = str(value)
    iso = ISO_DAY.fullmatch(text)
    if iso:
        try:
            return date.fromisoformat(text)
        except ValueError:
            wrong = _out_of_range(*map(int, iso.groups()))
            raise ValueError(f"published: {shown(value)} is not a date ({wrong})") from None
    if len(text) > _LONGEST_DATE:
        raise ValueError(f"published: {shown(value)} is not a date (too long: {len(text):,} characters)")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    import dateparser

    strict = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    if _DOTTED_DAY.match(text):
        strict["DATE_ORDER"] = "DMY"
    try:   # not relative: "yesterday" in a file means the day before it was written, which the file does not say
        parsed = dateparser.parse(text, languages=["en"], settings={
            **strict, "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    except (ValueError, OverflowError):
        parsed = None   # the parts dateparser found make no date
    if parsed is None:
        raise ValueError(f"published: {shown(value)} is not a date{_why_not(text)}")
    if parsed.time() == time() and ":" not in text:
        return parsed.date()  # "March 5, 2024" states a day, not midnight
    return parsed


def _why_not(text: str) -> str:
    """What a date dateparser would not read lacks, where it can tell: a day relative to an unknown one, or a year."""
    import dateparser

    if dateparser.parse(text, languages=["en"], settings={"PARSERS": ["relative-time"]}) is not None:
        return " (a relative date, and the input does not say relative to which day)"
    yearless = {"REQUIRE_PARTS": ["day", "month"], "PARSERS": ["custom-formats", "absolute-time"]}
    try:
        if not re.search(r"\d{4}", text) and dateparser.parse(text, languages=["en"], settings=yearless) is not None:
            return " (it gives no year)"
    except (ValueError, OverflowError):
        pass
    return ""


def _out_of_range(year: int, month: int, day: int) -> str:
    if year == 0:
        return "year 0"
    if not 1 <= month <= 12:
        return f"month {month}"
    return f"day {day}"


@lru_cache(maxsize=1)
def _langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short to tell."""
    if len(text) < 40:
        return None
    lang, prob = _langid().classify(text[:3000])
    return lang if prob >= 0.5 else None


def _depth(value: Any) -> int:
    """How deep lists and mappings nest in `value`, counted level by level (not by recursion) up to past `_DEEPEST`."""
    depth, level = 0, [value]
    while depth <= _DEEPEST:
        containers = [item for item in level if isinstance(item, list | tuple | dict)]
        if not containers:
            break
        depth += 1
        level = [child for c in containers for child in (c.values() if isinstance(c, dict) else c)]
    return depth


def _text_of(value: Any, key: str, origin: str, line: int | None) -> Any:
    """Bytes as UTF-8 text: Parquet writers often store strings as plain binary."""
    if not isinstance(value, bytes | bytearray):
        return value
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"'{key}' is not UTF-8 text ({exc.reason} at byte {exc.start:,})", line) from None


_SPACING = re.compile(r"[\s_-]")


def _folded_key(key: str) -> str:
    return _SPACING.sub("", key).lower()


def field_key(fields: Mapping[str, Any], name: str) -> str | None:
    """The key a record gives a field under: one of its names as written, else one of them in another case or
    spacing ("pubDate", "datePublished", "Headline", "site-name"), as scrapers and feed converters write them."""
    return field_keys(fields).get(name)


def field_keys(fields: Mapping[str, Any]) -> dict[str, str]:
    """`field_key` of every field the record gives."""
    return dict(_resolved(tuple(k for k, v in fields.items() if isinstance(k, str) and v not in (None, ""))))


@lru_cache(maxsize=1024)
def _resolved(given: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(field, key) for the keys a record gives: a file's records give the same few, so this is worked out once."""
    found: dict[str, str] = {}
    for key in given:
        found.setdefault(_folded_key(key), key)
    keys = []
    for name, aliases in _ALIASES.items():
        key = next((k for k in aliases if k in given), None) or next(
            (found[w] for w in map(_folded_key, aliases) if w in found), None)
        if key is not None:
            keys.append((name, key))
    return tuple(keys)


_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b")


def _how_dated(stated: Any) -> str:
    """How the date was read: a day written 11/03/2025 is November 3 in the US and 11 March elsewhere, and is read
    month first, which the note says so that a reader who meant the other can see it; 11.03.2025 is written so
    where the day comes first (Germany, Russia, Poland, Norway...), and is read day first."""
    m = _NUMERIC_DAY.match(stated.strip()) if isinstance(stated, str) else None
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and int(m.group(1)) != int(m.group(2)):
        first = "day" if _DOTTED_DAY.match(stated.strip()) else "month"
        return f"stated by the input as {stated.strip()}, read {first} first"
    return "stated by the input"


def article_from_fields(fields: Mapping[str, Any], origin: str, line: int | None = None, *,
                        guess_language: bool = True) -> Article:
    """Build an Article from reader fields; unknown fields are kept in `extra`.

    `guess_language=False` keeps only a stated language: batch dedup reads
    millions of records, and identifying each one's language would cost more
    than finding their copies.
    """
    keys = field_keys(fields)
    used = set(keys.values())
    values = {name: _text_of(fields[key], key, origin, line) for name, key in keys.items()}
    text = values.get("text")
    if not isinstance(text, str):
        if text is None:
            raise InputError(origin, "no article text (expected a 'text' field)", line)
        key = keys["text"]
        raise InputError(origin, f"{shown(key)}, the article's text, must be a string, not a {type(text).__name__}", line)
    if not text.strip():
        raise InputError(origin, "empty article: no text", line)
    for name, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise InputError(origin, f"binary data in the {name} (a NUL byte at character {value.index(chr(0)) + 1:,})",
                             line)
    published = None
    if "published" in values:
        try:
            published = parse_published(values["published"])
        except ValueError as exc:
            raise InputError(origin, str(exc), line) from None
    if isinstance(published, datetime) and published.tzinfo is not None:
        published = published.astimezone(timezone.utc)
    for name in ("title", "source", "url", "language"):
        if name in values and not isinstance(values[name], str):
            values[name] = str(values[name])
    body = text.strip("\n")
    dateline = parse_dateline(body)
    extra = {k: v for k, v in fields.items() if k not in used}
    for key, value in extra.items():
        if isinstance(value, list | tuple | dict) and _depth(value) > _DEEPEST:
            raise InputError(origin, f"field {shown(key)} is nested over {_DEEPEST} levels deep", line)
    article = Article(
        text=body,
        title=(values.get("title") or "").strip() or None,
        source=(values.get("source") or "").strip() or None,
        url=(values.get("url") or "").strip() or None,
        published=published,
        published_note=_how_dated(values.get("published")) if published is not None else None,
        dateline=dateline.place if dateline else None,
        language=values.get("language") or (detect_language(body) if guess_language else None),
        origin=origin,
        line=line,
        extra=extra,
    )
    if dateline and dateline.year is not None:
        # A dateline with its year dates the article on its own; only a yearless one waits for its batch.
        article = date_from_dateline(article, dateline)
    return article
