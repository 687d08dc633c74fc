"""Plain-text articles: front matter, the `date YYYY-MM-DD` shape, datelines, ids, bad files."""

from __future__ import annotations

from datetime import date

import pytest

from readers_support import batch_of, read, read_article
from wiretrace.readers import read_batch
from wiretrace.readers.dateline import parse_dateline

BODY = (
    "The regional ferry operator said on Tuesday it would cancel all evening crossings until March, "
    "blaming a shortage of trained crew.\n\n"
    "Islanders said the decision would leave commuters stranded on the mainland for hours each day."
)
FRONT_MATTER = (
    "title: Ferry operator cancels evening crossings\n"
    "source: Coastline Herald\n"
    "url: https://coastline.example/news/ferry\n"
    "published: 2024-01-16\n"
    "\n"
)
MARKED = (
    "date 2024-02-12 A fishing trawler moored in the harbour at dawn. \u2014 AFP/File\n\n"
    "Fishermen blockaded the port on Monday to protest against new quotas agreed in Brussels."
)
YEARLESS = "Washington, July 10: The Senate approved a stopgap spending bill late on Monday, averting a shutdown."
DATED = "title: Budget talks stall\npublished: 2024-07-09\n\nLawmakers failed to agree on a budget on Tuesday."


def test_front_matter_gives_the_fields_and_the_body_after_the_blank_line(tmp_path):
    article = read_article(tmp_path, "ferry.txt", FRONT_MATTER + BODY)
    assert article.title == "Ferry operator cancels evening crossings"
    assert article.source == "Coastline Herald"
    assert article.url == "https://coastline.example/news/ferry"
    assert (article.published, article.published_inferred) == (date(2024, 1, 16), False)
    assert article.text == BODY


def test_date_marker_is_the_stated_date_and_is_stripped_from_the_body(tmp_path):
    article = read_article(tmp_path, "trawler.txt", MARKED)
    assert (article.published, article.published_inferred) == (date(2024, 2, 12), False)
    assert article.published_note == "stated by the input"
    assert article.text.startswith("A fishing trawler moored")
    assert "date 2024" not in article.text
    assert "\u2014 AFP/File" in article.text.split("\n")[0]


def test_yearless_dateline_takes_its_year_from_a_dated_article_in_the_batch(tmp_path):
    batch = batch_of(tmp_path, {"a_dated.txt": DATED, "b_senate.txt": YEARLESS})
    senate = next(a for a in batch.articles if a.origin.endswith("b_senate.txt"))
    assert (senate.published, senate.published_inferred) == (date(2024, 7, 10), True)
    assert senate.dateline == "Washington"
    assert "year 2024" in senate.published_note and "a_dated.txt" in senate.published_note


def test_yearless_dateline_alone_stays_undated_and_says_why(tmp_path):
    (senate,) = batch_of(tmp_path, {"senate.txt": YEARLESS}).articles
    assert senate.published is None and not senate.published_inferred
    assert "gives no year" in senate.published_note


def test_dateline_with_a_year_dates_the_article_without_a_batch(tmp_path):
    article = read_article(tmp_path, "rates.txt", "Nairobi, March 4, 2022: Kenya's central bank held its main rate.")
    assert (article.published, article.published_inferred) == (date(2022, 3, 4), True)
    assert "Nairobi, March 4, 2022" in article.published_note


def test_all_caps_dateline_with_agency(tmp_path):
    body = "LISBON, June 3 (GPA) - Portugal\u2019s parliament approved the budget on Friday after a long night."
    dateline = parse_dateline(body)
    assert (dateline.place, dateline.month, dateline.day, dateline.agency) == ("Lisbon", 6, 3, "GPA")
    dated = "published: 2024-06-01\n\nThe finance minister presented the budget to parliament."
    lisbon = next(a for a in batch_of(tmp_path, {"a.txt": dated, "b.txt": body}).articles if a.dateline)
    assert (lisbon.dateline, lisbon.published) == ("Lisbon", date(2024, 6, 3))


def test_a_dateline_below_a_photo_caption_is_found_but_not_one_deep_in_the_text():
    caption = "An armed surveillance drone on an airstrip in the Sahel.\n\n\u2014 GPA/File\n\n"
    body = "BAMAKO, March 16 (GPA) - A multinational task force said Saturday that its drones killed a commander."
    assert parse_dateline(caption + body).place == "Bamako"
    lead = "A multinational task force said on Saturday that its drones had killed a senior commander " * 3
    assert parse_dateline(lead + "\n\n" + body) is None, "a paragraph of reporting came first"


def test_text_is_kept_as_given_and_normalized_is_straightened(tmp_path):
    body = "\u201cWe will not back down,\u201d the mayor\u2019s spokesman said \u2014 twice.\u00a0Talks resume today."
    article = read_article(tmp_path, "mayor.txt", body)
    assert article.text == body
    assert article.normalized == "\"We will not back down,\" the mayor's spokesman said - twice. Talks resume today."


def test_id_is_stable_across_reads_and_files_but_not_outlets(tmp_path):
    first = read_article(tmp_path, "a/ferry.txt", FRONT_MATTER + BODY)
    again = read_article(tmp_path, "b/copy-of-ferry.txt", FRONT_MATTER + BODY)
    other_outlet = read_article(tmp_path, "c/ferry.txt", FRONT_MATTER.replace("Coastline Herald", "Island Post") + BODY)
    assert first.id == again.id == read(tmp_path / "a" / "ferry.txt")[0].id
    assert other_outlet.id != first.id


@pytest.mark.parametrize(
    ("content", "problem"),
    [("", "empty file"), ("  \n\t\n\n", "empty file"), (FRONT_MATTER, "only front matter"), ("date 2024-01-02\n", "no article text")],
    ids=["empty", "whitespace", "front-matter-only", "date-marker-only"],
)
def test_file_without_text_is_one_clear_error_and_the_batch_goes_on(tmp_path, content, problem):
    batch = batch_of(tmp_path, {"good.txt": FRONT_MATTER + BODY, "bad.txt": content})
    (error,) = batch.rejected
    bad = str(tmp_path / "bad.txt")
    assert error.origin == bad and bad in str(error)
    assert problem in error.problem
    assert [a.title for a in batch.articles] == ["Ferry operator cancels evening crossings"]


def test_real_examples_stated_and_inferred_dates(examples):
    """`examples` (tests/conftest.py) is ../shared/examples; the test skips when it is absent."""
    batch = read_batch([examples / "000_eee3d0928f1183f9.txt", examples / "001_5746730725e3d4d8.txt"])
    assert batch.rejected == []
    stated, inferred = batch.articles
    assert (stated.published, stated.published_inferred) == (date(2023, 7, 9), False)
    assert "AFP/File" in stated.text.split("\n")[0] and not stated.text.startswith("date")
    assert (inferred.published, inferred.published_inferred, inferred.dateline) == (date(2023, 7, 10), True, "Washington")
    assert "000_eee3d0928f1183f9.txt" in inferred.published_note


def test_front_matter_with_the_keys_people_write_date_author_outlet(tmp_path):
    """`date:` and `author:` were not front matter keys, so the whole block, title included, was read as text."""
    article = read_article(tmp_path, "museum.txt", "title: Museum reopens\ndate: 2025-05-01\nauthor: Kari Nordmann\n"
                                                    "outlet: Varnholm Daily\n\n" + BODY)
    assert (article.title, article.source, article.published) == ("Museum reopens", "Varnholm Daily", date(2025, 5, 1))
    assert article.text == BODY and dict(article.extra) == {"author": "Kari Nordmann"}


def test_a_static_sites_yaml_front_matter(tmp_path):
    page = ('---\ntitle: "Ferry operator cancels evening crossings"\ndate: 2024-01-16T08:45:00+01:00\n'
            "author: Maren Holt\ntags:\n  - ferry\n  - islands\ndraft: false\n---\n\n" + BODY)
    article = read_article(tmp_path, "ferry.md", page)
    assert article.title == "Ferry operator cancels evening crossings" and article.text == BODY
    assert article.published.isoformat() == "2024-01-16T07:45:00+00:00"
    assert dict(article.extra) == {"author": "Maren Holt", "draft": "false"}


@pytest.mark.parametrize("text", [
    "---\n\n" + BODY,                                                   # a rule, never closed: no front matter
    "Note: the operator said it was sorry.\n\n" + BODY,                 # a body line that looks like a key
    "title: Ferry\nbody: the text is not a front matter key\n\n" + BODY,
], ids=["rule", "note", "body-key"])
def test_what_is_not_front_matter_stays_text(tmp_path, text):
    article = read_article(tmp_path, "ferry.txt", text)
    assert article.text == text.strip("\n") and article.title is None


def test_front_matter_keeps_a_key_it_does_not_know_beside_those_it_does(tmp_path):
    article = read_article(tmp_path, "ferry.txt", "title: Ferry\nslug: ferry-cuts\ndraft: true\n\n" + BODY)
    assert article.title == "Ferry" and article.text == BODY
    assert dict(article.extra) == {"slug": "ferry-cuts", "draft": "true"}


def test_a_first_paragraph_of_unknown_keys_alone_is_text(tmp_path):
    text = "update: the toll rose to nine\nsource_note: police\n\n" + BODY
    assert read_article(tmp_path, "ferry.txt", text).text == text


@pytest.mark.parametrize("body, expected", [
    ("PARIS, 3 March (AFP) - French farmers blocked the ring road with tractors on Monday.", ("Paris", 3, 3, None, "AFP")),
    ("LONDON, 14 Feb 2024 (Reuters) - The Bank of England held rates.", ("London", 2, 14, 2024, "Reuters")),
    ("Turnout in the 3 March vote - the highest in years - surprised officials.", None),
], ids=["day-month", "day-month-year", "not-a-dateline"])
def test_a_dateline_with_the_day_before_the_month(body, expected):
    found = parse_dateline(body)
    assert (found and (found.place, found.month, found.day, found.year, found.agency)) == expected
