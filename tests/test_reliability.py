"""One bad record never costs the batch: an oversized article, or one a stage cannot take, is rejected by its
file and line while the rest of the batch lands, in `add` and in `dedup`."""

import importlib
import json

import pytest
from typer.testing import CliRunner

from wiretrace import Article, Store, ingest
from wiretrace.cli import app
import wiretrace.nlp
from wiretrace.nlp import annotate, paragraphs
from wiretrace.stories import online

GOOD = [
    {"title": "Ferry service resumes after storm", "source": "Harbour Gazette", "published": "2024-03-02",
     "text": "Ferries between Valmera and the islands sailed again on Saturday after two days of gales, the "
             "operator said.\n\n\"Every crossing is full until Monday,\" said operator spokeswoman Ines Barros."},
    {"title": "Council delays vote on bus lanes", "source": "Valmera Post", "published": "2024-03-04",
     "text": "The city council postponed its vote on new bus lanes on Monday after shop owners protested.\n\n"
             "Councillor Marta Vidal said the plan would return in April with changes to the loading bays."},
    {"title": "Water main bursts in old town", "source": "Valmera Post", "published": "2024-03-05",
     "text": "A water main burst under Rua Nova on Tuesday morning, flooding cellars in six buildings.\n\n"
             "Engineers expected supply to be restored by evening, the water company said."},
]
POISON = "Sabotaged by the test"
ingest_module = importlib.import_module("wiretrace.ingest")   # the package's `ingest` is the function


def _jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def mixed(tmp_path):
    """One good article, then one of 10 MB without a paragraph break: the record that used to end the batch."""
    path = tmp_path / "mixed.jsonl"
    _jsonl(path, [GOOD[0], {"title": "Dump", "text": "word " * 2_000_000}])
    return path


def test_add_stores_the_good_article_and_rejects_the_oversized_one_in_one_line(mixed, db_path):
    result = CliRunner().invoke(app, ["add", "--db", str(db_path), str(mixed)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    rejects = [line for line in result.output.splitlines() if line.startswith("rejected ")]
    assert rejects == [f"rejected {mixed}:2: article of 10,000,000 characters is over the limit of 1,000,000 "
                       "(WIRETRACE_MAX_CHARS or --max-chars sets it)"]
    with Store(db_path) as store:
        assert [a.title for a in store.articles()] == [GOOD[0]["title"]]
        assert store.story_of(next(store.articles()).id) is not None


def test_dedup_writes_the_good_article_and_lists_the_oversized_one(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["dedup", str(mixed), "--output", str(out), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["written"] == 1 and [r["line"] for r in report["rejected"]] == [2]
    assert [json.loads(line)["title"] for line in out.read_text().splitlines()] == [GOOD[0]["title"]]
    listed = [json.loads(line) for line in (tmp_path / "out.jsonl.rejects.jsonl").read_text().splitlines()]
    assert listed == report["rejected"] and [(r["origin"], r["line"]) for r in listed] == [(str(mixed), 2)]
    assert listed[0]["message"] == f"{mixed}:2: {listed[0]['problem']}"


def test_the_limit_is_settable(tmp_path, db_path, monkeypatch):
    monkeypatch.setenv("WIRETRACE_MAX_CHARS", "1000000")   # restored after the test: the CLI option sets it
    path = tmp_path / "news.jsonl"
    _jsonl(path, [GOOD[2], GOOD[0]])   # texts of 166 and 187 characters
    result = CliRunner().invoke(app, ["add", "--db", str(db_path), str(path), "--max-chars", "180", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and len(report["added"]) == 1
    assert [r["line"] for r in report["rejected"]] == [2]
    assert report["rejected"][0]["problem"].startswith("article of 187 characters is over the limit of 180")


def test_a_paragraph_past_the_limit_reaches_the_parser_in_pieces_cut_at_sentence_ends(monkeypatch):
    monkeypatch.setattr(wiretrace.nlp, "PARAGRAPH_CHARS", 10_000)   # the shipped limit, 30,000, parses slower
    sentence = "Inspectors counted {} lorries at the border crossing before noon, officials said. "
    text = "".join(sentence.format(n) for n in range(1, 500))
    assert len(text) > 30_000 and "\n" not in text
    pieces = paragraphs(text)
    assert len(pieces) == 5 and all(e - s <= 10_000 for s, e in pieces)
    assert all(text[s:e].startswith("Inspectors") and text[s:e].endswith("said.") for s, e in pieces)
    ann = annotate(Article(text=text))
    assert len(ann.sentences) == 499
    assert all(text[s.start:s.end] == s.text for s in ann.sentences)


def _poisoned(real):
    """annotate_many that fails on the article with the poison phrase, as a parser bug would on one odd text."""
    def annotate_many(articles):
        if any(POISON in a.text for a in articles):
            raise ValueError("[E999] the parser broke on this text\nsecond line of the message")
        return real(articles)
    return annotate_many


def test_an_article_annotation_fails_on_is_rejected_and_the_rest_is_stored(tmp_path, db_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "annotate_many", _poisoned(ingest_module.annotate_many))
    path = tmp_path / "news.jsonl"
    _jsonl(path, [GOOD[0], {**GOOD[1], "text": GOOD[1]["text"] + " " + POISON + "."}, GOOD[2]])
    with Store(db_path) as store:
        report = ingest(store, [path])
        assert [str(e) for e in report.rejected] == [
            f"{path}:2: could not be annotated (ValueError: [E999] the parser broke on this text)"]
        assert sorted(a.title for a in store.articles()) == sorted([GOOD[0]["title"], GOOD[2]["title"]])
        assert all(store.story_of(a.id) for a in store.articles())


def test_an_article_the_store_cannot_place_is_undone_alone(tmp_path, db_path, monkeypatch):
    real = online.place

    def place(store, index, profile, *model):
        placed = real(store, index, profile, *model)   # the article is inserted, indexed and placed before it fails
        if store.article(profile.article_id).title == GOOD[1]["title"]:
            raise RuntimeError("placing failed")
        return placed

    monkeypatch.setattr(online, "place", place)
    path = tmp_path / "news.jsonl"
    _jsonl(path, GOOD)
    with Store(db_path) as store:
        report = ingest(store, [path])
        assert [str(e) for e in report.rejected] == [f"{path}:2: could not be stored (RuntimeError: placing failed)"]
        assert len(report.added) == 2
        assert GOOD[1]["title"] not in {a.title for a in store.articles()}
        for table in ("sentences", "profiles", "story_articles"):
            assert store.db.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                                    "(SELECT id FROM articles)").fetchone()[0] == 0
    monkeypatch.setattr(online, "place", real)
    with Store(db_path) as store:   # the saved index holds what the store holds: the next add finds its story
        assert store.index.ntotal == store.profile_count() == 2
        again = ingest(store, [path])
        assert len(again.added) == 1 and len(again.present) == 2 and not again.rejected
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_dedup_writes_an_article_annotation_fails_on_and_warns(tmp_path, monkeypatch):
    monkeypatch.setattr(wiretrace.nlp, "annotate_many", _poisoned(wiretrace.nlp.annotate_many))
    path = tmp_path / "news.jsonl"
    _jsonl(path, [GOOD[0], {**GOOD[1], "text": GOOD[1]["text"] + " " + POISON + "."}])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["dedup", str(path), "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] == 2 and report["stories"] == 2 and not report["rejected"]
    assert [(w["line"], w["problem"][:22]) for w in report["warnings"]] == [(2, "could not be annotated")]
    assert all(json.loads(line)["story_id"] for line in out.read_text().splitlines())
