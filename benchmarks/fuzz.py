"""Nightly fuzzing: thousands of generated bad inputs through wiretrace's readers, each under a time limit.

The inputs come from `tests/fuzz_inputs.py`, the generator behind the CI test
(tests/test_fuzz.py, a few hundred of them): malformed, truncated, mis-encoded,
giant, deeply nested, wrong-typed and hostile files of every format, most of
them holding good articles beside the bad records. Each is read as `add`
reads it, and JSON Lines and Parquet also as `dedup` streams them, in a worker
process with a memory cap: an input that takes longer than `--timeout` is a
hang (the worker is killed and replaced), an exception other than an
InputError a crash. `--add-sample N` also runs `wiretrace add` end to end on N
of the inputs in one folder. The table counts, per format, inputs tried,
inputs rejected as expected, articles read, crashes, hangs, good articles lost
and other faults (a reject line that spans lines or does not name its file,
an article that should not be there, an entity's expansion or a local file's
text in an article); the inputs behind each are listed after it, and
`--save DIR` keeps their bytes. `--write-docs` writes the table into
docs/reliability.md.

    python benchmarks/fuzz.py --count 5000 --seed 7 --add-sample 40 --write-docs
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_inputs import SECRET, Case, Fuzzer, judge, read, write  # noqa: E402

DOCS = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- fuzz:begin -->", "<!-- fuzz:end -->"
ROWS = ["txt", "jsonl", "jsonl (dedup, streamed)", "json", "html", "feed", "parquet (dedup, streamed)"]


@dataclass
class Row:
    """One line of the table: what reading one format's inputs gave."""

    inputs: int = 0
    should_reject: int = 0
    rejected: int = 0
    articles: int = 0
    crashes: int = 0
    hangs: int = 0
    lost: int = 0
    faults: int = 0
    failures: dict[tuple[str, str], list] = field(default_factory=dict)   # (what, case note): [count, first one]

    def failed(self, what: str, case_note: str, example: str) -> None:
        seen = self.failures.setdefault((what, case_note), [0, example])
        seen[0] += 1

    def findings(self) -> list[str]:
        return [f"{count:,} x {what} on {note!r}, first {example}"
                for (what, note), (count, example) in self.failures.items()]

    def cells(self) -> list[str]:
        return [f"{self.inputs:,}", f"{self.rejected:,} / {self.should_reject:,}", f"{self.articles:,}",
                f"{self.crashes:,}", f"{self.hangs:,}", f"{self.lost:,}", f"{self.faults:,}"]


HEADERS = ["format", "inputs", "rejected as expected", "articles read", "crashes", "hangs", "data lost",
           "other faults"]


# the worker: reads one input at a time, under a memory cap


def _work(conn, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    _warm()
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        case, path, streamed = job
        try:
            conn.send(("ok", judge(case, read(case, Path(path), streamed), path)))
        except BaseException as exc:   # a crash is what this run looks for: MemoryError and RecursionError too
            detail = (str(exc).splitlines() or [""])[0][:160]
            conn.send(("crash", f"{type(exc).__name__}: {detail}"))


def _warm() -> None:
    """Load what the readers load lazily, so that the first input of each kind is not timed with its imports."""
    import dateparser
    import pyarrow.parquet  # noqa: F401
    import trafilatura  # noqa: F401

    from wiretrace.batch import read_articles  # noqa: F401
    from wiretrace.readers import read_paths  # noqa: F401
    from wiretrace.readers.fields import detect_language

    dateparser.parse("March 5, 2024")
    detect_language("The harbour council voted on Tuesday to rebuild the sea wall after the storms.")


class Worker:
    """A worker process; one that runs past the time limit (or dies) is killed and replaced."""

    def __init__(self, memory: int):
        self.memory = memory
        self.context = multiprocessing.get_context("spawn")
        self.start()

    def start(self) -> None:
        """A fresh worker, its imports done before any input is timed."""
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_work, args=(child, self.memory), daemon=True)
        self.process.start()
        if not self.conn.poll(300) or self.conn.recv() != "ready":
            raise RuntimeError("the fuzzing worker did not start")

    def run(self, case: Case, path: Path, streamed: bool, timeout: float) -> tuple[str, object, float]:
        started = time.perf_counter()
        self.conn.send((replace(case, data=b""), str(path), streamed))
        if not self.conn.poll(timeout):
            self.restart()
            return "hang", f"over {timeout:g} s", time.perf_counter() - started
        try:
            status, result = self.conn.recv()
        except EOFError:
            code = self.process.exitcode
            self.restart()
            return "crash", f"the worker died (exit {code})", time.perf_counter() - started
        return status, result, time.perf_counter() - started

    def restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.start()

    def stop(self) -> None:
        self.conn.send(None)
        self.process.join(10)


# the run


def fuzz(count: int, seed: int, timeout: float, memory: int, save: Path | None, console: Console) -> dict[str, Row]:
    rows = {name: Row() for name in ROWS}
    folder = Path(tempfile.mkdtemp(prefix="wiretrace-fuzz-"))
    secret = folder / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    worker = Worker(memory)
    started = time.perf_counter()
    try:
        for number, case in enumerate(Fuzzer(seed, secret).cases(count), start=1):
            path = write(case, folder)
            for label, streamed in _ways(case):
                status, result, seconds = worker.run(case, path, streamed, timeout)
                _count(rows[label], case, status, result, save, folder)
            path.unlink()
            if number % 250 == 0:
                console.print(f"[dim]{number:,} of {count:,} inputs, {time.perf_counter() - started:,.0f} s[/dim]")
    finally:
        worker.stop()
    return rows


def _ways(case: Case) -> list[tuple[str, bool]]:
    if case.fmt == "parquet":
        return [("parquet (dedup, streamed)", True)]
    if case.fmt == "jsonl":
        return [("jsonl", False), ("jsonl (dedup, streamed)", True)]
    return [(case.fmt, False)]


def _count(row: Row, case: Case, status: str, result, save: Path | None, folder: Path) -> None:
    row.inputs += 1
    row.should_reject += case.rejects is True
    if status == "hang":
        row.hangs += 1
        row.failed("hang", case.note, f"{case.name}: {result}")
    elif status == "crash":
        row.crashes += 1
        row.failed("crash", case.note, f"{case.name}: {result}")
    else:
        row.rejected += case.rejects is True and result.rejects > 0
        row.articles += result.articles
        row.lost += len(result.lost)
        row.faults += bool(result.faults)
        if result.lost:
            row.failed("data lost", case.note, f"{case.name}: {len(result.lost)} of {len(case.good)} good articles")
        if result.faults:
            row.failed("fault", case.note, f"{case.name}: {result.faults[0].replace(f'{folder}/', '')}")
    if save and (status != "ok" or result.lost or result.faults):
        save.mkdir(parents=True, exist_ok=True)
        (save / case.name).write_bytes(case.data)


def add_end_to_end(sample: int, seed: int, timeout: float) -> Row:
    """`wiretrace add` over `sample` inputs in one folder (Parquet aside: `add` does not read it)."""
    row = Row()
    folder = Path(tempfile.mkdtemp(prefix="wiretrace-fuzz-add-"))
    inbox = folder / "inbox"
    inbox.mkdir()
    secret = folder / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    pool = [c for c in Fuzzer(seed + 1, secret).cases(sample * 4) if c.fmt != "parquet"]
    cases = random.Random(seed).sample(pool, min(sample, len(pool)))
    for case in cases:
        write(case, inbox)
    row.inputs = len(cases)
    row.should_reject = sum(c.rejects is True for c in cases)
    wiretrace = Path(sys.executable).parent / "wiretrace"
    try:
        done = subprocess.run([str(wiretrace), "add", "--db", str(folder / "store.db"), str(inbox), "--json"],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        row.hangs = 1
        row.failed("hang", "the whole folder", f"add over {timeout:g} s")
        return row
    if "Traceback" in done.stdout + done.stderr or done.returncode not in (0, 1):
        row.crashes = 1
        row.failed("crash", "the whole folder", f"exit {done.returncode}: "
                   f"{(done.stderr.strip().splitlines() or [''])[-1][:160]}")
        return row
    report = json.loads(done.stdout)
    rejected_files = {Path(r["origin"]).name for r in report["rejected"]}
    row.rejected = sum(c.rejects is True and c.name in rejected_files for c in cases)
    row.articles = len(report["added"]) + len(report["present"])
    from wiretrace import Store

    with Store(folder / "store.db") as store:
        texts = [a.text for a in store.articles(limit=1_000_000)]
    for case in cases:
        lost = [ref for ref in case.good if not any(ref in t for t in texts)]
        row.lost += len(lost)
        if lost:
            row.failed("data lost", case.note, f"{case.name}: {len(lost)} of {len(case.good)} good articles")
    return row


# reporting


def table(rows: dict[str, Row]) -> Table:
    shown = Table(*HEADERS, title="Bad inputs through the readers")
    for name, row in rows.items():
        if row.inputs:
            shown.add_row(name, *row.cells())
    return shown


def markdown(rows: dict[str, Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += [f"| {name} | " + " | ".join(row.cells()) + " |" for name, row in rows.items() if row.inputs]
    return "\n".join(lines)


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=104, break_on_hyphens=False, break_long_words=False)


def write_docs(rows: dict[str, Row], args, seconds: float) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = f"python benchmarks/fuzz.py --count {args.count} --seed {args.seed} --timeout {args.timeout:g}"
    command += f" --add-sample {args.add_sample}" if args.add_sample else ""
    findings = [f"- {name}: {line}" for name, row in rows.items() for line in row.findings()]
    section = "\n".join([
        BEGIN,
        "## Bad input: `benchmarks/fuzz.py`",
        "",
        _paragraph(
            f"`{command}`, run {date.today().isoformat()} on {machine} ({seconds / 60:,.0f} minutes). Every input "
            "is generated from the seed by `tests/fuzz_inputs.py` (the CI test, `tests/test_fuzz.py`, runs a few "
            "hundred of them): malformed, truncated at a random byte, mis-encoded (UTF-16 with and without BOM, "
            "Latin-1, random and NUL bytes), giant (2-3 MB without a paragraph break, 1.5 MB fields), deeply nested "
            "(JSON 10,000 levels, 5,000 nested divs), wrong-typed fields, and hostile (external entities aimed at a "
            "local file, billion laughs, scripts, `javascript:` urls), most beside good articles in the same file. "
            f"Each is read in a worker process capped at {args.memory_gb:g} GB, `add`'s way and, for JSON Lines and "
            f"Parquet, `dedup`'s streamed way; an input still running after {args.timeout:g} s is a hang."),
        "",
        markdown(rows),
        "",
        _paragraph(
            "*Rejected as expected*: inputs holding a bad record that gave at least one reject line, of those that "
            "hold one. *Articles read*: good articles, and records of which either outcome is right (cut short, "
            "giant). *Crashes*: an exception other than an InputError. *Data lost*: good articles that did not come "
            "out. *Other faults*: a reject line over one line, holding a control character or not naming its file; "
            "more articles than the input holds; a mis-decoded name; text from an entity's target or expansion in "
            "an article."),
        "",
        *(["What failed, by kind of input (with the first input that did):", "", *findings] if findings
          else ["Nothing failed."]),
        END,
    ])
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else TEMPLATE
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")


TEMPLATE = """# Reliability

What wiretrace does with bad input, under faults and under load. The rule: no bad input costs the batch;
each bad record becomes one reject line, `file:line: problem`, and the good records land. Each section is
written by its own script or measurement; sections are kept apart by markers so that a rerun replaces only
its own.

## Faults survived

*To be measured.* (Faults injected into a running `add` or `dedup` and what each cost.)

## Load held

*To be measured.* (Sustained load on `add` and `serve`, and where it stopped holding.)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="inputs to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=int(date.today().strftime("%Y%m%d")),
                        help="generator seed (default: today as YYYYMMDD)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it is a hang")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="address space cap of the worker")
    parser.add_argument("--add-sample", type=int, default=0, help="inputs for one `wiretrace add` end to end")
    parser.add_argument("--save", type=Path, help="write each failing input's bytes into this folder")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/reliability.md")
    args = parser.parse_args()
    console = Console() if sys.stdout.isatty() else Console(width=150)   # a nightly log is no terminal
    console.print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
                  f"seed {args.seed}, {args.count:,} inputs")
    started = time.perf_counter()
    rows = fuzz(args.count, args.seed, args.timeout, int(args.memory_gb * (1 << 30)), args.save, console)
    if args.add_sample:
        rows["add (end to end)"] = add_end_to_end(args.add_sample, args.seed, args.timeout * 20)
    seconds = time.perf_counter() - started
    console.print(table(rows))
    for name, row in rows.items():
        for line in row.findings():
            console.print(f"  {name}: {line}", markup=False, highlight=False)
    console.print(f"{seconds:,.0f} s")
    if args.write_docs:
        write_docs(rows, args, seconds)
        console.print(f"wrote {DOCS.relative_to(ROOT)}")
    if any(row.crashes or row.hangs or row.lost for row in rows.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
