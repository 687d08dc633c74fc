"""The store lists articles, and stories by their latest report, in the order a story's timeline gives them: a
report that gives only its day stands at the end of that day, after the day's timed reports."""

from wiretrace import Store, ingest
from wiretrace.article import utc_moment
from wiretrace.cli import app
from wiretrace.stories import story, summaries
from typer.testing import CliRunner

BRIDGE_DAY = """title: Kessock Bridge shut to high-sided vehicles in gales
source: Black Isle Bulletin
published: 2025-01-20

The Kessock Bridge was closed to high-sided vehicles on Monday as gusts of up to 80 miles an hour swept the Moray
Firth, and drivers of lorries and vans were sent on a 40-mile diversion by way of Beauly.

Traffic Scotland said the restriction would stay in place until the wind eased, which forecasters expected late
on Monday evening.
"""

BRIDGE_TIMED = """title: Gales close Kessock Bridge to lorries and vans
source: Inverness Courier Online
published: 2025-01-20T07:00:00+00:00

High-sided vehicles were banned from the Kessock Bridge on Monday morning as gusts of up to 80 miles an hour swept
the Moray Firth, with lorry and van drivers sent on a 40-mile diversion through Beauly.

Traffic Scotland said the restriction would remain until the wind eased, expected late on Monday evening.
"""

CONCERT = """title: Eden Court cancels piano recital after soloist falls ill
source: Highland Arts Review
published: 2025-01-20T18:00:00+00:00

Eden Court in Inverness cancelled Monday night's piano recital by the Polish soloist Agata Wrona two hours before
it was due to begin, after she was taken ill on the journey north from Glasgow.

The theatre said ticket holders would be refunded in full or offered seats at a rescheduled date in March.
"""


def test_articles_and_stories_are_listed_as_the_timeline_orders_a_bare_day(tmp_path):
    for name, text in (("day.txt", BRIDGE_DAY), ("timed.txt", BRIDGE_TIMED), ("concert.txt", CONCERT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "order.db"
    with Store(db) as store:
        report = ingest(store, [tmp_path / n for n in ("day.txt", "timed.txt", "concert.txt")])
        by_source = {a.source: a.id for a in report.added}
        day, timed, concert = (by_source[s] for s in ("Black Isle Bulletin", "Inverness Courier Online",
                                                      "Highland Arts Review"))
        bridge, arts = store.story_of(day), store.story_of(concert)
        assert store.story_of(timed) == bridge != arts

        listed = [a.id for a in store.articles()]
        assert listed == [timed, concert, day]
        assert [a.id for a in story(store, bridge).articles] == [timed, day]     # the timeline, the same order
        assert store.story_ids() == [bridge, arts]                               # the bridge's last report: its day
        found = summaries(store)
        assert [s.id for s in found] == sorted((s.id for s in found),
                                               key=lambda i: -utc_moment(next(s for s in found if s.id == i).last_seen).timestamp())

    shown = CliRunner().invoke(app, ["articles", "--db", str(db)], env={"COLUMNS": "160"}).stdout
    assert shown.index("Kessock Bridge shut") > shown.index("Eden Court cancels") > shown.index("Gales close")
