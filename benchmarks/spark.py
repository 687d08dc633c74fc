"""How `wiretrace dedup` scales on Spark: the local engine and the Spark engine at 1 and 2 cores, same input, same run.

For each size, generated articles (benchmarks/generate.py, seed 1, the same
files benchmarks/dedup.py uses), split into shards as a crawl would be, go
through:

- `wiretrace dedup SHARDS --no-stories` (local engine, one process);
- `wiretrace dedup SHARDS --no-stories --engine spark --master local[1]`, and `local[2]`;
- the peer: a plain datasketch MinHashLSH over character 5-grams with a
  Jaccard check on every candidate and connected components
  (evaluation/copies.py's `datasketch_lsh`), file to labels, in one process.

Each run is a fresh child process tree; its wall time includes starting
(the JVM, for Spark) and its peak memory is taken per process (psutil, every
0.2 s): the largest process, and the whole tree at its peak. Spark's copy
clusters are checked against the local engine's at every size. Stories
(annotation and embeddings of every article, about 10 articles/s per core)
are run at `--story-sizes` only.

    python benchmarks/spark.py                                    # 10k and 100k copies; stories at 1k
    python benchmarks/spark.py --sizes 2000 --story-sizes 200     # quick look
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLOT = HERE / "spark.png"
SHARDS = 8
ENGINES = {"local": [], "spark local[1]": ["--engine", "spark", "--master", "local[1]"],
           "spark local[2]": ["--engine", "spark", "--master", "local[2]"]}
PEER = "datasketch LSH"


def corpus(size: int, folder: Path, shards: int = SHARDS) -> Path:
    """The generated corpus of `size` articles as `shards` JSONL files, in order (line n of the corpus stays n-th)."""
    sys.path.insert(0, str(HERE))
    from dedup import corpus as generated

    whole = generated(size, folder)
    out = folder / f"shards-{size}"
    if not out.exists():
        tmp = folder / f"shards-{size}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        per = math.ceil(size / shards)
        with whole.open(encoding="utf-8") as source:
            for n in range(shards):
                with (tmp / f"part-{n:03d}.jsonl").open("w", encoding="utf-8") as part:
                    for _ in range(per):
                        line = source.readline()
                        if not line:
                            break
                        part.write(line)
        tmp.rename(out)
    return out


def watch(argv: list[str], env: dict | None = None) -> dict:
    """Run `argv`; wall seconds, peak RSS of its largest process and of the whole tree (MB)."""
    started = time.perf_counter()
    root = psutil.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    largest = tree = 0
    while root.poll() is None:
        try:
            sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            continue
        largest, tree = max(largest, *sizes), max(tree, sum(sizes))
        time.sleep(0.2)
    out, err = root.communicate()
    seconds = time.perf_counter() - started
    if root.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[-3000:]}")
    return {"seconds": seconds, "largest_mb": largest / 2**20, "tree_mb": tree / 2**20, "stdout": out}


def run_engine(name: str, shards: Path, workdir: Path, stories: bool) -> dict:
    wiretrace = str(Path(sys.executable).with_name("wiretrace"))
    output = workdir / ("local.jsonl" if name == "local" else name.replace(" ", "-").replace("[", "").replace("]", ""))
    argv = [wiretrace, "dedup", str(shards), "--output", str(output), "--json", *ENGINES[name]]
    argv += [] if stories else ["--no-stories"]
    env = {**os.environ, "PYSPARK_SUBMIT_ARGS": "--driver-memory 6g pyspark-shell"}
    result = watch(argv, env)
    report = json.loads(result.pop("stdout"))
    return {**result, "job_seconds": report["seconds"], "output": str(output), "articles": report["articles"]}


def run_peer(shards: Path) -> dict:
    """The datasketch peer in a child process: read the shards, MinHash LSH, check, components."""
    code = ("import json, sys; from pathlib import Path; sys.path.insert(0, %r); import copies; "
            "texts = [json.loads(l)['text'] for f in sorted(Path(%r).glob('*.jsonl')) for l in f.open()]; "
            "copies.datasketch_lsh(texts, 'char5', 0.7)") % (str(REPO / "evaluation"), str(shards))
    result = watch([sys.executable, "-c", code])
    result.pop("stdout")
    return result


def labels(output: Path, key: str) -> dict[str, str]:
    files = sorted(output.glob("part-*")) if output.is_dir() else [output]
    return {row["id"]: row[key] for f in files for row in map(json.loads, f.open(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="sizes for copy clusters")
    parser.add_argument("--story-sizes", type=int, nargs="*", default=[1_000], help="sizes for stories as well")
    parser.add_argument("--peer-max", type=int, default=100_000,
                        help="largest size the datasketch peer runs at (it holds every MinHash in memory: ~8 GB at 100k)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "wiretrace-bench-spark",
                        help="where generated corpora are kept between runs")
    parser.add_argument("--json", type=Path, help="also write the results here, merged with those already there")
    parser.add_argument("--plot", type=Path, default=PLOT, help="PNG of time against size")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, load {os.getloadavg()[0]:.1f}",
          file=sys.stderr)
    results = []
    plan = [(size, False) for size in args.sizes] + [(size, True) for size in args.story_sizes]
    for size, stories in plan:
        shards = corpus(size, args.data)
        with tempfile.TemporaryDirectory(dir=args.data) as workdir:
            outputs = {}
            peer = [PEER] if not stories and size <= args.peer_max else []
            for name in [*ENGINES, *peer]:
                print(f"{name}{' with stories' if stories else ''} at {size:,} ...", file=sys.stderr, flush=True)
                result = run_peer(shards) if name == PEER else run_engine(name, shards, Path(workdir), stories)
                key = "story_id" if stories else "copy_cluster_id"
                if name in ENGINES:
                    outputs[name] = labels(Path(result.pop("output")), key)
                    result["same"] = outputs[name] == outputs["local"]
                results.append({"size": size, "stories": stories, "run": name, **result,
                                "per_s": size / result["seconds"]})
                print(f"  {result['seconds']:.1f}s, {size / result['seconds']:.0f}/s, largest process "
                      f"{result['largest_mb']:.0f} MB, tree {result['tree_mb']:.0f} MB"
                      + (f", same clusters as local: {result['same']}" if "same" in result else ""),
                      file=sys.stderr, flush=True)
    if args.json:
        fresh = {(r["size"], r["stories"], r["run"]) for r in results}
        earlier = json.loads(args.json.read_text()) if args.json.exists() else []
        results = sorted([r for r in earlier if (r["size"], r["stories"], r["run"]) not in fresh] + results,
                         key=lambda r: (r["stories"], r["size"]))
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    plot(results, args.plot)
    print(f"plot written to {args.plot}", file=sys.stderr)


def table(results: list[dict]) -> str:
    """Markdown: every run, then each run against the datasketch peer and the cost per million articles."""
    lines = ["| articles | what | run | wall s | job s | articles/s | largest process MB | tree MB | same as local |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        job = f"{r['job_seconds']:.1f}" if "job_seconds" in r else "-"
        same = ("yes" if r["same"] else "NO") if "same" in r else "-"
        lines.append(f"| {r['size']:,} | {'stories' if r['stories'] else 'copies'} | {r['run']} | {r['seconds']:.1f} | "
                     f"{job} | {r['per_s']:,.0f} | {r['largest_mb']:,.0f} | {r['tree_mb']:,.0f} | {same} |")
    peer = {r["size"]: r for r in results if r["run"] == PEER}
    lines += ["", "| articles | run | peer (datasketch) s | run s | peer time / run time | "
                  "core-hours per million articles (extrapolated linearly) |", "|---|---|---|---|---|---|"]
    for r in results:
        if r["run"] in ENGINES and not r["stories"]:
            cores = 2 if r["run"].endswith("[2]") else 1
            core_hours = r["seconds"] * cores / r["size"] * 1e6 / 3600
            against = peer.get(r["size"])
            ratio = (f"{against['seconds']:.1f} | {r['seconds']:.1f} | {against['seconds'] / r['seconds']:.2f}"
                     if against else f"not run | {r['seconds']:.1f} | -")
            lines.append(f"| {r['size']:,} | {r['run']} | {ratio} | {core_hours:.2f} |")
    return "\n".join(lines)


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axis = plt.subplots(figsize=(7, 4.5))
    for stories in (False, True):
        for name in dict.fromkeys(r["run"] for r in results):
            rows = sorted((r for r in results if r["run"] == name and r["stories"] == stories), key=lambda r: r["size"])
            if rows:
                axis.plot([r["size"] for r in rows], [r["seconds"] for r in rows], "--s" if name == PEER else
                          ("-^" if stories else "-o"), label=f"{name}{' (stories)' if stories else ''}")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("articles")
    axis.set_ylabel("wall seconds")
    axis.set_title("wiretrace dedup: local engine and Spark")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
