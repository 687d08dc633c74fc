"""Helpers shared by the reader tests: write an input into a folder, read it back."""

from __future__ import annotations

from pathlib import Path

from wiretrace.article import Article
from wiretrace.errors import InputError
from wiretrace.readers import Batch, read_batch, read_paths


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write `content` (str as UTF-8) to folder/name, making parent folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(*paths: str | Path, stdin=None) -> list[Article | InputError]:
    return list(read_paths(paths, stdin=stdin))


def articles(items: list) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def only(items: list, kind: type):
    """The single item read, checked to be of `kind` (Article or InputError)."""
    assert len(items) == 1, items
    assert isinstance(items[0], kind), items[0]
    return items[0]


def read_article(folder: Path, name: str, content: str | bytes) -> Article:
    return only(read(write(folder, name, content)), Article)


def read_error(folder: Path, name: str, content: str | bytes) -> InputError:
    return only(read(write(folder, name, content)), InputError)


def batch_of(folder: Path, files: dict[str, str | bytes]) -> Batch:
    """Write every file, then read them together with read_batch."""
    return read_batch([write(folder, name, content) for name, content in files.items()])
