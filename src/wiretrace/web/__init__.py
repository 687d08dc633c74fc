"""wiretrace serve: web pages and a JSON API over the same library functions the CLI uses.

Read-only on the store: pages and API read stories, articles and comparisons;
nothing here writes to the database.
"""

from .app import create_app

__all__ = ["create_app"]
