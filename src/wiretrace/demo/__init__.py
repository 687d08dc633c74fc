"""The demo corpus shipped with wiretrace, and its gold labels."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path


def corpus_path() -> Path:
    return Path(str(files("wiretrace") / "demo" / "corpus"))


def gold() -> dict:
    """The labels written with the corpus: event, source and sentence alignment of each article."""
    return json.loads((Path(str(files("wiretrace") / "demo")) / "gold.json").read_text(encoding="utf-8"))


def showcase_story(store, stories: list) -> tuple:
    """(story summary, quote lineage, facts) of the largest story with both an altered quotation and a fact its
    sources disagree on: what the demo shows first."""
    from ..lineage import quote_lineage, story_facts

    for summary in sorted(stories, key=lambda s: (-s.articles, s.id)):
        lineage, facts = quote_lineage(store, summary.id), story_facts(store, summary.id)
        altered = any(v.kind == "altered" for g in lineage.groups for v in g.variants)
        if altered and any(c.status == "disagree" for c in facts.facts):
            return summary, lineage, facts
    summary = max(stories, key=lambda s: (s.articles, s.id))
    return summary, quote_lineage(store, summary.id), story_facts(store, summary.id)
