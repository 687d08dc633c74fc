"""The FastAPI application: pages, the JSON API under /api/, static files, guards and error pages."""

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
from .guards import SECURITY_HEADERS, RequestLimits, SecurityHeaders
from .site import MAX_UPLOAD, Elsewhere, Site, http_status


def create_app(db_path: str | Path, *, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The app over the store at `db_path` (which must exist: the app never creates or writes one)."""
    app = FastAPI(title="wiretrace", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Stories, articles and comparisons from a wiretrace store (read-only).")
    app.state.site = Site(db_path, max_upload=max_upload)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(RequestLimits, max_upload=max_upload, error=_error)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(WiretraceError)
    async def library_error(request: Request, exc: WiretraceError):
        """The library's one line, less the store's path on this machine: a visitor has no use for it."""
        link = (exc.href, exc.label) if isinstance(exc, Elsewhere) else None
        return _error(request, http_status(exc), str(exc).replace(str(app.state.site.db_path), "the store"), link)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = f"nothing at {request.url.path}" if exc.status_code == 404 and exc.detail == "Not Found" else exc.detail
        if message == f"nothing at {request.url.path}" and request.url.path.startswith("/api/"):
            message += " (the page /api lists what the API answers)"
        return _error(request, exc.status_code, str(message))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        """A bug's answer: a plain 500 without its traceback or message (the server's log has both). It is sent
        from outside the middleware, so the security headers are set here."""
        response = _error(request, 500, "the server failed on this request; nothing was changed")
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _error(request: Request, status: int, message: str, link: tuple[str, str] | None = None):
    """JSON for the API, a page for people: one line saying what is wrong."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return pages.error_page(request, status, message, link)
