"""Generated bad inputs never cost the batch.

Every input from `fuzz_inputs` is read as `add` reads it (JSON Lines also as
`dedup` streams it, Parquet only that way): each item is an Article or an
InputError and nothing else escapes; each reject line is one line naming the
file; the good articles beside the bad ones come out; nothing an external
entity points at reaches an article, and entity expansion stays bounded. One
`wiretrace add` runs end to end over a small mixed folder. The nightly run,
benchmarks/fuzz.py, drives the same generator with thousands of inputs.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from fuzz_inputs import SECRET, Fuzzer, generate, judge, read, write

SEED = 20240305
COUNT = 320
SECRET_FILE = Path(tempfile.gettempdir()) / "wiretrace-fuzz" / "secret.txt"
CASES = generate(COUNT, SEED, SECRET_FILE)
SECONDS_PER_INPUT = 20      # generous on a shared two-core machine; a hang takes far longer
WIRETRACE = Path(sys.executable).parent / "wiretrace"

def _case_params(cases):
    return [pytest.param(case, id=case.name) for case in cases]


@pytest.fixture(scope="module", autouse=True)
def secret() -> Path:
    """The local file the XXE inputs point at."""
    SECRET_FILE.parent.mkdir(exist_ok=True)
    SECRET_FILE.write_text(SECRET + "\n", encoding="utf-8")
    return SECRET_FILE


def _read_and_judge(case, tmp_path, streamed: bool = False):
    path = write(case, tmp_path)
    started = time.perf_counter()
    items = read(case, path, streamed)
    seconds = time.perf_counter() - started
    verdict = judge(case, items, str(path))
    assert not verdict.lost, f"{case.note}: good articles lost {verdict.lost}; read {items}"
    assert not verdict.faults, f"{case.note}: {verdict.faults}"
    assert seconds < SECONDS_PER_INPUT, f"{case.note}: {seconds:.1f} s"


def test_the_generator_covers_every_format_and_kind_and_replays():
    assert len(CASES) >= 300
    kinds = Counter((c.fmt, c.kind) for c in CASES)
    assert {fmt for fmt, _ in kinds} == {"txt", "jsonl", "json", "html", "feed", "parquet"}
    assert min(kinds.values()) >= 5, kinds
    assert [c.data for c in generate(40, SEED, SECRET_FILE)] == [c.data for c in CASES[:40]]


@pytest.mark.parametrize("case", _case_params(CASES))
def test_each_input_is_read_as_add_reads_it(case, tmp_path):
    _read_and_judge(case, tmp_path)


@pytest.mark.parametrize("case", _case_params([c for c in CASES if c.fmt == "jsonl"]))
def test_each_json_lines_input_is_streamed_as_dedup_reads_it(case, tmp_path):
    _read_and_judge(case, tmp_path, streamed=True)


def test_one_folder_of_every_input_loses_no_good_article(tmp_path):
    """The batch `add` reads: all inputs side by side, then dated together."""
    from wiretrace.readers import read_batch

    cases = [c for c in CASES if c.fmt != "parquet"]
    for case in cases:
        write(case, tmp_path)
    batch = read_batch([tmp_path])
    found = Counter(ref for a in batch.articles for c in cases for ref in c.good if ref in a.text)
    wanted = [ref for c in cases for ref in c.good]
    assert [ref for ref in wanted if found[ref] != 1] == []
    assert len(batch.articles) <= sum(c.at_most for c in cases)
    assert len({e.origin for e in batch.rejected}) >= sum(c.rejects is True for c in cases)


ENTITY_PROBE = """
import json, resource, sys, time
from wiretrace.readers import read_paths
list(read_paths([sys.argv[1]]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
items = list(read_paths(sys.argv[2:]))
print(json.dumps({"grown_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
                  "seconds": time.perf_counter() - started,
                  "longest": max(len(getattr(i, "text", "") or "") for i in items),
                  "secret": any(%r in (getattr(i, "text", "") + str(getattr(i, "title", ""))) for i in items)}))
"""


def test_entities_neither_expand_nor_reach_a_local_file(tmp_path, secret):
    """Billion laughs and XXE, in feeds and pages, read in a process of their own so its memory can be measured
    (and capped: an expansion would die on the cap, not take the machine)."""
    fuzzer = Fuzzer(SEED, secret)
    attacks = [fuzzer.feed_hostile(f"feed-{a}-{n}", a) for a in ("laughs", "xxe") for n in range(3)]
    attacks += [fuzzer.html_hostile(f"page-{a}-{n}", a) for a in ("laughs", "xxe") for n in range(3)]
    warm = write(fuzzer.feed_good("warm"), tmp_path)
    paths = [str(write(case, tmp_path)) for case in attacks]

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    done = subprocess.run([sys.executable, "-c", ENTITY_PROBE % SECRET, str(warm), *paths], capture_output=True,
                          text=True, timeout=120, preexec_fn=cap)
    assert done.returncode == 0, done.stderr[-2000:]
    probe = json.loads(done.stdout)
    assert probe["grown_mb"] < 100 and probe["seconds"] < 30, probe
    assert probe["longest"] < 5_000 and not probe["secret"], probe


def test_add_end_to_end_rejects_the_bad_files_and_stores_the_good(tmp_path, secret):
    """`wiretrace add` over ten bad files and two good articles: exit 1, no traceback, both articles stored."""
    from wiretrace.store import Store

    bad, seen = [], set()
    for case in CASES:
        small = len(case.data) < 50_000 and case.fmt != "parquet"
        if small and case.at_most == 0 and case.rejects and (case.fmt, case.kind) not in seen and len(bad) < 10:
            seen.add((case.fmt, case.kind))
            bad.append(case)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for case in bad:
        write(case, folder)
    fuzzer = Fuzzer(SEED + 1, secret)
    (one, first), (two, second) = fuzzer.story(), fuzzer.story()
    (folder / "good-1.txt").write_text(f"title: {one['title']}\npublished: {one['published']}\n\n{one['text']}\n",
                                       encoding="utf-8")
    (folder / "good-2.jsonl").write_text(json.dumps(two) + "\n", encoding="utf-8")
    db = tmp_path / "fuzz.db"

    done = subprocess.run([str(WIRETRACE), "add", "--db", str(db), str(folder), "--json"], capture_output=True,
                          text=True, timeout=300)

    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert len(report["added"]) == 2
    assert {Path(r["origin"]).name for r in report["rejected"]} == {case.name for case in bad}
    with Store(db) as store:
        texts = [a.text for a in store.articles()]
    assert sorted(ref for ref in (first, second) if any(ref in t for t in texts)) == sorted([first, second])
