"""The web app under hostile requests: every route the app registers, with bad and unknown ids, huge query strings,
path traversal, huge and binary uploads. Each must answer a clear 4xx with the security headers, never a 500 or a
traceback, and leave the store as it was.

Hostile requests go straight to the ASGI app (`raw`), so that no client normalises `..` away or refuses a 100 KB URL.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import tempfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import httpx
import pytest
from fastapi.testclient import TestClient

from wiretrace import Store, demo
from wiretrace.web import create_app
from wiretrace.web.guards import MAX_TARGET
from web_support import content_digest, web_store

LIMIT = 64 * 1024
BODY_LIMIT = 2 * LIMIT + 64 * 1024
CORPUS = demo.corpus_path()


def registered_routes() -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path, query parameters) of every route an app registers, static files as `/static/{path}`; read
    from an app over an empty store, so a route added later is covered without a change here."""
    try:
        from fastapi.routing import iter_route_contexts     # newer FastAPI keeps included routers nested
        routes = list(iter_route_contexts(create_app(_empty_store()).routes))
    except ImportError:
        routes = list(create_app(_empty_store()).routes)
    found = []
    for route in routes:
        if not getattr(route, "methods", None):
            found.append(("GET", route.path.rstrip("/") + "/{path}", ()))
            continue
        dependant = getattr(route, "dependant", None)
        query = tuple(field.alias for field in dependant.query_params) if dependant else ()
        found += [(method, route.path_format, query) for method in sorted(route.methods - {"HEAD"})]
    return found


def _empty_store() -> Path:
    path = Path(tempfile.mkdtemp(prefix="wiretrace-routes-")) / "empty.db"
    Store(path).close()
    return path


ROUTES = registered_routes()
GETS = [(method, path) for method, path, _ in ROUTES if method == "GET"]
POSTS = [path for method, path, _ in ROUTES if method == "POST"]
WITH_IDS = [(path, name) for method, path in GETS for name in re.findall(r"{(\w+)", path)]
QUERY_PARAMETERS = [(method, path, name) for method, path, query in ROUTES for name in query]
METHODS = defaultdict(set)
for _method, _path, _ in ROUTES:
    METHODS[_path].add(_method)

BAD_IDS = ["0" * 16, "s" + "0" * 16, "abcd", "zz<script>alert(1)</script>", "\x00", "'; DROP TABLE articles; --",
           "../../etc/passwd", "..\\..\\etc\\passwd", "%2e%2e%2f", "\ufffd\u202e", "x" * 4000]
NASTY_VALUES = ["\x00", "'", '"', "%", "*", "NEAR(", "a OR", "()", "\\", "-1", "9" * 40, "1e400", "2024-02-30",
                "\u202e", "%ff", "true&false"]
TRAVERSALS = ["/static/../../etc/passwd", "/static/../app.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py",
              "/static/..%2fapp.py", "/static/..%5capp.py", "/static/..%5c..%5c..%5cetc%5cpasswd",
              "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/%252e%252e%252fapp.py",
              "/static/....//....//app.py", "/static//etc/passwd", "/static/%00../app.py", "/static/style.css%00.py",
              "/static/" + "../" * 30 + "etc/passwd"]
BINARIES = {
    "report.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n" + bytes(range(256)) * 8,
    "ascii.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8,
    "letter.docx": b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8,
    "nul.txt": b"title: A title\n\nSome words\x00and more words after a NUL byte.\n",
    "noise.bin": bytes((n * 7919) % 251 for n in range(6000)),
    "broken-utf16.txt": codecs.BOM_UTF16_LE + "An article.".encode("utf-16-le") + b"\x00\xd8",
}
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return web_store(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def client(store_path):
    before = content_digest(store_path)
    with TestClient(create_app(store_path, max_upload=LIMIT), raise_server_exceptions=False) as c:
        yield c
    assert content_digest(store_path) == before, "a request changed the store"


def raw(client, method: str, target: str, *, chunk: bytes = b"", chunks: int = 1,
        headers: dict[str, str] | None = None) -> tuple[httpx.Response, int]:
    """One request straight to the app, the target as given and the body `chunk` × `chunks` fed only as the app
    asks for it: the answer, and how many body bytes the app read."""
    path, _, query = target.encode().partition(b"?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": unquote(path.decode()), "raw_path": path, "query_string": query, "root_path": "",
             "headers": [(b"host", b"testserver")] + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    sent, read, answered = 0, 0, asyncio.Event()
    start: dict = {}
    body = bytearray()

    async def receive():
        nonlocal sent, read
        if sent < chunks:
            sent += 1
            read += len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": sent < chunks}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                answered.set()

    asyncio.run(client.app(scope, receive, send))
    return httpx.Response(start["status"], headers=start["headers"], content=bytes(body)), read


def fill(path: str, value: str) -> str:
    return re.sub(r"{\w+(:\w+)?}", quote(value, safe=""), path)


def assert_clean(response: httpx.Response, path: str, store_path: Path | None = None) -> None:
    """No server error, no traceback or store path shown, the security headers, JSON under /api/ and a page elsewhere."""
    assert response.status_code < 500, response.text[:300]
    assert "Traceback" not in response.text and 'File "/' not in response.text
    assert store_path is None or str(store_path) not in response.text
    assert all(response.headers.get(name) for name in HEADERS), dict(response.headers)
    if response.status_code >= 400:
        kind = "application/json" if path.startswith("/api/") else "text/html"
        assert response.headers["content-type"].startswith(kind)


@pytest.mark.parametrize("path, name", WITH_IDS)
@pytest.mark.parametrize("value", BAD_IDS, ids=lambda v: ascii(v)[1:13])
def test_bad_and_unknown_ids_are_404(client, store_path, path, name, value):
    response, _ = raw(client, "GET", fill(path, value))
    assert response.status_code == 404
    assert_clean(response, path, store_path)
    assert "<script>alert" not in response.text or response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("target", TRAVERSALS)
def test_static_files_stay_in_their_folder(client, target):
    response, _ = raw(client, "GET", target)
    assert response.status_code == 404
    assert_clean(response, target)
    assert "root:" not in response.text and "def create_app" not in response.text


def test_static_files_are_served_with_the_headers(client):
    response = client.get("/static/app.js")
    assert response.status_code == 200 and "addEventListener" in response.text
    assert response.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert_clean(response, "/static/app.js")


@pytest.mark.parametrize("method, path", [(m, p) for m, p, _ in ROUTES] + [("GET", "/nowhere")])
def test_huge_query_string_is_414_before_routing(client, method, path):
    response, read = raw(client, method, fill(path, "0" * 16) + "?q=" + "x" * 100_000, chunk=b"x" * 1024)
    assert response.status_code == 414 and read == 0
    assert f"{MAX_TARGET // 1024} KiB" in response.text
    assert_clean(response, path)


def test_huge_path_is_414(client):
    response, _ = raw(client, "GET", "/articles/" + "a" * 100_000)
    assert response.status_code == 414
    assert_clean(response, "/articles/")


@pytest.mark.parametrize("method, path, name", QUERY_PARAMETERS)
def test_every_query_parameter_is_bounded_and_never_fails(client, store_path, method, path, name):
    """A 1,000-character value is refused (422) by every parameter; odd values answer 200 or a 4xx, never a 500."""
    target = fill(path, "s" + "0" * 16)
    response, _ = raw(client, method, f"{target}?{name}={'x' * 1000}")
    assert response.status_code == 422 and name in response.text
    assert_clean(response, path, store_path)
    for value in NASTY_VALUES:
        response, _ = raw(client, method, f"{target}?{name}={quote(value, safe='%&')}")
        assert response.status_code in (200, 404, 422), (value, response.status_code, response.text[:200])
        assert_clean(response, path, store_path)


@pytest.mark.parametrize("path, method", [(p, m) for p in METHODS for m in ("GET", "POST", "PUT", "DELETE", "PATCH")
                                          if m not in METHODS[p]])
def test_methods_a_route_does_not_take_are_405(client, path, method):
    response, _ = raw(client, method, fill(path, "style.css" if path.startswith("/static") else "0" * 16))
    assert response.status_code == 405
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
def test_declared_huge_body_is_refused_unread(client, path):
    """50 MB announced by Content-Length: 413 without reading a byte of it."""
    response, read = raw(client, "POST", path, chunk=b"x" * 1024 * 1024, chunks=50,
                         headers={"content-type": "multipart/form-data; boundary=zz", "content-length": str(50 << 20)})
    assert response.status_code == 413 and read == 0 and "KiB" in response.text
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
def test_streamed_huge_body_is_cut_short(client, path):
    """50 MB sent without a length: 413 once the limit is passed, the rest never read."""
    response, read = raw(client, "POST", path, chunk=b"x" * 64 * 1024, chunks=800,
                         headers={"content-type": "multipart/form-data; boundary=zz"})
    assert response.status_code == 413 and read <= BODY_LIMIT + 64 * 1024
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
def test_50_mb_file_upload_is_413(client, path):
    response = client.post(path, files={"file_a": ("big.txt", b"word " * (10 << 20)), "file_b": ("b.txt", b"B.")})
    assert response.status_code == 413 and f"{LIMIT // 1024} KiB" in response.text
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("name", BINARIES)
def test_binary_uploads_are_415(client, path, name):
    response = client.post(path, files={"file_a": (name, BINARIES[name]), "file_b": ("b.txt", b"Some text here.")})
    assert response.status_code == 415 and f"a: {name}" in response.text
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
def test_pasted_binary_is_415(client, path):
    response = client.post(path, data={"text_a": "Words\x00and a NUL.", "text_b": "Some text here."})
    assert response.status_code == 415 and "NUL byte" in response.text
    assert_clean(response, path)


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("headers, words", [
    ({"content-type": "multipart/form-data"}, "boundary"),
    ({"content-type": "multipart/form-data; boundary=zz", "content-length": "lots"}, "Content-Length"),
])
def test_malformed_bodies_are_400(client, path, headers, words):
    response, _ = raw(client, "POST", path, chunk=b"--zz\r\nnot a form", headers=headers)
    assert response.status_code == 400 and words in response.text
    assert_clean(response, path)


def test_utf16_upload_is_read_as_text(client):
    """UTF-16 is text, not binary: the rewrite compares as it does in UTF-8."""
    wire = (CORPUS / "wire" / "gpa" / "2024-02-08-peru-earthquake.txt").read_text(encoding="utf-8")
    rewrite = CORPUS / "outlets" / "daily-sentinel" / "peru-earthquake-toll.txt"
    response = client.post("/api/compare", files={"file_a": ("wire.txt", wire.encode("utf-16")),
                                                  "file_b": (rewrite.name, rewrite.read_bytes())})
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert body["a"]["source"] == "Global Press Agency" and body["relation"] == "rewrite"


@pytest.mark.parametrize("method, path", [(m, p) for m, p, _ in ROUTES])
def test_security_headers_on_every_route(client, method, path):
    target = fill(path, "style.css" if path.startswith("/static") else "0" * 16)
    response = client.request(method, target, data={"text_a": ""} if method == "POST" else None)
    assert response.status_code in (200, 404, 422)
    assert_clean(response, path)
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff" and response.headers["x-frame-options"] == "DENY"


def test_pages_need_nothing_the_policy_forbids(client, store_path):
    """No inline script, style or handler, no script or stylesheet from elsewhere: the policy breaks no page."""
    with Store(store_path) as store:
        article = next(store.articles(search="Rui Falcao")).id
        story_id = store.story_of(article)
    for url in ["/", f"/stories/{story_id}", f"/articles/{article}", "/compare", "/nowhere"]:
        tags = Tags()
        tags.feed(client.get(url).text)
        assert tags.seen["script"] and tags.seen["link"], url
        for tag, attrs in tags.found:
            assert tag != "style" and not any(name == "style" or name.startswith("on") for name in attrs), (url, tag)
            assert tag != "script" or attrs.get("src", "").startswith("/static/"), url
            assert tag != "link" or attrs.get("href", "").startswith("/static/"), url
            assert not attrs.get("href", "").lower().startswith("javascript:"), url
    assert client.get("/static/style.css").status_code == 200 and client.get("/static/app.js").status_code == 200


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.found, self.seen = [], defaultdict(int)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))
        self.seen[tag] += 1


def test_unexpected_error_is_a_plain_500_with_the_headers(store_path):
    app = create_app(store_path)

    def boom():
        raise RuntimeError("secret internals")

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/boom", "/boom"):
            response = c.get(path)
            assert response.status_code == 500 and "secret internals" not in response.text
            assert "Traceback" not in response.text and all(response.headers.get(name) for name in HEADERS)
    assert response.headers["content-type"].startswith("text/html") and 'class="error-message"' in response.text
