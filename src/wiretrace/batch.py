"""The local batch engine behind `wiretrace dedup`: a corpus in, each article out with its story and copy cluster.

The inputs are read in passes, so memory holds only what clustering needs of
each article (its sketches, and for stories the profiles of the copy
clusters' leads), never the corpus text: the first pass reads and sketches,
the copy clusters are computed with the functions of `dedup.py` (the same ones
the Spark engine calls), for stories a second pass annotates one article per
copy cluster, and the last pass writes every article with its labels. For
JSON Lines output the first pass already writes each article's output line,
its labels left blank, to a spool file beside the output, and the last pass
copies the spool with the labels filled in (reading and parsing the inputs
again cost as much as sketching them); Parquet output reads the inputs again.
JSON Lines and Parquet are streamed record by record; other formats go
through the project's readers a file at a time. A bad input (a broken line,
an empty or undecodable file) is rejected with its file and line, never fatal.
"""

from __future__ import annotations

import codecs
import json
import logging
import math
import multiprocessing
import os
import sys
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

import numpy as np

from . import dedup
from .article import JSON_CONTROLS, Article, json_escaped
from .errors import InputError, Skipped, WiretraceError, isolated
from .readers import EXTENSIONS, checked, folder_files, nothing_to_read, read_file, unsupported
from .readers.decode import decode
from .readers.fields import article_from_fields, printable
from .readers.jsonl import read_line

Progress = Callable[[str, int, int | None], None]
KEEP = ("all", "one")
_STREAMED = {".jsonl", ".ndjson"}
_log = logging.getLogger(__name__)
_CHUNK = 512            # articles sketched (and annotated, for stories) at once
WORKERS_ENV = "WIRETRACE_WORKERS"
PARALLEL_BYTES = 4 << 20   # smaller inputs are a block of articles or two: forking workers saves nothing on them
MOST_WORKERS = 8           # by default: this process reads every line and joins the components alone


@dataclass
class DedupReport:
    articles: int = 0
    written: int = 0
    copy_clusters: int = 0
    stories: int | None = None
    story_threshold: float | None = None   # the join threshold the collection chose (`stories.threshold`; None:
                                           # too few stories to choose one, the model's own used)
    rejected: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)   # files of a folder not read, each with why
    warnings: list[InputError] = field(default_factory=list)   # articles written, but with a problem
    output: str = ""
    rejects: str | None = None
    seconds: float = 0.0

    @property
    def copy_links(self) -> int:
        """Copy pairs that join the clusters, the same from every engine: a cluster of n copies needs n - 1 of the
        pairs found (`dedup.copy_links`)."""
        return self.articles - self.copy_clusters

    def as_dict(self) -> dict:
        return {"articles": self.articles, "written": self.written, "copy_clusters": self.copy_clusters,
                "stories": self.stories, "story_threshold": self.story_threshold, "copy_links": self.copy_links,
                "output": self.output, "rejects": self.rejects, "seconds": round(self.seconds, 3),
                "rejected": [e.to_json() for e in self.rejected],
                "skipped": [e.to_json() for e in self.skipped], "warnings": [e.to_json() for e in self.warnings]}


# reading


def input_files(paths: Iterable[str | Path], skip: frozenset[Path] = frozenset()) -> Iterator[Path | InputError]:
    """Files in a fixed order: as given, folders walked recursively in name order as `add` walks them
    (`readers.folder_files`); in a folder, `skip` (this run's output) and dedup's earlier output files are
    Skipped lines, not read back as articles; a folder with none to read is an InputError."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
        elif path.is_dir():
            readable = False
            for child in folder_files(path):
                if isinstance(child, InputError):
                    yield child
                elif child.suffix.lower() in EXTENSIONS or _parquet(child):
                    why = "this run's output" if child.resolve() in skip else _output_of_dedup(child)
                    if why:
                        yield Skipped(str(child), f"skipped: {why}, not articles to read")
                    else:
                        readable = True
                        yield child
            if not readable:
                yield nothing_to_read(path, (".parquet", ".pq"))
        else:
            yield path


_OUTPUT_FIELDS = {"story_id", "copy_cluster_id", "origin"}
_REJECTS_FIELDS = {"origin", "line", "problem", "message"}
_FIRST_ROW_BYTES = 1 << 24


def _output_of_dedup(file: Path) -> str | None:
    """What an earlier dedup wrote this file as (its labelled articles, or its rejects list), judged by the fields
    of its first row; None for any other file. Read back, its rows would be copies of the inputs beside it."""
    fields = _first_row_fields(file)
    if _OUTPUT_FIELDS <= fields:
        return "an earlier dedup's output (its rows carry story_id and copy_cluster_id)"
    if fields == _REJECTS_FIELDS:
        return "an earlier dedup's list of rejected inputs"
    return None


def _first_row_fields(file: Path) -> set[str]:
    """The field names of a JSON Lines file's first record, or of a Parquet file's schema; none where unreadable."""
    try:
        if _parquet(file):
            import pyarrow.parquet as pq

            return set(pq.read_schema(file).names)
        if file.suffix.lower() not in _STREAMED:
            return set()
        with file.open("rb") as f:
            row = json.loads(f.readline(_FIRST_ROW_BYTES))
    except (OSError, ValueError, TypeError, NotImplementedError, ImportError):   # pyarrow's errors derive from these
        return set()
    return set(row) if isinstance(row, dict) else set()


def _parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def read_articles(paths: Iterable[str | Path], skip: frozenset[Path] = frozenset()) -> Iterator[Article | InputError]:
    """Every article of the inputs, or the reason a record or file could not be read, in a fixed order."""
    for file in input_files(paths, skip):
        if isinstance(file, InputError):
            yield file
        elif _parquet(file):
            yield from checked(_read_parquet(file))
        elif file.suffix.lower() in _STREAMED:
            yield from checked(_read_jsonl(file))
        else:
            yield from read_file(file)


def _read_jsonl(file: Path) -> Iterator[Article | InputError]:
    """A JSON Lines file line by line; a line that is not UTF-8 is decoded as the readers decode a file (a Latin-1
    line is read, not lost), and a bad line rejects that line alone. A file in UTF-16 or 32, whose lines are no
    lines of bytes, is read whole by the readers."""
    origin, items = str(file), _jsonl_lines(file)
    held = next(items, None)
    for item in items:   # one line held back: the last, cut short, is a truncated write (as `add` reads it)
        yield _record(held[1], origin, held[0]) if isinstance(held, tuple) else held
        held = item
    if held is not None:
        yield _record(held[1], origin, held[0], last=True) if isinstance(held, tuple) else held


def _jsonl_lines(file: Path) -> Iterator[tuple[int, bytes] | Article | InputError]:
    """The non-blank lines of a JSON Lines file, unparsed, with their numbers; a problem of the whole file as an
    InputError, and the articles of a UTF-16 or 32 file read whole."""
    origin, seen = str(file), False
    try:
        with file.open("rb") as stream:
            head = stream.read(4096)
            problem = unsupported(head)
            if problem:
                yield InputError(origin, problem)
                return
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _wide(head):
                yield from read_file(file)
                return
            stream.seek(0)
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                seen = True
                yield number, raw
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror}")
        return
    if not seen:
        yield InputError(origin, "empty file")


def _wide(head: bytes) -> bool:
    """UTF-16 or 32 without a byte order mark: NUL in every other byte of ASCII text."""
    return len(head) >= 4 and head.count(b"\x00") >= len(head) // 3


def _record(raw: bytes, origin: str, number: int, last: bool = False) -> Article | InputError:
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        try:
            text = decode(raw, origin)
        except InputError as exc:
            return InputError(origin, exc.problem, number)
    return read_line(text.rstrip("\r\n"), origin, number, last=last, guess_language=False)


def _read_parquet(file: Path) -> Iterator[Article | InputError]:
    import pyarrow.parquet as pq

    origin, number = str(file), 0
    try:
        for batch in pq.ParquetFile(file).iter_batches(batch_size=1024):
            for row in _rows(batch, origin, number):
                number += 1
                if isinstance(row, InputError):
                    yield row
                    continue
                try:
                    yield article_from_fields({k: v for k, v in row.items() if v is not None}, origin, number,
                                              guess_language=False)
                except InputError as exc:
                    yield exc
    except (OSError, ValueError, TypeError, NotImplementedError) as exc:   # pyarrow's errors derive from these
        yield InputError(origin, f"not a readable Parquet file ({printable(str(exc).splitlines()[0][:200])})")
        return
    if number == 0:
        yield InputError(origin, "empty file")


def _rows(batch, origin: str, before: int) -> list[dict | InputError]:
    """A row batch as dicts; when one value cannot become Python (a timestamp past year 9999), row by row, that
    row an InputError."""
    try:
        return batch.to_pylist()
    except (OverflowError, ValueError, TypeError, NotImplementedError):
        pass
    rows: list[dict | InputError] = []
    for i in range(batch.num_rows):
        try:
            rows += batch.slice(i, 1).to_pylist()
        except (OverflowError, ValueError, TypeError, NotImplementedError) as exc:
            rows.append(InputError(origin, f"a value Python cannot hold ({printable(str(exc))[:200]})", before + i + 1))
    return rows


# the job


def dedup_files(paths: list[str | Path], output: str | Path, *, keep: str = "all", stories: bool = True,
                progress: Progress | None = None) -> DedupReport:
    """Cluster every article under `paths` into copy clusters (and stories), write them to `output`.

    `keep="one"` writes one article per copy cluster: the earliest published, ties by id.
    """
    if keep not in KEEP:
        raise WiretraceError(f"--keep must be one of {', '.join(KEEP)}, not '{keep}'")
    if stories:
        return _dedup_files(paths, output, keep, stories, progress)
    with _small_pages():
        return _dedup_files(paths, output, keep, stories, progress)


@contextmanager
def _small_pages() -> Iterator[None]:
    """numpy without huge pages while copies are found: numpy asks the kernel for them for every array of 4 MB or
    more, and where the kernel then compacts memory to find them (transparent_hugepage/defrag "madvise", the
    usual setting) `dedup --no-stories` spent 0.3 to 1.1 CPU s in the kernel at 20,000 articles, 0.3 without."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:   # numpy 1, or a numpy without the switch (a private one): its own setting then
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            yield
            return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


def _dedup_files(paths: list[str | Path], output: str | Path, keep: str, stories: bool,
                 progress: Progress | None) -> DedupReport:
    output = Path(output)
    started = time.perf_counter()
    report = DedupReport(output=str(output))
    note = progress or (lambda stage, done, total: None)
    skip = frozenset({output.resolve(), rejects_path(output).resolve()})   # an output inside an input folder

    ids, moments, days, sketches = [], [], [], []
    spool = None if _parquet(output) else _Spool(output)
    processes, sketcher = workers(_input_bytes(paths)), dedup.Sketcher()
    passes = _first_passes(paths, skip, spool is not None, processes) if processes > 1 else (
        (rejected, _first_pass(chunk, spool is not None, sketcher))
        for chunk, rejected in _chunks(read_articles(paths, skip)))
    for rejected, done in passes:
        report.skipped += [e for e in rejected if isinstance(e, Skipped)]
        report.rejected += [e for e in rejected if not isinstance(e, Skipped)]
        ids += done.ids
        if spool is not None:
            spool.append(done.lines)
        moments += done.moments
        days += done.days
        sketches.append(done.sketches)
        note("reading", len(ids), None)
    report.articles = len(ids)

    id_array = np.array(ids, dtype=str)
    profiles_of = (lambda rows: _profiles_of_rows(paths, skip, rows, note, report.warnings)) if stories else None
    copy_of, story_of, report.story_threshold = clusters(
        id_array, np.array(moments), np.array(days), dedup.Sketches.concat(sketches), profiles_of, note, processes)
    report.copy_clusters = len(set(copy_of))
    report.stories = len(set(story_of)) if stories else None
    keep_row = earliest_of_clusters(copy_of, np.array(moments), id_array) if keep == "one" else np.ones(len(ids), bool)

    if spool is not None:
        report.written = spool.write(output, copy_of, story_of, keep_row, note)
    else:
        report.written = _write(paths, skip, output, id_array, copy_of, story_of, keep_row, note)
    report.rejects = _write_rejects(output, report.rejected)
    report.seconds = time.perf_counter() - started
    return report


def clusters(ids: np.ndarray, moments: np.ndarray, days: np.ndarray, sketches: dedup.Sketches,
             profiles_of: Callable[[np.ndarray], list] | None = None,
             progress: Progress | None = None,
             processes: int = 1) -> tuple[np.ndarray, np.ndarray, float | None]:
    """Copy cluster and story (None without `profiles_of`) of each row, and the join threshold the collection
    chose for its stories (`stories.threshold`; None where none was chosen).

    Rows are taken in id order, so the clusters do not depend on the input's order. A copy reports its
    original's event, so stories are formed over one row per copy cluster, its lead (the earliest published,
    ties by id), and every copy takes its lead's story: `profiles_of(rows)` profiles only the leads (row
    numbers, ascending), which on a corpus of wire copies is a fraction of the annotation work.
    """
    note = progress or (lambda stage, done, total: None)
    order = np.argsort(ids, kind="stable")
    sorted_sketches = sketches.take(order)
    links = _linked(dedup.copy_candidates(sorted_sketches), sorted_sketches, processes)
    copy_of = np.empty(len(ids), dtype=object)
    copy_of[order] = dedup.components(ids[order], links)
    story_of = np.full(len(ids), None, dtype=object)
    story_threshold = None
    if profiles_of is not None and len(ids):
        leads = np.flatnonzero(earliest_of_clusters(copy_of, moments, ids))
        profiles = dict(zip(leads.tolist(), profiles_of(leads)))
        leads = leads[np.argsort(ids[leads], kind="stable")]
        note("stories", 0, 1)
        sizes = Counter(copy_of.tolist())
        copied = np.array([sizes[c] > 1 for c in copy_of[leads].tolist()], dtype=bool)
        labels, story_threshold = _stories([profiles[row] for row in leads.tolist()], moments[leads], days[leads],
                                           ids[leads], copied)
        story_of_cluster = dict(zip(copy_of[leads].tolist(), ("s" + label for label in labels)))
        story_of[:] = [story_of_cluster[c] for c in copy_of.tolist()]
        note("stories", 1, 1)
    return copy_of, story_of, story_threshold


# the first pass, in this process or in worker processes


def workers(size: int = 0) -> int:
    """Processes that read, sketch and verify: WIRETRACE_WORKERS where set; otherwise, on Linux, for `size` bytes
    of input of PARALLEL_BYTES or more, the cores this process may use (at most MOST_WORKERS), and one below that
    or elsewhere (macOS's system libraries are not safe to fork, and Windows cannot). With more than one, blocks of
    input lines are parsed and sketched in forked workers, in order, and the candidate pairs verified in parts; the
    output is the same byte for byte."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    value = os.environ.get(WORKERS_ENV)
    if value is None:
        linux = sys.platform.startswith("linux")
        return min(len(os.sched_getaffinity(0)), MOST_WORKERS) if linux and size >= PARALLEL_BYTES else 1
    try:
        count = int(value)
    except ValueError:
        raise WiretraceError(f"{WORKERS_ENV} must be a number of processes, not '{value}'") from None
    if count < 1:
        raise WiretraceError(f"{WORKERS_ENV} must be at least 1, not {count}")
    return count


def _input_bytes(paths) -> int:
    """The inputs' size, to choose how many processes read them: the files as given and in the folders, by `stat`
    alone (`input_files` also reads each file's first row, to pass over an earlier dedup's output)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = folder_files(path) if path.is_dir() else [path]
        total += sum(file.stat().st_size for file in files if isinstance(file, Path) and file.is_file())
    return total


@dataclass(frozen=True)
class _Pass:
    """What the first pass keeps of a chunk of articles."""

    ids: list[str]
    moments: list[float]
    days: list[int]
    lines: bytes            # their output lines, labels blank (empty when the output is not spooled)
    sketches: dedup.Sketches


def _first_pass(chunk: list[Article], spooled: bool, sketcher: dedup.Sketcher | None = None) -> _Pass:
    """`sketcher` sketches each distinct text once over the chunks given it (a worker's: once in its chunk)."""
    return _Pass([a.id for a in chunk], [moment(a.published) for a in chunk],
                 [a.published_day.toordinal() if a.published_day else -1 for a in chunk],
                 _Spool.lines(chunk) if spooled and chunk else b"",
                 (sketcher or dedup.Sketcher()).add([a.normalized for a in chunk]))


def _first_passes(paths, skip, spooled: bool, processes: int) -> Iterator[tuple[list[InputError], _Pass]]:
    """`_first_pass` of every chunk of the inputs in `processes` forked workers, in input order, at most two
    chunks a worker in flight (the corpus text is never held whole)."""
    dedup.prepare()   # the word list and stopwords built once, before the fork, not once a worker
    with _pool(processes) as pool:
        pending: deque = deque()
        for task in _tasks(paths, skip):
            pending.append(pool.submit(_work, task, spooled))
            if len(pending) >= 2 * processes:
                yield _done(_outcome(pending.popleft()))
        while pending:
            yield _done(_outcome(pending.popleft()))


def _pool(processes: int) -> ProcessPoolExecutor:
    """Forked workers that, should one die (killed for memory), fail every task left rather than wait forever on
    the one it held, as a `multiprocessing.Pool` does."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))


def _outcome(future: Future):
    try:
        return future.result()
    except BrokenProcessPool:
        raise WiretraceError(f"a worker process died (killed for memory?): nothing was written; run again with "
                             f"{WORKERS_ENV}=1, or fewer processes than now") from None


def _tasks(paths, skip) -> Iterator[list[tuple]]:
    """The inputs as lists of up to _CHUNK entries, each ("line", origin, number, raw bytes) of a JSON Lines file,
    ("article", Article) read here from another format, or ("error", type, origin, problem, line)."""
    task: list[tuple] = []
    lines = 0
    for file in input_files(paths, skip):
        if isinstance(file, InputError):
            entries: Iterable = [file]
        elif _parquet(file):
            entries = checked(_read_parquet(file))
        elif file.suffix.lower() in _STREAMED:
            entries = ((str(file), *item) if isinstance(item, tuple) else item for item in _jsonl_lines(file))
        else:
            entries = read_file(file)
        for entry in entries:
            if isinstance(entry, InputError):
                task.append(("error", type(entry), entry.origin, entry.problem, entry.line))
            elif isinstance(entry, Article):
                task.append(("article", entry))
                lines += 1
            else:
                task.append(("line", *entry))
                lines += 1
            if lines >= _CHUNK:
                yield task
                task, lines = [], 0
    yield task


def _work(task: list[tuple], spooled: bool) -> tuple[list[tuple], _Pass]:
    """In a worker: the task's lines parsed and checked as `read_articles` does, then `_first_pass`."""
    articles, rejected = [], []
    for entry in task:
        if entry[0] == "line":
            item = next(iter(checked([_record(entry[3], entry[1], entry[2])])))
        elif entry[0] == "article":
            item = entry[1]
        else:
            rejected.append(entry[1:])
            continue
        if isinstance(item, Article):
            articles.append(item)
        else:
            rejected.append((type(item), item.origin, item.problem, item.line))
    return rejected, _first_pass(articles, spooled)


def _done(result: tuple[list[tuple], _Pass]) -> tuple[list[InputError], _Pass]:
    rejected, done = result
    return [kind(origin, problem, line) for kind, origin, problem, line in rejected], done


_LINKING: tuple = ()   # (candidate pairs, sketches) for the forked workers of `_linked`
_PARALLEL_PAIRS = 32_768  # fewer candidate pairs are decided here: forking costs more than it saves


def _linked(pairs: np.ndarray, sketches: dedup.Sketches, processes: int) -> np.ndarray:
    """`dedup.copy_links` of the candidate pairs, in `processes` forked workers, a part each: the links of the
    parts together give the components `dedup.verify` of every pair gives."""
    global _LINKING
    if processes <= 1 or len(pairs) < _PARALLEL_PAIRS:
        return dedup.copy_links(pairs, sketches)
    dedup.prepare()
    _LINKING = (pairs, sketches)
    try:
        bounds = np.linspace(0, len(pairs), 4 * processes + 1).astype(int)
        with _pool(processes) as pool:
            parts = [_outcome(part) for part in [pool.submit(_link_part, (lo, hi))
                                                 for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist())]]
    finally:
        _LINKING = ()
    return np.concatenate(parts)


def _link_part(bounds: tuple[int, int]) -> np.ndarray:
    pairs, sketches = _LINKING
    return dedup.copy_links(pairs[bounds[0]:bounds[1]], sketches)


def _chunks(items: Iterator[Article | InputError]) -> Iterator[tuple[list[Article], list[InputError]]]:
    articles, rejected = [], []
    for item in items:
        (articles if isinstance(item, Article) else rejected).append(item)
        if len(articles) >= _CHUNK:
            yield articles, rejected
            articles, rejected = [], []
    yield articles, rejected


def annotated_profiles(chunk: list[Article], problems: list[InputError] | None = None) -> list:
    """Profiles of the articles. One that annotation cannot take is profiled from its title and text alone (its
    story found without its names and dates) and its problem added to `problems`: a corpus job of hours must
    not end on one record, nor drop it."""
    from .annotations import Annotations
    from .fingerprints import profiles
    from .nlp import annotate_many

    annotated = isolated(lambda articles: list(annotate_many(articles)), chunk, lambda a: a, "annotated")
    failed = [ann for ann in annotated if isinstance(ann, InputError)]
    if problems is not None:
        problems += failed
    elif failed:
        _log.warning("%s; its story is found from its text alone", failed[0])
    return profiles([(article, Annotations(article.id, (), (), (), ()) if isinstance(ann, InputError) else ann)
                     for article, ann in zip(chunk, annotated)])


def _profiles_of_rows(paths, skip, rows: np.ndarray, note: Progress, problems: list[InputError]) -> list:
    """Profiles of the given rows (ascending row numbers), reading the inputs again: only they are annotated."""
    wanted = set(rows.tolist())
    articles = (a for a in read_articles(paths, skip) if isinstance(a, Article))
    chosen = (a for row, a in enumerate(articles) if row in wanted)
    profiles: list = []
    for chunk, _ in _chunks(chosen):
        profiles += annotated_profiles(chunk, problems)
        note("annotating", len(profiles), len(rows))
    if len(profiles) != len(rows):
        raise WiretraceError(f"{', '.join(map(str, paths))}: the inputs changed while dedup was reading them; "
                             "run it again")
    return profiles


def _stories(profiles: list, moments: np.ndarray, days: np.ndarray, ids: np.ndarray,
             copied: np.ndarray) -> tuple[np.ndarray, float | None]:
    """Story labels of rows in id order, by the online rule inside each block (see `block_search`), at the
    threshold the collection chooses (`stories.threshold`), and that threshold (None: too few stories to choose,
    the model's own used); `copied` marks the rows whose copy clusters hold copies.

    Candidates are the embedding-bucket pairs near in time and the pairs sharing a specific name at any distance
    (no two rows are copies: each leads its own copy cluster), all scored by the join model; blocks are the
    connected components of the pairs it accepts at the lowest threshold searched. An online story lies inside
    one block (its mean clears the threshold only if some pair does), so placing each block on its own changes
    nothing.
    """
    from .stories import model as story_model, threshold

    keys = dedup.hyperplane_keys(np.stack([p.embedding for p in profiles]))
    counts = dedup.name_counts(profiles)
    candidates = dedup.all_story_candidates(keys, days, profiles, counts)
    probability = dedup.join_probability([(profiles[a], profiles[b]) for a, b in candidates], counts, len(profiles))
    block = dedup.components(len(ids), candidates[probability >= min(threshold.SEARCHED)])
    inside = block[candidates[:, 0]] == block[candidates[:, 1]]
    names, blocks = ids.tolist(), block.tolist()
    pairs: dict[int, list] = {}
    for (a, b), p in zip(candidates[inside].tolist(), probability[inside].tolist()):
        pairs.setdefault(blocks[a], []).append((names[a], names[b], p))
    members: dict[int, list] = {b: [] for b in pairs}    # blocks of two or more
    for row, b in enumerate(blocks):
        if b in members:
            members[b].append((names[row], float(moments[row]), int(days[row])))
    with_copies = set(ids[copied].tolist())
    searched = {b: block_search(members[b], found, with_copies) for b, found in pairs.items()}
    separation = sum((s for s, _ in searched.values()), threshold.NOTHING)
    chosen = threshold.best(separation, len(ids), sum(map(len, members.values())))
    at = threshold.nearest(chosen if chosen is not None else story_model.load().threshold)
    labels = ids.astype(object)
    row_of = {article: row for row, article in enumerate(names)}
    for _, placed in searched.values():
        for article, story in placed[at].items():
            labels[row_of[article]] = story
    return labels, chosen


def block_search(members: list[tuple[str, float, int]], pairs: list[tuple[str, str, float]],
                 copied: Collection[str] = ()) -> tuple:
    """Stories of a block's members at each threshold searched, with the block's separation at each
    (`stories.threshold.block_silhouettes`): members (id, moment, day number) in publication order (unknown last,
    ties by id), each joining the story whose scored pairs (a, b, probability) with it have the best mean, or
    opening one named after it, `stories.cluster`'s rule, which both engines run on every block. `copied`: the
    members whose copy clusters hold copies (see `cluster_scored`)."""
    from .stories.threshold import block_silhouettes

    return block_silhouettes(_publication_order(members), pairs, copied=copied)


def _publication_order(members: list[tuple[str, float, int]]) -> list[tuple[str, date | None]]:
    ordered = sorted(members, key=lambda m: (math.isnan(m[1]), 0.0 if math.isnan(m[1]) else m[1], m[0]))
    return [(i, date.fromordinal(d) if d > 0 else None) for i, _, d in ordered]


def moment(value: date | datetime | None) -> float:
    """Seconds since the epoch (UTC), a bare date at the end of its day; NaN when unknown."""
    if value is None:
        return math.nan
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 23, 59, 59)
    if value.tzinfo is None:
        return (value - datetime(1970, 1, 1)).total_seconds()
    return value.timestamp()


def earliest_of_clusters(clusters: np.ndarray, moments: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """True for one row per cluster: the earliest published (unknown dates last), ties by id."""
    unknown = np.isnan(moments)
    order = np.lexsort((ids, np.where(unknown, 0, moments), unknown, clusters.astype(str)))
    first = np.ones(len(order), dtype=bool)
    ranked = clusters[order]
    first[1:] = ranked[1:] != ranked[:-1]
    keep = np.zeros(len(order), dtype=bool)
    keep[order[first]] = True
    return keep


# writing


def record(article: Article, copy_cluster: str, story: str | None, article_id: str | None = None) -> dict:
    published = article.published.isoformat() if article.published else None
    return {"id": article_id or article.id, "source": article.source, "url": article.url, "title": article.title,
            "published": published, "language": article.language, "text": article.text,
            "story_id": story, "copy_cluster_id": copy_cluster, "origin": article.where}


def _write(paths, skip, output: Path, ids, copy_of, story_of, keep_row, note: Progress) -> int:
    """The second pass: read the inputs again, in the same order, and write each article with its labels."""
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = _ParquetWriter(output) if _parquet(output) else _JsonlWriter(output)
    row = written = 0
    with writer:
        for item in read_articles(paths, skip):
            if not isinstance(item, Article):
                continue
            if row >= len(ids):
                raise WiretraceError(f"{item.where}: the inputs changed while dedup was reading them; run it again")
            if keep_row[row]:
                writer.write(record(item, copy_of[row], story_of[row], ids[row]), dict(item.extra))
                written += 1
            row += 1
            if row % 1000 == 0:
                note("writing", row, len(keep_row))
    if row != len(ids):
        raise WiretraceError(f"{output}: the inputs changed while dedup was reading them; run it again")
    note("writing", row, len(keep_row))
    return written


def jsonl_line(row: dict, extra: dict) -> str:
    """An output line: the input's other fields kept beside wiretrace's (`input_id` for its `id`)."""
    kept = {(f"input_{k}" if k in row else k): v for k, v in extra.items()}
    return _ENCODER.encode({**kept, **row})


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)   # json.dumps(..., ensure_ascii=False) makes one a call


class _JsonlWriter:
    """One JSON object per line (see `jsonl_line`)."""

    def __init__(self, path: Path):
        self.file = path.open("w", encoding="utf-8")

    def write(self, row: dict, extra: dict) -> None:
        self.file.write(jsonl_line(row, extra) + "\n")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


class _Spool:
    """Output lines written ahead, in the first pass, with blank labels (`_BLANK`), to a temporary file beside
    the output; `write` copies them to the output with each article's labels put in."""

    def __init__(self, output: Path):
        import tempfile

        output.parent.mkdir(parents=True, exist_ok=True)
        self.file = tempfile.TemporaryFile(dir=output.parent, prefix=f".{output.name}.", suffix=".spool")
        self.rows = 0

    def add(self, articles: list[Article]) -> None:
        self.append(self.lines(articles))

    @staticmethod
    def lines(articles: list[Article]) -> bytes:
        """The articles' output lines, labels blank (`spooled_line`)."""
        return b"".join(map(spooled_line, articles))

    def append(self, lines: bytes) -> None:
        self.file.write(lines)
        self.rows += lines.count(b"\n")

    def write(self, output: Path, copy_of, story_of, keep_row, note: Progress) -> int:
        """The spooled lines with their labels, those of `keep_row`, to `output`: the number written."""
        self.file.seek(0)
        written = 0
        with self.file, output.open("wb") as out:
            for row, line in enumerate(self.file):
                if keep_row[row]:
                    cut = line.rindex(_BLANK)   # the row's keys come last, and a string holds no bare quote
                    labels = (f', "story_id": {_json_label(story_of[row])}, "copy_cluster_id": '
                              f'{_json_label(copy_of[row])}, "origin": ').encode("utf-8")
                    out.write(line[:cut] + labels + line[cut + len(_BLANK):])
                    written += 1
                if (row + 1) % 1000 == 0:
                    note("writing", row + 1, len(keep_row))
        note("writing", len(keep_row), len(keep_row))
        return written


def _json_label(label: str | None) -> str:
    """`json.dumps(label, ensure_ascii=False)`, without json for an article id (letters and digits)."""
    if label is None:
        return "null"
    return f'"{label}"' if label.isascii() and label.isalnum() else json.dumps(label, ensure_ascii=False)


_BLANK = b', "story_id": null, "copy_cluster_id": null, "origin": '
_NO_TEXT = b'"text": ""' + _BLANK
_TEXT_KEY = len(b'"text": "')


def spooled_line(article: Article) -> bytes:
    """`jsonl_line` of the article, labels blank, in UTF-8 with its newline. The text, most of the line, is
    escaped as json escapes it, by three byte replacements (backslash, quote, newline), and put in a line json
    wrote without it: json escapes a non-ASCII text character by character (25 µs an article, a tenth of the
    whole command's time). A text holding another control character, or one UTF-8 cannot encode, goes through
    json whole."""
    row, extra = record(article, None, None), dict(article.extra)
    try:
        text = article.text.encode("utf-8")
    except UnicodeEncodeError:
        text = JSON_CONTROLS
    if len(text.translate(None, JSON_CONTROLS)) != len(text):
        return (jsonl_line(row, extra) + "\n").encode("utf-8")
    row["text"] = ""
    line = jsonl_line(row, extra).encode("utf-8")
    cut = line.rindex(_NO_TEXT) + _TEXT_KEY   # the row's keys come last, and a string holds no bare quote
    return b"".join((line[:cut], json_escaped(text), line[cut:], b"\n"))


class _ParquetWriter:
    """Row groups of 1,000 articles; the input's other fields as one JSON string column, `extra`."""

    def __init__(self, path: Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = list(record(Article(text="x"), "", None)) + ["extra"]
        self.schema = pa.schema([(name, pa.string()) for name in names])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict] = []

    def write(self, row: dict, extra: dict) -> None:
        self.rows.append({**row, "extra": json.dumps(extra, ensure_ascii=False, default=str) if extra else None})
        if len(self.rows) >= 1000:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._flush()
        self.writer.close()


def rejects_path(output: Path) -> Path:
    return output.with_name(output.name + ".rejects.jsonl")


def _write_rejects(output: Path, rejected: list[InputError]) -> str | None:
    path = rejects_path(output)
    if not rejected:
        path.unlink(missing_ok=True)    # a list left by an earlier run would describe other inputs
        return None
    with path.open("w", encoding="utf-8") as out:
        for exc in rejected:
            out.write(json.dumps(exc.to_json(), ensure_ascii=False) + "\n")
    return str(path)
