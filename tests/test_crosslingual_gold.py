"""The ITN event gold and the scores of evaluation/crosslingual.py, on a corpus of our own in ITN's format."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def cl(evaluation_script):
    return evaluation_script("crosslingual")


def entry(lang: str, keyword: str, blurb: str) -> dict:
    return {"lang": lang, "keyword": keyword, "blurb": blurb}


# Two prizes announced in one sentence (filed under both laureates in English), a harbour strike filed under the
# union and, in German, under the port too; a flood that no other QID shares.
CORPUS = {
    "Q10": {"1.0": entry("en", "Ana Ruiz", "<b><a title=\"Ana Ruiz\">Ana Ruiz</a></b> and <b>Li Wen</b> win the "
                                           "Halvorsen Prize for chemistry."),
            "2.0": entry("fr", "Ana Ruiz", "<b>Ana Ruiz</b> reçoit le prix Halvorsen de chimie.")},
    "Q11": {"1.5": entry("en", "Li Wen", "<b><a title=\"Ana Ruiz\">Ana Ruiz</a></b> and <b>Li Wen</b> win the "
                                         "Halvorsen Prize for chemistry."),
            "3.0": entry("es", "Li Wen", "<b>Li Wen</b> gana el premio Halvorsen de química.")},
    "Q20": {"4.0": entry("de", "Hafenarbeiterbund", "Der <b>Hafenarbeiterbund</b> legt den Hafen von Kessa still."),
            "5.0": entry("en", "Dockers' Union", "The <b>Dockers' Union</b> shuts the port of Kessa.")},
    "Q21": {"4.5": entry("de", "Hafen Kessa", "Der <b>Hafenarbeiterbund</b> legt den Hafen von Kessa still.")},
    "Q30": {"6.0": entry("en", "Oren floods", "The <b>Oren river</b> floods 40 villages.")},
}


def test_qids_filing_one_text_in_one_language_are_one_event(cl):
    events = cl.itn_events(CORPUS)
    assert events["Q10"] == events["Q11"] == "Q10"
    assert events["Q20"] == events["Q21"] == "Q20"
    assert events["Q30"] == "Q30"
    assert len(set(events.values())) == 3


def test_the_same_words_in_two_languages_do_not_join(cl):
    corpus = {"Q1": {"1": entry("en", "Oslo", "<b>Oslo</b> hosts the summit.")},
              "Q2": {"1": entry("no", "Oslo", "<b>Oslo</b> hosts the summit.")}}
    assert cl.itn_events(corpus) == {"Q1": "Q1", "Q2": "Q2"}


def test_joins_are_transitive(cl):
    assert cl.joined(["Q3", "Q1", "Q2", "Q4"], [{"Q3", "Q2"}, {"Q2", "Q1"}]) == {
        "Q1": "Q1", "Q2": "Q1", "Q3": "Q1", "Q4": "Q4"}


def test_a_bolded_link_to_another_qids_keyword_links_the_two(cl):
    assert ("Q11", "Q10") in cl.keyword_links(CORPUS)
    assert all(a != b for a, b in cl.keyword_links(CORPUS))


def test_bcubed_is_perfect_for_the_gold_and_charges_a_merge_by_item(cl):
    gold = ["a", "a", "b", "c"]
    assert cl.bcubed([1, 1, 2, 3], gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    merged = cl.bcubed([1, 1, 1, 1], gold)
    assert merged["recall"] == 1.0
    assert merged["precision"] == pytest.approx((0.5 + 0.5 + 0.25 + 0.25) / 4, abs=1e-3)
    split = cl.bcubed([1, 2, 3, 4], gold)
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(0.75, abs=1e-3)


def blurbs_of(cl, corpus):
    out = []
    for qid, versions in corpus.items():
        newest = {}
        for _, v in sorted(versions.items(), key=lambda kv: float(kv[0])):
            newest[v["lang"]] = v
        out += [{"event": qid, "lang": lang, "text": cl.blurb_text(v["blurb"]), "day": None}
                for lang, v in newest.items()]
    return out


def test_a_perfect_reader_scores_one_on_the_events_and_less_on_the_qids(cl):
    blurbs = blurbs_of(cl, CORPUS)
    events = cl.itn_events(CORPUS)
    perfect = cl._labels(cl.text_groupings(blurbs, events)["by event"])
    similarity = (perfect[:, None] == perfect[None, :]).astype(float)
    r = cl.event_readings(similarity, 0.5, blurbs, events)
    assert r["event"]["all_pairs"]["f1"] == r["event"]["bcubed"]["f1"] == 1.0
    assert r["event_texts"]["units"] == len(blurbs) - 2   # two sentences are each filed twice
    assert r["event"]["ceiling"]["f1"] == 1.0
    assert r["qid"]["all_pairs"]["f1"] < 1.0
    assert r["qid"]["ceiling"]["f1"] < 1.0


def test_language_pair_offsets_are_the_mean_cosine_of_each_pair_of_languages(cl):
    similarity = np.array([[1.0, 0.6, 0.2, 0.3],
                           [0.6, 1.0, 0.1, 0.4],
                           [0.2, 0.1, 1.0, 0.8],
                           [0.3, 0.4, 0.8, 1.0]])
    table = cl.offset_table(similarity, ["en", "en", "fr", "fr"], minimum=2)
    assert table[("en", "en")] == pytest.approx(0.6)
    assert table[("en", "fr")] == pytest.approx(0.25)
    assert cl.offset_of(table, "fr", "en") == pytest.approx(0.25)
    assert cl.offset_of(table, "de", "en") == pytest.approx(table["cross"])
    assert cl.pair_offsets(similarity, ["en", "en", "fr", "fr"])[0, 2] == pytest.approx(table["cross"])


def test_mutual_neighbours_and_their_components(cl):
    similarity = np.array([[1.0, 0.9, 0.1],
                           [0.9, 1.0, 0.5],
                           [0.1, 0.5, 1.0]])
    near = cl.mutual_neighbours(similarity, 1)
    assert near[0, 1] and near[1, 0] and not near[1, 2]
    labels = cl.components(near)
    assert labels[0] == labels[1] != labels[2]
