"""Candidate indexes: MinHash LSH bands in the store's SQLite file, HNSW over article embeddings (faiss) beside it.

The LSH bands are rows of the store, written in the transaction that adds the
article, so they are never stale and cost a query, not a load, however large
the store grows. The HNSW index lives in `<db>.index/` with a stamp of the
profiles it was built from; it is written only after the store commits, and
rebuilt from the profiles table when missing or stale (a crash between commit
and save, a store copied without it).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterable

import faiss
import numpy as np
import xxhash
from datasketch import MinHashLSH

from ..embeddings import DIMENSIONS
from ..fingerprints import NUM_PERM

LSH_THRESHOLD = 0.5
HNSW_M = 32
NEAR_COPIES = 50   # LSH hits kept per arrival: the closest, when a wire story has been copied more often

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
        self.vectors = faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, HNSW_M, faiss.METRIC_INNER_PRODUCT))
        if db is None:
            db = sqlite3.connect(":memory:")
            fill_near_copies(db, ())
        self.lsh = NearCopies(db)
        self.stamp: dict = {"count": 0, "max_rowid": 0}

    def add(self, rowid: int, embedding: np.ndarray, text_hash: np.ndarray) -> None:
        self._add_vectors([rowid], embedding.reshape(1, -1))
        self.lsh.insert(rowid, text_hash)

    def _add_vectors(self, rowids: list[int], embeddings: np.ndarray) -> None:
        self.vectors.add_with_ids(np.ascontiguousarray(embeddings, dtype=np.float32), np.array(rowids, dtype=np.int64))
        self.stamp = {"count": self.stamp["count"] + len(rowids), "max_rowid": max(self.stamp["max_rowid"], *rowids)}

    def candidates(self, embedding: np.ndarray, text_hash: np.ndarray, k: int = 30,
                   hashes: Hashes | None = None) -> set[int]:
        """The `k` nearest articles by embedding and the near-copies by MinHash LSH.

        An arrival whose text matches several much-copied texts can still hit many
        articles; given `hashes`, only the NEAR_COPIES hits closest in MinHash
        agreement are kept: copies of one text all say the same about where it belongs.
        """
        found: set[int] = set()
        if self.vectors.ntotal:
            _, ids = self.vectors.search(embedding.reshape(1, -1).astype(np.float32), min(k, self.vectors.ntotal))
            found.update(int(i) for i in ids[0] if i >= 0)
        near = self.lsh.query(text_hash)
        if hashes is not None and len(near) > NEAR_COPIES:
            agreement = (hashes(near) == text_hash).mean(axis=1)
            near = [near[i] for i in np.argsort(-agreement, kind="stable")[:NEAR_COPIES]]
        return found.union(near)

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / "vectors.faiss.tmp"
        faiss.write_index(self.vectors, str(tmp))
        os.replace(tmp, self.folder / "vectors.faiss")
        (self.folder / "stamp.json").write_text(json.dumps(self.stamp))
        (self.folder / "lsh.pickle").unlink(missing_ok=True)   # where earlier versions kept the LSH

    @classmethod
    def load(cls, folder: Path | None, db: sqlite3.Connection, stamp: dict,
             rows: Callable[[], Iterable[tuple[int, np.ndarray]]]) -> "StoryIndex":
        """The saved HNSW index if its stamp matches `stamp`, else one rebuilt from `rows()` (rowid, embedding)."""
        index = cls(folder, db)
        try:
            if folder is not None and json.loads((folder / "stamp.json").read_text()) == stamp:
                index.vectors = faiss.read_index(str(folder / "vectors.faiss"))
                index.stamp = stamp
                return index
        except (OSError, ValueError, RuntimeError):
            pass
        for rowid, embedding in rows():   # one at a time, as they arrived: the same graph as online
            index._add_vectors([rowid], embedding.reshape(1, -1))
        index.save()
        return index
