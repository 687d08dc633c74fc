"""Speakers a reader checks first: an unnamed witness by role, a title standing for the person who holds it."""

from wiretrace import Article, annotate


def annotated(text: str):
    return annotate(Article(text=text))


def speaker_of(text: str, words: str) -> str | None:
    return next(q.speaker for q in annotated(text).quotes if words in q.text)


def people(text: str) -> set[str]:
    return {e.text for e in annotated(text).entities if e.label == "person"}


CRASH = ("A lorry carrying cork overturned on the A2 motorway south of Lisbon on Tuesday, blocking the southbound "
         "lanes for six hours, police said. Inspector Marta Lopes said the road had been resurfaced in April.\n\n"
         "\"I saw the trailer swing out and then it just went over,\" a lorry driver told reporters at the scene.")


def test_a_role_said_as_speaker_is_the_role_not_a_person():
    assert speaker_of(CRASH, "trailer swing out") == "lorry driver"
    assert "lorry driver" not in people(CRASH)
    assert "Marta Lopes" in people(CRASH)


def test_a_place_after_an_unnamed_source_is_not_the_speaker():
    text = ("Fighting resumed near the border town on Sunday, residents said.\n\n"
            "\"It was only a matter of time,\" one union source in Braga told the newspaper.")
    speaker = speaker_of(text, "matter of time")
    assert speaker is not None and "Braga" not in speaker and speaker.endswith("source")


def test_a_title_is_the_person_named_with_it_not_the_last_person_named():
    text = ("Secretary of State Jane Roe arrived in Porto on Monday for talks on the port dispute.\n\n"
            "Mayor Tom Lee, who met her at the terminal, said the city could not afford a long strike. \"Every day "
            "costs us money,\" Lee told reporters.\n\n"
            "\"We will not take sides in this dispute,\" the secretary of state said after the meeting.")
    assert speaker_of(text, "take sides") == "Jane Roe"
    assert speaker_of(text, "costs us money") == "Tom Lee"


def test_two_ministers_are_told_apart_by_their_offices():
    text = ("Prime Minister Ana Costa met union leaders on Monday. Finance Minister Rui Moreira, who also attended, "
            "said the budget had no room for new spending.\n\n"
            "\"We have heard their concerns and we will answer them in writing,\" the prime minister said.\n\n"
            "\"The numbers do not change because people shout,\" the finance minister added.")
    assert speaker_of(text, "heard their concerns") == "Ana Costa"
    assert speaker_of(text, "people shout") == "Rui Moreira"


def test_a_title_given_in_apposition_before_the_name():
    text = ("The minister for transport, Paulo Silva, said on Tuesday that the bridge would reopen in June.\n\n"
            "Opposition leader Carla Dias criticised the delay. \"This was promised for last winter,\" Dias said.\n\n"
            "\"The engineers need more time,\" the minister said.")
    assert speaker_of(text, "engineers need more time") == "Paulo Silva"


def test_an_abbreviated_title_is_the_same_office():
    text = ("Gov. Helen Marsh of Oregon signed the water bill on Friday. State Sen. Owen Price, who wrote it, stood "
            "beside her.\n\n"
            "\"No town should go dry in August,\" the governor said.")
    assert speaker_of(text, "go dry") == "Helen Marsh"


def test_a_title_nobody_holds_in_the_article_stays_a_title():
    text = ("Mayor Tom Lee said the city could not afford a long strike at the port.\n\n"
            "\"We will not take sides in this dispute,\" the secretary of state said after meeting both parties.")
    assert speaker_of(text, "take sides") == "secretary of state"


def test_a_pronoun_after_a_surname_gives_the_full_name():
    text = ("Dock workers walked out on Monday, halting ferries across the bay.\n\n"
            "\"We have asked for talks three times since January,\" union leader Rui Costa said.\n\n"
            "Costa said the union would vote again on Thursday. \"They know where to find us,\" he added.")
    assert speaker_of(text, "where to find us") == "Rui Costa"


def test_a_name_in_apposition_after_a_role_for_someone_is_the_speaker():
    text = ("The strike entered its third day on Wednesday.\n\n"
            "A spokeswoman for the terminal operators, Clara Nunes, said the companies were \"ready to talk at any "
            "time\".")
    assert speaker_of(text, "ready to talk") == "Clara Nunes"
