"""Terminal views of articles for people (rich); the CLI prints what these build."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .annotations import Annotations
from .article import Article, span_words, utc_moment
from .readers.dateline import credit, dateline_end

ENTITY_STYLES = {"person": "bold cyan", "org": "bold magenta", "place": "bold yellow", "group": "blue"}
QUOTE_STYLE = "green"
TIME_STYLE = "bold red"


SHORT_ID = 10   # characters of an id shown in tables: every command takes a prefix, and 10 keep it unambiguous


def short_id(full: str) -> str:
    """An article id (16 hex digits) or a story id ('s' and 16) cut to what a person copies into the next command."""
    return full[:SHORT_ID]


def published_text(article: Article) -> str:
    """'2024-02-08 16:45 UTC' for a time read with its zone (readers keep those in UTC), '2024-02-08 16:45' for one
    read without, '2024-02-08' for a day."""
    if article.published is None:
        return "unknown"
    text = time_text(article.published, seconds=True)
    return f"{text} (inferred)" if article.published_inferred else text


def published_short(article: Article, zone: bool = False) -> str:
    """Day and minute, for table cells that must not wrap: '2024-02-08 16:45' (in UTC where the input gave a zone,
    which `ZONES` says under the table, or `zone` after the time: '16:45 UTC'), '2024-02-08?' when inferred."""
    if article.published is None:
        return "-"
    text = time_text(article.published)
    return (text if zone else text.removesuffix(" UTC")) + ("?" if article.published_inferred else "")


def time_text(value: str | date | datetime | None, missing: str = "-", seconds: bool = False) -> str:
    """A time as every view shows it, from a date, a datetime or the ISO text lineage and the web's rows keep:
    '2024-03-16 09:30 UTC' where it came with a zone, '2024-03-16 09:30' without one, '2024-03-16' for a day
    (with `seconds`, a time's seconds where it has any)."""
    if value is None or value == "":
        return missing
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return value.isoformat()
    zoned = value.tzinfo is not None
    when = value.astimezone(timezone.utc) if zoned else value
    return when.strftime("%Y-%m-%d %H:%M" + (":%S" if seconds and when.second else "")) + (" UTC" if zoned else "")


ZONES = "times in UTC where the input gave a time zone"


INFERRED = "?: a date read from the dateline (`wiretrace article ID` says how)"


def _zones(articles) -> str | None:
    """The caption a table of publication times needs: which zone its times are in, when any came with one, and
    what the '?' after a date inferred from its dateline means."""
    articles = list(articles)
    zoned = any(isinstance(a.published, datetime) and a.published.tzinfo is not None for a in articles)
    inferred = any(a.published_inferred and a.published is not None for a in articles)
    return "; ".join(part for part, shown in ((ZONES, zoned), (INFERRED, inferred)) if shown) or None


def _span(summary) -> str:
    """From the first report to the last, as said: from the times themselves, not the day count rounded to a tenth
    (0.8 days read '19 hours' for 18 hours 10 minutes)."""
    if summary.articles < 2 or summary.first_seen is None or summary.last_seen is None:
        return "-"   # one report spans nothing
    first, last = summary.first_seen, summary.last_seen
    if isinstance(first, datetime) and isinstance(last, datetime):
        return span_words((utc_moment(last) - utc_moment(first)).total_seconds())
    return _day_span(utc_moment(first).date(), utc_moment(last).date())


def _day_span(first: date, last: date) -> str:
    """A span with a report that gives only its day is known to the day: reports of one day (or one dated report
    beside undated ones) read 'same day', not '0 minutes' between two ends of a day no one timed."""
    days = (last - first).days
    return "same day" if days == 0 else span_words(days * 86400)


def _id_column(table: Table, name: str = "id") -> None:
    table.add_column(name, style="dim", no_wrap=True, min_width=SHORT_ID)


def articles_table(articles: list[Article]) -> Table:
    table = Table(title=f"{len(articles)} article{'s' if len(articles) != 1 else ''}", caption=_zones(articles),
                  show_lines=False, box=box.SIMPLE_HEAD, expand=True)
    _id_column(table)
    table.add_column("published", no_wrap=True, min_width=16)
    table.add_column("source", style="bold", no_wrap=True, max_width=22, overflow="ellipsis")
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column("lang", no_wrap=True)
    for a in articles:
        table.add_row(short_id(a.id), published_short(a), outlet_text(a), a.title or _opening(a), a.language or "-")
    return table


def _opening(article: Article) -> str:
    """An untitled article's first line as its title, without the dateline that says where it was filed."""
    first = article.normalized.split("\n")[0]
    first = first[dateline_end(first):].lstrip(" :-\u2013\u2014") or first
    return first[:70] + "..." if len(first) > 70 else first


def marked_text(article: Article, ann: Annotations) -> Text:
    """The article text with sentence numbers, quotes, entities and resolved dates marked."""
    inserts: list[tuple[int, str, str, bool]] = []
    for s in ann.sentences:
        inserts.append((s.start, f"[{s.index}]", "dim", True))
    for t in ann.times:
        inserts.append((t.end, f"\u2192{t.resolved or '?'}", "reverse red", False))
    inserts.sort(key=lambda x: (x[0], not x[3]))

    out = Text()
    cursor = 0
    for pos, label, style, _ in inserts:
        out.append(article.text[cursor:pos])
        out.append(label, style=style)
        cursor = pos
    out.append(article.text[cursor:])

    def shift(pos: int, is_start: bool) -> int:
        return pos + sum(len(label) for p, label, _, _ in inserts if (p <= pos if is_start else p < pos))

    def mark(start: int, end: int, style: str) -> None:
        out.stylize(style, shift(start, True), shift(end, False))

    for sentence in ann.sentences:
        if sentence.boilerplate:
            mark(sentence.start, sentence.end, "dim strike" if sentence.boilerplate == "headline" else "dim")
    for q in ann.quotes:
        mark(q.start, q.end, QUOTE_STYLE)
    for e in ann.entities:
        mark(e.start, e.end, ENTITY_STYLES.get(e.label, "bold"))
    for t in ann.times:
        mark(t.start, t.end, TIME_STYLE)
    return out


def outlet_text(article: Article) -> str:
    """An article's outlet as tables show it: its source, else in brackets the outlet its text credits ("(Wire)"
    for a bare file opening "LISBON, May 6 (Wire) -"), else "-"."""
    if article.source:
        return article.source
    credited = credit(article.text)
    return f"({credited})" if credited else "-"


def article_view(article: Article, ann: Annotations) -> Group:
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    credited = credit(article.text)
    for name, value in (("id", article.id), ("title", article.title), ("source", article.source),
                        ("credit", f"{credited} (credited in the text)" if credited and credited != article.source else None),
                        ("url", article.url), ("published", published_text(article)),
                        ("how dated", article.published_note), ("dateline", article.dateline),
                        ("language", article.language), ("from", article.where)):
        if value:
            head.add_row(name, value)
    legend = Text.assemble(("quote", QUOTE_STYLE), "  ", *[part for label, style in ENTITY_STYLES.items()
                                                          for part in ((label, style), "  ")],
                           ("date\u2192resolved", TIME_STYLE), "  ", ("boilerplate", "dim"), "  ",
                           ("pasted headline", "dim strike"))
    parts = [Panel(head, title="article", expand=False), legend, Panel(marked_text(article, ann), expand=True)]

    quotes = Table(title=f"{len(ann.quotes)} quotations", expand=True)
    quotes.add_column("#", style="dim")
    quotes.add_column("speaker", style="bold")
    quotes.add_column("quotation", style=QUOTE_STYLE)
    quotes.add_column("kind", style="dim")
    for q in ann.quotes:
        quotes.add_row(str(q.index), q.speaker or "(not stated)", q.text, "partial" if q.partial else "full")
    parts.append(quotes)

    entities = Table(title="entities", expand=True)
    entities.add_column("entity")
    entities.add_column("kind")
    entities.add_column("mentions", justify="right")
    for (text, label), n in Counter((e.text, e.label) for e in ann.entities).most_common():
        entities.add_row(Text(text, style=ENTITY_STYLES.get(label, "")), label, str(n))
    parts.append(entities)

    times = Table(title="dates", expand=True)
    times.add_column("expression", style=TIME_STYLE)
    times.add_column("resolved")
    times.add_column("sentence", justify="right", style="dim")
    for t in ann.times:
        times.add_row(t.text, t.resolved or "(no date)", str(t.sentence))
    parts.append(times)
    return Group(*parts)


LABEL_STYLES = {"copied": "green", "paraphrased": "yellow", "translated": "magenta", "new": "cyan", "boilerplate": "dim"}


def _marked(text_pairs, style: str | None) -> Text:
    out = Text()
    for n, (token, changed) in enumerate(text_pairs):
        out.append((" " if n else "") + token, style=style if changed else None)
    return out


def comparison_view(comparison) -> Group:
    """Two articles side by side, one row per aligned group, changed words marked.

    Article text goes in as Text, never as markup: a title holding "[bold]" is shown as written.
    """
    from .compare.report import comparison_rows

    c = comparison
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    for side, article in (("a", c.a), ("b", c.b)):
        role = " (source)" if c.source == side else " (derived)" if c.derived == side else ""
        where = f" | {article.where}" if article.origin else ""
        head.add_row(side + role, Text(f"{outlet_text(article)} | {published_text(article)} | "
                                       f"{article.title or article.id}{where}"))
    head.add_row("relation", Text(c.relation, style="bold") +
                 (f", {c.derived} derives from {c.source}" if c.derived else ""))
    head.add_row("summary", Text(c.summary()))
    for line in c.evidence:
        head.add_row("evidence", Text(line))
    legend = Text.assemble(*[part for label, style in LABEL_STYLES.items() for part in ((label, style), "  ")],
                           ("changed words", "reverse"), " (in a reworded sentence: numbers, dates, names, "
                           "negations and quoted words only)")
    table = Table(expand=True, show_lines=True)
    table.add_column("a", ratio=1)
    table.add_column("label", width=12)
    table.add_column("b", ratio=1)
    for row in comparison_rows(c):
        label = f"{row.label}\n{row.score:.2f}" if row.score else row.label
        label += "\nreworded" if row.reworded else ""
        table.add_row(_marked(row.a.words, "reverse red"), Text(label, style=LABEL_STYLES.get(row.label, "")),
                      _marked(row.b.words, "reverse green"))
    parts = [Panel(head, title="compare", expand=False), legend, table]
    quotes = Table(title="quotations", expand=True)
    for name in ("status", "speaker", "a", "b", "changes"):
        quotes.add_column(name)
    for q in c.quotes:
        changes = "; ".join([*(f"{ch['what'] + ': ' if ch.get('what') else ''}{ch['from'] or '+'} -> {ch['to'] or '-'}"
                               for ch in q.changes), *map(_edge, q.edges)])
        quotes.add_row(_quote_status(q), Text(q.speaker or "-"), Text(q.a or ""), Text(q.b or ""), Text(changes))
    parts.append(quotes)
    if c.facts or c.entities:
        facts = Table(title="facts and names", expand=True)
        for name in ("kind", "a", "b"):
            facts.add_column(name)
        for f in c.facts:
            facts.add_row(Text(f["kind"], style="bold red"), Text(f["a"]), Text(f["b"]))
        for e in c.entities:
            facts.add_row(Text("same entity", style="dim"), Text(e["a"]), Text(e["b"]))
        parts.append(facts)
    return Group(*parts)


def _edge(edge: dict) -> str:
    """Words a quotation lost or gained at one end, and whether they now stand outside its marks."""
    cut, added, where = edge["from"], edge["to"], edge["where"]
    said = (f"cut at the {where}: {cut}" if cut and not added else f"added at the {where}: {added}" if added and not cut
            else f"at the {where}: {cut} -> {added}")
    return said + (", now outside the quotation marks" if edge["moved"] else "")


def _quote_status(q) -> Text:
    """What became of a quotation: its kind where no quoted word changed (a trimmed quotation is not `identical`),
    `altered` where one did, or the side it is only on."""
    if q.status == "identical":
        return Text(q.kind, style="green" if q.kind in ("identical", "punctuation") else "yellow")
    label = {"only_a": "only in a", "only_b": "only in b"}.get(q.status, q.status)
    return Text(label, style="bold red" if q.status == "altered" else "dim")


NARROW_STORIES = 100   # columns below which the stories table keeps the headline room and drops outlets and span


def stories_table(found, width: int | None = None) -> Table:
    """Stories, one a line; in a terminal (or pipe) under `NARROW_STORIES` columns the outlets and span columns
    give way to the headline, which had some 18 characters at 80, and the caption says where they are."""
    narrow = width is not None and width < NARROW_STORIES
    table = Table(title=f"{len(found)} {'story' if len(found) == 1 else 'stories'}, latest activity first",
                  box=box.SIMPLE_HEAD, expand=True,
                  caption="outlets and span: `wiretrace stories --json`, or a wider terminal" if narrow and found else None)
    _id_column(table)
    table.add_column("headline", style="bold", no_wrap=True, overflow="ellipsis", ratio=1)
    names = ("articles", "first seen") if narrow else ("articles", "outlets", "first seen", "span")
    for name in names:
        table.add_column(name, no_wrap=True, min_width=len(name), justify="left" if name == "first seen" else "right")
    for s in found:
        cells = {"articles": str(s.articles), "outlets": str(s.sources), "span": _span(s),
                 "first seen": s.first_seen.isoformat()[:10] if s.first_seen else "-"}
        table.add_row(short_id(s.id), s.headline, *(cells[name] for name in names))
    return table


def story_view(story, evidence: bool = False, every: bool = False, width: int | None = None,
               related: list | None = None) -> Group:
    """The event record and the timeline (a large story's copies folded, see `stories.timeline`, unless `every` or
    `evidence` asks for every article), then the other stories naming its people, places and organisations
    (`related`, `stories.related`); `width`: the terminal's, which decides whether titles fit beside the ids."""
    from .stories import timeline

    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    for name, value in (("story", story.id), ("what", story.headline), ("who", ", ".join(story.who)),
                        ("where", ", ".join(story.where)), ("when", story.when or "-"),
                        ("sources", f"{len(story.sources)}: " + ", ".join(story.sources) if story.sources
                         else "no outlet named")):
        head.add_row(name, value)
    links = {link.article: link for link in story.provenance}
    cluster_of = {a: n for n, c in enumerate(story.copy_clusters) for a in c if len(c) > 1}
    shown = timeline(story, every or evidence)
    fold = len(shown) < len(story.articles)
    caption = ("#n: the copy cluster, xN its size; "
               f"{len(story.articles) - len(shown)} later copies folded into the first of their cluster, "
               "--all lists every article") if fold else ("#n: the copy cluster of an article that has copies"
                                                          if cluster_of else None)
    caption = "; ".join(c for c in (caption, _zones(shown)) if c) or None
    table = Table(title="timeline and provenance", caption=caption, expand=True, box=box.SIMPLE_HEAD)
    _id_column(table)
    table.add_column("published", no_wrap=True, min_width=16)
    table.add_column("source", no_wrap=True, max_width=16, overflow="ellipsis")
    table.add_column("relation", no_wrap=True, min_width=12)
    _id_column(table, "from")
    titled = width is None or width >= 100   # below that, the ids and dates keep the room
    if titled:
        table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1)
    why = Table(title="evidence", expand=True, box=box.SIMPLE_HEAD, show_lines=True)
    _id_column(why)
    why.add_column("relation", no_wrap=True)
    why.add_column("why", overflow="fold", ratio=1)
    for a in shown:
        link = links[a.id]
        relation = link.relation
        if a.id in cluster_of:
            size = len(story.copy_clusters[cluster_of[a.id]])
            relation += f" #{cluster_of[a.id] + 1}" + (f" x{size}" if fold else "")
        style = {"original": "bold green", "identical": "yellow", "copy": "yellow", "rewrite": "magenta",
                 "independent": "cyan", "follow-up": "blue"}[link.relation]
        table.add_row(short_id(a.id), published_short(a), outlet_text(a), Text(relation, style=style),
                      short_id(link.derived_from) if link.derived_from else "-",
                      *([story.title_of(a)] if titled else []))
        if evidence and link.evidence:
            why.add_row(short_id(a.id), Text(link.relation, style=style), "\n".join(link.evidence))
    return Group(Panel(head, title="event", expand=False), table, *([why] if why.row_count else []),
                 *([_related_table(story, related)] if related else []))


def _related_table(story, related: list) -> Table:
    """Other stories naming this one's specific names: a follow-up weeks later the pair model kept apart, the
    story this one follows up, another event of the same people."""
    table = Table(title="other stories naming its people, places, organisations", expand=True, box=box.SIMPLE_HEAD,
                  caption="one story? `wiretrace story merge` joins them, and the merge lasts")
    table.add_column("story", no_wrap=True)
    table.add_column("headline; first report; names both give", ratio=1)
    for r in related:
        days = r.days_from(story.last_seen)
        gap = "" if days is None else f" ({span_words(abs(days) * 86400)} {'after' if days >= 0 else 'before'})"
        plural = "s" if r.story.articles != 1 else ""
        table.add_row(short_id(r.story.id), Text.assemble(
            r.story.headline, "\n", (f"{time_text(r.story.first_seen)}{gap}, {r.story.articles} article{plural}; "
                                     + ", ".join(r.names), "dim")))
    return table


def recluster_view(result, shown: int = 20) -> Group:
    """What re-clustering changed: counts, stories split and merged, articles moved (the first `shown` of each)."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    for name, value in (("stories", f"{result.old_stories} -> {result.new_stories} ({result.unchanged} unchanged)"),
                        ("split", str(len(result.split))), ("merged", str(len(result.merged))),
                        ("articles moved", str(len(result.moved))), ("ARI old/new", f"{result.ari:.3f}"),
                        ("join threshold", _threshold_change(result.old_threshold, result.threshold, result.chosen,
                                                            result.asked)),
                        ("written", "yes" if result.applied else "no (dry run)")):
        head.add_row(name, value)
    parts = [Panel(head, title="recluster", expand=False)]
    for title, rows in (("split", [(s, ", ".join(n)) for s, n in result.split]),
                        ("merged", [(s, ", ".join(o)) for s, o in result.merged]),
                        ("moved", [(m.article, f"{m.old or '-'} -> {m.new}") for m in result.moved])):
        if rows:
            table = Table(title=f"{title} ({len(rows)})", show_header=False)
            table.add_column(style="dim")
            table.add_column(overflow="fold")
            for row in rows[:shown]:
                table.add_row(*row)
            parts.append(table)
    return Group(*parts)


UNCHOSEN = "its articles made one story, or none of two, at every threshold searched"


def threshold_note(threshold: float | None, chosen_on: int | None, articles: int) -> str:
    """Which join threshold `add` placed at, and when the store chose it."""
    from .stories.online import CHOOSE_AT

    if chosen_on is None and articles > CHOOSE_AT:
        return ("[dim]stories joined at the model's threshold: this store has not chosen one of its own; "
                "`wiretrace recluster` chooses it[/]")
    if chosen_on is None:
        return "[dim]stories joined at the model's threshold, until the store holds enough articles to choose one[/]"
    if threshold is None:
        return (f"[dim]stories joined at the model's threshold: at {chosen_on} articles the store could not choose one "
                f"({UNCHOSEN}); `wiretrace recluster` tries again[/]")
    return (f"[dim]stories joined at {threshold:.2f}, the threshold this store chose at {chosen_on} articles (now "
            f"{articles}); `wiretrace recluster` chooses again[/]")


def _threshold_change(old: float | None, new: float, chosen: bool, asked: bool) -> str:
    before = "the model's" if old is None else f"{old:.2f}"
    if not chosen:
        return f"{new:.2f}, kept ({before}: " + (f"{UNCHOSEN})" if asked else "--keep-threshold)")
    return f"{before} -> {new:.2f} (chosen by this store's articles)"


def demo_view(summaries: list, record, lineage, facts, command: str, db: str = "") -> Group:
    """What the demo found, on one screen: the stories, then one story's provenance, an altered quotation and a
    fact its sources disagree on, then the commands to look further (`command`: how to run wiretrace here, `db`:
    the --db option they need)."""
    from collections import Counter

    relations = Counter(link.relation for link in record.provenance)
    plural = {"copy": "copies", "follow-up": "follow-ups", "identical": "identical"}
    reads = ", ".join(f"{n} {plural.get(kind, kind + 's') if n != 1 else kind}" for kind, n in relations.most_common())
    lines = [Text.assemble(("story ", "dim"), (short_id(record.id), "bold"), ("  " + record.headline, "bold")),
             Text(f"  {len(record.articles)} reports, {len(record.sources)} outlets: {reads}")]
    altered = next(((g, v) for g in lineage.groups for v in g.variants if v.kind == "altered"), None)
    if altered:
        group, variant = altered
        changes = ", ".join(f"{c['from']} -> {c['to']}" for c in variant.changes)
        lines += [Text.assemble(("  altered quotation", "bold magenta"),
                                f" ({group.speaker or 'speaker not stated'}): ", (changes, "bold"),
                                f", first in {variant.sources[0] or variant.introduced_by}"),
                  Text(f"    \u201c{_clip(group.original['text'], 72)}\u201d", style=QUOTE_STYLE)]
    conflict = next((c for c in facts.facts if c.status == "disagree"), None)
    if conflict:
        lines.append(Text.assemble(("  sources disagree", "bold red"), f" on {conflict.kind} '{conflict.claim}':"))
        lines += [Text(f"    {v.wordings[0]}: {_outlets(v.sources)}") for v in conflict.values[:3]]
    sid = short_id(record.id)
    nexts = [(f"{command} story {sid}{db}", "timeline and provenance"),
             (f"{command} quotes {sid}{db}", "quotations and who changed them"),
             (f"{command} facts {sid}{db}", "facts agreed or disputed"),
             (f"{command} serve{db}", "all of it in a browser")]
    width = max(len(c) for c, _ in nexts)
    lines += [Text(""), Text("Next:", style="bold")]
    lines += [Text.assemble(f"  {c:<{width}}  ", (why, "dim"), no_wrap=True, overflow="ignore") for c, why in nexts]
    return Group(stories_table(summaries), *lines)


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " ..."


def _outlets(sources) -> str:
    named = [s for s in dict.fromkeys(sources) if s]
    return ", ".join(named[:2]) + (f" +{len(named) - 2}" if len(named) > 2 else "") if named else "no outlet named"
