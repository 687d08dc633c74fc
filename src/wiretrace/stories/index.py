"""Candidate indexes beside the store: HNSW over article embeddings (faiss) and MinHash LSH (datasketch).

They live in `<db>.index/` and carry a stamp of the profiles they were built
from. They are written only after the store commits; if they are missing or
their stamp does not match the store (a crash between commit and save, a
store copied without them), they are rebuilt from the profiles table.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Callable

import faiss
import numpy as np
from datasketch import MinHashLSH

from ..embeddings import DIMENSIONS
from ..fingerprints import NUM_PERM, lean

LSH_THRESHOLD = 0.5
HNSW_M = 32
NEAR_COPIES = 50   # LSH hits kept per arrival: the closest, when a wire story has been copied more often

Hashes = Callable[[list[int]], np.ndarray]   # rowids -> their MinHash values, one row each, in that order


class StoryIndex:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.vectors = faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, HNSW_M, faiss.METRIC_INNER_PRODUCT))
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.stamp: dict = {"count": 0, "max_rowid": 0}

    def add(self, rowid: int, embedding: np.ndarray, text_hash: np.ndarray) -> None:
        """Index an article; into the LSH only while its text has fewer than NEAR_COPIES near-copies there.

        Past that, one more copy adds nothing a later arrival could not learn from
        the copies already indexed, and it would make every later query of that
        text slower. A rebuild replays the articles in rowid order, so it makes
        the same choices as the arrivals did.
        """
        self.vectors.add_with_ids(embedding.reshape(1, -1).astype(np.float32), np.array([rowid], dtype=np.int64))
        signature = lean(text_hash)
        if len(self.lsh.query(signature)) < NEAR_COPIES:
            self.lsh.insert(rowid, signature, check_duplication=False)
        self.stamp = {"count": self.stamp["count"] + 1, "max_rowid": max(self.stamp["max_rowid"], rowid)}

    def candidates(self, embedding: np.ndarray, text_hash: np.ndarray, k: int = 30,
                   hashes: Hashes | None = None) -> set[int]:
        """The `k` nearest articles by embedding and the near-copies by MinHash LSH.

        A wire story copied a thousand times puts a thousand articles in one LSH
        bucket; scoring them all would make an arrival's cost grow with the store.
        Given `hashes`, only the NEAR_COPIES hits closest in MinHash agreement are
        kept: copies of one text all say the same about where it belongs.
        """
        found: set[int] = set()
        if self.vectors.ntotal:
            _, ids = self.vectors.search(embedding.reshape(1, -1).astype(np.float32), min(k, self.vectors.ntotal))
            found.update(int(i) for i in ids[0] if i >= 0)
        near = sorted(int(i) for i in self.lsh.query(lean(text_hash)))
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
        (self.folder / "lsh.pickle.tmp").write_bytes(pickle.dumps(self.lsh))
        os.replace(self.folder / "lsh.pickle.tmp", self.folder / "lsh.pickle")
        (self.folder / "stamp.json").write_text(json.dumps(self.stamp))

    @classmethod
    def load(cls, folder: Path | None, stamp: dict, rows) -> "StoryIndex":
        """The saved index if its stamp matches `stamp`, else one rebuilt from `rows()` (rowid, embedding, hash)."""
        index = cls(folder)
        try:
            if folder is not None and json.loads((folder / "stamp.json").read_text()) == stamp:
                index.vectors = faiss.read_index(str(folder / "vectors.faiss"))
                index.lsh = pickle.loads((folder / "lsh.pickle").read_bytes())
                index.stamp = stamp
                return index
        except (OSError, ValueError, pickle.UnpicklingError, RuntimeError):
            pass
        for rowid, embedding, text_hash in rows():
            index.add(rowid, embedding, text_hash)
        index.save()
        return index
