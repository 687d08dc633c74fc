"""JSON Lines and JSON: one article per line, or an array (or {"articles": [...]}) of them."""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..article import Article
from ..errors import InputError
from .fields import article_from_fields


def _record(value: Any, origin: str, line: int | None) -> Article | InputError:
    if not isinstance(value, dict):
        return InputError(origin, f"expected a JSON object, found {type(value).__name__}", line)
    try:
        return article_from_fields(value, origin, line)
    except InputError as exc:
        return exc


def read_jsonl(text: str, origin: str) -> Iterator[Article | InputError]:
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            cut = number == len(lines) or (number == len(lines) - 1 and not lines[-1].strip())
            kind = "truncated JSON" if cut and exc.msg.startswith(("Unterminated", "Expecting")) else "invalid JSON"
            yield InputError(origin, f"{kind} ({exc.msg} at column {exc.colno})", number)
            continue
        yield _record(value, origin, number)


def read_json(text: str, origin: str) -> Iterator[Article | InputError]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(origin, f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    if isinstance(value, dict):
        for key in ("articles", "items", "data"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    records = value if isinstance(value, list) else [value]
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
