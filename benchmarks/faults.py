"""The fault tests under several seeds, counted trial by trial: what each kind of fault cost.

tests/test_faults.py SIGKILLs `add` at seeded random moments (an SQL statement of
the batch, a line of the index files' saving, inside a story merge or split, a
random time), runs four writers beside a web reader, and fills a small tmpfs
under an `add` (as root). CI runs it under one seed and stops a test at its
first failing trial; this runs it once per seed, each a pytest process of its
own with WIRETRACE_FAULT_SEED set and WIRETRACE_FAULT_LOG naming a file to
which the tests append one JSON line per trial: how much of the batch the store
held after the fault, articles stored before it that are gone, and the store's
integrity and index. The JUnit report says which tests failed and why; a
failure that no trial's counts explain (the recovery add, a kill that did not
land, a 5xx from the reader's server) is an "other failure". `--write-docs`
writes the table into docs/reliability.md.

    python benchmarks/faults.py --seeds 3 --write-docs
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- faults:begin -->", "<!-- faults:end -->"
TESTS = "tests/test_faults.py"
FIRST_SEED = 20240507   # the tests' own default, so that the first seed is the one CI runs

KINDS = {   # fault kind, as the tests log it: row label
    "statement": "`add` killed at an SQL statement",
    "save": "`add` killed saving the index files",
    "merge": "`add` killed in a story merge",
    "split": "`add` killed in a story split",
    "timer": "`add` killed at a random time",
    "writers": "four writers beside a web reader",
    "graph race": "two writers saving the graph at once",
    "full disk": "disk full during `add`",
    "disk full at open": "disk full before `add`",
}
UNLOGGED = {"graph race", "disk full at open"}   # a trial is a run of the test, counted from the JUnit report
TEST_KINDS = {   # test name prefix: fault kind (None: the test's parameter is the kind)
    "test_a_process_killed_mid_add": None,
    "test_concurrent_writers": "writers",
    "test_two_writers_saving_the_graph": "graph race",
    "test_a_full_disk": "full disk",
    "test_a_disk_full_to_the_last_byte": "disk full at open",
}
HEADERS = ["fault", "trials", "batch kept whole", "batch rolled back", "partial batches", "committed articles lost",
           "integrity or index failures", "other failures"]


@dataclass
class Row:
    """One kind of fault over all seeds. Counts that a kind's trials cannot show stay None and print as '-'."""

    trials: int = 0
    whole: int | None = None
    rolled_back: int | None = None
    partial: int | None = None
    lost: int | None = None
    broken: int | None = None
    other: int = 0
    skipped: int = 0
    requests: int = 0
    findings: list[str] = field(default_factory=list)

    def add(self, name: str, value: int) -> None:
        setattr(self, name, (getattr(self, name) or 0) + value)

    def cells(self) -> list[str]:
        counts = [self.trials, self.whole, self.rolled_back, self.partial, self.lost, self.broken, self.other]
        return ["-" if n is None else f"{n:,}" for n in counts]


# one seed


def run_seed(seed: int, timeout: float, folder: Path) -> tuple[list[dict], dict[str, tuple[str, str]], float]:
    """Run the fault tests under `seed`: the trials they logged, and each test's outcome and message by kind."""
    log, junit = folder / f"trials-{seed}.jsonl", folder / f"junit-{seed}.xml"
    env = {**os.environ, "WIRETRACE_FAULT_SEED": str(seed), "WIRETRACE_FAULT_LOG": str(log)}
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "pytest", TESTS, "-p", "no:cacheprovider", "-q", f"--junitxml={junit}"],
                       cwd=ROOT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pass   # the tests that finished are in neither file; the run is counted by what is
    seconds = time.perf_counter() - started
    trials = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return trials, outcomes(junit) if junit.exists() else {}, seconds


def outcomes(junit: Path) -> dict[str, tuple[str, str]]:
    """(passed, failed or skipped; the message) of each test in a JUnit report, keyed by fault kind."""
    found = {}
    for case in ElementTree.parse(junit).iter("testcase"):
        name = case.get("name", "")
        prefix = next((p for p in TEST_KINDS if name.startswith(p)), None)
        if prefix is None:
            continue
        kind = TEST_KINDS[prefix] or name.partition("[")[2].rstrip("]")
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            element = case.find(tag)
            if element is not None:
                outcome = "skipped" if tag == "skipped" else "failed"
                message = (element.get("message") or element.text or "").strip().splitlines()[0][:200]
        found[kind] = (outcome, message)
    return found


def count(rows: dict[str, Row], seed: int, trials: list[dict], tests: dict[str, tuple[str, str]]) -> None:
    """Add one seed's trials and test outcomes to the rows."""
    explained = set()
    for trial in trials:
        kind, row = trial["fault"], rows[trial["fault"]]
        if _tally(row, trial):
            explained.add(kind)
            row.findings.append(f"seed {seed}: {_describe(trial)}")
    for kind in [k for k in KINDS if k not in tests]:
        rows[kind].other += 1
        rows[kind].findings.append(f"seed {seed}: no outcome (the run timed out or broke off)")
    for kind, (outcome, message) in tests.items():
        row = rows[kind]
        if kind in UNLOGGED:
            row.trials += outcome != "skipped"
        if outcome == "skipped":
            row.skipped += 1
            row.findings.append(f"seed {seed}: skipped: {message}")
        elif outcome == "failed":
            row.other += kind not in explained
            row.findings.append(f"seed {seed}: test failed: {message}")


def _tally(row: Row, trial: dict) -> bool:
    """Count one logged trial; True when it shows a failure."""
    if "error" in trial:
        row.trials += 1
        row.add("broken", 1)
        return True
    if trial["fault"] == "writers":
        adds, held, dropped = trial["adds"], trial["held"], trial["dropped"]
        row.trials += adds
        row.requests += trial["requests"]
        row.add("whole", held)
        row.add("rolled_back", dropped)
        other = sum(code != 0 for code in trial["writers"]) + trial["server_errors"]
        partial = False
    else:
        row.trials += 1
        partial = 0 < trial["held"] < trial["batch"]
        row.add("whole", trial["held"] == trial["batch"])
        row.add("rolled_back", trial["held"] == 0)
        row.add("partial", partial)
        other = trial["exit"] != -9 if "target" in trial else trial["exit"] == 0   # a kill, or an add on a full disk
    broken = trial["integrity"] != "ok" or trial.get("foreign_keys", 0) or trial.get("unplaced", 0) \
        or not trial.get("indexed", True)
    row.add("lost", trial["lost"])
    row.add("broken", bool(broken))
    row.other += bool(other)
    return bool(other or broken or partial or trial["lost"])


def _describe(trial: dict) -> str:
    keys = ("trial", "target", "exit", "batch", "held", "lost", "integrity", "foreign_keys", "unplaced", "indexed",
            "writers", "server_errors", "error")
    return ", ".join(f"{key} {trial[key]}" for key in keys if key in trial)


# reporting


def table(rows: dict[str, Row]) -> Table:
    shown = Table(*HEADERS, title="Faults injected into wiretrace, per kind over all seeds")
    for kind, row in rows.items():
        shown.add_row(KINDS[kind], *row.cells())
    return shown


def markdown(rows: dict[str, Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += [f"| {KINDS[kind]} | " + " | ".join(row.cells()) + " |" for kind, row in rows.items()]
    return "\n".join(lines)


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=104, break_on_hyphens=False, break_long_words=False)


def write_docs(rows: dict[str, Row], seeds: list[int], seconds: float) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    root = "as root" if os.geteuid() == 0 else "not as root, so the full-disk tests skip"
    command = f"python benchmarks/faults.py --seeds {len(seeds)}" + \
        (f" --seed {seeds[0]}" if seeds[0] != FIRST_SEED else "")
    findings = [f"- {KINDS[kind]}, {line}" for kind, row in rows.items() for line in row.findings]
    writers = rows["writers"]
    section = "\n".join([
        BEGIN,
        "## Faults survived: `benchmarks/faults.py`",
        "",
        _paragraph(
            f"`{command}`, run {date.today().isoformat()} on {machine}, {root} ({seconds:,.0f} s): "
            f"`tests/test_faults.py` once per seed (seeds {seeds[0]} to {seeds[-1]}; the first is the one CI runs), "
            "each run a pytest process of its own. A kill is a SIGKILL of a process adding a batch to a copy of a "
            "small store (2-3 articles to a store of 3-5, set up so that the batch folds the recent articles into "
            "the index graph, or merges two stories, or splits one) at a step drawn from the seed: an SQL statement "
            "of the add, a line run while the index files are saved after the commit (sometimes with the index "
            "folder deleted first), a statement inside the merge or the split, or a random time up to 1.5 times the "
            "add's duration. After each kill the store is opened and counted, and the batch and one more article "
            "added again. The writers are four processes adding 15 articles each, one per transaction, drawn from "
            "the same 28 (so that they overlap), to a store of 2 while the web app is read; a trial there is one "
            "add. The full disk is a 4 MB tmpfs left 64 KB free before `add` takes two long articles into a store "
            "of 3, or left no byte before `add` opens the store. `dedup` is not among the faults."),
        "",
        markdown(rows),
        "",
        _paragraph(
            "*Batch kept whole* and *rolled back*: trials after which the store held all of the batch or none of it. "
            "*Partial batches*: some of it. *Committed articles lost*: articles stored before the fault (or, "
            "beside the writers, by a writer that finished) that the store no longer held. *Integrity or index "
            "failures*: trials after which the store would not open, failed `PRAGMA integrity_check` or "
            "`foreign_key_check`, held an article in no story, or had an index that did not hold every profile. "
            "*Other failures*: a kill that did not land, a writer that failed, a request answered 5xx, an `add` on "
            "a full disk that did not fail in one line, or a failed test that the counts do not explain (adding the "
            "batch again after the fault, the merge or split not made, the graph and its stamp not matching). "
            "'-': not a count this fault can show."
            + (f" The reader beside the writers sent {writers.requests:,} requests." if writers.requests else "")),
        "",
        *(["What failed or skipped:", "", *findings] if findings else ["Nothing failed."]),
        END,
    ])
    DOCS.write_text(place(DOCS.read_text(encoding="utf-8"), section, "Faults survived", "<!-- fuzz:end -->"),
                    encoding="utf-8")


def place(text: str, section: str, placeholder: str, after: str) -> str:
    """`text` with `section` in place of its own markers' span; the first time, in place of the heading left to be
    measured, after the section ending in `after` (else at the end)."""
    if BEGIN in text and END in text:
        return re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.DOTALL)
    text = re.sub(rf"## {placeholder}\n\n\*To be measured\.\*[^\n]*\n+", "", text)
    if after in text:
        return text.replace(after, f"{after}\n\n{section}", 1)
    return text.rstrip("\n") + "\n\n" + section + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="how many seeds to run the tests under (default 3)")
    parser.add_argument("--seed", type=int, default=FIRST_SEED, help=f"the first seed (default {FIRST_SEED})")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per seed's pytest run")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/reliability.md")
    args = parser.parse_args()
    console = Console() if sys.stdout.isatty() else Console(width=160)
    console.print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
                  f"{args.seeds} seeds from {args.seed}")
    seeds = list(range(args.seed, args.seed + args.seeds))
    rows = {kind: Row() for kind in KINDS}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wiretrace-faults-") as folder:
        for seed in seeds:
            trials, tests, seconds = run_seed(seed, args.timeout, Path(folder))
            count(rows, seed, trials, tests)
            failed = sum(outcome == "failed" for outcome, _ in tests.values())
            console.print(f"[dim]seed {seed}: {len(trials)} trials logged, {len(tests)} tests, {failed} failed, "
                          f"{seconds:,.0f} s[/dim]")
    seconds = time.perf_counter() - started
    console.print(table(rows))
    for kind, row in rows.items():
        for line in row.findings:
            console.print(f"  {KINDS[kind]}: {line}", markup=False, highlight=False)
    console.print(f"{seconds:,.0f} s")
    if args.write_docs:
        write_docs(rows, seeds, seconds)
        console.print(f"wrote {DOCS.relative_to(ROOT)}")
    if any(row.other or row.partial or row.lost or row.broken for row in rows.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
