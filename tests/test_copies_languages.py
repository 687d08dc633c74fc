"""evaluation/copies_languages.py on SemEval-2022's Turkish full texts (skipped where ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiretrace import dedup

REPO = Path(__file__).resolve().parent.parent
TURKISH = REPO.parent / "shared" / "datasets" / "semeval2022_task8" / "bl_research" / "turkish" / "corpus_tr_notes.csv"


@pytest.fixture(scope="module")
def evaluation(evaluation_script):
    return evaluation_script("copies_languages")


@pytest.mark.skipif(not TURKISH.exists(), reason="SemEval-2022's texts are absent (../shared/datasets)")
def test_unrelated_turkish_reports_no_longer_join_and_wire_reprints_still_do(evaluation):
    texts, _ = evaluation.articles("Turkish")
    assert len(texts) > 700
    shipped = dedup.FOREIGN, dedup.LATIN_BYTES

    def jaccards(as_shipped: bool):
        pairs, sketches = evaluation.links(texts, as_shipped)
        return dedup.similarity(sketches.take(pairs[:, 0]), sketches.take(pairs[:, 1]))[0]

    now, before = jaccards(True), jaccards(False)
    assert (now < evaluation.NEAR_COPY).sum() <= 10 < 100 <= (before < evaluation.NEAR_COPY).sum()
    assert (now >= evaluation.NEAR_COPY).sum() >= 5          # the agency's reprints
    assert (dedup.FOREIGN, dedup.LATIN_BYTES) == shipped     # the reading as shipped is put back
