"""The project's own exceptions: each message is one line a user can act on."""

from __future__ import annotations

from typing import Any, Callable


class WiretraceError(Exception):
    """Base class: the CLI prints the message alone and exits non-zero."""


class InputError(WiretraceError):
    """One input (a file, a line of a file) could not be read as an article."""

    def __init__(self, origin: str, problem: str, line: int | None = None):
        self.origin = origin
        self.line = line
        self.problem = problem
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {problem}")

    def to_json(self) -> dict:
        """The input and its problem as every command's --json and the rejects list name them."""
        return {"origin": self.origin, "line": self.line, "problem": self.problem, "message": str(self)}


class Skipped(InputError):
    """A file of a folder in a format no reader takes: named in the summary, but no failure of the batch."""


class StoreError(WiretraceError):
    """The store cannot be opened or written as asked."""


class NotFound(WiretraceError):
    """An id names nothing in the store."""


def isolated(run: Callable[[list], list], items: list, article: Callable[[Any], Any], stage: str) -> list:
    """`run` over a batch of items; if it raises, over each item alone, so that what one article raises costs that
    article alone: its result is then an InputError (see `failed`)."""
    try:
        return list(run(items))
    except Exception as exc:
        if len(items) == 1:
            return [failed(article(items[0]), stage, exc)]
    results = []
    for item in items:
        try:
            results += run([item])
        except Exception as exc:
            results.append(failed(article(item), stage, exc))
    return results


def failed(article, stage: str, exc: Exception) -> InputError:
    """The reject line of an article a stage could not take: its file and line, the stage, what was raised."""
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    problem = f"could not be {stage} ({type(exc).__name__}{': ' + detail if detail else ''})"
    return InputError(article.origin or "<memory>", problem, article.line)
