"""compare on the canonical example, on demo corpus pairs, and on awkward input."""

import json
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiretrace import Article, InputError, annotate, demo, read_batch
from wiretrace.cli import app
from wiretrace.compare import compare
from wiretrace.compare.facts import changed_numbers, numbers
from wiretrace.compare.names import group_spellings, kind_of, same_entity, spelled_differently
from wiretrace.compare.report import html_report
from wiretrace.nlp import annotate_many

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def example(request):
    from conftest import EXAMPLES

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent: the real examples live in ../shared beside the repo")
    files = sorted(EXAMPLES.iterdir())
    return compare(files[0], files[1])


@pytest.fixture(scope="module")
def corpus():
    articles = read_batch([demo.corpus_path()]).articles
    return {a.url: a for a in articles if a.url}


def quote(result, words):
    return next(q for q in result.quotes if words in (q.a or "") or words in (q.b or ""))


def test_example_is_a_rewrite_of_the_agency_report(example):
    assert example.relation == "rewrite" and example.derived_from == "b" and example.same_story
    assert any("published later" in line for line in example.evidence)
    assert example.summary().startswith("b (001_5746730725e3d4d8.txt, 2023-07-10) is a rewrite of "
                                        "a (000_eee3d0928f1183f9.txt, 2023-07-09): ")
    assert "of b's" in example.summary()


def test_example_altered_quotes(example):
    injury = quote(example, "reports of a civilian injury")
    assert injury.status == "altered"
    assert {"from": "assessing", "to": "asserting"} in injury.changes
    kurilla = quote(example, "We have made it clear")
    assert {"from": "remain", "to": "remained"} in kurilla.changes and kurilla.speaker == "Michael Kurilla"
    planes = quote(example, "dropped flares in front of the drones")
    assert planes.kind == "boundary" and planes.edges[0]["to"] == "The planes"


def test_example_sentence_labels(example):
    def b(start):
        return next(s for s in example.alignment.b if s.text.startswith(start))

    pasted = b("US Drone Strike Kills Islamic State Group")
    assert pasted.label == "boilerplate" and pasted.evidence["kind"] == "headline"
    muhajer = b("Osama al-Muhajer was killed in the strike")
    assert muhajer.label == "paraphrased"
    assert example.alignment.a[muhajer.counterparts[0]].text.startswith("Osama al-Muhajer, an IS")
    assert example.alignment.a[0].label == "boilerplate"
    assert any(s.label == "new" and "diplomatic row" in s.text for s in example.alignment.b)


def test_example_names_are_variants_not_changes(example):
    assert {"a": "Osama al-Muhajer", "b": "Usamah Al-Muhajir"} in example.entities
    assert not any(f["kind"] == "name" and "Muhaj" in f["a"] for f in example.facts)


def test_json_contract(example):
    data = example.to_json()
    assert set(data) >= {"a", "b", "same_story", "relation", "source", "derived", "evidence", "sentences", "quotes",
                         "facts", "entities", "dates"}
    assert set(data["a"]) >= {"id", "title", "source", "published"}
    s = data["sentences"][0]
    assert set(s) >= {"side", "index", "text", "label", "counterparts", "score"}
    assert {q["status"] for q in data["quotes"]} <= {"identical", "altered", "only_a", "only_b"}
    assert {"side": "b", "text": "on Friday", "resolved": "2023-07-07"}.items() <= next(
        d for d in data["dates"] if d["side"] == "b" and d["text"] == "on Friday").items()
    json.dumps(data)


WIRE = """title: Ferry strike halts Tagus crossings
source: Coastal Wire
published: 2024-06-05T08:00:00+00:00

LISBON, June 5 - Ferry crews walked off the job on Wednesday, halting all crossings on the Tagus estuary, union leaders said.

About 4,000 commuters were stranded at the Cais do Sodre terminal during the morning rush hour, the operator said.

"We will not return until the company honours the agreement it signed in 2022," said union leader Rui Falcao.

The operator, Transtejo, said it regretted the disruption and would meet union representatives to end the dispute.
"""

REWRITE = """title: Thousands stranded as ferry crews strike
source: Harbour Gazette
published: 2024-06-06T10:00:00+00:00

Ferry crews walked off the job on Wednesday, halting all crossings on the Tagus estuary, union leaders said.

The operator said that some 6,000 commuters were left stuck at the Cais do Sodre terminal as the morning rush hour began.

Union leader Rui Falcao said, "We will never return until the company honours the agreement it signed in 2022."

Transtejo, which runs the boats, apologised for the disruption and promised to meet union representatives to end the dispute.

The walkout is the third on the river this year.

City officials urged commuters to cross by train over the 25 April bridge instead.

Passengers said they had waited more than two hours for news.
"""


@pytest.fixture(scope="module")
def strike(tmp_path_factory):
    """A four-sentence agency report and a seven-sentence rewrite of it: a count raised, a quote's word changed."""
    folder = tmp_path_factory.mktemp("strike")
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "gazette.txt").write_text(REWRITE, encoding="utf-8")
    return folder, compare(folder / "wire.txt", folder / "gazette.txt")


def test_summary_counts_the_derived_articles_sentences_and_names_both(strike):
    folder, result = strike
    assert result.summary() == ("b (Harbour Gazette, 2024-06-06) is a rewrite of a (Coastal Wire, 2024-06-05): "
                                "4 of b's 7 sentences come from a (all reworded), 3 are new; "
                                "1 re-used quote, altered; 1 fact changed (a number)")
    swapped = compare(folder / "gazette.txt", folder / "wire.txt")
    assert swapped.summary().startswith("a (Harbour Gazette, 2024-06-06) is a rewrite of b (Coastal Wire, "
                                        "2024-06-05): 4 of a's 7 sentences come from b")


def test_summary_names_an_article_without_source_or_title_by_its_file(tmp_path):
    body = lambda text: text.split("\n\n", 1)[1]  # noqa: E731
    (tmp_path / "wire.txt").write_text(body(WIRE), encoding="utf-8")
    (tmp_path / "gazette.txt").write_text(body(REWRITE), encoding="utf-8")
    summary = compare(tmp_path / "wire.txt", tmp_path / "gazette.txt").summary()
    assert summary.startswith("b (gazette.txt) is a rewrite of a (wire.txt): ") and "unknown" not in summary


def test_json_names_source_and_derived_sides(strike):
    folder, result = strike
    data = result.to_json()
    assert (data["source"], data["derived"], data["derived_from"]) == ("a", "b", "b")
    assert "derived_from" in data["deprecated"]
    swapped = compare(folder / "gazette.txt", folder / "wire.txt").to_json()
    assert (swapped["source"], swapped["derived"]) == ("b", "a")
    unrelated = compare(Article(text=WIRE.split("\n\n", 1)[1]), Article(
        text="Der Stadtrat hat am Montag einen neuen Haushalt beschlossen, teilte die Stadt mit.")).to_json()
    assert unrelated["source"] is None and unrelated["derived"] is None


def test_html_report_names_both_articles_and_shows_what_changed_before_the_alignment(strike):
    folder, result = strike
    page = html_report(result)
    head = page[page.index('<section class="summary-box">'):page.index("</section>")]
    for title, outlet, day, name in (("Ferry strike halts Tagus crossings", "Coastal Wire", "2024-06-05", "wire.txt"),
                                     ("Thousands stranded as ferry crews strike", "Harbour Gazette", "2024-06-06",
                                      "gazette.txt")):
        assert title in head and outlet in head and day in head and str(folder / name) in head
    alignment = page.index('<table class="alignment">')
    assert page.index("What changed") < alignment
    assert page.index('<mark class="ins">6,000</mark>') < alignment, "the changed count"
    assert page.index('<mark class="ins">never</mark>') < alignment, "the altered quotation"


def test_a_reworded_sentence_is_marked_reworded_and_only_its_changed_number_highlighted(strike):
    page = html_report(strike[1])
    rows = page[page.index('<table class="alignment">'):].split("<tr")[2:]
    count = next(row for row in rows if "6,000" in row)
    assert 'class="change reworded"' in count
    assert re.findall(r'<mark class="(?:del|ins)">([^<]*)</mark>', count) == ["4,000", "6,000"]
    apology = next(row for row in rows if "apologised" in row)
    assert 'class="change reworded"' in apology and "<mark" not in apology


def test_a_rewording_marks_a_negation_one_side_lacks_and_an_edit_marks_its_words():
    from wiretrace.compare.rows import changed_content, is_edit

    left, right = changed_content("Police said the driver was injured in the crash.",
                                  "The driver was not injured in the crash, police said.")
    assert [w for w, marked in left + right if marked] == ["not"]
    assert is_edit("Dock workers walked out again on Wednesday.", "Dock workers stopped work again on Wednesday.")
    assert not is_edit("Police said the driver was injured in the crash.",
                       "The driver was not injured in the crash, police said.")


def test_verbatim_copy_under_another_outlet(corpus):
    wire = corpus["https://wire.gpa-news.example/2024/03/16/mali-drone-strike-kills-jns-commander"]
    copy = next(a for a in corpus.values() if a.source == "The Daily Ledger" and a.published and
                a.published.isoformat().startswith("2024-03-16"))
    result = compare(wire, copy)
    assert result.relation == "copy" and result.derived_from == "b"
    assert all(q.status == "identical" for q in result.quotes if q.a and q.b)


def test_a_scan_of_a_newspaper_column_is_a_copy_sentence_for_sentence(corpus):
    """A column breaks lines every 30-40 characters and hyphenates words over them ("lev-\\nee"): its sentences
    are its original's, not paraphrases of them."""
    wire = corpus["https://wire.gpa-news.example/2024/03/16/mali-drone-strike-kills-jns-commander"]
    scan = replace(wire, text=generate.set_in_column(wire.text, random.Random(2), 32), source="The Evening Column")
    assert scan.text.count("-\n") >= 3
    result = compare(wire, scan)
    assert result.relation == "copy"
    assert {s.label for s in result.alignment.b} <= {"copied", "boilerplate"}
    assert sum(s.label == "copied" for s in result.alignment.b) >= 5


def test_changed_toll_and_respelled_name(corpus):
    wire = next(a for a in corpus.values() if a.source == "Global Press Agency" and "Peru" in (a.title or "")
                and "14" in (a.title or ""))
    rewrite = next(a for a in corpus.values() if a.source == "The Daily Sentinel")
    result = compare(wire, rewrite)
    assert result.relation == "rewrite" and result.derived_from == "b"
    assert {"kind": "number", "a": "14 people", "b": "16 people"} in result.facts
    assert any(q.status == "altered" and {"from": "asleep", "to": "alone"} in q.changes for q in result.quotes)


def test_a_count_counts_the_noun_its_modifiers_lead_to():
    found = numbers("Four armed robbers fled while two air force planes flew relief to 20 local residents.")
    assert [(n.text, n.unit) for n in found] == [
        ("Four armed robbers", "robbers"), ("two air force planes", "planes"), ("20 local residents", "residents")]
    assert [(n.text, n.unit) for n in numbers("a five year old boy and 19 yesterday")] == [
        ("five year", "year"), ("19", None)]
    assert numbers("rates fell 50 basis points")[0].unit == "basis points"
    assert [(n.text, n.unit) for n in numbers("three Russian jets flew by 10 Downing Street officials")] == [
        ("three Russian jets", "jets"), ("10 Downing", "downing")]
    assert changed_numbers("Two air force planes landed and 300 people waited.",
                           "Three air force planes landed and 300 people waited.") == [
        {"kind": "number", "a": "Two air force planes", "b": "Three air force planes"}]


def test_changed_counts_pair_by_what_they_count():
    """Units differ ("missing" / "others") and two numbers are left on one side: the claim pairs them."""
    assert changed_numbers(
        "The bus carrying more than 60 pupils overturned, leaving four children dead and 12 missing, officials said.",
        "Four children died and 21 others are missing after the school bus overturned, officials said.") == [
        {"kind": "number", "a": "12 missing", "b": "21 others"}]
    assert changed_numbers("The strike also killed four of his associates, officials said.",
                           "BAMAKO, March 17: The strike killed the commander, officials said.") == [], \
        "a dateline's day is no count"


def test_a_rewrite_reworded_past_alignment_still_shows_its_changed_numbers(corpus):
    """The rewrite recasts the vote and the mayor's share in new sentences (left unaligned) with other values."""
    bank = compare(corpus["https://mns.example/markets/2024-07-24/mauritius-central-bank-cuts-repo-rate-50-bps"],
                   corpus["https://islandbusinessdaily.example/economy/bank-of-mauritius-slashes-repo-rate-75-basis-points"])
    mayor = compare(corpus["https://wire.gpa-news.example/2024/10/28/independent-wins-snap-mayoral-vote-in-polish-city"],
                    corpus["https://continentalreview.example/europe/2024/10/28/wroblewska-elected-radomierz-mayor"])
    assert bank.relation == mayor.relation == "rewrite"
    assert {"kind": "number", "a": "5-2", "b": "6-1"} in bank.facts
    assert {"kind": "number", "a": "54.3 percent", "b": "53.4 percent"} in mayor.facts
    numbers_changed = [f for f in [*bank.facts, *mayor.facts] if f["kind"] == "number"]
    assert len(numbers_changed) == 3, numbers_changed   # and the rate cut, aligned: nothing else

def test_a_quotation_the_rewrite_reports_as_its_own_words_is_unquoted_and_diffed(corpus):
    """The rewrite drops the marks around the task force's statement and swaps its subject. Another rewrite quotes
    a survivor's words in two parts: the part left unpaired is not words put in quotes (its source quoted them),
    and the words before the other part moved outside its marks."""
    result = compare(corpus["https://www.dailyledger.example/world/2024/03/16/drone-strike-kills-top-jns-commander-in-mali"],
                     corpus["https://frontlineherald.example/world/africa/multinational-force-claims-drone-strike-"
                            "killed-jihadist-commander-in-mali"])
    assert result.relation == "rewrite"
    unquoted = [q for q in result.quotes if q.kind == "unquoted"]
    assert len(unquoted) == 1 and unquoted[0].status == "altered"
    assert unquoted[0].b.startswith("the truck had been tracked for more than six hours")
    assert [(c["from"], c["to"]) for c in unquoted[0].changes] == [("vehicle was", "truck had been")]
    assert not any(q.kind == "quoted" for q in result.quotes)
    peru = compare(corpus["https://wire.gpa-news.example/2024/02/08/peru-earthquake-kills-at-least-14"],
                   corpus["https://dailysentinel.example/world/americas/peru-earthquake-16-killed-over-120-injured"])
    assert peru.relation == "rewrite" and not any(q.kind in ("quoted", "unquoted") for q in peru.quotes)
    split = next(q for q in peru.quotes if q.b and q.b.startswith("falls below zero"))
    assert split.kind == "boundary", "the words next to the second part moved outside its marks, not cut"

def test_same_kind_of_event_elsewhere_is_another_story(corpus):
    mali = corpus["https://wire.gpa-news.example/2024/03/16/mali-drone-strike-kills-jns-commander"]
    niger = next(a for a in corpus.values() if a.source == "Global Press Agency" and "Niger" in (a.title or ""))
    result = compare(mali, niger)
    assert result.relation == "different_event" and not result.same_story and result.derived_from is None


@pytest.mark.parametrize("a, b, expected", [
    ("Osama al-Muhajer", "Usamah Al-Muhajir", True), ("IS", "Daesh", True), ("ISIL", "ISIS", True),
    ("Małgorzata Wróblewska", "Malgorzata Wroblewska", True), ("Lisbon", "Lisburn", False),
    ("Omar Haddad", "Osama al-Muhajer", False),
    ("Abdelkarim al-Tawili", "Abdul Karim Al-Taweeli", True), ("Jamaat Nasr al-Sahel", "Jama'at Nusrat al-Sahil", True),
    ("New York", "Newark", False), ("Port Louis", "Portland", False),
    ("Elsa Huamani", "Elsa Guamani", True), ("North Korea", "South Korea", False), ("Rosa Alvarado", "Rosa Alvarez", False),
])
def test_name_variants(a, b, expected):
    assert same_entity(a, b) is expected
    assert spelled_differently(a, b) is expected


def test_a_place_with_its_common_noun_is_the_place_but_a_capitalised_city_is_not_its_country():
    assert same_entity("Inazzar village", "Inazzar", surnames=False) and not spelled_differently("Inazzar village", "Inazzar")
    assert not same_entity("Mexico City", "Mexico", surnames=False)


def test_only_a_person_is_named_by_a_word_of_a_longer_name():
    kinds = {"Armando Ilagan": "person", "Ilagan": "org", "Geophysical Institute of Peru": "org", "Peru": "place",
             "Northern Peru": "place"}
    groups = sorted(sorted(g) for g in group_spellings(list(kinds), kinds))
    assert groups == [["Armando Ilagan", "Ilagan"], ["Geophysical Institute of Peru"], ["Northern Peru"], ["Peru"]]
    assert len(group_spellings(list(kinds))) == 2, "without kinds every name joins by its last word"


def test_a_country_is_a_place_whatever_the_recogniser_said():
    from collections import Counter

    assert kind_of("Mali", Counter(person=3, place=1)) == "place"
    assert kind_of("Côte d'Ivoire", Counter(person=1)) == "place"
    assert kind_of("Pilch", Counter(org=3, person=3)) == "person"
    assert kind_of("Gao", Counter(person=2, place=1)) == "person"
    assert kind_of("European Union", Counter(org=1)) == "org" and kind_of("United Nations", Counter(org=1)) == "org"


def test_identical_and_short_articles(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Flooding closed the coastal highway on Monday, police said.")
    assert compare(one, one).relation == "identical"
    other = Article(text="Der Stadtrat hat am Montag einen neuen Haushalt beschlossen, teilte die Stadt mit.")
    result = compare(Article(text=one.read_text()), other)
    assert result.relation == "different_event" and result.derived_from is None


def test_bad_inputs_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    fine = tmp_path / "fine.txt"
    fine.write_text("Firefighters contained the blaze overnight, officials said on Tuesday.")
    with pytest.raises(InputError, match="empty"):
        compare(empty, fine)
    two = tmp_path / "two.jsonl"
    two.write_text('{"text": "First report."}\n{"text": "Second report."}\n')
    with pytest.raises(InputError, match="holds 2 articles"):
        compare(two, fine)
    huge = Article(text="The council met again. " * 60_000)
    with pytest.raises(InputError, match="over the limit of 1,000,000"):
        compare(huge, Article(text=fine.read_text()))


MALI = "https://wire.gpa-news.example/2024/03/16/mali-drone-strike-kills-jns-commander"


def test_two_identical_files(tmp_path, corpus):
    text = corpus[MALI].text
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text)
    b.write_text(text)
    result = compare(a, b)
    assert result.relation == "identical" and result.same_story and not result.facts
    assert all(s.label in ("copied", "boilerplate") for s in (*result.alignment.a, *result.alignment.b))
    assert all(s.counterparts == (s.index,) for s in result.alignment.a if s.label == "copied")


def test_one_sentence_article_against_its_source(corpus):
    wire = corpus[MALI]
    first = next(s for s in next(annotate_many([wire])).sentences if not s.boilerplate)
    result = compare(wire, Article(text=first.text))
    (only,) = result.alignment.b
    assert only.label == "copied" and only.counterparts == (first.index,)
    assert result.derived_from == "b" and sum(s.label == "new" for s in result.alignment.a) >= 5


def test_non_english_pair_is_compared_not_refused():
    text = ("Der Stadtrat hat am Montag einen neuen Haushalt beschlossen, teilte die Stadt mit. "
            "Die Opposition kritisierte die höheren Gebühren für Parkplätze in der Innenstadt.")
    result = compare(Article(text=text), Article(text=text))
    assert result.relation == "identical" and [s.label for s in result.alignment.a] == ["copied", "copied"]


@pytest.mark.parametrize("content, problem", [("", "empty"), ("The council met again today. " * 180_000, "over the limit")])
def test_cli_bad_file_is_one_line_error(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_text(content)
    fine = tmp_path / "fine.txt"
    fine.write_text("Firefighters contained the blaze overnight, officials said on Tuesday.")
    result = CliRunner().invoke(app, ["compare", str(bad), str(fine), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert problem in result.stderr and str(bad.name) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_json_and_escaped_html(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("title: <b>Council</b>\n\nThe council approved the budget on Monday. <script>alert('x')</script> "
                 "\"We kept our promise,\" the mayor said.")
    b.write_text("The council approved the budget on Monday. <script>alert('x')</script> "
                 "\"We broke our promise,\" the mayor said.")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["compare", str(a), str(b), "--json", "--html", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any(q["status"] == "altered" and {"from": "kept", "to": "broke"} in q["changes"] for q in data["quotes"])
    page = report.read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>Council</b>" not in page
    assert '<mark class="del">kept</mark>' in page and '<mark class="ins">broke</mark>' in page
    assert "<style>" in page and not any(ref in page for ref in ("<link", "<script", "src=", 'href="/'))


def test_cli_unknown_id_is_a_usage_error(db_path):
    result = CliRunner().invoke(app, ["compare", "abcd1234", "deadbeef", "--db", str(db_path)])
    assert result.exit_code == 2 and "abcd1234" in result.stderr and "Traceback" not in result.stderr


def test_the_time_between_two_reports_is_said_in_words():
    from datetime import datetime, timezone

    from wiretrace.article import span_words
    from wiretrace.compare.align import align
    from wiretrace.compare.direction import direction

    assert [span_words(s) for s in (40, 7500, 86400 * 2 + 72300, 86400 * 15)] == \
        ["1 minute", "2 hours", "3 days", "2 weeks"]
    text = "The harbour reopened on Monday after repairs that took three weeks, port officials said."
    early = Article(text=text, published=datetime(2024, 4, 1, 9, 0, tzinfo=timezone.utc))
    late = Article(text=text, published=datetime(2024, 4, 3, 5, 5, tzinfo=timezone.utc))
    ann = annotate(early)
    _, evidence = direction(early, late, align(list(ann.sentences), list(ann.sentences)))
    assert "b was published later (2 days after the other)" in evidence
