"""Days a reader checks: a weekday an expectation looks ahead to, and the '?' a table puts after an inferred date."""

from datetime import date

from rich.console import Console

from wiretrace import Article, annotate
from wiretrace.render import articles_table

MONDAY = date(2025, 3, 3)


def resolved(text: str, words: str) -> str | None:
    ann = annotate(Article(text=text, published=MONDAY))
    return next(t.resolved for t in ann.times if words in t.text)


def test_a_weekday_an_expectation_looks_ahead_to_is_the_coming_one():
    text = ("Dock workers walked out on Monday, halting ferries across the bay. The port authority said it expected "
            "services to resume by Wednesday.")
    assert resolved(text, "Wednesday") == "2025-03-05"
    assert resolved(text, "Monday") == "2025-03-03"


def test_a_weekday_in_a_report_of_what_happened_still_looks_back():
    text = "The port authority said services had resumed on Wednesday after a two-day stoppage."
    assert resolved(text, "Wednesday") == "2025-02-26"


def test_a_table_with_a_date_read_from_a_dateline_says_what_the_mark_means():
    inferred = Article(text="PORTO, March 3 (AFP) - Dock workers walked out.", published=MONDAY,
                       published_inferred=True, published_note="from the dateline")
    stated = Article(text="Dock workers walked out on Monday.", published=MONDAY, source="Coastal Times")
    console = Console(width=120, record=True)
    console.print(articles_table([inferred, stated]))
    shown = console.export_text()
    assert "2025-03-03?" in shown and "?: a date read from the dateline" in shown
    console = Console(width=120, record=True)
    console.print(articles_table([stated]))
    assert "?:" not in console.export_text()


def test_an_untitled_article_is_listed_by_its_opening_words_not_its_dateline():
    wire = Article(text="LISBON, May 6 (Wire) - A lorry carrying cork overturned on the A2 motorway on Tuesday.")
    console = Console(width=160, record=True)
    console.print(articles_table([wire]))
    shown = console.export_text()
    assert "A lorry carrying cork" in shown and "LISBON, May 6" not in shown and "(Wire)" in shown
