"""The HTML pages: stories, a story, articles, an article, a quote search, a comparison and the form to compare two
texts."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..compare.report import comparison_rows, html_templates
from ..errors import InputError, WiretraceError
from ..lineage import search_quotes
from ..readers.dateline import credit
from ..render import published_short, time_text
from ..stories import headline, timeline
from .api import MAX_OFFSET, MAX_QUOTE, check_dates, day, upload
from .graph import NODE_H, outlet, provenance_graph
from .markup import article_segments
from .queries import api_endpoints, article_rows, marked_wording, outlets_like, wordings
from .site import http_status, resolve_article

templates = Jinja2Templates(env=html_templates())
templates.env.globals.update(published_short=published_short, time_text=time_text, outlet=outlet, credit=credit)


def linked_ids(text: str, named: dict[str, str]) -> Markup:
    """`text` escaped, each article id in it that the story holds a link to that article, named as the page names
    it: an explained link's evidence says 'compare with 1701ccb89df6a6ce', which a reader cannot click otherwise."""
    def link(found: re.Match) -> str:
        article = found.group(0)
        return f'<a class="carrier" href="/articles/{article}">{escape(named[article])}</a>' if article in named \
            else article
    return Markup(re.sub(r"\b[0-9a-f]{16}\b", link, str(escape(text))))


def file_names(text: str) -> str:
    """A note with each absolute path in it cut to the file's name, as the compare page names files: the server's
    folders are no business of a visitor ('year 2024 from northern-courier.rss')."""
    return re.sub(r"(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[^\s,;:'\"\\/]+[\\/])+([^\s,;'\"\\/]+)", r"\1", text)


templates.env.filters["linked_ids"] = linked_ids
templates.env.filters["file_names"] = file_names
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


ERROR_HEADINGS = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Too large",
                  414: "Address too long", 415: "Not a text", 422: "Cannot do that", 500: "Server error",
                  503: "Store unavailable"}


def error_page(request: Request, status: int, message: str, link: tuple[str, str] | None = None):
    """A heading that says whose fault it is (a 500 is the server's, not the visitor's), then the one line, and
    `link` (address, text) where the page asked for is known to be elsewhere."""
    heading = ERROR_HEADINGS.get(status, "Server error" if status >= 500 else "Cannot do that")
    return templates.TemplateResponse(request, "web_error.html", {"status": status, "message": message,
                                                                  "heading": heading, "link": link},
                                      status_code=status)


@router.get("/")
def stories_page(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                 entity: Annotated[str, Query(max_length=200)] = "", source: Annotated[str, Query(max_length=200)] = "",
                 since: Annotated[str, Query(max_length=10)] = "", until: Annotated[str, Query(max_length=10)] = "",
                 limit: Annotated[int, Query(ge=1, le=500)] = 50):
    first, last = day(since, "since"), day(until, "until")
    check_dates(first, last)
    rows = request.app.state.site.story_rows(search=q or None, entity=entity or None, source=source or None,
                                             since=first, until=last, limit=limit)
    filters = {"q": q, "entity": entity, "source": source, "since": since, "until": until}
    return templates.TemplateResponse(request, "web_stories.html", {"rows": rows, "filters": filters,
                                                                    "outlets": _outlets(request, source, rows),
                                                                    "empty": _empty(request, rows)})


def _empty(request: Request, found) -> bool:
    """Whether the store holds no article at all: a list then says how to fill it, not that nothing matches."""
    if found:
        return False
    with request.app.state.site.open() as store:
        return store.count() == 0


def _outlets(request: Request, source: str, found) -> list[str]:
    """Where an outlet filter found nothing: the outlets whose names hold what was typed, to pick from."""
    if found or not source.strip():
        return []
    with request.app.state.site.open() as store:
        return [name for name in outlets_like(store, source.strip()) if name.casefold() != source.strip().casefold()]


@router.get("/stories")
def stories_address(request: Request):
    """The list's own address, as the story pages under it suggest: the stories list is the home page."""
    query = request.url.query
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=307)


@router.get("/api")
def api_page(request: Request):
    """What the JSON API answers, endpoint by endpoint from its schema, with addresses to try on this store."""
    return templates.TemplateResponse(request, "web_api.html", {"endpoints": api_endpoints(request.app.openapi()),
                                                                "examples": request.app.state.site.examples()})


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: str, explain: bool = False,
               every: Annotated[bool, Query(alias="all")] = False, wait: bool = False):
    """With `explain`, a story not yet explained is shown at once as it stands, with a note that the links are being
    checked: app.js then asks for it again with `wait` and puts the explained story in its place."""
    site = request.app.state.site
    pending = explain and not wait and not site.story_ready(story_id, explain=True)
    explained = explain and not pending
    record, quotes, facts = site.story(story_id, explained)
    links = {link.article: link for link in record.provenance}
    sources = {a.id: outlet(a) for a in record.articles}
    reports = Counter(sources.values())
    named = {a.id: sources[a.id] + (f", {published_short(a)}" if reports[sources[a.id]] > 1 else "")
             for a in record.articles}
    multiple = [c for c in record.copy_clusters if len(c) > 1]
    clusters = {a: n + 1 for n, c in enumerate(multiple) for a in c}
    shown = timeline(record, every or explained)
    return templates.TemplateResponse(request, "web_story.html", {
        "story": record, "graph": provenance_graph(record), "node_h": NODE_H, "links": links,
        "sources": sources, "named": named, "clusters": clusters, "cluster_sizes": [len(c) for c in multiple], "shown": shown,
        "folded": len(record.articles) - len(shown), "quotes": quotes, "facts": facts, "explained": explained,
        "pending": pending, "every": every, "related": site.related(record)})


@router.get("/articles")
def articles_page(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                  source: Annotated[str, Query(max_length=200)] = "", limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0):
    with request.app.state.site.open() as store:
        rows, more = article_rows(store, search=q or None, source=source or None, limit=limit, offset=offset)
    filters = {"q": q, "source": source}
    outlets = _outlets(request, source, rows or offset)

    def page(start: int) -> str:
        return "/articles?" + urlencode({**{k: v for k, v in filters.items() if v}, "limit": limit, "offset": start})

    return templates.TemplateResponse(request, "web_articles.html", {
        "rows": rows, "filters": filters, "outlets": outlets, "offset": offset, "limit": limit,
        "empty": _empty(request, rows or offset),
        "previous": page(max(0, offset - limit)) if offset else None, "next": page(offset + limit) if more else None})


@router.get("/quotes")
def quotes_page(request: Request, q: Annotated[str, Query(max_length=MAX_QUOTE)] = "",
                limit: Annotated[int, Query(ge=1, le=200)] = 20):
    result, outlets = None, {}
    if q.strip():
        with request.app.state.site.open() as store:
            result = search_quotes(store, q, limit=limit)
            outlets = {h.article: outlet(store.article(h.article)) for h in result.hits if not h.source}
    return templates.TemplateResponse(request, "web_quotes.html", {
        "q": q, "result": result, "wordings": wordings(result) if result else [], "marked": marked_wording,
        "outlets": outlets})


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str):
    with request.app.state.site.open() as store:
        found = store.article(resolve_article(store, article_id))
        ann = store.annotations(found.id)
        story_id = store.story_of(found.id)
    return templates.TemplateResponse(request, "web_article.html", {
        "article": found, "ann": ann, "segments": article_segments(found, ann), "story_id": story_id,
        "lead": None if found.title else headline([found], ann)})


@router.get("/compare")
def compare_page(request: Request, a: Annotated[Optional[str], Query(max_length=64)] = None,
                 b: Annotated[Optional[str], Query(max_length=64)] = None):
    if not a and not b:
        return _form(request)
    if not a or not b:
        raise InputError("compare", "pick two articles: a and b")
    return _comparison(request, request.app.state.site.compare_stored(a, b), stored=True)


@router.post("/compare")
def compare_texts_page(request: Request, file_a: Annotated[Optional[UploadFile], File()] = None,
                       file_b: Annotated[Optional[UploadFile], File()] = None,
                       text_a: Annotated[str, Form()] = "", text_b: Annotated[str, Form()] = ""):
    site = request.app.state.site
    try:
        result = site.compare_uploads(upload(file_a, text_a, site.max_upload), upload(file_b, text_b, site.max_upload))
    except WiretraceError as exc:
        return _form(request, str(exc), http_status(exc), text_a, text_b)
    return _comparison(request, result, stored=False)


def _form(request: Request, error: str = "", status: int = 200, text_a: str = "", text_b: str = ""):
    limit = request.app.state.site.max_upload // 1024
    return templates.TemplateResponse(request, "web_compare_form.html", {
        "error": error, "limit": limit, "text_a": text_a, "text_b": text_b}, status_code=status)


def _comparison(request: Request, result, stored: bool):
    """The comparison, with the way back to the stories of stored articles (a page reached from a timeline)."""
    stories = []
    if stored:
        with request.app.state.site.open() as store:
            stories = list(dict.fromkeys(filter(None, (store.story_of(result.a.id), store.story_of(result.b.id)))))
    return templates.TemplateResponse(request, "web_compare.html", {"c": result, "rows": comparison_rows(result),
                                                                    "stored": stored, "stories": stories})
