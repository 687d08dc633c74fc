"""The store: articles and their annotations in SQLite.

One file, WAL mode so readers never wait on a writer, and numbered migrations
recorded in the database so an old file opens with a newer wiretrace. Every
`add` is one transaction: a batch that fails halfway, or a process killed in
the middle of it, leaves the store as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3

import numpy as np
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .annotations import Annotations, Attribution, Entity, Quote, Sentence, TimeExpression
from .article import Article, fold
from .errors import InputError, NotFound, StoreError

DEFAULT_PATH = "wiretrace.db"


def _mark_boilerplate(db: sqlite3.Connection) -> None:
    """Sentences gain a boilerplate kind; stored articles get theirs from the stored text."""
    from .nlp.boilerplate import boilerplate_kinds

    db.execute("ALTER TABLE sentences ADD COLUMN boilerplate TEXT")
    rows = db.execute("SELECT article_id, idx, paragraph, text FROM sentences ORDER BY article_id, idx").fetchall()
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row[0], []).append(row)
    for article_id, sents in by_article.items():
        kinds = boilerplate_kinds([(t, i == 0 or sents[i - 1][2] != p) for i, (_, _, p, t) in enumerate(sents)])
        db.executemany("UPDATE sentences SET boilerplate = ? WHERE article_id = ? AND idx = ?",
                       [(k, article_id, idx) for k, (_, idx, _, _) in zip(kinds, sents) if k])


def _index_stored_quotes(db: sqlite3.Connection) -> None:
    """A trigram full-text index over the distinct wordings of quotations (fuzzy quote search).

    A quotation copied by a hundred outlets is one wording, indexed once; its
    carriers are found through an index on the quotes' text. Stored quotations
    are indexed now.
    """
    db.execute("DROP TABLE IF EXISTS quote_index")
    db.execute("CREATE TABLE quote_wordings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
    db.execute("CREATE VIRTUAL TABLE quote_index USING fts5(text, content='', tokenize='trigram')")
    db.execute("CREATE INDEX quotes_text ON quotes (text)")
    _index_wordings(db, [r[0] for r in db.execute("SELECT DISTINCT text FROM quotes")])


def _index_wordings(db: sqlite3.Connection, texts: Iterable[str]) -> None:
    """Index the wordings not indexed yet (folded, so curly and straight quotes match alike)."""
    for text in texts:
        cursor = db.execute("INSERT OR IGNORE INTO quote_wordings (text) VALUES (?)", (text,))
        if cursor.rowcount:
            db.execute("INSERT INTO quote_index (rowid, text) VALUES (?, ?)", (cursor.lastrowid, fold(text)))


def _near_copy_bands(db: sqlite3.Connection) -> None:
    """The MinHash LSH moves into the store, filled from the stored profiles in the order they were added."""
    from .stories.index import fill_near_copies

    def rows():
        last = 0
        while batch := db.execute("SELECT rowid, text_hash FROM profiles WHERE rowid > ? ORDER BY rowid LIMIT 10000",
                                  (last,)).fetchall():
            last = batch[-1][0]
            yield from ((rowid, np.frombuffer(text_hash, dtype=np.uint64)) for rowid, text_hash in batch)

    fill_near_copies(db, rows())


def _profile_terms(db: sqlite3.Connection) -> None:
    """Profiles gain rarity-weighted terms and the years named; a person's story corrections get a table.

    Stored profiles get theirs from the stored title and sentences, as `add`
    would have computed them.
    """
    from .fingerprints import profile_text, terms, years

    db.execute("ALTER TABLE profiles ADD COLUMN term_ids BLOB NOT NULL DEFAULT x''")
    db.execute("ALTER TABLE profiles ADD COLUMN term_weights BLOB NOT NULL DEFAULT x''")
    db.execute("""CREATE TABLE story_links (
        a TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('together', 'apart')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID""")
    rows = db.execute("SELECT p.rowid, a.title, a.text, p.names FROM profiles p JOIN articles a ON a.id = p.article_id").fetchall()
    for rowid, title, text, names in rows:
        body = [t for (t,) in db.execute("SELECT text FROM sentences WHERE article_id = (SELECT article_id FROM profiles "
                                          "WHERE rowid = ?) AND boilerplate IS NULL ORDER BY idx", (rowid,))]
        full = profile_text(title, " ".join(body) or text)
        ids, weights = terms(full)
        db.execute("UPDATE profiles SET term_ids = ?, term_weights = ?, names = ? WHERE rowid = ?",
                   (ids.tobytes(), weights.tobytes(), json.dumps({**json.loads(names), "years": sorted(years(full))}),
                    rowid))


NAMES_SCHEMA = """
    CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, articles INTEGER NOT NULL);
    CREATE TABLE name_postings (
        name INTEGER NOT NULL REFERENCES names (id), article INTEGER NOT NULL,
        PRIMARY KEY (name, article)
    ) WITHOUT ROWID
"""
NAMED_KINDS = ("people", "places", "orgs")   # the profile's names that can tell one event from another at any distance


def _names(db: sqlite3.Connection) -> None:
    """The names each stored article gives (people, places, organisations), with how many articles give each:
    long-range story candidates, and how rare a name is in the store. Filled from the stored profiles."""
    for statement in filter(str.strip, NAMES_SCHEMA.split(";")):
        db.execute(statement)
    kinds = ", ".join(f"'{k}'" for k in NAMED_KINDS)
    db.execute(f"""CREATE TEMP TABLE named AS SELECT DISTINCT p.rowid AS article, n.value AS name
                   FROM profiles p, json_each(p.names) k, json_each(k.value) n WHERE k.key IN ({kinds})""")
    db.execute("INSERT INTO names (name, articles) SELECT name, count(*) FROM named GROUP BY name ORDER BY name")
    db.execute("INSERT INTO name_postings SELECT n.id, d.article FROM named d JOIN names n ON n.name = d.name")
    db.execute("DROP TABLE temp.named")


def _lead_places(db: sqlite3.Connection) -> None:
    """Profiles gain the places their title and lead name, from the stored title, sentences and entities, as
    `add` would have found them (`fingerprints.lead_places`)."""
    from .fingerprints import lead_places

    rows = db.execute("SELECT p.rowid, p.article_id, a.title, p.names FROM profiles p "
                      "JOIN articles a ON a.id = p.article_id").fetchall()
    for rowid, article_id, title, names in rows:
        named = json.loads(names)
        found = lead_places(title, stored_annotations(db, article_id), frozenset(named["places"]))
        db.execute("UPDATE profiles SET names = ? WHERE rowid = ?",
                   (json.dumps({**named, "lead_places": sorted(found)}), rowid))


# (version, name, SQL statements or a function of the connection), applied in order, each in a transaction.
MIGRATIONS: list[tuple[int, str, str | Callable[[sqlite3.Connection], None]]] = [
    (1, "articles and annotations", """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT, url TEXT, title TEXT,
            published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0, published_note TEXT,
            dateline TEXT, language TEXT,
            text TEXT NOT NULL,
            origin TEXT, line INTEGER,
            extra TEXT NOT NULL DEFAULT '{}',
            added_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles (published);
        CREATE INDEX articles_source ON articles (source);
        CREATE TABLE sentences (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            paragraph INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
        CREATE TABLE quotes (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            text TEXT NOT NULL, speaker TEXT, sentences TEXT NOT NULL, partial INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
        CREATE TABLE entities (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            text TEXT NOT NULL, label TEXT NOT NULL, sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX entities_text ON entities (text);
        CREATE TABLE times (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            text TEXT NOT NULL, resolved TEXT, granularity TEXT, sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
    """),
    (2, "sentence boilerplate", _mark_boilerplate),
    (3, "profiles and stories", """
        CREATE TABLE profiles (
            rowid INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
            day TEXT, embedding BLOB NOT NULL, text_hash BLOB NOT NULL, words_hash BLOB NOT NULL,
            names TEXT NOT NULL
        );
        CREATE TABLE stories (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories (id),
            score REAL NOT NULL, joined_at TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles (story_id);
    """),
    (4, "profile terms and story corrections", _profile_terms),
    (5, "quote search index", _index_stored_quotes),
    (6, "near-copy index in the store", _near_copy_bands),
    (7, "names for long-range story candidates", _names),
    (8, "indirect claims (articles stored before have none)", """
        CREATE TABLE attributions (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            text TEXT NOT NULL, source TEXT NOT NULL, cue TEXT NOT NULL, sentence INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
    """),
    (9, "languages and multilingual leads (stories.across; articles stored before are identified when asked)", """
        CREATE TABLE lead_vectors (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            language TEXT, vector BLOB
        );
    """),
    (10, "the places a profile's title and lead name", _lead_places),
    (11, "settings a store chooses for itself (the join threshold recluster chose)",
     "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

_PROFILE_COLUMNS = "article_id, day, embedding, text_hash, words_hash, names, term_ids, term_weights"
_ARTICLE_COLUMNS = ("id, source, url, title, published, published_inferred, published_note, dateline, "
                    "language, text, origin, line, extra")


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)



def default_path() -> str:
    return os.environ.get("WIRETRACE_DB") or DEFAULT_PATH


def _moment_sql(column: str) -> str:
    """SQL for the moment a stored publication date stands for, as `utc_moment` orders the timeline: a bare day at
    its end (as text it sorts before the same day's times), a time with its zone in UTC."""
    return f"CASE WHEN length({column}) = 10 THEN {column} || ' 23:59:59' ELSE datetime({column}) END"


def _date_text(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _parse_date(value: str | None) -> date | datetime | None:
    if value is None:
        return None
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


class Store:
    """A wiretrace database. Use as a context manager, or call close()."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True):
        """Open the store at `path`; without `create`, a path holding none is NotFound rather than a new empty
        store (a mistyped --db must not answer "0 articles")."""
        self.path = str(path or default_path())
        self._index = None
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a directory, not a database file")
        if not create and self.path != ":memory:" and not Path(self.path).exists():
            raise NotFound(f"{self.path}: no store here; `wiretrace add FILES --db {self.path}` makes one, "
                           "`wiretrace demo` one with the demo corpus")
        if self.path != ":memory:" and not Path(self.path).parent.is_dir():
            raise StoreError(f"{self.path}: no folder {Path(self.path).parent} to keep the database in")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.create_function("casefold", 1, _casefold, deterministic=True)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_open_problem(exc)}") from None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (leaving a `with Store(...)` block does it)."""
        self.db.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this wiretrace knows "
                             f"({SCHEMA_VERSION}); upgrade wiretrace")
        applied = self._applied(version)
        for number, name, sql in MIGRATIONS:
            if number in applied:
                continue
            with self.transaction():
                if number in self._applied(self.version):   # another process applied it while we waited
                    continue
                if callable(sql):
                    sql(self.db)
                else:
                    for statement in filter(str.strip, sql.split(";")):
                        self.db.execute(statement)
                self.db.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
                self.db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, _now()))
                self.db.execute(f"PRAGMA user_version = {max(number, self.version)}")

    def _applied(self, version: int) -> set[int]:
        """Migrations recorded in the file (one numbered below the newest applied may still be missing)."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchone():
            return set(range(version + 1))
        return {r[0] for r in self.db.execute("SELECT version FROM migrations")}

    def transaction(self):
        """A context in which writes are one transaction: all kept on leaving it, none on an exception."""
        return _Transaction(self.db)

    # writing

    def add(self, items: Iterable[tuple]) -> AddResult:
        """Insert articles with their annotations and place each in a story, all or none: `stories.online.add`,
        which `ingest` calls; kept here for callers of the Python API."""
        from .stories.online import add

        return add(self, items)

    def insert(self, a: Article, ann: Annotations) -> None:
        """Store an article and its annotations (no profile, no story). Call inside a transaction."""
        self._insert(a, ann)

    def insert_profile(self, profile) -> int:
        """Store an article's profile; its rowid, the order articles were placed in. Call inside a transaction."""
        names = {k: sorted(getattr(profile, k))
                 for k in ("people", "places", "orgs", "numbers", "dates", "years", "lead_places")}
        cursor = self.db.execute(
            "INSERT INTO profiles (article_id, day, embedding, text_hash, words_hash, names, term_ids, term_weights) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (profile.article_id, _date_text(profile.day), profile.embedding.astype(np.float32).tobytes(),
             profile.text_hash.astype(np.uint64).tobytes(), profile.words_hash.astype(np.uint64).tobytes(),
             json.dumps(names), profile.term_ids.astype(np.uint32).tobytes(),
             profile.term_weights.astype(np.float32).tobytes()))
        return cursor.lastrowid

    # stories

    @property
    def index(self):
        """The candidate indexes (`stories.index.StoryIndex`): the LSH table in this file, the graph beside it."""
        if self._index is None:
            from .stories.index import StoryIndex

            folder = None if self.path == ":memory:" else Path(self.path + ".index")
            self._index = StoryIndex.load(folder, self.db, self._profiles_up_to, self._profile_rows)
        return self._index

    def current_index(self):
        """The candidate indexes as the store stands: another process may have added articles, or written the
        graph, since this one read them. Call inside a transaction, which keeps others from adding meanwhile."""
        if self._index is not None and self._index.stale():
            self._index = None
        index = self.index
        index.catch_up(self._profile_rows)
        return index

    def forget_index(self) -> None:
        """Drop the candidate indexes held in memory (they may hold articles a rollback took away)."""
        self._index = None

    def _profiles_up_to(self, rowid: int) -> int:
        return self.db.execute("SELECT count(*) FROM profiles WHERE rowid <= ?", (rowid,)).fetchone()[0]

    def _profile_rows(self, after: int = 0):
        for rowid, embedding in self.db.execute("SELECT rowid, embedding FROM profiles WHERE rowid > ? ORDER BY rowid",
                                                (after,)):
            yield rowid, np.frombuffer(embedding, dtype=np.float32)

    def stories_of(self, article_ids: list[str]) -> dict[str, str]:
        """Article id -> story id, for those of `article_ids` in a story."""
        out: dict[str, str] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            out.update(self.db.execute(f"SELECT article_id, story_id FROM story_articles WHERE article_id IN "
                                       f"({','.join('?' * len(chunk))})", chunk))
        return out

    def apart_stories(self) -> dict[str, str]:
        """Article id -> story id, for the articles a person kept apart from another."""
        return dict(self.db.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN "
            "(SELECT a FROM story_links WHERE kind = 'apart' UNION SELECT b FROM story_links WHERE kind = 'apart')"))

    def open_story(self, story_id: str) -> None:
        self.db.execute("INSERT INTO stories VALUES (?, ?)", (story_id, _now()))

    def join_story(self, article_id: str, story_id: str, score: float) -> None:
        self.db.execute("INSERT INTO story_articles VALUES (?, ?, ?, ?)", (article_id, story_id, score, _now()))

    def first_placed(self, stories: list[str]) -> dict[str, int]:
        """Story id -> the profile rowid of its first placed article."""
        return dict(self.db.execute(
            "SELECT sa.story_id, min(p.rowid) FROM story_articles sa JOIN profiles p ON p.article_id = sa.article_id "
            f"WHERE sa.story_id IN ({','.join('?' * len(stories))}) GROUP BY sa.story_id", stories))

    def fold_stories(self, gone: list[str], keep: str) -> None:
        """Move every article of the stories `gone` to `keep`, and drop them. Call inside a transaction."""
        marks = ",".join("?" * len(gone))
        self.db.execute(f"UPDATE story_articles SET story_id = ?, joined_at = ? WHERE story_id IN ({marks})",
                        [keep, _now(), *gone])
        self.db.execute(f"DELETE FROM stories WHERE id IN ({marks})", gone)

    def move_articles(self, articles: list[str], story: str) -> None:
        """Move `articles` from their stories to `story`; a story left empty goes. Call inside a transaction."""
        if not articles:
            return
        marks = ",".join("?" * len(articles))
        old = [r[0] for r in self.db.execute(
            f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", articles)]
        self.db.execute(f"UPDATE story_articles SET story_id = ?, joined_at = ? WHERE article_id IN ({marks})",
                        [story, _now(), *articles])
        self.db.execute(f"DELETE FROM stories WHERE id IN ({','.join('?' * len(old))}) "
                        "AND id NOT IN (SELECT story_id FROM story_articles)", old)

    def story_rowids(self, story_id: str, limit: int | None = None) -> list[int]:
        """Profile rowids of a story's members, in the order they were placed (the first `limit`)."""
        return [r for (r,) in self.db.execute(
            "SELECT p.rowid FROM profiles p JOIN story_articles sa ON sa.article_id = p.article_id "
            "WHERE sa.story_id = ? ORDER BY p.rowid LIMIT ?", (story_id, -1 if limit is None else limit))]

    def unassigned(self) -> list[str]:
        """Articles stored before stories existed (in no story), by publication date."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) "
            "ORDER BY published IS NULL, published, id")]

    def profiles_by_rowid(self, rowids) -> list:
        return [profile for _, profile in self.profiles_in(list(rowids))]

    def text_hashes(self, rowids: list[int]) -> np.ndarray:
        """The MinHash values of the text of the articles profiled under `rowids`, one row each, in that order."""
        found = dict(self.db.execute("SELECT rowid, text_hash FROM profiles WHERE rowid IN (SELECT value FROM json_each(?))",
                                     (json.dumps(rowids),)))
        return np.stack([np.frombuffer(found[r], dtype=np.uint64) for r in rowids])

    def profiles(self, batch: int = 512) -> Iterator[tuple]:
        """(rowid, profile) of every stored article in the order they were added, read in batches."""
        last = 0
        while rows := self.db.execute(f"SELECT rowid, {_PROFILE_COLUMNS} FROM profiles WHERE rowid > ? ORDER BY rowid "
                                      "LIMIT ?", (last, batch)).fetchall():
            last = rows[-1][0]
            yield from ((row[0], _profile(row[1:])) for row in rows)

    def profiles_in(self, rowids: list[int], batch: int = 512) -> Iterator[tuple]:
        """(rowid, profile) of the articles profiled under `rowids` (those that are), in that order, read in batches."""
        for start in range(0, len(rowids), batch):
            chunk = rowids[start:start + batch]
            rows = {row[0]: row[1:] for row in self.db.execute(
                f"SELECT rowid, {_PROFILE_COLUMNS} FROM profiles WHERE rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),))}
            yield from ((r, _profile(rows[r])) for r in chunk if r in rows)

    def profile_days(self) -> list[tuple[int, date | None]]:
        """(rowid, publication day) of every profile, in the order the articles were added."""
        return [(r, date.fromisoformat(d) if d else None)
                for r, d in self.db.execute("SELECT rowid, day FROM profiles ORDER BY rowid")]

    def profile_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM profiles").fetchone()[0]

    def story_assignment(self) -> dict[str, str]:
        """Article id -> story id, for every article in a story."""
        return dict(self.db.execute("SELECT article_id, story_id FROM story_articles"))

    def set_stories(self, placed: dict[str, tuple[str, float]]) -> None:
        """Put each article (id -> (story id, score)) in its story; stories left empty are dropped. Call inside a
        transaction."""
        now = _now()
        self.db.executemany("INSERT OR IGNORE INTO stories VALUES (?, ?)", [(s, now) for s in {s for s, _ in placed.values()}])
        self.db.executemany("INSERT INTO story_articles VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                            "story_id = excluded.story_id, score = excluded.score, joined_at = excluded.joined_at "
                            "WHERE story_id != excluded.story_id",
                            [(a, s, score, now) for a, (s, score) in placed.items()])
        self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")

    def join_threshold(self) -> float | None:
        """The join threshold `recluster` chose for this store's articles (`stories.threshold`); None before the
        first recluster, when the model's own is used."""
        return self.join_threshold_chosen()[0]

    def join_threshold_chosen(self) -> tuple[float | None, int | None]:
        """(the join threshold `recluster` last chose, None where it could not choose one; how many articles the
        store held then, None where it never tried)."""
        rows = dict(self.db.execute("SELECT name, value FROM settings WHERE name LIKE 'join_threshold%'"))
        articles = rows.get("join_threshold_articles")
        return (float(rows["join_threshold"]) if "join_threshold" in rows else None,
                int(articles) if articles is not None else None)

    def set_join_threshold(self, value: float | None) -> None:
        """Keep the threshold `recluster` chose (None: it could not choose; the last one chosen stays) and the
        store's size then. Call inside a transaction."""
        rows = [("join_threshold_articles", str(self.profile_count()))]
        if value is not None:
            rows.append(("join_threshold", repr(float(value))))
        self.db.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", rows)

    def story_links(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """A person's corrections: (article pairs kept together, article pairs kept apart)."""
        return self.story_corrections()[:2]

    def story_corrections(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, str]]:
        """`story_links`, and article -> when a person last placed it (`story merge`, `story split`: both sides of
        a split), from one read of the corrections."""
        links: dict[str, list] = {"together": [], "apart": []}
        made: dict[str, str] = {}
        for a, b, kind, at in self.db.execute("SELECT a, b, kind, created_at FROM story_links"):
            links[kind].append((a, b))
            for article in (a, b):
                made[article] = max(made.get(article, at), at)
        return links["together"], links["apart"], made

    def added_times(self) -> dict[str, str]:
        """Article -> when it was stored."""
        return dict(self.db.execute("SELECT id, added_at FROM articles"))

    def unlink_stories(self, left: list[str], right: list[str], kind: str) -> None:
        """Forget the corrections of one kind between an article of `left` and one of `right`."""
        pairs = [(min(a, b), max(a, b)) for a in left for b in right if a != b]
        self.db.executemany("DELETE FROM story_links WHERE a = ? AND b = ? AND kind = ?", [(a, b, kind) for a, b in pairs])

    def has_story(self, story_id: str) -> bool:
        """Whether a story has exactly this id."""
        return self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def link_stories(self, pairs: Iterable[tuple[str, str]], kind: str) -> None:
        """Record article pairs as kept together or apart; a pair's latest correction wins. Call inside a
        transaction."""
        now = _now()
        self.db.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?, ?, ?)",
                            [(min(a, b), max(a, b), kind, now) for a, b in pairs if a != b])

    def story_of(self, article_id: str) -> str | None:
        """The id of the story the article (its full id) is in; None where it is in none, or not stored."""
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_members(self, story_id: str) -> list[tuple[str, float]]:
        """(article id, join score) of each article of the story (its full id); none for an unknown one."""
        return self.db.execute("SELECT article_id, score FROM story_articles WHERE story_id = ?", (story_id,)).fetchall()

    def resolve_story(self, prefix: str) -> str:
        """A full story id from an id or an unambiguous prefix of one (`s` and at least 4 characters)."""
        if self.has_story(prefix.lower()):
            return prefix.lower()
        if len(prefix) < 5:
            raise NotFound(f"'{prefix}' is not a story id ('s' and 16 hex digits, or a prefix of 's' and 4 or more)")
        rows = self.db.execute("SELECT id FROM stories WHERE id >= ? AND id < ? LIMIT 2",
                               (prefix.lower(), prefix.lower() + "~")).fetchall()
        if not rows:
            raise NotFound(f"no story with id {prefix} in {self.path}")
        if len(rows) > 1:
            raise NotFound(f"story id prefix {prefix} is ambiguous in {self.path}: give more characters")
        return rows[0][0]

    def story_ids(self, *, search: str | None = None, entity: str | None = None, source: str | None = None,
                  since: date | None = None, until: date | None = None, limit: int | None = None) -> list[str]:
        """Story ids, latest report first; optionally only stories with an article whose title or text contains
        `search`, that names an entity containing `entity`, or from outlet `source` (any case), and stories
        reported on or after `since` and first reported on or before `until`."""
        where, having, params = [], [], []
        for wanted, sql in ((search, "SELECT id FROM articles "
                                     "WHERE instr(casefold(coalesce(title, '') || char(10) || text), ?)"),
                            (entity, "SELECT article_id FROM entities WHERE instr(casefold(text), ?)"),
                            (source, "SELECT id FROM articles WHERE casefold(source) = ?")):
            if wanted:
                where.append(f"sa.story_id IN (SELECT story_id FROM story_articles WHERE article_id IN ({sql}))")
                params.append(wanted.casefold())
        for day, sql in ((since, "max(substr(a.published, 1, 10)) >= ?"), (until, "min(substr(a.published, 1, 10)) <= ?")):
            if day:
                having.append(sql)
                params.append(day.isoformat())
        return [r[0] for r in self.db.execute(
            "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            + (f"WHERE {' AND '.join(where)} " if where else "") + "GROUP BY sa.story_id "
            + (f"HAVING {' AND '.join(having)} " if having else "")
            + f"ORDER BY max({_moment_sql('a.published')}) DESC, sa.story_id LIMIT ?", (*params, -1 if limit is None else limit))]

    def story_outlines(self, story_ids: list[str]) -> dict[str, list[tuple]]:
        """For each story, its articles as (id, source, title, published) rows: what a list of stories shows, without
        the texts."""
        out: dict[str, list[tuple]] = {s: [] for s in story_ids}
        for start in range(0, len(story_ids), 500):
            chunk = story_ids[start:start + 500]
            for story_id, *row in self.db.execute(
                    "SELECT sa.story_id, a.id, a.source, a.title, a.published FROM story_articles sa "
                    f"JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({','.join('?' * len(chunk))})",
                    chunk):
                row[3] = _parse_date(row[3])
                out[story_id].append(tuple(row))
        return out

    def _insert(self, a: Article, ann: Annotations) -> None:
        self.db.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}, added_at) VALUES ({', '.join('?' * 14)})",
            (a.id, a.source, a.url, a.title, _date_text(a.published), int(a.published_inferred), a.published_note,
             a.dateline, a.language, a.text, a.origin, a.line, json.dumps(dict(a.extra), ensure_ascii=False, default=str),
             _now()),
        )
        self.db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [(a.id, s.index, s.start, s.end, s.paragraph, s.text, s.boilerplate)
                             for s in ann.sentences])
        self.db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(a.id, q.index, q.start, q.end, q.text, q.speaker, json.dumps(q.sentences), int(q.partial))
                             for q in ann.quotes])
        self.db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [(a.id, i, e.start, e.end, e.text, e.label, e.sentence) for i, e in enumerate(ann.entities)])
        self.db.executemany("INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(a.id, i, t.start, t.end, t.text, t.resolved, t.granularity, t.sentence)
                             for i, t in enumerate(ann.times)])
        self.db.executemany("INSERT INTO attributions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(a.id, i, c.start, c.end, c.text, c.source, c.cue, c.sentence)
                             for i, c in enumerate(ann.attributions)])
        _index_wordings(self.db, (q.text for q in ann.quotes))

    # reading

    def quote_wordings(self, match: str, limit: int) -> list[tuple[int, str]]:
        """Distinct quotation wordings matching an FTS5 query on the trigram index, best bm25 first: (id, text)."""
        ids = [r[0] for r in self.db.execute(
            "SELECT rowid FROM quote_index WHERE quote_index MATCH ? ORDER BY bm25(quote_index) LIMIT ?", (match, limit))]
        if not ids:
            return []
        found = dict(self.db.execute(f"SELECT id, text FROM quote_wordings WHERE id IN ({','.join('?' * len(ids))})", ids))
        return [(i, found[i]) for i in ids if i in found]

    def quote_carriers(self, text: str, limit: int = -1) -> list[tuple]:
        """The stored quotations with exactly this wording, earliest first (all of them unless limited).

        Rows: (article id, quote index, speaker, story id, source, published).
        """
        return self.db.execute(
            "SELECT q.article_id, q.idx, q.speaker, sa.story_id, a.source, a.published FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN story_articles sa ON sa.article_id = q.article_id "
            f"WHERE q.text = ? ORDER BY a.published IS NULL, {_moment_sql('a.published')}, a.id LIMIT ?", (text, limit)).fetchall()

    def has(self, article_id: str) -> bool:
        """Whether an article has exactly this id."""
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def count(self) -> int:
        """How many articles the store holds."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def resolve_id(self, prefix: str) -> str:
        """A full article id from an id or an unambiguous prefix of one (at least 4 characters)."""
        if len(prefix) < 4 or not all(c in "0123456789abcdef" for c in prefix.lower()):
            raise NotFound(f"'{prefix}' is not an article id (16 hex digits, or a prefix of 4 or more)")
        rows = self.db.execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                               (prefix.lower(), prefix.lower() + "g")).fetchall()
        if not rows:
            raise NotFound(f"no article with id {prefix} in {self.path}")
        if len(rows) > 1:
            raise NotFound(f"id prefix {prefix} is ambiguous in {self.path}: give more digits")
        return rows[0][0]

    def article(self, article_id: str) -> Article:
        """The stored article with this id, or with the one id this prefix starts (as the commands show ids:
        '732caf40ba'); NotFound for none, or for a prefix several ids start."""
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return self.article(self.resolve_id(article_id))
        return _article(row)

    def articles(self, *, source: str | None = None, search: str | None = None,
                 limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """Articles by publication date (undated last), optionally only an outlet's or those whose title or text
        contains `search` (any case, as `story_ids` filters)."""
        where, params = [], []
        if source:
            where.append("casefold(source) = ?")
            params.append(source.casefold())
        if search:
            where.append("instr(casefold(coalesce(title, '') || char(10) || text), ?)")
            params.append(search.casefold())
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY published IS NULL, {_moment_sql('published')}, id LIMIT ? OFFSET ?"
        for row in self.db.execute(sql, (*params, -1 if limit is None else limit, offset)):
            yield _article(row)

    def annotations(self, article_id: str) -> Annotations:
        """The sentences, quotations, entities and dates computed for the article (id or prefix, as `article`) when
        it was added; NotFound for an id the store does not hold, rather than empty annotations."""
        found = stored_annotations(self.db, article_id)
        if found.sentences or self.has(article_id):
            return found
        return stored_annotations(self.db, self.resolve_id(article_id))


def stored_annotations(db: sqlite3.Connection, article_id: str) -> Annotations:
    q = db.execute
    sentences = tuple(Sentence(i, s, e, t, p, b) for i, s, e, p, t, b in q(
        "SELECT idx, start, end, paragraph, text, boilerplate FROM sentences WHERE article_id = ? ORDER BY idx",
        (article_id,)))
    quotes = tuple(Quote(i, s, e, t, sp, tuple(json.loads(ss)), bool(pa)) for i, s, e, t, sp, ss, pa in q(
        "SELECT idx, start, end, text, speaker, sentences, partial FROM quotes WHERE article_id = ? ORDER BY idx",
        (article_id,)))
    entities = tuple(Entity(s, e, t, la, se) for s, e, t, la, se in q(
        "SELECT start, end, text, label, sentence FROM entities WHERE article_id = ? ORDER BY idx", (article_id,)))
    times = tuple(TimeExpression(s, e, t, r, g, se) for s, e, t, r, g, se in q(
        "SELECT start, end, text, resolved, granularity, sentence FROM times WHERE article_id = ? ORDER BY idx",
        (article_id,)))
    claims = tuple(Attribution(*row) for row in q(
        "SELECT start, end, text, source, cue, sentence FROM attributions WHERE article_id = ? ORDER BY idx",
        (article_id,)))
    return Annotations(article_id, sentences, quotes, entities, times, claims)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _article(row) -> Article:
    (id_, source, url, title, published, inferred, note, dateline, language, text, origin, line, extra) = row
    article = Article(text=text, title=title, source=source, url=url, published=_parse_date(published),
                      published_inferred=bool(inferred), published_note=note, dateline=dateline,
                      language=language, origin=origin, line=line, extra=json.loads(extra))
    if article.id != id_:
        raise StoreError(f"article {id_} does not hash to its id: the store was edited by hand")
    return article


def _profile(row):
    from .fingerprints import Profile

    article_id, day, embedding, text_hash, words_hash, names, term_ids, term_weights = row
    n = json.loads(names)
    return Profile(article_id, date.fromisoformat(day) if day else None, np.frombuffer(embedding, dtype=np.float32),
                   np.frombuffer(text_hash, dtype=np.uint64), np.frombuffer(words_hash, dtype=np.uint64),
                   *(frozenset(n[k]) for k in ("people", "places", "orgs", "numbers", "dates")),
                   np.frombuffer(term_ids, dtype=np.uint32), np.frombuffer(term_weights, dtype=np.float32),
                   frozenset(n.get("years", ())), lead_places=frozenset(n.get("lead_places", ())))


def _open_problem(exc: sqlite3.DatabaseError) -> str:
    """What stopped a store from opening, in words: a full disk is not a foreign file."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return f"the disk is full or failing ({exc}); free some space and run it again"
    if name in ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED"):
        return f"cannot open the store ({exc})"
    return f"not a wiretrace database ({exc})"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_record(article: Article) -> dict:
    """The article as plain JSON-ready data."""
    return {
        "id": article.id, "title": article.title, "source": article.source, "url": article.url,
        "published": _date_text(article.published), "published_inferred": article.published_inferred,
        "published_note": article.published_note, "dateline": article.dateline, "language": article.language,
        "origin": article.origin, "line": article.line, "extra": dict(article.extra), "text": article.text,
    }


def annotations_record(ann: Annotations) -> dict:
    return {
        "sentences": [asdict(s) for s in ann.sentences],
        "quotes": [{**asdict(q), "sentences": list(q.sentences)} for q in ann.quotes],
        "entities": [asdict(e) for e in ann.entities],
        "times": [asdict(t) for t in ann.times],
    }
