"""Inputs for the Spark engine: the local engine's readers, run inside the executors, a file at a time.

Files are listed on the driver through Hadoop's file system (local paths,
HDFS, object stores alike) by the local engine's rules: folders walked
recursively in name order, known extensions only, hidden files skipped. Each
executor reads its files with `batch.read_articles`, the very function of the
local engine, so a malformed line, an empty file or an undecodable one becomes
an InputError naming the file and line, never a failed job. Files on a local
path are read where they lie (streamed); others come through Spark
(`binaryFiles`) into a scratch file first. Every item keeps its place in the
batch (file number, position in the file): the local engine's order.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Iterator

from ..article import Article
from ..batch import read_articles
from ..errors import InputError
from ..readers import EXTENSIONS, nothing_to_read

SUFFIXES = set(EXTENSIONS) | {".parquet", ".pq"}


@dataclass(frozen=True)
class InputFile:
    number: int     # place in the batch
    uri: str        # as Hadoop names it: file:/..., hdfs://..., s3a://...
    origin: str     # as the local engine names it in rejects and output

    @property
    def local_path(self) -> str | None:
        return self.uri[len("file:"):] if self.uri.startswith("file:") else None


def list_inputs(spark, paths: list[str]) -> tuple[list[InputFile], list[tuple[int, InputError]]]:
    """The files under `paths` in the local engine's order, and the paths that do not exist (with their place)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found: list[tuple[str, str] | InputError] = []
    for raw in paths:
        shown = str(PurePosixPath(str(raw)))
        path = jvm.org.apache.hadoop.fs.Path(str(raw))
        fs = path.getFileSystem(conf)
        if not fs.exists(path):
            found.append(InputError(shown, "no such file or directory"))
            continue
        root = fs.makeQualified(path).toString().rstrip("/")
        if not fs.getFileStatus(path).isDirectory():
            found.append((root, shown))
            continue
        inside = []
        listing = fs.listFiles(path, True)
        while listing.hasNext():
            uri = listing.next().getPath().toString()
            parts = PurePosixPath(uri[len(root):].lstrip("/")).parts
            if PurePosixPath(uri).suffix.lower() in SUFFIXES and not any(p.startswith(".") for p in parts):
                inside.append((parts, uri))
        found += [(uri, str(PurePosixPath(shown, *parts))) for parts, uri in sorted(inside)] or [
            nothing_to_read(shown, (".parquet", ".pq"))]
    files = [InputFile(n, *item) for n, item in enumerate(found) if not isinstance(item, InputError)]
    return files, [(n, item) for n, item in enumerate(found) if isinstance(item, InputError)]


Rejected = tuple   # (origin, line, problem): an InputError as plain data, to travel between processes


def _as_from(item: Article | InputError, origin: str) -> Article | Rejected:
    if isinstance(item, Article):
        return replace(item, origin=origin)
    return origin, item.line, item.problem


def read_file(file: InputFile, path: str) -> Iterator[tuple[tuple[int, int], Article | Rejected]]:
    """((file number, position), item) for every record of one file, read by the local engine from `path`."""
    for position, item in enumerate(read_articles([path])):
        yield (file.number, position), _as_from(item, file.origin)


def read_items(spark, files: list[InputFile], partitions: int):
    """RDD of ((file number, position), Article | Rejected) for every input file."""
    sc = spark.sparkContext
    local = [f for f in files if f.local_path]
    remote = {f.uri: f for f in files if not f.local_path}
    items = sc.parallelize(local, max(1, min(len(local), partitions))).flatMap(lambda f: read_file(f, f.local_path))
    if remote:
        by_uri = sc.broadcast(remote)

        def fetched(pair):
            file = by_uri.value[pair[0]]
            fd, scratch = tempfile.mkstemp(suffix=PurePosixPath(file.uri).suffix)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(pair[1])
                yield from read_file(file, scratch)
            finally:
                os.unlink(scratch)

        items = items.union(sc.binaryFiles(",".join(remote), partitions).flatMap(fetched))
    return items
