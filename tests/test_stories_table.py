"""`wiretrace stories` in a pipe or a narrow terminal gives the headline the room: the outlets and span columns
give way to it, and say where they are."""

from datetime import datetime

from rich.console import Console
from typer.testing import CliRunner

from wiretrace import Store, ingest
from wiretrace.cli import app
from wiretrace.render import stories_table
from wiretrace.stories import StorySummary

HEADLINE = "Lifeboat crews pull three anglers from the sea off Duncansby Head after their boat capsized"

REPORT = f"""title: {HEADLINE}
source: Pentland Firth Gazette
published: 2025-07-14T06:30:00+00:00

Three anglers were pulled from the sea off Duncansby Head on Sunday evening after their small boat capsized in a
strong swell, the coastguard said. The Thurso and Wick lifeboats reached them within half an hour.

All three were taken to hospital in Wick suffering from cold but were expected to be released on Monday.
"""


def _printed(table, width: int) -> str:
    console = Console(width=width, record=True, force_terminal=False)
    console.print(table)
    return console.export_text()


def test_at_80_columns_the_headline_keeps_twice_the_room_and_the_dropped_columns_are_named():
    found = [StorySummary("s" + "4b1e" * 4, HEADLINE, 12, 7, datetime(2025, 7, 13, 19, 5),
                          datetime(2025, 7, 14, 6, 30))]
    narrow, wide = _printed(stories_table(found, width=80), 80), _printed(stories_table(found, width=160), 160)
    row = next(line for line in narrow.splitlines() if "s4b1e" in line)
    assert HEADLINE[:38] in row and row.split()[-2:] == ["12", "2025-07-13"]
    assert "outlets and span" in narrow and "outlets" not in narrow.splitlines()[2]
    assert HEADLINE in wide and "outlets" in wide and "11 hours" in wide


def test_the_stories_command_in_a_pipe_shows_the_headline_beyond_its_first_words(tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "sea.db"
    with Store(db) as store:
        assert len(ingest(store, [tmp_path / "report.txt"]).added) == 1
    result = CliRunner().invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Lifeboat crews pull three anglers from" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
