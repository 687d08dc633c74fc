"""Candidate indexes: MinHash LSH bands in the store's SQLite file, HNSW over article embeddings (faiss) beside it.

The LSH bands are rows of the store, written in the transaction that adds the
article, so they are never stale and cost a query, not a load, however large
the store grows. The embeddings are searched in two parts, as a log-structured
store keeps its data: an HNSW graph of the articles up to some point, in
`<db>.index/` with a stamp of the profiles it holds, and an exact (flat) index
of the articles since, at most RECENT of them, read back from the profiles
table whenever the store is opened. Adding an article writes no file; every
RECENT articles the recent ones are folded into the graph, which is written
once the store has committed. The graph file is memory-mapped, so opening a
store of a million articles does not read 1.5 GB of vectors. A graph whose
stamp does not match the store's profiles (a store copied without it, a file
from another store) is rebuilt from the profiles table. A long-lived index
catches up with the articles other processes added (`catch_up`, `stale`).
Processes adding at once write the files one at a time, and read them while
none writes (`_locked`).

Both find the recent past: the embedding neighbours of a follow-up weeks
later are the reports in between, not the event's. Its link to the event is
a name: the victim's, the accused's, the town's. `Names` keeps, in the store,
the articles that give each specific name (migration 7), and offers the
latest of those that share the arrival's rarest names, at any distance in
time; how rare a name is (`Names.rarity`) is also evidence for the pair model.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Collection, Iterable

import faiss

import numpy as np
import xxhash
from datasketch import MinHashLSH

from ..embeddings import DIMENSIONS
from ..fingerprints import NUM_PERM, Profile
from ..store import NAMED_KINDS, NAMES_SCHEMA
from .features import name_weight

LSH_THRESHOLD = 0.5
HNSW_M = 32
NEAR_COPIES = 50   # LSH hits kept per arrival: the closest, when a wire story has been copied more often
RECENT = 4096      # articles searched exactly before they are folded into the graph (a flat search of 4,096 costs
                   # about what the graph's does, and the graph file is rewritten once per 4,096 articles)
GRAPH_FILE = "vectors.faiss"
POSTINGS_READ = 50     # articles read per specific name, the latest placed first: a name a story's hundred copies
                       # give costs what one given by three does, and the story's latest report is among them
NAME_CANDIDATES = 10   # long-range candidates per arrival, those sharing the most rarity first: each costs a profile
                       # read and a pair scoring, and a story is judged by the mean over its candidates, so the ten
                       # latest reports sharing the rarest names stand for the story they point to

_BANDING = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)   # datasketch's bands x rows for the threshold
LSH_SCHEMA = ("CREATE TABLE lsh_bands (key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)) "
              "WITHOUT ROWID")

Hashes = Callable[[list[int]], np.ndarray]   # rowids -> their MinHash values, one row each, in that order


class NearCopies:
    """MinHash LSH over an SQLite table: one row per (band key, article), a band key hashing the band's values.

    Same banding as datasketch's MinHashLSH at LSH_THRESHOLD, so the same hits;
    kept in SQLite because datasketch's in-memory index must be loaded whole.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    @staticmethod
    def keys(text_hash: np.ndarray) -> list[int]:
        values = np.ascontiguousarray(text_hash, dtype=np.uint64)
        return [xxhash.xxh3_64_intdigest(values[start:end].tobytes(), seed=band) - (1 << 63)
                for band, (start, end) in enumerate(_BANDING.hashranges)]

    def query(self, text_hash: np.ndarray) -> list[int]:
        keys = self.keys(text_hash)
        return [r for (r,) in self.db.execute(
            f"SELECT DISTINCT article FROM lsh_bands WHERE key IN ({','.join('?' * len(keys))}) ORDER BY article", keys)]

    def insert(self, rowid: int, text_hash: np.ndarray) -> None:
        """Index an article, unless its text already has NEAR_COPIES near-copies here.

        Past that, one more copy adds nothing a later arrival could not learn from
        the copies already indexed, and it would make every later query of that
        text slower. Replaying the articles in rowid order makes the same choices.
        """
        if len(self.query(text_hash)) < NEAR_COPIES:
            self.db.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?)",
                                [(key, rowid) for key in self.keys(text_hash)])

    def count(self) -> int:
        return self.db.execute("SELECT count(DISTINCT article) FROM lsh_bands").fetchone()[0]


def specific_names(profile: Profile) -> set[str]:
    """The names of a profile that can tie it to its event at any distance: people, places, organisations."""
    return {n for kind in NAMED_KINDS for n in getattr(profile, kind)}


class Names:
    """The articles that give each name (profile rowids), and how many do: tables `names` and `name_postings`.

    How many articles give a name is read once per arrival: every arrival
    changes the counts, and scoring one arrival asks about the same names
    again and again.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._counts: dict[str, tuple[int, int] | None] = {}   # name -> (id, articles), None: given by none
        self._rarity: dict[str, float] = {}   # name -> `rarity`, asked once per name and arrival of a pair model

    def insert(self, rowid: int, names: Collection[str]) -> None:
        self._counts.clear()
        self._rarity.clear()
        if not names:
            return
        ordered = sorted(names)
        self.db.executemany("INSERT INTO names (name, articles) VALUES (?, 1) "
                            "ON CONFLICT (name) DO UPDATE SET articles = articles + 1", [(n,) for n in ordered])
        self.db.execute("INSERT INTO name_postings SELECT id, ? FROM names WHERE name IN (SELECT value FROM json_each(?))",
                        (rowid, json.dumps(ordered)))

    def counts(self, names: Collection[str]) -> dict[str, tuple[int, int] | None]:
        """Name -> (its id, how many stored articles give it), or None for a name no article gives."""
        missing = sorted(set(names) - self._counts.keys())
        if missing:
            found = {n: (i, c) for n, i, c in self.db.execute(
                "SELECT name, id, articles FROM names WHERE name IN (SELECT value FROM json_each(?))",
                (json.dumps(missing),))}
            self._counts.update((n, found.get(n)) for n in missing)
        return {n: self._counts[n] for n in names}

    def rarity(self, name: str, articles: int) -> float:
        """How much a name says about which event an article reports, in a store of `articles`: the pair model's
        weight (`features.name_rarity`: nothing for a common name, else log(1 + articles / articles giving it))."""
        weight = self._rarity.get(name)
        if weight is None:
            known = self.counts([name])[name]
            weight = self._rarity[name] = name_weight(name, known[1] if known else 0, articles)
        return weight

    def candidates(self, names: Collection[str], articles: int, latest: int = POSTINGS_READ,
                   keep: int = NAME_CANDIDATES) -> list[int]:
        """The `keep` stored articles sharing the most rarity with `names` (summed over the names shared), of the
        `latest` that give each specific name; ties: the latest placed first."""
        shared: dict[int, float] = defaultdict(float)
        for name, (weight, rowids) in self.giving(names, articles, latest).items():
            for rowid in rowids:
                shared[rowid] += weight
        return sorted(shared, key=lambda r: (-shared[r], -r))[:keep]

    def giving(self, names: Collection[str], articles: int, latest: int = POSTINGS_READ) -> dict[str, tuple[float, list[int]]]:
        """Each specific name of `names` (one whose weight in a store of `articles` is above nothing): its weight,
        and the profile rowids of the `latest` articles that give it, the latest first."""
        out = {}
        for name, known in self.counts(names).items():
            weight = name_weight(name, known[1] if known else 0, articles)
            if known and weight > 0:
                out[name] = (weight, [rowid for (rowid,) in self.db.execute(
                    "SELECT article FROM name_postings WHERE name = ? ORDER BY article DESC LIMIT ?", (known[0], latest))])
        return out


def fill_near_copies(db: sqlite3.Connection, rows: Iterable[tuple[int, np.ndarray]]) -> None:
    """Create the LSH table in `db` and index (rowid, MinHash values) in rowid order."""
    db.execute(LSH_SCHEMA)
    lsh = NearCopies(db)
    for rowid, text_hash in rows:
        lsh.insert(rowid, text_hash)


class StoryIndex:
    """The two candidate indexes; `db` holds the LSH table (a private in-memory one when not given)."""

    def __init__(self, folder: Path | None, db: sqlite3.Connection | None = None):
        self.folder = folder
        self.graph = _graph()
        self.recent = faiss.IndexIDMap2(faiss.IndexFlatIP(DIMENSIONS))
        if db is None:
            db = sqlite3.connect(":memory:")
            fill_near_copies(db, ())
            for statement in filter(str.strip, NAMES_SCHEMA.split(";")):
                db.execute(statement)
        self.lsh = NearCopies(db)
        self.names = Names(db)
        self.stamp: dict = {"count": 0, "max_rowid": 0}   # what the graph holds
        self.saved: dict | None = None   # the stamp on disk when this index last read or wrote it
        self.last = 0          # the highest rowid indexed, in the graph or recent
        self.mapped = False    # the graph is the saved file, memory-mapped (read-only)
        self.changed = False   # the graph holds articles its file does not

    @property
    def ntotal(self) -> int:
        return self.graph.ntotal + self.recent.ntotal

    def add(self, rowid: int, embedding: np.ndarray, text_hash: np.ndarray, names: Collection[str] = ()) -> None:
        self._add_recent([rowid], embedding.reshape(1, -1))
        self.lsh.insert(rowid, text_hash)
        self.names.insert(rowid, names)

    def rarity(self, name: str) -> float:
        """`Names.rarity` in the store as it stands: what the pair model weighs a shared name by."""
        known = self.names._rarity.get(name)   # asked for each name of each pair scored: no faiss call then
        return known if known is not None else self.names.rarity(name, self.ntotal)

    def _add_recent(self, rowids: list[int], embeddings: np.ndarray) -> None:
        self.recent.add_with_ids(np.ascontiguousarray(embeddings, dtype=np.float32), np.array(rowids, dtype=np.int64))
        self.last = max(self.last, *rowids)
        if self.recent.ntotal >= RECENT:
            self._fold()

    def _fold(self) -> None:
        """Move the recent articles into the graph, one at a time in the order they came (as a rebuild adds them).

        A mapped graph is read whole first: faiss cannot add to a view. Should another process have written the
        file since (between its commit and this add's check), the graph saved here holds more than its stamp
        says, and the next load rebuilds it.
        """
        if self.mapped:
            self.graph = faiss.read_index(str(self.folder / GRAPH_FILE))
            self.mapped = False
        ids = faiss.vector_to_array(self.recent.id_map)
        vectors = self.recent.index.reconstruct_n(0, self.recent.ntotal)
        for rowid, vector in zip(ids.tolist(), vectors):
            self.graph.add_with_ids(vector.reshape(1, -1), np.array([rowid], dtype=np.int64))
        self.stamp = {"count": self.stamp["count"] + len(ids), "max_rowid": max(self.stamp["max_rowid"], *ids.tolist())}
        self.recent.reset()
        self.changed = True

    def catch_up(self, rows: Callable[[int], Iterable[tuple[int, np.ndarray]]]) -> None:
        """Index the profiles another process added since this index last looked (`rows(after)`: (rowid,
        embedding) in rowid order)."""
        for rowid, embedding in rows(self.last):
            self._add_recent([rowid], embedding.reshape(1, -1))

    def stale(self) -> bool:
        """Whether another process has written the graph since this index read or wrote it."""
        if self.folder is None:
            return False
        try:
            return json.loads((self.folder / "stamp.json").read_text()) != self.saved
        except (OSError, ValueError):
            return True

    def candidates(self, embedding: np.ndarray, text_hash: np.ndarray, k: int = 30,
                   hashes: Hashes | None = None, names: Collection[str] = ()) -> set[int]:
        """The `k` nearest articles by embedding (graph and recent together), the near-copies by MinHash LSH, and
        the articles sharing the arrival's specific `names` at any distance in time (`Names.candidates`).

        An arrival whose text matches several much-copied texts can still hit many
        articles; given `hashes`, only the NEAR_COPIES hits closest in MinHash
        agreement are kept: copies of one text all say the same about where it belongs.
        """
        query = embedding.reshape(1, -1).astype(np.float32)
        scored = []
        with _one_thread():
            for part in (self.graph, self.recent):
                if part.ntotal:
                    similarity, ids = part.search(query, min(k, part.ntotal))
                    scored += [(-float(s), int(i)) for s, i in zip(similarity[0], ids[0]) if i >= 0]
        found = {i for _, i in sorted(scored)[:k]}
        near = self.lsh.query(text_hash)
        if hashes is not None and len(near) > NEAR_COPIES:
            agreement = (hashes(near) == text_hash).mean(axis=1)
            near = [near[i] for i in np.argsort(-agreement, kind="stable")[:NEAR_COPIES]]
        return found.union(near, self.names.candidates(names, self.ntotal) if names else ())

    def save(self) -> None:
        """Write the graph, if it changed since it was read; the recent articles are read back from the store."""
        if self.folder is None or not self.changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / (GRAPH_FILE + ".tmp")
        with _locked(self.folder, fcntl.LOCK_EX):
            _write_graph(self.graph, tmp)
            (self.folder / "stamp.json").unlink(missing_ok=True)   # no stamp until the graph it names is in place
            os.replace(tmp, self.folder / GRAPH_FILE)
            (self.folder / "stamp.json").write_text(json.dumps(self.stamp))
        (self.folder / "lsh.pickle").unlink(missing_ok=True)   # where earlier versions kept the LSH
        self.saved, self.changed = dict(self.stamp), False

    @classmethod
    def load(cls, folder: Path | None, db: sqlite3.Connection, prefix: Callable[[int], int],
             rows: Callable[[int], Iterable[tuple[int, np.ndarray]]]) -> "StoryIndex":
        """The saved graph, if its stamp names a prefix of the store's profiles (`prefix(max_rowid)`: how many
        profiles have a rowid up to it), and the profiles after it (`rows(after)`: (rowid, embedding) in rowid
        order) as recent articles; else a graph rebuilt from every profile."""
        index = cls(folder, db)
        try:
            if folder is not None and folder.is_dir():
                with _locked(folder, fcntl.LOCK_SH):
                    stamp = json.loads((folder / "stamp.json").read_text())
                    if stamp["count"] == prefix(stamp["max_rowid"]):
                        graph = faiss.read_index(str(folder / GRAPH_FILE),
                                                 faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
                        if graph.ntotal == stamp["count"]:
                            index.graph, index.stamp, index.saved, index.mapped = graph, stamp, stamp, True
                            index.last = stamp["max_rowid"]
        except (OSError, ValueError, KeyError, RuntimeError):
            pass
        if not index.mapped:
            index.changed = True   # a graph rebuilt from nothing (or from every profile) is written at once
        for rowid, embedding in rows(index.stamp["max_rowid"]):
            index._add_recent([rowid], embedding.reshape(1, -1))
        index.save()
        return index


@contextmanager
def _one_thread():
    """faiss on one thread while it answers one query: starting OpenMP's threads costs more than the search itself
    (on 2 cores, at 100,000 articles: 0.2 ms a query on one thread, 0.6-2.6 ms on two). Building keeps them all."""
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


@contextmanager
def _locked(folder: Path, how: int):
    """Hold the folder's lock file: two processes saving at once would move each other's half-written graph into
    place or take away each other's stamp, and a reader between the two files would rebuild the graph for nothing.
    A killed process's lock goes with it."""
    with open(folder / "lock", "a") as lock:
        fcntl.flock(lock, how)
        yield


def _write_graph(graph, path: Path) -> None:
    """faiss.write_index, failing on a full disk as Python's own writes do (OSError ENOSPC), and leaving no part of
    a file behind to fill the disk further."""
    try:
        faiss.write_index(graph, str(path))
    except RuntimeError as exc:
        path.unlink(missing_ok=True)
        if "No space left on device" in str(exc):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from None
        raise


def _graph():
    return faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, HNSW_M, faiss.METRIC_INNER_PRODUCT))
