"""The JSON API under /api/: the same data as the CLI's --json, for the same questions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile

from ..errors import InputError
from ..lineage import search_quotes
from ..readers.dateline import credit
from ..store import annotations_record, article_record
from .queries import article_rows, story_json
from .site import NotText, Upload, resolve_article

router = APIRouter(prefix="/api", tags=["api"])

MAX_OFFSET = 10_000_000      # past any store's size, and an integer SQLite takes
MAX_QUOTE = 500              # a long quotation is 300 characters

StoryId = Annotated[str, Path(description="A story id as the stories list gives it, or a prefix: 's' and 4 or more hex "
                                          "digits")]
ArticleId = Annotated[str, Path(description="An article id, or a prefix of 4 or more hex digits")]

NOT_FOUND = {404: {"description": "No story or article with that id"}}
BAD_INPUT = {413: {"description": "A text over the size limit"},
             422: {"description": "Bad parameters, or a text that is not one readable article"}}


def check_dates(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise HTTPException(422, f"since ({since}) is after until ({until})")


def day(value: str | None, name: str) -> date | None:
    """A date from a parameter, in the one line the pages give too; an empty value means no bound."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"'{value}' is not a date (YYYY-MM-DD)") from None


@router.get("/stories", summary="Stories, latest activity first, each with its outlets, how its reports came about, "
                                "and how many of its quotations were altered and its facts disputed")
def stories(request: Request,
            q: Annotated[Optional[str], Query(max_length=200, description="Words in a title or text")] = None,
            entity: Annotated[Optional[str], Query(max_length=200, description="A person, organisation or place named")] = None,
            source: Annotated[Optional[str], Query(max_length=200, description="An outlet that reported it")] = None,
            since: Annotated[Optional[str], Query(max_length=10, description="Active on or after (YYYY-MM-DD)",
                                                  json_schema_extra={"format": "date"})] = None,
            until: Annotated[Optional[str], Query(max_length=10, description="Begun on or before (YYYY-MM-DD)",
                                                  json_schema_extra={"format": "date"})] = None,
            limit: Annotated[int, Query(ge=1, le=500, description="At most this many stories")] = 50) -> dict:
    first, last = day(since, "since"), day(until, "until")
    check_dates(first, last)
    rows = request.app.state.site.story_rows(search=q, entity=entity, source=source, since=first, until=last,
                                             limit=limit)
    return {"count": len(rows), "stories": [row.to_json() for row in rows]}


@router.get("/stories/{story_id}", responses=NOT_FOUND,
            summary="One story: event record, timeline, copy clusters, provenance, quote and fact lineage, and the "
                    "other stories naming its people, places and organisations (`related`)")
def one_story(request: Request, story_id: StoryId,
              explain: Annotated[bool, Query(description="Check each provenance link with compare and give its "
                                                         "evidence (slower: about a second per article)")] = False) -> dict:
    site = request.app.state.site
    record, quotes, facts = site.story(story_id, explain)
    return {**story_json(record, quotes, facts), "related": [r.to_json() for r in site.related(record)]}


@router.get("/articles", summary="Articles, oldest first, a page at a time (as `wiretrace articles --json`, with "
                                  "each article's story)")
def articles(request: Request,
             q: Annotated[Optional[str], Query(max_length=200, description="Words in a title or text")] = None,
             source: Annotated[Optional[str], Query(max_length=200, description="An outlet, its whole name in any case")] = None,
             limit: Annotated[int, Query(ge=1, le=500, description="At most this many articles")] = 50,
             offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Articles to skip")] = 0) -> dict:
    with request.app.state.site.open() as store:
        rows, more = article_rows(store, search=q, source=source, limit=limit, offset=offset)
    return {"count": len(rows), "offset": offset, "more": more, "articles": [row.to_json() for row in rows]}


@router.get("/quotes", summary="Every stored wording of a quotation, closest first (as `wiretrace quotes --search "
                               "--json`)")
def quotes(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=MAX_QUOTE, description="The quotation as it circulates")],
           limit: Annotated[int, Query(ge=1, le=200, description="At most this many articles carrying it")] = 20) -> dict:
    with request.app.state.site.open() as store:
        return search_quotes(store, q, limit=limit).to_json()


@router.get("/articles/{article_id}", summary="One article with its sentences, quotations, entities and dates",
            responses=NOT_FOUND)
def article(request: Request, article_id: ArticleId) -> dict:
    with request.app.state.site.open() as store:
        found = store.article(resolve_article(store, article_id))
        return {"article": {**article_record(found), "credit": credit(found.text)},
                **annotations_record(store.annotations(found.id))}


@router.get("/compare", summary="Compare two stored articles", responses=NOT_FOUND)
def compare_stored(request: Request,
                   a: Annotated[str, Query(min_length=1, max_length=64, description="Article id (or prefix)")],
                   b: Annotated[str, Query(min_length=1, max_length=64, description="Article id (or prefix)")]) -> dict:
    return request.app.state.site.compare_stored(a, b).to_json()


@router.post("/compare", summary="Compare two uploaded files or pasted texts", responses=BAD_INPUT)
def compare_texts(request: Request,
                  file_a: Annotated[Optional[UploadFile], File(description="The first article as a file")] = None,
                  file_b: Annotated[Optional[UploadFile], File(description="The second article as a file")] = None,
                  text_a: Annotated[str, Form(description="Or the first article pasted")] = "",
                  text_b: Annotated[str, Form(description="Or the second article pasted")] = "") -> dict:
    form_body(request)
    site = request.app.state.site
    return site.compare_uploads(upload(file_a, text_a, site.max_upload), upload(file_b, text_b, site.max_upload)).to_json()


FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def form_body(request: Request) -> None:
    """A body in another encoding (JSON) is read as no fields at all, which would answer 'a is empty': say why."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind not in FORMS:
        raise NotText("request body", f"is {kind}; send the fields text_a and text_b (or files file_a and file_b) "
                                      "as multipart/form-data or a urlencoded form")


def upload(file: UploadFile | None, text: str, limit: int) -> Upload:
    """One side from a file when one was chosen, else from pasted text; reads at most one byte past the limit."""
    if file is not None and file.filename:
        return Upload(file.filename, file.file.read(limit + 1))
    return Upload("pasted.txt", text.encode("utf-8"), pasted=True)
