"""Plain-text articles.

Two shapes are understood. Front matter: leading `key: value` lines (title,
source, url, published, language, id) closed by a blank line. Or the shape of
clipped wire copy: a first line that opens with `date YYYY-MM-DD`, the text
running on after it. Either way the body may open with a dateline.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..article import Article
from ..errors import InputError
from .fields import article_from_fields

FRONT_MATTER_KEYS = {"id", "title", "source", "url", "published", "language"}
_FRONT_LINE = re.compile(r"^(?P<key>[a-z_]+):[ \t]*(?P<value>.*)$")
_DATE_MARKER = re.compile(r"^\s*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return (fields, "\n".join(lines[i + 1:])) if fields else ({}, text)
        m = _FRONT_LINE.match(line.strip())
        if not m or m.group("key") not in FRONT_MATTER_KEYS:
            return {}, text
        fields[m.group("key")] = m.group("value").strip()
    return {}, text


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
