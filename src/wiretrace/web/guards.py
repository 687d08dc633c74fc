"""What every request passes before a route sees it, and every answer on its way out.

Plain ASGI rather than FastAPI middleware, so that a refusal costs no parsing:
a request target over MAX_TARGET is refused before routing, and a body over
the limit before the form parser reads a byte of it (by its Content-Length
when it has one, else as it streams in).
"""

from __future__ import annotations

from typing import Callable

from starlette.requests import Request
from starlette.responses import Response

MAX_TARGET = 8 * 1024        # path and query string: the longest real query (three filters) is under 2 KiB
FORM_OVERHEAD = 64 * 1024    # a body holds two texts and the multipart form around them

# Scripts and styles only from this server's files: an injected <script>, style or handler would not run even if
# unescaped. No page uses inline scripts, styles or images (the provenance graph is inline SVG, styled by class).
# A script may fetch from this server only (the story page fetches its explained links).
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

ErrorResponse = Callable[[Request, int, str], Response]


class SecurityHeaders:
    """The security headers on every response that passes through, errors and static files included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                ours = {name.encode() for name in SECURITY_HEADERS}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours] + [
                    (name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLimits:
    """414 for a request target over MAX_TARGET bytes; 413 for a body over two texts of `max_upload` bytes and
    their form, declared or streamed; 400 for a Content-Length that is not a number. A body within the limit is
    passed on whole."""

    def __init__(self, app, max_upload: int, error: ErrorResponse):
        self.app, self.max_upload, self.error = app, max_upload, error
        self.limit = 2 * max_upload + FORM_OVERHEAD

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if target > MAX_TARGET:
            return await self._refuse(scope, receive, send, 414,
                                      f"request address of {target:,} bytes is over the limit of "
                                      f"{MAX_TARGET // 1024} KiB")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.strip().isdigit():
            return await self._refuse(scope, receive, send, 400, "Content-Length is not a number of bytes")
        if declared is not None and int(declared) > self.limit:
            return await self._refuse(scope, receive, send, 413, self._too_large())
        body, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await self._refuse(scope, receive, send, 413, self._too_large())
            body.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(body), "more_body": False}

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return (f"request body over {self.limit // 1024} KiB: "
                f"each text may be at most {self.max_upload // 1024} KiB")

    async def _refuse(self, scope, receive, send, status: int, message: str):
        await self.error(Request(scope), status, message)(scope, receive, send)
