"""Speakers the cue leaves to be resolved: pronouns, bare roles, and the ranker that weighs the candidates."""

from wiretrace import Article, annotate
from wiretrace.nlp import speakers as speakers_module


def speaker_of(text: str, words: str) -> str | None:
    return next(q.speaker for q in annotate(Article(text=text)).quotes if words in q.text)


def test_he_told_reporters_is_the_subject_not_the_man_he_thanked():
    text = ("Governor Ned Hale thanked Victor Ames, who runs the county shelter, for opening it to families on Sunday.\n\n"
            "\u201cNobody will sleep in a car this winter,\u201d he told reporters.")
    assert speaker_of(text, "sleep in a car") == "Ned Hale"


def test_the_sheriff_is_the_person_the_text_titled_sheriff():
    text = ("Sheriff Dale Morrow of Pike County met the families on Monday after the levee failed. The county's "
            "emergency manager, Rita Vance, stayed at the command post.\n\n"
            "\u201cWe are going door to door until every house is checked,\u201d the sheriff said.")
    assert speaker_of(text, "door to door") == "Dale Morrow"


def test_the_sheriff_is_the_person_given_that_role_in_apposition():
    text = ("Dale Morrow, the county's sheriff, met the families on Monday after the levee failed, with the mayor, "
            "Rita Vance.\n\n"
            "\u201cWe are going door to door,\u201d the sheriff said.")
    assert speaker_of(text, "door to door") == "Dale Morrow"


def test_a_role_nobody_was_given_is_not_pinned_on_someone_else():
    text = ("Sheriff Dale Morrow of Pike County met the families on Monday.\n\n"
            "\u201cThe water will be back by Friday,\u201d the engineer said.")
    assert speaker_of(text, "back by Friday") != "Dale Morrow"


def test_the_company_speaks_as_the_company_named_before():
    text = ("The Harlow Water Company raised its rates by a third in March, and Janet Cole, a retired teacher, "
            "organised a protest.\n\n"
            "\u201cThe increase reflects the cost of replacing pipes laid in 1950,\u201d the company said in a statement.")
    assert speaker_of(text, "replacing pipes") == "Harlow Water Company"


def test_the_ranker_ships_with_the_package_and_the_rules_run_without_it():
    assert speakers_module.speaker_ranker() is not None
    text = ("Governor Ned Hale thanked Victor Ames, who runs the county shelter, for opening it to families on Sunday.\n\n"
            "\u201cNobody will sleep in a car this winter,\u201d he told reporters.")
    original = speakers_module.speaker_ranker
    speakers_module.speaker_ranker = lambda: None
    try:
        assert speaker_of(text, "sleep in a car") == "Ned Hale"
    finally:
        speakers_module.speaker_ranker = original


def test_she_skips_a_man_known_by_his_given_name():
    text = ("Karen Whitfield, the county's budget director, met Tom Alvarez on Tuesday. Alvarez presented the plan to "
            "the board.\n\n"
            "\u201cWe cannot keep borrowing against next year,\u201d she said.")
    assert speaker_of(text, "borrowing") == "Karen Whitfield"


def test_she_skips_a_man_known_by_his_given_name_with_the_rules_alone():
    text = ("Linda Okafor questioned the contract at the council meeting. Greg Pulaski defended it for an hour.\n\n"
            "\u201cNobody has seen the numbers behind this deal,\u201d she told reporters afterwards.")
    original = speakers_module.speaker_ranker
    speakers_module.speaker_ranker = lambda: None
    try:
        assert speaker_of(text, "numbers behind") == "Linda Okafor"
    finally:
        speakers_module.speaker_ranker = original


def test_the_article_own_evidence_outweighs_the_given_name():
    text = ("Mr. Shannon Reilly, the union's treasurer, answered questions with Linda Okafor on Monday. Okafor left "
            "before the vote.\n\n"
            "\u201cThe pension fund is solvent for another twenty years,\u201d he said.")
    assert speaker_of(text, "pension fund") == "Shannon Reilly"


def test_two_people_of_one_surname_and_either_gender_give_the_surname_no_gender():
    text = "Bill Carver and his sister, Linda Carver, opened the bakery in 1998. Carver still bakes every morning."
    assert _genders_of(text) == {}
    assert _genders_of("Linda Carver opened the bakery in 1998.") == {"carver": "f"}


def _genders_of(text: str) -> dict[str, str]:
    """The genders the given-name table alone assigns to the surnames of the people in the text."""
    from wiretrace.nlp import load_model
    from wiretrace.nlp.speakers import _by_given_name

    return _by_given_name({ent.text for ent in load_model()(text).ents if ent.label_ == "PERSON" and " " in ent.text})


def test_a_ministry_the_tagger_took_for_a_name_keeps_its_country_and_kind():
    """"ministry" tagged a proper noun alone is no name: the phrase says whose ministry spoke."""
    text = ("N'DJAMENA, Feb 3 - A court in Chad jailed eleven men for smuggling fuel across the border with Sudan.\n\n"
            "Chad's defence ministry welcomed the verdict, calling it \"a warning to every smuggler on the border\".")
    assert speaker_of(text, "every smuggler") == "Chad defence ministry"
    text = ("ACCRA, Nov 14 - The IMF approved a new loan to Ghana on Thursday.\n\n"
            "Ghana's interior ministry welcomed the decision, calling it \"a vote of confidence in the recovery\".")
    assert speaker_of(text, "vote of confidence") == "Ghana interior ministry"


def test_a_count_the_parser_made_a_subject_is_no_speaker():
    text = ("SANTIAGO, Aug 9 - Rescuers reached a collapsed shaft at a copper mine in northern Chile on Saturday.\n\n"
            "The union's statement, issued on Saturday evening, said nine miners were trapped \"behind a wall of "
            "rubble\" in the lower gallery, three more than the mine operator had reported.")
    speaker = speaker_of(text, "wall of rubble")
    assert speaker is None or not any(w.lower() in {"three", "nine"} for w in speaker.split())


def test_a_count_speaks_with_the_people_it_counts():
    text = ("LEEDS, Jan 22 - A power cut left the city's main hospital on backup generators for four hours.\n\n"
            "\u201cThe lights went out across the whole ward and the monitors started beeping,\u201d said one of "
            "three nurses who were on duty that night.")
    assert speaker_of(text, "whole ward") == "one of three nurses"
