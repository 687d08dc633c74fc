"""Containment of trimmed and noisy copies from the bottom-k shingle sketch: exact on short texts, close on long
ones, and what lets a scanned, trimmed copy join its original while a same-template report stays apart."""

import json
import re

import numpy as np
import pytest

from scan_support import column, scanner_reading, trim
from wiretrace import dedup
from wiretrace.article import unwrap
from wiretrace.batch import _work as _WORK

FLOOD = """Flood waters rose above the levee at Riverton on Sunday night, forcing about 2,300 residents of the
Marsh End and Old Mill districts from their homes, the Harlan County emergency office said on Monday.

Sheriff Doreen Kowalczyk said deputies went door to door along Canal Street until 4 a.m. and that two people
were taken to St. Brigid's Hospital with minor injuries. "We asked people to leave early, and most of them did,"
she said. "The ones who stayed waited for the boats."

The Weller River crested at 31.4 feet at the Riverton gauge, nearly six feet above flood stage, according to the
National Weather Service office in Dunmore. Forecasters expect the water to fall slowly through Thursday, with
more rain possible over the weekend.

Governor Patrick Oyelaran declared a state of emergency for Harlan and Tamsey counties and asked the National
Guard to send 120 soldiers with high-water trucks. The state will open a shelter at the Riverton fairgrounds,
where the Red Cross had already set up 400 cots by Monday afternoon.

Town engineer Lucas Brennerman said the levee, built in 1958 and raised in 1997, held along most of its length
but was topped near the rail bridge, where a stretch of about 200 yards is lower than the rest. Repairs funded
by a federal grant of $14 million were due to begin in April.

Farmers south of town said fields of winter wheat were under water across several thousand acres. "It is the
third time in eleven years," said Ellen Sato, who grows corn and wheat on 900 acres near Pike Crossing. "Every
time they tell us the next one is a hundred years away."

Schools in the Riverton district will stay closed until Wednesday, superintendent Marcus Oyelowo said, and the
county fair board postponed a livestock sale planned for Saturday. The bridge on Route 9 remained closed."""


def _exact(a: str, b: str) -> float:
    small, large = sorted((set(dedup.shingles(a)), set(dedup.shingles(b))), key=len)
    return len(small & large) / len(small)


def _contained(a: str, b: str) -> float:
    s = dedup.sketch([a, b])
    return float(dedup.contained(s.bottom[:1], s.sizes[:1], s.bottom[1:], s.sizes[1:])[0])


def _through_jaccard(a: str, b: str) -> float:
    s = dedup.sketch([a, b])
    j = float((s.signatures[0] == s.signatures[1]).mean())
    return min(j / (1 + j) * (s.sizes[0] + s.sizes[1]) / min(s.sizes), 1.0)


def test_containment_is_exact_for_texts_of_fewer_shingles_than_the_sketch_holds():
    lede = FLOOD.split("\n\n")[0]
    shorter = lede.split(", forcing")[0] + "."
    assert len(set(dedup.shingles(lede))) < dedup.BOTTOM
    assert _contained(shorter, lede) == _exact(shorter, lede) == 1.0
    scanned = scanner_reading(lede, 0.1, seed=1)
    assert 0.5 < _contained(scanned, lede) == _exact(scanned, lede) < 1.0


def test_containment_of_trimmed_noisy_copies_of_a_long_article_stays_near_the_exact_share():
    assert len(set(dedup.shingles(FLOOD))) > 4 * dedup.BOTTOM
    errors, through_jaccard = [], []
    for seed in range(12):
        copy = scanner_reading(trim(FLOOD, 3 + seed % 4), 0.03 + 0.01 * (seed % 8), seed)
        exact = _exact(copy, FLOOD)
        errors.append(abs(_contained(copy, FLOOD) - exact))
        through_jaccard.append(abs(_through_jaccard(copy, FLOOD) - exact))
    assert max(errors) < 0.07
    assert np.mean(errors) < np.mean(through_jaccard)


def test_sketch_parts_keep_the_bottom_k_rows_in_order():
    texts = [FLOOD, trim(FLOOD, 2), "Short.", ""]
    whole = dedup.sketch(texts)
    parts = dedup.Sketches.concat([dedup.sketch(texts[:2]), dedup.sketch(texts[2:])])
    assert np.array_equal(whole.bottom, parts.bottom) and np.array_equal(whole.take([2, 0]).bottom[1], whole.bottom[0])
    hashes = np.sort(np.unique(whole.bottom[0]))
    assert np.array_equal(whole.bottom[0], hashes[:dedup.BOTTOM])        # the smallest, ascending, distinct
    assert (whole.bottom[2] == np.uint32(2**32 - 1)).sum() == dedup.BOTTOM - whole.sizes[2]


def test_names_read_a_block_of_texts_at_a_time_give_the_sketches_of_all_at_once(monkeypatch):
    """`sketch` reads names _NAMES_ROWS texts at a time (all 100,000 of a corpus at once took 6 GB): blocks of
    two give every text the names sketch it has when all are read together."""
    texts = [FLOOD, trim(FLOOD, 2), scanner_reading(FLOOD, 0.05, 3), "Short.", ""]
    whole = dedup.sketch(texts)
    monkeypatch.setattr(dedup, "_NAMES_ROWS", 2)
    blocks = dedup.sketch(texts)
    assert np.array_equal(whole.names, blocks.names) and np.array_equal(whole.signatures, blocks.signatures)
    assert len({row.tobytes() for row in blocks.names[:3]}) == 3     # three texts, three sketches of their own


def _flood_elsewhere() -> str:
    """FLOOD's template told of another flood: every name, number and day changed."""
    swaps = {"Riverton": "Ashford", "Doreen Kowalczyk": "Martin Ebbesen", "Kowalczyk": "Ebbesen", "Weller": "Tolan",
             "Harlan": "Corbin", "Sunday": "Tuesday", "Monday": "Wednesday", "2,300": "1,800", "31.4": "27.9",
             "Patrick Oyelaran": "Janet Whitlow", "Lucas Brennerman": "Owen Pritchard", "Ellen Sato": "Ruth Amadi",
             "Marcus Oyelowo": "Daniel Feyre", "St. Brigid's": "Mercy General", "120": "80", "1958": "1964",
             "$14 million": "$9 million", "Canal Street": "Front Street", "Pike Crossing": "Elm Ford"}
    return re.sub("|".join(sorted(map(re.escape, swaps), key=len, reverse=True)), lambda m: swaps[m.group()], FLOOD)


def test_a_trimmed_scan_joins_its_original_and_a_same_template_report_stays_apart():
    other = _flood_elsewhere()
    scans = [scanner_reading(trim(FLOOD, 4), 0.08, seed) for seed in (21, 22, 23)]
    texts = [FLOOD, other, *scans]
    sketches = dedup.sketch(texts)
    pairs = dedup.verify(dedup.copy_candidates(sketches), sketches)
    labels = dedup.components(len(texts), pairs)
    assert labels.tolist() == [0, 1, 0, 0, 0]
    assert _exact(other, FLOOD) > 0.6                  # the template twin shares most of its text


def test_a_scan_of_a_newspaper_column_reads_the_names_of_its_original_and_joins_it_alone():
    """A column breaks a line every 30-40 characters: a name opening a line read as opening a sentence, and a word
    hyphenated over a break as two, so that a clean scan of a column lost names its original states."""
    original = " ".join(FLOOD.split("\n")).replace("  ", "\n\n")   # a paragraph a line: no column
    assert not dedup._wrapped(dedup._scanned([original]))[0]
    set_in_column = column(original, 34, seed=5)
    assert set_in_column.count("-\n") >= 3 and dedup._wrapped(dedup._scanned([set_in_column]))[0]
    assert unwrap(set_in_column).replace("-", "") == original.replace("-", "")
    assert dedup.names(set_in_column) == dedup.names(original)
    other = " ".join(_flood_elsewhere().split("\n")).replace("  ", "\n\n")
    scans = [scanner_reading(column(trim(text, keep), 32, seed), 0.1, seed)
             for keep, seed in ((3, 0), (3, 3), (4, 2)) for text in (original, other)]
    texts = [original, other, *scans]
    sketches = dedup.sketch(texts)
    labels = dedup.components(len(texts), dedup.verify(dedup.copy_candidates(sketches), sketches))
    assert labels.tolist() == [0, 1] * 4


def test_copies_in_capitals_join_their_original_and_not_each_other():
    """In capitals (a wire's teletype copy) every word reads as a name: copies in capitals of a report and of its
    template twin shared nearly all of theirs and joined. Their names are now the words no list of English holds."""
    swaps = {"Riverton": "Ashford", "Doreen Kowalczyk": "Martin Ebbesen", "Weller": "Tolan", "2,300": "1,800",
             "31.4": "27.9"}   # another flood told alike, its town, sheriff, river and figures changed
    other = re.sub("|".join(map(re.escape, swaps)), lambda m: swaps[m.group()], FLOOD)
    texts = [FLOOD, other, FLOOD.upper(), other.upper()]
    sketches = dedup.sketch(texts)
    assert sketches.shouted.tolist() == [False, False, True, True]
    found = dedup.names(texts[2])
    assert {dedup.fold(w) for w in ("Kowalczyk", "Oyelaran", "1958")} <= found
    assert {dedup.fold(w) for w in ("Governor", "levee", "Harlan County")}.isdisjoint(found)   # words of English
    shouted = dedup.names("THE GOVERNMENT OF THE NORTHERN PROVINCE SAID FERRIES RETURNED TO VALMERA ON TUESDAY.")
    assert shouted == {dedup.fold("Valmera")}   # RN read as M, as the word list's rn is: no name in these words
    labels = dedup.components(len(texts), dedup.verify(dedup.copy_candidates(sketches), sketches))
    assert labels.tolist() == [0, 1, 0, 1]


def test_lines_of_a_report_a_paragraph_or_heading_each_are_no_column():
    """Headings, a dateline and paragraphs a line each: no line runs on into the next, and its lines stay lines,
    so a capitalised word opening one still opens a sentence."""
    report = ("Levee breaks at Riverton\nMonday 4 March 2024, 09:10\nFlood waters rose above the levee on Sunday.\n"
              "Sheriff Doreen Kowalczyk said deputies went door to door.\nTwo people were taken to hospital.")
    assert not dedup._wrapped(dedup._scanned([report]))[0]
    found = dedup.names(report)
    assert {dedup.fold("Monday"), dedup.fold("Flood")}.isdisjoint(found) and dedup.fold("Doreen") in found


def test_a_scan_cut_to_its_first_paragraphs_meets_its_original_by_its_lead():
    """Two paragraphs of seven share too few shingles with the whole article for its bands (Jaccard about 0.2),
    but their first 400 characters are the original's."""
    for seed in (2, 3):
        scan = scanner_reading(trim(FLOOD, 2), 0.05, seed)
        sketches = dedup.sketch([FLOOD, scan])
        assert not len(dedup.candidate_pairs(dedup.band_keys(sketches.signatures)))
        assert dedup.verify(dedup.copy_candidates(sketches), sketches).tolist() == [[0, 1]]


def test_a_bucket_is_starred_from_its_fullest_cleanest_member_too():
    """Where the first member of a bucket by row is a scan, its other scans and cuts meet the clean original as
    well, not that scan alone: two scans lose what both lost."""
    texts = [scanner_reading(FLOOD, 0.15, 1), scanner_reading(trim(FLOOD, 3), 0.1, 2), trim(FLOOD, 4),
             scanner_reading(FLOOD, 0.05, 3), FLOOD, scanner_reading(trim(FLOOD, 5), 0.15, 4)]
    hubs = dedup.hub_rank(dedup.sketch(texts))
    assert hubs.argmin() == 4
    assert hubs[4] < hubs[3] < hubs[0] and hubs[4] < hubs[2]
    one_bucket = np.zeros((len(texts), 1), dtype=np.int64)
    plain = {tuple(p) for p in dedup.candidate_pairs(one_bucket)}
    assert plain == {(0, m) for m in range(1, 6)} | {(m, m + 1) for m in range(5)}
    starred = {tuple(p) for p in dedup.candidate_pairs(one_bucket, hubs=hubs)}
    assert starred == plain | {(m, 4) for m in range(4)} | {(4, 5)}


def test_the_local_candidates_are_the_pairs_of_every_bucket_the_spark_engine_reads():
    texts = [FLOOD, trim(FLOOD, 2), trim(FLOOD, 5)] + [scanner_reading(trim(FLOOD, k), 0.08, k) for k in (2, 3, 6)]
    sketches = dedup.sketch(texts)
    local = dedup.copy_candidates(sketches)
    assert len(local) == len(np.unique(local, axis=0))
    assert sorted(map(tuple, local.tolist())) == sorted(map(tuple, dedup.candidate_pairs(
        dedup.bucket_keys(sketches)).tolist()))


def test_the_rough_containment_never_drops_a_pair_the_sketch_would_keep():
    texts = [FLOOD] + [scanner_reading(trim(FLOOD, keep), rate, keep * 10 + int(rate * 100))
                       for keep in (2, 3, 4, 5, 6, 7) for rate in (0.0, 0.02, 0.05, 0.1, 0.15)]
    s = dedup.sketch(texts)
    pairs = np.array([(a, b) for a in range(len(texts)) for b in range(a + 1, len(texts))])
    left, right = pairs[:, 0], pairs[:, 1]
    j = (s.signatures[left] == s.signatures[right]).mean(axis=1)
    rough = j / (1 + j) * (s.sizes[left] + s.sizes[right]) / np.minimum(s.sizes[left], s.sizes[right])
    alive = ((1 - s.noise[left]) * (1 - s.noise[right])) ** dedup.SHINGLES_KEPT
    kept = dedup.contained(s.bottom[left], s.sizes[left], s.bottom[right], s.sizes[right]) >= dedup.CONTAINMENT * alive
    assert kept.sum() > len(pairs) // 2
    assert (rough[kept] >= dedup.CONTAINMENT * alive[kept] - dedup.ROUGH_MARGIN).all()


def test_worker_processes_write_the_same_output_and_rejects_as_one(tmp_path, monkeypatch):
    from wiretrace import batch

    rows = [{"id": f"r{n}", "source": f"Outlet {n % 7}", "title": f"Levee topped at Riverton ({n})",
             "text": scanner_reading(trim(FLOOD, 2 + n % 6), 0.02 * (n % 5), n)} for n in range(700)]
    lines = [json.dumps(r) for r in rows]
    lines[350] = '{"id": "broken", "text": '
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "note.txt").write_text("A short note on the flood at Riverton, read as an article.\n")
    (tmp_path / "in" / "empty.jsonl").write_text("")
    monkeypatch.setattr(batch, "_PARALLEL_PAIRS", 0)
    reports = {}
    for processes in ("1", "2"):
        monkeypatch.setenv("WIRETRACE_WORKERS", processes)
        report = batch.dedup_files([tmp_path / "in"], tmp_path / f"out{processes}.jsonl", stories=False)
        reports[processes] = report.as_dict()
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()
    one, two = ({k: v for k, v in r.items() if k not in ("seconds", "output", "rejects")}
                for r in reports.values())
    assert one == two and one["articles"] == 700 and one["copy_links"] == 700 - one["copy_clusters"] > 600
    assert [(r["origin"].rsplit("/", 1)[-1], r["line"]) for r in one["rejected"]] == [("empty.jsonl", None),
                                                                                     ("wire.jsonl", 351)]


def _killed_on_line_300(task, spooled):
    """A worker's task that the kernel kills, as it kills a process for memory, on the block holding line 300."""
    import os
    import signal

    if any(entry[0] == "line" and entry[2] == 300 for entry in task):
        os.kill(os.getpid(), signal.SIGKILL)
    return _WORK(task, spooled)


def test_a_worker_killed_fails_the_run_with_one_line_and_writes_nothing(tmp_path, monkeypatch):
    from wiretrace import batch
    from wiretrace.errors import WiretraceError

    rows = [{"text": scanner_reading(trim(FLOOD, 2 + n % 6), 0.02 * (n % 5), n)} for n in range(1200)]
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(batch, "_work", _killed_on_line_300)
    monkeypatch.setenv("WIRETRACE_WORKERS", "2")
    with pytest.raises(WiretraceError, match="a worker process died .* WIRETRACE_WORKERS=1"):
        batch.dedup_files([tmp_path / "wire.jsonl"], tmp_path / "out.jsonl", stories=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wire.jsonl"]


def test_a_large_input_is_read_on_every_core_unless_told(monkeypatch, tmp_path):
    import os
    import sys

    from wiretrace import batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wire.jsonl").write_bytes(b"x" * 3000)
    (tmp_path / "in" / ".hidden.jsonl").write_bytes(b"x" * 5000)   # not read, so not counted
    (tmp_path / "more.jsonl").write_bytes(b"x" * 200)
    assert batch._input_bytes([tmp_path / "in", tmp_path / "more.jsonl", tmp_path / "absent.jsonl"]) == 3200

    monkeypatch.delenv("WIRETRACE_WORKERS", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(6)), raising=False)
    assert batch.workers(batch.PARALLEL_BYTES - 1) == 1
    assert batch.workers(batch.PARALLEL_BYTES) == 6
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert batch.workers(1 << 30) == batch.MOST_WORKERS
    monkeypatch.setattr(sys, "platform", "darwin")   # macOS's libraries are not safe to fork: one, unless told
    assert batch.workers(1 << 30) == 1
    monkeypatch.setenv("WIRETRACE_WORKERS", "3")
    assert batch.workers(1 << 30) == 3
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("WIRETRACE_WORKERS", "1")
    assert batch.workers(1 << 30) == 1


def test_a_bad_worker_count_is_a_one_line_error(tmp_path, monkeypatch):
    from wiretrace import batch
    from wiretrace.errors import WiretraceError

    monkeypatch.setenv("WIRETRACE_WORKERS", "two")
    with pytest.raises(WiretraceError, match="WIRETRACE_WORKERS must be a number"):
        batch.workers()


CRASH = """A hit-and-run driver killed a mother of two on Linden Avenue in {town} late on Friday, police said.

Unfortunately, some drivers are so afraid of what a crash will cost them that they flee the scene and leave the
injured to fend for themselves. Sadly, the woman died of her injuries at the scene. Thankfully, an officer was
nearby and saw the collision. Instead of stopping, the driver sped away. Just a few blocks later he was caught.
Whether he had been drinking is not yet known. Only the toxicology report will tell.

{officer} of the {town} police said the driver, {driver}, would appear before Judge {judge} on Monday."""


def test_capitals_that_open_a_sentence_are_no_names_and_a_name_inside_one_is():
    text = ("Sadly, Mr. Whitaker fled to Gdansk. \"Thankfully,\" said Anna Kowalski of the U.S. Army.\n"
            "Instead the Army waited.")
    found = dedup.names(text)
    assert {dedup.fold(w) for w in ("Sadly", "Thankfully", "Instead")}.isdisjoint(found)
    assert {dedup.fold(w) for w in ("Whitaker", "Gdansk", "Anna", "Kowalski", "Army")} <= found   # after "Mr." too
    assert dedup.names("Gdansk was quiet.") == set()                 # a name that only opens a sentence: not counted


def test_a_trimmed_scan_of_a_same_template_twin_that_opens_its_sentences_alike_stays_apart():
    """The twin's sentences open with the same words ("Sadly", "Instead", ...); counted as names, they outnumbered
    the one name of its own a trimmed scan of the twin keeps (its town), and the scan joined the other event."""
    original = CRASH.format(town="Queens", officer="Lieutenant Maria Okafor", driver="Daniel Brandt",
                            judge="Helen Marsh")
    twin = CRASH.format(town="Gdansk", officer="Captain Piotr Lindqvist", driver="Tomasz Wrobel",
                        judge="Ewa Sorensen")
    scan = scanner_reading("\n\n".join(twin.split("\n\n")[:2]), 0.04, seed=3)
    sketches = dedup.sketch([original, twin, scan])
    assert {dedup.fold(w) for w in ("Sadly", "Instead", "Thankfully", "Unfortunately")}.isdisjoint(dedup.names(scan))
    _, containment, overlap, _ = dedup.similarity(sketches.take([2]), sketches.take([0]))
    assert containment[0] > 0.8 and overlap[0] < dedup.NAMES - dedup.NAMES_NOISE * 0.1
    assert dedup.verify(np.array([[0, 1], [0, 2], [1, 2]]), sketches).tolist() == [[1, 2]]   # it joins the twin alone


def test_a_word_misread_with_a_digit_is_a_name_compared_within_edits_not_a_number():
    wire = dedup.name_sketches(["The flaw in Internet Explorer let attackers into Windows machines, Microsoft "
                                "said on Tuesday, and 26 of its servers were patched in 2012."])
    scan = dedup.name_sketches(["The flaw in Intemet Exp1orer let attackers into W1ndows machines, Micr0soft "
                                "said on Tuesday, and 26 of its servers were patched in 2012."])
    names = scan[0, 1:1 + dedup.NAME_SLOTS]
    packed = names[names != np.uint64(2**64 - 1)]
    numbers = {name for name, bit in zip(dedup._unpack(packed), (packed >> np.uint64(63)).tolist()) if bit}
    assert numbers == {"26", "2ol2"}                                 # "Exp1orer" and "W1ndows" are no numbers
    assert dedup.names_overlap(scan, wire)[0] == 1.0
    other = dedup.name_sketches(["The flaw in Internet Explorer let attackers into Windows machines, Microsoft "
                                 "said on Tuesday, and 31 of its servers were patched in 2013."])
    assert dedup.names_overlap(other, wire)[0] < dedup.NAMES          # changed numbers still count twice, exactly


def test_a_name_with_letters_dropped_is_measured_against_the_longer_spelling():
    wire = dedup.name_sketches(["Police in Gdansk and Lindqvist of the harbour office said so."])
    scan = dedup.name_sketches(["Police in Gdnsk and Lindqvst of the harbour office said so."])
    other = dedup.name_sketches(["Police in Lyon and Sorensen of the harbour office said so."])
    assert dedup.names_overlap(scan, wire, exact=True)[0] == 0.0
    assert dedup.names_overlap(scan, wire)[0] == 1.0                 # two letters dropped from six: two edits
    assert dedup.names_overlap(scan, other)[0] == 0.0


def test_two_names_a_scan_ran_together_are_found():
    wire = dedup.name_sketches(["Pastor Ruth Amadi of the Bible Church in Weller said the Harlan shelter was full."])
    scan = dedup.name_sketches(["Pastor Ruth Amadi of the BibleChurch in Weller said the Harlan shelter was full."])
    other = dedup.name_sketches(["Pastor Ruth Amadi of the BibleCamp in Weller said the Harlan shelter was full."])
    assert dedup.names_overlap(scan, wire, exact=True)[0] < dedup.names_overlap(scan, wire)[0] == 1.0
    assert dedup.names_overlap(other, wire)[0] < 1.0


SHIP = """The Harbour Authority of Northport said on Tuesday that {captain}, the master of the cargo ship Aurora Dawn,
had been detained in {port} after the vessel struck the pier at Berth {berth} late on Sunday.

According to the Maritime Safety Board, the Aurora Dawn was carrying {tons} tonnes of grain from Odessa to
Alexandria when it lost power near the Northport breakwater. Two tugs from the Northport Towage Company reached
the ship within minutes, the Harbour Authority said, but could not stop it before the collision.

Inspector {inspector} of the Maritime Safety Board said the crew of {crew} had been questioned and that the
Aurora Dawn would stay in {port} until the Lloyd's Register surveyors had examined its engines. The Northport
Dockworkers Union said its members at Berth {berth} had been sent home on full pay while the pier was repaired.

The ship's owner, Baltic Meridian Shipping of Riga, said it was cooperating with the Harbour Authority and the
Maritime Safety Board, and that {captain} had served with the company for {years} years."""


def test_a_badly_scanned_template_twin_that_keeps_most_names_stays_apart_by_the_names_between_the_same_words():
    """Another grounding, written from the same template: the ship, the authorities and the inspector are the same,
    the captain, the port and every number other. Scanned at 15%, the names share falls as far as its noise
    allows; but where the two texts put a name between the same words, they put other names."""
    original = SHIP.format(captain="Captain Henrik Aalto", port="Gdansk", berth="14", tons="31,000",
                           inspector="Marta Kowalski", crew="22", years="17")
    twin = SHIP.format(captain="Captain Joao Aalto", port="Valencia", berth="9", tons="48,500",
                       inspector="Marta Kowalski", crew="19", years="11")
    sketches = dedup.sketch([original, scanner_reading(twin, 0.15, seed=7), scanner_reading(original, 0.10, seed=13)])
    aligned, conflicting = dedup.conflicts(sketches.names[:1], sketches.names[1:2])
    assert dedup.two_events(aligned, conflicting)[0] and conflicting[0] >= 3
    assert dedup.two_events(*dedup.conflicts(sketches.names[:1], sketches.names[2:]))[0] == False  # noqa: E712
    pairs = np.array([[0, 1], [0, 2]])
    assert dedup.verify(pairs, sketches, conflict_share=2.0).tolist() == [[0, 1], [0, 2]]   # names share alone
    assert dedup.verify(pairs, sketches).tolist() == [[0, 2]]


def test_places_of_a_name_are_the_words_around_a_run_of_capitals_and_a_sentence_opener_is_none():
    sketch = dedup.name_sketches(["Sadly, the judge, Helen Marsh, sent Daniel Brandt to prison for 12 years."])
    slots = sketch[0, 1 + dedup.NAME_SLOTS:1 + dedup.NAME_SLOTS + dedup.CONTEXT_SLOTS]
    slots = slots[slots != np.uint64(2**64 - 1)]
    names = sorted(dedup._unpack((slots & np.uint64(2**40 - 1)) << np.uint64(20)))
    assert names == sorted(dedup.fold(n) for n in ("Marsh", "Brandt", "12"))   # a run by its last word


def test_numbers_of_a_same_template_report_are_not_kept_and_a_trimmed_copy_keeps_its_own():
    """Where neither text keeps the other's numbers, no names counted within edits can find all its names."""
    original = SHIP.format(captain="Captain Henrik Aalto", port="Gdansk", berth="14", tons="31,000",
                           inspector="Marta Kowalski", crew="22", years="17")
    twin = SHIP.format(captain="Captain Joao Aalto", port="Valencia", berth="9", tons="48,500",
                       inspector="Marta Kowalski", crew="19", years="11")
    names = dedup.sketch([original, twin, trim(original, 2), trim(FLOOD, 3)]).names
    kept = dedup.numbers_kept(names[[0, 0, 2, 3]], names[[1, 2, 0, 0]])
    assert kept.tolist() == [False, True, True, False]


def test_spellings_set_aside_by_their_letters_are_those_too_far_apart_to_count():
    """`_near_spellings` counts edits only where lengths and letters allow: the same answers as counting them all,
    over every pair of the places' names of two reports and their scans."""
    from rapidfuzz.distance import Levenshtein

    original = SHIP.format(captain="Captain Henrik Aalto", port="Gdansk", berth="14", tons="31,000",
                           inspector="Marta Kowalski", crew="22", years="17")
    texts = [original, scanner_reading(original, 0.10, seed=13), FLOOD, scanner_reading(FLOOD, 0.15, seed=5)]
    slots = dedup.sketch(texts).names[:, 1 + dedup.NAME_SLOTS:1 + dedup.NAME_SLOTS + dedup.CONTEXT_SLOTS].ravel()
    values = np.unique(slots[slots != np.uint64(2**64 - 1)] & np.uint64(2**41 - 1))
    a, b = np.repeat(values, len(values)), np.tile(values, len(values))
    spelled = {v: s for v, s in zip(values.tolist(), dedup._spelled((values & np.uint64(2**40 - 1))
                                                                    << np.uint64(20))[0].tolist())}
    expected = [Levenshtein.distance(spelled[x], spelled[y]) <= dedup._EDITS[max(len(spelled[x]), len(spelled[y]))]
                for x, y in zip(a.tolist(), b.tolist())]
    near = dedup._near_spellings(a, b)
    assert near.tolist() == expected
    assert len(values) > 40 and len(values) < near.sum() < len(near) // 10   # misreads besides the same spellings
