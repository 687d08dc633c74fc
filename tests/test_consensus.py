"""Stories agreed over several arrival orders: the majority grouping wins, a person's corrections hold."""

from datetime import date

from wiretrace.stories.consensus import arrival_orders, consensus

QUAKE = ["q1", "q2", "q3", "q4", "q5", "q6"]
FLOOD = ["f1", "f2", "f3"]


def _run(*stories: list[str]) -> dict[str, str]:
    """One order's outcome, listed in the first order's article order so that every run has the same keys."""
    story_of = {a: s[0] for s in stories for a in s}
    return {a: story_of[a] for a in QUAKE + FLOOD}


def test_an_order_that_split_one_event_or_pulled_a_report_away_is_outvoted():
    runs = [
        _run(QUAKE[:3], QUAKE[3:], FLOOD),            # an early stray made the split check cut the quake in two
        _run(QUAKE, FLOOD),
        _run(QUAKE[:3] + QUAKE[4:], FLOOD + ["q4"]),  # one report joined the flood
        _run(QUAKE, FLOOD),
        _run(QUAKE, FLOOD),
    ]
    agreed = consensus(runs)
    assert {agreed[a] for a in QUAKE} == {"q1"} and {agreed[a] for a in FLOOD} == {"f1"}


def test_two_events_most_orders_keep_apart_stay_apart():
    joined = _run(QUAKE + FLOOD)
    apart = _run(QUAKE, FLOOD)
    agreed = consensus([joined, apart, joined, apart, apart])
    assert {agreed[a] for a in QUAKE} == {"q1"} and {agreed[a] for a in FLOOD} == {"f1"}
    agreed = consensus([joined, joined, apart, joined, apart])
    assert set(agreed.values()) == {"q1"}


def test_a_pair_kept_apart_is_never_in_one_story_whatever_the_orders_say():
    joined = _run(QUAKE + FLOOD)
    agreed = consensus([joined] * 5, apart=[("q2", "f3")])
    assert agreed["q2"] != agreed["f3"]
    assert len({agreed[a] for a in QUAKE}) == 1 or len({agreed[a] for a in FLOOD}) == 1


def test_shuffled_orders_keep_publication_order_and_the_first_is_the_one_given():
    days = [date(2024, 3, 1 + n % 4) for n in range(40)]
    orders = arrival_orders(days, 4)
    assert orders[0] == list(range(40)) and orders == arrival_orders(days, 4)
    for order in orders[1:]:
        assert sorted(order) == list(range(40)) and order != orders[0]
        assert [days[i] for i in order] == sorted(days)
    undated = arrival_orders([None] * 40, 3)
    assert len({tuple(o) for o in undated}) == 3 and all(sorted(o) == list(range(40)) for o in undated)


def test_nothing_to_agree_on_is_no_story():
    assert consensus([{}, {}, {}]) == {}


def test_a_group_too_large_to_compare_keeps_the_first_orders_stories(monkeypatch):
    import wiretrace.stories.consensus as module

    monkeypatch.setattr(module, "LARGEST", 5)
    first = _run(QUAKE[:3], QUAKE[3:], FLOOD)
    agreed = consensus([first, _run(QUAKE, FLOOD), _run(QUAKE, FLOOD)])
    assert agreed == {a: first[a] for a in QUAKE} | {a: "f1" for a in FLOOD}
