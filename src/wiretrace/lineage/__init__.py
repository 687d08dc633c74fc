"""Lineage: what happened to a story's quotations, facts and names as it travelled from outlet to outlet.

Compare answers these questions for two articles; lineage answers them for a
whole story at once. Every stage works on `StoryText` (the story's articles in
publication order, their stored annotations and provenance), so a page or
command that shows several panels loads the story once.

- quotes.py   one group per utterance: its earliest wording, every variant, who changed it
- facts.py    numbers and dates per claim: agree, disagree, or updated over time
- names.py    each entity with all its spellings and the outlets that use them
- search.py   fuzzy quote search over the store through a trigram index
"""

from __future__ import annotations

from .facts import Claim, StoryFacts, story_facts
from .names import EntityNames, story_names
from .quotes import QuoteGroup, QuoteLineage, Variant, quote_lineage
from .search import QuoteHit, QuoteSearch, search_quotes
from .story_text import StoryText, story_text

__all__ = ["StoryText", "story_text", "quote_lineage", "QuoteLineage", "QuoteGroup", "Variant", "story_facts",
           "StoryFacts", "Claim", "story_names", "EntityNames", "search_quotes", "QuoteSearch", "QuoteHit"]
