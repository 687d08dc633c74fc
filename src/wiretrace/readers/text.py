"""Plain-text articles.

Two shapes are understood. Front matter: leading `key: value` lines (title,
source, url, published, language, id, the names JSON input may use for them,
such as date or outlet, and author, tags, description; other keys beside
them kept in `extra`) closed by a blank line, or a static site's YAML block between `---` lines, whose other keys are
kept in `extra`. Or the shape of clipped wire copy: a first line that opens
with `date YYYY-MM-DD`, the text running on after it. Either way the body may
open with a dateline.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..article import Article
from ..errors import InputError
from .fields import _ALIASES, article_from_fields

# Not the text's own names ("body: ..."): a front matter line never holds the article.
FRONT_MATTER_KEYS = ({"id", "author", "byline", "tags", "description", "summary", "section", "category"}
                     | {key for name, keys in _ALIASES.items() if name != "text" for key in keys})
_FRONT_LINE = re.compile(r"^(?P<key>[a-z_]+):[ \t]*(?P<value>.*)$")
_YAML_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")
_DATE_MARKER = re.compile(r"^\s*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    block = _yaml_block(text)
    if block is not None:
        return block
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return (fields, "\n".join(lines[i + 1:])) if fields.keys() & FRONT_MATTER_KEYS else ({}, text)
        m = _FRONT_LINE.match(line.strip())
        if not m or m.group("key") in _ALIASES["text"]:
            return {}, text
        fields[m.group("key")] = _unquoted(m.group("value"))
    return {}, text


def _yaml_block(text: str) -> tuple[dict[str, str], str] | None:
    """A static site's front matter: `key: value` lines between `---` lines (lists and nested keys left out), or
    None where the text does not open with one."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None
    fields = {}
    for line in lines[1:end]:
        m = _YAML_LINE.match(line.rstrip())
        if m and _unquoted(m.group("value")) and m.group("key").lower() not in _ALIASES["text"]:
            fields[m.group("key").lower()] = _unquoted(m.group("value"))
    return fields, "\n".join(lines[end + 1:])


def _unquoted(value: str) -> str:
    """A value without the quotes YAML allows around it: "Museum reopens" -> Museum reopens."""
    value = value.strip()
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" and value[0] not in value[1:-1]
    return value[1:-1] if quoted else value


def read_text(text: str, origin: str) -> Iterator[Article | InputError]:
    fields, body = _front_matter(text.lstrip("\ufeff"))
    m = _DATE_MARKER.match(body)
    if m:
        fields.setdefault("published", m.group("date"))
        body = body[m.end():]
    if not body.strip():
        # Say what the file held, rather than ask for a 'text' field a text file cannot have.
        held = "a date marker" if m else "front matter"
        yield InputError(origin, f"no article text: the file holds only {held}")
        return
    fields["text"] = body
    try:
        yield article_from_fields(fields, origin)
    except InputError as exc:
        yield exc
