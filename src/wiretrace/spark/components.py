"""Connected components on DataFrames: large-star / small-star (Kiveris et al., SoCC 2014).

Each round rewires edges towards smaller node ids, so every component ends as
a star around its smallest id: that id names the cluster, as the local engine
names it. The answer depends only on the edge set, never on partitioning or
on the order rows arrive in. Rounds grow as O(log^2 n), and each round's
edges are checkpointed so that the plan does not grow with them. Once the
edges left are few enough for the driver (`driver_edges`), the driver
finishes with the local engine's `dedup.components`, which gives the same
labels: a round costs several Spark jobs, a few hundred thousand edges a
second's work in scipy.
"""

from __future__ import annotations

import numpy as np
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from .. import dedup
from ..errors import WiretraceError

MAX_ROUNDS = 64
DRIVER_EDGES = 2_000_000


def _undirected(edges: DataFrame) -> DataFrame:
    """Edges as (a, b) with a < b, once each."""
    return (edges.where(F.col("a") != F.col("b"))
            .select(F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b")).distinct())


def large_star(edges: DataFrame) -> DataFrame:
    """Every node's larger neighbours are linked to the smallest of its neighbourhood (itself included)."""
    both = edges.select(F.col("a").alias("u"), F.col("b").alias("v")).union(edges.select(F.col("b").alias("u"),
                                                                                          F.col("a").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return _undirected(both.where(F.col("v") > F.col("u")).join(smallest, "u")
                       .select(F.col("v").alias("a"), F.col("m").alias("b")))


def small_star(edges: DataFrame) -> DataFrame:
    """Every node and its smaller neighbours are linked to the smallest of them."""
    smallest = edges.groupBy("b").agg(F.min("a").alias("m"))
    joined = edges.join(smallest, "b")
    return _undirected(joined.select("a", F.col("m").alias("b"))
                       .union(smallest.select(F.col("b").alias("a"), F.col("m").alias("b"))))


def _is_star_forest(edges: DataFrame) -> bool:
    """Each larger end has one edge, and no smaller end is a larger end elsewhere: stars around their minima."""
    if edges.groupBy("b").count().where(F.col("count") > 1).limit(1).count():
        return False
    return not edges.select("a").intersect(edges.select(F.col("b").alias("a"))).limit(1).count()


def _finish_on_driver(nodes: DataFrame, edges: DataFrame) -> DataFrame:
    pairs = [(r.a, r.b) for r in edges.collect()]
    ids = sorted({i for pair in pairs for i in pair})
    index = {i: n for n, i in enumerate(ids)}
    rows = np.array([(index[a], index[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    labels = dedup.components(np.array(ids), rows) if ids else []
    found = nodes.sparkSession.createDataFrame(list(zip(ids, map(str, labels))), "id string, component string")
    return (nodes.select("id").distinct().join(found, "id", "left")
            .select("id", F.coalesce("component", "id").alias("component")))


def connected_components(nodes: DataFrame, edges: DataFrame, *, max_rounds: int = MAX_ROUNDS,
                         driver_edges: int = DRIVER_EDGES) -> DataFrame:
    """(id, component) for every id of `nodes` (column `id`): the smallest id linked to it by `edges` (a, b)."""
    current = _undirected(edges).localCheckpoint()
    for _ in range(max_rounds):
        if driver_edges and current.count() <= driver_edges:
            return _finish_on_driver(nodes, current)
        if _is_star_forest(current):
            break
        current = small_star(large_star(current)).localCheckpoint()
    else:
        raise WiretraceError(f"connected components did not converge in {max_rounds} rounds")
    labels = current.select(F.col("b").alias("id"), F.col("a").alias("component"))
    return (nodes.select("id").distinct().join(labels, "id", "left")
            .select("id", F.coalesce("component", "id").alias("component")))
