"""JSON Lines and JSON: fields, extra fields, dates, and the line or record at fault."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from readers_support import articles, errors, read, read_article, read_error, write
from wiretrace.article import Article
from wiretrace.errors import InputError

TEXT = (
    "Dockworkers in the northern port returned to work on Tuesday after a week-long walkout over pay, "
    "the union said, ending the longest stoppage at the harbour in a decade."
)
FULL = {
    "id": "hg-2024-0305", "url": "https://harbour.example/strike", "source": "Harbour Gazette",
    "title": "Dock strike ends", "published": "2024-03-05", "text": TEXT,
    "author": "Maren Holt", "tags": ["port", "labour"],
}


def jsonl(*records) -> str:
    """One line per record; a str record is written as is (a broken line)."""
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def line_errors(tmp_path, *records) -> dict[int, str]:
    """Read a JSON Lines file and map each refused line number to its problem."""
    return {e.line: e.problem for e in errors(read(write(tmp_path, "wire.jsonl", jsonl(*records))))}


def test_jsonl_fields_and_extra(tmp_path):
    article = read_article(tmp_path, "wire.jsonl", jsonl(FULL))
    assert (article.title, article.source, article.url) == ("Dock strike ends", "Harbour Gazette", FULL["url"])
    assert (article.published, article.text, article.line) == (date(2024, 3, 5), TEXT, 1)
    assert dict(article.extra) == {"id": "hg-2024-0305", "author": "Maren Holt", "tags": ["port", "labour"]}


def test_truncated_last_line_is_named_and_the_other_lines_load(tmp_path):
    items = read(write(tmp_path, "wire.jsonl", jsonl(FULL, {"text": TEXT}, '{"text": "Dockworkers in the nor')))
    assert [a.line for a in articles(items)] == [1, 2]
    (error,) = errors(items)
    assert error.line == 3 and "truncated JSON" in error.problem
    assert str(error).startswith(f"{tmp_path / 'wire.jsonl'}:3: ")


@pytest.mark.parametrize(
    ("last", "kind"),
    [('{"text": "Dockworkers in the nor', "truncated JSON"), ('{"text": "Dockworkers", "title": ', "truncated JSON"),
     ("{not json}", "invalid JSON")],
)
def test_last_line_cut_short_is_truncated_but_garbage_is_invalid(tmp_path, last, kind):
    assert line_errors(tmp_path, FULL, last)[2].startswith(kind)


@pytest.mark.parametrize("broken", ['{"text": "Dockworkers in the nor', '{"text": "Dockworkers", ', "{not json}"])
def test_invalid_line_in_the_middle_is_named_by_its_number(tmp_path, broken):
    problems = line_errors(tmp_path, FULL, broken, FULL)
    assert list(problems) == [2]
    assert problems[2].startswith("invalid JSON")


def test_bad_records_each_get_their_own_line(tmp_path):
    problems = line_errors(tmp_path, {"title": "No body"}, FULL, [1, 2], {"text": TEXT, "published": "sometime soon"})
    assert sorted(problems) == [1, 3, 4]
    assert "no article text" in problems[1]
    assert "expected a JSON object, found list" in problems[3]
    assert problems[4] == 'published: "sometime soon" is not a date'


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-03-05T14:30:00+02:00", datetime(2024, 3, 5, 12, 30, tzinfo=timezone.utc)),
        ("2024-03-05T23:30:00-05:00", datetime(2024, 3, 6, 4, 30, tzinfo=timezone.utc)),
        ("2024-03-05T14:30:00Z", datetime(2024, 3, 5, 14, 30, tzinfo=timezone.utc)),
        ("Tue, 05 Mar 2024 14:30:00 +0200", datetime(2024, 3, 5, 12, 30, tzinfo=timezone.utc)),
        ("March 5, 2024", date(2024, 3, 5)),
    ],
)
def test_published_is_normalised(tmp_path, published, expected):
    article = read_article(tmp_path, "wire.jsonl", jsonl({"text": TEXT, "published": published}))
    assert article.published == expected
    assert type(article.published) is type(expected)
    if isinstance(expected, datetime):
        assert article.published.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("published", "problem"),
    [
        ("2023-13-45", 'published: "2023-13-45" is not a date (month 13)'),
        ("2023-02-30", 'published: "2023-02-30" is not a date (day 30)'),
        (1e308, "published: 1e+308 is not a date (a float, not a string)"),
        (True, "published: true is not a date (a bool, not a string)"),
        ({"day": 5}, 'published: {"day": 5} is not a date (a dict, not a string)'),
        ("5 March " * 50, 'published: "5 March 5 March 5 March 5 March 5 Marc\u2026 is not a date (too long: 399 characters)'),
        ("yesterday", 'published: "yesterday" is not a date (a relative date, and the input does not say relative to '
                      'which day)'),
        ("3 hours ago", 'published: "3 hours ago" is not a date (a relative date, and the input does not say relative '
                        'to which day)'),
    ],
    ids=["month", "day", "float", "bool", "object", "long", "yesterday", "hours-ago"],
)
def test_a_bad_date_is_named_by_field_and_value(tmp_path, published, problem):
    error = read_error(tmp_path, "wire.jsonl", jsonl({"text": TEXT, "published": published}))
    assert (error.line, error.problem) == (1, problem)


@pytest.mark.parametrize(
    "document",
    [[FULL, {**FULL, "source": "Island Post"}], {"articles": [FULL, {**FULL, "source": "Island Post"}]}],
    ids=["array", "articles-key"],
)
def test_json_array_and_articles_key(tmp_path, document):
    items = read(write(tmp_path, "wire.json", json.dumps(document, indent=2)))
    assert [(a.source, a.extra["record"]) for a in items] == [("Harbour Gazette", 1), ("Island Post", 2)]


def test_json_single_object(tmp_path):
    article = read_article(tmp_path, "one.json", json.dumps(FULL, indent=2))
    assert (article.title, article.text, article.extra["author"]) == ("Dock strike ends", TEXT, "Maren Holt")


def test_json_bad_record_names_its_position(tmp_path):
    items = read(write(tmp_path, "wire.json", json.dumps([FULL, {"title": "No body"}])))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError) and items[1].problem.startswith("record 2: no article text")


@pytest.mark.parametrize(
    ("content", "problem"),
    [('[{"text": "Dockworkers returned"},', "invalid JSON"), ("[]", "no articles"), ("42", "expected a JSON object")],
    ids=["invalid", "empty-array", "scalar"],
)
def test_json_that_holds_no_article_is_a_clear_error(tmp_path, content, problem):
    assert problem in read_error(tmp_path, "wire.json", content).problem


def test_jsonl_named_json_is_read_line_by_line(tmp_path):
    items = read(write(tmp_path, "wire.json", jsonl(FULL, {"text": TEXT})))
    assert [(a.line, a.title) for a in items] == [(1, "Dock strike ends"), (2, None)]


@pytest.mark.parametrize("fields", [
    {"title": "Dock strike ends", "maintext": TEXT, "date_publish": "2024-03-05 09:10:00",
     "source_domain": "harbour.example"},                                              # news-please's names
    {"title": "Dock strike ends", "text": TEXT, "publish_date": "2024-03-05T09:10:00", "source": "harbour.example"},
    {"headline": "Dock strike ends", "body": TEXT, "published_date": "2024-03-05T09:10:00", "outlet": "harbour.example"},
    {"headline": "Dock strike ends", "content": TEXT, "publication_date": "2024-03-05T09:10:00",
     "publisher": "harbour.example"},
], ids=["news-please", "newspaper", "body", "content"])
def test_the_field_names_scrapers_write_are_read(tmp_path, fields):
    """A dataset from a scraper keeps its own field names: the date and outlet are read, not left in `extra`."""
    article = read_article(tmp_path, "scraped.jsonl", jsonl(fields))
    assert (article.title, article.text, article.source) == ("Dock strike ends", TEXT, "harbour.example")
    assert article.published == datetime(2024, 3, 5, 9, 10) and dict(article.extra) == {}


def test_a_records_html_text_is_read_as_paragraphs_and_its_entities_as_characters(tmp_path):
    """A CMS or news API gives the page's HTML as the text: stored raw, the tags and "&ldquo;" hid the quotation."""
    record = {"title": "Dock strike ends &amp; ferries sail", "published": "2024-03-05",
              "content": "<p>Dockworkers returned to work on <b>Tuesday</b>, the union said.</p>"
                         "<p>&ldquo;We won,&rdquo; said union leader Tor Eikrem.<br>Talks end&#8230;</p>"}
    article = read_article(tmp_path, "api.jsonl", jsonl(record))
    assert article.title == "Dock strike ends & ferries sail"
    assert article.text == ("Dockworkers returned to work on Tuesday, the union said.\n\n"
                            "\u201cWe won,\u201d said union leader Tor Eikrem.\n\nTalks end\u2026")


@pytest.mark.parametrize("text", [
    "Temperatures fell to <5 degrees as Smith & Jones, the outlet, reported on R&D cuts.",
    "The vote was 31 <-> 20, a margin the council called decisive.",
])
def test_plain_text_with_angle_brackets_or_ampersands_is_kept_as_written(tmp_path, text):
    assert read_article(tmp_path, "plain.jsonl", jsonl({"text": text})).text == text


@pytest.mark.parametrize("published, day, note", [
    ("11/03/2025", date(2025, 11, 3), "stated by the input as 11/03/2025, read month first"),
    ("25/03/2025", date(2025, 3, 25), "stated by the input"),
    ("11.03.2025", date(2025, 3, 11), "stated by the input as 11.03.2025, read day first"),
    ("25.03.2025", date(2025, 3, 25), "stated by the input"),
    ("2025-03-11", date(2025, 3, 11), "stated by the input"),
])
def test_a_day_that_reads_two_ways_says_which_way_it_was_read(tmp_path, published, day, note):
    article = read_article(tmp_path, "wire.jsonl", jsonl({"text": TEXT, "published": published}))
    assert (article.published, article.published_note) == (day, note)
