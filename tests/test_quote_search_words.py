"""Quote search by a few words of a quotation: as a phrase inside it, or all of them in any order."""

import json

import pytest
from typer.testing import CliRunner

from wiretrace import Store, ingest
from wiretrace.cli import app
from wiretrace.lineage import search_quotes

CRASH = """title: Lorry crash closes the A9 north of Perth for six hours
source: Tayside Courier
published: 2025-03-11T09:40:00+00:00

PERTH, March 11 - A lorry jack-knifed on the A9 near Bankfoot early on Tuesday, closing the road in both directions
for six hours, police said.

"The trailer hit the central barrier and swung across both lanes, and the driver was lucky to walk away," said
Inspector Moira Galbraith of Police Scotland. A second driver was treated for minor injuries at the scene.

"We would ask drivers to be patient while the barriers are repaired overnight," a spokesman for Bear Scotland said.
"""


@pytest.fixture(scope="module")
def crash(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    (root / "crash.txt").write_text(CRASH, encoding="utf-8")
    db = root / "crash.db"
    with Store(db) as store:
        assert len(ingest(store, [root / "crash.txt"]).added) == 1
    return db


def _texts(db, query: str) -> list[str]:
    with Store(db) as store:
        return [h.text for h in search_quotes(store, query).hits]


def test_a_phrase_inside_a_quotation_finds_it(crash):
    found = _texts(crash, "central barrier")
    assert len(found) == 1 and found[0].startswith("The trailer hit the central barrier")


def test_all_the_words_in_any_order_find_it_below_the_phrase(crash):
    with Store(crash) as store:
        phrase = search_quotes(store, "swung across both lanes").hits
        scattered = search_quotes(store, "lanes driver trailer").hits
    assert [h.text for h in phrase] == [h.text for h in scattered]
    assert "walk away" in phrase[0].text and phrase[0].score > scattered[0].score


def test_a_word_finds_the_words_it_begins_and_a_missing_word_finds_nothing(crash):
    assert any("barriers are repaired" in text for text in _texts(crash, "barrier repaired"))
    assert _texts(crash, "central reservation") == []


def test_the_quotes_command_finds_a_phrase_and_says_so_in_its_help(crash):
    runner = CliRunner()
    found = json.loads(runner.invoke(app, ["quotes", "--search", "central barrier", "--db", str(crash), "--json"]).stdout)
    assert [hit["speaker"] for hit in found["hits"]] == ["Moira Galbraith"]
    helped = runner.invoke(app, ["quotes", "--help"], env={"COLUMNS": "200"}).stdout
    assert "any order" in helped
