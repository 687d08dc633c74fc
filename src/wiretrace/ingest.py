"""Read, annotate and store: the pipeline behind `wiretrace add`, callable from Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .article import Article
from .errors import InputError, isolated
from .fingerprints import profiles
from .nlp import annotate_many
from .readers import read_batch
from .store import Store

Progress = Callable[[str, int, int], None]
CHUNK = 64   # articles annotated and fingerprinted at once: what one article's failure costs a retry


@dataclass
class IngestReport:
    """What an `add` did: the articles added, the articles already in the store (same content), the inputs
    refused (InputErrors: the file, its line where it has one, and why) and the files skipped (a format no reader
    takes). A path that does not exist is refused, not raised: look at `rejected`."""

    added: list[Article] = field(default_factory=list)
    present: list[Article] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": [a.id for a in self.added],
            "present": [a.id for a in self.present],
            "rejected": [e.to_json() for e in self.rejected],
            "skipped": [{"origin": e.origin, "problem": e.problem} for e in self.skipped],
        }


def ingest(store: Store, paths: Iterable[str | Path], *, progress: Progress | None = None,
           stdin=None) -> IngestReport:
    """Add every article found under `paths` to `store` in one transaction.

    Articles already stored (same content hash) are not annotated again and
    are reported as present. An input that cannot be read, or an article that a
    stage (annotate, fingerprint, store) cannot take, is reported with its file
    and line, never fatal to the rest of the batch. The store stores them and
    `stories.online` places them, in one transaction. Returns an IngestReport.
    """
    from .stories import online   # here: its clustering imports are start-up time the other commands skip

    batch = read_batch(paths, stdin)
    report = IngestReport(rejected=batch.rejected, skipped=batch.skipped)
    fresh: list[Article] = []
    seen: set[str] = set()
    for article in batch.articles:
        if article.id in seen or store.has(article.id):
            report.present.append(article)
        else:
            seen.add(article.id)
            fresh.append(article)
    total = len(fresh)
    if progress:
        progress("annotate", 0, total)
    ready = []
    for start in range(0, total, CHUNK):
        ready += _prepared(fresh[start:start + CHUNK], report.rejected)
        if progress:
            progress("annotate", min(start + CHUNK, total), total)
    result = online.add(store, ready)
    by_id = {a.id: a for a in fresh}
    report.added = [by_id[i] for i in result.added]
    report.present += [by_id[i] for i in result.present]
    report.rejected += result.rejected
    return report


def _prepared(chunk: list[Article], rejected: list[InputError]) -> list[tuple]:
    """(article, annotations, profile) of each article that annotation and fingerprinting took; the others
    rejected."""
    annotated = _taken(chunk, isolated(lambda articles: list(annotate_many(articles)), chunk, lambda a: a,
                                       "annotated"), rejected)
    profiled = _taken(annotated, isolated(profiles, annotated, lambda item: item[0], "fingerprinted"), rejected)
    return [(article, ann, profile) for (article, ann), profile in profiled]


def _taken(items: list, results: list, rejected: list[InputError]) -> list[tuple]:
    taken = []
    for item, result in zip(items, results):
        if isinstance(result, InputError):
            rejected.append(result)
        else:
            taken.append((item, result))
    return taken
