"""How `wiretrace add` keeps up as its store grows: generated articles added batch after batch into one store.

A newsroom adds articles all day to a store that only grows; each call
annotates its batch and places every article in a story against the store's
indexes, never a scan. This adds the generated corpus (generate.py, seed 1)
`--batch` articles at a time, each batch one `wiretrace add` process (model
loading included), and records for each batch its seconds, CPU seconds, peak
RSS, the articles it added and the store's size before it. Per-batch rates
against store size show whether the cost of an article grows with the store.

The peer, run on the same batches in the same run (`--no-peer` to skip it):
the embedding-threshold clusterer that evaluation/stories.py scores as a
baseline, made online. Each arrival's title and first six sentences are
embedded with the same MiniLM, its 30 nearest stored articles are found with
an HNSW index of wiretrace's settings (one graph, no exact part for the latest
articles), and it joins every story holding one at cosine 0.725 or
more (single link: stories it bridges become one). No annotation, no store:
what clustering by embeddings alone costs. Its state (index and stories)
persists between batches beside the store.

The run resumes: batches recorded in the logs beside the store are skipped (an
interrupted batch was one transaction, so it left nothing and runs again), so
100,000 articles, hours of CPU on two cores, can take more than one sitting.
At the end the stories of both are scored against the generator's events (ARI).

With `--at SIZE...` it times placement alone, the part of `add` that grows
with the store: stores filled to each size in SQL (`fill`), then ARRIVALS
articles, annotated and profiled once beforehand, added into a fresh copy of
each by this checkout and by `--baseline`, an earlier commit's `git worktree`,
in turn. Minutes, not hours, for 100,000.

    python benchmarks/add.py --size 100000 --batch 5000     # resumes where it stopped
    python benchmarks/add.py --size 2000 --batch 500        # quick look
    python benchmarks/add.py --peer-only                    # the peer on the batches done, beside a run
    git worktree add --detach /tmp/base 4451581
    python benchmarks/add.py --at 1000 10000 100000 --baseline /tmp/base --json benchmarks/add_placement.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup import _copies_module, corpus, need_bench_extras  # noqa: E402


def batches(path: Path, size: int, folder: Path) -> list[Path]:
    """The corpus cut into files of `size` lines, in order, written once."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    files = []
    for number, start in enumerate(range(0, len(lines), size)):
        part = folder / f"part-{number:04d}.jsonl"
        if not part.exists():
            part.with_suffix(".tmp").write_text("".join(lines[start:start + size]), encoding="utf-8")
            part.with_suffix(".tmp").replace(part)
        files.append(part)
    return files


def add_batch(part: Path, db: Path) -> dict:
    """One `wiretrace add` process over one batch: wall and CPU seconds, its peak RSS, articles added."""
    wiretrace = str(Path(sys.executable).with_name("wiretrace"))
    usage, out = run_process([wiretrace, "add", str(part), "--db", str(db), "--json"])
    if usage.pop("exit") not in (0, 1):
        raise SystemExit(f"wiretrace add {part} failed:\n{usage['stderr']}")
    usage.pop("stderr")
    report = json.loads(out)
    return {**usage, "added": len(report["added"]), "present": len(report["present"]),
            "rejected": len(report["rejected"])}


def peer_run(part: Path, state: Path) -> dict:
    """The peer over one batch in its own process: wall and CPU seconds, peak RSS."""
    usage, out = run_process([sys.executable, __file__, "--peer-batch", str(part), "--peer-state", str(state)])
    if usage.pop("exit") != 0:
        raise SystemExit(f"the peer failed on {part}:\n{usage['stderr']}")
    usage.pop("stderr")
    return {**usage, "added": json.loads(out)["added"]}


PEER_THRESHOLD = 0.725   # evaluation/stories.py's embedding threshold, chosen on the ECB+ tuning topics
PEER_NEIGHBOURS = 30
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def run_process(command: list[str]) -> tuple[dict, str]:
    """Run a child to the end: its wall and CPU seconds and peak RSS, and its stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return ({"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                 "exit": os.waitstatus_to_exitcode(status), "stderr": err.read()[-2000:]}, out.read())


def peer_lead(record: dict) -> str:
    sentences = _SENTENCE_END.split(" ".join(record["text"].split()))[:6]
    return " ".join(([record["title"]] if record.get("title") else []) + sentences)


def peer_batch(part: Path, state: Path) -> None:
    """The peer over one batch, in this process: embed, find neighbours, join or open stories; save the state."""
    import pickle

    import faiss
    import numpy as np

    from wiretrace.embeddings import DIMENSIONS, encode
    from wiretrace.stories.index import HNSW_M

    state.mkdir(parents=True, exist_ok=True)
    if (state / "vectors.faiss").exists():
        index = faiss.read_index(str(state / "vectors.faiss"))
        urls, parent = pickle.loads((state / "stories.pickle").read_bytes())
    else:
        index = faiss.IndexHNSWFlat(DIMENSIONS, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        urls, parent = [], []

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    records = [json.loads(line) for line in part.open(encoding="utf-8")]
    vectors = encode([peer_lead(r) for r in records])
    for record, vector in zip(records, vectors):
        row = len(urls)
        urls.append(record["url"])
        parent.append(row)
        if index.ntotal:
            sims, ids = index.search(vector.reshape(1, -1), min(PEER_NEIGHBOURS, index.ntotal))
            for sim, other in zip(sims[0], ids[0]):
                if other >= 0 and sim >= PEER_THRESHOLD:
                    parent[find(row)] = find(int(other))
        index.add(vector.reshape(1, -1).astype(np.float32))
    faiss.write_index(index, str(state / "vectors.faiss"))
    (state / "stories.pickle").write_bytes(pickle.dumps((urls, [find(x) for x in range(len(parent))])))
    print(json.dumps({"added": len(records)}))


def peer_stories(state: Path) -> dict[str, int]:
    import pickle

    urls, parent = pickle.loads((state / "stories.pickle").read_bytes())
    return dict(zip(urls, parent))


def store_size(db: Path) -> tuple[int, int]:
    """Articles and stories in the store (0, 0 before the first batch)."""
    if not db.exists():
        return 0, 0
    with sqlite3.connect(db) as con:
        return (con.execute("SELECT count(*) FROM articles").fetchone()[0],
                con.execute("SELECT count(DISTINCT story_id) FROM story_articles").fetchone()[0])


def story_ari(stories: dict[str, object], path: Path) -> float:
    """ARI of stories (by article URL) against the generator's events (articles matched by their unique URL)."""
    events = {}
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        events[record["url"]] = record["event"]
    pairs = [(story, events[url]) for url, story in stories.items() if url in events]
    return _copies_module().scores([p[0] for p in pairs], [p[1] for p in pairs])["ari"]


def store_stories(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT a.url, s.story_id FROM articles a JOIN story_articles s ON s.article_id = a.id"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles to add")
    parser.add_argument("--batch", type=int, default=5_000, help="articles per `wiretrace add` call")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "wiretrace-bench",
                        help="where the corpus, the store and the log are kept between runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--plot", type=Path, default=HERE / "add.png", help="PNG of rate and memory against store size")
    parser.add_argument("--max-batches", type=int, help="stop after this many new batches (the rest on a later run)")
    parser.add_argument("--no-peer", action="store_true", help="skip the embedding-threshold peer")
    parser.add_argument("--peer-only", action="store_true",
                        help="only run the peer on the batches wiretrace has done (beside a run still adding)")
    parser.add_argument("--at", type=int, nargs="+", metavar="SIZE",
                        help="only time placement: ARRIVALS articles added to stores filled to these sizes")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="with --at: also time this checkout's code (a `git worktree` of an earlier commit)")
    parser.add_argument("--rounds", type=int, default=2, help="with --at: runs of each code, alternating")
    parser.add_argument("--pool-build", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fill", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--migrate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--place", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--annotate-time", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--peer-batch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--peer-state", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peer_batch:
        peer_batch(args.peer_batch, args.peer_state)
        return
    if args.pool_build:
        return pool_build(*args.pool_build)
    if args.fill:
        return fill(Path(args.fill[0]), Path(args.fill[1]), int(args.fill[2]))
    if args.migrate:
        from wiretrace.store import Store

        return Store(args.migrate).close()
    if args.annotate_time:
        return annotate_time(args.annotate_time)
    if args.place:
        return place_batch(*args.place)
    if args.at:
        args.data.mkdir(parents=True, exist_ok=True)
        rows = placement(args.at, args.data, args.baseline, args.rounds)
        print(placement_table(rows))
        if args.json:
            args.json.write_text(json.dumps({"placement": rows}, indent=1) + "\n")
        return
    need_bench_extras()

    args.data.mkdir(parents=True, exist_ok=True)
    path = corpus(args.size, args.data)
    work = args.data / f"add-{args.size}-by-{args.batch}"
    parts = batches(path, args.batch, work / "batches")
    db, log, peer_log, peer_state = work / "store.db", work / "log.jsonl", work / "peer.jsonl", work / "peer"
    done = {r["batch"]: r for r in map(json.loads, log.open())} if log.exists() else {}
    peer_done = {r["batch"]: r for r in map(json.loads, peer_log.open())} if peer_log.exists() else {}
    if not args.peer_only and store_size(db)[0] != sum(r["added"] for r in done.values()):
        raise SystemExit(f"{log} and {db} disagree on what was added: remove {work} to start over")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; {len(done)} of {len(parts)} batches "
          f"already done", file=sys.stderr)
    if not args.no_peer and sorted(peer_done) != list(range(len(peer_done))):
        raise SystemExit(f"{peer_log} skips a batch: remove it and {peer_state} to run the peer again")
    fresh = 0
    for number, part in enumerate(parts):
        if args.max_batches is not None and fresh >= args.max_batches:
            break
        if number not in done:
            if args.peer_only:
                break
            before, stories = store_size(db)
            result = {"batch": number, "store_before": before, "stories_before": stories, **add_batch(part, db),
                      "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": os.getloadavg()[0]}
            with log.open("a") as out:
                out.write(json.dumps(result) + "\n")
            done[number] = result
            fresh += 1
            print(f"batch {number}: {result['added']} added to {before:,} in {result['seconds']:.0f}s "
                  f"({result['cpu_s']:.0f}s CPU, {result['added'] / result['cpu_s']:.1f}/CPU s), "
                  f"{result['rss_mb']:,.0f} MB", file=sys.stderr, flush=True)
        if not args.no_peer and number not in peer_done:
            result = {"batch": number, **peer_run(part, peer_state),
                      "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": os.getloadavg()[0]}
            with peer_log.open("a") as out:
                out.write(json.dumps(result) + "\n")
            peer_done[number] = result
            print(f"  peer: {result['cpu_s']:.0f}s CPU ({result['added'] / result['cpu_s']:.1f}/CPU s), "
                  f"{result['rss_mb']:,.0f} MB", file=sys.stderr, flush=True)
    rows = [{**done[n], "peer": peer_done.get(n)} for n in sorted(done)]
    summary = {"size": args.size, "batch": args.batch, "batches": len(rows), "of": len(parts),
               "added": sum(r["added"] for r in rows), "seconds": sum(r["seconds"] for r in rows),
               "cpu_s": sum(r["cpu_s"] for r in rows), "rss_mb": max((r["rss_mb"] for r in rows), default=0)}
    if len(rows) == len(parts):
        summary["articles"], summary["stories"] = store_size(db)
        summary["story_ari"] = story_ari(store_stories(db), path)
        if len(peer_done) == len(parts):
            summary["peer_story_ari"] = story_ari(peer_stories(peer_state), path)
    print(table(rows, summary))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "batches": rows}, indent=1) + "\n")
    if rows:
        plot(rows, args.plot)
        print(f"plot written to {args.plot}", file=sys.stderr)


def table(rows: list[dict], summary: dict) -> str:
    lines = ["| batch | store before | added | seconds | CPU seconds | articles per CPU second | peak RSS (MB) | "
             "peer: articles per CPU second | peer: peak RSS (MB) | CPU per article, wiretrace / peer |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        peer = r.get("peer")
        compared = (f"{peer['added'] / peer['cpu_s']:.1f} | {peer['rss_mb']:,.0f} | "
                    f"{(r['cpu_s'] / r['added']) / (peer['cpu_s'] / peer['added']):.1f}x") if peer else "- | - | -"
        lines.append(f"| {r['batch']} | {r['store_before']:,} | {r['added']:,} | {r['seconds']:,.0f} | "
                     f"{r['cpu_s']:,.0f} | {r['added'] / r['cpu_s']:.1f} | {r['rss_mb']:,.0f} | {compared} |")
    total = summary["cpu_s"] or 1
    lines.append(f"| all {summary['batches']} of {summary['of']} | - | {summary['added']:,} | {summary['seconds']:,.0f} | "
                 f"{summary['cpu_s']:,.0f} | {summary['added'] / total:.1f} | {summary['rss_mb']:,.0f} | | | |")
    if "story_ari" in summary:
        lines.append(f"\n{summary['articles']:,} articles in {summary['stories']:,} stories; "
                     f"story ARI against the generator's events {summary['story_ari']:.3f}"
                     + (f" (peer: {summary['peer_story_ari']:.3f})" if "peer_story_ari" in summary else ""))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        ratio = (first["added"] / first["cpu_s"]) / (last["added"] / last["cpu_s"])
        lines.append(f"\nCPU per article, last batch against first: {ratio:.2f}x")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["store_before"] + r["added"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(sizes, [r["added"] / r["cpu_s"] for r in rows], "-o", label="wiretrace add")
    right.plot(sizes, [r["rss_mb"] for r in rows], "-o", label="wiretrace add")
    peers = [(size, r["peer"]) for size, r in zip(sizes, rows) if r.get("peer")]
    if peers:
        left.plot([s for s, _ in peers], [p["added"] / p["cpu_s"] for _, p in peers], "-s",
                  label="peer: embedding threshold, online")
        right.plot([s for s, _ in peers], [p["rss_mb"] for _, p in peers], "-s", label="peer: embedding threshold, online")
        left.legend()
    for axis, label in ((left, "articles per CPU second (batch)"), (right, "peak RSS of the batch (MB)")):
        axis.set_xlabel("articles in the store after the batch")
        axis.set_ylabel(label)
        axis.set_ylim(bottom=0)
        axis.grid(True, alpha=0.3)
    left.set_title("wiretrace add: rate as the store grows")
    right.set_title("memory")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


# Placement at a given store size (`--at`): what one article costs the store and the story assignment, without
# the hours of annotation a full run spends to reach 100,000 articles.

POOL = 1_000          # annotated articles whose profiles fill the store (cloned, see `fill`)
ARRIVALS = 200        # annotated articles placed, timed, into each filled store
CLONE_NOISE = 0.05    # embedding noise of a clone: its neighbours are its base's other clones, as copies are


def pool(data: Path, code: Path | None) -> Path:
    """The generated corpus's first POOL + ARRIVALS articles annotated and profiled once (pickled) by `code` (a
    checkout; None: this one), whose annotation types the pickle holds: each code reads its own."""
    path = data / f"pool-{POOL}-{ARRIVALS}{'-' + code.name if code else ''}.pickle"
    if not path.exists():
        source = corpus(POOL + ARRIVALS, data)
        _child(code, "--pool-build", str(source), str(path))
    return path


def pool_build(source: Path, out: Path) -> None:
    import pickle

    from wiretrace.fingerprints import profiles
    from wiretrace.nlp import annotate_many
    from wiretrace.readers import read_batch

    articles = read_batch([source]).articles
    annotated = list(zip(articles, annotate_many(articles)))
    items = [(a, ann, p) for (a, ann), p in zip(annotated, profiles(annotated))]
    out.with_suffix(".tmp").write_bytes(pickle.dumps(items))
    out.with_suffix(".tmp").replace(out)


def annotate_time(source: Path) -> None:
    """CPU seconds to annotate and profile the ARRIVALS articles, after a warm-up (models loaded), as JSON: what
    `add` spends on an article before placing it, the same before and after this change."""
    from wiretrace.fingerprints import profiles
    from wiretrace.nlp import annotate_many
    from wiretrace.readers import read_batch

    articles = read_batch([source]).articles
    warm = articles[:20]
    profiles(list(zip(warm, annotate_many(warm))))
    arrivals = articles[POOL:POOL + ARRIVALS]
    cpu = time.process_time()
    profiles(list(zip(arrivals, annotate_many(arrivals))))
    print(json.dumps({"annotate_cpu_s": time.process_time() - cpu, "articles": len(arrivals)}))


def fill(items_path: Path, db: Path, size: int) -> None:
    """A store of `size` articles from the pool's first POOL profiles, cloned: clone i of base b (i // POOL-th
    generation) has b's names, numbers and MinHash values (a copy, so LSH buckets fill up to their cap as a
    much-copied text's do), b's embedding with noise, and a day CLONE-generations weeks before b's: years of past
    behind the arrivals, whose names recur the way the generator's templates repeat them. Three generations of a
    base share a story. Written in SQL as the schema the filling code knows; the candidate graph is built by
    opening the store."""
    import json as json_module
    import pickle
    from datetime import timedelta

    import numpy as np

    from wiretrace.store import Store
    from wiretrace.stories.index import NearCopies

    items = pickle.loads(items_path.read_bytes())[:POOL]
    rng = np.random.default_rng(1)
    with Store(db) as store:
        store.db.execute("BEGIN")
        lsh = NearCopies(store.db)
        for i in range(size):
            _, _, base = items[i % POOL]
            generation = i // POOL
            article = f"{i:016x}"
            day = base.day - timedelta(weeks=generation) if base.day else None
            vector = base.embedding + rng.normal(0, CLONE_NOISE, base.embedding.shape).astype(np.float32)
            vector /= np.linalg.norm(vector)
            names = {k: sorted(getattr(base, k)) for k in ("people", "places", "orgs", "numbers", "dates", "years")}
            store.db.execute("INSERT INTO articles (id, title, published, text, added_at) VALUES (?, ?, ?, ?, ?)",
                             (article, f"clone {i}", day.isoformat() if day else None, f"clone {i}", "2026-12-05"))
            cursor = store.db.execute(
                "INSERT INTO profiles (article_id, day, embedding, text_hash, words_hash, names, term_ids, "
                "term_weights) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article, day.isoformat() if day else None, vector.astype(np.float32).tobytes(),
                 base.text_hash.tobytes(), base.words_hash.tobytes(), json_module.dumps(names),
                 base.term_ids.tobytes(), base.term_weights.tobytes()))
            lsh.insert(cursor.lastrowid, base.text_hash)
            story = f"sc{i % POOL}-{generation // 3}"
            store.db.execute("INSERT OR IGNORE INTO stories VALUES (?, ?)", (story, "2026-12-05"))
            store.db.execute("INSERT INTO story_articles VALUES (?, ?, ?, ?)", (article, story, 1.0, "2026-12-05"))
        store.db.execute("COMMIT")
        store.index.save()


def place_batch(items_path: Path, db: Path) -> None:
    """Open the store, then add the pool's arrivals (annotated and profiled already) in one `add`: the seconds
    of each, as JSON."""
    import pickle

    started = time.perf_counter()
    from wiretrace.store import Store

    items = pickle.loads(items_path.read_bytes())[POOL:POOL + ARRIVALS]
    with Store(db) as store:
        store.index
        opened, cpu = time.perf_counter(), time.process_time()
        result = store.add(items)
        print(json.dumps({"open_s": opened - started, "add_s": time.perf_counter() - opened,
                          "add_cpu_s": time.process_time() - cpu, "added": len(result.added),
                          "stories": store.db.execute("SELECT count(*) FROM stories").fetchone()[0]}))


def _child(code: Path | None, *args: str) -> dict:
    """This script in a child process running the wiretrace of `code` (a checkout; None: this one)."""
    env = {**os.environ, **({"PYTHONPATH": str(code / "src")} if code else {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, *args], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(args)} ({code or 'this checkout'}) failed:\n{err.read()[-3000:]}")
        text = out.read().strip().splitlines()
        return {**(json.loads(text[-1]) if text else {}), "seconds": time.perf_counter() - started,
                "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def placement(sizes: list[int], data: Path, baseline: Path | None, rounds: int) -> list[dict]:
    """For each store size: a store filled once (with the baseline's code, whose schema this code migrates), then
    the arrivals added into a fresh copy of it by each code in turn, `rounds` times alternating."""
    import shutil

    items = {"before": pool(data, baseline) if baseline else None, "after": pool(data, None)}
    annotated = _child(None, "--annotate-time", str(corpus(POOL + ARRIVALS, data)))
    rows = [{"code": "annotation", **annotated}]
    for size in sizes:
        work = data / f"placement-{size}"
        filled = work / "filled.db"
        if not filled.exists():
            work.mkdir(parents=True, exist_ok=True)
            for stale in work.glob("*"):
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
            _child(baseline, "--fill", str(items["before"] or items["after"]), str(work / "filling.db"), str(size))
            shutil.move(work / "filling.db.index", work / "filled.db.index")
            shutil.move(work / "filling.db", filled)
        for round_ in range(rounds):
            for name, code in (("before", baseline), ("after", None)):
                if name == "before" and baseline is None:
                    continue
                copy = work / f"{name}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(copy) + suffix).unlink(missing_ok=True)
                shutil.rmtree(str(copy) + ".index", ignore_errors=True)
                shutil.copy(filled, copy)
                shutil.copytree(str(filled) + ".index", str(copy) + ".index")
                if name != "before":   # the migrations of this code run once, untimed, as on an upgrade
                    _child(code, "--migrate", str(copy))
                result = {"size": size, "code": name, "round": round_,
                          **_child(code, "--place", str(items[name]), str(copy))}
                rows.append(result)
                print(f"{size:,} {name}: {1000 * result['add_s'] / result['added']:.1f} ms per article "
                      f"({1000 * result['add_cpu_s'] / result['added']:.1f} ms CPU), {result['rss_mb']:,.0f} MB",
                      file=sys.stderr, flush=True)
    return rows


def placement_table(rows: list[dict]) -> str:
    annotation = next((r for r in rows if r["code"] == "annotation"), None)
    before_place = 1000 * annotation["annotate_cpu_s"] / annotation["articles"] if annotation else 0.0
    lines = ["| stored articles | code | placing: ms per article (wall) | placing: ms per article (CPU) | open (s) | "
             "peak RSS (MB) | placing, after / before (CPU) | whole add: ms per article (CPU) | "
             "whole add, after / before |", "|---|---|---|---|---|---|---|---|---|"]
    by = {}
    for r in rows:
        if r["code"] != "annotation":
            by.setdefault((r["size"], r["code"]), []).append(r)
    for (size, code), runs in sorted(by.items(), key=lambda kv: (kv[0][0], kv[0][1] != "before", kv[0][1])):
        cpu = min(1000 * r["add_cpu_s"] / r["added"] for r in runs)
        wall = min(1000 * r["add_s"] / r["added"] for r in runs)
        before = by.get((size, "before"))
        base = min(1000 * r["add_cpu_s"] / r["added"] for r in before) if before else None
        ratio = f"{cpu / base:.2f}x" if code != "before" and base else ""
        whole = f"{(before_place + cpu) / (before_place + base):.2f}x" if code != "before" and base else ""
        lines.append(f"| {size:,} | {code} | {wall:.1f} | {cpu:.1f} | {min(r['open_s'] for r in runs):.1f} | "
                     f"{max(r['rss_mb'] for r in runs):,.0f} | {ratio} | {before_place + cpu:.0f} | {whole} |")
    if annotation:
        lines.append(f"\nAnnotating and profiling an article (spaCy, MiniLM, MinHash; the same code before and after): "
                     f"{before_place:.0f} ms CPU, measured on the {annotation['articles']} arrivals.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
