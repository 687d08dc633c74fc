"""A road, route or model written as letters and digits (the A1, the M25, a B737) names something: it is no
quantity, and the facts of a story and a comparison must not read "1" or "25" from it."""

import json

from wiretrace import Store, ingest
from wiretrace.compare.facts import changed_numbers, numbers
from wiretrace.lineage import story_facts

WIRE = """title: Lorry crash closes A1 near Grantham
source: Midlands Wire
published: 2025-02-11T07:40:00

GRANTHAM, Feb 11 (MW) - Three people were injured when a lorry overturned on the A1 near Grantham early on
Tuesday, closing the A1 motorway in both directions for five hours, police said.

The lorry, carrying frozen food to a depot off the M1, crossed the central reservation at about 4 a.m. and hit two
cars heading south. Lincolnshire Police said the driver of one car was taken to hospital in Nottingham.

"The A1 will stay closed while the carriageway is cleared and inspected," said Inspector Helen Marsh.
"""

REWRITE = """title: Four hurt as lorry overturns on A1
source: Fenland Evening Post
published: 2025-02-11T13:15:00

Four people were injured when a lorry overturned on the A1 near Grantham early on Tuesday, closing the A1 motorway
in both directions for five hours, police said.

The lorry, carrying frozen food to a depot off the M1, crossed the central reservation at about 4 a.m. and hit two
cars heading south. Lincolnshire Police said the driver of one car was taken to hospital in Nottingham.

"The A1 will stay closed while the carriageway is cleared and inspected," said Inspector Helen Marsh.
"""


def test_letters_and_digits_name_a_road_or_model_and_are_no_number():
    sentence = "A B737 bound for Leeds was diverted after the M25 and the A1 were closed, stranding 162 passengers."
    assert [(n.text, n.value) for n in numbers(sentence)] == [("162 passengers", 162.0)]
    assert [n.value for n in numbers("Leaders of the G20 pledged US$5 million to the H5N1 vaccine fund.")] == [5e6]


def test_a_road_renumbered_is_no_changed_number_and_a_changed_count_still_is():
    a = "Two lorries collided on the A1 near Grantham, injuring three people."
    assert changed_numbers(a, a.replace("A1 ", "A14 ")) == []
    assert changed_numbers(a, a.replace("three", "five")) == [{"kind": "number", "a": "three people",
                                                                "b": "five people"}]


def test_a_storys_facts_count_the_injured_and_never_the_road(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    with Store(tmp_path / "crash.db") as store:
        report = ingest(store, [tmp_path / "wire.txt", tmp_path / "rewrite.txt"])
        story = store.story_of(report.added[0].id)
        assert store.story_of(report.added[1].id) == story
        facts = story_facts(store, story)
    shown = json.dumps(facts.to_json())
    assert '"1 ' not in shown and '"1"' not in shown and "motorway claimed" not in shown
    injured = next(c for c in facts.facts if c.claim == "injured")
    assert sorted(v.value.split()[0].lower() for v in injured.values) == ["four", "three"]
    assert injured.status in ("disagree", "updated")
