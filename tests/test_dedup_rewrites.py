"""A scanned, trimmed copy joins its original; a scanned, trimmed rewrite that keeps every name and number and
re-words three of its paragraphs stays apart (the names check cannot part them: the containment must)."""

import numpy as np

from scan_support import scanner_reading, trim
from wiretrace import dedup

REPORT = """A fire at the Castellane Chemicals plant in Port Aubrey burned for nine hours on Tuesday and sent a plume
of black smoke across the Saltings estuary, the Norland Fire Service said on Wednesday.

Station commander Ruth Adebayo said 14 engines and about 90 firefighters fought the blaze, which started in a
storage hall holding 600 tonnes of plastic granules shortly after 2 p.m. Nobody was hurt, she said, though three
workers were checked for smoke inhalation at Kestrel Road Hospital and sent home.

Residents of Mill Quay and the Foxhole estate were told to keep windows and doors shut until the smoke cleared.
The Environment Agency said it was testing water in the estuary after firefighters saw run-off entering a drain
near the eastern jetty.

The plant employs 240 people and makes packaging film for supermarkets. Its managing director, Henrik Solberg,
said the company would cooperate fully with the investigation and that the other halls on the site had not been
damaged. Production would resume on Monday, he said.

Councillor Amina Farouk, who represents the Mill Quay ward, said the fire was the second at the site since 2019
and that residents wanted to know why the storage hall had no sprinklers. "People here have been worried about
that building for years," she said. "Today they watched it burn."

The fire service said the cause was not yet known. Investigators from the Health and Safety Executive were due
at the plant on Thursday, and the Saltings Road remained closed between the harbour roundabout and the depot."""

REWRITE = """A fire at the Castellane Chemicals plant in Port Aubrey raged for nine hours on Tuesday, and black smoke
drifted over the Saltings estuary, according to a statement by the Norland Fire Service on Wednesday.

Station commander Ruth Adebayo said 14 engines and about 90 firefighters fought the blaze, which started in a
storage hall holding 600 tonnes of plastic granules shortly after 2 p.m. Nobody was hurt, she said, though three
workers were checked for smoke inhalation at Kestrel Road Hospital and sent home.

People living in Mill Quay and on the Foxhole estate were asked to stay indoors with their windows closed until
the air was clear. Water in the estuary is being tested by the Environment Agency, which acted after crews
noticed contaminated water flowing into a drain by the eastern jetty.

The plant employs 240 people and makes packaging film for supermarkets. Its managing director, Henrik Solberg,
said the company would cooperate fully with the investigation and that the other halls on the site had not been
damaged. Production would resume on Monday, he said.

According to Councillor Amina Farouk of the Mill Quay ward, it was the second fire on the site since 2019, and
locals are asking why there were no sprinklers in the storage hall. "People here have been worried about
that building for years," she said. "Today they watched it burn."

The fire service said the cause was not yet known. Investigators from the Health and Safety Executive were due
at the plant on Thursday, and the Saltings Road remained closed between the harbour roundabout and the depot."""


def test_a_scanned_copy_joins_and_a_scanned_rewrite_with_every_name_stays_apart():
    pairs = np.array([[0, 1], [0, 2]])
    for seed in range(4):
        sketches = dedup.sketch([REPORT, scanner_reading(trim(REPORT, 5), 0.05, seed), scanner_reading(trim(REWRITE, 5), 0.05, seed)])
        assert dedup.verify(pairs, sketches).tolist() == [[0, 1]]


def test_a_scan_of_a_text_in_another_language_joins_its_original():
    """Few of its words are English ones, so it reads as noisy: its thresholds fall as a scan's do."""
    text = ("Ein Brand im Werk von Castellane Chemicals in Port Aubrey hat am Dienstag neun Stunden gedauert und eine "
            "schwarze Rauchwolke über die Mündung der Saltings getrieben, teilte die Feuerwehr am Mittwoch mit. "
            "Nach Angaben der Feuerwehr wurde niemand verletzt; drei Arbeiter wurden im Krankenhaus untersucht. "
            "Die Anwohner von Mill Quay sollten Fenster und Türen geschlossen halten, bis der Rauch abgezogen war.")
    sketches = dedup.sketch([text, scanner_reading(text, 0.05, seed=2)])
    assert sketches.noise[0] > dedup.MISREAD
    assert dedup.verify(np.array([[0, 1]]), sketches).tolist() == [[0, 1]]
