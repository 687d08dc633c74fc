"""Faults: processes killed mid-`add`, concurrent writers beside a reader, a full disk.

Kills land at seeded random points (set WIRETRACE_FAULT_SEED to try others) in
the SQL of an add, in the index files written after its commit, in story merges
and splits, and at random times. Annotations and profiles are computed once;
merges and splits are brought about by join probabilities given per event. The
disk fills up on a small tmpfs, mounted when running as root.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np
import pytest

from wiretrace import Article, Store, annotate
from wiretrace.stories import index as story_index
from wiretrace.stories import online
from wiretrace.stories import story

SEED = int(os.environ.get("WIRETRACE_FAULT_SEED", "20240507"))
LOG = os.environ.get("WIRETRACE_FAULT_LOG")   # benchmarks/faults.py reads what each trial left from here
RECENT = 4   # folds into the graph, and so graph files written, every few articles
DAY = datetime(2024, 5, 7, 9, 0, tzinfo=timezone.utc)

BRIDGE = [   # one event, four reports in their own words
    "A road bridge over the Selva river at Tarvik collapsed on Tuesday morning, sending two lorries into the "
    "water, regional police said.\n\nBoth drivers were pulled out alive by fishermen.",
    "Two truck drivers survived when the Tarvik bridge gave way beneath them. Engineers had reported cracks in "
    "its piers last year, the town council confirmed on Tuesday.",
    "Divers searched the Selva for a third vehicle after the span at Tarvik fell.\n\n\u201cWe heard a crack like "
    "thunder,\u201d said shopkeeper Ilse Marten, who watched it go.",
    "The transport ministry ordered checks on 40 bridges of the Tarvik design after Tuesday's collapse, in which "
    "nobody died. Minister Pavel Rusk called the inspections overdue.",
]
FERRY = [    # another event, three reports
    "A passenger ferry ran aground off Porto Lune late on Sunday with 212 people aboard; the coast guard said "
    "everyone was taken off by lifeboat.",
    "Strong winds pushed the Aurelia onto a sandbank near Porto Lune, its operator said, adding that the hull "
    "had not been breached and no fuel leaked.",
    "Salvage crews waited for high tide to refloat the stranded ferry near Porto Lune.\n\n\u201cNobody "
    "panicked,\u201d passenger Dario Feo told local radio.",
]
OTHER = [    # unrelated news, each carried by two outlets
    "The Brenholm city council approved 48 million crowns for school repairs on Thursday, with seven members "
    "voting against.\n\nWork on the first three schools starts in June.",
    "Keepers at the Ostara zoo announced the birth of two snow leopard cubs, the first born there in 12 years. "
    "Visitors will see them in the autumn.",
    "Runner Maile Osei won the Kestrel Bay marathon in 2 hours 11 minutes on Sunday, beating the course record "
    "by 40 seconds.",
    "Fire destroyed a grain warehouse at Dunmere overnight. Firefighters said no one was inside and the cause "
    "was not yet known.",
]
OUTLETS = ["Northern Courier", "Valley Wire"]


def _article(text: str, title: str, source: str) -> Article:
    return Article(text=text, title=title, source=source, published=DAY,
                   url=f"https://{_slug(source)}.example/{_slug(title)}")


def _slug(words: str) -> str:
    return words.lower().replace(" ", "-")


def _variant(item, source: str, published: datetime):
    """Another outlet's copy of an annotated article, published another day: no annotating or encoding again."""
    article, annotations, profile = item
    copy = replace(article, source=source, published=published)
    return copy, replace(annotations, article_id=copy.id), replace(profile, article_id=copy.id, day=published.date())


@pytest.fixture(scope="module")
def pool():
    """Annotated and profiled articles: the bridge and ferry reports, and eight of other news."""
    from wiretrace.fingerprints import profiles

    articles = ([_article(t, f"Tarvik bridge report {n}", f"Bridge Outlet {n}") for n, t in enumerate(BRIDGE)]
                + [_article(t, f"Porto Lune ferry report {n}", f"Ferry Outlet {n}") for n, t in enumerate(FERRY)])
    annotated = [(a, annotate(a)) for a in articles]
    other = [(a, annotate(a)) for a in (_article(t, f"News {n}", OUTLETS[0]) for n, t in enumerate(OTHER))]
    items = [(a, ann, p) for (a, ann), p in zip(annotated + other, profiles(annotated + other))]
    copies = [_variant(item, OUTLETS[1], DAY) for item in items[len(annotated):]]
    return {"bridge": items[:4], "ferry": items[4:7], "other": items[7:] + copies}


def _agreement(events: dict[str, str]):
    """Join probabilities by event: 0.95 within one, 0.5 between two labelled events, 0.05 with anything else."""
    def one(a: str, b: str) -> float:
        if a in events and b in events:
            return 0.95 if events[a] == events[b] else 0.5
        return 0.05

    return lambda profile, others: np.array([one(profile.article_id, o.article_id) for o in others])


def _build(path: Path, items, events: dict[str, str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story_index, "RECENT", RECENT)
        with Store(path) as store:
            online.use_probabilities(store, _agreement(events) if events else None)
            for item in items:
                store.add([item])


@pytest.fixture(scope="module")
def scenarios(pool, tmp_path_factory):
    """Stores a batch is added to, one per scenario: (store, batch, events, extra, what must hold after the batch).

    plain: the batch's first article folds the recent ones into the graph, which is written after the commit.
    merge: two stories of one event whose first reports are three weeks apart; the batch's bridge, between them,
    merges them. split: the bridge story took in two ferry reports; a third splits them off.
    """
    folder = tmp_path_factory.mktemp("fault-bases")
    other, bridge, ferry = pool["other"], pool["bridge"], pool["ferry"]
    early, late, middle = (datetime(2024, 5, d, 9, tzinfo=timezone.utc) for d in (1, 21, 11))
    merging = [_variant(other[0], "Early One", early), _variant(other[1], "Early Two", early),
               _variant(other[2], "Late One", late), _variant(other[3], "Late Two", late),
               _variant(other[0], "Middle", middle)]

    def merged(store):
        assert len({store.story_of(a.id) for a, _, _ in merging}) == 1

    def split(store):
        assert len({store.story_of(a.id) for a, _, _ in bridge}) == 1
        assert len({store.story_of(a.id) for a, _, _ in ferry}) == 1
        assert store.story_of(bridge[0][0].id) != store.story_of(ferry[0][0].id)

    out = {
        "plain": (other[:3], other[3:6], {}, None),
        "merge": (merging[:4], [merging[4], bridge[0]], {a.id: "c" for a, _, _ in merging}, merged),
        "split": (bridge[:3] + ferry[:2], [ferry[2], bridge[3]],
                  {a.id: e for e, items in (("b", bridge), ("f", ferry)) for a, _, _ in items}, split),
    }
    built = {}
    for name, (base, batch, events, check) in out.items():
        path = folder / name / "news.db"
        path.parent.mkdir()
        _build(path, base, events)
        if name == "merge":   # two stories of one event, as add can leave them (no window keeps them apart now)
            with Store(path) as store, store.transaction():
                store.set_stories({a.id: ("s" + merging[2][0].id, 1.0) for a, _, _ in merging[2:4]})
        built[name] = (path, batch, events, other[7], check)
    return built


def _copy_store(source: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / source.name
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    shutil.copytree(f"{source}.index", f"{target}.index")
    return target


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _doomed_add(path: str, batch, phase: str, target: int, events: dict, ready) -> None:
    """Add `batch` and SIGKILL this process at the `target`-th step of `phase`, or at the phase's end.

    statement: SQL statements of the add. merge, split: SQL statements inside online.merge or online.split_off.
    save: lines of the index module run while a changed graph is written. timer: the parent kills it.
    Exit code 3 says the phase never came.
    """
    story_index.RECENT = RECENT
    store = Store(path)
    if events:
        online.use_probabilities(store, _agreement(events))
    steps, inside = 0, phase == "statement"

    def step(*_):
        nonlocal steps
        if inside:
            steps += 1
            if steps >= target:
                _die()

    def dying(method):
        def run(*args, **kwargs):
            nonlocal inside
            inside = True
            method(*args, **kwargs)
            _die()
        return run

    store.db.set_trace_callback(step)
    if phase in ("merge", "split"):
        name = "merge" if phase == "merge" else "split_off"
        setattr(online, name, dying(getattr(online, name)))
    elif phase == "save":
        save, module = story_index.StoryIndex.save, story_index.__file__

        def traced(frame, event, arg):
            if event == "line" and frame.f_code.co_filename == module:
                step()
            return traced

        def saving(index):
            if not index.changed or index.folder is None:
                return save(index)
            sys.settrace(traced)
            try:
                dying(save)(index)
            finally:
                sys.settrace(None)

        story_index.StoryIndex.save = saving
    elif phase == "timer":
        from wiretrace.stories import cluster

        cluster.load()
        store.index   # what the add would load first, so that the parent's delays fall inside its work
        ready.set()
    store.add(batch)
    if phase == "timer":
        time.sleep(120)
    os._exit(3)


def _statements(path: Path, batch, folder: Path) -> tuple[int, float]:
    """How many SQL statements adding `batch` runs, and how long it takes, on a scratch copy of the store."""
    copy = _copy_store(path, folder)
    seen = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story_index, "RECENT", RECENT)
        with Store(copy) as store:
            store.db.set_trace_callback(seen.append)
            started = time.perf_counter()
            store.add(batch)
            return len(seen), time.perf_counter() - started


def _indexed(store: Store) -> list[int]:
    """The profile rowids in the candidate index: the graph's and the recent articles'."""
    index = store.index
    return sorted(np.concatenate([faiss.vector_to_array(index.graph.id_map),
                                  faiss.vector_to_array(index.recent.id_map)]).tolist())


def _check_store(store: Store) -> None:
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.db.execute("SELECT count(*) FROM articles WHERE id NOT IN "
                            "(SELECT article_id FROM story_articles)").fetchone()[0] == 0
    assert _indexed(store) == [r for r, _ in store.profile_days()]


def _log(fault: str, path: Path, count, **record) -> None:
    """Append one trial as a JSON line to WIRETRACE_FAULT_LOG, for benchmarks/faults.py to count: `record` and what
    count(store) finds in the store at `path`, measured before the test's assertions so that a failing trial is
    logged too."""
    try:
        with Store(path) as store:
            record |= count(store)
    except Exception as exc:
        record["error"] = f"{type(exc).__name__}: {exc}"
    with open(LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps({"fault": fault, "seed": SEED, **record}) + "\n")


def _health(store: Store) -> dict:
    """What _check_store asserts, counted instead."""
    try:
        indexed = _indexed(store) == [r for r, _ in store.profile_days()]
    except Exception:
        indexed = False
    return {"integrity": store.db.execute("PRAGMA integrity_check").fetchone()[0],
            "foreign_keys": len(store.db.execute("PRAGMA foreign_key_check").fetchall()),
            "unplaced": store.db.execute("SELECT count(*) FROM articles WHERE id NOT IN "
                                         "(SELECT article_id FROM story_articles)").fetchone()[0],
            "indexed": indexed}


def _kept(store: Store, batch: list[str], before: set[str]) -> dict:
    """Counts for the log: how much of the batch is stored, and how many of the articles stored before are not."""
    return {"batch": len(batch), "held": sum(map(store.has, batch)), "lost": sum(not store.has(i) for i in before)}


def _stored(store: Store) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT id FROM articles")}


TRIALS = {"statement": 4, "save": 6, "merge": 4, "split": 4, "timer": 4}
SCENARIO = {"statement": "plain", "save": "plain", "merge": "merge", "split": "split", "timer": "plain"}
STEPS = {"save": 12, "merge": 4, "split": 7}   # a step past the phase's last kills at its end


@pytest.mark.parametrize("phase", list(TRIALS))
def test_a_process_killed_mid_add_leaves_the_batch_all_or_nothing_and_the_index_catches_up(
        phase, scenarios, tmp_path, monkeypatch):
    """After each kill the store opens whole, with none or all of the batch, each article in a story and the index
    holding every profile; adding the batch again, and one more article, works."""
    path, batch, events, extra, check = scenarios[SCENARIO[phase]]
    monkeypatch.setattr(story_index, "RECENT", RECENT)
    rng = random.Random(f"{SEED}-{phase}")
    statements, seconds = _statements(path, batch, tmp_path / "count") if phase in ("statement", "timer") else (0, 0.0)
    if LOG:
        with Store(_copy_store(path, tmp_path / "before")) as store:
            before = _stored(store)
    spawn = multiprocessing.get_context("spawn")
    kept = []
    for trial in range(TRIALS[phase]):
        copy = _copy_store(path, tmp_path / f"trial-{trial}")
        target = rng.randint(1, statements if phase == "statement" else STEPS.get(phase, 1))
        if phase == "save" and rng.random() < 0.3:
            shutil.rmtree(f"{copy}.index")   # rebuilt and written inside the transaction, before the commit
        where = f"{phase} trial {trial}, target {target}, seed {SEED}"
        ready = spawn.Event()
        child = spawn.Process(target=_doomed_add, args=(str(copy), batch, phase, target, events, ready))
        child.start()
        if phase == "timer":
            assert ready.wait(60), where
            time.sleep(rng.uniform(0, 1.5 * seconds))
            os.kill(child.pid, signal.SIGKILL)
        child.join(60)
        if LOG:
            _log(phase, copy, lambda store: _kept(store, [a.id for a, _, _ in batch], before) | _health(store),
                 trial=trial, target=target, exit=child.exitcode)
        assert child.exitcode == -signal.SIGKILL, where
        with Store(copy) as store:
            _check_store(store)
            held = sum(store.has(a.id) for a, _, _ in batch)
            assert held in (0, len(batch)), where
        kept.append(held)
        with Store(copy) as store:
            online.use_probabilities(store, _agreement(events) if events else None)
            again = store.add(batch)
            assert (len(again.present), len(again.added)) == (held, len(batch) - held), where
            store.add([extra])
            _check_store(store)
            assert extra[0].id in {a.id for a in story(store, store.story_of(extra[0].id)).articles}
            if check:
                check(store)
    print(f"{phase}: {len(kept)} kills; batch stored whole {kept.count(len(batch))}, not at all {kept.count(0)}")


def _writer(path: str, batches, start) -> None:
    """An `add` process among several: one store handle, one transaction per batch, started with the others."""
    story_index.RECENT = 1
    start.wait(60)
    with Store(path) as store:
        for batch in batches:
            store.add(batch)


def _written(store: Store, plans, first, writers) -> dict:
    """Counts for the log: the writers' one-article adds stored, those missing of writers that failed (dropped) and
    of writers that finished, with the first articles (lost)."""
    missing = [(sum(not store.has(a.id) for batch in plan for a, _, _ in batch), writer.exitcode == 0)
               for plan, writer in zip(plans, writers)]
    adds = sum(map(len, plans))
    return {"adds": adds, "held": adds - sum(n for n, _ in missing), "dropped": sum(n for n, ok in missing if not ok),
            "lost": sum(not store.has(a.id) for a, _, _ in first) + sum(n for n, ok in missing if ok)}


def _serve(path: Path):
    """The web app on a free loopback port, in a thread: (server, thread, base url)."""
    import uvicorn

    from wiretrace.web import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(path), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _read(base: str, article_ids: list[str], writing, most: int = 400) -> list[tuple[int, str]]:
    """A reader's requests while `writing()`, and one round after: the story list, a story, an article, the front
    page. (status, path) of each."""
    answers, n = [], 0
    while n < most:
        last = not writing()
        status, body = _get(f"{base}/api/stories?limit=50")
        answers.append((status, "/api/stories"))
        listed = [s["id"] for s in json.loads(body)["stories"]] if status == 200 else []
        for path in ([f"/api/stories/{listed[n % len(listed)]}"] if listed else []) + [
                f"/api/articles/{article_ids[n % len(article_ids)]}", "/"]:
            answers.append((_get(base + path)[0], path))
        n += 1
        if last:
            break
    return answers


def test_concurrent_writers_beside_a_reader_store_each_article_once(pool, tmp_path):
    """Four processes add overlapping sets of articles, one transaction each, writing the graph after every one,
    while the web app is read: every writer succeeds, every article is stored once and in a story, and no request
    fails on the server's side."""
    items = pool["bridge"] + pool["ferry"] + pool["other"]
    items += [_variant(item, "Wire Desk", DAY) for item in items]
    path = tmp_path / "news.db"
    with Store(path) as store:
        store.add(items[:2])
    rng = random.Random(f"{SEED}-writers")
    plans = [[[item] for item in rng.sample(items[2:], 15)] for _ in range(4)]
    wanted = {a.id for a, _, _ in items[:2]} | {a.id for plan in plans for batch in plan for a, _, _ in batch}
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    writers = [spawn.Process(target=_writer, args=(str(path), plan, start)) for plan in plans]
    server, thread, base = _serve(path)
    try:
        for writer in writers:
            writer.start()
        start.set()
        answers = _read(base, sorted(wanted), lambda: any(w.is_alive() for w in writers))
        for writer in writers:
            writer.join(60)
    finally:
        server.should_exit = True
        thread.join(10)
        for writer in writers:
            if writer.is_alive():
                writer.kill()
    if LOG:
        _log("writers", path, lambda store: _written(store, plans, items[:2], writers) | _health(store),
             writers=[w.exitcode for w in writers], requests=len(answers),
             server_errors=sum(status >= 500 for status, _ in answers))
    assert [w.exitcode for w in writers] == [0] * len(writers)
    assert [a for a in answers if a[0] >= 500] == [] and len(answers) > 4
    with Store(path) as store:
        _check_store(store)
        assert sorted(r[0] for r in store.db.execute("SELECT id FROM articles")) == sorted(wanted)
        assert {store.story_of(i) for i in wanted} <= set(store.story_ids())
    print(f"writers: {len(answers)} requests, {len(wanted)} articles, statuses {sorted({s for s, _ in answers})}")


def test_two_writers_saving_the_graph_at_once_both_succeed_and_leave_a_matching_pair(tmp_path, monkeypatch):
    """The interleaving the concurrent writers hit now and then, made certain: one writer's graph is still being
    written when another's save starts. Both succeed, and the stamp names the graph beside it."""
    monkeypatch.setattr(story_index, "RECENT", 2)
    vectors = np.random.default_rng(SEED).normal(size=(6, story_index.DIMENSIONS)).astype(np.float32)
    older, newer = story_index.StoryIndex(tmp_path), story_index.StoryIndex(tmp_path)
    for index, count in ((older, 4), (newer, 6)):
        for rowid in range(1, count + 1):
            index.add(rowid, vectors[rowid - 1], np.zeros(128, dtype=np.uint64))
    write, written, failed = faiss.write_index, threading.Event(), []

    def slow_write(graph, path):
        write(graph, path)
        if threading.current_thread().name == "older":
            written.set()
            time.sleep(0.5)

    def save_older():
        try:
            older.save()
        except Exception as exc:
            failed.append(exc)

    monkeypatch.setattr(faiss, "write_index", slow_write)
    first = threading.Thread(target=save_older, name="older")
    first.start()
    assert written.wait(10)
    newer.save()
    first.join(10)
    assert failed == []
    stamp = json.loads((tmp_path / "stamp.json").read_text())
    assert faiss.read_index(str(tmp_path / story_index.GRAPH_FILE)).ntotal == stamp["count"] in (4, 6)


def _minutes(n: int) -> str:
    """A long article of its own words: a council's minutes, item after item."""
    rng = random.Random(f"{SEED}-minutes-{n}")
    works = "harbour school bridge clinic market depot library tunnel ferry road".split()
    items = (f"Item {n}.{i}: the {rng.choice(works)} committee approved {rng.randint(10, 9999)} crowns for the "
             f"{rng.choice(works)} works, clerk Ana Velde said." for i in range(80))
    return f"title: Council minutes, part {n}\nsource: Brenholm Gazette\npublished: 2024-05-0{n}\n\n" + "\n\n".join(items)


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs in a temp folder, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"mount -t tmpfs failed: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path, leave: int) -> Path:
    free = os.statvfs(folder)
    filler = folder / "filler"
    filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - leave))
    return filler


def _wiretrace(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("wiretrace")), *args], capture_output=True, text=True,
                          timeout=300)


def _fails_in_one_line(run: subprocess.CompletedProcess, saying: str) -> None:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode != 0
    assert len(lines) == 1 and saying in lines[0], run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_a_full_disk_fails_the_add_in_one_line_and_keeps_the_store(pool, small_disk, tmp_path):
    """`wiretrace add` on a disk that fills up: a non-zero exit, one line saying so, no traceback; the store opens
    whole with the earlier articles, and takes more once there is room."""
    path = small_disk / "news.db"
    earlier = pool["bridge"][:3]
    with Store(path) as store:
        store.add(earlier)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(1, 3):
        (incoming / f"minutes-{n}.txt").write_text(_minutes(n), encoding="utf-8")
    filler = _fill(small_disk, leave=64 * 1024)   # room to open the store, not to add the minutes
    run = _wiretrace("add", "--db", str(path), str(incoming))
    if LOG:
        before = {a.id for a, _, _ in earlier}
        _log("full disk", path, lambda store: {"batch": 2, "held": len(_stored(store) - before),
                                               "lost": len(before - _stored(store)),
                                               "integrity": store.db.execute("PRAGMA integrity_check").fetchone()[0]},
             exit=run.returncode)
    _fails_in_one_line(run, "disk is full")
    with Store(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(a.id for a in store.articles()) == sorted(a.id for a, _, _ in earlier)
        assert all(store.annotations(a.id) == ann for a, ann, _ in earlier)
    filler.unlink()
    with Store(path) as store:
        store.add(pool["bridge"][3:])
        _check_store(store)
        assert store.story_of(pool["bridge"][3][0].id) is not None


def test_a_disk_full_to_the_last_byte_is_named_as_full_not_as_a_foreign_file(pool, small_disk, tmp_path):
    path = small_disk / "news.db"
    with Store(path) as store:
        store.add(pool["bridge"][:1])
    (tmp_path / "reopened.txt").write_text("title: Tarvik bridge to reopen\n\nThe mayor of Tarvik said on Monday the "
                                           "bridge would reopen in August.", encoding="utf-8")
    _fill(small_disk, leave=0)
    _fails_in_one_line(_wiretrace("add", "--db", str(path), str(tmp_path / "reopened.txt")), "disk is full")
