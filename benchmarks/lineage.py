"""Lineage speed: quotes, facts and names for a 200-article story, and quote search over 100k stored quotations.

Both inputs come from benchmarks/generate.py (the demo corpus mutated the way
the press mutates it). The story is the 200 generated articles of its largest
event, annotated once; lineage is timed on them, beside the peer a user would
otherwise run: compare's quote pairing over every pair of articles. Search
runs over quotations extracted from generated articles and stored through the
store's own insert (so the trigram index is filled as `add` fills it), beside
a plain rapidfuzz scan over all quotation texts, with the share of the
wordings close enough to the query (found by a full scan with the search's own
scorer) that the index finds.

    python benchmarks/lineage.py [--articles 200] [--quotations 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, load_seeds  # noqa: E402

from wiretrace import Article, Store  # noqa: E402
from wiretrace.annotations import Annotations, Quote  # noqa: E402
from wiretrace.article import fold  # noqa: E402
from wiretrace.compare.quotes import pair_quotes  # noqa: E402
from wiretrace.fingerprints import profiles  # noqa: E402
from wiretrace.lineage import StoryText  # noqa: E402
from wiretrace.lineage.facts import _numbers, claims  # noqa: E402
from wiretrace.lineage.names import entity_names  # noqa: E402
from wiretrace.lineage.quotes import _same_speaker, group_quotes  # noqa: E402
from wiretrace.lineage.search import MIN_SCORE, PARTIAL_SHARE, PARTIAL_WEIGHT, search_quotes  # noqa: E402
from wiretrace.nlp import annotate_many  # noqa: E402
from wiretrace.nlp.quotes import find_quote_spans  # noqa: E402
from wiretrace.stories import Story, provenance  # noqa: E402


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    """Median seconds of `repeat` cold runs (the lineage caches emptied before each)."""
    times, result = [], None
    for _ in range(repeat):
        _numbers.cache_clear()
        _same_speaker.cache_clear()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def story_of(records, size: int) -> StoryText:
    """The largest event's first `size` articles, annotated, as a story with provenance."""
    event, _ = Counter(r.event for r in records).most_common(1)[0]
    chosen = [r for r in records if r.event == event][:size]
    articles = sorted((Article(text=r.text, title=r.title, source=r.source, url=r.url, published=r.published)
                       for r in chosen), key=lambda a: (a.published, a.id))
    annotated = list(zip(articles, annotate_many(articles)))
    prof = {p.article_id: p for p in profiles(annotated)}
    story = Story("s-bench", articles[0].title or "", tuple(articles), (), tuple(provenance(articles, prof)),
                  (), (), None, tuple(sorted({a.source for a in articles})))
    return StoryText(story, {a.id: ann for a, ann in annotated})


def pairwise_peer(text: StoryText) -> int:
    """What compare offers for a story: pair the quotations of every two articles."""
    pairs = 0
    for a, b in combinations(text.articles, 2):
        pairs += len(pair_quotes(list(text.annotations[a.id].quotes), list(text.annotations[b.id].quotes)))
    return pairs


def quotations(records, wanted: int) -> list[tuple[Article, list[Quote]]]:
    """Articles with the quotations the extractor's mark finder sees (no parse: speakers are not needed here)."""
    out, total = [], 0
    for r in records:
        article = Article(text=r.text, title=r.title, source=r.source, url=r.url, published=r.published)
        folded = fold(article.text)
        paragraphs, at = [], 0
        for block in folded.split("\n"):
            paragraphs.append((at, at + len(block)))
            at += len(block) + 1
        spans = find_quote_spans(folded, paragraphs)
        quotes = [Quote(i, s.start, s.end, article.text[s.start:s.end], None, (0,), False) for i, s in enumerate(spans)]
        if quotes:
            out.append((article, quotes))
            total += len(quotes)
        if total >= wanted:
            break
    return out


def search_benchmark(records, wanted: int, queries: int) -> dict:
    stored = quotations(records, wanted)
    texts = [q.text for _, quotes in stored for q in quotes]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quotes.db"
        with Store(path) as store:
            start = time.perf_counter()
            seen = set()
            with store.transaction():
                for article, quotes in stored:
                    if article.id not in seen:
                        seen.add(article.id)
                        store._insert(article, Annotations(article.id, (), tuple(quotes), (), ()))
            load_s = time.perf_counter() - start
            index_bytes = store.db.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'quote_index%' OR name LIKE '%quote_wordings%' "
                "OR name = 'quotes_text'").fetchone()[0]
            count = store.db.execute("SELECT count(*) FROM quotes").fetchone()[0]
            distinct = store.db.execute("SELECT count(*) FROM quote_wordings").fetchone()[0]
            rng = random.Random(3)
            sample = [_reworded(t, rng) for t in rng.sample([t for t in texts if len(t.split()) >= 6], queries)]
            ours, peer, agree, wanted_wordings = [], [], 0, 0
            processed = [default_process(fold(t)) for t in texts]
            unique = sorted(set(texts))
            unique_processed = [default_process(fold(t)) for t in unique]
            for query in sample:
                start = time.perf_counter()
                search_quotes(store, query)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                process.extract(default_process(fold(query)), processed, scorer=fuzz.ratio, limit=20,
                                score_cutoff=MIN_SCORE, processor=None)
                peer.append(time.perf_counter() - start)
                close = {unique[i] for _, _, i in process.extract(
                    default_process(fold(query)), unique_processed, scorer=closeness_scorer, limit=None,
                    score_cutoff=MIN_SCORE, processor=None)}
                found = {h.text for h in search_quotes(store, query, limit=10 ** 6).hits}
                agree += len(close & found)
                wanted_wordings += len(close)
    return {"quotations": count, "wordings": distinct, "articles": len(seen), "load_s": load_s, "index_mb": index_bytes / 1e6,
            "ours_ms": 1000 * statistics.median(ours), "ours_p95_ms": 1000 * sorted(ours)[int(0.95 * len(ours))],
            "peer_ms": 1000 * statistics.median(peer), "close_wordings_found": agree / max(1, wanted_wordings)}


def closeness_scorer(query: str, text: str, **_) -> float:
    """The search's own closeness on processed text, so the scan and the index rank alike."""
    score = fuzz.ratio(query, text)
    if query and text and min(len(query), len(text)) >= PARTIAL_SHARE * max(len(query), len(text)):
        score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(query, text))
    return score


def _reworded(text: str, rng: random.Random) -> str:
    """A quotation as it circulates: one word swapped for another, or the first words cut."""
    words = text.split()
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = rng.choice(["really", "never", "all", "now", "not"])
    else:
        words = words[rng.randint(1, 3):]
    return " ".join(words)


def story_table(text: StoryText, console: Console) -> None:
    quotes_s, groups = timed(lambda: group_quotes(text))
    facts_s, found = timed(lambda: claims(text))
    names_s, _ = timed(lambda: entity_names(text))
    peer_s, _ = timed(lambda: pairwise_peer(text), 1)
    quoted = sum(len(a.quotes) for a in text.annotations.values())
    table = Table(title=f"lineage of one story: {len(text.articles)} articles, {quoted} quotations")
    for name in ("stage", "seconds", "result"):
        table.add_column(name)
    table.add_row("quote groups (lineage)", f"{quotes_s:.2f}", f"{len(groups)} groups")
    table.add_row("facts per claim", f"{facts_s:.2f}", f"{len(found)} claims")
    table.add_row("names", f"{names_s:.2f}", "")
    table.add_row("peer: compare's quote pairing over every article pair", f"{peer_s:.2f}",
                  f"{len(text.articles) * (len(text.articles) - 1) // 2} pairs")
    table.add_row("ratio peer / quote groups", f"{peer_s / quotes_s:.1f}x", "")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="story size (0: search only)")
    parser.add_argument("--quotations", type=int, default=100_000, help="stored quotations to search (0: story only)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    console = Console()
    console.print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}; generating ...")
    records = list(generate(load_seeds(), max(50 * args.articles, args.quotations // 2), seed=5))
    if args.articles:
        story_table(story_of(records, args.articles), console)
    if not args.quotations:
        return
    s = search_benchmark(records, args.quotations, args.queries)
    table = Table(title=f"quote search over {s['quotations']:,} stored quotations ({s['wordings']:,} distinct wordings, "
                        f"{s['articles']:,} articles)")
    for name in ("measure", "value"):
        table.add_column(name)
    table.add_row("store insert with trigram index (s)", f"{s['load_s']:.1f}")
    table.add_row("index size (MB)", f"{s['index_mb']:.1f}")
    table.add_row("search, median ms per query (p95)", f"{s['ours_ms']:.1f} ({s['ours_p95_ms']:.1f})")
    table.add_row("peer: rapidfuzz scan over all quotations, median ms", f"{s['peer_ms']:.1f}")
    table.add_row("speed-up of the search over the scan (peer ms / search ms)", f"{s['peer_ms'] / s['ours_ms']:.1f}x")
    table.add_row("share of the wordings within the score bar (by a full scan) the search finds",
                  f"{s['close_wordings_found']:.3f}")
    console.print(table)


if __name__ == "__main__":
    main()
