"""Shared by every reader: turn loose fields into an Article, or say what is wrong."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any, Mapping

from ..article import Article
from ..errors import InputError
from .dateline import date_from_dateline, parse_dateline

_ALIASES = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site", "sitename", "publisher"),
    "url": ("url", "link", "canonical_url"),
    "published": ("published", "date", "date_publish", "published_at", "pubdate", "datetime"),
    "language": ("language", "lang"),
}


def parse_published(value: Any) -> date | datetime:
    """An ISO date or datetime, or anything dateparser reads without doubt; else ValueError."""
    if isinstance(value, datetime | date):
        return value
    text = str(value).strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        raise ValueError(f"published '{text}' is not a date")
    if parsed.time() == time() and ":" not in text:
        return parsed.date()  # "March 5, 2024" states a day, not midnight
    return parsed


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


def _pick(fields: Mapping[str, Any], name: str) -> tuple[str | None, Any]:
    for key in _ALIASES[name]:
        value = fields.get(key)
        if value not in (None, ""):
            return key, value
    return None, None


def article_from_fields(fields: Mapping[str, Any], origin: str, line: int | None = None, *,
                        guess_language: bool = True) -> Article:
    """Build an Article from reader fields; unknown fields are kept in `extra`.

    `guess_language=False` keeps only a stated language: batch dedup reads
    millions of records, and identifying each one's language would cost more
    than finding their copies.
    """
    used = set()
    values: dict[str, Any] = {}
    for name in _ALIASES:
        key, value = _pick(fields, name)
        if key:
            used.add(key)
            values[name] = value
    text = values.get("text")
    if not isinstance(text, str):
        if text is None:
            raise InputError(origin, "no article text (expected a 'text' field)", line)
        raise InputError(origin, f"'text' must be a string, not {type(text).__name__}", line)
    if not text.strip():
        raise InputError(origin, "empty article: no text", line)
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
    article = Article(
        text=body,
        title=(values.get("title") or "").strip() or None,
        source=(values.get("source") or "").strip() or None,
        url=(values.get("url") or "").strip() or None,
        published=published,
        published_note="stated by the input" if published is not None else None,
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
