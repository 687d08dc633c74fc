"""How fast wiretrace finds copies in a corpus, against rensa and datasketch on the same input in the same run.

For each size, the same generated articles (benchmarks/generate.py, seed 1;
with `--real`, copies of real ECB+ and BASIL articles of 500 to 1,000 words)
go through every run, each in a fresh subprocess so that its peak memory
(RSS) is its own:

- copy detection alone, texts already in memory: `wiretrace` (dedup.sketch,
  LSH candidates, verification, components) against `rensa` and `datasketch`
  MinHash LSH with a Jaccard check on each candidate, character 5-grams and
  word 3-grams, 128 permutations, thresholds from evaluation/copies.py's
  tuning; ARI against the generator's gold for each;
- the peer with rensa char 5-grams timed as a command is (`rensa char5, file to labels`: the
  JSONL read, the records written with their labels, the whole process's time);
- `wiretrace dedup FILE --no-stories`: the whole batch command (read, sketch,
  cluster, write), in one process, with WIRETRACE_WORKERS=2 (reading,
  sketching and verification in two forked workers; every peer runs on one
  thread), and as a user runs it (`default`: WIRETRACE_WORKERS unset, the
  cores this process may use on an input of 4 MB or more), and `stages`:
  where its time goes (the same steps timed one by one in one process);
- `wiretrace dedup FILE` with stories (annotation and embeddings of each copy
  cluster's lead) and `wiretrace add FILE` into a fresh store (online, every
  article annotated), at the `--full-sizes`.

    python benchmarks/dedup.py                                  # copies at 10k, 30k, 100k; add/stories at 1k, 10k
    python benchmarks/dedup.py --real ../shared/datasets --sizes 20000 100000 --full-sizes
    python benchmarks/dedup.py --sizes 2000 --full-sizes 500    # quick look
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLOT = HERE / "dedup.png"
COPY_RUNS = {
    "wiretrace": None,
    "rensa char5": ("rensa_lsh", "char5", 0.8),        # thresholds: each peer's best on evaluation/copies.py's tuning
    "rensa word3": ("rensa_lsh", "word3", 0.7),
    "datasketch char5": ("datasketch_lsh", "char5", 0.8),
    "datasketch word3": ("datasketch_lsh", "word3", 0.7),
}
FILE_RUNS = {"rensa char5, file to labels": ("rensa_lsh", "char5", 0.8)}   # a peer timed as a command is
FULL_RUNS = ("dedup --no-stories", "dedup --no-stories, 2 processes", "dedup --no-stories, default", "stages", "dedup",
             "add")
PROCESSES = {"dedup --no-stories, 2 processes": "2",   # WIRETRACE_WORKERS of a run (the others: one process;
             "dedup --no-stories, default": None}      # None: unset, as a user runs the command)


def _copies_module():
    sys.path.insert(0, str(REPO / "evaluation"))
    import copies

    return copies


def need_bench_extras() -> None:
    """Fail before an hour of measuring, not at the plot after it."""
    missing = [m for m in ("matplotlib", "rensa", "psutil") if importlib.util.find_spec(m) is None]
    if missing:
        raise SystemExit(f"benchmarks need {', '.join(missing)}: .venv/bin/pip install -e '.[bench]'")


def run_copies(name: str, path: Path) -> dict:
    """One copy-detection run in this process: seconds from texts to labels, peak RSS, ARI."""
    copies = _copies_module()
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    texts = [r["text"] for r in records]
    gold = copies.gold_clusters(records)
    if name == "wiretrace":
        method, args = copies.wiretrace_dedup, ()
    else:
        function, kind, threshold = COPY_RUNS[name]
        method, args = getattr(copies, function), (kind, threshold)
    cpu, started = _cpu(resource.RUSAGE_SELF), time.perf_counter()
    labels = method(texts, *args)
    seconds, cpu = time.perf_counter() - started, _cpu(resource.RUSAGE_SELF) - cpu
    return {"seconds": seconds, "cpu_s": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "ari": copies.scores(labels, gold)["ari"]}


def run_peer_file(name: str, path: Path, workdir: Path) -> dict:
    """A peer run as a command is: the JSONL read, the texts clustered, each record written with its label (what
    `dedup` writes); the CPU seconds of the whole process (its start and imports too, the evaluation module's among
    them) and its wall seconds since it started, as `dedup --no-stories` is measured."""
    import psutil

    copies = _copies_module()
    function, kind, threshold = FILE_RUNS[name]
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    labels = getattr(copies, function)([r["text"] for r in records], kind, threshold)
    with (workdir / "out.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps({**r, "input_id": r["id"], "copy_cluster_id": label, "story_id": None}) + "\n"
                       for r, label in zip(records, labels.tolist()))
    seconds, cpu = time.time() - psutil.Process().create_time(), _cpu(resource.RUSAGE_SELF)
    return {"seconds": seconds, "cpu_s": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            **_labelled_scores(workdir / "out.jsonl")}


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_stages(path: Path, workdir: Path) -> dict:
    """The steps of `dedup --no-stories`, timed one by one: parse, article ids (normalising the text), output lines
    spooled, sketches (and their parts; a text that came before is not sketched again), candidates and
    verification, components, the spool copied out with the labels."""
    import numpy as np

    from wiretrace import batch, dedup

    times: dict[str, float] = {}

    def timed(stage, work):
        started = time.perf_counter()
        result = work()
        times[stage] = times.get(stage, 0.0) + time.perf_counter() - started
        return result

    articles = timed("read and parse", lambda: list(batch.read_articles([path])))
    ids = np.array(timed("ids (normalise)", lambda: [a.id for a in articles]), dtype=str)
    spool = batch._Spool(workdir / "out.jsonl")
    timed("spool output lines", lambda: spool.add(articles))
    parts, sketcher = [], dedup.Sketcher()
    for lo in range(0, len(articles), 512):
        chunk = [a.normalized for a in articles[lo:lo + 512]]
        fresh = timed("sketch: repeated texts found", lambda: sketcher.new(chunk))
        texts = [chunk[i] for i in fresh]
        if not texts:
            parts.append(sketcher.fill(dedup.sketch([])))
            continue
        hashed = timed("sketch: shingle hashes", lambda: [dedup._shingle_hashes(p) for p in dedup._parts(texts)])
        distinct = timed("sketch: distinct shingles", lambda: [dedup._distinct(*h) for h in hashed])
        signatures = timed("sketch: one-permutation minhash",
                           lambda: np.concatenate([dedup._minhash(*d) for d in distinct]))
        sizes = np.concatenate([ends - starts for _, starts, ends in distinct])
        names = timed("sketch: names and noise", lambda: dedup.name_sketches(texts))
        bottom = timed("sketch: bottom-k", lambda: np.concatenate([dedup._bottom(*d) for d in distinct]))
        leads = timed("sketch: leads' band keys", lambda: np.concatenate([dedup._lead_keys(*h) for h in hashed]))
        parts.append(timed("sketch: repeats copied", lambda: sketcher.fill(
            dedup.Sketches(signatures, sizes, names, bottom, leads))))
    sketches = dedup.Sketches.concat(parts).take(np.argsort(ids, kind="stable"))
    candidates = timed("candidates", lambda: dedup.copy_candidates(sketches))
    pairs = timed("verify", lambda: dedup.copy_links(candidates, sketches))
    labels = timed("components", lambda: dedup.components(np.sort(ids), pairs))
    copy_of = np.empty(len(ids), dtype=object)
    copy_of[np.argsort(ids, kind="stable")] = labels
    timed("write (spooled lines, labels put in)", lambda: spool.write(
        workdir / "out.jsonl", copy_of, np.full(len(ids), None, dtype=object), np.ones(len(ids), dtype=bool),
        lambda *a: None))
    return {"seconds": sum(times.values()), "cpu_s": _cpu(resource.RUSAGE_SELF),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "stages": times}


def run_command(name: str, path: Path, workdir: Path) -> dict:
    """One `wiretrace` command in a child process: wall seconds and the child's peak RSS."""
    wiretrace = [str(Path(sys.executable).with_name("wiretrace"))]
    if name == "add":
        argv = wiretrace + ["add", str(path), "--db", str(workdir / "bench.db"), "--json"]
    else:
        argv = wiretrace + ["dedup", str(path), "--output", str(workdir / "out.jsonl"), "--json"]
        argv += ["--no-stories"] if "--no-stories" in name else []
    processes = PROCESSES.get(name, "1")
    env = {k: v for k, v in os.environ.items() if k != "WIRETRACE_WORKERS"}
    env.update({"WIRETRACE_WORKERS": processes} if processes is not None else {})
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    result = {"seconds": seconds, "cpu_s": _cpu(resource.RUSAGE_CHILDREN),
              "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
    if name != "add":
        result.update(_labelled_scores(workdir / "out.jsonl"))
    return result


def _labelled_scores(path: Path) -> dict:
    """ARI of the written copy clusters against the generator's lineages, and of stories against its events."""
    copies = _copies_module()
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    records = [{**r, "id": r["input_id"]} for r in rows]
    scores = {"ari": copies.scores([r["copy_cluster_id"] for r in rows], copies.gold_clusters(records))["ari"]}
    if rows and rows[0]["story_id"]:
        scores["story_ari"] = copies.scores([r["story_id"] for r in rows], [r["event"] for r in rows])["ari"]
    return scores


def measure(name: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter so its peak memory is its own."""
    done = subprocess.run([sys.executable, __file__, "--child", name, "--input", str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{name} on {path} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def corpus(size: int, folder: Path, real: Path | None = None) -> Path:
    path = folder / f"{'real' if real else 'generated'}-{size}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--count", str(size), "--seed", "1",
                        "--output", str(path), *(["--real", str(real)] if real else [])],
                       check=True, stderr=subprocess.DEVNULL)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000],
                        help="corpus sizes for copy detection and dedup --no-stories")
    parser.add_argument("--full-sizes", type=int, nargs="*", default=[1_000, 10_000],
                        help="corpus sizes for dedup with stories and add (both annotate)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "wiretrace-bench",
                        help="where generated corpora are kept between runs")
    parser.add_argument("--json", type=Path, help="also write the results here (results already there for other "
                                                  "sizes or runs are kept, and shown in the table and plot)")
    parser.add_argument("--plot", type=Path, default=PLOT, help="PNG of time and memory against size")
    parser.add_argument("--runs", nargs="+", help="only these runs (names as in the table)")
    parser.add_argument("--real", type=Path, metavar="DATASETS",
                        help="copies of the real ECB+ and BASIL articles in this folder (../shared/datasets)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.child in COPY_RUNS:
            result = run_copies(args.child, args.input)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                run = (run_stages if args.child == "stages" else
                       (lambda *a: run_peer_file(args.child, *a)) if args.child in FILE_RUNS else
                       (lambda *a: run_command(args.child, *a)))
                result = run(args.input, Path(workdir))
        print(json.dumps(result))
        return

    need_bench_extras()
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}", file=sys.stderr)
    results = []
    plan = [(size, name) for size in args.sizes for name in [*COPY_RUNS, *FILE_RUNS, *FULL_RUNS[:4]]]
    plan += [(size, name) for size in args.full_sizes for name in FULL_RUNS[4:]]
    plan = [(size, name) for size, name in plan if not args.runs or name in args.runs]
    for size, name in plan:
        path = corpus(size, args.data, args.real)
        print(f"{name} at {size} ...", file=sys.stderr, flush=True)
        result = {"size": size, "run": name, **measure(name, path)}
        result["per_s"] = size / result["seconds"]
        result["per_cpu_s"] = size / result["cpu_s"]
        result["input"] = "real" if args.real else "generated"
        results.append(result)
        print(f"  {result['seconds']:.1f}s ({result['cpu_s']:.1f}s CPU), {result['per_s']:.0f}/s, {result['rss_mb']:.0f} MB"
              + (f", ARI {result['ari']:.3f}" if "ari" in result else "")
              + (f", story ARI {result['story_ari']:.3f}" if "story_ari" in result else ""), file=sys.stderr, flush=True)
    if args.json and args.json.exists():
        key = lambda r: (r.get("input", "generated"), r["size"], r["run"])  # noqa: E731
        fresh = {key(r) for r in results}
        results = [r for r in json.loads(args.json.read_text()) if key(r) not in fresh] + results
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    plot(results, args.plot)
    print(f"plot written to {args.plot}", file=sys.stderr)


def table(results: list[dict]) -> str:
    """Markdown tables: every run; wiretrace (in memory, and the whole dedup command) against each peer at each
    input and size; where dedup's time goes."""
    lines = ["| input | articles | run | seconds | CPU seconds | articles/s | articles per CPU second | peak RSS (MB) | "
             "copy ARI |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ari = f"{r['ari']:.3f}" if "ari" in r else "-"
        ari += f" (stories {r['story_ari']:.3f})" if "story_ari" in r else ""
        lines.append(f"| {r.get('input', 'generated')} | {r['size']:,} | {r['run']} | {r['seconds']:.1f} | "
                     f"{r['cpu_s']:.1f} | {r['per_s']:,.0f} | {r['per_cpu_s']:,.0f} | {r['rss_mb']:,.0f} | {ari} |")
    lines += ["", "| input | articles | peer | peer articles/s | wiretrace in memory: faster by | "
              "`dedup --no-stories` (read to write): faster by | the same, 2 processes | the same, default processes | "
              "the same per CPU second: "
              "in memory | `dedup --no-stories` | wiretrace ARI | peer ARI |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    ours = {(r.get("input", "generated"), r["size"], r["run"]): r for r in results}
    for r in results:
        key = r.get("input", "generated"), r["size"]
        mine, whole = ours.get((*key, "wiretrace")), ours.get((*key, "dedup --no-stories"))
        two = ours.get((*key, "dedup --no-stories, 2 processes"))
        default = ours.get((*key, "dedup --no-stories, default"))
        parallel = " | ".join(f"{run['per_s'] / r['per_s']:.2f}x" if run else "-" for run in (two, default))
        if r["run"] in COPY_RUNS and r["run"] != "wiretrace" and mine:
            command = f"{whole['per_s'] / r['per_s']:.1f}x" if whole else "-"
            command += f" | {parallel}"
            command_cpu = f"{whole['per_cpu_s'] / r['per_cpu_s']:.1f}x" if whole else "-"
            lines.append(f"| {key[0]} | {key[1]:,} | {r['run']} | {r['per_s']:,.0f} | {mine['per_s'] / r['per_s']:.1f}x | "
                         f"{command} | {mine['per_cpu_s'] / r['per_cpu_s']:.1f}x | {command_cpu} | {mine['ari']:.3f} | "
                         f"{r['ari']:.3f} |")
        if r["run"] in FILE_RUNS and whole:   # a peer timed as a command: against the command alone
            lines.append(f"| {key[0]} | {key[1]:,} | {r['run']} | {r['per_s']:,.0f} | - | "
                         f"{whole['per_s'] / r['per_s']:.2f}x | {parallel} | - | "
                         f"{whole['per_cpu_s'] / r['per_cpu_s']:.2f}x | "
                         f"{whole['ari']:.3f} | {r['ari']:.3f} |")
    for r in results:
        if "stages" in r:
            lines += ["", f"Where `dedup --no-stories` spends its time ({r.get('input', 'generated')}, "
                          f"{r['size']:,} articles, steps timed one by one):", "",
                      "| step | seconds | share |", "|---|---|---|"]
            lines += [f"| {stage} | {t:.1f} | {t / r['seconds']:.0%} |" for stage, t in r["stages"].items()]
    return "\n".join(lines)


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name in dict.fromkeys(r["run"] for r in results):
        rows = sorted((r for r in results if r["run"] == name), key=lambda r: r["size"])
        sizes = [r["size"] for r in rows]
        style = "-o" if name.startswith(("wiretrace", "dedup", "add")) else "--s"
        left.plot(sizes, [r["cpu_s"] for r in rows], style, label=name)
        right.plot(sizes, [r["rss_mb"] for r in rows], style, label=name)
    for axis, label in ((left, "CPU seconds"), (right, "peak RSS (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("articles")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    left.set_title("time (CPU: the machine is shared)")
    right.set_title("memory")
    left.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
