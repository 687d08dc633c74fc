"""The Spark engine gives the local engine's clusters, whatever the partitioning, and rejects bad input alone.

One Spark session (local[2], 4 shuffle partitions) serves the module. The
demo corpus and two ECB+ validation topics (44 articles, four events, two of
each kind; all 35 topics, annotated and embedded three times over, would take
many minutes on 2 cores) go through both engines in one batch each.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyspark", reason="the spark engine needs pyspark: pip install 'wiretrace[spark]'")
from sklearn.metrics import adjusted_rand_score

from wiretrace import dedup
from wiretrace.batch import dedup_files
from wiretrace.demo import corpus_path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
ECBPLUS = SHARED / "datasets" / "ecbplus" / "ecbplus_topics_01-35.jsonl"
ECB_TOPICS = {2, 5}


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark needs a JVM (Java 17)")
    from wiretrace.spark.session import build_session

    session = build_session("local[2]", shuffle_partitions=4)
    yield session
    session.stop()


def _rows(path: Path) -> list[dict]:
    files = sorted(path.glob("part-*")) if path.is_dir() else [path]
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line]


def _labels(rows: list[dict], key: str, origin: str = "") -> dict[str, str]:
    return {r["id"]: r[key] for r in rows if r["origin"].startswith(origin)}


def _ari(a: dict[str, str], b: dict[str, str]) -> float:
    ids = sorted(a)
    return adjusted_rand_score([a[i] for i in ids], [b[i] for i in ids])


@pytest.fixture(scope="module")
def batch_inputs(tmp_path_factory) -> list[str]:
    """The demo corpus, plus the ECB+ topics as JSON Lines when ../shared is there."""
    inputs = [str(corpus_path())]
    if ECBPLUS.is_file():
        subset = tmp_path_factory.mktemp("ecb") / "ecbplus.jsonl"
        with ECBPLUS.open(encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
            for line in source:
                if json.loads(line)["topic"] in ECB_TOPICS:
                    out.write(line)
        inputs.append(str(subset))
    return inputs


@pytest.fixture(scope="module")
def runs(spark, batch_inputs, tmp_path_factory):
    """The local engine once, the Spark engine with 4 partitions and with 1, on the same batch.

    With 4 partitions the driver finishes the components (few edges); with 1, Spark does every round.
    """
    from wiretrace.spark.job import run

    out = tmp_path_factory.mktemp("out")
    local = dedup_files(batch_inputs, out / "local.jsonl")
    four = run(spark, batch_inputs, str(out / "spark4"), partitions=4)
    one = run(spark, batch_inputs, str(out / "spark1"), partitions=1, driver_edges=0)   # every component round on Spark
    return {"local": (local, _rows(out / "local.jsonl")), "four": (four, _rows(out / "spark4")),
            "one": (one, _rows(out / "spark1"))}


@pytest.mark.parametrize("key", ["copy_cluster_id", "story_id"])
def test_spark_clusters_equal_local_on_demo_corpus(runs, key):
    local, spark = _labels(runs["local"][1], key, str(corpus_path())), _labels(runs["four"][1], key, str(corpus_path()))
    assert len(local) >= 40 and set(local) == set(spark)
    assert len(set(local.values())) < len(local), "the demo corpus holds copies and multi-article stories"
    assert _ari(local, spark) == 1.0
    assert local == spark   # same labels, not just the same partition


def test_spark_stories_equal_local_on_ecbplus_and_score_ari_above_0_6_against_gold(runs):
    if not ECBPLUS.is_file():
        pytest.skip(f"{ECBPLUS} is absent: ECB+ lives in ../shared/datasets beside the repo")
    gold = {}
    for line in ECBPLUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["topic"] in ECB_TOPICS:
            gold[record["text"]] = record["story"]
    rows = [r for r in runs["local"][1] if r["text"] in gold]
    assert len(rows) == 44
    local, spark = _labels(rows, "story_id"), _labels([r for r in runs["four"][1] if r["text"] in gold], "story_id")
    assert set(local) == set(spark)
    assert _ari(local, spark) == 1.0 and local == spark
    assert 1 < len(set(local.values())) < len(local), "neither one story nor none: a real grouping to compare"
    assert _ari(local, {r["id"]: gold[r["text"]] for r in rows}) > 0.6


def test_spark_output_is_the_local_output(runs):
    local, spark = runs["local"], runs["four"]
    assert spark[1] == local[1]   # every column, every article, in input order
    assert (spark[0].articles, spark[0].copy_clusters, spark[0].stories, spark[0].copy_links) == \
        (local[0].articles, local[0].copy_clusters, local[0].stories, local[0].copy_links)
    assert local[0].copy_links == local[0].articles - local[0].copy_clusters > 0
    assert spark[0].story_threshold == local[0].story_threshold is not None   # the collection chose it alike


def test_partitioning_does_not_change_clusters(runs):
    assert runs["one"][1] == runs["four"][1]


def test_bad_inputs_are_rejected_with_file_and_line(spark, tmp_path):
    from wiretrace.spark.job import run

    batch = tmp_path / "batch"
    batch.mkdir()
    wire = [json.loads(line) for line in (corpus_path() / "feeds" / "wire.jsonl").read_text().splitlines() if line]
    good = [json.dumps(record) for record in wire[:4]]
    (batch / "a.jsonl").write_text("\n".join(good[:2]) + "\n", encoding="utf-8")
    oversized = json.dumps({"title": "A dump", "text": "word " * 250_000})
    (batch / "b.jsonl").write_text(good[2] + "\n" + '{"title": "cut off", "text": "The ferry' + "\n" + good[3] + "\n"
                                   + oversized + "\n", encoding="utf-8")
    (batch / "c.jsonl").write_bytes(b"")
    latin1 = json.dumps({"text": "Caf\u00e9 owners protest in the city centre."}, ensure_ascii=False)
    (batch / "d.jsonl").write_bytes(latin1.encode("latin-1") + b"\n" + b'{"text": "\x00\xff"\n')   # Latin-1, read
    (tmp_path / "empty").mkdir()
    inputs = [str(batch), str(tmp_path / "empty"), str(tmp_path / "missing.jsonl")]
    local = dedup_files(inputs, tmp_path / "local.jsonl", stories=False)
    found = run(spark, inputs, str(tmp_path / "spark"), stories=False)

    expected = [(str(batch / "b.jsonl"), 2), (str(batch / "b.jsonl"), 4), (str(batch / "c.jsonl"), None), (str(batch / "d.jsonl"), 2),
                (str(tmp_path / "empty"), None), (str(tmp_path / "missing.jsonl"), None)]
    assert sorted((e.origin, e.line) for e in local.rejected) == sorted(expected)
    assert [(e.origin, e.line, e.problem) for e in found.rejected] == \
        [(e.origin, e.line, e.problem) for e in local.rejected]
    assert found.articles == local.articles == 5
    assert _rows(Path(found.rejects)) == _rows(Path(local.rejects))
    assert [(r["origin"], r["line"]) for r in _rows(Path(found.rejects))] == [(e.origin, e.line) for e in local.rejected]
    assert _rows(tmp_path / "spark") == _rows(tmp_path / "local.jsonl")


def test_parquet_in_and_out_as_the_local_engine(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wiretrace.spark.job import run

    wire = [json.loads(line) for line in (corpus_path() / "feeds" / "wire.jsonl").read_text().splitlines() if line]
    pq.write_table(pa.Table.from_pylist(wire), tmp_path / "wire.parquet")
    local = dedup_files([str(tmp_path / "wire.parquet")], tmp_path / "local.parquet", stories=False)
    found = run(spark, [str(tmp_path / "wire.parquet")], str(tmp_path / "spark.parquet"), stories=False)
    mine, theirs = pq.read_table(tmp_path / "spark.parquet"), pq.read_table(tmp_path / "local.parquet")
    assert local.articles == found.articles == len(wire) > 1
    assert mine.schema.names == theirs.schema.names and mine.to_pylist() == theirs.to_pylist()


def test_components_on_dataframes_match_local_components(spark):
    from wiretrace.spark.components import connected_components

    rng = random.Random(7)
    ids = [f"a{n:04d}" for n in range(300)]
    chain = ids[:80]
    rng.shuffle(chain)   # a long path in random id order: the case that needs many rounds of label passing
    edges = list(zip(chain, chain[1:])) + [(rng.choice(ids), rng.choice(ids)) for _ in range(120)]
    index = {i: n for n, i in enumerate(ids)}
    want = dict(zip(ids, dedup.components(np.array(ids), np.array([(index[a], index[b]) for a, b in edges]))))
    assert len(set(want.values())) < len(ids) - 100
    for parts in (1, 4):
        nodes = spark.createDataFrame([(i,) for i in ids], "id string").repartition(parts)
        links = spark.createDataFrame(edges, "a string, b string").repartition(parts)
        assert dict(connected_components(nodes, links, driver_edges=0).collect()) == want
    assert dict(connected_components(nodes, links).collect()) == want


def test_cli_engine_spark_reports_rejects_and_exits_1(spark, tmp_path):
    from typer.testing import CliRunner

    from wiretrace.cli import app

    wire = (corpus_path() / "feeds" / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "in.jsonl").write_text("\n".join(wire[:3] + ['{"text": ']) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["dedup", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out"),
                                      "--engine", "spark", "--no-stories", "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == report["written"] == 3
    assert [(r["origin"], r["line"]) for r in report["rejected"]] == [(str(tmp_path / "in.jsonl"), 4)]
    assert "truncated" in report["rejected"][0]["problem"] or "invalid" in report["rejected"][0]["problem"]
    assert len(_rows(tmp_path / "out")) == 3 and spark.getActiveSession() is not None   # the session is the caller's
