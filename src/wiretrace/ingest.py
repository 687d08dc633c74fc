"""Read, annotate and store: the pipeline behind `wiretrace add`, callable from Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .article import Article
from .errors import InputError
from .fingerprints import profiles
from .nlp import annotate_many
from .readers import read_batch
from .store import Store

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an `add` did: ids added, ids already in the store, inputs refused with why."""

    added: list[Article] = field(default_factory=list)
    present: list[Article] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": [a.id for a in self.added],
            "present": [a.id for a in self.present],
            "rejected": [{"origin": e.origin, "line": e.line, "problem": e.problem, "message": str(e)}
                         for e in self.rejected],
        }


def ingest(store: Store, paths: Iterable[str | Path], *, progress: Progress | None = None,
           stdin=None) -> IngestReport:
    """Add every article found under `paths` to `store` in one transaction.

    Articles already stored (same content hash) are not annotated again and
    are reported as present; inputs that cannot be read are reported, never
    fatal to the rest of the batch.
    """
    batch = read_batch(paths, stdin)
    report = IngestReport(rejected=batch.rejected)
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

    annotated = []
    for done, (article, ann) in enumerate(zip(fresh, annotate_many(fresh)), 1):
        annotated.append((article, ann))
        if progress:
            progress("annotate", done, total)
    if progress:
        progress("fingerprint", 0, total)
    result = store.add([(a, ann, p) for (a, ann), p in zip(annotated, profiles(annotated))])
    by_id = {a.id: a for a in fresh}
    report.added = [by_id[i] for i in result.added]
    report.present += [by_id[i] for i in result.present]
    return report
