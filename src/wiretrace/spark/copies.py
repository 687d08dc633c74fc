"""Copy pairs on Spark without a Python round trip per row.

Candidate pairs come from the LSH buckets by window functions in the JVM (the
local engine's rule: in each bucket, members in id order, the first with every
other and each with the next, and the best hub by `dedup.hub_rank` with every
other); verification is `dedup.verify` itself over Arrow batches, the
fixed-size sketch columns read as numpy arrays in place.
Row-at-a-time transfer between the JVM and Python workers was most of the
Spark engine's time before.
"""

from __future__ import annotations

import logging
from typing import Iterator

import numpy as np
import pyarrow as pa
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from .. import dedup

_log = logging.getLogger(__name__)
PAIR_SCHEMA = "a string, b string"


def bucket_pairs(table: DataFrame, column: str, max_bucket: int) -> DataFrame:
    """Distinct (a, b), a < b, from the buckets of the array column `column` (one bucket per key and slot);
    buckets over `max_bucket` members are dropped with a warning, as the local engine drops them."""
    members = table.select("id", "hub", F.posexplode(column).alias("slot", "key"))
    sizes = members.groupBy("slot", "key").count().where(F.col("count") >= 2)
    dropped = sizes.where(F.col("count") > max_bucket).agg(F.count("*"), F.max("count")).first()
    if dropped[0]:
        _log.warning("copy candidates: dropped %d bucket(s) of more than %d articles (largest %d)", dropped[0],
                     max_bucket, dropped[1])
    shared = members.join(sizes.where(F.col("count") <= max_bucket).select("slot", "key"), ["slot", "key"])
    ordered = Window.partitionBy("slot", "key").orderBy("id")
    by_hub = Window.partitionBy("slot", "key").orderBy("hub", "id")
    linked = shared.select(F.col("id").alias("b"), F.first("id").over(ordered).alias("first"),
                           F.first("id").over(by_hub).alias("hub"), F.lag("id").over(ordered).alias("previous"))
    to_first = linked.where(F.col("first") != F.col("b")).select(F.col("first").alias("a"), "b")
    to_hub = linked.where(F.col("hub") != F.col("b")).select(F.col("hub").alias("a"), "b")
    to_previous = linked.where(F.col("previous").isNotNull()).select(F.col("previous").alias("a"), "b")
    ends = to_first.union(to_hub).union(to_previous)
    return ends.select(F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b")).distinct()


def _rows(column: pa.Array, like: np.ndarray) -> np.ndarray:
    """A binary column of equal-length values (numpy rows as bytes) as one 2-d array, without copying each value."""
    column = column.cast(pa.large_binary()) if not pa.types.is_large_binary(column.type) else column
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int64)[column.offset:column.offset + len(column) + 1]
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    return data.view(like.dtype).reshape(len(column), like.shape[1])


def verified(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The pairs of each batch (both ends' sketches beside them) that `dedup.verify` keeps."""
    kinds = dedup.sketch([])   # the dtypes and widths of sketch rows
    for batch in batches:
        n = batch.num_rows
        if not n:
            continue
        both = dedup.Sketches(
            np.concatenate([_rows(batch.column("signature_a"), kinds.signatures),
                            _rows(batch.column("signature_b"), kinds.signatures)]),
            np.concatenate([batch.column("size_a").to_numpy(), batch.column("size_b").to_numpy()]),
            np.concatenate([_rows(batch.column("names_a"), kinds.names), _rows(batch.column("names_b"), kinds.names)]),
            np.concatenate([_rows(batch.column("bottom_a"), kinds.bottom),
                            _rows(batch.column("bottom_b"), kinds.bottom)]),
            np.zeros((2 * n, 0), dtype=np.int64))   # the leads' keys found pairs; verifying reads none
        kept = dedup.verify(np.column_stack([np.arange(n), np.arange(n, 2 * n)]), both)[:, 0]
        yield pa.RecordBatch.from_arrays([batch.column("a").take(kept), batch.column("b").take(kept)], ["a", "b"])


def copy_pairs(table: DataFrame, max_bucket: int) -> DataFrame:
    """Verified copy pairs (a < b): bucket-mates of any band that `dedup.verify` accepts."""
    candidates = with_both_ends(bucket_pairs(table, "bands", max_bucket), table,
                                ["signature", "size", "names", "bottom"])
    return candidates.mapInArrow(verified, PAIR_SCHEMA).localCheckpoint()


def with_both_ends(pairs: DataFrame, table: DataFrame, columns: list[str]) -> DataFrame:
    """Pairs (a, b) with `columns` of each end beside them, as `column_a` and `column_b`."""
    left = table.select(F.col("id").alias("a"), *[F.col(c).alias(f"{c}_a") for c in columns])
    right = table.select(F.col("id").alias("b"), *[F.col(c).alias(f"{c}_b") for c in columns])
    return pairs.join(left, "a").join(right, "b")
