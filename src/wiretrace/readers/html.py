"""Web pages: main text and metadata by trafilatura, which drops menus, sidebars and footers."""

from __future__ import annotations

from typing import Iterator

import lxml.html
import trafilatura

from ..article import Article, normalize
from ..errors import InputError
from .fields import article_from_fields


def _canonical_url(page: str) -> str | None:
    """trafilatura does not always return the page's own url: read it from the head."""
    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath)
        if found:
            return found[0].strip()
    return None


# Page chrome never holds the article; left in, trafilatura's fallback returns a
# bare menu ("Home", "Sport") as the text of a page that has no article at all.
_CHROME = ["//nav", "//footer", "//aside", "//body/header"]
# No extensive date search: it takes "© 2024" in a footer for a publication date.
_DATES = {"extensive_search": False, "original_date": True}


def read_html(page: str, origin: str) -> Iterator[Article | InputError]:
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        prune_xpath=_CHROME, date_extraction_params=_DATES,
    )
    if doc is None:
        yield InputError(origin, "no article text found in the HTML page")
        return
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    paragraphs = [p.strip() for p in (meta.get("text") or "").split("\n") if p.strip()]
    if paragraphs and meta.get("title") and normalize(paragraphs[0]) == normalize(meta["title"]):
        paragraphs = paragraphs[1:]  # the headline is the title, not the first paragraph of the body
    fields = {
        "text": "\n\n".join(paragraphs),
        "title": meta.get("title"),
        "source": meta.get("sitename") or meta.get("hostname"),
        "url": meta.get("url") or _canonical_url(page),
        "published": meta.get("date"),
    }
    if meta.get("author"):
        fields["author"] = meta["author"]
    try:
        yield article_from_fields({k: v for k, v in fields.items() if v}, origin)
    except InputError as exc:
        yield exc
