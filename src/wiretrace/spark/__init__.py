"""The batch path on Apache Spark: `wiretrace dedup --engine spark`.

The local engine's functions run inside the executors (readers, sketches,
annotation, the join model); Spark groups and joins, so both engines give the
same clusters. pyspark is imported only when a job runs: it is an optional
extra (`pip install 'wiretrace[spark]'`), and Spark needs Java 17.
"""

from __future__ import annotations

from .session import SparkUnavailable, build_session, spark_session


def dedup_spark(inputs: list[str], output: str, *, master: str = "local[2]", keep: str = "all", stories: bool = True,
                partitions: int | None = None, progress=None):
    """`batch.dedup_files` on Spark: a session on `master` for the one job (the active one under spark-submit)."""
    try:
        from .job import run
    except ImportError:
        raise SparkUnavailable("the spark engine needs pyspark: pip install 'wiretrace[spark]'") from None
    with spark_session(master) as spark:
        return run(spark, inputs, output, keep=keep, stories=stories, partitions=partitions, progress=progress)


__all__ = ["SparkUnavailable", "build_session", "dedup_spark", "spark_session"]
