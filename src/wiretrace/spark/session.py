"""One Spark session for a dedup job, started and stopped by the caller.

Local masters (`local`, `local[N]`) bind to 127.0.0.1 with the UI off, and run
workers on this interpreter, so the installed wiretrace is what the executors
import. On a cluster (`spark://`, `yarn`, `k8s://`) the cluster's own
configuration (spark-defaults.conf, `spark-submit --conf`) decides the rest.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator

from ..errors import WiretraceError

SHUFFLE_PARTITIONS = 8


class SparkUnavailable(WiretraceError):
    """pyspark or Java is missing: the spark engine cannot start."""


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def under_submit() -> bool:
    """Started by spark-submit, which has launched the JVM and set the master already."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def build_session(master: str = "local[2]", *, shuffle_partitions: int = SHUFFLE_PARTITIONS,
                  app_name: str = "wiretrace-dedup"):
    """A SparkSession for `master`; an existing active one is reused as it is.

    Only local masters get settings from here (loopback, no UI, few shuffle partitions for a
    laptop's cores); a cluster's come from its own configuration and spark-submit."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the spark engine needs pyspark: pip install 'wiretrace[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    if under_submit():
        master = ""   # spark-submit's --master and --conf rule
    if master:
        builder = builder.master(master)
    if is_local(master or ""):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", str(shuffle_partitions)))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j raises plain exceptions when the JVM cannot start
        raise SparkUnavailable(f"cannot start Spark ({master}): {str(exc).splitlines()[0]}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def spark_session(master: str = "local[2]", **options) -> Iterator:
    """A session stopped on exit, unless it was already running before (spark-submit owns that one)."""
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None
    session = build_session(master, **options)
    try:
        yield session
    finally:
        if owned:
            session.stop()
