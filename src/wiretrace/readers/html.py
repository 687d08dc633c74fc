"""Web pages: main text and metadata by trafilatura, which drops menus, sidebars and footers."""

from __future__ import annotations

import re
from typing import Iterator

import lxml.html
import trafilatura

from ..article import Article, normalize
from ..errors import InputError
from .fields import article_from_fields


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


def read_html(page: str, origin: str) -> Iterator[Article | InputError]:
    subset = _INTERNAL_SUBSET.match(page)
    page = page[subset.end():] if subset else page
    tree = _tree(page)
    if tree is not None and too_deep(tree):
        yield InputError(origin, TOO_DEEP)
        return
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        prune_xpath=_CHROME, date_extraction_params=_DATES,
    )
    meta = {} if doc is None else doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
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
    if meta.get("author"):
        fields["author"] = meta["author"]
    try:
        yield article_from_fields({k: v for k, v in fields.items() if v}, origin)
    except InputError as exc:
        yield exc
