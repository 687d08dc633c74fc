"""Readers: files, folders and standard input to Articles.

One module per format; this registry picks the reader by extension, or by
content when the extension says nothing (standard input, `.xml`). A bad input
yields an InputError in the stream instead of stopping it, so the rest of a
batch still loads.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..article import Article, max_chars
from ..errors import InputError, Skipped
from .dateline import date_from_dateline, parse_dateline
from .decode import decode
from .jsonl import read_json, read_jsonl
from .text import read_text

Reader = Callable[[str, str], Iterator[Article | InputError]]


def read_html(text: str, origin: str) -> Iterator[Article | InputError]:
    """`html.read_html`, imported on first use: trafilatura and feedparser take 0.1 s to import, which a command
    reading JSON Lines (`wiretrace dedup` of a corpus) never needs."""
    from .html import read_html as read

    return read(text, origin)


def read_feed(text: str, origin: str) -> Iterator[Article | InputError]:
    """`feed.read_feed`, imported on first use (see `read_html`)."""
    from .feed import read_feed as read

    return read(text, origin)


READERS: dict[str, Reader] = {
    "text": read_text, "jsonl": read_jsonl, "json": read_json, "html": read_html, "feed": read_feed,
}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html",
    ".rss": "feed", ".atom": "feed", ".xml": None,
}
_SIGNATURES = [   # the first bytes of files people drop into a folder of news that are not text
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "a ZIP archive (DOCX, ODT, EPUB, XLSX are ZIP)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (DOC, XLS)"), (b"{\\rtf", "RTF"), (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
]
_NAMED = {".pdf": "PDF", ".docx": "DOCX", ".doc": "DOC", ".odt": "ODT", ".rtf": "RTF", ".epub": "EPUB",
          ".xlsx": "XLSX", ".xls": "XLS", ".pptx": "PPTX", ".zip": "a ZIP archive", ".gz": "gzip",
          ".png": "a PNG image", ".jpg": "a JPEG image", ".jpeg": "a JPEG image", ".gif": "a GIF image",
          ".parquet": "Parquet (read by `wiretrace dedup`)", ".csv": "CSV"}


def binary_format(data: bytes) -> str | None:
    """The format a file's first bytes name, when it is one of those that are no text ("PDF", "a PNG image")."""
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def unsupported(data: bytes, suffix: str = "") -> str | None:
    """Why a file is not read, when its bytes or its extension say it is a format wiretrace does not read."""
    if data.startswith(_SQLITE):
        return "an SQLite database, not articles (a wiretrace store is opened with --db PATH, not read)"
    kind = binary_format(data) or _NAMED.get(suffix.lower())
    if kind is None:
        return None
    into = "JSON Lines, one article a line" if kind.startswith(("CSV", "XLS")) else "text or HTML"
    return f"{kind} is not a supported format; convert it to {into} (wiretrace reads {_READ})"


_READ = ", ".join(sorted(EXTENSIONS))


def sniff(text: str) -> str:
    """Guess the format from the first characters."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    lowered = head.lower()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        lines = [line for line in text.strip().split("\n") if line.strip()]
        return "jsonl" if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines) else "json"
    if head.startswith("<"):
        if "<rss" in lowered or "<feed" in lowered or "<rdf:rdf" in lowered:
            return "feed"
        if lowered.startswith("<?xml") and "<html" not in lowered:
            return "feed"  # XML that is not XHTML: the feed reader says what is wrong with it
        return "html"
    return "text"


def read_source(data: bytes, origin: str, fmt: str | None = None) -> Iterator[Article | InputError]:
    """Read one file's bytes; `fmt` is a READERS key, or None to sniff."""
    problem = unsupported(data, Path(origin).suffix)
    if problem:
        yield InputError(origin, problem)
        return
    try:
        text = decode(data, origin)
    except InputError as exc:
        yield exc
        return
    if not text.strip():
        yield InputError(origin, "empty file")
        return
    fmt = fmt or sniff(text)
    if fmt == "json" and sniff(text) == "jsonl":
        fmt = "jsonl"
    yield from checked(READERS[fmt](text, origin))


def checked(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    """Articles longer than `max_chars()`, or holding a NUL byte in any field (binary data read as text), refused
    by their file and line, before anything parses them: one giant record must not cost a batch its memory, nor
    spaCy its limit, whatever reader made it."""
    limit = max_chars()
    for item in items:
        if isinstance(item, Article) and len(item.text) > limit:
            yield InputError(item.origin or "<memory>", f"article of {len(item.text):,} characters is over the limit "
                             f"of {limit:,} (WIRETRACE_MAX_CHARS or --max-chars sets it)", item.line)
        elif isinstance(item, Article) and any("\x00" in (v or "") for v in (item.text, item.title, item.source)):
            yield InputError(item.origin or "<memory>", "binary data in the article (a NUL byte)", item.line)
        else:
            yield item


def _files(path: Path) -> Iterator[Path | InputError]:
    """The files to read: `path`, or the files of the folder `path` with an extension a reader takes; its other
    files (save hidden ones) as Skipped, so that a PDF in a folder of news is named, not silently passed over; a
    folder with no file to read is an InputError, as a missing file is: a mistyped folder must not pass as done."""
    if path.is_dir():
        readable = False
        for child in folder_files(path):
            if isinstance(child, Skipped):
                yield child
            elif child.suffix.lower() in EXTENSIONS:
                readable = True
                yield child
            else:
                kind = _NAMED.get(child.suffix.lower()) or (f"a '{child.suffix}' file" if child.suffix
                                                            else "a file without an extension")
                yield Skipped(str(child), f"skipped: {kind} is not a format wiretrace reads")
        if not readable:
            yield nothing_to_read(path)
    else:
        yield path


def folder_files(folder: Path) -> Iterator[Path | Skipped]:
    """The files of a folder, recursively in name order, that may hold articles, for `add` and `dedup` alike:
    hidden files and a store kept there left out, and the folder a browser saved with a page one Skipped line."""
    assets = set()
    for child in sorted(folder.rglob("*")):
        parts = child.relative_to(folder).parts
        if not child.is_file() or any(p.startswith(".") for p in parts) or of_a_store(child):
            continue
        saved = _saved_with_a_page(folder, parts)
        if saved is None:
            yield child
        elif saved[0] not in assets:
            assets.add(saved[0])
            yield Skipped(str(saved[0]), f"skipped: the scripts, styles and images a browser saved with "
                                         f"{saved[1].name}, no article")


def _saved_with_a_page(root: Path, parts: tuple[str, ...]) -> tuple[Path, Path] | None:
    """(folder, page) where a file is in the folder a browser saves a page's scripts, styles, images and ad frames in
    ("Page_files" beside "Page.html"): none is an article, and a frame's HTML was read as one ("Advertisement")."""
    for depth, part in enumerate(parts[:-1]):
        if part.endswith("_files"):
            folder = root.joinpath(*parts[:depth + 1])
            for ext in (".html", ".htm"):
                page = folder.with_name(part[:-len("_files")] + ext)
                if page.is_file():
                    return folder, page
    return None


_SQLITE = b"SQLite format 3\x00"
_JOURNALS = ("-wal", "-shm", "-journal")


def _is_sqlite(file: Path) -> bool:
    try:
        with file.open("rb") as f:
            return f.read(len(_SQLITE)) == _SQLITE
    except OSError:
        return False


def of_a_store(file: Path) -> bool:
    """Whether a file is part of a store kept in the folder being read (its SQLite file, the journals beside it, the
    `.index` folder of its candidates): `wiretrace add .` makes wiretrace.db there, and the next `add .` must not
    reject the index's stamp as an article nor name five files it skipped."""
    if file.suffix.lower() in EXTENSIONS and file.parent.suffix != ".index":
        return False
    name = file.name
    base = next((name[:-len(j)] for j in _JOURNALS if name.endswith(j)), None)
    if base is not None:
        return _is_sqlite(file.with_name(base))
    if file.parent.suffix == ".index":
        return _is_sqlite(file.parent.with_suffix(""))
    return _is_sqlite(file)


def nothing_to_read(folder: Path | str, extra: tuple[str, ...] = ()) -> InputError:
    """A folder with no file to read (`extra`: the suffixes an engine reads beside the readers'), as the one
    line every engine gives."""
    read = ", ".join(sorted({*EXTENSIONS, *extra}))
    return InputError(str(folder), f"no file to read in this folder (wiretrace reads {read})")


def read_paths(paths: Iterable[str | Path], stdin=None) -> Iterator[Article | InputError]:
    """Every article in files, folders (recursively) and `-` (standard input); what could not be read as
    InputErrors, and a folder's files in other formats as Skipped (an InputError too)."""
    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_source(stream.read(), "<stdin>")
            continue
        path = Path(raw)
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
            continue
        for file in _files(path):
            if isinstance(file, InputError):
                yield file
            else:
                yield from read_file(file)


def read_file(file: Path) -> Iterator[Article | InputError]:
    """One file, read by its extension or its content; a file that cannot be opened is an InputError."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        yield InputError(str(file), f"cannot read: {exc.strerror}")
        return
    yield from read_source(data, str(file), EXTENSIONS.get(file.suffix.lower()))


@dataclass
class Batch:
    """What one read produced: articles ready for annotation, and the inputs refused."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)   # files of a folder in no format a reader takes


def read_batch(paths: Iterable[str | Path], stdin=None) -> Batch:
    """Read everything, then date the articles whose dateline lacks a year from their batch."""
    batch = Batch()
    for item in read_paths(paths, stdin):
        if isinstance(item, Skipped):
            batch.skipped.append(item)
        else:
            (batch.articles if isinstance(item, Article) else batch.rejected).append(item)
    batch.articles = [_dated(a, batch.articles) for a in batch.articles]
    return batch


def _dated(article: Article, batch: list[Article]) -> Article:
    if article.published is not None:
        return article
    dateline = parse_dateline(article.text)
    return date_from_dateline(article, dateline, batch) if dateline else article


__all__ = ["Batch", "READERS", "read_batch", "read_paths", "read_source", "sniff", "checked", "binary_format", "unsupported"]
