"""What a running app holds: the store's path, the upload limit, and caches of comparisons and stories.

A comparison costs about a second of CPU and never changes (article ids are
content hashes, annotations are fixed at `add`), so computed ones are kept in
an LRU cache keyed by the two article ids (uploads: by their content), and a
pair asked for by many clients at once is computed once. Comparisons run one
at a time: the models are shared, and two cores gain nothing from more.

A story with its quote and fact lineage depends only on which articles it
holds, so it is cached under its id and member ids: an `add` that grows the
story changes the key, and the next request sees the new article. The stories
list takes its rows' badges (altered quotations, disputed facts) from the same
cache, for the stories it lists only.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache, cached

from ..compare import Comparison, compare
from ..errors import InputError, NotFound, WiretraceError
from ..lineage import QuoteLineage, StoryFacts
from ..readers import binary_format
from ..readers.decode import decode
from ..render import short_id
from ..stories import Story, story, summaries
from ..stories import explain as explain_links
from ..stories.related import Related, related
from ..store import Store
from .queries import StoryRow, api_examples, story_lineage, story_row

MAX_UPLOAD = 512 * 1024      # bytes per side: a long article is 50 KB; more is not an article
CACHE_SIZE = 256



class TooLarge(InputError):
    """An upload or pasted text over the size limit (HTTP 413)."""


class NotText(InputError):
    """An upload that is no text at all: a PDF, an image, binary data (HTTP 415)."""


class Elsewhere(NotFound):
    """An article's id asked for as a story's, or a story's as an article's: the page it names is `href`."""

    def __init__(self, message: str, href: str, label: str):
        super().__init__(message)
        self.href, self.label = href, label


def resolve_story(store: Store, ref: str) -> str:
    """A story id from `ref`; an article's id says which story it is in, as `wiretrace story` says it."""
    try:
        return store.resolve_story(ref)
    except NotFound as exc:
        missing = exc
    try:
        found = store.story_of(store.resolve_id(ref))
    except NotFound:
        found = None
    if found is None:
        raise missing
    raise Elsewhere(f"{ref} is an article, not a story; its story is {short_id(found)}", f"/stories/{found}",
                    f"Go to the story {short_id(found)}")


def resolve_article(store: Store, ref: str) -> str:
    """An article id from `ref`; a story's id says it is a story, as `wiretrace article` says it."""
    try:
        return store.resolve_id(ref)
    except NotFound as exc:
        missing = exc
    try:
        found = store.resolve_story(ref)
    except NotFound:
        raise missing from None
    raise Elsewhere(f"{ref} is a story, not an article", f"/stories/{found}", f"Go to the story {short_id(found)}")


def http_status(exc: WiretraceError) -> int:
    """The HTTP status of a library error: unknown id 404, text too large 413, not text 415, unreadable 422,
    store 503."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, NotText):
        return 415
    return 422 if isinstance(exc, InputError) else 503


@dataclass(frozen=True)
class Upload:
    """One side of a comparison of texts: a file's name and bytes, or pasted text."""

    name: str
    data: bytes
    pasted: bool = False

    def origin(self, side: str) -> str:
        """How a message names this side: by the file chosen, or as pasted text (no file the visitor knows of)."""
        return f"{side} (pasted text)" if self.pasted else f"{side}: {self.name}"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.name.encode() + b"\0" + self.data).hexdigest()


class Site:
    """The store a running app reads, and what it keeps between requests."""

    def __init__(self, db_path: str | Path, *, max_upload: int = MAX_UPLOAD, cache_size: int = CACHE_SIZE):
        self.db_path = Path(db_path)
        self.max_upload = max_upload
        with Store(self.db_path, create=False):   # a missing store is NotFound, as for every command;
            pass                                  # a store from an older wiretrace is migrated once, here
        self._computing = threading.Lock()
        self.comparisons, self._compare_once = _memo(cache_size)
        self.stories, self._story_once = _memo(cache_size)

    def open(self) -> Store:
        """A connection for this thread; requests run in a thread pool and sqlite3 connections stay in their thread."""
        return Store(self.db_path)

    def compare_stored(self, a: str, b: str) -> Comparison:
        """Two stored articles (ids or prefixes), compared from their stored annotations."""
        with self.open() as store:
            ids = resolve_article(store, a), resolve_article(store, b)

        def work() -> Comparison:
            with self.open() as store:
                left, right = store.article(ids[0]), store.article(ids[1])
                annotations = store.annotations(left.id), store.annotations(right.id)
            with self._computing:
                return compare(left, right, annotations=annotations)

        return self._compare_once(("stored", *ids), work)

    def compare_uploads(self, a: Upload, b: Upload) -> Comparison:
        """Two uploaded or pasted texts, read as files are read by `wiretrace compare`."""
        for side, upload in (("a", a), ("b", b)):
            if len(upload.data) > self.max_upload:
                raise TooLarge(upload.origin(side), f"is over {self.max_upload // 1024} KiB, the limit per text")
            if not upload.data.strip():
                raise InputError(upload.origin(side), "is empty: paste a text or choose a file")
            why = not_text(upload.data)
            if why:
                raise NotText(upload.origin(side), why)

        def work() -> Comparison:
            with tempfile.TemporaryDirectory(prefix="wiretrace-") as folder:
                paths = [_write(Path(folder), side, upload) for side, upload in (("a", a), ("b", b))]
                try:
                    with self._computing:
                        return compare(*paths)
                except InputError as exc:
                    origin, problem = exc.origin, exc.problem
                    for side, upload, path in zip("ab", (a, b), paths):
                        if origin.startswith(str(path)):
                            origin = upload.origin(side) + origin[len(str(path)):]
                        problem = problem.replace(str(path), upload.name)
                    raise InputError(origin, problem.replace(folder, "the upload"), exc.line) from None

        return self._compare_once(("upload", a.digest, b.digest), work)

    def story(self, story_id: str, explain: bool = False) -> tuple[Story, QuoteLineage, StoryFacts]:
        """A story (id or prefix) with its quote and fact lineage; `explain`: provenance checked by compare."""
        with self.open() as store:
            return self._story(store, resolve_story(store, story_id), explain)

    def related(self, record: Story) -> list[Related]:
        """The other stories naming the story's people, places and organisations (`stories.related`)."""
        with self.open() as store:
            return related(store, record)

    def story_ready(self, story_id: str, explain: bool = False) -> bool:
        """Whether the story is cached, so that asking for it costs nothing (an explained story: a second an article)."""
        with self.open() as store:
            return self._story_key(store, resolve_story(store, story_id), explain) in self.stories

    def examples(self) -> dict[str, str]:
        """The API page's addresses to try, by endpoint path (`queries.api_examples`)."""
        with self.open() as store:
            return api_examples(store)

    def story_rows(self, **filters) -> list[StoryRow]:
        """The stories list, filtered as `wiretrace stories` filters. A row's counts of altered quotations and
        disputed facts come from the story's lineage, which is computed for the stories listed only and cached with
        the story, so a list shown again, or a story opened from it, costs no more."""
        with self.open() as store:
            return [story_row(summary, *self._story(store, summary.id, False))
                    for summary in summaries(store, **filters)]

    def _story_key(self, store: Store, found: str, explain: bool) -> tuple:
        return found, tuple(sorted(a for a, _ in store.story_members(found))), explain

    def _story(self, store: Store, found: str, explain: bool) -> tuple[Story, QuoteLineage, StoryFacts]:
        def work():
            record = story(store, found)
            if explain:
                with self._computing:
                    record = explain_links(store, record)
            return (record, *story_lineage(store, record))

        return self._story_once(self._story_key(store, found, explain), work)


def not_text(data: bytes) -> str | None:
    """Why `data` is no text an article could be read from, or None: a binary format known by its first bytes, what
    the readers' decoding refuses, or a NUL byte in what it decodes (UTF-16 and UTF-32 text has none)."""
    kind = binary_format(data)   # the readers' list: some of these formats (a PDF, a ZIP) decode as text
    if kind:
        return f"is {kind}, not text: give the article as text, HTML, JSON or a feed"
    try:
        text = decode(data, "upload")
    except InputError as exc:
        return exc.problem
    if "\x00" in text:
        return f"binary data in the text (a NUL byte at character {text.index(chr(0)) + 1:,})"
    return None


def _memo(size: int):
    """An LRU cache, and a function `(key, work)` that returns the cached value or runs `work` once per key."""
    lock = threading.Lock()
    cache = LRUCache(size)
    return cache, cached(cache, key=lambda key, _: key, lock=lock, condition=threading.Condition(lock))(
        lambda _, work: work())


def _write(folder: Path, side: str, upload: Upload) -> Path:
    """The upload as a file named like the original (the extension picks the reader), under a folder per side."""
    name = re.sub(r"[^\w.-]+", "_", Path(upload.name.replace("\\", "/")).name)[-80:].lstrip(".") or "pasted.txt"
    path = folder / side / name
    path.parent.mkdir()
    path.write_bytes(upload.data)
    return path
