"""Load test of `wiretrace serve` over loopback: story and compare pages under concurrent requests.

The server runs as `wiretrace serve` in its own process on 127.0.0.1 (never
another address) over the demo corpus; the client sends a bounded number of
requests (default 2,000, at most 20,000) from a fixed number of concurrent
connections (default 20, at most 64) to the story pages and to the compare page
of every provenance link (an article and the one it derives from), and reports
throughput, p50/p99 latency and errors per kind of page.

The peer measured in the same run: the same compare pages uncached, each
computed once, in turn, before the load starts (that is also the warm-up that
fills the server's comparison cache). Its first request, which loads the
models, is reported apart as the cold start.

    python benchmarks/load.py [--requests 2000] [--concurrency 20] [--db STORE] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from wiretrace import Store, demo, ingest
from wiretrace.stories import story, summaries

HOST = "127.0.0.1"
console = Console()


def demo_store(folder: Path) -> Path:
    path = folder / "demo.db"
    with Store(path) as store:
        ingest(store, [demo.corpus_path()])
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


def start_server(path: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "serve", "--db", str(path), "--host", HOST,
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def load(base: str, urls: list[tuple[str, str]], concurrency: int) -> tuple[dict, float]:
    """Send every (kind, url) once from `concurrency` connections; latencies per kind and the wall time."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in urls:
        queue.put_nowait(item)
    results: dict[str, dict] = {}

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            kind, url = queue.get_nowait()
            stats = results.setdefault(kind, {"latency": [], "errors": 0})
            started = time.perf_counter()
            try:
                response = await client.get(url)
                ok = response.status_code == 200 and b"</html>" in response.content
            except httpx.HTTPError:
                ok = False
            stats["latency"].append(time.perf_counter() - started)
            stats["errors"] += not ok

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests in the timed run (at most 20,000)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent connections (at most 64)")
    parser.add_argument("--db", type=Path, help="a wiretrace store (default: the demo corpus, loaded afresh)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not 1 <= args.requests <= 20_000 or not 1 <= args.concurrency <= 64:
        parser.error("--requests must be 1..20000 and --concurrency 1..64")

    with tempfile.TemporaryDirectory(prefix="wiretrace-load-") as folder:
        path = args.db or demo_store(Path(folder))
        stories, compares = targets(path)
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = start_server(path, port)
        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                timings = []
                for url in compares:
                    started = time.perf_counter()
                    ok = client.get(url).status_code == 200
                    timings.append(time.perf_counter() - started)
                    if not ok:
                        raise SystemExit(f"warm-up failed on {url}")
            mix = [("story page", u) for u in stories] + [("compare page, cached", u) for u in compares]
            urls = [mix[n % len(mix)] for n in range(args.requests)]
            results, wall = asyncio.run(load(base, urls, args.concurrency))
        finally:
            server.terminate()
            server.wait(30)

    cold, uncached = timings[0], timings[1:]
    rows = {kind: {"requests": len(s["latency"]), "errors": s["errors"],
                   "p50_ms": 1000 * percentile(s["latency"], 0.5), "p99_ms": 1000 * percentile(s["latency"], 0.99)}
            for kind, s in results.items()}
    total = sum(r["requests"] for r in rows.values())
    errors = sum(r["errors"] for r in rows.values())
    every = [x for s in results.values() for x in s["latency"]]
    figures = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "unset")},
        "requests": total, "concurrency": args.concurrency, "errors": errors, "seconds": wall,
        "throughput_rps": total / wall, "p50_ms": 1000 * percentile(every, 0.5), "p99_ms": 1000 * percentile(every, 0.99),
        "kinds": rows, "story_pages": len(stories), "compare_pages": len(compares),
        "cold_start_compare_ms": 1000 * cold,
        "uncached_compare_ms": {"mean": 1000 * statistics.mean(uncached or [cold]),
                                "p50": 1000 * percentile(uncached or [cold], 0.5)},
    }
    table = Table(title=f"wiretrace serve on {HOST}: {total} requests, concurrency {args.concurrency}, "
                        f"{os.cpu_count()} cores, OPENBLAS_CORETYPE={figures['machine']['OPENBLAS_CORETYPE']}")
    for name in ("pages", "requests", "errors", "throughput (req/s)", "p50 (ms)", "p99 (ms)"):
        table.add_column(name, justify="left" if name == "pages" else "right")
    for kind, r in rows.items():
        table.add_row(kind, str(r["requests"]), str(r["errors"]), "", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}")
    table.add_row("all", str(total), str(errors), f"{figures['throughput_rps']:.0f}", f"{figures['p50_ms']:.1f}",
                  f"{figures['p99_ms']:.1f}")
    peer = figures["uncached_compare_ms"]
    table.add_row("peer: compare page uncached, one at a time", str(len(uncached)), "0",
                  f"{1000 / peer['mean']:.1f}", f"{peer['p50']:.1f}", "")
    console.print(table)
    cached = rows.get("compare page, cached", {}).get("p50_ms")
    if cached:
        console.print(f"compare page p50: cached {cached:.1f} ms vs uncached {peer['p50']:.0f} ms "
                      f"({peer['p50'] / cached:.0f}x); cold start (models loading) {figures['cold_start_compare_ms']:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if errors:
        raise SystemExit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
