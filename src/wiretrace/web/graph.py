"""The provenance graph of a story, laid out for an inline SVG.

Nodes are articles (a copy cluster collapses into its earliest member, with a
count); edges run from the article a report derives from to the report, with
the share of text it re-used. Columns are generations (an original or an
independent report, then what derives from it, ...), rows within a column
follow publication order, so the earliest report sits top left.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..render import published_text
from ..stories import Story

NODE_W, NODE_H = 240, 46
COL_GAP, ROW_GAP, PAD = 80, 22, 16


@dataclass(frozen=True)
class Node:
    id: str                      # the representative article
    members: tuple[str, ...]     # the representative and its copies
    relation: str                # original | identical | copy | rewrite | independent | follow-up
    source: str
    published: str
    title: str
    x: int
    y: int

    @property
    def copies(self) -> int:
        return len(self.members) - 1


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    share: float                 # word 3-gram overlap with the article it derives from
    words: float                 # content-word overlap
    path: str                    # SVG path data
    label_x: int
    label_y: int


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: int
    height: int


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

    depth: dict[str, int] = {}
    for rep in reps:
        parents = [depth[u] for (u, v) in shares if v == rep and u in depth]
        depth[rep] = max(parents) + 1 if parents else 0
    rows: dict[int, int] = {}
    place: dict[str, tuple[int, int]] = {}
    for rep in reps:
        column = depth[rep]
        row = rows.get(column, 0)
        rows[column] = row + 1
        place[rep] = (PAD + column * (NODE_W + COL_GAP), PAD + row * (NODE_H + ROW_GAP))

    nodes = []
    for rep in reps:
        article = by_id[rep]
        members = tuple(a for a in order if node_of[a] == rep)
        relation = links[rep].relation if rep in links else "independent"
        nodes.append(Node(rep, members, relation, article.source or "unknown source", published_text(article),
                          story.title_of(article), *place[rep]))
    edges = [_edge(u, v, share, words, relation, place) for (u, v), (share, words, relation) in shares.items()]
    width = PAD * 2 + (max(depth.values(), default=0) + 1) * (NODE_W + COL_GAP) - COL_GAP
    height = PAD * 2 + max(rows.values(), default=1) * (NODE_H + ROW_GAP) - ROW_GAP
    return Graph(tuple(nodes), tuple(edges), width, height)


def _edge(u: str, v: str, share: float, words: float, relation: str, place: dict) -> Edge:
    """A curve from the right side of the source to the left side of the report (looping round when backwards)."""
    (ux, uy), (vx, vy) = place[u], place[v]
    x1, y1, y2 = ux + NODE_W, uy + NODE_H // 2, vy + NODE_H // 2
    x2 = vx
    bend = max(40, (x2 - x1) // 2) if x2 > x1 else NODE_W // 2 + COL_GAP
    path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
    label_x, label_y = (x2 - 34, y2 - 6) if x2 > x1 else ((x1 + x2) // 2, (y1 + y2) // 2 - 4)   # by the arrowhead
    return Edge(u, v, relation, share, words, path, label_x, label_y)
