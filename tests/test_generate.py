"""The copy generator that the copy evaluation and the benchmarks read: a template twin must be another event
throughout, and noisy copies must come at the error rate asked for."""

import random
import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate  # noqa: E402

REPORT = (
    "BAMAKO, March 16 (GPA) - A drone strike killed Abdelkarim al-Tawili, a commander of the armed group, near "
    "the village of Inazzar on Thursday, the Combined Sahel Task Force said.\n\n"
    "Tawili planned attacks that killed dozens of soldiers in the border region, the task force said. The vehicle "
    "carrying Tawili and his guards was tracked for six hours before the strike, according to the statement."
)


def seed_record() -> generate.Record:
    return generate.Record(id="g0000001", url="https://wire.example/strike", source="GPA", title="Drone strike",
                           published=datetime(2024, 3, 16, 9), text=REPORT, event="e1", derived_from=None,
                           operation="original", people=["Abdelkarim al-Tawili"], places=["Inazzar"])


def test_a_twin_renames_a_surname_that_stands_without_its_particle():
    twin = generate.new_event(seed_record(), random.Random(3))["text"]
    assert "Tawili" not in twin and "Inazzar" not in twin
    new_surname = twin.split("killed ")[1].split(",")[0].split()[-1]
    assert twin.count(new_surname) == 3, twin   # the full name once, the surname alone twice


def test_noisy_copies_come_at_the_levels_asked_for():
    seeds = [seed_record()]
    records = list(generate.generate(seeds, 40, seed=2, operations={"noise": 1.0}, chains=False,
                                     noise_levels=(0.05,)))
    noisy = [r for r in records if r.operation == "noise"]
    assert len(noisy) == 39 and {r.cer for r in noisy} == {0.05}
    assert all(r.text != REPORT for r in noisy)



def test_a_column_copy_breaks_its_lines_at_the_width_and_keeps_its_paragraphs():
    records = list(generate.generate([seed_record()], 6, seed=4, operations={"column": 1.0}, chains=False,
                                     noise_levels=(0.01,)))
    for record in records[1:]:
        lines = [line for line in record.text.split("\n") if line]
        assert record.operation == "column" and record.cer == 0.01 and len(lines) >= 8
        assert max(map(len, lines)) <= 41 and record.text.count("\n\n") == 1
    clean = generate.set_in_column(REPORT, random.Random(1), 30)
    assert "-\n" in clean and clean.replace("-\n", "").split() == REPORT.split()

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@pytest.mark.skipif(not (DATASETS / generate.POLNEAR / "metadata.tsv").exists(),
                    reason="PolNeAR is absent (../shared/datasets/polnear)")
def test_polnear_articles_are_seeds_with_their_outlet_day_and_title():
    seeds = generate.real_seeds(DATASETS, words=(150, 2000), corpora=(generate.POLNEAR,))
    assert len(seeds) > 800
    assert {s.source for s in seeds} == {"breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post",
                                         "west-journal"}
    assert all(2015 <= s.published.year <= 2016 and s.title for s in seeds)
    assert len({s.event for s in seeds}) == len(seeds)     # each article its own event
    assert sum(bool(s.people) for s in seeds) > 0.9 * len(seeds)   # names for its template twins to swap
