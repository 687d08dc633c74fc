"""Cold start: each command on the two example articles, from a fresh process, this tree against an earlier commit.

A newcomer's first commands run on two articles, where loading models, not work, is what they wait for. Each
command runs `--repeat` times in a new Python process (the median wall time is reported), for the code of this
tree and for the code of `--before` (a commit, checked out into a temporary worktree and put first on the path),
each on a store of its own made by its own `add`.

    .venv/bin/python benchmarks/startup.py --before 7fbfa73
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO.parent / "shared" / "examples"


def run(src: Path, args: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "wiretrace.cli", *args], capture_output=True, text=True,
                          env={**env, "PYTHONPATH": str(src)}, timeout=600)
    if done.returncode not in (0, 1):
        raise SystemExit(f"wiretrace {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return time.perf_counter() - started, done.stdout


def commands(src: Path, folder: Path, env: dict) -> list[tuple[str, list[str]]]:
    """The commands timed, on a store of this code's making (its ids found by its own --json)."""
    db = folder / "wiretrace.db"
    first, _ = run(src, ["add", str(EXAMPLES), "--db", str(db), "--json"], env)
    story = json.loads(run(src, ["stories", "--db", str(db), "--json"], env)[1])[0]["id"]
    article = json.loads(run(src, ["articles", "--db", str(db), "--json"], env)[1])[0]["id"]
    files = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    return [
        ("add (two articles, new store)", ["add", *files, "--db", str(folder / "fresh-{n}.db")]),
        ("compare (two files)", ["compare", *files]),
        ("dedup (two files)", ["dedup", *files, "--output", str(folder / "out.jsonl")]),
        ("stories", ["stories", "--db", str(db)]),
        ("story", ["story", story, "--db", str(db)]),
        ("story --explain", ["story", story, "--explain", "--db", str(db)]),
        ("article", ["article", article, "--db", str(db)]),
        ("quotes", ["quotes", story, "--db", str(db)]),
        ("facts", ["facts", story, "--db", str(db)]),
    ]


def measure(src: Path, repeat: int, console: Console, label: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "WIRETRACE_DB"} | {"COLUMNS": "120"}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        times: dict[str, float] = {}
        for name, args in commands(src, folder, env):
            runs = []
            for n in range(repeat):
                runs.append(run(src, [a.replace("{n}", f"{n}") for a in args], env)[0])
            times[name] = statistics.median(runs)
            console.print(f"{label}: {name} {times[name]:.2f} s", highlight=False)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a commit to measure against (omit to measure this tree alone)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not EXAMPLES.is_dir():
        raise SystemExit(f"{EXAMPLES} is absent: the two example articles live in ../shared beside the repository")
    console = Console(stderr=True)
    after = measure(REPO / "src", args.repeat, console, "this tree")
    before = None
    if args.before:
        with tempfile.TemporaryDirectory() as scratch:
            tree = Path(scratch) / "before"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), args.before],
                           check=True, capture_output=True)
            try:
                before = measure(tree / "src", args.repeat, console, args.before)
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=True)
    table = Table(title=f"cold start, median of {args.repeat} fresh processes (s)")
    table.add_column("command")
    if before:
        table.add_column(args.before, justify="right")
    table.add_column("this tree", justify="right")
    if before:
        table.add_column("ratio", justify="right")
    for name, seconds in after.items():
        row = [name] + ([f"{before[name]:.2f}"] if before else []) + [f"{seconds:.2f}"]
        table.add_row(*row, *([f"{before[name] / seconds:.1f}x"] if before else []))
    Console().print(table)


if __name__ == "__main__":
    main()
