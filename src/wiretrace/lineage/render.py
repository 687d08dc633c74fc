"""Terminal views of quote lineage, facts, names and quote search (rich), for the CLI."""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..render import time_text
from .facts import StoryFacts
from .quotes import QuoteLineage
from .search import QuoteSearch

KIND_STYLE = {"identical": "green", "punctuation": "dim", "trimmed": "yellow", "boundary": "cyan", "altered": "bold red"}
STATUS_STYLE = {"agree": "green", "several": "yellow", "updated": "cyan", "disagree": "bold red"}


def marked(text: str, changes) -> Text:
    """The text with each changed-to word in reverse video, so a reader sees exactly what differs."""
    out = Text(text)
    for change in changes:
        for word in change["to"].split():
            for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
                out.stylize("reverse red", m.start(), m.end())
    return out


def _cell(value: str | None) -> str:
    """A time for a narrow column: the day over the time of day ('2024-03-16' over '09:30 UTC')."""
    return time_text(value).replace(" ", "\n", 1)


def _short(article_id: str | None) -> str:
    return article_id[:8] if article_id else "-"


def quotes_view(lineage: QuoteLineage) -> Group | Text:
    if not lineage.groups:
        return Text(f"story {lineage.story}: no quotations")
    tables = []
    for n, group in enumerate(lineage.groups, 1):
        original = group.original
        table = Table(title=f"{n}. {group.speaker or 'speaker not stated'}: first in {original['source'] or _short(original['article'])}"
                      f" ({time_text(original['published'])})", title_justify="left", expand=True)
        table.add_column("kind", no_wrap=True, width=11)
        table.add_column("wording", overflow="fold", ratio=3)
        table.add_column("carried by", overflow="fold", ratio=2)
        table.add_column("first seen", no_wrap=True, width=10)         # a date over its time, an id whole: narrow
        table.add_column("introduced\nby", no_wrap=True, width=12)     # terminals fold them into noise
        for v in group.variants:
            carried = ", ".join(s or "unknown source" for s in v.sources) + f" ({len(v.articles)})"
            introduced = "-" if v.introduced_by is None else v.introduced_by[:10] + (
                f"\ninherited by {len(v.inherited_by)}" if v.inherited_by else "")
            table.add_row(Text(v.kind, style=KIND_STYLE[v.kind]), marked(v.text, v.changes), carried,
                          _cell(v.first_seen), introduced)
        tables.append(table)
    changed = sum(bool(g.changed) for g in lineage.groups)
    count = f"{len(lineage.groups)} quotation{'s' if len(lineage.groups) != 1 else ''}"
    return Group(Text(f"story {lineage.story}: {count}, {changed} with changed wordings",
                      style="bold"), *tables)


def facts_view(facts: StoryFacts) -> Group:
    claims = Table(title=f"story {facts.story}: facts per claim", expand=True)
    claims.add_column("status", no_wrap=True)
    claims.add_column("claim", overflow="fold", ratio=2)
    claims.add_column("values (sources, first seen)", overflow="fold", ratio=3)
    for claim in facts.facts:
        values = Text()
        for n, v in enumerate(claim.values):
            style = {"conflict": "bold red", "update": "cyan"}.get(v.change, "")
            values.append(f"{v.value}", style=style)
            if v.change == "beside":
                values.append(f"  named with {', '.join(e.value for e in claim.values[:n])}", style="italic")
            if v.claimed_by:
                values.append(f"  claimed by {', '.join(v.claimed_by)}", style="italic")
            values.append(f"  {', '.join(s or 'unknown source' for s in v.sources)}; {time_text(v.first_seen)}\n", style="dim")
        claims.add_row(_status(claim), claim.claim, values)
    if not facts.facts:   # an empty table says nothing of why
        claims = Text(f"story {facts.story}: no number, date or place that two of its articles state, or that "
                      "one states two ways")
    respelled = [entity for entity in facts.names if entity.variants]
    if not respelled:
        return Group(claims, Text("names: every name is spelled one way across the story"))
    names = Table(title="names spelled more than one way", expand=True)
    for name in ("entity", "kind", "spellings (outlets)"):
        names.add_column(name, overflow="fold")
    for entity in respelled:
        names.add_row(entity.entity, entity.kind, "\n".join(f"{s.text}  ({', '.join(s.sources)})" for s in entity.spellings))
    return Group(claims, names)


def _status(claim) -> Text:
    """The claim's status; `several` says what it means, since it is neither agreement nor conflict."""
    label = "several places" if claim.status == "several" else claim.status
    return Text(label, style=STATUS_STYLE[claim.status])


def search_view(found: QuoteSearch) -> Table | Text:
    if not found.hits:
        return Text(f"no stored quotation close to: {found.query}")
    table = Table(title=f"{len(found.hits)} quotations close to the query ({found.candidates} index candidates)", expand=True)
    table.add_column("score", no_wrap=True, width=5)
    table.add_column("kind", overflow="fold", min_width=9)
    table.add_column("wording", overflow="fold", ratio=3)
    table.add_column("source, published", overflow="fold", min_width=12, max_width=24)
    table.add_column("article\nstory", no_wrap=True, width=10)             # ids as the other commands take them
    for hit in found.hits:
        published = _cell(hit.published)
        table.add_row(f"{hit.score:.0f}", Text(hit.kind, style=KIND_STYLE.get(hit.kind, "")), marked(hit.text, hit.changes),
                      f"{hit.source or '-'}\n{published}", f"{(hit.article or '-')[:10]}\n{(hit.story or '-')[:10]}")
    return table
