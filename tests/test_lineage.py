"""Lineage: quote groups, facts per claim, names and quote search on the real example, the demo corpus and bad input."""

import json

import pytest
from typer.testing import CliRunner

from wiretrace import Store, demo, ingest
from wiretrace.cli import app
from wiretrace.lineage import quote_lineage, search_quotes, story_facts, story_names, story_text
from wiretrace.lineage.story_text import ancestors

PERU = ["clippings/2024-02-08-peru-earthquake.txt", "wire/mns/2024-02-08-peru-quake.txt",
        "wire/gpa/2024-02-08-peru-earthquake.txt", "outlets/daily-sentinel/peru-earthquake-toll.txt",
        "web/morning-dispatch/2024-02-10-peru-quake-toll-rises.html"]
FERRY = ["wire/gpa/2024-12-08-philippines-ferry-capsizes.txt", "feeds/wire.jsonl"]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The two real articles in one store: (db path, story id, agency report id, rewrite id)."""
    from conftest import EXAMPLES

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent: the real examples live in ../shared beside the repo")
    path = tmp_path_factory.mktemp("lineage") / "example.db"
    with Store(path) as store:
        report = ingest(store, [EXAMPLES])
        agency, rewrite = sorted(report.added, key=lambda a: a.published_day)
        assert store.story_of(agency.id) == store.story_of(rewrite.id)
        return path, store.story_of(agency.id), agency.id, rewrite.id


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The Peru earthquake and Philippine ferry reports of the demo corpus (and the other wire items)."""
    path = tmp_path_factory.mktemp("lineage") / "demo.db"
    root = demo.corpus_path()
    with Store(path) as store:
        report = ingest(store, [root / p for p in PERU + FERRY])
        assert not report.rejected
        by_title = {a.title: a for a in report.added if a.title}
    return path, by_title


def group_with(lineage, words):
    return next(g for g in lineage.groups if any(words in v.text for v in g.variants))


def test_altered_quotes_with_every_changed_word_and_the_agency_wording_as_original(example):
    path, story_id, agency, rewrite = example
    with Store(path) as store:
        lineage = quote_lineage(store, story_id)
    expected = {"reports of a civilian injury": [{"from": "assessing", "to": "asserting"}],
                "We have made it clear": [{"from": "remain", "to": "remained"}, {"from": "throughout", "to": "through"}],
                "by the same MQ-9s": [{"from": "carried out", "to": "conducted"}, {"from": "hounded", "to": "harassed"}]}
    for words, changes in expected.items():
        group = group_with(lineage, words)
        assert group.original["article"] == agency
        altered = [v for v in group.variants if v.kind == "altered"]
        assert len(altered) == 1 and list(altered[0].changes) == changes
        assert altered[0].introduced_by == rewrite and altered[0].articles == (rewrite,)
    assert group_with(lineage, "We have made it clear").speaker == "Michael Kurilla"


def test_unchanged_quotes_are_one_identical_variant_and_the_moved_boundary_is_a_boundary(example):
    path, story_id, agency, rewrite = example
    with Store(path) as store:
        lineage = quote_lineage(store, story_id)
    for words in ("ISIS remains a threat", "cease this reckless behaviour"):
        group = group_with(lineage, words)
        assert [(v.kind, set(v.articles)) for v in group.variants] == [("identical", {agency, rewrite})]
    planes = group_with(lineage, "dropped flares in front of the drones")
    moved = next(v for v in planes.variants if v.kind != "identical")
    assert moved.kind == "boundary" and moved.edges[0]["to"] == "The planes" and not moved.changes
    assert len(lineage.groups) == 6


def test_the_examples_put_the_strike_in_syria_and_count_jets_not_a_nationality(example):
    """Their leads name "the US military" and "a US drone strike" (modifiers) and Daesh, which the recogniser
    calls a place once and a group once; the event happened in Syria."""
    path, story_id, _, _ = example
    with Store(path) as store:
        facts = story_facts(store, story_id)
    place = next(c for c in facts.facts if c.claim == "place")
    assert [v.value for v in place.values] == ["Syria"] and place.status == "agree"
    jets = next(c for c in facts.facts if c.claim == "jets")
    assert [v.value for v in jets.values] == ["three Russian jets"]
    assert "when: \u201cwas killed in the strike on Friday\u201d" in {c.claim for c in facts.facts}, \
        "a date's claim is its own clause, quoted with its words"


def test_name_variants_of_the_leader_and_of_the_group_are_one_entity_each(example):
    path, story_id, _, _ = example
    with Store(path) as store:
        names = story_names(store, story_id)

    def entity_of(spelling):
        return next(e for e in names if spelling in {s.text for s in e.spellings})

    assert entity_of("Osama al-Muhajer") is entity_of("Usamah Al-Muhajir")
    group = {s.text for s in entity_of("ISIS").spellings}
    assert {"ISIS", "ISIL", "IS", "Daesh"} <= group and "Osama al-Muhajer" not in group
    assert entity_of("Osama al-Muhajer").kind == "person"


def test_search_with_a_quotation_of_either_article_finds_both_versions(example):
    path, story_id, agency, rewrite = example
    with Store(path) as store:
        for article in (agency, rewrite):
            for quote in store.annotations(article).quotes:
                if len(quote.text.split()) < 5:
                    continue
                found = search_quotes(store, quote.text)
                assert {agency, rewrite} <= {h.article for h in found.hits}, quote.text
                assert found.hits[0].score == 100.0 and found.hits[0].story == story_id
        asserting = search_quotes(store, "assessing reports of a civilian injury")
        hit = next(h for h in asserting.hits if h.article == rewrite)
        assert hit.kind == "altered" and list(hit.changes) == [{"from": "assessing", "to": "asserting"}]


def test_cli_json_contracts(example):
    path, story_id, _, _ = example
    runner = CliRunner()
    quotes = json.loads(runner.invoke(app, ["quotes", story_id[:8], "--db", str(path), "--json"]).stdout)
    assert quotes["story"] == story_id
    group = quotes["groups"][0]
    assert set(group) >= {"speaker", "original", "variants"}
    assert set(group["original"]) >= {"text", "article", "source", "published"}
    assert all(set(v) >= {"text", "kind", "changes", "articles", "first_seen", "introduced_by"} for v in group["variants"])
    facts = json.loads(runner.invoke(app, ["facts", story_id, "--db", str(path), "--json"]).stdout)
    assert set(facts) >= {"story", "facts", "names"}
    assert all(f["status"] in ("agree", "disagree", "updated") and f["values"] for f in facts["facts"])
    assert all(set(n) >= {"entity", "kind", "spellings"} for n in facts["names"])
    found = json.loads(runner.invoke(app, ["quotes", "--search", "cease this reckless behaviour", "--db", str(path),
                                           "--json"]).stdout)
    assert len(found["hits"]) == 2 and set(found["hits"][0]) >= {"text", "article", "story", "source", "published",
                                                                  "score", "changes"}
    story = json.loads(runner.invoke(app, ["story", story_id, "--db", str(path), "--json"]).stdout)
    assert story["quotes"] == quotes["groups"] and story["facts"] == facts["facts"]
    assert runner.invoke(app, ["quotes", "--db", str(path)]).exit_code == 2
    assert runner.invoke(app, ["facts", "s0000000", "--db", str(path)]).exit_code == 2
    table = runner.invoke(app, ["quotes", story_id, "--db", str(path)])
    assert table.exit_code == 0 and "asserting" in table.stdout
    table = runner.invoke(app, ["facts", story_id, "--db", str(path)])
    assert table.exit_code == 0 and "Usamah Al-Muhajir" in table.stdout


def test_quote_index_is_filled_for_articles_stored_before_it(example, tmp_path):
    path, _, agency, _ = example
    old = tmp_path / "old.db"
    with Store(path) as store:
        store.db.execute(f"VACUUM INTO '{old}'")
    with Store(old) as store:
        for statement in ("DROP TABLE quote_index", "DROP TABLE quote_wordings", "DROP INDEX quotes_text"):
            store.db.execute(statement)
        store.db.execute("DELETE FROM migrations WHERE version = 5")
        store.db.execute("PRAGMA user_version = 3")
    with Store(old) as store:
        assert store.version == 5
        assert agency in {h.article for h in search_quotes(store, "cease this reckless behaviour").hits}


def test_demo_altered_quote_changed_toll_and_rising_toll(corpus):
    path, by_title = corpus
    sentinel = next(a for a in by_title.values() if a.source == "The Daily Sentinel")
    gpa = next(a for a in by_title.values() if a.source == "Global Press Agency" and "Peru" in a.title)
    dispatch = next(a for a in by_title.values() if a.source == "The Morning Dispatch")
    with Store(path) as store:
        story_id = store.story_of(sentinel.id)
        assert {store.story_of(gpa.id), store.story_of(dispatch.id)} == {story_id}
        text = story_text(store, story_id)
        lineage, facts = quote_lineage(store, text), story_facts(store, text)
    victims = group_with(lineage, "Most of the victims were")
    altered = next(v for v in victims.variants if v.kind == "altered")
    assert victims.original["article"] == gpa.id and altered.introduced_by == sentinel.id
    assert list(altered.changes) == [{"from": "asleep", "to": "alone"}]
    needs = group_with(lineage, "We need tents, blankets and medicine urgently")
    part = next(v for v in needs.variants if v.text.startswith("falls below zero"))
    assert needs.original["article"] == gpa.id and part.kind == "boundary" and part.introduced_by == sentinel.id
    kept = victims.variants[0]
    assert kept.kind == "identical" and kept.inherited_by
    assert all(gpa.id in ancestors(a, text.derived_from) for a in kept.inherited_by)
    toll = next(c for c in facts.facts if c.claim == "killed" and any(sentinel.id in v.articles for v in c.values))
    change = {v.introduced_by: v.change for v in toll.values}
    assert change[sentinel.id] == "conflict" and change[dispatch.id] == "update" and toll.status == "disagree"
    assert {gpa.id, sentinel.id} <= {a for v in toll.values for a in v.articles}
    planes = next(c for c in facts.facts if any(v.value == "two air force planes" for v in c.values))
    assert planes.claim == "planes", "a count counts the noun its modifiers lead to, not the word after it"
    respelled = [n for n in facts.names if n.variants]
    assert [n.entity for n in respelled] == ["Elsa Huamani"], "a surname alone is not another spelling"
    assert next(s for s in respelled[0].spellings if s.text == "Elsa Guamani").articles == (sentinel.id,)


def test_demo_rising_toll_is_an_update_not_a_conflict(corpus):
    path, by_title = corpus
    follow_up = next(a for t, a in by_title.items() if "ferry toll rises" in t)
    with Store(path) as store:
        facts = story_facts(store, store.story_of(follow_up.id))
    toll = next(c for c in facts.facts if c.claim == "killed" and follow_up.id in c.values[-1].articles)
    assert toll.status == "updated" and [v.change for v in toll.values] == ["first", "update"]
    assert toll.values[-1].value.startswith("21") and toll.values[-1].first_seen > toll.values[0].first_seen


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """Articles that stretch the extractor: none quoted, marks left open, a 2,000-word quotation, quotes in quotes."""
    folder = tmp_path_factory.mktemp("awkward")
    sentences = [s for a in (demo.corpus_path() / "wire" / "gpa").iterdir()
                 for s in a.read_text(encoding="utf-8").replace('"', "").split(". ") if len(s.split()) > 8]
    long_quote = ""
    while len(long_quote.split()) < 2000:
        long_quote += " ".join(sentences) + " "
    long_quote = " ".join(long_quote.split()[:2000])
    texts = {
        "plain.txt": "date 2024-04-02\n\nThe harbour reopened on Tuesday after repairs that took three weeks. "
                     "Ships queued outside the breakwater for most of the morning.",
        "open.txt": "date 2024-04-03\n\nThe mayor said \"the repairs will last for years, and the port is ready. "
                    "Officials did not say when the second basin would reopen.\n\nTraffic resumed at noon.",
        "long.txt": f"date 2024-04-04\n\nThe report said: \"{long_quote}\" The minister made no comment.",
        "nested.txt": "date 2024-04-05\n\n\"He told me 'we are not leaving this port' and then he left,\" "
                      "the harbour master, Lina Okafor, said on Friday.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "awkward.db"
    with Store(path) as store:
        report = ingest(store, [folder / name for name in texts])
        assert not report.rejected
        return path, {a.origin.split("/")[-1]: a.id for a in report.added}


def test_awkward_input_gives_sensible_answers(awkward):
    path, ids = awkward
    with Store(path) as store:
        results = {}
        for name, article in ids.items():
            story_id = store.story_of(article)
            results[name] = (quote_lineage(store, story_id), story_facts(store, story_id))
        assert all(json.dumps(q.to_json()) and json.dumps(f.to_json()) for q, f in results.values())
        plain = results["plain.txt"][0]
        assert not any(ids["plain.txt"] in v.articles for g in plain.groups for v in g.variants)
        assert not any("Traffic resumed" in v.text for q, _ in results.values() for g in q.groups for v in g.variants)
        long_group = next(g for g in results["long.txt"][0].groups if ids["long.txt"] in g.variants[0].articles)
        assert len(long_group.original["text"].split()) >= 1900
        nested = next(g for g in results["nested.txt"][0].groups if ids["nested.txt"] in g.variants[0].articles)
        assert "we are not leaving this port" in nested.original["text"]
        for query in ("", '"', "AND OR NOT (", "port*", "x" * 5000, "we are not leaving this port"):
            found = search_quotes(store, query)
            assert all(0 <= h.score <= 100 for h in found.hits)
        assert ids["nested.txt"] in {h.article for h in search_quotes(store, "we are not leaving this port").hits}


def test_demo_reports_of_one_quake_do_not_disagree_on_its_place(corpus):
    path, by_title = corpus
    gpa = next(a for a in by_title.values() if a.source == "Global Press Agency" and "Peru" in a.title)
    with Store(path) as store:
        facts = story_facts(store, store.story_of(gpa.id))
    place = next(c for c in facts.facts if c.claim == "place")
    assert place.status == ("agree" if len(place.values) == 1 else "several") and place.kind == "place"
    assert "Peru" in {v.value for v in place.values} and gpa.id in {a for v in place.values for a in v.articles}
    assert [v.change for v in place.values][0] == "first" and "conflict" not in {v.change for v in place.values}


def test_a_rewrite_that_moves_the_quake_to_another_town_disagrees_on_the_place(tmp_path):
    original = (demo.corpus_path() / PERU[2]).read_text(encoding="utf-8")
    moved = (original.replace("Global Press Agency", "Andean Courier")
             .replace("wire.gpa-news.example", "andean-courier.example")
             .replace("2024-02-08T18:20:00", "2024-02-08T21:05:00")
             .replace("LIMA, Feb 8 (GPA)", "HUANCAYO, Feb 8 (AC)")
             .replace("Qullqapampa", "Huancayo").replace("Apurimac", "Junin"))
    assert moved.count("Huancayo") >= 2
    (tmp_path / "gpa.txt").write_text(original, encoding="utf-8")
    (tmp_path / "courier.txt").write_text(moved, encoding="utf-8")
    with Store(tmp_path / "moved.db") as store:
        report = ingest(store, [tmp_path / "gpa.txt", tmp_path / "courier.txt"])
        gpa, courier = sorted(report.added, key=lambda a: a.published)
        assert store.story_of(gpa.id) == store.story_of(courier.id)
        facts = story_facts(store, store.story_of(gpa.id))
    place = next(c for c in facts.facts if c.claim == "place")
    assert place.status == "disagree"
    by_value = {v.value: v for v in place.values}
    assert by_value["Qullqapampa"].articles == (gpa.id,) and by_value["Qullqapampa"].change == "first"
    assert by_value["Huancayo"].articles == (courier.id,) and by_value["Huancayo"].change == "conflict"
    shown = json.loads(json.dumps(facts.to_json()))["facts"]
    assert {"claim": "place", "status": "disagree"}.items() <= next(f for f in shown if f["claim"] == "place").items()


BORDER_FLOOD = {
    "wire.txt": """title: Floods sweep border towns after river bursts its banks
source: Lakeside Wire
published: 2025-08-14T07:00:00

The Logone river burst its banks in Chad on Wednesday, flooding farms along the border with Cameroon and forcing
12,000 people from their homes, officials in both countries said. No deaths had been confirmed by nightfall.

Rescue teams from Chad and Cameroon were searching for nine people reported missing.

"The water rose faster than anyone here has seen," said Mahamat Abakar, a district official in Bongor.
""",
    "rewrite.txt": """title: Thousands flee as Logone floods farmland
source: Savanna Post
published: 2025-08-14T11:30:00

Floodwater from the Logone river swept across farmland in Cameroon on Wednesday, near the border with Chad, forcing
12,000 people from their homes, officials in both countries said. No deaths had been confirmed by nightfall.

Teams from Cameroon and Chad were searching for nine people reported missing.

"The water rose faster than anyone here has seen," said Mahamat Abakar, a district official in Bongor.
""",
}


def test_reports_naming_two_countries_at_a_border_name_several_places_and_do_not_agree_on_one(tmp_path):
    """Each report names Chad and Cameroon; their leads put the flood in one and the other. That is no conflict,
    but no agreement on one place either: `several`, each later place named with the earlier, in the table too."""
    for name, text in BORDER_FLOOD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "flood.db"
    with Store(db) as store:
        report = ingest(store, [tmp_path / name for name in BORDER_FLOOD])
        wire, rewrite = sorted(report.added, key=lambda a: a.published)
        story = store.story_of(wire.id)
        assert store.story_of(rewrite.id) == story
        facts = story_facts(store, story)
    place = next(c for c in facts.facts if c.claim == "place")
    assert [(v.value, v.change) for v in place.values] == [("Chad", "first"), ("Cameroon", "beside")]
    assert place.status == "several"
    shown = CliRunner().invoke(app, ["facts", story, "--db", str(db)], env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.output.splitlines() if " place " in line)
    assert "several places" in row and "agree" not in row
    assert "Cameroon  named with Chad" in shown.output
    as_json = CliRunner().invoke(app, ["facts", story, "--db", str(db), "--json"])
    claim = next(f for f in json.loads(as_json.output)["facts"] if f["claim"] == "place")
    assert claim["status"] == "several" and [v["change"] for v in claim["values"]] == ["first", "beside"]
