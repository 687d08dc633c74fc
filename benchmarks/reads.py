"""How fast a store answers its readers: the story list under each filter, and one story, at the store's size.

Runs on a store that `benchmarks/add.py` built (or any wiretrace store). The
filter values come from the store itself: a word of the largest story's
headline, its most named person, the outlet with most articles, the day half
the articles precede. Each figure is the median of `--repeat` runs, the store
warm in the page cache (the first run is left out).

The peer is the reading a library user writes without the store's queries,
and what `summaries` did before it filtered in SQL: every article read
(`Store.articles()`; for a name, its annotations too), the filter applied in
Python, the matching stories' members read to list them. For one story the
floor is reading its articles and annotations alone, which any view of it pays;
`related` (the other stories naming its people, which `wiretrace story` and the
web page end with) is timed beside it.

    python benchmarks/reads.py --store /tmp/bench/add-10000-by-5000/store.db
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from rich.console import Console
from rich.table import Table

from wiretrace import Store
from wiretrace.stories import story, summaries
from wiretrace.stories.related import related
from wiretrace.web.queries import story_lineage


def timed(work, repeat: int) -> tuple[float, object]:
    result = work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def scan(store: Store, **wanted) -> list[str]:
    """The peer: the stories listed by reading every article and filtering in Python."""
    needle = lambda value: value.casefold()  # noqa: E731
    hit = set()
    for article in store.articles():
        day = article.published_day
        if wanted.get("search") and needle(wanted["search"]) not in needle(f"{article.title or ''}\n{article.text}"):
            continue
        if wanted.get("source") and needle(article.source or "") != needle(wanted["source"]):
            continue
        if wanted.get("since") and (day is None or day < wanted["since"]):
            continue
        if wanted.get("entity") and not any(needle(wanted["entity"]) in needle(e.text)
                                           for e in store.annotations(article.id).entities):
            continue
        hit.add(store.story_of(article.id))
    hit.discard(None)
    for story_id in hit:
        [store.article(a) for a, _ in store.story_members(story_id)]
    return sorted(hit)


def filters(store: Store) -> dict[str, dict]:
    largest = store.db.execute("SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC "
                               "LIMIT 1").fetchone()[0]
    record = story(store, largest)
    word = max((w for w in record.headline.split() if w.isalpha()), key=len)
    source = store.db.execute("SELECT source FROM articles GROUP BY source ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    days = sorted(a.published_day for a in store.articles() if a.published_day)
    return {"none": {}, "search": {"search": word.lower()}, "entity": {"entity": record.who[0] if record.who else word},
            "source": {"source": source.upper()}, "since": {"since": days[len(days) // 2]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="a wiretrace store (SQLite file)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stories", type=int, default=3, help="how many of the largest stories to show")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    console = Console()
    with Store(args.store) as store:
        articles, stories = store.count(), len(store.story_ids())
        lists = []
        for name, wanted in filters(store).items():
            ours, found = timed(lambda: summaries(store, limit=10**9, **wanted), args.repeat)
            peer, scanned = timed(lambda: scan(store, **wanted), 1)
            assert sorted(s.id for s in found) == scanned, f"the peer and summaries disagree on {name}"
            lists.append({"filter": name, "value": str(wanted.get(name, "")), "stories": len(found),
                          "seconds": ours, "peer_seconds": peer})
        largest = [r[0] for r in store.db.execute("SELECT story_id FROM story_articles GROUP BY story_id "
                                                  "ORDER BY count(*) DESC LIMIT ?", (args.stories,))]
        views = []
        for story_id in largest:
            members = [a for a, _ in store.story_members(story_id)]
            floor, _ = timed(lambda: [(store.article(a), store.annotations(a)) for a in members], args.repeat)
            shown, record = timed(lambda: story(store, story_id), args.repeat)
            lineage, _ = timed(lambda: story_lineage(store, record), args.repeat)
            naming, found = timed(lambda: related(store, record), args.repeat)
            views.append({"story": story_id, "articles": len(members), "copy_clusters": len(record.copy_clusters),
                          "story_seconds": shown, "lineage_seconds": lineage, "related_seconds": naming,
                          "related": len(found), "floor_seconds": floor})

    table = Table(title=f"story list: {articles:,} articles, {stories:,} stories (median of {args.repeat})")
    for column in ("filter", "value", "stories", "seconds", "peer: scan in Python", "peer / wiretrace"):
        table.add_column(column, justify="left" if column in ("filter", "value") else "right")
    for row in lists:
        table.add_row(row["filter"], row["value"], f"{row['stories']:,}", f"{row['seconds']:.3f}",
                      f"{row['peer_seconds']:.2f}", f"{row['peer_seconds'] / row['seconds']:.0f}x")
    console.print(table)
    table = Table(title="one story (`wiretrace story ID`; lineage: its quotes, facts and names for --json and the web)")
    for column in ("story", "articles", "copy clusters", "story s", "lineage s", "related s (stories)",
                   "floor: read its articles s", "story / floor"):
        table.add_column(column, justify="left" if column == "story" else "right")
    for row in views:
        table.add_row(row["story"], f"{row['articles']:,}", f"{row['copy_clusters']:,}", f"{row['story_seconds']:.2f}",
                      f"{row['lineage_seconds']:.2f}", f"{row['related_seconds']:.2f} ({row['related']})",
                      f"{row['floor_seconds']:.2f}", f"{row['story_seconds'] / row['floor_seconds']:.1f}x")
    console.print(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"articles": articles, "stories": stories, "lists": lists, "stories_shown": views}, out, indent=1,
                      default=str)


if __name__ == "__main__":
    main()
