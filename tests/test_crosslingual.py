"""Reading and comparing articles across languages, on the team's own short reports in English, French and Spanish.

The French report translates the English one and changes one number inside a
quotation (9 missing -> 19); the Spanish one translates it faithfully, a day
later, and leaves out the last paragraph.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from wiretrace.article import Article
from wiretrace.compare import compare
from wiretrace.nlp import annotate_many
from wiretrace.nlp.language import coverage, identify, language_of, read, read_by_rules, to_english, values

EN = """A landslide buried 40 homes in the northern Peruvian town of Celendín on Friday, killing at least 14 people, the regional government said.

Rescue teams worked through the night to reach families trapped under mud and rock after days of heavy rain.

"We have recovered 14 bodies and we are still searching for 9 missing people," said mayor Rosa Quispe.

The national emergency agency sent 120 soldiers and two helicopters to the area on Saturday.

Peru's president Dina Boluarte is expected to visit Celendín next week."""

FR = """Un glissement de terrain a enseveli 40 maisons vendredi dans la ville de Celendín, dans le nord du Pérou, faisant au moins 14 morts, a indiqué le gouvernement régional.

Les équipes de secours ont travaillé toute la nuit pour atteindre des familles piégées sous la boue et les rochers après plusieurs jours de fortes pluies.

« Nous avons retrouvé 14 corps et nous recherchons encore 19 personnes disparues », a déclaré la maire Rosa Quispe.

L'agence nationale des urgences a envoyé samedi 120 soldats et deux hélicoptères dans la région.

La présidente péruvienne Dina Boluarte doit se rendre à Celendín la semaine prochaine."""

ES = """Un deslizamiento de tierra sepultó el viernes 40 viviendas en la ciudad de Celendín, en el norte de Perú, y dejó al menos 14 muertos, informó el gobierno regional.

Los equipos de rescate trabajaron durante toda la noche para llegar a las familias atrapadas bajo el lodo y las rocas tras varios días de lluvias intensas.

"Hemos recuperado 14 cuerpos y seguimos buscando a 9 desaparecidos", dijo la alcaldesa Rosa Quispe.

La agencia nacional de emergencias envió el sábado 120 soldados y dos helicópteros a la zona."""

OTHER_EVENT_FR = """La banque centrale européenne a relevé jeudi ses taux directeurs d'un quart de point, à 4,25 %, pour la neuvième fois consécutive, a annoncé l'institution à Francfort.

« L'inflation reste trop élevée depuis trop longtemps », a déclaré sa présidente Christine Lagarde lors d'une conférence de presse."""

SUNDAY = date(2023, 7, 9)
english = Article(text=EN, title="Landslide buries homes in northern Peru", source="Andes Wire", published=SUNDAY)
french = Article(text=FR, title="Un glissement de terrain ensevelit des maisons dans le nord du Pérou",
                 source="Le Courrier des Andes", published=SUNDAY)
spanish = Article(text=ES, title="Un deslizamiento sepulta viviendas en el norte de Perú", source="Diario del Sur",
                  published=date(2023, 7, 10))
other_event = Article(text=OTHER_EVENT_FR, source="Le Courrier des Andes", published=date(2023, 7, 27))


def test_languages_are_identified_and_english_keeps_its_reader():
    assert [language_of(a) for a in (english, french, spanish)] == ["en", "fr", "es"]
    assert identify(FR).probability > 0.99
    assert read_by_rules(english) is None and read_by_rules(french) == "fr"
    assert identify("Short.").language is None
    assert language_of(Article(text="Bref.", language="pt-BR")) == "pt"


def test_a_partly_read_language_says_so_in_one_line():
    assert coverage("en") is None
    for lang in ("fr", "ar", "de", "tr"):
        line = coverage(lang)
        assert line.startswith(f"{lang}: ") and "\n" not in line
    assert "no dates" in coverage("tr") and "capitals" in coverage("ar")


def test_french_and_spanish_relative_dates_resolve_against_publication():
    ann_fr = read(french, "fr")
    resolved = {t.text.lower(): t.resolved for t in ann_fr.times}
    assert resolved["vendredi"] == "2023-07-07" and resolved["samedi"] == "2023-07-08"
    ann_es = read(spanish, "es")
    resolved = {t.text.lower(): t.resolved for t in ann_es.times}
    assert resolved["el viernes"] == "2023-07-07"       # published Monday 10th: the Friday before
    assert resolved["el sábado"] == "2023-07-08"
    hier = read(Article(text="Le ministre a démissionné hier soir, a-t-on appris de source officielle à Paris.",
                        published=SUNDAY), "fr")
    assert [(t.text, t.resolved) for t in hier.times] == [("hier", "2023-07-08")]
    assert to_english("el próximo viernes", "es") == "next friday"
    assert to_english("7 de julio de 2023", "es") == "july 7 2023"


def test_rules_find_sentences_names_quotes_and_numbers():
    ann = read(french, "fr")
    assert len(ann.sentences) == 5
    assert ann.sentences[2].text.startswith("« Nous avons") and ann.sentences[2].text.endswith("Rosa Quispe.")
    names = {(e.text, e.label) for e in ann.entities}
    assert ("Rosa Quispe", "person") in names and ("Dina Boluarte", "person") in names and ("Pérou", "place") in names
    assert [(q.text.startswith("Nous avons"), q.speaker) for q in ann.quotes] == [(True, "Rosa Quispe")]
    assert [(v.text, v.value) for v in values("6,8 degrés, 1.500 Menschen et 2,3 millions", "fr")] == \
        [("6,8", 6.8), ("1.500", 1500.0), ("2,3 millions", 2_300_000.0)]
    assert [v.value for v in values("1,500 people and $2.3 million", "en")] == [1500.0, 2_300_000.0]


def test_annotate_many_reads_each_article_in_its_language_in_order():
    anns = list(annotate_many([english, french, english]))
    assert [a.article_id for a in anns] == [english.id, french.id, english.id]
    assert anns[0] == anns[2]
    assert any(q.speaker == "Rosa Quispe" for q in anns[1].quotes)


def test_compare_labels_the_translation_and_flags_the_changed_number_in_its_quotation():
    c = compare(english, french)
    assert c.relation == "translation" and c.same_story
    assert [s.label for s in c.alignment.b] == ["translated"] * 5
    assert all(s.counterparts == (s.index,) for s in c.alignment.b)
    altered = [q for q in c.quotes if q.status == "altered"]
    assert len(altered) == 1 and altered[0].speaker == "Rosa Quispe"
    assert [(ch["from"], ch["to"], ch["what"]) for ch in altered[0].changes] == [("9", "19", "number")]
    assert {"kind": "number", "a": "9", "b": "19"} in c.facts
    data = c.to_json()
    assert {s["label"] for s in data["sentences"]} == {"translated"}
    assert data["quotes"][0]["changes"][0]["what"] == "number"
    json.dumps(data)


def test_a_faithful_translation_alters_nothing_and_the_missing_paragraph_is_new():
    c = compare(english, spanish)
    assert c.relation == "translation" and c.derived == "b"
    assert [s.label for s in c.alignment.a] == ["translated"] * 4 + ["new"]
    assert [q.status for q in c.quotes] == ["identical"] and c.quotes[0].kind == "translated"
    assert not c.facts


def test_another_event_in_another_language_is_not_a_translation():
    c = compare(english, other_event)
    assert c.relation == "different_event" and not c.same_story
    assert all(s.label != "translated" for s in c.alignment.a)


def test_same_event_probability_separates_the_translation_from_another_event():
    from wiretrace.multilingual import article_vectors, same_event

    vectors = article_vectors([english, french, other_event])
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    same = same_event(english, french, "en", "fr")
    other = same_event(english, other_event, "en", "fr")
    assert same.cross_language and same.probability > 0.8 > 0.2 > other.probability


def test_the_query_prefix_gives_other_vectors_that_still_pair_the_translation():
    from wiretrace.multilingual import encode, lead

    leads = [lead(a.text, a.title) for a in (english, french, other_event)]
    query, passage = encode(leads, query=True), encode(leads)
    assert np.allclose(np.linalg.norm(query, axis=1), 1.0, atol=1e-3)
    assert np.all(np.einsum("ij,ij->i", query, passage) < 0.999)
    assert query[0] @ query[1] > query[0] @ query[2]


def test_a_short_brief_takes_the_query_prefix_and_a_lead_the_passage_prefix():
    from wiretrace.multilingual import QUERY_UNDER, encode, lead, text_vectors

    brief_en = "A landslide in Celendín, Peru, buried 40 homes and killed at least 14 people."
    brief_fr = "Un glissement de terrain à Celendín, au Pérou, a enseveli 40 maisons et fait au moins 14 morts."
    brief_other = "La BCE relève ses taux directeurs d'un quart de point, à 4,25 %."
    long_lead = lead(english.text, english.title)
    assert max(map(len, (brief_en, brief_fr, brief_other))) < QUERY_UNDER <= len(long_lead)
    vectors = text_vectors([brief_en, long_lead, brief_fr, brief_other])
    assert np.allclose(vectors[[0, 2, 3]], encode([brief_en, brief_fr, brief_other], query=True), atol=1e-5)
    assert np.allclose(vectors[1], encode([long_lead])[0], atol=1e-5)
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[3]


@pytest.mark.parametrize("lang,text,day,expected", [
    ("de", "Das Erdbeben tötete am Freitag 23 Menschen, sagte Präsident Pedro Castillo am 7. Juli in Lima.",
     "2023-07-07", {("Pedro Castillo", "person")}),
    ("it", "Il terremoto ha ucciso venerdì 23 persone in Perù, ha detto il presidente Pedro Castillo.",
     "2023-07-07", {("Pedro Castillo", "person"), ("Perù", "place")}),
    ("pt", "O terremoto matou 23 pessoas na sexta-feira no Peru, disse o presidente Pedro Castillo.",
     "2023-07-07", {("Pedro Castillo", "person"), ("Peru", "place")}),
    ("ru", "Землетрясение в Перу в пятницу унесло жизни 23 человек, заявил президент Педро Кастильо.",
     "2023-07-07", {("Педро Кастильо", "person"), ("Перу", "place")}),
    ("ru", "Президент Франции Эмманюэль Макрон 7 июля поблагодарил власти России.",
     "2023-07-07", {("Франции", "place"), ("Эмманюэль Макрон", "person"), ("России", "place")}),
    ("ar", "قال الرئيس عبد الفتاح السيسي يوم الجمعة إن 23 شخصا لقوا حتفهم في مصر بعد انهيار مبنى.",
     "2023-07-07", {("مصر", "place")}),
])
def test_other_languages_get_dates_and_names(lang, text, day, expected):
    ann = read(Article(text=text, published=SUNDAY), lang)
    assert day in {t.resolved for t in ann.times}
    assert expected <= {(e.text, e.label) for e in ann.entities}


def test_centring_by_language_removes_what_a_language_adds_to_every_cosine():
    from wiretrace.multilingual import centred

    rng = np.random.default_rng(7)
    events = rng.normal(size=(6, 384))
    french_direction = rng.normal(size=384) * 3
    english = events / np.linalg.norm(events, axis=1, keepdims=True)
    french = events + rng.normal(scale=0.3, size=events.shape) + french_direction
    french /= np.linalg.norm(french, axis=1, keepdims=True)
    vectors = np.vstack([english, french])
    langs = ["en"] * 6 + ["fr"] * 6
    before = vectors @ vectors.T
    after = centred(vectors, langs) @ centred(vectors, langs).T
    assert before[6, 7] > before[0, 6]                        # two French events closer than a translation
    assert after[0, 6] > after[6, 7]                          # centred: the translation wins
    assert np.allclose(np.linalg.norm(centred(vectors, langs), axis=1), 1.0, atol=1e-5)
    assert np.allclose(centred(vectors[:3], ["en"] * 3), vectors[:3])   # too few to centre: unchanged


def test_a_language_of_few_texts_loses_the_direction_every_vector_shares():
    """Two blurbs in a language too rare to have a mean of its own, of two events, first look alike through the
    direction all the vectors share; less the collection's mean, each stands nearest its own event's report."""
    from wiretrace.multilingual import centred

    rng = np.random.default_rng(11)
    events = rng.normal(size=(6, 384))
    shared = rng.normal(size=384) * 4
    english = events + shared
    french = events + rng.normal(scale=0.3, size=events.shape) + shared + rng.normal(size=384) * 2
    rare = events[:2] + rng.normal(scale=0.3, size=(2, 384)) + shared
    vectors = np.vstack([english, french, rare])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    langs = ["en"] * 6 + ["fr"] * 6 + ["tl"] * 2
    left_as_they_are = np.vstack([centred(vectors[:12], langs[:12]), vectors[12:]])
    before = left_as_they_are @ left_as_they_are.T
    after = centred(vectors, langs) @ centred(vectors, langs).T
    assert before[12, 13] > before[12, 0]                      # the two rare-language texts closest to each other
    assert after[12, 0] > after[12, 13] and after[13, 1] > after[13, 12]


# Stories across languages: `add` places a translation in the story of its original, in either order.

ENGLISH_AFTERMATH = Article(
    text="""Heavy rain delayed the search on Monday for nine people still missing after the Celendín landslide, the regional government said.

Mayor Rosa Quispe said teams had cleared the main road into the town and that 300 residents were sleeping in the school.""",
    title="Rain slows landslide search in Peru", source="Andes Wire", published=date(2023, 7, 10))
OTHER_EVENT_EN = Article(
    text="""The European Central Bank raised its key interest rate by a quarter point to 4.25% on Thursday, its ninth rise in a row, the bank said in Frankfurt.

"Inflation continues to remain too high for too long," president Christine Lagarde told reporters.""",
    title="ECB raises rates for ninth time", source="Euro Desk", published=date(2023, 7, 27))
RUSSIAN = """Оползень в пятницу похоронил 40 домов в городе Селендин на севере Перу, погибли по меньшей мере 14 человек, сообщило региональное правительство.

Спасатели всю ночь пытались добраться до семей, оказавшихся под грязью и камнями после нескольких дней сильных дождей.

«Мы нашли 14 тел и продолжаем искать 9 пропавших», — заявила мэр Роса Киспе.

В субботу национальное агентство по чрезвычайным ситуациям направило в район 120 солдат и два вертолёта.

Президент Перу Дина Болуарте на следующей неделе посетит Селендин."""
russian = Article(text=RUSSIAN, title="Оползень засыпал дома на севере Перу", source="Вестник Анд", published=SUNDAY)


@pytest.fixture(scope="module")
def read_once():
    from wiretrace.fingerprints import profiles

    articles = [english, french, spanish, other_event, ENGLISH_AFTERMATH, OTHER_EVENT_EN, russian]
    annotated = [(a, ann) for a, ann in zip(articles, annotate_many(articles))]
    return {a.id: (a, ann, p) for (a, ann), p in zip(annotated, profiles(annotated))}


def _stories(path, read_once, order):
    from wiretrace import Store

    with Store(path) as store:
        for article in order:
            assert store.add([read_once[article.id]]).added == [article.id]
        return {a.id: store.story_of(a.id) for a in order}


def test_profiles_know_their_language(read_once):
    assert [read_once[a.id][2].language for a in (english, french, spanish, other_event)] == ["en", "fr", "es", "fr"]


@pytest.mark.parametrize("first", ["english", "french"])
def test_an_english_report_and_its_french_translation_join_one_story(tmp_path, read_once, first):
    """In either order; the ECB decision, in French and in English, stays apart from the landslide."""
    pair = [english, french] if first == "english" else [french, english]
    story = _stories(tmp_path / "news.db", read_once, [OTHER_EVENT_EN, *pair, other_event])
    assert story[english.id] == story[french.id]
    assert story[other_event.id] not in (story[english.id], None)
    assert story[OTHER_EVENT_EN.id] != story[english.id]


def test_a_russian_translation_joins_through_the_multilingual_leads_alone(tmp_path, read_once, monkeypatch):
    """Its names transliterate otherwise ("Роза Киспе" reads "rosa kispe", "Селендин" "selendin") and its MiniLM
    vector lies among Russian texts, so the story model alone opens a story for it; the e5 leads join it."""
    from wiretrace.stories import across

    story = _stories(tmp_path / "with.db", read_once, [english, OTHER_EVENT_EN, russian])
    assert story[russian.id] == story[english.id] != story[OTHER_EVENT_EN.id]
    monkeypatch.setattr(across, "joined", lambda store, profile, rowids, decision, constraints=None: decision)
    story = _stories(tmp_path / "without.db", read_once, [english, OTHER_EVENT_EN, russian])
    assert story[russian.id] not in (story[english.id], story[OTHER_EVENT_EN.id])


def test_three_languages_one_story_and_leads_embedded_once(tmp_path, read_once, monkeypatch):
    from wiretrace import Store
    from wiretrace.stories import across

    embedded = []
    real = across.article_vectors
    monkeypatch.setattr(across, "article_vectors", lambda articles: embedded.extend(a.id for a in articles) or real(articles))
    with Store(tmp_path / "news.db") as store:
        for article in (english, french, spanish, ENGLISH_AFTERMATH):
            assert store.add([read_once[article.id]]).added == [article.id]
        stories = {store.story_of(a.id) for a in (english, french, spanish)}
        kept = dict(store.db.execute("SELECT article_id, language FROM lead_vectors"))
    assert len(stories) == 1
    assert len(embedded) == len(set(embedded))
    assert kept[french.id] == "fr" and kept[spanish.id] == "es"


def test_english_only_adding_never_loads_the_multilingual_model(tmp_path, read_once, monkeypatch):
    from wiretrace import Store
    from wiretrace.stories import across

    def refuse(articles):
        raise AssertionError("an English-only store embedded a lead with e5")

    monkeypatch.setattr(across, "article_vectors", refuse)
    with Store(tmp_path / "news.db") as store:
        for article in (english, ENGLISH_AFTERMATH, OTHER_EVENT_EN):
            assert store.add([read_once[article.id]]).added == [article.id]
        assert store.db.execute("SELECT count(*) FROM lead_vectors").fetchone()[0] == 0


def test_recluster_keeps_the_stories_joined_across_languages(tmp_path, read_once):
    """A replay takes the step across languages as `add` did: on an unchanged store it changes nothing, and the
    Russian translation, joined through the multilingual leads alone, stays with its original."""
    from wiretrace import Store
    from wiretrace.stories.recluster import recluster

    order = [english, OTHER_EVENT_EN, french, russian, ENGLISH_AFTERMATH, other_event]
    story = _stories(tmp_path / "news.db", read_once, order)
    assert story[russian.id] == story[french.id] == story[english.id] != story[OTHER_EVENT_EN.id]
    with Store(tmp_path / "news.db") as store:
        result = recluster(store, orders=1)
        assert result.moved == () and store.story_assignment() == {a: s for a, s in story.items()}
