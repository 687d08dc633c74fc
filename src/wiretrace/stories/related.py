"""The other stories that give a story's specific names: its follow-ups, and the story it follows, at any distance.

The pair model keeps a report weeks after its event apart when the two share
little text: no labelled corpus holds one event's reports weeks apart, so
every model fitted on them reads such a gap as two events (docs/tried.md).
A charge six weeks after a shooting, or a trial months after an arrest, can
then open a story of its own. Its names still tie it to the event (the
victim's, the accused's, the town's), as they tie it in the names index
that offers it as a candidate (`index.Names`): this lists the stories whose
reports give the story's names, weighed by how rare each is in the store
(`features.name_weight`: "police" or a state weighs nothing), with the names
and the time between. A pointer, not a join: where two are one story, a
person merges them (`wiretrace story merge`), and the merge lasts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from ..compare.names import key
from ..readers.dateline import credit
from ..store import Store
from . import Story, StorySummary, outlines, utc_moment
from .index import Names, specific_names
from .provenance import profiles_of

SHOWN = 5   # related stories listed with a story: the rarest shared names first


@dataclass(frozen=True)
class Related:
    story: StorySummary
    names: tuple[str, ...]   # the specific names both give, the rarest first
    weight: float            # their rarity in the store, summed

    def days_from(self, moment: datetime | None) -> float | None:
        """Days from `moment` (the story's own last report) to this story's first report, negative when before."""
        if moment is None or self.story.first_seen is None:
            return None
        return round((utc_moment(self.story.first_seen) - utc_moment(moment)).total_seconds() / 86400, 1)

    def to_json(self) -> dict:
        first = self.story.first_seen
        return {"story": self.story.id, "headline": self.story.headline, "articles": self.story.articles,
                "first_seen": first.isoformat() if first else None, "names": list(self.names),
                "weight": round(self.weight, 3)}


def related(store: Store, record: Story, limit: int = SHOWN) -> list[Related]:
    """The `limit` other stories sharing the most name rarity with the story `record` (each name counted once a
    story). The outlets that carried the story and the wires its texts credit ('(GPA)') are not its names: they say
    who told it, not what happened, and a small store has too few reports to find them common."""
    story_id, members = record.id, [a.id for a in record.articles]
    tellers = {key(t) for a in record.articles for t in (a.source, credit(a.text)) if t}
    names = set().union(*map(specific_names, profiles_of(store, members).values())) - tellers
    giving = Names(store.db).giving(names, store.profile_count())
    rowids = sorted({r for _, found in giving.values() for r in found})
    article_of = dict(store.db.execute(
        f"SELECT rowid, article_id FROM profiles WHERE rowid IN ({','.join('?' * len(rowids))})", rowids)) if rowids else {}
    story_of = store.stories_of(list(article_of.values()))
    shared: dict[str, dict[str, float]] = defaultdict(dict)
    for name, (weight, found) in giving.items():
        for rowid in found:
            other = story_of.get(article_of.get(rowid))
            if other and other != story_id:
                shared[other][name] = weight
    ranked = sorted(shared, key=lambda s: (-sum(shared[s].values()), s))[:limit]
    shown = _spellings(store, members)
    return [Related(summary, tuple(shown.get(n, n) for n in sorted(shared[summary.id],
                                                                   key=lambda n: (-shared[summary.id][n], n))),
                    sum(shared[summary.id].values()))
            for summary in outlines(store, ranked)]


def _spellings(store: Store, article_ids: list[str]) -> dict[str, str]:
    """Name key -> the spelling these articles give it most ('abdelkarim al tawili' -> 'Abdelkarim al-Tawili')."""
    counts: Counter = Counter()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        counts.update(text for (text,) in store.db.execute(
            f"SELECT text FROM entities WHERE article_id IN ({','.join('?' * len(chunk))})", chunk))
    out: dict[str, str] = {}
    for text, _ in counts.most_common():
        out.setdefault(key(text), text)
    return out
