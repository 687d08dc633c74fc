"""How fast `compare` is, and where its time goes, against a cosine-only aligner measured in the same run.

Two ~1,000-word articles are built from the demo corpus (a report made of
several wire stories, and a rewrite of it: sentences spun, dropped and
reordered, as benchmarks/generate.py does). Timed warm (models loaded):

- one pair, repeated: milliseconds per pair, split into annotate (spaCy),
  align (embeddings + paraphrase model), quotes and facts, direction;
- a batch of 100 pairs of demo articles;
- the peer: the plain baseline a user would write, MiniLM embeddings of both
  sides and each sentence's best cosine above 0.7, nothing else.

Each figure is given as wall-clock and as CPU time of this process: on a
machine shared with other jobs the wall clock swells with the load, while
the CPU time (both cores counted) stays close to the work done.

    python benchmarks/compare.py [--pairs 100] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import spin  # noqa: E402

from wiretrace import Article, demo, read_batch  # noqa: E402
from wiretrace.compare import compare  # noqa: E402
from wiretrace.compare.align import align  # noqa: E402
from wiretrace.compare.direction import direction  # noqa: E402
from wiretrace.compare.facts import changed_numbers  # noqa: E402
from wiretrace.compare.quotes import pair_quotes  # noqa: E402
from wiretrace.embeddings import encode  # noqa: E402
from wiretrace.nlp import annotate_many  # noqa: E402


def long_pair(articles: list[Article], words: int = 1000, seed: int = 7) -> tuple[Article, Article]:
    """A ~1,000-word report and a rewrite of it (spun words, a sentence in ten dropped, paragraphs shuffled)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    for article in articles:
        paragraphs += article.text.split("\n\n")
        if sum(len(p.split()) for p in paragraphs) >= words:
            break
    rewrite = [spin(SimpleNamespace(text=p, title=""), rng)["text"] for p in paragraphs if rng.random() > 0.1]
    rng.shuffle(rewrite)
    a = Article(text="\n\n".join(paragraphs), source="Global Press Agency", published=articles[0].published)
    return a, Article(text="\n\n".join(rewrite), source="Benchmark Times")


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `repeat` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def cosine_peer(a: Article, b: Article, ann) -> None:
    ea, eb = encode([s.text for s in ann[0].sentences]), encode([s.text for s in ann[1].sentences])
    sims = ea @ eb.T
    _ = [(i, int(j)) for i, j in enumerate(sims.argmax(axis=1)) if sims[i, j] >= 0.7]


def run(pairs: int) -> dict:
    articles = read_batch([demo.corpus_path()]).articles
    a, b = long_pair(articles)
    ann = tuple(annotate_many([a, b]))
    compare(a, b, annotations=ann)
    al = align(list(ann[0].sentences), list(ann[1].sentences))
    stages = {
        "annotate (spaCy)": lambda: list(annotate_many([a, b])),
        "align (embeddings + paraphrase model)": lambda: align(list(ann[0].sentences), list(ann[1].sentences)),
        "quotes + facts": lambda: (pair_quotes(list(ann[0].quotes), list(ann[1].quotes)),
                                   [changed_numbers(ann[0].sentences[i].text, ann[1].sentences[j].text)
                                    for i, j, _ in al.pairs()]),
        "direction": lambda: direction(a, b, al),
    }
    result = {"words": [len(a.text.split()), len(b.text.split())],
              "sentences": [len(ann[0].sentences), len(ann[1].sentences)], "stages_ms": {}, "stages_cpu_ms": {}}
    for name, fn in stages.items():
        result["stages_ms"][name], result["stages_cpu_ms"][name] = timed(fn, 5)
    result["compare_ms"], result["compare_cpu_ms"] = timed(lambda: compare(a, b), 5)
    result["compare_annotated_ms"], result["compare_annotated_cpu_ms"] = timed(lambda: compare(a, b, annotations=ann), 5)
    result["peer_ms"], result["peer_cpu_ms"] = timed(lambda: cosine_peer(a, b, ann), 5)
    rng = random.Random(3)
    batch = [tuple(rng.sample(articles, 2)) for _ in range(pairs)]
    start, start_cpu = time.perf_counter(), time.process_time()
    for x, y in batch:
        compare(x, y)
    result["batch_pairs"] = pairs
    result["batch_ms_per_pair"] = 1000 * (time.perf_counter() - start) / pairs
    result["batch_cpu_ms_per_pair"] = 1000 * (time.process_time() - start_cpu) / pairs
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
                         "load_average": os.getloadavg()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    r = run(args.pairs)
    table = Table(title=f"compare: two articles of {r['words'][0]} and {r['words'][1]} words "
                        f"({r['sentences'][0]} and {r['sentences'][1]} sentences), warm; "
                        f"load average {r['machine']['load_average'][0]:.1f}")
    table.add_column("what")
    table.add_column("ms (wall)", justify="right")
    table.add_column("ms (CPU)", justify="right")
    for name in r["stages_ms"]:
        table.add_row(f"  stage: {name}", f"{r['stages_ms'][name]:.0f}", f"{r['stages_cpu_ms'][name]:.0f}")
    for label, key in (("compare, end to end (annotating both)", "compare"),
                       ("compare, annotations given (as from the store)", "compare_annotated"),
                       ("peer: cosine-only alignment, annotations given", "peer")):
        table.add_row(label, f"{r[key + '_ms']:.0f}", f"{r[key + '_cpu_ms']:.0f}")
    table.add_row("ratio compare / peer (annotations given)", f"{r['compare_annotated_ms'] / r['peer_ms']:.1f}x",
                  f"{r['compare_annotated_cpu_ms'] / r['peer_cpu_ms']:.1f}x")
    table.add_row(f"batch of {r['batch_pairs']} demo pairs, per pair", f"{r['batch_ms_per_pair']:.0f}",
                  f"{r['batch_cpu_ms_per_pair']:.0f}")
    Console().print(table)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
