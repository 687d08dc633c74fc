"""Web pages: main text and metadata by trafilatura, which drops menus, sidebars and footers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from itertools import chain
from typing import Any, Iterator

import lxml.html
import trafilatura

from ..article import Article, normalize
from ..errors import InputError
from .fields import article_from_fields, parse_published


def _tree(page: str):
    """The page parsed once for what trafilatura does not give: its url, its depth, its form controls."""
    try:
        return lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None


def _canonical_url(tree) -> str | None:
    """trafilatura does not always return the page's own url: read it from the head."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath) if tree is not None else []
        if found:
            return found[0].strip()
    return None


def _only_controls(paragraphs: list[str], tree) -> bool:
    """Whether every paragraph is the words of a form control ("Sign in", "Search"): a login or search page,
    whose trafilatura fallback returns its buttons for want of an article."""
    if tree is None:
        return False
    controls = {normalize(" ".join(t.split())) for t in tree.xpath(
        "//button//text() | //label//text() | //option//text() | //input/@value | //input/@placeholder")}
    return all(normalize(" ".join(p.split())) in controls for p in paragraphs)


# Page chrome never holds the article; left in, trafilatura's fallback returns a
# bare menu ("Home", "Sport") or a cookie notice as the text of a page that has no article.
_CHROME = [
    "//nav", "//footer", "//aside", "//body/header",
    "//*[contains(@id, 'cookie') or contains(@class, 'cookie') or contains(@id, 'consent') or contains(@class, 'consent')]",
]
# No extensive date search: it takes "© 2024" in a footer for a publication date.
_DATES = {"extensive_search": False, "original_date": True}


def _body_paragraphs(meta: dict) -> list[str]:
    """The text's paragraphs less the headline and byline trafilatura may leave on top."""
    paragraphs = [p.strip() for p in (meta.get("text") or "").split("\n") if p.strip()]
    heading = {normalize(meta.get("title") or "")}
    if meta.get("author"):
        heading.add(normalize(f"By {meta['author']}"))
    while paragraphs and normalize(paragraphs[0]) in heading:
        paragraphs.pop(0)
    return paragraphs


# Where a page states when it was published, to the minute, in the order htmldate (trafilatura's dater) reads them:
# the head's meta tags, then JSON-LD. Where they disagree the meta tag wins, so that the day htmldate found and the
# time kept come from one statement. Modified times are left out: an update is not the publication.
_META_PUBLISHED = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "dc.date.issued", "dcterms.issued", "parsely-pub-date",
    "sailthru.date",
)
_ITEMPROP = "//*[@itemprop='datePublished']"
_TIMED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _meta_times(tree) -> Iterator[tuple[str, str]]:
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _META_PUBLISHED and meta.get("content"):
            yield meta.get("content"), f"the page's {name} meta tag"


def _json_ld_times(tree) -> Iterator[tuple[str, str]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for stated in _date_published(data):
            yield stated, "the page's JSON-LD datePublished"


def _date_published(data: Any, depth: int = 0) -> Iterator[str]:
    """Every datePublished in a JSON-LD block, an @graph's included, outermost first."""
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _date_published(item, depth + 1)
    elif isinstance(data, dict):
        if isinstance(data.get("datePublished"), str):
            yield data["datePublished"]
        for key, value in data.items():
            if key != "datePublished":
                yield from _date_published(value, depth + 1)


def _time_elements(tree) -> Iterator[tuple[str, str]]:
    """<time datetime> marked as the publication first, then any, the article's before the page's."""
    marked = tree.xpath(f"{_ITEMPROP}/@datetime | {_ITEMPROP}/@content | //time[@pubdate]/@datetime")
    in_article = tree.xpath("//article//time/@datetime")   # apart: a union of the two is in document order
    for stated in [*marked, *in_article, *tree.xpath("//time/@datetime")]:
        yield stated, "the page's <time> element"


def _stated_time(tree, day: str | None) -> tuple[str, str] | None:
    """The publication time the page's markup states on `day` (the day trafilatura found, as the page writes it),
    with where it was found; None where no statement gives that day a time.

    A statement of another day is not taken: `day` may come from the page's url or byline, and a time of day
    belongs to the statement it is read from."""
    if tree is None or day is None:
        return None
    for stated, where in chain(_meta_times(tree), _json_ld_times(tree), _time_elements(tree)):
        stated = stated.strip()
        if _TIMED.match(stated) and stated[:10] == day and _reads(stated):
            return stated, where
    return None


def _reads(stated: str) -> bool:
    """Whether a time parses: one that does not ("T25:00") leaves the page its day, not rejected for it."""
    try:
        return isinstance(parse_published(stated), datetime)
    except ValueError:
        return False


# An HTML parser does not know a DOCTYPE's internal subset: its entity
# declarations would be read as the first words of the article.
_INTERNAL_SUBSET = re.compile(r"\s*(<\?xml[^>]*>\s*)?<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
DEEPEST = 250   # libxml2 stops nesting elements at 256 and reads the rest of a page out of order, or not at all
TOO_DEEP = f"HTML nested too deeply (over {DEEPEST} levels): it cannot be read whole"


def too_deep(tree) -> bool:
    """Whether elements nest as deep as the parser follows: past it, text is lost or out of order."""
    depth = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= DEEPEST:
            return True
    return False


def _extract(page: str, config=None) -> dict:
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        prune_xpath=_CHROME, date_extraction_params=_DATES, config=config,
    )
    return {} if doc is None else doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _run_together(meta: dict, tree) -> bool:
    """Whether the text opens with the headline or byline run into the article on one line: trafilatura's rescue of
    a short page (under 250 characters read) dumps its whole <article>, headline, byline and paragraphs, as one."""
    heads = {meta.get("title") or "", f"By {meta['author']}" if meta.get("author") else ""}
    if tree is not None:
        heads.update(h.text_content() for h in tree.iter("h1"))
    first = normalize(" ".join((meta.get("text") or "").split("\n")[0].split()))
    return any(h and first.startswith(normalize(" ".join(h.split())) + " ") for h in heads)


@lru_cache(maxsize=1)
def _no_rescue():
    """trafilatura's settings less its rescue of a short text: the paragraphs it read stand, however short."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def read_html(page: str, origin: str) -> Iterator[Article | InputError]:
    subset = _INTERNAL_SUBSET.match(page)
    page = page[subset.end():] if subset else page
    tree = _tree(page)
    if tree is not None and too_deep(tree):
        yield InputError(origin, TOO_DEEP)
        return
    meta = _extract(page)
    if _run_together(meta, tree):
        meta = _extract(page, _no_rescue()) or meta
    paragraphs = _body_paragraphs(meta)
    if not paragraphs:
        yield InputError(origin, "no article text found in the HTML page")
        return
    if _only_controls(paragraphs, tree):
        yield InputError(origin, "no article text found in the HTML page, only a form's buttons and fields")
        return
    fields = {
        "text": "\n\n".join(paragraphs),
        "title": meta.get("title"),
        "source": meta.get("sitename") or meta.get("hostname"),
        "url": meta.get("url") or _canonical_url(tree),
        "published": meta.get("date"),
    }
    timed = _stated_time(tree, meta.get("date"))
    if timed:
        fields["published"] = timed[0]
    if meta.get("author"):
        fields["author"] = meta["author"]
    try:
        article = article_from_fields({k: v for k, v in fields.items() if v}, origin)
    except InputError as exc:
        yield exc
        return
    yield replace(article, published_note=f"stated by {timed[1]}") if timed else article
