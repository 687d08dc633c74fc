"""wiretrace: follow a news story through the press.

    from wiretrace import Store, ingest
    with Store("news.db") as store:
        report = ingest(store, ["feeds/", "page.html"])

- `Store(path)`: the SQLite store (a context manager); `store.articles(...)` yields Articles,
  `store.article(id)` one Article and `store.annotations(id)` its Annotations (ids or prefixes, as
  the commands show them; NotFound for none).
- `ingest(store, paths)` reads, annotates and stores files, folders and feeds in one transaction,
  and returns an IngestReport (`added`, `present`, `rejected`, `skipped`).
- `read_paths(paths)` yields an Article or an InputError per input; `read_batch(paths)` returns a
  Batch (`articles`, `rejected`, `skipped`) with datelines dated from the batch; `annotate(article)`
  returns its Annotations (Sentence, Quote, Entity, TimeExpression) without storing anything.
- `normalize(text)` returns the matching form of a text.
- Errors: WiretraceError, and InputError (an input), NotFound (an id), StoreError (the store).
- Stories, lineage and comparisons: `wiretrace.stories.story(store, id)`, `wiretrace.lineage`
  (`quote_lineage`, `story_facts`, `search_quotes`), `wiretrace.compare.compare(a, b)`.

The names are imported on first use, not with the package: a command such as
`wiretrace dedup` then starts without the annotation, store and ingest code it
never calls.
"""

import sys
import types
from importlib import import_module

__version__ = "0.1.0"

_SOURCES = {
    "Annotations": "annotations", "Entity": "annotations", "Quote": "annotations", "Sentence": "annotations",
    "TimeExpression": "annotations", "Article": "article", "normalize": "article", "InputError": "errors",
    "NotFound": "errors", "StoreError": "errors", "WiretraceError": "errors", "IngestReport": "ingest",
    "ingest": "ingest", "annotate": "nlp", "read_batch": "readers", "read_paths": "readers", "Store": "store",
}

__all__ = sorted(_SOURCES)


def __getattr__(name: str):
    if name not in _SOURCES:
        raise AttributeError(f"module 'wiretrace' has no attribute {name!r}")
    value = getattr(import_module(f".{_SOURCES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))


class _Package(types.ModuleType):
    """The package's `ingest` stays the function when the submodule of that name is loaded (as it was when the
    package imported it at once)."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _SOURCES.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
