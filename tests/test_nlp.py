"""Annotations on tricky news text: sentences, quotations and speakers, entities, dates."""

from datetime import date

import pytest

from wiretrace import Article, annotate
from wiretrace.nlp.times import resolve

SUNDAY = date(2023, 7, 9)

WIRE = """KANDOR, March 15 (GPA) - Lt. Gen. Marcus O. Reyes told reporters on Friday that the convoy was hit at 3 a.m. near the U.S. base. \u201cWe lost two vehicles. Nobody was hurt,\u201d he said.

\u201cThis is not over,\u201d said Dr. Amina Farouk, the provincial health director. \u201cWe expect more casualties by tonight.\u201d

The ministry said it was "deeply concerned" about the attack. According to police chief Omar Haddad, 12 people were arrested yesterday.

"The evacuation went smoothly and every family is safe now. We will review the response and publish the findings.

"We owe that to the people of this valley," Mayor Elena Ruiz said in March."""


@pytest.fixture(scope="module")
def wire():
    article = Article(text=WIRE, source="Test Wire", published=date(2024, 3, 17))
    return article, annotate(article)


def quote_with(ann, words: str):
    return next(q for q in ann.quotes if words in q.text)


def test_sentences_survive_abbreviations_and_curly_quotes(wire):
    article, ann = wire
    texts = [s.text for s in ann.sentences]
    assert texts[0].startswith("KANDOR, March 15 (GPA) - Lt. Gen. Marcus O. Reyes told")
    assert texts[0].endswith("near the U.S. base.")
    assert "\u201cThis is not over,\u201d said Dr. Amina Farouk, the provincial health director." in texts
    assert all(article.text[s.start:s.end] == s.text for s in ann.sentences)
    assert [s.paragraph for s in ann.sentences][-1] == 4


def test_quote_spanning_two_sentences_with_pronoun_speaker(wire):
    _, ann = wire
    q = quote_with(ann, "We lost two vehicles")
    assert q.text == "We lost two vehicles. Nobody was hurt,"
    assert q.speaker == "Marcus O. Reyes"
    assert len(q.sentences) == 2 and not q.partial


def test_speaker_after_quote_with_title_stripped_and_carried_in_paragraph(wire):
    _, ann = wire
    assert quote_with(ann, "This is not over").speaker == "Amina Farouk"
    assert quote_with(ann, "more casualties").speaker == "Amina Farouk"


def test_partial_quote_inside_a_sentence(wire):
    _, ann = wire
    q = quote_with(ann, "deeply concerned")
    assert q.partial and q.text == "deeply concerned"
    assert q.speaker == "ministry"


def test_quote_running_over_paragraphs_is_one_quotation(wire):
    _, ann = wire
    q = quote_with(ann, "The evacuation went smoothly")
    assert "We owe that to the people of this valley" in q.text
    assert q.speaker == "Elena Ruiz"


def test_entities_people_and_places(wire):
    _, ann = wire
    people = {e.text for e in ann.entities if e.label == "person"}
    assert {"Marcus O. Reyes", "Amina Farouk", "Omar Haddad"} <= people


def test_times_resolved_against_publication(wire):
    _, ann = wire
    found = {t.text: t.resolved for t in ann.times}
    assert found["March 15"] == "2024-03-15"
    assert found["on Friday"] == "2024-03-15"
    assert found["yesterday"] == "2024-03-16"
    assert found["in March"] == "2024-03"


@pytest.mark.parametrize("expression, expected", [
    ("on Friday", "2023-07-07"),
    ("Friday's", "2023-07-07"),
    ("Sunday", "2023-07-09"),
    ("last Sunday", "2023-07-02"),
    ("Saturday", "2023-07-08"),
    ("next Tuesday", "2023-07-11"),
    ("yesterday", "2023-07-08"),
    ("in March", "2023-03"),
    ("December", "2022-12"),
    ("July 10", "2023-07-10"),
    ("Jan. 5", "2023-01-05"),
    ("5 January 2021", "2021-01-05"),
    ("earlier this year", "2023"),
    ("in 2011", "2011"),
])
def test_resolve_against_a_sunday(expression, expected):
    assert resolve(expression, SUNDAY)[0] == expected


def test_until_recently_looks_back_and_until_monday_ahead():
    monday = date(2024, 10, 28)
    past = Article(text="Małgorzata Wróblewska, who until recently ran a public hospital, won 54.3% of votes in "
                        "Sunday's second-round ballot, final results published on Monday showed.", published=monday)
    ahead = Article(text="The port will stay closed until Sunday, the harbour master said on Monday.", published=monday)
    for article, sunday in ((past, "2024-10-27"), (ahead, "2024-11-03")):
        assert {t.resolved for t in annotate(article).times if "Sunday" in t.text} == {sunday}


def test_nothing_to_resolve_against():
    assert resolve("on Friday", None) == (None, None)
    assert resolve("March 2021", None) == ("2021-03", "month")


def test_examples_quotes_and_dates(examples):
    from wiretrace import read_batch
    from wiretrace.nlp import annotate_many

    batch = read_batch([examples])
    agency, rewrite = batch.articles
    a, b = annotate_many([agency, rewrite])
    assert {t.text: t.resolved for t in a.times}["on Friday"] == "2023-07-07"
    assert {t.text: t.resolved for t in b.times}["on Friday"] == "2023-07-07"
    assert {t.text: t.resolved for t in b.times}["on Sunday"] == "2023-07-09"
    assert quote_with(a, "assessing reports").speaker == "Centcom"
    assert quote_with(b, "asserting reports").speaker == "CENTCOM"
    kurilla = [q for q in b.quotes if q.speaker == "Michael Kurilla"]
    assert len(kurilla) == 2
    assert quote_with(b, "cease this reckless").speaker == "Alexus Grynkewich"


def test_page_furniture_is_marked(examples):
    from wiretrace import read_batch
    from wiretrace.nlp import annotate_many

    agency, rewrite = annotate_many(read_batch([examples]).articles)
    assert agency.sentences[0].boilerplate == "caption"
    assert [s.boilerplate for s in agency.sentences[1:]] == [None] * (len(agency.sentences) - 1)
    pasted = [s.text for s in rewrite.sentences if s.boilerplate == "headline"]
    assert pasted[0].startswith("US Drone Strike Kills Islamic State Group Leader")
    assert any(t.startswith("Ukraine Not Ready for NATO Membership") for t in pasted)
    assert not any("Kurilla" in t for t in pasted)


@pytest.mark.parametrize("sentence, kind", [
    ("Rescuers search the rubble after the quake. \u2014 GPA/File", "caption"),
    ("Also Read: Floods Displace Thousands In Southern Province", "headline"),
    ("By Maria Lopez and John Smith", "byline"),
    ("Subscribe to our newsletter for the morning briefing.", "prompt"),
    ("The Interior Ministry said the curfew would be lifted on Monday.", None),
    ("NATO and the EU Will Meet in Brussels", "headline"),
])
def test_boilerplate_kinds(sentence, kind):
    from wiretrace.nlp.boilerplate import boilerplate_kind

    assert boilerplate_kind(sentence) == kind


def test_a_name_the_model_tags_in_two_pieces_is_one_entity():
    """The small model tags "Bangou" and "Kaina" as two places side by side; the village is one."""
    ann = annotate(Article(text="The strike on Friday hit fighters travelling on motorcycles near Bangou Kaina, a village "
                                "in the Tillaberi region. A resident of Bangou Kaina said three militants died."))
    places = [e.text for e in ann.entities if e.label == "place"]
    assert places.count("Bangou Kaina") == 2 and "Bangou" not in places and "Kaina" not in places


def test_an_acronym_in_brackets_is_not_the_speaker_nor_part_of_the_name():
    """The model ends the organisation's name inside its bracket ("... Force (CSTF"), and "Force" reads as a title."""
    ann = annotate(Article(text="Tawili was killed near Inazzar, the Combined Sahel Task Force (CSTF) said in a "
                                "statement. \u201cWe got him,\u201d the Combined Sahel Task Force (CSTF) said."))
    assert [q.speaker for q in ann.quotes] == ["Combined Sahel Task Force"]
    assert "Combined Sahel Task Force" in {e.text for e in ann.entities}


def test_a_person_title_with_a_name_beside_it_names_the_speaker_whatever_the_recogniser_called_it():
    """The small model tags the mayor's name as a place; the name set beside "mayor" is who spoke."""
    ann = annotate(Article(text="Rosa Alvarado of the civil defence office said roads were blocked. \u201cTwo of the "
                                "houses collapsed,\u201d said the town's mayor, Wilfredo Chuquimango."))
    assert [q.speaker for q in ann.quotes] == ["Wilfredo Chuquimango"]
    assert {e.label for e in ann.entities if e.text == "Wilfredo Chuquimango"} == {"person"}, "who speaks is a person"
    ann = annotate(Article(text="Trump met Merkel at the White House. In a statement Monday, the White House called "
                                "the pause the \"last\" reprieve for Europe. Yet the levies have been justified as "
                                "well by pointing to \"idle steel towns\" and the long decline of industry."))
    assert [q.speaker for q in ann.quotes] == ["White House", "White House"], "the next quote keeps the speaker"
    assert "person" not in {e.label for e in ann.entities if e.text == "White House"}, "and what kind it is"


def test_a_name_the_text_calls_a_group_is_an_organisation_and_an_adjective_a_nationality():
    """The small model calls these groups people, and a nationality adjective a place."""
    ann = annotate(Article(text="Attacks rose in February, according to a tally by the monitoring group Sahel Conflict "
                                "Watch. The strike killed a commander of the Jamaat Nasr al-Sahel militant group. The "
                                "jihadist group Jamaat Nasr al-Sahel (JNS) confirmed his death. The Mauritian rupee "
                                "weakened 0.4% against the US dollar, said Devendra Ramlochun."))
    label = {e.text: e.label for e in ann.entities}
    assert label["Sahel Conflict Watch"] == label["Jamaat Nasr al-Sahel"] == "org"
    assert label["Mauritian"] == "group" and label["Devendra Ramlochun"] == "person" and label["US"] == "place"
    ann = annotate(Article(text="Mali welcomed the strike, as Niger and Mali agreed to share intelligence."))
    assert {e.label for e in ann.entities} == {"place"}, "the small model calls both countries people here"
    ann = annotate(Article(text="Rep. Jim Jordan spoke first. Later, Mr. Jordan pressed the former commissioner."))
    assert {e.label for e in ann.entities if "Jordan" in e.text} == {"person"}, "a surname that is a country's name"


def test_a_titled_name_the_model_calls_an_organisation_is_a_person_and_so_is_its_surname():
    """The small model calls the general and, later, his surname an organisation; not so a company, an office or
    the outlet of a host who shares its name."""
    ann = annotate(Article(text="Air Force Lieutenant General Alexus Grynkewich said the jets flew close. Grynkewich "
                                "called on Moscow to stop."))
    label = {e.text: e.label for e in ann.entities}
    assert label["Alexus Grynkewich"] == label["Grynkewich"] == "person"
    ann = annotate(Article(text="General Motors Company said sales rose. The Cook County Office of the Chief Medical "
                                "Examiner confirmed the death. Fox News said Fox would not comment. Sean Fox spoke."))
    label = {e.text: e.label for e in ann.entities}
    assert "person" not in {label["General Motors Company"], label["Fox"]}
    assert not any(e.text == "Medical Examiner" for e in ann.entities)
    ann = annotate(Article(text="Gov. Chris Christie (R) and Rep. Bill Pascrell (N.J.) spoke to reporters on Monday."))
    assert {e.text: e.label for e in ann.entities}.get("Bill Pascrell") == "person", "a state in brackets is no acronym"


def test_a_street_the_model_calls_a_person_lends_no_surname():
    """The small model reads "Snyder Ave" as a person; the station called after the avenue stays an organisation."""
    ann = annotate(Article(text="The fire started in a rowhouse on Snyder Ave, neighbours said. Firefighters from the "
                                "Ave station arrived within minutes. Ave Engine 9 pumped water until dawn."))
    assert {e.label for e in ann.entities if e.text == "Ave"} == {"org"}
    ann = annotate(Article(text="Lawyer Joe diGenova said the inquiry was a hoax. diGenova added that he would not join "
                                "the legal team."))
    assert {e.label for e in ann.entities if e.text == "diGenova"} == {"person"}, "a surname in lower case at first"


def test_an_attribution_after_a_quotation_that_ends_its_sentence_names_the_speaker():
    """'"...?" Okafor said.' and '"..." added Brennan, who...' stand as sentences of their own after the closing
    mark; a sentence that introduces the next quotation, or a verb describing a name mid-sentence, names nobody."""
    def speakers(text):
        return [(q.text, q.speaker) for q in annotate(Article(text=text)).quotes]

    assert speakers("The mayor toured the flooded district on Monday. \"Where were the pumps when we needed them?\" "
                    "Okafor said. Crews worked through the night.") == [
        ("Where were the pumps when we needed them?", "Okafor")]
    assert speakers("The senator answered questions for an hour. \"Nobody here wants another shutdown.\" added "
                    "Brennan, who chairs the budget panel.") == [("Nobody here wants another shutdown.", "Brennan")]
    assert speakers("The advert opens with the governor. \"We kept every promise we made.\" Then a narrator says: "
                    "\"Vote for results.\"")[0] == ("We kept every promise we made.", None)
    assert speakers("Governor Ana Ruiz on Friday named Tomas \"Tito\" Vela to the seat left by newly confirmed "
                    "Ambassador Carla Mendes.") == [("Tito", "Ana Ruiz")]
