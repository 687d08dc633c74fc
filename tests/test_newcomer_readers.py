"""Scraper output as it comes: field names in camelCase or other cases are the fields they name."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from readers_support import read_article

TEXT = ("BRAGA, Feb 12 (Reuters) - Heavy rain flooded the rail line between Braga and Viana do Castelo on "
        "Wednesday, cancelling 40 trains, the operator said.\n\n"
        "\"The water rose faster than anyone expected,\" station master Paulo Mendes said.")


def test_camel_case_scraper_fields_are_read_as_their_fields(tmp_path):
    record = {"Headline": "Flooding closes rail line north of Braga", "body": TEXT, "pubDate": "2025-02-12T09:30:00Z",
              "siteName": "Northern Herald", "canonicalUrl": "https://example.org/braga-floods", "wordCount": 31}
    article = read_article(tmp_path, "scraped.jsonl", json.dumps(record) + "\n")
    assert article.published == datetime(2025, 2, 12, 9, 30, tzinfo=timezone.utc)
    assert not article.published_inferred   # stated by the record, not guessed from the dateline
    assert (article.title, article.source, article.url) == (record["Headline"], "Northern Herald", record["canonicalUrl"])
    assert dict(article.extra) == {"wordCount": 31}


def test_a_field_under_its_own_name_wins_over_another_spelling(tmp_path):
    record = {"text": TEXT, "date": "2025-02-13", "DatePublished": "2025-02-12"}
    article = read_article(tmp_path, "scraped.json", json.dumps(record))
    assert article.published == date(2025, 2, 13)
    assert dict(article.extra) == {"DatePublished": "2025-02-12"}
