"""Load test of `wiretrace serve` over loopback, alone and while a writer adds articles to its store.

The server runs as `wiretrace serve` in its own process on 127.0.0.1 (never
another address) over the demo corpus; the client sends a bounded number of
requests (default 2,000 per run, at most 20,000, and no run longer than
--max-seconds) from a fixed number of concurrent connections (default 20, at
most 64) to the story pages and to the compare page of every provenance link
(an article and the one it derives from), and reports throughput, p50/p99
latency and errors per kind of page.

The same requests are sent twice: first with the server alone, then while a
writer process adds generated articles (generate.py: copies, rewrites and new
events of the demo stories, so that they join the stories being read) to the
same store, one per `ingest` call (as many commits as it can make), until the
run ends. The writer makes its articles, loads its models and adds its first
article before the second run starts, so that the run measures writing, not
loading. Afterwards the store must pass `PRAGMA integrity_check` and hold
every article added.

The peer measured in the same run: the same compare pages uncached, each
computed once, in turn, before the load starts (that is also the warm-up that
fills the server's comparison cache; each story page is then fetched once to
fill its cache too). Its first request, which loads the models, is reported
apart as the cold start.

`--write-docs` writes the figures into docs/reliability.md ("Load held").

    python benchmarks/load.py [--requests 2000] [--concurrency 20] [--articles 200] [--db STORE] [--json FILE]
                              [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs" / "reliability.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
sys.path.insert(0, str(HERE))

from wiretrace import Store, demo, ingest  # noqa: E402
from wiretrace.stories import story, summaries  # noqa: E402

HOST = "127.0.0.1"
WRITER_SEED = 7
console = Console(width=150)


def demo_store(folder: Path) -> Path:
    path = folder / "demo.db"
    with Store(path) as store:
        ingest(store, [demo.corpus_path()])
    return path


def copied_store(db: Path, folder: Path) -> Path:
    """A copy of `db` (with its write-ahead log and index) for the writer to write to: never the original."""
    path = folder / "store.db"
    for suffix in ("", "-wal", ".index"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{path}{suffix}")
    return path


def targets(path: Path) -> tuple[list[str], list[str]]:
    """Every story page, and the compare page of every provenance link in the store."""
    stories, compares = [], []
    with Store(path) as store:
        for summary in summaries(store):
            stories.append(f"/stories/{summary.id}")
            compares += [f"/compare?a={link.derived_from}&b={link.article}"
                         for link in story(store, summary.id).provenance if link.derived_from]
    return stories, compares


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(path: Path, port: int, log: Path) -> subprocess.Popen:
    """`wiretrace serve` in its own process, what it prints going to `log`."""
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "serve", "--db", str(path), "--host", HOST,
                                   "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/stories?limit=1", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


async def load(base: str, urls: list[tuple[str, str]], concurrency: int, max_seconds: float) -> tuple[dict, float]:
    """Send each (kind, url) once from `concurrency` connections, none started after `max_seconds`: latencies
    and errors (by status or exception) per kind, and the wall time."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in urls:
        queue.put_nowait(item)
    results: dict[str, dict] = {}
    deadline = time.perf_counter() + max_seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty() and time.perf_counter() < deadline:
            kind, url = queue.get_nowait()
            stats = results.setdefault(kind, {"latency": [], "errors": Counter()})
            started = time.perf_counter()
            try:
                response = await client.get(url)
                failure = None if response.status_code == 200 and b"</html>" in response.content else \
                    str(response.status_code)
            except httpx.HTTPError as exc:
                failure = type(exc).__name__
            stats["latency"].append(time.perf_counter() - started)
            if failure:
                stats["errors"][failure] += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return results, time.perf_counter() - started


def figures(results: dict, wall: float) -> dict:
    rows = {kind: {"requests": len(s["latency"]), "errors": sum(s["errors"].values()),
                   "p50_ms": 1000 * percentile(s["latency"], 0.5), "p99_ms": 1000 * percentile(s["latency"], 0.99)}
            for kind, s in results.items()}
    every = [x for s in results.values() for x in s["latency"]]
    total = len(every)
    return {"requests": total, "errors": sum(r["errors"] for r in rows.values()), "seconds": wall,
            "throughput_rps": total / wall, "p50_ms": 1000 * percentile(every, 0.5),
            "p99_ms": 1000 * percentile(every, 0.99), "kinds": rows,
            "error_kinds": dict(sum((s["errors"] for s in results.values()), Counter()))}


def writer(path: str, count: int, batch: int, ready, go, stop, added, seconds) -> None:
    """Add up to `count` generated articles to the store at `path`, `batch` per `ingest` call, from `go` until
    `stop`. Runs in its own process, as `wiretrace add` would beside the server. The first article is added before
    `ready`, since the first `ingest` in a process loads what the later ones reuse."""
    from generate import generate, load_seeds

    seeds = load_seeds()
    records = [r for r in generate(seeds, len(seeds) + count + 1, seed=WRITER_SEED) if r.operation != "original"]
    with tempfile.TemporaryDirectory(prefix="wiretrace-writer-") as folder, Store(path) as store:
        def add(part: list) -> int:
            file = Path(folder) / "part.jsonl"
            file.write_text("".join(json.dumps(r.as_json()) + "\n" for r in part), encoding="utf-8")
            return len(ingest(store, [file]).added)

        add(records[:1])
        ready.set()
        go.wait()
        started = time.perf_counter()
        for start in range(1, len(records), batch):
            if stop.is_set():
                break
            with added.get_lock():
                added.value += add(records[start:start + batch])
            seconds.value = time.perf_counter() - started


def article_count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per run (at most 20,000)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent connections (at most 64)")
    parser.add_argument("--max-seconds", type=float, default=300, help="no request started after this, per run")
    parser.add_argument("--articles", type=int, default=200, help="most articles the writer adds (at most 2,000)")
    parser.add_argument("--batch", type=int, default=1, help="articles per `ingest` call of the writer")
    parser.add_argument("--db", type=Path, help="a wiretrace store, copied before writing (default: the demo corpus)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--write-docs", action="store_true", help="write the figures into docs/reliability.md")
    args = parser.parse_args()
    if not 1 <= args.requests <= 20_000 or not 1 <= args.concurrency <= 64 or not 1 <= args.articles <= 2000 \
            or not 1 <= args.batch <= 100 or not 1 <= args.max_seconds <= 1800:
        parser.error("--requests 1..20000, --concurrency 1..64, --articles 1..2000, --batch 1..100, "
                     "--max-seconds 1..1800")

    spawn = multiprocessing.get_context("spawn")
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="wiretrace-load-") as folder:
        path = copied_store(args.db, Path(folder)) if args.db else demo_store(Path(folder))
        stories, compares = targets(path)
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(folder) / "server.log"
        server = start_server(path, port, log)
        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                timings = []
                for url in compares:
                    started = time.perf_counter()
                    ok = client.get(url).status_code == 200
                    timings.append(time.perf_counter() - started)
                    if not ok:
                        raise SystemExit(f"warm-up failed on {url}")
                for url in stories:
                    if client.get(url).status_code != 200:
                        raise SystemExit(f"warm-up failed on {url}")
            mix = [("story page", u) for u in stories] + [("compare page, cached", u) for u in compares]
            urls = [mix[n % len(mix)] for n in range(args.requests)]
            alone = figures(*asyncio.run(load(base, urls, args.concurrency, args.max_seconds)))

            ready, go, stop = spawn.Event(), spawn.Event(), spawn.Event()
            added, seconds = spawn.Value("i", 0), spawn.Value("d", 0.0)
            process = spawn.Process(target=writer, args=(str(path), args.articles, args.batch, ready, go, stop,
                                                         added, seconds))
            process.start()
            try:
                if not ready.wait(600):
                    raise SystemExit("the writer was not ready within 600 s")
                before = article_count(path)
                go.set()
                writing = figures(*asyncio.run(load(base, urls, args.concurrency, args.max_seconds)))
            finally:
                stop.set()
                process.join(300)
                if process.is_alive():
                    process.kill()
        finally:
            server.terminate()
            server.wait(30)
        after, checked = article_count(path), integrity(path)
        server_log = log.read_text(encoding="utf-8", errors="replace").splitlines()

    cold, uncached = timings[0], timings[1:]
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "unset")},
        "concurrency": args.concurrency, "alone": alone, "writing": writing,
        "writer": {"added": added.value, "seconds": seconds.value, "batch": args.batch, "exit_code": process.exitcode,
                   "articles_before": before, "articles_after": after, "integrity_check": checked},
        "server_log_tail": server_log[-20:], "story_pages": len(stories), "compare_pages": len(compares),
        "cold_start_compare_ms": 1000 * cold,
        "uncached_compare_ms": {"mean": 1000 * statistics.mean(uncached or [cold]),
                                "p50": 1000 * percentile(uncached or [cold], 0.5)},
    }
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    if args.write_docs:
        write_docs(result, args, time.perf_counter() - started, (load_before, os.getloadavg()[0]))
        console.print(f"wrote {DOCS}")
    failed = alone["errors"] + writing["errors"]
    if failed or checked != "ok" or process.exitcode != 0 or after != before + added.value:
        raise SystemExit(f"{failed} requests failed; integrity_check: {checked}; writer exit code {process.exitcode}; "
                         f"{after - before} articles in the store against {added.value} added")


def report(result: dict) -> None:
    machine = result["machine"]
    table = Table(title=f"wiretrace serve on {HOST}: {result['alone']['requests']} requests per run, concurrency "
                        f"{result['concurrency']}, {machine['cpus']} cores, "
                        f"OPENBLAS_CORETYPE={machine['OPENBLAS_CORETYPE']}")
    for name in ("run", "pages", "requests", "errors", "throughput (req/s)", "p50 (ms)", "p99 (ms)"):
        table.add_column(name, justify="left" if name in ("run", "pages") else "right")
    for run, name in (("alone", "server alone"), ("writing", "with writer")):
        figures = result[run]
        for kind, r in figures["kinds"].items():
            table.add_row(name, kind, str(r["requests"]), str(r["errors"]), "", f"{r['p50_ms']:.1f}",
                          f"{r['p99_ms']:.1f}")
        table.add_row(name, "all", str(figures["requests"]), str(figures["errors"]),
                      f"{figures['throughput_rps']:.0f}", f"{figures['p50_ms']:.1f}", f"{figures['p99_ms']:.1f}",
                      end_section=True)
    peer = result["uncached_compare_ms"]
    table.add_row("peer", "compare page uncached, one at a time", str(result["compare_pages"] - 1), "0",
                  f"{1000 / peer['mean']:.1f}", f"{peer['p50']:.1f}", "")
    console.print(table)
    for run in ("alone", "writing"):
        if result[run]["error_kinds"]:
            console.print(f"errors ({run}): {result[run]['error_kinds']}")
    if result["server_log_tail"] and (result["alone"]["errors"] or result["writing"]["errors"]):
        console.print("the server's last words:", *result["server_log_tail"], sep="\n", markup=False)
    w = result["writer"]
    console.print(f"writer: {w['added']} articles added in {w['seconds']:.0f} s, {w['batch']} per ingest call, while "
                  f"the second run went on; store {w['articles_before']} -> {w['articles_after']} articles; "
                  f"PRAGMA integrity_check: {w['integrity_check']}")
    cached = result["alone"]["kinds"].get("compare page, cached", {}).get("p50_ms")
    if cached:
        console.print(f"compare page p50 (server alone): cached {cached:.1f} ms vs uncached {peer['p50']:.0f} ms "
                      f"({peer['p50'] / cached:.0f}x); cold start (models loading) "
                      f"{result['cold_start_compare_ms']:.0f} ms")


def markdown(result: dict) -> str:
    """The report's table in Markdown: the pages of each run, then the uncached peer."""
    lines = ["| run | pages | requests | errors | throughput | p50 | p99 |", "|---|---|---|---|---|---|---|"]
    for run, name in (("alone", "server alone"), ("writing", "with writer")):
        figures = result[run]
        for kind, r in figures["kinds"].items():
            lines.append(f"| {name} | {kind} | {r['requests']:,} | {r['errors']:,} | | {r['p50_ms']:,.0f} ms "
                         f"| {r['p99_ms']:,.0f} ms |")
        lines.append(f"| {name} | all | {figures['requests']:,} | {figures['errors']:,} | "
                     f"{figures['throughput_rps']:,.0f} req/s | {figures['p50_ms']:,.0f} ms | "
                     f"{figures['p99_ms']:,.0f} ms |")
    peer = result["uncached_compare_ms"]
    lines.append(f"| peer: compare page uncached, one at a time | | {result['compare_pages'] - 1:,} | 0 | "
                 f"{1000 / peer['mean']:.1f} req/s | {peer['p50']:,.0f} ms | |")
    return "\n".join(lines)


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=104, break_on_hyphens=False, break_long_words=False)


def write_docs(result: dict, args, seconds: float, load: tuple[float, float]) -> None:
    """Replace the "Load held" section of docs/reliability.md (between its markers) with this run's figures."""
    machine, w = result["machine"], result["writer"]
    alone, writing = result["alone"], result["writing"]
    command = f"python benchmarks/load.py --requests {args.requests} --concurrency {args.concurrency} " \
              f"--articles {args.articles} --batch {args.batch} --max-seconds {args.max_seconds:g}"
    store = f"the store `{args.db.name}` (copied)" if args.db else "the demo corpus"
    errors = alone["errors"] + writing["errors"]
    held = w["articles_after"] == w["articles_before"] + w["added"]
    section = "\n".join([
        BEGIN,
        "## Load held: `benchmarks/load.py`",
        "",
        _paragraph(
            f"`{command}`, run {date.today().isoformat()} on {platform.machine()}, {machine['cpus']} cores, Python "
            f"{machine['python']}, `OPENBLAS_CORETYPE` {machine['OPENBLAS_CORETYPE']}, load average {load[0]:.1f} "
            f"before and {load[1]:.1f} after ({seconds:,.0f} s). `wiretrace serve` over {store} on "
            f"{HOST} (one uvicorn worker in its own process) takes the same {args.requests:,} requests from "
            f"{args.concurrency} connections twice, round-robin over its {result['story_pages']} story pages and "
            f"the compare pages of its {result['compare_pages']} provenance links: first alone, then while a "
            f"writer process adds generated articles (copies, rewrites and new events of the stories being read) "
            f"to the same store, {args.batch} per `ingest` call, until the run ends. Before the first run each "
            "compare page is fetched once uncached, one at a time (the peer row), and each story page once. A "
            "request is an error unless it is answered 200 with a whole page."),
        "",
        markdown(result),
        "",
        _paragraph(
            f"The writer added {w['added']:,} articles in {w['seconds']:,.0f} s while the second run went on (store "
            f"{w['articles_before']:,} -> {w['articles_after']:,} articles{'' if held else ': not every article added'}); "
            f"writer exit code {w['exit_code']}; `PRAGMA integrity_check` afterwards: `{w['integrity_check']}`. "
            f"Throughput with the writer: {writing['throughput_rps'] / alone['throughput_rps']:.2f}x the server's "
            f"alone, p99 {writing['p99_ms'] / alone['p99_ms']:.2f}x. "
            + ("No request failed." if not errors else f"{errors:,} requests failed: "
               f"{dict(alone['error_kinds'])} alone, {dict(writing['error_kinds'])} with the writer.")
            + f" The first comparison, which loads the models, took {result['cold_start_compare_ms'] / 1000:.1f} s. "
            "The load is bounded: where `serve` stops holding, at more connections or a faster writer, is not "
            "measured here."),
        END,
    ])
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.DOTALL)
    else:
        text = re.sub(r"## Load held\n\n\*To be measured\.\*[^\n]*\n+", "", text)
        after = next((m for m in ("<!-- faults:end -->", "<!-- fuzz:end -->") if m in text), None)
        text = text.replace(after, f"{after}\n\n{section}", 1) if after else text.rstrip("\n") + f"\n\n{section}\n"
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
