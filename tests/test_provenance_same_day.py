"""A report that gives only its day and one timed the same day: their times do not say which came first, so neither
is read as derived from the other by time alone; credits and an agency's byline still order them."""

from wiretrace import Store, ingest
from wiretrace.stories import explain, story

WIRE = """title: Firefighters contain moorland blaze above Glen Clova
source: Northern Press Agency
published: 2025-04-03

KIRRIEMUIR, April 3 (NPA) - Firefighters contained a moorland fire above Glen Clova on Thursday after it burned
across about 300 hectares of heather and forced the closure of the glen road for most of the day, the fire service
said.

Crews from Forfar, Kirriemuir and Brechin used beaters and a helicopter dropping water from Loch Brandy to stop the
fire reaching a forestry plantation on the eastern slope.

"The wind dropped in the afternoon and that gave us the chance we needed," said group commander Alan Fettes.

Walkers were asked to avoid the area until Saturday, when the road is expected to reopen.
"""

PAGE = """title: Glen Clova moor fire brought under control, road to reopen Saturday
source: Dundee Evening Post
published: 2025-04-03T11:20:00+01:00

Firefighters have contained a moorland fire above Glen Clova that burned across about 300 hectares of heather and
closed the glen road for most of Thursday, the Northern Press Agency reported.

Crews from Forfar, Kirriemuir and Brechin fought the fire with beaters, while a helicopter dropped water from Loch
Brandy to keep it from the forestry plantation on the eastern slope.

"The wind dropped in the afternoon and that gave us the chance we needed," group commander Alan Fettes said.

The road is expected to reopen on Saturday, and walkers have been asked to stay away until then.

The glen's hotel said bookings for the weekend had not been affected.
"""

CLIPPING = "date 2025-04-03\n\n" + WIRE.split("\n\n", 1)[1].rsplit("\n\n", 1)[0] + "\n"   # the wire, cut

WIRE_TIMED = WIRE.replace("published: 2025-04-03\n", "published: 2025-04-03T08:05:00+01:00\n")


def _story(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "fire.db")
    report = ingest(store, [tmp_path / name for name in files])
    by_source = {a.source or a.origin.rsplit("/", 1)[-1]: a for a in report.added}
    stories = {store.story_of(a.id) for a in report.added}
    assert len(stories) == 1
    return store, by_source, story(store, stories.pop())


def test_a_wire_report_with_only_its_day_is_no_rewrite_of_a_page_timed_that_day(tmp_path):
    store, article, record = _story(tmp_path, {"wire.txt": WIRE, "page.txt": PAGE})
    with store:
        wire, page = article["Northern Press Agency"], article["Dundee Evening Post"]
        for reading in (record, explain(store, record)):
            link = {link.article: link for link in reading.provenance}[wire.id]
            assert link.derived_from is None, link
            assert link.relation == "independent"


def test_a_dated_clipping_crediting_the_agency_still_reads_as_its_copy(tmp_path):
    store, article, record = _story(tmp_path, {"wire.txt": WIRE_TIMED, "clipping.txt": CLIPPING})
    with store:
        wire, clipping = article["Northern Press Agency"], article["clipping.txt"]
        fast = {link.article: link for link in record.provenance}[clipping.id]
        assert (fast.derived_from, fast.relation) == (wire.id, "copy")
        assert "the hour is not known for both" in fast.evidence[0]
        explained = {link.article: link for link in explain(store, record).provenance}[clipping.id]
        assert (explained.derived_from, explained.relation) == (wire.id, "copy")
        assert any("this article gives only the day, not the hour" in line for line in explained.evidence)
        assert not any("points the other way" in line for line in explained.evidence)
