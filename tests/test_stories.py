"""Stories on the demo corpus: online assignment, hard negatives, copies, follow-ups, idempotence, crashes."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from wiretrace import Store, demo, ingest
from wiretrace.cli import app
from wiretrace.stories import story, summaries


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("stories") / "news.db"
    with Store(path) as store:
        report = ingest(store, [demo.corpus_path()])
    assert not report.rejected
    gold = {(g["url"] or g["file"]): g for g in demo.gold()["articles"]}
    with Store(path) as store:
        by_event = {}
        for article in store.articles():
            key = article.url or article.origin.split("corpus/")[-1]
            by_event.setdefault(gold[key]["event"], set()).add(store.story_of(article.id))
    return path, by_event, gold


def test_every_event_is_one_story_and_no_story_spans_two(loaded):
    _, by_event, _ = loaded
    assert all(len(stories) == 1 for stories in by_event.values()), by_event
    all_stories = [s for stories in by_event.values() for s in stories]
    assert len(all_stories) == len(set(all_stories))


def test_same_kind_of_event_elsewhere_is_kept_apart(loaded):
    _, by_event, _ = loaded
    assert by_event["E1"] != by_event["E2"]   # two drone strikes a week apart
    assert by_event["E3"] != by_event["E4"]   # two earthquakes in Peru months apart


def test_story_record_timeline_and_copies(loaded):
    path, by_event, _ = loaded
    with Store(path) as store:
        record = story(store, next(iter(by_event["E1"])))
    assert "Global Press Agency" in record.sources and record.when == "2024-03-14"
    assert record.provenance[0].relation == "original"
    assert record.articles[0].source == "Global Press Agency"
    copies = max(record.copy_clusters, key=len)
    assert len(copies) >= 3
    published = [a.published_day for a in record.articles]
    assert published == sorted(published)


def test_readding_is_a_no_op_for_stories_too(loaded):
    path, _, _ = loaded
    with Store(path) as store:
        before = store.db.execute("SELECT count(*), count(DISTINCT story_id) FROM story_articles").fetchone()
        report = ingest(store, [demo.corpus_path()])
        after = store.db.execute("SELECT count(*), count(DISTINCT story_id) FROM story_articles").fetchone()
    assert report.added == [] and before == after


def test_missing_indexes_are_rebuilt_from_the_store(loaded, tmp_path):
    path, _, _ = loaded
    copy = tmp_path / "copy.db"
    with Store(path) as store:
        store.db.execute(f"VACUUM INTO '{copy}'")
    assert not (tmp_path / "copy.db.index").exists()
    with Store(copy) as store:
        assert store.index.vectors.ntotal == store.db.execute("SELECT count(*) FROM profiles").fetchone()[0]
    assert (tmp_path / "copy.db.index" / "stamp.json").exists()


def test_failed_add_leaves_store_and_index_consistent(loaded, tmp_path):
    path, _, _ = loaded
    copy = tmp_path / "crash.db"
    with Store(path) as store:
        store.db.execute(f"VACUUM INTO '{copy}'")
    shutil.copytree(str(path) + ".index", str(copy) + ".index")
    from wiretrace import Article, annotate

    extra = Article(text="A landslide blocked the mountain road to Qullqapampa on Monday, police said.",
                    source="Andean Post")

    def failing():
        yield extra, annotate(extra)
        raise RuntimeError("power cut")

    with Store(copy) as store:
        count = store.count()
        with pytest.raises(RuntimeError):
            store.add(failing())
        assert store.count() == count and store.story_of(extra.id) is None
        assert store.index.vectors.ntotal == count
        assert store.add([(extra, annotate(extra))]).added == [extra.id]
        assert store.story_of(extra.id) is not None


def test_cli_stories_and_story(loaded):
    path, by_event, _ = loaded
    runner = CliRunner()
    listed = json.loads(runner.invoke(app, ["stories", "--db", str(path), "--json"]).stdout)
    assert len(listed) == len(by_event)
    assert any(s["articles"] == 9 for s in listed)
    found = json.loads(runner.invoke(app, ["stories", "--db", str(path), "--json", "--search", "Kettle Ridge"]).stdout)
    assert len(found) == 1
    shown = json.loads(runner.invoke(app, ["story", found[0]["id"][:8], "--db", str(path), "--json"]).stdout)
    assert shown["event"]["what"] and len(shown["articles"]) == found[0]["articles"]
    assert runner.invoke(app, ["story", "snope", "--db", str(path)]).exit_code == 2
    with Store(path) as store:
        assert len(summaries(store, source="Cascade Courier")) == 1
