"""evaluation/copies_artefacts.py: its artefacts do what they say, and a scan with words split by spaces still
joins its text while its template twin's stays apart (skipped where ../shared is absent)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

BASIL = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "basil"
REPORT = ('Sheriff Doreen Kowalczyk said deputies went door to door along Canal Street until 4 a.m., and that '
          'two people were taken to hospital. "We asked people to leave early," she said.\n\nThe river crested at '
          '31.4 feet; forecasters expect the water to fall slowly through Thursday.')


@pytest.fixture(scope="module")
def evaluation(evaluation_script):
    return evaluation_script("copies_artefacts")


def test_each_artefact_changes_the_text_as_it_says(evaluation):
    rng = random.Random(3)
    split = evaluation.split_words(REPORT * 20, rng)
    assert len(split.split()) > len((REPORT * 20).split()) and split.replace(" ", "") == (REPORT * 20).replace(" ", "")
    marks = evaluation.misread_marks(REPORT, random.Random(1))
    assert marks != REPORT and len(marks.split()) == len(REPORT.split())
    opening = evaluation.capitals_first(REPORT, random.Random(2))
    assert opening.startswith("SHERIFF DOREEN KOWALCZYK") and opening.endswith(REPORT[-40:])
    assert evaluation.KINDS["HTML entities"](REPORT, rng).count("&quot;") == 2


def test_the_other_scanner_misreads_about_the_share_it_is_asked(evaluation):
    from rapidfuzz.distance import Levenshtein

    text = REPORT * 30
    for cer in (0.05, 0.10):
        read = evaluation.other_scanner(text, random.Random(5), cer)
        assert abs(Levenshtein.distance(text, read) / len(text) - cer) < 0.3 * cer
    digits = {c for c in evaluation.other_scanner("31.4 feet at 4 a.m. on 12 June. " * 40, random.Random(6), 0.1)
              if c.isdigit()}
    assert {"8", "7"} <= digits   # 3 read as 8, 1 as 7: digits misread as digits


@pytest.mark.skipif(not BASIL.is_dir(), reason="BASIL is absent (../shared/datasets/basil)")
def test_scans_with_words_split_join_their_texts_and_no_twin(evaluation):
    result = evaluation.scored("BASIL", "words split, 5% noise")
    assert result["seeds"] == evaluation.SEEDS and result["twins_merged"] == 0
    assert result["with_own_text"] > 0.98 and result["precision"] == 1.0
