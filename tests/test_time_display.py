"""Every view shows a publication time the same way: in UTC, saying so, where the input gave a zone
('2025-05-06 12:20 UTC'), never as ISO text cut short ('2025-05-06T12:20')."""

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wiretrace import Store, ingest
from wiretrace.cli import app
from wiretrace.render import time_text
from wiretrace.web.app import create_app

WIRE = """title: Ferry strike halts sailings to Arran
source: Clyde News Agency
published: 2025-05-06T14:20:00+02:00

ARDROSSAN, May 6 (CNA) - All sailings between Ardrossan and Brodick were cancelled on Tuesday when ferry crews
walked out in a dispute over rosters, leaving 42 lorries queued at the terminal.

"We have been left with no choice but to stop work until the rosters are withdrawn," said union organiser Iain
Dunlop.

The operator said it hoped to restore a reduced timetable by Thursday.
"""

REWRITE = """title: Arran cut off as ferry crews strike
source: Ayrshire Evening Times
published: 2025-05-06T19:05:00+01:00

Ferry crews walked out on Tuesday in a dispute over rosters, cancelling every sailing between Ardrossan and Brodick
and leaving 45 lorries queued at the terminal, the Clyde News Agency reported.

"We have been left with no choice but to stop work until the rosters are withdrawn," said union organiser Iain
Dunlop.

The operator said it hoped a reduced timetable would run by Thursday.
"""

ISO_CUT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def test_a_time_is_shown_in_utc_saying_so_a_naive_one_as_written_and_a_day_as_a_day():
    zoned = datetime(2025, 5, 6, 14, 20, tzinfo=timezone(timedelta(hours=2)))
    assert time_text(zoned) == time_text(zoned.isoformat()) == "2025-05-06 12:20 UTC"
    assert time_text("2025-05-06T14:20:00") == "2025-05-06 14:20"
    assert time_text(date(2025, 5, 6)) == time_text("2025-05-06") == "2025-05-06"
    assert time_text(None) == "-" and time_text("", "undated") == "undated"


@pytest.fixture(scope="module")
def ferry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ferry")
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    db = folder / "ferry.db"
    with Store(db) as store:
        report = ingest(store, [folder / "wire.txt", folder / "rewrite.txt"])
        stories = {store.story_of(a.id) for a in report.added}
    assert len(stories) == 1
    return db, stories.pop()


@pytest.mark.parametrize("command", ["quotes", "facts"])
def test_quotes_and_facts_show_first_seen_in_utc(ferry, command):
    db, story = ferry
    result = CliRunner().invoke(app, [command, story, "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "12:20 UTC" in result.stdout and not ISO_CUT.search(result.stdout)


def test_quote_search_shows_its_times_in_utc(ferry):
    db, _ = ferry
    result = CliRunner().invoke(app, ["quotes", "--search", "no choice but to stop work", "--db", str(db)],
                                env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "12:20 UTC" in result.stdout and "18:05 UTC" in result.stdout and not ISO_CUT.search(result.stdout)


def test_the_web_tables_say_their_times_are_utc(ferry):
    db, _ = ferry
    with TestClient(create_app(db)) as client:
        pages = {path: client.get(path) for path in ("/", "/articles", "/quotes?q=no+choice+but+to+stop+work")}
    for path, page in pages.items():
        assert page.status_code == 200, path
        assert not ISO_CUT.search(page.text), path
    assert "2025-05-06 18:05 UTC" in pages["/"].text                  # the story's last report
    assert "2025-05-06 12:20 UTC" in pages["/articles"].text
    assert "2025-05-06 12:20 UTC" in pages["/quotes?q=no+choice+but+to+stop+work"].text
