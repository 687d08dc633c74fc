"""A scanned, trimmed copy joins its original; a scanned, trimmed rewrite that keeps every name and number and
re-words three of its paragraphs stays apart (the names check cannot part them: the containment must). A heavy spin
(content words swapped, the sentences' skeleton kept) joins though it keeps too few shingles for the text tests; a
hand rewrite stays apart, whether it changes the numbers or keeps every name, and so does a same-template report
of another event."""

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


SPUN = """A blaze at the Castellane Chemicals facility in Port Aubrey raged for nine hours on Tuesday and sent a cloud
of dark smoke over the Saltings estuary, the Norland Fire Service stated on Wednesday.

Station chief Ruth Adebayo stated 14 engines and roughly 90 firefighters battled the fire, which began in a
warehouse hall containing 600 tonnes of plastic pellets soon after 2 p.m. Nobody was injured, she noted, though three
staff were examined for smoke inhalation at Kestrel Road Hospital and sent home.

Locals of Mill Quay and the Foxhole estate were instructed to keep windows and doors closed until the smoke lifted.
The Environment Agency stated it was checking water in the estuary after firefighters spotted run-off flowing into
a drain near the eastern jetty.

The facility employs 240 individuals and produces wrapping film for supermarkets. Its managing director, Henrik Solberg,
stated the firm would cooperate completely with the inquiry and that the other halls on the premises had not been
harmed. Output would restart on Monday, he noted.

Councillor Amina Farouk, who represents the Mill Quay ward, stated the blaze was the second at the premises since 2019
and that locals wished to know why the warehouse hall had no sprinklers. "People here have been worried about
that building for years," she said. "Today they watched it burn."

The fire service stated the cause was not yet established. Inspectors from the Health and Safety Executive were expected
at the facility on Thursday, and the Saltings Road stayed shut between the harbour roundabout and the depot."""

NUMBERS_CHANGED = """A fire at the Castellane Chemicals plant in Port Aubrey burned for eleven hours on Tuesday, with a
plume of black smoke carried across the Saltings estuary, the Norland Fire Service said on Wednesday.

According to station commander Ruth Adebayo, 16 engines and close to 120 firefighters were sent to the blaze. It had
started shortly after 2 p.m. in a storage hall where 800 tonnes of plastic granules were kept. She said nobody was hurt,
but three workers were taken to Kestrel Road Hospital to be checked for smoke inhalation and were later sent home.

Residents of Mill Quay and the Foxhole estate were told to keep windows and doors shut until the smoke cleared.
The Environment Agency said it was testing water in the estuary after firefighters saw run-off entering a drain
near the eastern jetty.

With 240 staff, the plant makes packaging film for supermarkets. Henrik Solberg, its managing director, promised
that the company would cooperate fully with the investigation; the other halls on the site, he said, were not damaged,
and production should resume on Monday.

Councillor Amina Farouk, who represents the Mill Quay ward, said the fire was the second at the site since 2019
and that residents wanted to know why the storage hall had no sprinklers. "People here have been worried about
that building for years," she said. "Today they watched it burn."

The fire service said the cause was not yet known. Investigators from the Health and Safety Executive were due
at the plant on Thursday, and the Saltings Road remained closed between the harbour roundabout and the depot."""

OTHER_EVENT = """A fire at the Meridian Polymers plant in Ravensholm burned for six hours on Friday and sent a plume
of black smoke across the Calder basin, the Westmoor Fire Service said on Saturday.

Station commander Peter Okonjo said 11 engines and about 70 firefighters fought the blaze, which started in a
storage hall holding 450 tonnes of plastic granules shortly after 9 a.m. Nobody was hurt, he said, though two
workers were checked for smoke inhalation at Hollins Lane Hospital and sent home.

Residents of Brook End and the Larchfield estate were told to keep windows and doors shut until the smoke cleared.
The Environment Agency said it was testing water in the basin after firefighters saw run-off entering a drain
near the northern wharf.

The plant employs 180 people and makes packaging film for supermarkets. Its managing director, Greta Lindholm,
said the company would cooperate fully with the investigation and that the other halls on the site had not been
damaged. Production would resume on Wednesday, she said.

Councillor Tomasz Wierzbicki, who represents the Brook End ward, said the fire was the second at the site since 2017
and that residents wanted to know why the storage hall had no sprinklers. "People here have been worried about
that building for years," he said. "Today they watched it burn."

The fire service said the cause was not yet known. Investigators from the Health and Safety Executive were due
at the plant on Monday, and the Calder Road remained closed between the canal roundabout and the depot."""


def test_a_scanned_copy_joins_and_a_scanned_rewrite_with_every_name_stays_apart():
    pairs = np.array([[0, 1], [0, 2]])
    for seed in range(4):
        sketches = dedup.sketch([REPORT, scanner_reading(trim(REPORT, 5), 0.05, seed), scanner_reading(trim(REWRITE, 5), 0.05, seed)])
        assert dedup.verify(pairs, sketches).tolist() == [[0, 1]]


def test_a_scan_of_a_text_in_another_language_joins_its_original():
    """Read against German words, the text is clean and its scan noisy, as an English text and its scan are (read
    against English ones, the text looked a scan at 20% and more)."""
    text = ("Ein Brand im Werk von Castellane Chemicals in Port Aubrey hat am Dienstag neun Stunden gedauert und eine "
            "schwarze Rauchwolke über die Mündung der Saltings getrieben, teilte die Feuerwehr am Mittwoch mit. "
            "Nach Angaben der Feuerwehr wurde niemand verletzt; drei Arbeiter wurden im Krankenhaus untersucht. "
            "Die Anwohner von Mill Quay sollten Fenster und Türen geschlossen halten, bis der Rauch abgezogen war.")
    sketches = dedup.sketch([text, scanner_reading(text, 0.05, seed=2)])
    assert sketches.noise[0] < 0.01 < sketches.noise[1]
    assert dedup.verify(np.array([[0, 1]]), sketches).tolist() == [[0, 1]]


def test_a_heavy_spin_joins_through_its_skeleton():
    """It keeps 0.69 of the report's shingles (0.9 asked), every name and number, and nearly all its skeleton."""
    sketches = dedup.sketch([REPORT, SPUN])
    assert dedup.verify(np.array([[0, 1]]), sketches).tolist() == [[0, 1]]
    assert dedup.verify(np.array([[0, 1]]), sketches, skeleton=2.0).tolist() == []
    assert dedup.skeleton_contained(sketches.names[:1], sketches.names[1:])[0] >= dedup.SKELETON


def test_hand_rewrites_and_another_event_told_alike_stay_apart():
    """The rewrite that changes the toll, the engines and the tonnage, and the one that keeps every name, re-word
    sentences round new structures and lose their skeleton; the other event keeps the skeleton and changes the
    names."""
    sketches = dedup.sketch([REPORT, NUMBERS_CHANGED, REWRITE, OTHER_EVENT])
    assert dedup.verify(np.array([[0, 1], [0, 2], [0, 3]]), sketches).tolist() == []
    kept = dedup.skeleton_contained(sketches.names[[0, 0, 0]], sketches.names[[1, 2, 3]])
    assert kept[0] < dedup.SKELETON and kept[1] < dedup.SKELETON and kept[2] >= dedup.SKELETON
