"""`wiretrace stories` in a pipe or a narrow terminal gives the headline the room: the outlets and span columns
give way to it, and say where they are."""

from datetime import date, datetime

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


FERRY_WIRE = """title: Ferry runs aground off Kirkwall harbour, 40 passengers taken ashore
source: Orkney Wire
published: 2025-09-02

KIRKWALL, Sept 2 (Orkney Wire) - A passenger ferry ran aground on a sandbank at the mouth of Kirkwall harbour on
Tuesday morning, and all 40 passengers were taken ashore by lifeboat, the harbour master said.

"The tide was lower than the crew expected and the vessel touched the bank at slow speed," harbour master Elspeth
Rendall said. No one was hurt. Divers were inspecting the hull for damage before the ferry is refloated.
"""

FERRY_COPY = FERRY_WIRE.replace("source: Orkney Wire", "source: Stromness Herald")


def test_reports_that_give_only_their_day_span_the_same_day_not_zero_minutes():
    """Bare days say nothing of the hours between them: reports of one day are 'same day', days apart are days."""
    one_day = StorySummary("s" + "7c2d" * 4, "Ferry runs aground", 2, 2, date(2025, 9, 2), date(2025, 9, 2))
    days_apart = StorySummary("s" + "7c2e" * 4, "Ferry refloated", 3, 2, date(2025, 9, 2), date(2025, 9, 5))
    timed_then_day = StorySummary("s" + "7c2f" * 4, "Ferry inquiry", 2, 2, datetime(2025, 9, 2, 8, 15),
                                  date(2025, 9, 2))
    wide = _printed(stories_table([one_day, days_apart, timed_then_day], width=160), 160)
    rows = [line for line in wide.splitlines() if "s7c2" in line]
    assert [row.split()[-2:] for row in rows] == [["same", "day"], ["3", "days"], ["same", "day"]]
    assert "minutes" not in wide and "hours" not in wide


def test_the_stories_command_says_two_date_only_reports_of_one_day_came_the_same_day(tmp_path):
    (tmp_path / "wire.txt").write_text(FERRY_WIRE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(FERRY_COPY, encoding="utf-8")
    db = tmp_path / "ferry.db"
    with Store(db) as store:
        assert len(ingest(store, [tmp_path / "wire.txt", tmp_path / "copy.txt"]).added) == 2
    result = CliRunner().invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Ferry runs aground" in line)
    assert row.split()[-2:] == ["same", "day"] and "minutes" not in row
