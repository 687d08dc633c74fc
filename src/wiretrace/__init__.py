"""wiretrace: follow a news story through the press.

The names below are imported on first use, not with the package: a command
such as `wiretrace dedup` then starts without the annotation, store and
ingest code it never calls.
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
