"""RSS and Atom feeds: each entry is one article, its text taken from the entry's HTML."""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import replace
from datetime import datetime, timezone
from typing import Iterator

import feedparser
import lxml.html

from ..article import Article
from ..errors import InputError
from .fields import ISO_DAY, article_from_fields, parse_published, printable, shown
from .html import TOO_DEEP, too_deep

_DECLARED_ENCODING = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2""")
_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "br"}


def html_to_paragraphs(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element; ValueError when it nests too deep to read whole."""
    if "<" not in fragment and "&" not in fragment:   # an entity ("Smith &amp; Jones") needs the parser too
        return fragment.strip()
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    if too_deep(root):
        raise ValueError(TOO_DEEP)
    for el in root.iter():
        if el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _stated(entry) -> str:
    # dict.get: feedparser's own get answers "published" with "updated", and warns that it does
    return str(dict.get(entry, "published") or dict.get(entry, "updated") or "").strip()


def _entry_time(entry) -> datetime | None:
    """The entry's time in UTC; ValueError for an ISO day that is none, which feedparser would roll over
    ("2023-13-45" to 2024-02-14)."""
    stated = _stated(entry)
    if ISO_DAY.match(stated):
        parse_published(stated[:10])
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc) if stamp else None


def _unread(article: Article, entry) -> Article:
    """An entry kept undated whose feed states a date no parser reads ("Tomorrow") says so in its dating note,
    which `add` shows: "no publication date found" would tell its reader to look for a date that is there."""
    stated = _stated(entry)
    if article.published is not None or not stated:
        return article
    return replace(article, published_note=f"the feed's date {shown(stated)} could not be read")


def _entry_problem(feed, number: int, entry, problem: str) -> str:
    """Name the entry by number and title (or link); blame a malformed feed where there is one."""
    label = _one_line(entry.get("title") or entry.get("link") or "")
    name = f"entry {number} '{label}'" if label else f"entry {number}"
    broken = f"; the feed is malformed ({_one_line(feed.bozo_exception)})" if feed.bozo else ""
    return f"{name}: {problem}{broken}"


def _one_line(value, limit: int = 80) -> str:
    """A title or parser message fit for a reject line: whitespace and line breaks collapsed, cut short."""
    text = printable(" ".join(str(value).split()))
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def read_feed(text: str, origin: str) -> Iterator[Article | InputError]:
    # A stream, never the string: feedparser takes a string that looks like a url or a
    # path for one, and would fetch it or open that file. The text is decoded already,
    # so the stream is UTF-8 whatever the XML declaration said.
    text = _DECLARED_ENCODING.sub(r'\1"utf-8"', text, count=1)
    feed = feedparser.parse(io.BytesIO(text.encode("utf-8", "surrogatepass")))
    if feed.bozo and not feed.entries:
        yield InputError(origin, f"not a readable RSS/Atom feed ({_one_line(feed.bozo_exception, 200)})")
        return
    if not feed.entries:
        # Well-formed XML that is no feed (or a feed with no items) must not load nothing silently.
        kind = "an RSS/Atom feed with no entries" if feed.version else "XML, but not an RSS/Atom feed"
        yield InputError(origin, f"no articles: {kind}")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        html = (entry["content"][0].get("value") if entry.get("content") else entry.get("summary")) or ""
        try:
            body = html_to_paragraphs(html)
        except ValueError as exc:
            yield InputError(origin, _entry_problem(feed, number, entry, str(exc)))
            continue
        if not body:
            yield InputError(origin, _entry_problem(feed, number, entry, "no article text (empty content and summary)"))
            continue
        try:
            published = _entry_time(entry)
        except ValueError as exc:
            yield InputError(origin, _entry_problem(feed, number, entry, str(exc)))
            continue
        fields = {
            "text": body,
            "title": entry.get("title"),
            "source": outlet,
            "url": entry.get("link"),
            "published": published,
            "entry": number,
        }
        if entry.get("id"):
            fields["guid"] = entry["id"]
        if entry.get("author"):
            fields["author"] = entry["author"]
        try:
            yield _unread(article_from_fields({k: v for k, v in fields.items() if v}, origin), entry)
        except InputError as exc:
            yield InputError(origin, _entry_problem(feed, number, entry, exc.problem))
