"""The provenance graph of a story, laid out for an inline SVG on a time axis.

Nodes are articles (a copy cluster collapses into its earliest member, with a
count). A node's left edge stands at its publication time (UTC) on the axis,
and each node has a row of its own, in publication order, so the earliest
report sits top left and none hides another. An edge leaves the left side of
the report a later one derives from, runs down left of every report published
between them, and turns right into the later one: no line passes behind a
node. No text sits on a line either: the share of text a report re-used is
written in its node. A node is as wide as its labels, so none is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from unicodedata import east_asian_width

from ..article import Article, utc_moment
from ..render import outlet_text, published_text
from ..stories import Story

NODE_H, ROW_GAP = 42, 10
PAD, AXIS_H, BRACKET = 24, 44, 12
AXIS_W = 820                      # the span from the first report to the last
UNDATED_GAP = 60                  # undated reports stand this far right of the axis's end
MIN_NODE_W, MAX_SOURCE = 140, 60  # a longer outlet name is cut, and given whole in the node's tooltip
BOLD_EM, PLAIN_EM = 0.64, 0.56    # generous widths of a lower-case character, in ems, at the labels' weights
SOURCE_PX, META_PX = 13, 12
STEPS = [timedelta(hours=h) for h in (1, 2, 3, 6, 12)] + [timedelta(days=d) for d in (1, 2, 7, 14, 30, 91, 365)]
MAX_TICKS = 9


@dataclass(frozen=True)
class Node:
    id: str                      # the representative article
    members: tuple[str, ...]     # the representative and its copies
    relation: str                # original | identical | copy | rewrite | independent | follow-up
    source: str
    label: str                   # the source as shown: cut only past MAX_SOURCE characters
    published: str
    when: str                    # day and UTC time, as the node shows them
    share: float | None          # word 3-gram overlap with the article it derives from
    title: str
    x: int
    y: int
    width: int

    @property
    def copies(self) -> int:
        return len(self.members) - 1

    @property
    def meta(self) -> str:
        shared = f" · {self.share * 100:.0f}% shared" if self.share is not None else ""
        return f"{self.when} · {self.relation}{shared}"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    share: float                 # word 3-gram overlap with the article it derives from
    words: float                 # content-word overlap
    path: str                    # SVG path data


@dataclass(frozen=True)
class Tick:
    x: int
    day: str                     # the date, where it changes from the tick before
    time: str                    # the hour, when ticks are closer than a day


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    ticks: tuple[Tick, ...]
    undated_x: int | None        # where undated reports stand, when the story has any
    width: int
    height: int

    @property
    def axis_y(self) -> int:
        return AXIS_H - 8


def provenance_graph(story: Story) -> Graph:
    order = [a.id for a in story.articles]
    by_id = {a.id: a for a in story.articles}
    links = {link.article: link for link in story.provenance}
    node_of = {a: a for a in order}
    for cluster in story.copy_clusters:
        first = min(cluster, key=order.index)
        node_of.update({member: first for member in cluster})
    reps = list(dict.fromkeys(node_of[a] for a in order))

    shares: dict[tuple[str, str], tuple[float, float, str]] = {}
    for a in order:
        link = links.get(a)
        if link is None or link.derived_from is None or node_of[link.derived_from] == node_of[a]:
            continue
        key = (node_of[link.derived_from], node_of[a])
        best = shares.get(key)
        if best is None or link.text_overlap > best[0]:
            shares[key] = (link.text_overlap, link.word_overlap, link.relation)

    moments = [utc_moment(by_id[r].published) for r in reps if by_id[r].published]
    start = min(moments, default=None)
    span = (max(moments) - start).total_seconds() if moments else 0
    undated_x = PAD + AXIS_W + UNDATED_GAP if len(moments) < len(reps) else None

    def x_of(article: Article) -> int:
        if article.published is None:
            return undated_x
        return PAD + round(AXIS_W * (utc_moment(article.published) - start).total_seconds() / span) if span else PAD

    nodes = []
    for row, rep in enumerate(reps):
        article = by_id[rep]
        link = links.get(rep)
        source = outlet(article)
        node = Node(rep, tuple(a for a in order if node_of[a] == rep), link.relation if link else "independent",
                    source, source if len(source) <= MAX_SOURCE else source[:MAX_SOURCE - 1] + "…",
                    published_text(article), _when(article), link.text_overlap if link and link.derived_from else None,
                    story.title_of(article), x_of(article), AXIS_H + row * (NODE_H + ROW_GAP), 0)
        nodes.append(replace(node, width=_width(node)))
    row_of = {n.id: row for row, n in enumerate(nodes)}
    edges = []
    for (u, v), (share, words, relation) in shares.items():
        top, bottom = sorted((row_of[u], row_of[v]))
        trunk = min(n.x for n in nodes[top:bottom + 1]) - BRACKET
        edges.append(Edge(u, v, relation, share, words, _path(nodes[row_of[u]], nodes[row_of[v]], trunk)))
    width = max((n.x + n.width for n in nodes), default=PAD) + PAD
    height = AXIS_H + len(nodes) * (NODE_H + ROW_GAP) - ROW_GAP + PAD
    return Graph(tuple(nodes), tuple(edges), _ticks(start, span) if moments else (), undated_x, width, height)


def _when(article: Article) -> str:
    """'8 Dec 13:30' in UTC; a bare date as '8 Dec (no time)', or '(inferred)' when it was worked out from a
    dateline. A bare date stands at the end of its day, as the story orders it."""
    value = article.published
    if value is None:
        return "undated"
    if isinstance(value, datetime):
        when = f"{utc_moment(value):%-d %b %H:%M}"
        return f"{when} (inferred)" if article.published_inferred else when
    return f"{value:%-d %b} ({'inferred' if article.published_inferred else 'no time'})"


def _width(node: Node) -> int:
    """Wide enough for the node's two lines at their font sizes, with room for the copies count."""
    copies = f"  +{node.copies} copies" if node.copies else ""
    first = _text_px(node.label + copies, BOLD_EM * SOURCE_PX)
    return max(MIN_NODE_W, round(max(first, _text_px(node.meta, PLAIN_EM * META_PX))) + 20)


def _text_px(text: str, char: float) -> float:
    """An upper bound on a label's drawn width: capitals are wider, and East Asian characters take a full em."""
    return sum(char * (1.8 if east_asian_width(c) in "WF" else 1.25 if c.isupper() else 1) for c in text)


def _path(u: Node, v: Node, trunk: int) -> str:
    """From the left side of `u` out to the trunk (left of every node in the rows between), along it to `v`'s row,
    and right into `v`."""
    y1, y2 = u.y + NODE_H // 2, v.y + NODE_H // 2
    turn = 6 if y2 > y1 else -6
    return (f"M{u.x},{y1} H{trunk + 6} Q{trunk},{y1} {trunk},{y1 + turn} "
            f"V{y2 - turn} Q{trunk},{y2} {trunk + 6},{y2} H{v.x}")


def _ticks(start: datetime, span: float) -> tuple[Tick, ...]:
    """Ticks at round UTC hours or days, at most MAX_TICKS over the span, each placed as the nodes are."""
    if not span:
        return (Tick(PAD, f"{start:%-d %b %Y}", f"{start:%H:%M}"),)
    step = next((s for s in STEPS if span / s.total_seconds() < MAX_TICKS), STEPS[-1])
    if step < timedelta(days=1):
        first = start.replace(minute=0, second=0, microsecond=0)
        first -= timedelta(hours=first.hour % (step.seconds // 3600))
    else:
        first = start.replace(hour=0, minute=0, second=0, microsecond=0)
    ticks, moment, last_day = [], first, None
    while moment <= start + timedelta(seconds=span):
        if moment >= start:
            x = PAD + round(AXIS_W * (moment - start).total_seconds() / span)
            day = f"{moment:%-d %b %Y}" if last_day is None else f"{moment:%-d %b}"
            ticks.append(Tick(x, day if moment.date() != last_day else "",
                              f"{moment:%H:%M}" if step < timedelta(days=1) else ""))
            last_day = moment.date()
        moment += step
    return tuple(ticks)


def outlet(article: Article) -> str:
    """Who published it, as the command line's tables say: its source, else "(GPA)" for the agency its text
    credits, else "unknown source"."""
    shown = outlet_text(article)
    return "unknown source" if shown == "-" else shown
