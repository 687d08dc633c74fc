"""Online assignment on local crime news, where every report is of one kind: follow-ups weeks and months later
join their event through the names they share with it, at any distance in time; a same-kind event elsewhere the
same day stays apart; names many events share ("police", a state) tie nothing. Every case goes through `add`."""

import math
from datetime import datetime, timezone

import pytest

from wiretrace import Article, Store, annotate
from wiretrace.fingerprints import profiles
from wiretrace.compare.names import key
from wiretrace.stories import online, story
from wiretrace.stories.index import NAME_CANDIDATES, POSTINGS_READ, Names, specific_names
from wiretrace.stories.related import related

# The decision is the pair model's (the other half of issue 29). The shipped one fails these cases though the
# candidates are there (the first test): it scores the charge 6 weeks later 0.022 and 0.036 with the shooting's two
# reports and the trial 0.144 with the arrest (join threshold 0.40): a publication gap of weeks weighs against a pair
# more than the rare names it shares; and the Elkhart shooting 0.712 with the Ottumwa one, which share no name.
# Strict: the day a model passes, the marker must go.
FOLLOW_UPS_MISSED = pytest.mark.xfail(strict=True, reason="the shipped pair model (issue 29 item 2)")
SAME_DAY_JOINED = pytest.mark.xfail(strict=True, reason="the shipped pair model joins same-kind events (issue 29 item 2)")


def _report(source: str, day: tuple[int, int, int], title: str, text: str) -> Article:
    return Article(text=text, title=title, source=source, published=datetime(*day, 15, tzinfo=timezone.utc))


SHOOTING = _report(
    "Ottumwa Courier", (2025, 1, 9), "Teen shot dead outside Ottumwa convenience store",
    "OTTUMWA, Iowa - A 17-year-old, Darnell Okafor, was shot and killed Wednesday night outside a convenience store "
    "on Church Street, Ottumwa police said.\n\nOfficers called to the store shortly after 9 p.m. found Okafor in the "
    "parking lot with gunshot wounds. He died at Ottumwa Regional Health Center. No arrests have been made.\n\n"
    "Okafor was a junior at Ottumwa High School, where he played on the basketball team. Police Chief Jason McCoy "
    "asked anyone with video of the area to call the department.")
SHOOTING_REWRITE = _report(
    "Des Moines Daily", (2025, 1, 10), "Ottumwa High junior killed in parking lot shooting",
    "Darnell Okafor, a junior at Ottumwa High School, died after he was shot in the parking lot of a Church Street "
    "convenience store on Wednesday night, police in Ottumwa said Thursday.\n\nNo one has been arrested. Chief "
    "Jason McCoy said detectives were reviewing video from nearby businesses. Okafor's coach described him as a "
    "quiet leader on the basketball team.")
ELSEWHERE = _report(
    "Elkhart Truth", (2025, 1, 9), "Teen shot dead outside Elkhart gas station",
    "ELKHART, Indiana - A 16-year-old, Marcus Delgado, was shot and killed Wednesday night outside a gas station "
    "on Main Street, Elkhart police said.\n\nOfficers called to the station shortly after 10 p.m. found Delgado "
    "near the pumps with gunshot wounds. He died at Elkhart General Hospital. No arrests have been made.\n\n"
    "Delgado was a sophomore at Elkhart High School. Police Chief Dan Milanowski asked anyone with video of the "
    "area to call the department.")
CHARGED = _report(
    "Ottumwa Courier", (2025, 2, 20), "Man charged with murder in death of Darnell Okafor",
    "OTTUMWA, Iowa - A 22-year-old man was charged Thursday with first-degree murder in the killing of Darnell "
    "Okafor, the Ottumwa High School junior shot outside a Church Street convenience store last month.\n\n"
    "Jordan Pryce was booked into the Wapello County Jail and is held on a $1 million bond, according to court "
    "records. Investigators identified him from store video and a tip, Chief Jason McCoy said.")
ARREST = _report(
    "Hartsville Messenger", (2025, 3, 4), "Hartsville man arrested in stabbing death of roommate",
    "HARTSVILLE, South Carolina - Police arrested Travis Kettering, 34, on Monday in the stabbing death of his "
    "roommate, Owen Blakely, 29, at their apartment on Fifth Street.\n\nKettering is charged with murder and was "
    "taken to the Darlington County Detention Center. Officers found Blakely dead after a neighbour reported "
    "shouting on Sunday night.")
TRIAL = _report(
    "Florence Morning News", (2025, 9, 15), "Trial opens for Travis Kettering in roommate's killing",
    "DARLINGTON, South Carolina - Jury selection began Monday in the murder trial of Travis Kettering, the Hartsville "
    "man accused of stabbing his roommate, Owen Blakely, to death in March.\n\nProsecutors say Kettering attacked "
    "Blakely after an argument over rent. His lawyer told the judge the defence will argue self-defence. The trial "
    "is expected to last a week.")
TEXAS_BURGLARIES = _report(
    "Austin Ledger", (2025, 2, 3), "Police arrest suspect in string of car burglaries",
    "AUSTIN, Texas - Police on Monday arrested a 31-year-old man suspected in more than 40 car burglaries across "
    "north Austin since November.\n\nDetectives tied Kyle Branson to the break-ins through a stolen laptop he "
    "sold online, police said. Branson faces burglary and theft charges.")
TEXAS_FLOODS = _report(
    "Gulf Coast Herald", (2025, 6, 12), "Police warn drivers away from flooded roads",
    "Police across Texas urged drivers on Thursday to stay off flooded roads as storms dropped up to eight inches "
    "of rain on the Gulf Coast.\n\nThe National Weather Service extended a flood watch through the weekend. "
    "Several school districts cancelled summer classes.")

BACKGROUND = [SHOOTING, ELSEWHERE, SHOOTING_REWRITE, TEXAS_BURGLARIES, ARREST]


@pytest.fixture(scope="module")
def prepared():
    """Each article annotated and profiled once."""
    articles = [*BACKGROUND, CHARGED, TRIAL, TEXAS_FLOODS]
    annotated = [(a, annotate(a)) for a in articles]
    return {a.id: (a, ann, p) for (a, ann), p in zip(annotated, profiles(annotated))}


@pytest.fixture
def store(tmp_path, prepared):
    with Store(tmp_path / "news.db") as store:
        assert not store.add([prepared[a.id] for a in BACKGROUND]).rejected
        yield store


def _add(store: Store, prepared, article: Article) -> str:
    assert store.add([prepared[article.id]]).added == [article.id]
    return store.story_of(article.id)


def _rowid(store: Store, article: Article) -> int:
    return store.db.execute("SELECT rowid FROM profiles WHERE article_id = ?", (article.id,)).fetchone()[0]


def test_the_articles_naming_a_victim_are_candidates_at_any_distance_and_common_names_offer_none(store, prepared):
    """Offered by the names table whatever the embedding neighbours: the follow-up six weeks later gets both
    reports naming the victim, and "police" or "Texas" bring nothing."""
    charged = prepared[CHARGED.id][2]
    offered = store.index.candidates(charged.embedding, charged.text_hash, k=1, names=specific_names(charged))
    assert {_rowid(store, SHOOTING), _rowid(store, SHOOTING_REWRITE)} <= offered
    names = store.index.names
    assert names.candidates(["darnell okafor"], store.profile_count()) == sorted(
        [_rowid(store, SHOOTING), _rowid(store, SHOOTING_REWRITE)], reverse=True)
    assert names.candidates(["police", "texas", "iowa"], store.profile_count()) == []
    assert store.index.rarity("police") == store.index.rarity("texas") == 0
    assert min(store.index.rarity("darnell okafor"), store.index.rarity("ottumwa")) > 0
    assert store.index.rarity("jordan pryce") == math.log1p(store.profile_count())   # given by none: as if once


def test_a_name_many_stored_articles_give_is_common_and_the_postings_read_are_bounded():
    """COMMON_SHARE of a large store: a city every other report names weighs nothing; a name given by more
    articles than POSTINGS_READ is read from its latest, and no more than NAME_CANDIDATES come back."""
    import sqlite3

    from wiretrace.store import NAMES_SCHEMA

    db = sqlite3.connect(":memory:")
    for statement in filter(str.strip, NAMES_SCHEMA.split(";")):
        db.execute(statement)
    names = Names(db)
    for rowid in range(1, 10_001):
        names.insert(rowid, ["ottumwa"] + (["darnell okafor"] if rowid % 100 == 0 else []))
    assert names.rarity("ottumwa", 10_000) == 0
    assert 0 < names.rarity("darnell okafor", 10_000) == math.log1p(100) < names.rarity("jordan pryce", 10_000)
    offered = names.candidates(["darnell okafor", "ottumwa"], 10_000)
    assert len(offered) == min(NAME_CANDIDATES, POSTINGS_READ)
    assert offered == list(range(10_000, 10_000 - 100 * POSTINGS_READ, -100))[:NAME_CANDIDATES]


@FOLLOW_UPS_MISSED
def test_a_follow_up_six_weeks_later_naming_the_victim_joins_the_story(store, prepared):
    assert _add(store, prepared, CHARGED) == store.story_of(SHOOTING.id) == store.story_of(SHOOTING_REWRITE.id)
    assert store.story_of(ELSEWHERE.id) != store.story_of(SHOOTING.id)


@SAME_DAY_JOINED
def test_the_same_kind_of_event_in_another_town_the_same_day_stays_apart(store):
    assert store.story_of(SHOOTING.id) == store.story_of(SHOOTING_REWRITE.id)
    assert store.story_of(ELSEWHERE.id) != store.story_of(SHOOTING.id)


@FOLLOW_UPS_MISSED
def test_a_trial_months_later_naming_the_accused_joins_the_arrest(store, prepared):
    assert _add(store, prepared, TRIAL) == store.story_of(ARREST.id)


def test_common_names_alone_join_nothing(store, prepared):
    """Months after a Texas police report, another Texas police report of another matter: its names are common
    and offer no long-range candidate, and it opens a story of its own."""
    floods = prepared[TEXAS_FLOODS.id][2]
    assert not {n for n in specific_names(floods) if store.index.rarity(n) > 0} & specific_names(
        prepared[TEXAS_BURGLARIES.id][2])
    assert _add(store, prepared, TEXAS_FLOODS) not in {store.story_of(a.id) for a in BACKGROUND}


def test_a_follow_up_kept_apart_and_its_event_each_list_the_other_by_the_names_both_give(store, prepared):
    """The shipped model opens a story for the charge six weeks later (the xfail above: the day it joins them, this
    test goes with the marker); `related` points each story at the other through the victim's and the town's
    names, the charge as weeks after the shooting's last report, and at neither the stabbing nor the burglaries."""
    charged = _add(store, prepared, CHARGED)
    shooting = store.story_of(SHOOTING.id)
    assert charged != shooting
    found = related(store, story(store, charged))
    assert found[0].story.id == shooting
    assert {"darnell okafor", "ottumwa"} <= {key(n) for n in found[0].names}
    assert "Darnell Okafor" in found[0].names   # as the articles spell it, not the index's key
    back = {r.story.id: r for r in related(store, story(store, shooting))}
    assert back[charged].days_from(SHOOTING_REWRITE.published) == 41.0
    assert not {store.story_of(ARREST.id), store.story_of(TEXAS_BURGLARIES.id)} & {r.story.id for r in found}


def test_a_trial_months_later_points_to_the_arrest_and_common_names_relate_nothing(store, prepared):
    """The trial six months after the arrest, kept apart by the shipped model (the xfail above), is listed with it
    through the accused's and the victim's names; the Texas flood warning, which shares only "police" and a state
    with the Texas burglaries, is related to no story."""
    trial = _add(store, prepared, TRIAL)
    assert trial != store.story_of(ARREST.id)
    found = related(store, story(store, trial))
    assert found[0].story.id == store.story_of(ARREST.id)
    assert {"travis kettering", "owen blakely"} <= {key(n) for n in found[0].names}
    assert related(store, story(store, _add(store, prepared, TEXAS_FLOODS))) == []


def test_migration_7_fills_the_names_table_as_add_does(store, tmp_path):
    def table():
        return (sorted(store.db.execute("SELECT name, articles FROM names")),
                sorted(store.db.execute("SELECT n.name, p.article FROM name_postings p JOIN names n ON n.id = p.name")))

    added = table()
    assert ("darnell okafor", 2) in added[0]
    path = store.path
    store.db.execute("DROP TABLE name_postings")
    store.db.execute("DROP TABLE names")
    store.db.execute("DELETE FROM migrations WHERE version = 7")
    with Store(path) as reopened:
        assert 7 in reopened._applied(reopened.version)
        store = reopened
        assert table() == added


def test_placement_lives_in_stories_not_the_store():
    """The store module stores: its source names no story decision, and importing it loads no clustering."""
    import subprocess
    import sys

    code = ("import sys, wiretrace.store; "
            "print(any(m in sys.modules for m in ('wiretrace.stories.cluster', 'wiretrace.stories.online')))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
    assert online.place.__module__ == "wiretrace.stories.online"
