"""wiretrace: follow a news story through the press."""

from .annotations import Annotations, Entity, Quote, Sentence, TimeExpression
from .article import Article, normalize
from .errors import InputError, NotFound, StoreError, WiretraceError
from .ingest import IngestReport, ingest
from .nlp import annotate
from .readers import read_batch, read_paths
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Annotations", "Article", "Entity", "IngestReport", "InputError", "NotFound", "Quote", "Sentence", "Store",
    "StoreError", "TimeExpression", "WiretraceError", "annotate", "ingest", "normalize", "read_batch", "read_paths",
]
