"""The near-copy index `add` keeps in the store, against datasketch's MinHashLSH kept in memory and pickled.

`add` finds an arrival's near-copies by MinHash LSH. The bands are rows of the
store (stories.index.NearCopies): written in the add transaction, queried with
one indexed SELECT, never loaded. datasketch's MinHashLSH, which `add` used
before, lives in memory: each `wiretrace add` call had to unpickle it whole and
pickle it again. Both get the same MinHash values of the generated corpus
(generate.py, seed 1) in the same order, with the same rule (a text that
already has NEAR_COPIES near-copies indexed is not indexed again), and answer
the same queries; the hits must be equal.

    python benchmarks/lsh.py [--sizes 10000 30000 100000] [--queries 2000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup import corpus  # noqa: E402


def signatures(path: Path, size: int) -> np.ndarray:
    from wiretrace.fingerprints import minhashes, shingles

    texts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            texts.append(json.loads(line)["text"])
            if len(texts) == size:
                break
    return minhashes([shingles(t) for t in texts])


def in_store(hashes: np.ndarray, queries: np.ndarray, folder: Path) -> tuple[dict, list]:
    from wiretrace.stories.index import NearCopies, fill_near_copies

    db_path = folder / "lsh.db"
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    started = time.perf_counter()
    db.execute("BEGIN")
    fill_near_copies(db, enumerate(hashes, 1))
    db.execute("COMMIT")
    build = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index = NearCopies(db)
    started = time.perf_counter()
    hits = [index.query(h) for h in queries]
    query = time.perf_counter() - started
    result = {"build_s": build, "indexed": index.count(), "query_ms": query / len(queries) * 1000,
              "size_mb": db_path.stat().st_size / 1e6, "load_s": 0.0}
    db.close()
    return result, hits


def datasketch_pickled(hashes: np.ndarray, queries: np.ndarray) -> tuple[dict, list]:
    from datasketch import MinHashLSH

    from wiretrace.fingerprints import NUM_PERM, lean
    from wiretrace.stories.index import LSH_THRESHOLD, NEAR_COPIES

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    indexed = 0
    started = time.perf_counter()
    for rowid, h in enumerate(hashes, 1):
        signature = lean(h)
        if len(lsh.query(signature)) < NEAR_COPIES:
            lsh.insert(rowid, signature, check_duplication=False)
            indexed += 1
    build = time.perf_counter() - started
    started = time.perf_counter()
    blob = pickle.dumps(lsh)
    lsh = pickle.loads(blob)
    load = time.perf_counter() - started
    started = time.perf_counter()
    hits = [sorted(lsh.query(lean(h))) for h in queries]
    query = time.perf_counter() - started
    return {"build_s": build, "indexed": indexed, "query_ms": query / len(queries) * 1000,
            "size_mb": len(blob) / 1e6, "load_s": load}, hits


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--queries", type=int, default=2_000, help="stored articles queried again, at random")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "wiretrace-bench",
                        help="where generated corpora are kept between runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    path = corpus(max(args.sizes), args.data)
    rows = []
    for size in args.sizes:
        hashes = signatures(path, size)
        queries = hashes[np.random.default_rng(1).choice(size, min(args.queries, size), replace=False)]
        with tempfile.TemporaryDirectory() as folder:
            ours, our_hits = in_store(hashes, queries, Path(folder))
        theirs, their_hits = datasketch_pickled(hashes, queries)
        if our_hits != their_hits:
            raise SystemExit(f"at {size}: the store's LSH and datasketch's disagree on some hits")
        mean_hits = float(np.mean([len(h) for h in our_hits]))
        rows += [{"size": size, "system": "wiretrace (bands in SQLite)", "mean_hits": mean_hits, **ours},
                 {"size": size, "system": "datasketch MinHashLSH (pickled)", "mean_hits": mean_hits, **theirs}]
        print(f"{size:,}: done", file=sys.stderr, flush=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


def table(rows: list[dict]) -> str:
    lines = ["| articles | index | build (s) | articles indexed | query (ms) | on disk (MB) | load and save per `add` call (s) |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['system']} | {r['build_s']:.1f} | {r['indexed']:,} | {r['query_ms']:.3f} | "
                     f"{r['size_mb']:.1f} | {r['load_s']:.2f} |")
    sizes = sorted({r["size"] for r in rows})
    ours = {r["size"]: r for r in rows if r["system"].startswith("wiretrace")}
    theirs = {r["size"]: r for r in rows if not r["system"].startswith("wiretrace")}
    lines.append("\nQuery time, store against datasketch: " + ", ".join(
        f"{ours[s]['query_ms'] / theirs[s]['query_ms']:.1f}x at {s:,}" for s in sizes)
        + f"; same hits for every query; {rows[0]['mean_hits']:.0f} to {rows[-1]['mean_hits']:.0f} hits per query.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
