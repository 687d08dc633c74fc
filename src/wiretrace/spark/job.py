"""The dedup job on Spark: the local engine's functions on every partition, Spark for grouping and joining.

Executors read files with `batch.read_articles`, sketch with `dedup.sketch`,
annotate and profile the copy clusters' leads for stories as `batch` does
(every copy takes its lead's story), and decide pairs with
`dedup.verify` and the join model, with the models loaded once per Python
worker. Spark only moves rows: it groups articles by LSH bucket (copy
candidates by the local rule in the JVM, `copies.py`; story buckets and the
leads giving each name, members in article-id order, handed to
`dedup.story_candidates`), joins each pair with
what both ends need, and labels connected components (`components.py`); for
stories, the components of accepted pairs are blocks, each handed whole to
`batch.block_search`, and the driver picks the threshold the collection
chooses from their separations. Nothing depends on how the input is
partitioned, so both engines, and any number of partitions, give the same
clusters.
"""

from __future__ import annotations

import json
import logging
import pickle
import time
from typing import Callable, Iterable, Iterator

import numpy as np
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .. import batch, dedup
from ..article import Article
from ..errors import InputError, WiretraceError
from .components import DRIVER_EDGES, connected_components
from ..stories import model as story_model, threshold
from .copies import copy_pairs, with_both_ends
from .read import list_inputs, read_items

_log = logging.getLogger(__name__)
CHUNK = 512              # articles sketched (and annotated, for stories) at once, as the local engine does
PAIR_CHUNK = 4096        # candidate pairs verified or scored at once
REJECTS_SHOWN = 10_000   # rejects brought back to the driver for the report; all of them are written
Progress = Callable[[str, int, int | None], None]

LONGS = T.ArrayType(T.LongType(), False)
FINGERPRINTS = T.StructType([
    T.StructField("id", T.StringType(), False), T.StructField("file", T.IntegerType(), False),
    T.StructField("position", T.IntegerType(), False), T.StructField("moment", T.DoubleType(), False),
    T.StructField("day", T.IntegerType(), False), T.StructField("article", T.BinaryType(), False),
    T.StructField("signature", T.BinaryType(), False), T.StructField("size", T.LongType(), False),
    T.StructField("names", T.BinaryType(), False), T.StructField("bands", LONGS, False),
    T.StructField("bottom", T.BinaryType(), False), T.StructField("hub", T.LongType(), False),
])
LEADS = T.StructType([
    T.StructField("id", T.StringType(), False), T.StructField("copy_cluster_id", T.StringType(), False),
    T.StructField("moment", T.DoubleType(), False), T.StructField("day", T.IntegerType(), False),
    T.StructField("profile", T.BinaryType(), False), T.StructField("planes", LONGS, False),
])
PAIRS = T.StructType([T.StructField("a", T.StringType(), False), T.StructField("b", T.StringType(), False)])
SCORED = T.StructType([*PAIRS.fields, T.StructField("p", T.DoubleType(), False)])
PLACED = T.StructType([T.StructField("id", T.StringType(), False), T.StructField("story", T.StringType(), False)])
LINES = T.StructType([T.StructField("file", T.IntegerType()), T.StructField("position", T.IntegerType()),
                      T.StructField("value", T.StringType())])


# executors: the library, a partition at a time


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def fingerprints(rows: Iterable[tuple[tuple[int, int], Article]]) -> Iterator[tuple]:
    """Sketches and band keys of each article of a partition."""
    for chunk in _chunks(rows, CHUNK):
        articles = [a for _, a in chunk]
        sketches = dedup.sketch([a.normalized for a in articles])
        bands, hubs = dedup.bucket_keys(sketches), dedup.hub_rank(sketches)
        for n, ((file, position), article) in enumerate(chunk):
            yield (article.id, file, position, batch.moment(article.published),
                   article.published_day.toordinal() if article.published_day else -1, pickle.dumps(article),
                   sketches.signatures[n].tobytes(), int(sketches.sizes[n]), sketches.names[n].tobytes(),
                   bands[n].tolist(), sketches.bottom[n].tobytes(), int(hubs[n]))


def lead_profiles(rows: Iterable) -> Iterator[tuple]:
    """Profile and hyperplane keys of each copy cluster's lead: the only articles stories annotate."""
    for chunk in _chunks(rows, CHUNK):
        profiles = batch.annotated_profiles([pickle.loads(r.article) for r in chunk])
        planes = dedup.hyperplane_keys(np.stack([p.embedding for p in profiles]))
        for r, profile, keys in zip(chunk, profiles, planes):
            yield r.id, r.copy_cluster_id, r.moment, r.day, pickle.dumps(profile), keys.tolist()


def story_bucket_pairs(members: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """The same for an embedding bucket: members (id, day), each paired with its nearest earlier ones."""
    members = sorted(members)
    days = np.array([d for _, d in members], dtype=np.int64)
    pairs = dedup.story_candidates(np.zeros((len(members), 1), dtype=np.int64), days, max_bucket=len(members))
    return [(members[a][0], members[b][0]) for a, b in pairs]


def scored(rows: Iterable, names: dict[str, int], articles: int) -> Iterator[tuple[str, str, float]]:
    """Candidate pairs with the join model's probability, from rows holding both ends' profiles; `names`: how
    many of the `articles` (leads) give each name, as `batch` counts them."""
    for chunk in _chunks(rows, PAIR_CHUNK):
        probability = dedup.join_probability([(pickle.loads(r.profile_a), pickle.loads(r.profile_b)) for r in chunk],
                                             names, articles)
        yield from ((r.a, r.b, float(p)) for r, p in zip(chunk, probability))


def searched(block) -> tuple:
    """(separation, stories at each threshold searched, members) of a block, by `batch.block_search` as the local
    engine runs it."""
    members = [(m.id, m.moment, m.day) for m in block.members]
    copied = {m.id for m in block.members if m.copied}
    separation, placed = batch.block_search(members, [(q.a, q.b, q.p) for q in block.pairs], copied)
    return separation, placed, len(members)


def jsonl_line(article: Article, copy_cluster: str, story: str | None) -> str:
    return batch.jsonl_line(batch.record(article, copy_cluster, story), dict(article.extra))


def parquet_row(article: Article, copy_cluster: str, story: str | None) -> tuple:
    extra = dict(article.extra)
    return (*batch.record(article, copy_cluster, story).values(),
            json.dumps(extra, ensure_ascii=False, default=str) if extra else None)


def earliest(members: list) -> str:
    """The (file, position) key of the row the local engine keeps of one copy cluster."""
    members = sorted(members, key=lambda m: (m.file, m.position))
    keep = batch.earliest_of_clusters(np.zeros(len(members)), np.array([m.moment for m in members]),
                           np.array([m.id for m in members]))
    first = members[int(np.flatnonzero(keep)[0])]
    return first.file, first.position


# the driver: what Spark groups and joins


def _candidates(spark: SparkSession, table: DataFrame, column: str, member, pairs_of, max_bucket: int,
                what: str) -> DataFrame:
    """Distinct candidate pairs from the buckets of `column` (one bucket per key and slot); buckets over
    `max_bucket` members are dropped with a warning, as the local engine drops them."""
    buckets = (table.select(member.alias("member"), F.posexplode(column).alias("slot", "key"))
               .groupBy("slot", "key").agg(F.count("*").alias("count"), F.collect_list("member").alias("members"))
               .where(F.col("count") >= 2).persist(StorageLevel.MEMORY_AND_DISK))
    dropped = buckets.where(F.col("count") > max_bucket).agg(F.count("*"), F.max("count")).first()
    if dropped[0]:
        _log.warning("%s: dropped %d bucket(s) of more than %d articles (largest %d)", what, dropped[0], max_bucket,
                     dropped[1])
    pairs = buckets.where(F.col("count") <= max_bucket).rdd.flatMap(lambda row: pairs_of(row.members))
    return spark.createDataFrame(pairs, PAIRS, verifySchema=False).distinct()


def _remove(spark: SparkSession, path: str) -> None:
    jvm = spark.sparkContext._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(target, True)


def name_bucket_pairs(members: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """The same for the leads giving one name (id, day): each with its latest earlier ones, at any distance."""
    members = sorted(members)
    days = np.array([d for _, d in members], dtype=np.int64)
    pairs = dedup.story_candidates(np.zeros((len(members), 1), dtype=np.int64), days, window=dedup.ANY_DISTANCE,
                                   neighbours=dedup.NAME_NEIGHBOURS, max_bucket=len(members))
    return [(members[a][0], members[b][0]) for a, b in pairs]


def story_pairs(spark: SparkSession, leads: DataFrame, max_bucket: int) -> DataFrame:
    """The embedding bucket-mates near in time and the leads sharing a name that is not common, at any distance
    (`dedup.name_candidates`), each pair with its join probability `p`."""
    names = spark.sparkContext.broadcast(dict(leads.rdd.flatMap(lambda r: dedup.name_counts([pickle.loads(r.profile)]))
                                              .countByValue()))
    articles = leads.count()
    nearby = _candidates(spark, leads, "planes", F.struct("id", "day"), story_bucket_pairs, max_bucket,
                         "story candidates")
    named = (leads.rdd
             .flatMap(lambda r: [(n, (r.id, r.day)) for n in dedup.rare_names(pickle.loads(r.profile), names.value,
                                                                               articles)])
             .groupByKey().flatMap(lambda kv: name_bucket_pairs(list(kv[1]))))
    pairs = nearby.union(spark.createDataFrame(named, PAIRS, verifySchema=False)).distinct()
    both = with_both_ends(pairs, leads, ["profile"])
    return spark.createDataFrame(both.rdd.mapPartitions(lambda rows: scored(rows, names.value, articles)), SCORED,
                                 verifySchema=False).localCheckpoint()


def story_labels(spark: SparkSession, table: DataFrame, copy_of: DataFrame, max_bucket: int,
                 driver_edges: int) -> tuple[DataFrame, float | None]:
    """(copy_cluster_id, story_id) of every copy cluster, placed by its lead (`_kept`'s row), and the join threshold
    the collection chose: blocks are the components of the pairs the join model accepts at the lowest threshold
    searched, and each block, its members and the scored pairs inside it, goes whole to `batch.block_search`, as
    locally; the threshold is `stories.threshold.best` over their summed separations."""
    kept = _kept(table.select("id", "file", "position", "moment", "day", "article").join(copy_of, "id"))
    leads = spark.createDataFrame(kept.rdd.mapPartitions(lead_profiles), LEADS, verifySchema=False)
    leads = leads.persist(StorageLevel.MEMORY_AND_DISK)
    pairs = story_pairs(spark, leads, max_bucket)
    accepted = pairs.where(F.col("p") >= min(threshold.SEARCHED)).select("a", "b")
    blocks = connected_components(leads.select("id"), accepted, driver_edges=driver_edges)
    block_of = blocks.select("id", F.col("component").alias("block")).localCheckpoint()
    inside = (pairs.join(block_of.withColumnRenamed("id", "a"), "a")
              .join(block_of.select(F.col("id").alias("b"), F.col("block").alias("block_b")), "b")
              .where(F.col("block") == F.col("block_b"))
              .groupBy("block").agg(F.collect_list(F.struct("a", "b", "p")).alias("pairs")))
    copied = copy_of.groupBy("copy_cluster_id").agg((F.count("*") > 1).alias("copied"))
    members = (leads.select("id", "moment", "day", "copy_cluster_id").join(copied, "copy_cluster_id")
               .join(block_of, "id")
               .groupBy("block").agg(F.collect_list(F.struct("id", "moment", "day", "copied")).alias("members")))
    search = members.join(inside, "block").rdd.map(searched).persist(StorageLevel.MEMORY_AND_DISK)   # blocks of 2+
    separation, in_blocks = search.map(lambda r: (r[0], r[2])).fold(
        (threshold.NOTHING, 0), lambda x, y: (x[0] + y[0], x[1] + y[1]))
    chosen = threshold.best(separation, leads.count(), in_blocks)
    at = threshold.nearest(chosen if chosen is not None else story_model.load().threshold)
    found = spark.createDataFrame(search.flatMap(lambda r: r[1][at].items()), PLACED, verifySchema=False)
    return (leads.select("id", "copy_cluster_id").join(found, "id", "left")
            .select("copy_cluster_id", F.concat(F.lit("s"), F.coalesce("story", "id")).alias("story_id"))), chosen


def _kept(rows: DataFrame) -> DataFrame:
    """The rows `--keep one` writes: the local engine's choice in each copy cluster."""
    members = F.collect_list(F.struct("id", "file", "position", "moment")).alias("members")
    kept = rows.groupBy("copy_cluster_id").agg(members).rdd.map(lambda row: earliest(row.members))
    return rows.join(kept.toDF(["file", "position"]), ["file", "position"])


def run(spark: SparkSession, inputs: list[str], output: str, *, keep: str = "all", stories: bool = True,
        partitions: int | None = None, max_bucket: int = dedup.MAX_BUCKET, driver_edges: int = DRIVER_EDGES,
        progress: Progress | None = None) -> batch.DedupReport:
    """Label every article under `inputs` with its copy cluster (and story), written to the folder `output`
    (Spark's part files: JSON Lines, or Parquet when `output` ends in .parquet), rejects beside it.

    `driver_edges`: components are finished on the driver once this few edges are left (0: never)."""
    if keep not in batch.KEEP:
        raise WiretraceError(f"--keep must be one of {', '.join(batch.KEEP)}, not '{keep}'")
    started = time.perf_counter()
    note = progress or (lambda stage, done, total: None)
    sc = spark.sparkContext
    partitions = partitions or sc.defaultParallelism
    report = batch.DedupReport(output=str(output))

    note("reading", 0, None)
    files, missing = list_inputs(spark, [str(p) for p in inputs])
    items = read_items(spark, files, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    articles = items.filter(lambda kv: isinstance(kv[1], Article))
    if len(files) < partitions:   # a few big files: spread their articles over the cores
        articles = articles.repartition(partitions)
    table = spark.createDataFrame(articles.mapPartitions(fingerprints), FINGERPRINTS, verifySchema=False)
    table = table.persist(StorageLevel.MEMORY_AND_DISK)
    report.articles = table.count()

    note("copy clusters", 0, None)
    copies = copy_pairs(table, max_bucket)
    nodes = table.select("id")
    copy_of = connected_components(nodes, copies, driver_edges=driver_edges)
    labels = copy_of.withColumnRenamed("component", "copy_cluster_id")
    if stories:
        note("stories", 0, None)
        found, report.story_threshold = story_labels(spark, table, labels, max_bucket, driver_edges)
        labels = labels.join(found, "copy_cluster_id")
    else:
        labels = labels.withColumn("story_id", F.lit(None).cast("string"))
    labels = labels.localCheckpoint()
    report.copy_clusters = labels.select("copy_cluster_id").distinct().count()
    report.stories = labels.select("story_id").distinct().count() if stories else None

    note("writing", 0, report.articles)
    rows = table.select("id", "file", "position", "moment", "article").join(labels, "id")
    rows = (_kept(rows) if keep == "one" else rows).persist(StorageLevel.MEMORY_AND_DISK)
    report.written = rows.count()
    _write(spark, rows, str(output))
    missing = sc.parallelize([((n, 0), (e.origin, e.line, e.problem)) for n, e in missing], 1)
    rejects = items.filter(lambda kv: not isinstance(kv[1], Article))
    report.rejected, report.rejects = _write_rejects(spark, missing.union(rejects), str(output))
    for cached in (rows, table, items):
        cached.unpersist()
    note("writing", report.articles, report.articles)
    report.seconds = time.perf_counter() - started
    return report


def _write(spark: SparkSession, rows: DataFrame, output: str) -> None:
    """Articles in input order (file, position), as the local engine writes them."""
    labelled = rows.select("file", "position", "article", "copy_cluster_id", "story_id").rdd
    if output.lower().endswith((".parquet", ".pq")):
        names = list(batch.record(Article(text="x"), "", None)) + ["extra"]
        schema = T.StructType([T.StructField("file", T.IntegerType()), T.StructField("position", T.IntegerType())]
                              + [T.StructField(n, T.StringType()) for n in names])
        table = labelled.map(lambda r: (r.file, r.position, *parquet_row(pickle.loads(r.article), r.copy_cluster_id,
                                                                          r.story_id)))
        (spark.createDataFrame(table, schema, verifySchema=False).orderBy("file", "position").drop("file", "position")
         .write.mode("overwrite").parquet(output))
        return
    lines = labelled.map(lambda r: (r.file, r.position, jsonl_line(pickle.loads(r.article), r.copy_cluster_id,
                                                                   r.story_id)))
    (spark.createDataFrame(lines, LINES, verifySchema=False).orderBy("file", "position").select("value")
     .write.mode("overwrite").text(output))


def _write_rejects(spark: SparkSession, rejects, output: str) -> tuple[list[InputError], str | None]:
    """Rejects in input order to `output`.rejects.jsonl (a folder of part files), as the local engine lists them."""
    path = f"{output}.rejects.jsonl"
    lines = rejects.map(lambda kv: (kv[0][0], kv[0][1], json.dumps(
        InputError(kv[1][0], kv[1][2], kv[1][1]).to_json(), ensure_ascii=False)))
    frame = (spark.createDataFrame(lines, LINES, verifySchema=False).orderBy("file", "position")
             .persist(StorageLevel.MEMORY_AND_DISK))
    shown = [json.loads(r.value) for r in frame.limit(REJECTS_SHOWN).collect()]
    if not shown:
        _remove(spark, path)   # a list left by an earlier run would describe other inputs
        return [], None
    frame.select("value").coalesce(1).write.mode("overwrite").text(path)
    frame.unpersist()
    return [InputError(r["origin"], r["problem"], r["line"]) for r in shown], path

