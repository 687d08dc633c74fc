"""The FastAPI application: pages, the JSON API under /api/, static files, limits and error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import WiretraceError
from . import api, pages
from .site import MAX_UPLOAD, Site, http_status

# Scripts and styles only from this server: an injected <script> or inline handler would not run even if unescaped.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def create_app(db_path: str | Path, *, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The app over the store at `db_path` (which must exist: the app never creates or writes one)."""
    app = FastAPI(title="wiretrace", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Stories, articles and comparisons from a wiretrace store (read-only).")
    app.state.site = Site(db_path, max_upload=max_upload)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(BodyLimit, limit=2 * max_upload + 64 * 1024)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(WiretraceError)
    async def library_error(request: Request, exc: WiretraceError):
        return _error(request, http_status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = f"nothing at {request.url.path}" if exc.status_code == 404 and exc.detail == "Not Found" else exc.detail
        return _error(request, exc.status_code, str(message))

    return app


def _error(request: Request, status: int, message: str):
    """JSON for the API, a page for people: one line saying what is wrong."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return pages.error_page(request, status, message)


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 before anything parses them, declared or streamed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(scope, receive, send)
        body, more = [], True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.append(message.get("body", b""))
            more = message.get("more_body", False)
            if sum(map(len, body)) > self.limit:
                return await self._refuse(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope, receive, send):
        message = (f"request body over {self.limit // 1024} KiB: "
                   f"each text may be at most {(self.limit - 64 * 1024) // 2048} KiB")
        await _error(Request(scope), 413, message)(scope, receive, send)
