"""Stories on the demo corpus: online assignment, hard negatives, copies, follow-ups, idempotence, crashes,
re-clustering and a person's corrections."""

import json
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from wiretrace import Store, demo, ingest
from wiretrace.cli import app
from wiretrace.stories import story, summaries
from wiretrace.stories.recluster import recluster


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


def _key(article):
    return article.url or article.origin.split("corpus/")[-1]


def test_explain_checks_provenance_with_compare_and_finds_a_heavy_rewrite(loaded):
    """A rewrite keeping few of its source's word 3-grams reads from MinHash as a rewrite of the wire it shares
    most words with; compare finds it derived from the outlet it credits, a copy of that wire."""
    from wiretrace.stories import explain
    from wiretrace.stories.provenance import REWRITE_JACCARD, REWRITE_WORDS

    path, by_event, gold = loaded
    with Store(path) as store:
        record = story(store, next(iter(by_event["E1"])))
        checked = explain(store, record)
    role = {a.id: gold[_key(a)] for a in record.articles}
    url = {a.id: _key(a) for a in record.articles}
    fast = {link.article: link for link in record.provenance}
    links = {link.article: link for link in checked.provenance}
    rewrite = next(a for a, g in role.items() if g["role"] == "rewrite")
    assert fast[rewrite].relation == "rewrite"
    assert fast[rewrite].text_overlap < REWRITE_JACCARD and fast[rewrite].word_overlap >= REWRITE_WORDS
    assert role[fast[rewrite].derived_from]["role"] == "original"
    trimmed = [a for a, g in role.items() if g["role"] == "trimmed_copy"]
    assert trimmed and all(fast[a].relation == "copy" for a in trimmed)   # nearly all its 3-grams in the wire
    assert links[rewrite].relation == "rewrite"
    assert url[links[rewrite].derived_from] == role[rewrite]["derived_from"]   # the copy it credits, not the wire
    for article, g in role.items():
        if g["role"] in ("independent", "follow_up"):
            expected = "independent" if g["role"] == "independent" else "follow-up"   # three days after the strike
            assert links[article].relation == fast[article].relation == expected
            assert links[article].derived_from is fast[article].derived_from is None
        if g["role"] in ("copy", "trimmed_copy", "spun_rewrite"):
            assert url[links[article].derived_from] == g["derived_from"]
            assert links[article].relation == ("rewrite" if g["role"] == "spun_rewrite" else "copy")
            assert any("credits Global Press Agency" in line for line in links[article].evidence)


def test_an_identical_text_derives_from_the_first_outlet_that_carried_it():
    from datetime import datetime, timezone

    from wiretrace import Article, annotate

    text = ("Firefighters contained a blaze at the Marlag paper mill on Tuesday after six hours, the regional fire "
            "service said.\n\nNo one was hurt, a spokeswoman said, and the cause is under investigation.")
    first = Article(text=text, source="Valley Wire", title="Blaze at Marlag mill contained",
                    published=datetime(2024, 5, 7, 9, 0, tzinfo=timezone.utc))
    again = Article(text=text, source="Marlag Herald", title="Mill fire put out after six hours",
                    published=datetime(2024, 5, 7, 11, 30, tzinfo=timezone.utc))
    with Store(":memory:") as store:
        store.add([(a, annotate(a)) for a in (again, first)])
        record = story(store, store.story_of(first.id))
    assert [(link.relation, link.derived_from) for link in record.provenance] == [("original", None),
                                                                                 ("identical", first.id)]


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
        assert store.index.ntotal == store.db.execute("SELECT count(*) FROM profiles").fetchone()[0]
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
        assert store.index.ntotal == count
        assert store.add([(extra, annotate(extra))]).added == [extra.id]
        assert store.story_of(extra.id) is not None


def test_event_records_name_each_person_and_place_once_and_of_the_right_kind(loaded):
    from wiretrace.compare.names import is_country, key

    path, _, _ = loaded
    with Store(path) as store:
        records = [story(store, s) for s in store.story_ids()]
    for record in records:
        names = record.who + record.where
        assert len({key(n) for n in names}) == len(names), names
        assert not any(n.isupper() and len(n) > 3 for n in names), names   # a dateline in capitals, not "US"
        assert not any(is_country(n) for n in record.who), record.who
        assert not any(set(key(short).split()) < set(key(full).split()) for short in record.who for full in record.who)
        assert all(len(n.split()) > 1 for n in record.who), record.who   # "Turnout was low": not a person
    ferry = next(r for r in records if "ferry" in r.headline.lower())
    assert ferry.who[0] == "Armando Ilagan" and {"Manila", "Philippines", "Marlag"} <= set(ferry.where)
    mali = next(r for r in records if "northern Mali" in r.headline)
    assert {"Mali", "Bamako", "Inazzar"} <= set(mali.where) and "Inazzar village" not in mali.where
    assert "Abdelkarim al-Tawili" in mali.who and "Abdul Karim Al-Taweeli" not in mali.who   # one man, two spellings
    niger = next(r for r in records if "western Niger" in r.headline)
    assert "Bangou Kaina" in niger.where and not {"Bangou", "Kaina"} & set(niger.where)
    assert "Niger" in niger.where, "a place the titles name"
    assert not {"Jamaat Nasr al-Sahel", "Sahel Conflict Watch"} & set(mali.who + niger.who), "groups, not people"
    assert not any("Kills" in n for n in niger.who), "a pasted headline of another article names no one of this event"
    quake = next(r for r in records if "northern Peru" in r.headline)
    assert "Wilfredo Chuquimango" in quake.who and "Wilfredo Chuquimango" not in quake.where, "the mayor who spoke"
    wildfire = next(r for r in records if "Wildfire" in r.headline)
    assert "Europe" not in wildfire.where, "smoke drifted as far as Europe: not where the fire is"
    bank = next(r for r in records if "Mauritius" in r.headline)
    assert "Mauritian" not in bank.where and "Port Louis" in bank.where


def test_event_records_date_the_event_not_the_reports(loaded):
    """Reports name the day they were made beside the event's ("said on Saturday that a drone struck on Friday"),
    and days of the background ("the fire, which began on Tuesday, forced ... on Friday")."""
    path, by_event, _ = loaded
    events = demo.gold()["events"]
    with Store(path) as store:
        when = {event: story(store, next(iter(stories))).when for event, stories in by_event.items()}
    assert when == {event: events[event]["date"] for event in when}, "the wildfire's evacuation, not the fire's start"


def test_the_real_examples_story_is_dated_by_the_strike_placed_in_syria_and_listed_by_leads(tmp_path):
    """Both articles name the strike's Friday, the Sunday of the statement, and two earlier incidents; the agency
    report has no title and opens with a photo caption."""
    from conftest import EXAMPLES

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent: the real examples live in ../shared beside the repo")
    with Store(tmp_path / "examples.db") as store:
        report = ingest(store, [EXAMPLES])
        record = story(store, store.story_of(report.added[0].id))
        listed = summaries(store)
    assert len(record.articles) == 2 and record.when == "2023-07-07"
    assert "Syria" in record.where and "Daesh" not in record.where, "a group the model once took for a place"
    assert "Alexus Grynkewich" in record.who, "the model calls his titled name an organisation"
    assert record.headline.startswith("The US Central Command said Sunday")
    assert "AFP/File" not in record.headline and len(record.headline) <= 120
    assert [s.headline for s in listed] == [record.headline]
    agency, rewrite = (record.title_of(a) for a in record.articles)
    assert agency == record.headline and rewrite.startswith("The US military has claimed"), "no dateline either"


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
    explained = json.loads(runner.invoke(app, ["story", found[0]["id"], "--db", str(path), "--json", "--explain"]).stdout)
    derived = [link for link in explained["provenance"] if link["derived_from"]]
    assert derived and all(any("published" in line for line in link["evidence"]) for link in derived)
    printed = runner.invoke(app, ["story", found[0]["id"], "--db", str(path), "--explain"], env={"COLUMNS": "250"}).stdout
    assert "credits" in printed and "published later" in printed
    assert runner.invoke(app, ["story", "snope", "--db", str(path)]).exit_code == 2
    for columns in ("80", "140"):
        table = runner.invoke(app, ["stories", "--db", str(path)], env={"COLUMNS": columns}).stdout
        shown = [line.split()[0] for line in table.splitlines() if line.strip().startswith("s")]
        assert shown == [s["id"][:10] for s in listed], "an id folded over two lines cannot be copied into `story ID`"
    timeline = runner.invoke(app, ["story", shown[0], "--db", str(path)], env={"COLUMNS": "80"})
    assert timeline.exit_code == 0
    with Store(path) as store:
        ids = {a.id[:10] for a in store.articles()}
    rows = [line.split() for line in timeline.stdout.splitlines() if line.strip()[:10] in ids]
    assert rows and all(row[1][:2] == "20" for row in rows), "the id and the publication day are whole on every row"
    with Store(path) as store:
        assert len(summaries(store, source="Cascade Courier")) == 1


def test_cli_stories_by_entity_matches_names_not_words(loaded):
    """The coast guard spokesman of the ferry sinking is named in that story alone; 'ferry' is a word, not a name."""
    path, by_event, _ = loaded
    runner = CliRunner()

    def listed(*options):
        result = runner.invoke(app, ["stories", "--db", str(path), "--json", *options])
        assert result.exit_code == 0, result.output
        return {s["id"] for s in json.loads(result.stdout)}

    assert len(listed()) == len(by_event) > 1
    assert listed("--entity", "ilagan") == by_event["E10"]
    assert listed("--entity", "Armando Ilagan", "--source", "Cascade Courier") == set()
    assert listed("--search", "ferry") >= by_event["E10"] and listed("--entity", "ferry") == set()


def test_story_filters_fold_case_beyond_ascii_and_read_dates_per_day(loaded):
    """The store filters in SQL: a name typed in capitals finds its accented spelling, and a date range keeps exactly
    the stories a reading of every article keeps."""
    path, by_event, gold = loaded
    mayor = next(g["event"] for g in gold.values() if "radomierz" in (g["url"] or g["file"]))
    with Store(path) as store:
        assert {s.id for s in summaries(store, entity="WRÓBLEWSKA")} == by_event[mayor]
        assert {s.id for s in summaries(store, search="małgorzata wróblewska")} >= by_event[mayor]
        days = {}
        for article in store.articles():
            if article.published_day:
                days.setdefault(store.story_of(article.id), []).append(article.published_day)
        for day in sorted({d for ds in days.values() for d in ds})[::3]:
            assert {s.id for s in summaries(store, since=day)} == {s for s, ds in days.items() if max(ds) >= day}
            assert {s.id for s in summaries(store, until=day)} == {s for s, ds in days.items() if min(ds) <= day}


def _copy(path, tmp_path, name="copy.db"):
    """A private copy of the loaded store, with its indexes, for tests that change it."""
    copy = tmp_path / name
    with Store(path) as store:
        store.db.execute(f"VACUUM INTO '{copy}'")
    shutil.copytree(str(path) + ".index", str(copy) + ".index")
    return copy


def _event_story(store, gold, event):
    ids = {store.story_of(a.id) for a in store.articles() if gold[a.url or a.origin.split("corpus/")[-1]]["event"] == event}
    assert len(ids) == 1
    return ids.pop()


@pytest.mark.parametrize("orders", [1, 5])
def test_recluster_on_an_unchanged_store_changes_nothing(loaded, tmp_path, orders):
    path, by_event, _ = loaded
    copy = _copy(path, tmp_path)
    with Store(copy) as store:
        before = store.story_assignment()
        result = recluster(store, orders=orders)
        assert store.story_assignment() == before
    assert (result.moved, result.split, result.merged, result.ari) == ((), (), (), 1.0)
    assert result.unchanged == result.old_stories == result.new_stories == len(by_event)


def test_recluster_chooses_the_stores_join_threshold_and_add_places_at_it(loaded, tmp_path):
    from wiretrace.stories.model import load
    from wiretrace.stories.online import joining
    from wiretrace.stories.threshold import SEARCHED

    path, by_event, _ = loaded
    copy = _copy(path, tmp_path)
    kept = CliRunner().invoke(app, ["recluster", "--db", str(copy), "--orders", "1", "--keep-threshold", "--dry-run"])
    assert kept.exit_code == 0 and f"{load().threshold:.2f}, kept (the model's: --keep-threshold)" in kept.stdout
    with Store(copy) as store:
        assert store.join_threshold() is None and joining(store).threshold == load().threshold
        dry = recluster(store, orders=1, dry_run=True)
        assert dry.old_threshold is None and dry.threshold in SEARCHED and store.join_threshold() is None
        assert dry.chosen, "ten events, most told by several reports: enough to judge"
        chosen = recluster(store, orders=1)
        assert store.join_threshold() == chosen.threshold == dry.threshold == joining(store).threshold
        before = store.story_assignment()
        again = recluster(store, orders=1)
        assert again.old_threshold == again.threshold == chosen.threshold and store.story_assignment() == before
        assert len(set(before.values())) == len(by_event)
        with store.transaction():
            store.set_join_threshold(0.8)
    shown = CliRunner().invoke(app, ["recluster", "--db", str(copy), "--orders", "1", "--keep-threshold", "--dry-run",
                                     "--json"])
    assert shown.exit_code == 0, shown.output
    told = json.loads(shown.stdout)
    assert (told["old_threshold"], told["threshold"], told["threshold_chosen"], told["threshold_asked"]) == \
        (0.8, 0.8, False, False)
    with Store(copy) as store:
        assert joining(store).threshold == 0.8


def test_a_store_chooses_its_join_threshold_when_it_first_holds_enough_articles(loaded, tmp_path):
    from wiretrace import Article, annotate
    from wiretrace.stories.online import CHOOSE_AT

    path, by_event, _ = loaded
    copy = _copy(path, tmp_path)

    def landslide(n: int) -> Article:
        return Article(text=f"A landslide blocked the mountain road to Qullqapampa on Monday, police said; it was "
                            f"the {n}th closure of the pass since the rains began.", source="Andean Post")

    with Store(copy) as store:
        before = store.story_assignment()
        missing = CHOOSE_AT - store.profile_count()
        assert missing > 0 and store.join_threshold_chosen() == (None, None)
        for n in range(missing):
            store.add([(a := landslide(n + 2), annotate(a))])
        threshold, chosen_on = store.join_threshold_chosen()
        assert chosen_on == CHOOSE_AT and threshold is not None
        after = store.story_assignment()
        assert len({after[a] for a in before}) == len(by_event), "the demo's events stay one story each"
        store.add([(a := landslide(40), annotate(a))])
        assert store.join_threshold_chosen() == (threshold, CHOOSE_AT), "add keeps the choice; recluster chooses again"
        with store.transaction():   # a store made before stores chose: past CHOOSE_AT with no choice kept
            store.db.execute("DELETE FROM settings WHERE name LIKE 'join_threshold%'")
        placed = store.story_assignment()
        store.add([(a := landslide(41), annotate(a))])
        assert store.join_threshold_chosen() == (None, None), "an add does not replay a store it did not bring to 50"
        assert {k: v for k, v in store.story_assignment().items() if k in placed} == placed
    shown = CliRunner().invoke(app, ["add", "--db", str(copy), "-"], input="A second landslide closed the pass.")
    assert shown.exit_code == 0 and "this store has not chosen one of its own; `wiretrace recluster` chooses it" in \
        " ".join(shown.stdout.split())


def test_recluster_reports_and_undoes_a_stray_article(loaded, tmp_path):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    with Store(copy) as store:
        before = store.story_assignment()
        strike, quake = _event_story(store, gold, "E1"), _event_story(store, gold, "E3")
        stray = next(a for a, s in before.items() if s == strike and "s" + a != strike)
        with store.transaction():
            store.set_stories({stray: (quake, 0.0)})
        dry = recluster(store, dry_run=True)
        assert store.story_of(stray) == quake and not dry.applied
        assert [(m.article, m.old, m.new) for m in dry.moved] == [(stray, quake, strike)]
        assert dry.split == ((quake, tuple(sorted((quake, strike)))),) and dry.ari < 1.0
        assert recluster(store).applied and store.story_assignment() == before


def test_merge_and_split_survive_recluster_and_later_adds(loaded, tmp_path):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import Article, annotate
    from wiretrace.stories.edits import merge, split

    with Store(copy) as store:
        north, south = _event_story(store, gold, "E3"), _event_story(store, gold, "E4")
        assert merge(store, [north, south]) == north and not store.has_story(south)
        strike = _event_story(store, gold, "E1")
        members = sorted(a for a, _ in store.story_members(strike))
        leaving = [a for a in members if "s" + a != strike][:2]
        parted = split(store, strike, leaving)
        assert {store.story_of(a) for a in leaving} == {parted} and len(store.story_members(strike)) == len(members) - 2
        after_edits = store.story_assignment()
        result = recluster(store)
        assert result.moved == () and store.story_assignment() == after_edits
        extra = Article(text="A landslide blocked the mountain road to Qullqapampa on Monday, police said.",
                        source="Andean Post")
        store.add([(extra, annotate(extra))])
        assert all(store.story_of(a) == s for a, s in after_edits.items())
        assert merge(store, [strike, parted]) == strike
        recluster(store)
        assert {store.story_of(a) for a in members} == {strike}


def test_split_and_merge_refuse_what_they_cannot_do(loaded, tmp_path):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    runner = CliRunner()
    with Store(copy) as store:
        strike, quake = _event_story(store, gold, "E1"), _event_story(store, gold, "E3")
        outsider = next(a for a, _ in store.story_members(quake))
        everyone = [a for a, _ in store.story_members(strike)]
    assert runner.invoke(app, ["story", "split", strike, outsider, "--db", str(copy)]).exit_code == 2
    assert runner.invoke(app, ["story", "split", strike, *everyone, "--db", str(copy)]).exit_code == 2
    assert runner.invoke(app, ["story", "merge", strike, "--db", str(copy)]).exit_code == 2
    shown = runner.invoke(app, ["story", "split", strike, everyone[-1], "--db", str(copy), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["new_articles"] == 1
    report = json.loads(runner.invoke(app, ["recluster", "--db", str(copy), "--dry-run", "--json"]).stdout)
    assert report["moved"] == [] and report["applied"] is False


def test_copy_with_a_new_headline_joins_its_original(loaded, tmp_path):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    from dataclasses import replace

    from wiretrace import annotate

    with Store(copy) as store:
        strike = _event_story(store, gold, "E1")
        original = store.article(max((a for a, _ in store.story_members(strike)),
                                     key=lambda a: len(store.article(a).text)))
        paragraphs = original.text.split("\n\n")
        retitled = replace(original, title="Strike on convoy: what we know so far", source="Aggregator Daily",
                           text="\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else original.text + "\n\nMore to follow.")
        store.add([(retitled, annotate(retitled))])
        assert store.story_of(retitled.id) == strike


def _remigrated(path, tmp_path, version: int, *undo: str):
    """Profiles of a copy of the loaded store as stored, and after `undo` (SQL) and migration `version` again."""
    copy = _copy(path, tmp_path)
    with Store(copy) as store:
        fresh = {p.article_id: p for _, p in store.profiles()}
        for statement in (*undo, f"DELETE FROM migrations WHERE version = {version}"):
            store.db.execute(statement)
    with Store(copy) as store:
        migrated = {p.article_id: p for _, p in store.profiles()}
        assert version in store._applied(store.version)
    assert migrated.keys() == fresh.keys()
    return fresh, migrated


def test_migration_4_fills_terms_of_stored_profiles_as_add_computes_them(loaded, tmp_path):
    fresh, migrated = _remigrated(loaded[0], tmp_path, 4, "ALTER TABLE profiles DROP COLUMN term_ids",
                                  "ALTER TABLE profiles DROP COLUMN term_weights", "DROP TABLE story_links")
    for article_id, p in fresh.items():
        assert (migrated[article_id].term_ids == p.term_ids).all() and migrated[article_id].years == p.years


def test_migration_10_finds_the_lead_places_of_stored_profiles_as_add_does(loaded, tmp_path):
    path, _, gold = loaded
    fresh, migrated = _remigrated(path, tmp_path, 10, "UPDATE profiles SET names = json_remove(names, '$.lead_places')")
    assert {a: p.lead_places for a, p in migrated.items()} == {a: p.lead_places for a, p in fresh.items()}
    with Store(path) as store:
        event = {a.id: gold[a.url or a.origin.split("corpus/")[-1]]["event"] for a in store.articles()}
    mali, niger = ([fresh[a] for a in fresh if event[a] == e] for e in ("E1", "E2"))
    assert any(p.lead_places for p in fresh.values())
    assert all({"mali", "niger"} <= p.places for p in niger)   # the Niger reports recall the strike in Mali,
    assert all("niger" in p.lead_places for p in niger) and not any("niger" in p.lead_places for p in mali)


def _strike_and_later_half(store, gold):
    """The drone-strike story and half of its articles, none of them the one that opened it."""
    strike = _event_story(store, gold, "E1")
    later = sorted(a for a, _ in store.story_members(strike) if "s" + a != strike)
    return strike, later[:len(later) // 2]


def _bridge(store, article_ids):
    """An aggregator's retitled copy of the longest of these articles."""
    from dataclasses import replace

    original = store.article(max(article_ids, key=lambda a: len(store.article(a).text)))
    return replace(original, title="Convoy strike: the latest", source="Aggregator Daily",
                   text=original.text + "\n\nMore to follow.")


def _merging():
    """The shipped model with merges at 0.5 to be considered and 0.75 member agreement (the shipped thresholds, chosen
    on the ECB+ tuning topics), named here so these tests hold whatever a refit of the shipped file decides."""
    from dataclasses import replace

    from wiretrace.stories.model import load

    return replace(load(), options={**load().options, "merge_candidate": 0.5, "merge_threshold": 0.75})


@pytest.fixture
def merges_on(monkeypatch):
    from wiretrace.stories import cluster

    monkeypatch.setattr(cluster, "load", _merging)


def test_a_newcomer_proving_two_stories_one_event_merges_them_into_the_older(loaded, tmp_path, merges_on):
    path, by_event, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import annotate

    with Store(copy) as store:
        strike, half = _strike_and_later_half(store, gold)
        everyone = {a for a, _ in store.story_members(strike)}
        younger = "s" + half[0]
        with store.transaction():
            store.set_stories({a: (younger, 1.0) for a in half})   # two stories of one event, as add can leave them
        assert len(summaries(store)) == len(by_event) + 1
        bridge = _bridge(store, half)
        store.add([(bridge, annotate(bridge))])
        assert store.story_of(bridge.id) == strike and not store.has_story(younger)
        assert {a for a, _ in store.story_members(strike)} == everyone | {bridge.id}
        listed = {s.id: s for s in summaries(store)}
        assert len(listed) == len(by_event) and listed[strike].articles == len(everyone) + 1
        assert len(story(store, strike).articles) == len(everyone) + 1
        assert store.index.ntotal == store.profile_count()
        assert recluster(store, dry_run=True).moved == ()


def test_a_person_keeping_two_stories_apart_stops_their_merge(loaded, tmp_path, merges_on):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import annotate
    from wiretrace.stories.edits import split

    with Store(copy) as store:
        strike, half = _strike_and_later_half(store, gold)
        parted = split(store, strike, half)
        with store.transaction():
            store.set_join_threshold(None)   # tried already: the bridge is placed by add alone, at the model's
        before = store.story_assignment()
        bridge = _bridge(store, half)
        store.add([(bridge, annotate(bridge))])
        assert all(store.story_of(a) == s for a, s in before.items())
        assert store.has_story(parted) and store.story_of(bridge.id) in (strike, parted)


def _mix_second_strike_into_first(store, gold):
    """The two drone strikes a week apart in one story, as add can leave them when their first reports join, with
    a third report of the second strike (the demo has two: the wire's, carried by two outlets, and one other)."""
    from wiretrace import annotate

    first, second = _event_story(store, gold, "E1"), _event_story(store, gold, "E2")
    report = _second_strike_report()
    store.add([(report, annotate(report))])
    moved = sorted({a for a, _ in store.story_members(second)} | {report.id})
    with store.transaction():
        store.set_stories({a: (first, 1.0) for a in moved})
    return first, second, moved


def _second_strike_report():
    """An outlet's own report of the second drone strike (not a copy: the split counts reports, not copies)."""
    from datetime import datetime, timezone

    from wiretrace import Article

    return Article(
        title="Sahel task force drone kills JNS explosives chief near Bangou Kaina",
        source="Sahel Monitor", url="https://sahel-monitor.example/2024/03/24/bangou-kaina-strike",
        published=datetime(2024, 3, 24, 8, 30, tzinfo=timezone.utc),
        text="TILLABERI, Niger - The jihadist group Jamaat Nasr al-Sahel has lost the man who made its roadside "
             "bombs, the Combined Sahel Task Force said, after a drone hit a column of motorcycles outside Bangou "
             "Kaina on Friday.\n\nMoussa Ag Intalla and two fighters riding with him were killed, according to the "
             "force, which said it saw no sign that civilians were hurt in the thinly populated area.\n\n"
             "Farmers around Bangou Kaina told Sahel Monitor they heard the drone for most of the afternoon before "
             "the explosion.\n\nImprovised explosives killed at least 60 soldiers in western Niger in February, "
             "the monitoring group Sahel Conflict Watch says. Niger's interior ministry confirmed the operation.")


def test_a_story_holding_two_same_kind_events_splits_when_it_grows(loaded, tmp_path):
    path, by_event, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import annotate

    with Store(copy) as store:
        first, _, moved = _mix_second_strike_into_first(store, gold)
        before = {a for a, _ in store.story_members(first)} - set(moved)
        placed = [p.article_id for p in store.profiles_by_rowid(store.story_rowids(first))]
        bridge = _bridge(store, sorted(before))
        store.add([(bridge, annotate(bridge))])
        assert {a for a, _ in store.story_members(first)} == before | {bridge.id}
        assert {store.story_of(a) for a in moved} == {"s" + min(moved, key=placed.index)}   # its first placed
        assert len(summaries(store)) == len(by_event)
        assert recluster(store, dry_run=True).moved == ()


def test_a_report_left_in_the_other_strikes_story_goes_home_when_its_event_is_reported_again(loaded, tmp_path):
    path, by_event, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import annotate

    with Store(copy) as store:
        first, second = _event_story(store, gold, "E1"), _event_story(store, gold, "E2")
        stray = sorted(a for a, _ in store.story_members(second) if "s" + a != second)[0]
        with store.transaction():
            store.set_stories({stray: (first, 1.0)})   # as add can leave it: the strikes are a week apart
        report = _second_strike_report()
        store.add([(report, annotate(report))])
        assert store.story_of(report.id) == second and store.story_of(stray) == second
        assert len(summaries(store)) == len(by_event)
        assert recluster(store, dry_run=True).moved == ()


def test_a_person_keeping_two_articles_together_stops_a_split(loaded, tmp_path):
    path, _, gold = loaded
    copy = _copy(path, tmp_path)
    from wiretrace import annotate

    with Store(copy) as store:
        first, _, moved = _mix_second_strike_into_first(store, gold)
        with store.transaction():
            store.link_stories([(moved[0], sorted(a for a, _ in store.story_members(first) if a not in moved)[0])],
                               "together")
        bridge = _bridge(store, [a for a, _ in store.story_members(first) if a not in moved])
        store.add([(bridge, annotate(bridge))])
        assert all(store.story_of(a) == first for a in moved)


def test_split_cuts_by_agreement_within_and_across_not_by_its_level():
    """Two groups agreeing 0.98 within and 0.77 across are two events; agreeing 0.9 across, or with a side of two,
    they stay one."""
    from dataclasses import replace

    from wiretrace.stories.cluster import split
    from wiretrace.stories.model import load

    model = replace(load(), options={**load().options, "split_cross": 0.8, "split_gap": 0.15, "split_side": 3})
    members = [type("P", (), {"article_id": f"a{i}"})() for i in range(10)]
    group = {f"a{i}": i % 3 == 2 for i in range(10)}      # a2, a5, a8 are the other event

    def agreement(across):
        return lambda p, others: np.array([0.98 if group[p.article_id] == group[o.article_id] else across
                                           for o in others])

    assert split(members, model, probabilities=agreement(0.77)) == (2, 5, 8)
    assert split(members, model, probabilities=agreement(0.9)) == ()
    assert split(members[:5] + members[6:9], model, probabilities=agreement(0.5)) == ()   # a2 and a8 are too few
    assert split(members[:5], model, probabilities=agreement(0.5)) == ()                  # too small to check


def test_in_batch_a_pair_never_scored_counts_against_a_merge():
    """Two reports, then one close to both: in batch a merge is average link over every pair across the two
    stories, and a pair the candidates never offered is no agreement (they offer every pair that looks alike),
    as online, where every pair across is scored. Scored, and close enough, the older story keeps its id."""
    from wiretrace.stories.cluster import cluster_scored

    members = [("wire", None), ("local", None), ("follow", None)]
    model = _merging()
    close = [("wire", "follow", 0.9), ("local", "follow", 0.92)]
    assert set(cluster_scored(members, close, model).values()) == {"wire", "local"}   # (0.9 + 0) / 2 across
    assert cluster_scored(members, [("wire", "local", 0.8), *close], model) == dict.fromkeys(
        ("wire", "local", "follow"), "wire")
    assert set(cluster_scored(members, [("wire", "local", 0.2), *close], model).values()) == {"wire", "local"}


def test_copies_count_once_in_a_split():
    """Three copies of one wire story agree 1.0 among themselves and less with the rest of their story: one report,
    not a second event. Three reports that agree as well are one."""
    from dataclasses import replace

    from wiretrace.stories.cluster import split
    from wiretrace.stories.model import load

    model = replace(load(), options={**load().options, "split_cross": 0.8, "split_gap": 0.15, "split_side": 3})
    rng = np.random.default_rng(7)
    own = [rng.integers(0, 2**32, 128, dtype=np.uint64) for _ in range(10)]
    wire = own[2]

    def member(i, words):
        return type("P", (), {"article_id": f"a{i}", "words_hash": words})()

    tight = {"a2", "a5", "a8"}
    agreement = lambda p, others: np.array([1.0 if (p.article_id in tight) == (o.article_id in tight) else 0.7
                                            for o in others])
    reports = [member(i, own[i]) for i in range(10)]
    copies = [member(i, wire if f"a{i}" in tight else own[i]) for i in range(10)]
    assert split(reports, model, probabilities=agreement) == (2, 5, 8)
    assert split(copies, model, probabilities=agreement) == ()


_STRAY = {("w1", "w0"): 0.9, ("b0", "w0"): 0.45, ("b0", "w1"): 0.45, ("b1", "w0"): 0.05, ("b1", "w1"): 0.05,
          ("b1", "b0"): 0.9}


def _stray_probability(a: str, b: str) -> float:
    return _STRAY.get((a, b), _STRAY.get((b, a), 0.0))


def test_a_report_that_joined_another_event_first_moves_when_its_own_event_arrives():
    """b0, the first report of event b, joins event w's story (0.45, nothing else to join); b1 agrees with w's
    story at 0.33 on average and opens a story, and b0, which agrees with b1 at 0.9 and with w's reports at 0.45,
    moves to it. Online and in batch alike; a person's keeping b0 with w0 holds it."""
    from wiretrace.stories.cluster import Constraints, cluster, cluster_scored

    order = ["w0", "w1", "b0", "b1"]
    profiles = [type("P", (), {"article_id": a, "day": None})() for a in order]

    def probabilities(p, others):
        return np.array([_stray_probability(p.article_id, o.article_id) for o in others])

    expected = {"w0": "w0", "w1": "w0", "b0": "b1", "b1": "b1"}
    assert cluster(profiles, probabilities=probabilities) == expected
    pairs = [(a, b, _stray_probability(a, b)) for n, a in enumerate(order) for b in order[:n]]
    assert cluster_scored([(a, None) for a in order], pairs) == expected
    held = Constraints(together=(("b0", "w0"),))
    assert cluster(profiles, constraints=held, probabilities=probabilities)["b0"] == "w0"
    words = np.arange(128, dtype=np.uint64)
    copied = [_words(p.article_id, words if p.article_id in ("w1", "b0") else None) for p in profiles]
    assert cluster(copied, probabilities=probabilities)["b0"] == "w0"   # a copy of w1 reports w1's event


def _words(article_id: str, words_hash=None, day=None):
    """A stand-in profile with a word sketch: `words_hash`, or one no other article shares."""
    seed = sum(map(ord, article_id))
    own = words_hash if words_hash is not None else np.random.default_rng(seed).integers(1, 2**62, 128, dtype=np.uint64)
    return type("P", (), {"article_id": article_id, "day": day, "words_hash": own})()


def test_a_copy_joins_its_originals_story_however_far_the_story_has_moved_on():
    """A wire report, three follow-ups that agree with it and each other, then a copy of the wire report that
    agrees with the follow-ups at 0.02: 0.27 on average, no story by average link, but a copy reports its
    original's event."""
    from wiretrace.stories.cluster import cluster

    wire = np.arange(128, dtype=np.uint64)
    order = [_words("wire", wire), _words("f1"), _words("f2"), _words("f3"), _words("copy", wire)]

    def probabilities(p, others):
        def one(a, b):
            if {a, b} == {"copy", "wire"}:
                return 1.0
            return 0.02 if "copy" in (a, b) else 0.9
        return np.array([one(p.article_id, o.article_id) for o in others])

    assert set(cluster(order, probabilities=probabilities).values()) == {"wire"}
    strangers = [order[0], *order[1:4], _words("copy")]
    assert cluster(strangers, probabilities=probabilities)["copy"] == "copy"


def test_moves_need_the_newcomers_story_to_agree_more_than_the_candidates_own():
    from wiretrace.stories.cluster import moves
    from wiretrace.stories.model import load

    model = load()
    story_of = {"b0": "w0", "x": "w0", "y": "other"}
    probabilities = {"b0": 0.9, "x": 0.2, "y": 0.6}
    affinity = {"b0": (0.9, 0.45), "x": (0.9, 0.1), "y": (0.5, 0.7)}.__getitem__
    assert moves(probabilities, story_of, [None], affinity, model) == ("b0",)   # x: too unlike the newcomer
    assert moves(probabilities, story_of, ["w0"], affinity, model) == ()       # b0 is in the newcomer's story
    assert moves(probabilities, story_of, [None], lambda a: (0.9, None), model) == ()   # alone where it is


def test_a_large_story_is_judged_by_members_spread_over_it_not_its_first():
    """An event's 60 first reports (o, 0.9 among themselves), then 30 follow-up reports that join them (f, 0.9
    among themselves, 0.7 with the first reports), then 30 more follow-ups the index never offered beside the first
    story (they open one of their own). A last follow-up scores with both: the first story's first 50 members are all
    first reports (0.7 across, under the 0.75 a merge needs), but 50 spread over it hold follow-ups too (0.77), and
    the two stories merge. Not in batch, where a pair the candidates never offered counts as no agreement."""
    from wiretrace.stories.cluster import MERGE_CAP, cluster, cluster_scored, spread

    assert spread(list(range(90))) == sorted(set(spread(list(range(90)))))
    assert len(spread(list(range(90)))) == MERGE_CAP and spread(list(range(90)))[::49] == [0, 89]
    assert spread(list(range(30))) == list(range(30))
    first = [f"o{i}" for i in range(60)]
    joined = [f"f{i}" for i in range(30)]
    apart = [f"g{i}" for i in range(30)]
    order = [*first, *joined, *apart, "last"]

    def probability(a: str, b: str) -> float:
        return 0.7 if (a[0] == "o") != (b[0] == "o") else 0.9

    def offered(a: str, b: str) -> bool:
        return not (a[0] == "g" and b[0] in "of" or b[0] == "g" and a[0] in "of")

    profiles = [_words(a) for a in order]
    model = _merging()
    placed = cluster(profiles, model, probabilities=lambda p, others: np.array(
        [probability(p.article_id, o.article_id) for o in others]),
        candidates=lambda n: [c for c in profiles[:n] if offered(order[n], c.article_id)])
    assert set(placed.values()) == {"o0"}
    pairs = [(a, b, probability(a, b)) for n, a in enumerate(order) for b in order[:n] if offered(a, b)]
    assert set(cluster_scored([(a, None) for a in order], pairs, model).values()) == {"o0", "g0"}


def test_in_batch_an_article_with_copies_stays_in_its_story_as_online():
    """Three first reports carried by many outlets, the third the follow-up, then a trimmed copy of the follow-up
    too short to agree with the first two (0.32 on average, under the threshold): it opens a story, and online the
    follow-up stays, as its copies are in its story. In batch, where each copy cluster is one article, the
    follow-up moves to the trim's story unless it is marked as one with copies."""
    from wiretrace.stories.cluster import cluster_scored

    order = [("wire", None), ("rewrite", None), ("follow", None), ("trim", None)]
    pairs = [("rewrite", "wire", 1.0), ("follow", "wire", 0.95), ("follow", "rewrite", 0.9),
             ("trim", "wire", 0.0), ("trim", "rewrite", 0.0), ("trim", "follow", 0.96)]
    assert cluster_scored(order, pairs)["follow"] == "trim"
    placed = cluster_scored(order, pairs, copied={"wire", "rewrite", "follow"})
    assert placed == {"wire": "wire", "rewrite": "wire", "follow": "wire", "trim": "trim"}


def test_batch_splits_a_story_of_two_events_as_online():
    """Every pair scored, 0.98 within each event and 0.77 across: all join one story, and the check after the sixth
    arrival parts the events; later arrivals join their own. A pair never scored counts as 0.5 in the check."""
    from wiretrace.stories.cluster import cluster_scored

    ids = [f"a{i}" for i in range(10)]
    other = {"a2", "a5", "a8"}
    pairs = [(a, b, 0.98 if (a in other) == (b in other) else 0.77) for n, a in enumerate(ids) for b in ids[:n]]
    placed = cluster_scored([(a, None) for a in ids], pairs)
    assert {a: s for a, s in placed.items() if a in other} == dict.fromkeys(other, "a2")
    assert set(placed.values()) == {"a0", "a2"}
    unscored_across = [(a, b, p) for a, b, p in pairs if p == 0.98 or b == "a0"]
    assert set(cluster_scored([(a, None) for a in ids], unscored_across).values()) == {"a0", "a2"}


_PORT_AFFAIR = (
    "Halvorsen Marine won the 2.4 billion euro contract to rebuild the container terminal at Port-Sainte-Anne in "
    "2019. Two rival bidders, Corvex and Baltica Dredging, complained that the tender had been decided in advance. "
    "In 2021 Le Courrier reported that Halvorsen Marine had paid 1.8 million euros to a consultancy run by a "
    "former aide of Dubreuil, who was then deputy transport minister. Prosecutor Antoine Mercier opened a "
    "preliminary inquiry into favouritism in 2022. President Remi Valette has kept Dubreuil in government, "
    "saying the courts must do their work, while the Social Democrats and the Greens demand her resignation.")


def _committee_report(outlet: str, title: str, day: int):
    from datetime import datetime, timezone

    from wiretrace import Article

    return Article(
        title=title, source=outlet, url=f"https://{outlet.lower().replace(' ', '-')}.example/committee-{day}",
        published=datetime(2024, 5, day, 9, tzinfo=timezone.utc),
        text="The National Assembly's inquiry committee voted 14 to 9 on Tuesday to order Claire Dubreuil, the "
             "transport minister, to hand over her phone records, the first time a sitting minister has been "
             "compelled to do so. The committee's chair, Helene Garnier, said the records would show whether "
             "Dubreuil spoke to the chief executive Nils Halvorsen while bids were being assessed. Dubreuil has "
             "10 days to comply, and her office said she would. \"I have nothing to hide from the representatives "
             "of the people,\" she told reporters outside the chamber.\n\n" + _PORT_AFFAIR)


def _lawsuit_report():
    """Another event of the same affair, told over the same background in the outlet's own words."""
    from datetime import datetime, timezone

    from wiretrace import Article

    return Article(
        title="Governing party sues newspaper for 500,000 euros over corruption articles", source="Daily Ledger",
        url="https://daily-ledger.example/lawsuit", published=datetime(2024, 5, 10, 9, tzinfo=timezone.utc),
        text="The governing Renewal party filed a defamation suit on Thursday against the newspaper Le Courrier and "
             "two of its reporters, seeking 500,000 euros in damages. The party's secretary general, Olivier "
             "Brandt, accused the paper of presenting rumours as facts. Le Courrier's editor, Mathilde Roux, said "
             "it stood by every line and called the suit an attempt to silence the press. Reporters Without "
             "Borders and the journalists' union condemned the move as intimidation. The case will be heard in "
             "September. It is the third suit a governing party has brought against a newspaper in a decade, and "
             "the first to name individual reporters.\n\nThe articles at issue, published since 2021, alleged "
             "that a consultancy run by one of Dubreuil's former aides received 1.8 million euros from Halvorsen "
             "Marine, the Norwegian group that was awarded the Port-Sainte-Anne terminal contract in 2019 over "
             "Corvex and Baltica Dredging. Dubreuil, then deputy transport minister, has always denied any part "
             "in the award. A preliminary inquiry led by prosecutor Antoine Mercier has been open since 2022, and "
             "President Remi Valette has refused opposition demands from the Social Democrats and the Greens to "
             "dismiss her.")


def _near_copies(count: int):
    """`count` versions of one wire text, the n-th with n // 2 words replaced, and the original's MinHash."""
    from wiretrace.fingerprints import minhashes, shingles
    from wiretrace.readers import read_batch

    words = " ".join(a.text for a in read_batch([demo.corpus_path() / "wire"]).articles[:3]).split()
    variants = []
    for n in range(count):
        edited = list(words)
        for k in range(n // 2):
            edited[(k * 37) % len(edited)] = f"edit{k}"
        variants.append(" ".join(edited))
    return minhashes([shingles(v) for v in variants]), minhashes([shingles(" ".join(words))])[0]


def test_the_graph_takes_recent_articles_in_folds_and_the_rest_is_read_back_from_the_store(tmp_path, monkeypatch):
    """With folds of 8, the demo's 49 articles leave 48 in the graph file and 1 searched exactly; the next 6
    arrivals write no file, the 7th folds and writes; a stamp naming other profiles gets the graph rebuilt."""
    import json

    from wiretrace import annotate
    from wiretrace.stories import index as story_index

    monkeypatch.setattr(story_index, "RECENT", 8)
    path = tmp_path / "folds.db"
    graph = tmp_path / "folds.db.index" / story_index.GRAPH_FILE
    with Store(path) as store:
        ingest(store, [demo.corpus_path()])
    with Store(path) as store:
        index = store.index
        assert (index.graph.ntotal, index.recent.ntotal, index.mapped) == (48, 1, True)
        rows = list(store._profile_rows())
        every = np.stack([e for _, e in rows])
        for rowid, embedding in rows[::7]:
            exact = {rows[i][0] for i in np.argsort(-(every @ embedding))[:10]}
            assert exact <= index.candidates(embedding, np.zeros(128, dtype=np.uint64))
        written = graph.stat().st_mtime_ns
        reports = [_committee_report(f"Outlet {n}", f"Committee orders minister's phone records ({n})", 6)
                   for n in range(7)]
        store.add([(r, annotate(r)) for r in reports[:6]])
        assert graph.stat().st_mtime_ns == written and store.index.recent.ntotal == 7
        store.add([(reports[6], annotate(reports[6]))])
        assert graph.stat().st_mtime_ns != written
        assert json.loads(graph.with_name("stamp.json").read_text())["count"] == 56 == store.index.graph.ntotal
    graph.with_name("stamp.json").write_text(json.dumps({"count": 56, "max_rowid": 40}))
    with Store(path) as store:
        assert (store.index.graph.ntotal, store.index.recent.ntotal) == (56, 0) and not store.index.mapped


def test_a_store_open_while_another_process_adds_sees_its_articles(loaded, tmp_path, monkeypatch):
    """Two handles on one store, as two `add` processes would be: what one adds (and the graph it folds and
    writes) is among the other's candidates at its next add, so a report in other words, which shares no
    near-copy band with them, placed through the other joins them."""
    from datetime import datetime, timezone

    from wiretrace import Article, annotate
    from wiretrace.stories import index as story_index

    monkeypatch.setattr(story_index, "RECENT", 8)
    path, _, _ = loaded
    copy = _copy(path, tmp_path)
    first = [_committee_report(f"Outlet {n}", f"Committee orders minister's phone records ({n})", 6) for n in range(9)]
    with Store(copy) as early, Store(copy) as late:
        assert early.index.ntotal == late.index.ntotal == early.profile_count()
        late.add([(r, annotate(r)) for r in first])   # folds, and writes the graph
        retold = Article(
            title="Dubreuil ordered to surrender her phone logs", source="Evening Standard Post",
            url="https://evening-standard-post.example/dubreuil-phone-logs",
            published=datetime(2024, 5, 6, 15, tzinfo=timezone.utc),
            text="Lawmakers investigating the Port-Sainte-Anne terminal contract voted 14-9 on Tuesday to compel "
                 "transport minister Claire Dubreuil to turn over her telephone logs. Committee chair Helene Garnier "
                 "said they would reveal whether Dubreuil was in contact with Nils Halvorsen, head of Halvorsen "
                 "Marine, while the bids were under review. The minister has 10 days; her office said she would "
                 "comply.")
        early.add([(retold, annotate(retold))])
        assert early.story_of(retold.id) == early.story_of(first[0].id)
        assert early.index.ntotal == early.profile_count() == late.profile_count()


def _unit_vectors(count: int, dimensions: int):
    vectors = np.random.default_rng(3).normal(size=(count, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_much_copied_text_offers_only_its_closest_near_copies():
    """An arrival's LSH candidates stay bounded however full its buckets are, and keep the closest."""
    from wiretrace.embeddings import DIMENSIONS
    from wiretrace.stories.index import NEAR_COPIES, StoryIndex

    hashes, query = _near_copies(NEAR_COPIES + 30)
    index = StoryIndex(None)
    for rowid, (h, vector) in enumerate(zip(hashes, _unit_vectors(len(hashes), DIMENSIONS)), 1):
        index.recent.add_with_ids(vector.reshape(1, -1), np.array([rowid], dtype=np.int64))
        index.lsh.db.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(key, rowid) for key in index.lsh.keys(h)])
    far = np.zeros(DIMENSIONS, dtype=np.float32)
    far[0] = 1.0

    every = index.candidates(far, query, k=1)
    kept = index.candidates(far, query, k=1, hashes=lambda rowids: hashes[np.array(rowids) - 1])

    nearest = {int(i) for i in index.recent.search(far.reshape(1, -1), 1)[1][0]}
    agreement = {r: float((hashes[r - 1] == query).mean()) for r in every}
    dropped = every - kept
    assert len(every) >= NEAR_COPIES + 20 and NEAR_COPIES <= len(kept) <= NEAR_COPIES + 1
    assert min(agreement[r] for r in kept - nearest) >= max(agreement[r] for r in dropped)


def test_a_much_copied_text_stops_growing_its_lsh_bucket_and_a_rebuild_agrees():
    """Copies past NEAR_COPIES go into the embedding index only; the next copy is still offered NEAR_COPIES."""
    from wiretrace.embeddings import DIMENSIONS
    from wiretrace.stories.index import NEAR_COPIES, StoryIndex

    hashes, query = _near_copies(NEAR_COPIES + 30)
    vectors = _unit_vectors(len(hashes), DIMENSIONS)
    index, replayed = StoryIndex(None), StoryIndex(None)
    for rowid, (h, vector) in enumerate(zip(hashes, vectors), 1):
        index.add(rowid, vector, h)
    for rowid, (h, vector) in enumerate(zip(hashes, vectors), 1):
        replayed.add(rowid, vector, h)

    def in_lsh(i):
        return {r for (r,) in i.lsh.db.execute("SELECT DISTINCT article FROM lsh_bands")}

    assert index.lsh.count() == NEAR_COPIES and index.ntotal == len(hashes)
    assert in_lsh(index) == set(range(1, NEAR_COPIES + 1)) == in_lsh(replayed)
    assert len(index.candidates(vectors[0], query, k=1)) >= NEAR_COPIES


def test_the_stores_lsh_finds_what_datasketch_finds(loaded):
    """The LSH kept in SQLite bands the MinHash values as datasketch's MinHashLSH does: the same hits."""
    from datasketch import MinHashLSH

    from wiretrace.fingerprints import NUM_PERM, lean
    from wiretrace.stories.index import LSH_THRESHOLD

    path, _, _ = loaded
    with Store(path) as store:
        hashes = dict(store.db.execute("SELECT rowid, text_hash FROM profiles"))
        reference = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        for rowid, h in hashes.items():
            reference.insert(rowid, lean(np.frombuffer(h, dtype=np.uint64)))
        for rowid, h in hashes.items():
            values = np.frombuffer(h, dtype=np.uint64)
            assert store.index.lsh.query(values) == sorted(reference.query(lean(values)))
        copied = sum(len(store.index.lsh.query(np.frombuffer(h, dtype=np.uint64))) > 1 for h in hashes.values())
    assert copied >= 10


def test_migration_6_fills_the_lsh_from_stored_profiles(loaded, tmp_path):
    path, _, _ = loaded
    copy = _copy(path, tmp_path)
    bands = "SELECT key, article FROM lsh_bands ORDER BY key, article"
    with Store(copy) as store:
        before = store.db.execute(bands).fetchall()
        store.db.execute("DROP TABLE lsh_bands")
        store.db.execute("DELETE FROM migrations WHERE version = 6")
    with Store(copy) as store:
        assert 6 in store._applied(store.version)
        assert store.db.execute(bands).fetchall() == before and len(before) > 25 * 40


def test_a_large_story_lists_each_copy_cluster_once_unless_every_article_is_asked_for():
    """A wire report copied 44 times beside two reports of their own: three rows, and all 46 with `every`."""
    from datetime import datetime, timedelta, timezone

    from rich.console import Console

    from wiretrace.article import Article
    from wiretrace.render import story_view
    from wiretrace.stories import Link, Story

    start = datetime(2024, 3, 16, 9, tzinfo=timezone.utc)
    wire = "A drone strike killed a militant commander in northern Mali on Friday, the task force said."
    articles = tuple(Article(text=f"{wire}\n\nCarried by outlet {n}.", source=f"Outlet {n}", title="Drone strike in Mali",
                             published=start + timedelta(minutes=n)) for n in range(44))
    articles += (Article(text="Residents of Inazzar described the blast that shook the town.", source="Sahel Post",
                         title="Residents describe blast", published=start + timedelta(hours=3)),
                 Article(text="The group named a successor to its commander on Sunday.", source="Northern Courier",
                         title="Group names successor", published=start + timedelta(days=2)))
    links = tuple(Link(a.id, None if n == 0 else articles[0].id, "original" if n == 0 else "copy", 0.9, 0.9)
                  for n, a in enumerate(articles[:44]))
    links += tuple(Link(a.id, None, "independent", 0.1, 0.2) for a in articles[44:])
    record = Story("s0", "Drone strike in Mali", articles, (tuple(a.id for a in articles[:44]),), links,
                   (), ("Mali",), "2024-03-15", tuple(a.source for a in articles))

    def rows(**options) -> tuple[set[str], str]:
        console = Console(record=True, width=250)
        console.print(story_view(record, **options))
        text = console.export_text()
        return {a.id for a in articles if a.id[:10] in text}, text

    folded, text = rows()
    assert folded == {articles[0].id, articles[44].id, articles[45].id}
    assert "original #1 x44" in text and "43 later copies folded" in text
    assert rows(every=True)[0] == {a.id for a in articles}


# hard cases of one topic, many incidents (the team's own text): the pair model and average link, with names
# weighed as a store of 100,000 articles would weigh them


def _shooting_articles():
    from datetime import date

    from wiretrace import Article

    def article(title, day, source, text):
        return Article(text=text, title=title, source=source, published=date.fromisoformat(day),
                       url=f"https://{source.lower().replace(' ', '')}.example/{day}/{title[:20].replace(' ', '-')}")

    return {
        "first": article("Two-year-old shot inside Millbrook apartment", "2026-03-02", "Millbrook Gazette",
                         "MILLBROOK, Ohio - A 2-year-old boy was critically wounded Sunday night when a handgun went "
                         "off inside an apartment on Larkspur Lane, Millbrook police said.\n\nThe boy, Kayden Moore, "
                         "was flown to Dayton Children's Hospital. Police Chief Renata Alvarez said officers found the "
                         "gun on a kitchen counter within the child's reach.\n\nThe boy's father, Darnell Moore, 27, "
                         "was questioned at the scene. No charges have been filed, Alvarez said, and the Montgomery "
                         "County prosecutor's office is reviewing the case."),
        "rewrite": article("Millbrook toddler critical after gun fires in family apartment", "2026-03-03",
                           "Valley Daily",
                           "A Millbrook toddler remains in critical condition after being shot in his family's "
                           "Larkspur Lane apartment on Sunday, according to police.\n\nKayden Moore, 2, was taken to "
                           "Dayton Children's Hospital, Chief Renata Alvarez told reporters on Monday. Investigators "
                           "believe the boy found a handgun left on a counter.\n\nDarnell Moore, the child's father, "
                           "spoke with detectives. Montgomery County prosecutors will decide on charges."),
        "elsewhere": article("Three-year-old shot inside Cedar Falls home", "2026-03-02", "Cedar Falls Courier",
                             "CEDAR FALLS, Indiana - A 3-year-old girl was critically wounded Sunday night when a "
                             "handgun went off inside a home on Orchard Street, Hendricks County sheriff's deputies "
                             "said.\n\nThe girl, Mia Delgado, was flown to Riley Hospital for Children in "
                             "Indianapolis. Sheriff Tom Brandt said deputies found the gun on a nightstand within "
                             "the child's reach.\n\nThe girl's mother, Alicia Delgado, 31, was questioned at the "
                             "scene. No charges have been filed, Brandt said."),
        "follow_up": article("Millbrook boy dies six weeks after apartment shooting", "2026-04-13",
                             "Millbrook Gazette",
                             "Kayden Moore, the Millbrook boy shot in his family's Larkspur Lane apartment in March, "
                             "died Saturday at Dayton Children's Hospital, his family said. He was 2.\n\nThe Montgomery "
                             "County prosecutor charged his father, Darnell Moore, with reckless homicide on Monday. "
                             "Chief Renata Alvarez said the handgun had been left loaded on a kitchen counter."),
        "trial": article("Father of Millbrook toddler heads to trial", "2026-07-20", "Valley Daily",
                         "Jury selection begins Tuesday in the trial of Darnell Moore, the Millbrook man charged with "
                         "reckless homicide in the death of his 2-year-old son, Kayden.\n\nProsecutors say Moore left "
                         "a loaded handgun on a kitchen counter in the family's Larkspur Lane apartment. His lawyer, "
                         "Celeste Okafor, says the shooting was a tragic accident. Judge Harold Whitcomb of the "
                         "Montgomery County Common Pleas Court expects the trial to last a week."),
        "common": article("Police seize fentanyl at Ohio truck stop", "2026-03-04", "Statewide Wire",
                          "Police in Ohio seized 40 pounds of fentanyl from a tractor-trailer at a truck stop off "
                          "Interstate 70 on Tuesday, the state highway patrol said.\n\nTroopers stopped the truck for "
                          "a lane violation and a drug-sniffing dog alerted them to hidden compartments. The driver, "
                          "a 44-year-old from Arizona, was arrested."),
    }


@pytest.fixture(scope="module")
def shootings():
    from wiretrace import annotate
    from wiretrace.fingerprints import profiles

    articles = _shooting_articles()
    return dict(zip(articles, profiles([(a, annotate(a)) for a in articles.values()])))


def _store_rarity():
    """Names weighed as in a store of 100,000 articles: the states and "police" are everywhere, the rest rare."""
    from wiretrace.stories.features import name_rarity

    common = {"police": 40_000, "ohio": 6_000, "indiana": 4_000, "arizona": 3_000, "interstate": 2_000}
    return name_rarity(lambda name: common.get(name, 3), 100_000)


def _joins(newcomer, story, rarity=None):
    """The story a newcomer joins by average link over `story`'s members (None: it opens its own)."""
    from wiretrace.stories.cluster import decide, model_probabilities
    from wiretrace.stories.model import load

    story_of = {m.article_id: "s" for m in story}
    decision = decide(newcomer, list(story), story_of, probabilities=model_probabilities(load(), rarity),
                      members=lambda s: list(story))
    return decision.story


def test_a_follow_up_six_weeks_later_naming_the_victim_joins_its_story(shootings):
    assert _joins(shootings["follow_up"], [shootings["first"], shootings["rewrite"]], _store_rarity()) == "s"


@pytest.mark.xfail(strict=True, reason="issue 29, not reached: the model fitted across corpora scores the trial 0.04-0.13 "
                   "with the first reports; no labelled corpus has one event's reports months apart (docs/evaluation.md)")
def test_a_trial_months_later_naming_the_accused_joins_its_story(shootings):
    story = [shootings["first"], shootings["rewrite"], shootings["follow_up"]]
    assert _joins(shootings["trial"], story, _store_rarity()) == "s"


def test_a_rewrite_of_the_same_shooting_the_next_day_joins(shootings):
    assert _joins(shootings["rewrite"], [shootings["first"]], _store_rarity()) == "s"


@pytest.mark.xfail(strict=True, reason="issue 29, not reached: the same-day Indiana shooting scores 0.62 and 0.38 with "
                   "the Ohio story's reports; the fitted model weighs names that conflict near zero (docs/evaluation.md)")
def test_the_same_kind_of_shooting_in_another_town_the_same_day_stays_apart(shootings):
    assert _joins(shootings["elsewhere"], [shootings["first"], shootings["rewrite"]], _store_rarity()) is None


def test_a_common_name_alone_joins_nothing(shootings):
    """Sharing "police" and a state with a story is no evidence: the drug seizure stays out, with or without the
    store's weights."""
    story = [shootings["first"], shootings["rewrite"]]
    assert _joins(shootings["common"], story, _store_rarity()) is None
    assert _joins(shootings["common"], story) is None
