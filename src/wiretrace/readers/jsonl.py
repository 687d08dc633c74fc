"""JSON Lines and JSON: one article per line, or an array (or {"articles": [...]}) of them."""

from __future__ import annotations

import html
import json
import re
import sys
from typing import Any, Iterator

from ..article import Article
from ..errors import InputError
from .fields import article_from_fields, field_key

# The markup a scraper leaves in a record's text: tags of an article body, or entities ("&ldquo;", "&#8217;").
_MARKUP = re.compile(r"</?(?:p|br|div|span|a|b|i|em|strong|li|ul|ol|h[1-6]|blockquote|figure|figcaption|img|table|td)"
                     r"\b[^>]*>|&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});", re.IGNORECASE)


def _record(value: Any, origin: str, line: int | None, guess_language: bool = True) -> Article | InputError:
    if not isinstance(value, dict):
        return InputError(origin, f"expected a JSON object, found {type(value).__name__}", line)
    try:
        return article_from_fields(_without_markup(value, origin, line), origin, line, guess_language=guess_language)
    except InputError as exc:
        return exc


def _without_markup(record: dict, origin: str, line: int | None) -> dict:
    """A record whose text is a page's HTML (a CMS or news API gives "<p>...</p>", "&ldquo;") read as a feed
    entry's is: its paragraphs, entities as the characters they stand for; a title's entities too. Stored raw,
    the tags hide the quotations and the sentences from every later stage."""
    changed = {}
    text_key = _field(record, "text")
    text = record.get(text_key)
    if isinstance(text, str) and ("<" in text or "&" in text) and _MARKUP.search(text):
        from .feed import html_to_paragraphs

        try:
            changed[text_key] = html_to_paragraphs(text)
        except ValueError as exc:
            raise InputError(origin, f"the text's HTML: {exc}", line) from None
    title_key = _field(record, "title")
    title = record.get(title_key)
    if isinstance(title, str) and "&" in title and _MARKUP.search(title):
        changed[title_key] = html.unescape(title)
    return {**record, **changed} if changed else record


def _field(record: dict, name: str) -> str | None:
    """The key a record gives the field under, as `article_from_fields` picks it (most give the field's own)."""
    if record.get(name) not in (None, ""):
        return name
    return field_key(record, name)


def _problem(exc: json.JSONDecodeError) -> str:
    """The parser's message without its dangling "at" ("Unterminated string starting at")."""
    return exc.msg.removesuffix(" at")


def _cut_short(raw: str, exc: json.JSONDecodeError) -> bool:
    """The line ends where the parser still wanted more: a write cut off, not a typo.

    An unterminated string is reported where it starts, anything else where the
    parser stopped; `{not json}` stops early and stays "invalid".
    """
    return exc.msg.startswith("Unterminated string") or exc.pos >= len(raw.rstrip())


def _beyond_parser(exc: Exception) -> str:
    """Valid JSON that Python's parser will not take: nested past its stack, or a number past its digit limit."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read (arrays or objects over a thousand levels deep)"
    return f"JSON holds a number too long to read (over {sys.get_int_max_str_digits():,} digits)"


def read_jsonl(text: str, origin: str) -> Iterator[Article | InputError]:
    lines = text.split("\n")
    last = max((n for n, raw in enumerate(lines, start=1) if raw.strip()), default=0)
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield read_line(raw, origin, number, last=number == last)


def read_line(raw: str, origin: str, number: int, *, last: bool = False,
              guess_language: bool = True) -> Article | InputError:
    """One line of JSON Lines: its article, or the reject line saying why it holds none.

    Streamed readers call it line by line; `last` says the line ends the file,
    where a line cut short is a truncated write rather than a typo.
    """
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        kind = "truncated JSON" if last and _cut_short(raw, exc) else "invalid JSON"
        return InputError(origin, f"{kind} ({_problem(exc)} at column {exc.colno})", number)
    except (RecursionError, ValueError) as exc:
        return InputError(origin, _beyond_parser(exc), number)
    return _record(value, origin, number, guess_language)


def read_json(text: str, origin: str) -> Iterator[Article | InputError]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(origin, f"invalid JSON ({_problem(exc)} at line {exc.lineno}, column {exc.colno})")
        return
    except (RecursionError, ValueError) as exc:
        yield InputError(origin, _beyond_parser(exc))
        return
    if isinstance(value, dict):
        for key in ("articles", "items", "data"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    records = value if isinstance(value, list) else [value]
    if not records:
        yield InputError(origin, "no articles: the JSON array is empty")  # say so rather than load nothing silently
        return
    for index, record in enumerate(records):
        item = _record(record, origin, None)
        if isinstance(item, Article):
            item = _with_index(item, index) if len(records) > 1 else item
        elif len(records) > 1:
            item = InputError(origin, f"record {index + 1}: {item.problem}")
        yield item


def _with_index(article: Article, index: int) -> Article:
    from dataclasses import replace

    return replace(article, extra={**article.extra, "record": index + 1})
