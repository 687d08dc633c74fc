"""The store: migrations, WAL, round trips, idempotent adds and all-or-nothing batches."""

import multiprocessing
import os
import signal
import sqlite3
import time
from datetime import date, datetime, timezone

import pytest

from wiretrace import Article, Store, StoreError, annotate
from wiretrace.store import MIGRATIONS, SCHEMA_VERSION

PARAGRAPHS = [
    "Dock workers at the port of Valmera walked out on Monday, halting container traffic, the union said.",
    "\u201cWe will stay out until the contract is signed,\u201d union leader Tomas Ferreira told reporters.",
    "The port authority said about 40 ships were waiting offshore and called the strike \u201cillegal\u201d.",
]


def make_article(n: int) -> Article:
    text = "\n\n".join(PARAGRAPHS) + f"\n\nTalks resume on day {n} of the dispute."
    return Article(text=text, title=f"Port strike, day {n}", source="Coastal Times",
                   url=f"https://coastal.example/strike-{n}", published=datetime(2024, 5, n, 9, 30, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def items():
    from wiretrace.fingerprints import profiles

    articles = [make_article(n) for n in range(1, 6)]
    annotated = [(a, annotate(a)) for a in articles]
    return [(a, ann, p) for (a, ann), p in zip(annotated, profiles(annotated))]


def test_new_store_is_migrated_and_in_wal_mode(db_path):
    with Store(db_path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in store.db.execute("SELECT name FROM migrations ORDER BY version")]
        assert names == [name for _, name, _ in MIGRATIONS]


def test_version_1_file_is_migrated_with_its_data(db_path, items):
    """A store written before sentences had a boilerplate column opens, and gains the column filled in."""
    raw = sqlite3.connect(db_path)
    raw.executescript(MIGRATIONS[0][2] + "; PRAGMA user_version = 1;")
    article = Article(text="Rescuers search the rubble in Dalvik. \u2014 GPA/File\n\nThe quake struck at dawn, officials said.")
    raw.execute("INSERT INTO articles (id, text, added_at) VALUES (?, ?, '2024-01-01')", (article.id, article.text))
    raw.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)",
                    [(article.id, 0, 0, 50, 0, "Rescuers search the rubble in Dalvik. \u2014 GPA/File"),
                     (article.id, 1, 52, 92, 1, "The quake struck at dawn, officials said.")])
    raw.commit()
    raw.close()
    with Store(db_path) as store:
        assert store.version == SCHEMA_VERSION
        kinds = [s.boilerplate for s in store.annotations(article.id).sentences]
    assert kinds == ["caption", None]


def test_newer_schema_is_refused_with_a_clear_message(db_path):
    Store(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(db_path)


def test_a_path_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a wiretrace database"):
        Store(bogus)

    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="no folder .*missing"):
        Store(tmp_path / "missing" / "news.db")


def test_round_trip_and_readding_is_a_no_op(db_path, items):
    with Store(db_path) as store:
        first = store.add(items[:2])
        again = store.add(items[:2])
        assert first.added == [a.id for a, _, _ in items[:2]] and first.present == []
        assert again.added == [] and again.present == first.added
        article, ann, _ = items[0]
        stored = store.article(article.id)
        assert stored == article and stored.published == article.published
        assert store.annotations(article.id) == ann
        assert store.count() == 2


def test_id_prefix(db_path, items):
    with Store(db_path) as store:
        store.add(items[:1])
        full = items[0][0].id
        assert store.resolve_id(full[:6]) == full


def test_exception_mid_batch_rolls_back(db_path, items):
    with Store(db_path) as store:
        store.add(items[:1])

        def failing():
            yield items[1]
            yield items[2]
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError):
            store.add(failing())
        assert store.count() == 1


def _add_then_die(path, items):
    def dying():
        yield items[1]
        yield items[2]
        os.kill(os.getpid(), signal.SIGKILL)
        yield items[3]

    Store(path).add(dying())


def test_process_killed_mid_batch_leaves_store_as_it_was(db_path, items):
    with Store(db_path) as store:
        store.add(items[:1])
    child = multiprocessing.get_context("spawn").Process(target=_add_then_die, args=(str(db_path), items))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    with Store(db_path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [a.id for a in store.articles()] == [items[0][0].id]
        assert store.db.execute("SELECT count(*) FROM sentences WHERE article_id = ?", (items[1][0].id,)).fetchone()[0] == 0
        assert store.add(items[1:3]).added == [items[1][0].id, items[2][0].id]


def test_dates_keep_their_kind(db_path):
    dated = Article(text="A short report on the vote, which passed on Tuesday.", published=date(2024, 2, 1),
                    published_inferred=True, published_note="from the dateline")
    with Store(db_path) as store:
        store.add([(dated, annotate(dated))])
        back = store.article(dated.id)
    assert back.published == date(2024, 2, 1) and not isinstance(back.published, datetime)
    assert back.published_inferred and back.published_note == "from the dateline"


def test_a_migration_another_process_applied_while_we_waited_is_skipped(db_path):
    """Two processes opening an old store at once: the one that waited for the lock does not apply it again."""
    import threading

    with Store(db_path) as store:
        store.db.execute("DROP TABLE lsh_bands")
        store.db.execute("DELETE FROM migrations WHERE version = 6")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    opened = {}

    def open_store():
        with Store(db_path) as store:
            opened.update(version=store.version, applied=store._applied(store.version))

    waiting = threading.Thread(target=open_store)
    waiting.start()
    time.sleep(0.5)
    other.execute("CREATE TABLE lsh_bands (key INTEGER NOT NULL, article INTEGER NOT NULL, "
                  "PRIMARY KEY (key, article)) WITHOUT ROWID")
    other.execute("INSERT INTO migrations VALUES (6, 'near-copy index in the store', '2026-01-01')")
    other.execute("COMMIT")
    other.close()
    waiting.join(30)
    assert opened["version"] == SCHEMA_VERSION and 6 in opened["applied"]
