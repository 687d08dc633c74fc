"""The batch path on Apache Spark: `wiretrace dedup --engine spark`.

The same library functions as the local engine run inside `mapPartitions`
(readers, annotation, fingerprints, MinHash, the join model); only the
grouping (LSH buckets, candidate pairs, connected components) is done by
Spark, so both engines give the same clusters.
"""

from .session import spark_session

__all__ = ["spark_session"]
