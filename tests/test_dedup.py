"""Copy clusters and stories in batch: one-permutation signatures, copies found, hard negatives apart, streaming I/O."""

import itertools
import json
import random
import re
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import xxhash
from typer.testing import CliRunner

from wiretrace import Article, demo, dedup
from wiretrace.batch import dedup_files, moment, rejects_path
from wiretrace.cli import app
from wiretrace.readers import read_batch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    """Demo articles by url (or file), with their gold rows."""
    articles = read_batch([demo.corpus_path()]).articles
    gold = {(g["url"] or g["file"]): g for g in demo.gold()["articles"]}
    return {(a.url or a.origin.split("corpus/")[-1]): (a, gold[a.url or a.origin.split("corpus/")[-1]])
            for a in articles}


def _by_role(corpus, event, role):
    return next(a for a, g in corpus.values() if g["event"] == event and g["role"] == role)


def _ocr(text: str, seed: int = 3) -> str:
    """Scanner noise: one word in twenty gets a letter confused (m -> rn, l -> 1, e -> c) or two letters swapped."""
    rng = random.Random(seed)

    def garble(m):
        w = m.group()
        if len(w) < 4 or rng.random() > 0.05:
            return w
        for a, b in (("m", "rn"), ("l", "1"), ("e", "c")):
            if a in w:
                return w.replace(a, b, 1)
        return w[0] + w[2] + w[1] + w[3:]
    return re.sub(r"[A-Za-z]+", garble, text)


def _trim(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[:max(2, len(paragraphs) * 2 // 3)])


def _fmix32(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def _one_permutation(text: str) -> list[int]:
    """The signature as the method states it, one text and one shingle at a time: each distinct shingle's
    xxHash32 mixed twice, its top 7 bits its bin, the rest its value, the least value per bin; an empty bin
    takes the value of the first filled bin along its probe sequence."""
    empty = 2**32 - 1
    bins = [empty] * dedup.NUM_PERM
    for shingle in set(dedup.shingles(text)):
        g = _fmix32(_fmix32(xxhash.xxh32_intdigest(shingle)) ^ 0x5BD1E995)
        bins[g >> 25] = min(bins[g >> 25], g & (2**25 - 1))
    probes = dedup._probe_table()
    return [value if value != empty else next(bins[b] for b in probes[i] if bins[b] != empty)
            for i, value in enumerate(bins)]


def test_signatures_are_one_permutation_minhash_with_densified_bins(corpus):
    texts = [a.normalized for a, _ in corpus.values()] + ["", "Tiny", "naïve café — “quoted” 東京 text"]
    expected = np.array([_one_permutation(t) for t in texts], dtype=np.uint64)
    assert np.array_equal(dedup.signatures(texts), expected)
    assert np.array_equal(dedup.sketch(texts).signatures.astype(np.uint64), expected)
    assert list(dedup.sketch(texts).sizes) == [len(set(dedup.shingles(t))) for t in texts]
    assert (expected < 2**25).all()   # every bin filled, even for a one-shingle text


def _edited(words: list[str], share: float, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(w if rng.random() > share else f"{w}{rng.randint(10, 99)}" for w in words)


def test_agreeing_bins_estimate_the_jaccard_of_the_shingles(corpus):
    """Each demo original against versions with a tenth to four fifths of its words changed: the share of bins
    two signatures agree on is within four standard errors of the shingles' Jaccard (binomial over 128 bins,
    what 128 separate permutations give), its errors spread no more than that, and they are not biased."""
    errors, spread = [], []
    for original in [a.text for a, g in corpus.values() if g["role"] == "original"]:
        versions = [_edited(original.split(), share, 1) for share in (0.1, 0.2, 0.35, 0.5, 0.65, 0.8)]
        signatures = dedup.signatures([original, *versions])
        ours = set(dedup.shingles(original))
        truth = np.array([len(ours & set(dedup.shingles(v))) / len(ours | set(dedup.shingles(v))) for v in versions])
        errors += list((signatures[1:] == signatures[0]).mean(axis=1) - truth)
        spread += list(np.sqrt(truth * (1 - truth) / dedup.NUM_PERM))
    z = np.array(errors) / np.array(spread)
    assert len(z) >= 40 and (np.abs(z) <= 4).all()
    assert z.std() < 1.2 and abs(np.mean(errors)) < 0.02


def _cluster(texts):
    sketches = dedup.sketch(texts)
    pairs = dedup.verify(dedup.candidate_pairs(dedup.band_keys(sketches.signatures)), sketches)
    return list(dedup.components(len(texts), pairs))


def test_copies_of_a_demo_article_share_a_cluster_and_the_hard_negative_does_not(corpus):
    wire = _by_role(corpus, "E1", "original").text
    hard_negative = _by_role(corpus, "E2", "hard_negative_original").text   # a drone strike a week later
    rewrite = _by_role(corpus, "E1", "rewrite").text
    texts = [wire, wire, _trim(wire), _ocr(wire), _ocr(_trim(wire), seed=5), hard_negative, rewrite]
    labels = _cluster(texts)
    assert labels[:5] == [labels[0]] * 5
    assert labels[5] != labels[0] and labels[6] != labels[0]


def test_same_template_with_other_names_and_numbers_is_not_a_copy(corpus):
    wire = _by_role(corpus, "E1", "original").text
    swaps = {"Mali": "Chad", "Bamako": "N'Djamena", "Tawili": "Haddad", "four": "six", "JNS": "ANF", "Saturday": "Monday"}
    other = re.sub("|".join(swaps), lambda m: swaps[m.group()], wire)
    other = re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 1), other)
    sketches = dedup.sketch([wire, other])
    jaccard, _, names, _ = dedup.similarity(sketches.take([0]), sketches.take([1]))
    assert jaccard[0] > 0.5 and names[0] < dedup.NAMES   # most of the text is shared, the facts are not
    assert len(dedup.verify(np.array([[0, 1]]), sketches)) == 0


def test_components_label_is_the_smallest_id_whatever_the_order():
    ids = np.array(["d", "b", "e", "a", "c"])
    pairs = np.array([[0, 1], [2, 3]])
    assert list(dedup.components(ids, pairs)) == ["b", "b", "a", "a", "c"]
    flipped = dedup.components(ids[::-1], np.array([[4 - 1, 4 - 0], [4 - 3, 4 - 2]]))
    assert list(flipped[::-1]) == ["b", "b", "a", "a", "c"]


def test_oversized_buckets_are_dropped_with_a_warning(caplog):
    keys = np.zeros((6, 1), dtype=np.int64)
    with caplog.at_level("WARNING"):
        assert len(dedup.candidate_pairs(keys, max_bucket=5)) == 0
    assert "dropped 1 bucket" in caplog.text
    star_and_chain = {(0, m) for m in range(1, 6)} | {(m, m + 1) for m in range(5)}
    assert {tuple(p) for p in dedup.candidate_pairs(keys)} == star_and_chain


def _rows(corpus, rng_seed=None):
    """Demo articles and made-up copies as JSONL records: copies published later than their original."""
    rows = []
    for n, (article, gold) in enumerate(sorted(corpus.values(), key=lambda x: x[0].id)):
        published = article.published.isoformat() if article.published else None
        rows.append({"id": f"d{n}", "source": article.source, "title": article.title, "url": article.url,
                     "published": published, "text": article.text})
        if gold["role"] == "original":
            rows.append({"id": f"d{n}-ocr", "source": "Scanned Weekly", "title": article.title,
                         "published": "2030-01-01", "text": _ocr(article.text)})
    if rng_seed is not None:
        random.Random(rng_seed).shuffle(rows)
    return rows


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_article_written_once_with_labels_and_clusters_do_not_depend_on_order(corpus, tmp_path):
    rows = _rows(corpus)
    first = dedup_files([_write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out.jsonl", stories=False)
    written = _read_jsonl(tmp_path / "out.jsonl")
    assert first.articles == first.written == len(rows) == len(written)
    assert sorted(r["input_id"] for r in written) == sorted(r["id"] for r in rows)
    assert all(r["copy_cluster_id"] and len(r["id"]) == 16 for r in written)
    by_input = {r["input_id"]: r for r in written}
    for row in rows:
        if row["id"].endswith("-ocr"):
            assert by_input[row["id"]]["copy_cluster_id"] == by_input[row["id"][:-4]]["copy_cluster_id"]
    wire = _by_role(corpus, "E1", "original")
    copy = _by_role(corpus, "E1", "copy")
    hard_negative = _by_role(corpus, "E2", "hard_negative_original")
    cluster = {r["id"]: r["copy_cluster_id"] for r in written}
    assert cluster[wire.id] == cluster[copy.id] != cluster[hard_negative.id]

    dedup_files([tmp_path / "a.jsonl"], tmp_path / "again.jsonl", stories=False)
    assert (tmp_path / "again.jsonl").read_text() == (tmp_path / "out.jsonl").read_text()
    dedup_files([_write_jsonl(tmp_path / "c.jsonl", _rows(corpus, rng_seed=7))], tmp_path / "shuffled.parquet",
                stories=False)
    import pyarrow.parquet as pq

    shuffled = {r["id"]: r["copy_cluster_id"] for r in pq.read_table(tmp_path / "shuffled.parquet").to_pylist()}
    assert shuffled == cluster


def test_keep_one_keeps_the_earliest_of_each_copy_cluster(corpus, tmp_path):
    rows = _rows(corpus)
    report = dedup_files([_write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "one.jsonl", keep="one",
                         stories=False)
    kept = _read_jsonl(tmp_path / "one.jsonl")
    assert report.written == len(kept) == report.copy_clusters < len(rows)
    assert len({r["copy_cluster_id"] for r in kept}) == len(kept)
    assert not any(r["input_id"].endswith("-ocr") for r in kept)      # the 2030 scans are never the earliest
    wire = _by_role(corpus, "E1", "original")
    assert wire.id in {r["id"] for r in kept}                         # the wire ran before its copies


def test_bad_inputs_go_to_the_rejects_file_and_the_rest_is_written(corpus, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = _rows(corpus)[:6]
    lines = [json.dumps(r) for r in good[:3]] + ['{"text": "cut off in the mid'] + [json.dumps(r) for r in good[3:]]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("", encoding="utf-8")
    (folder / "c.jsonl").write_bytes(json.dumps({"text": "Caf\u00e9 owners said the port was closed."}, ensure_ascii=False).encode("cp1252"))
    (folder / "d.jsonl").write_text(json.dumps({"title": "no text field"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["dedup", str(folder), "--output", str(out), "--no-stories", "--json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["written"] == 7, "a line in Windows-1252 is read, as `add` reads it"
    rejects = _read_jsonl(rejects_path(out))
    problems = {(r["origin"].rsplit("/", 1)[-1], r["line"]): r["problem"] for r in rejects}
    assert set(problems) == {("a.jsonl", 4), ("b.jsonl", None), ("d.jsonl", 1)}
    assert "JSON" in problems[("a.jsonl", 4)] and "empty" in problems[("b.jsonl", None)]
    assert "text" in problems[("d.jsonl", 1)]
    written = _read_jsonl(out)
    assert len(written) == 7 and "Caf\u00e9 owners said the port was closed." in {r["text"] for r in written}

    (folder / "a.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    for name in ("b.jsonl", "c.jsonl", "d.jsonl"):
        (folder / name).unlink()
    assert CliRunner().invoke(app, ["dedup", str(folder), "--output", str(out), "--no-stories"]).exit_code == 0
    assert not rejects_path(out).exists()     # no stale list from the run before


def test_stories_group_an_event_and_keep_the_same_kind_a_week_later_apart(corpus, tmp_path):
    drone_strikes = {a.id for a, g in corpus.values() if g["event"] in ("E1", "E2")}
    rows = [r for r in _rows(corpus) if not r["id"].endswith("-ocr")]
    rows = [r for r, (a, _) in zip(rows, sorted(corpus.values(), key=lambda x: x[0].id)) if a.id in drone_strikes]
    dedup_files([_write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out.jsonl")
    written = {r["id"]: r for r in _read_jsonl(tmp_path / "out.jsonl")}
    story = {g["event"] + "/" + g["role"]: written[a.id]["story_id"] for a, g in corpus.values() if a.id in written}
    assert story["E1/original"] == story["E1/copy"] == story["E1/trimmed_copy"]
    assert story["E2/hard_negative_original"] == story["E2/copy"]
    assert story["E1/original"] != story["E2/hard_negative_original"]


def test_stories_annotate_one_article_per_copy_cluster_and_copies_take_its_story(corpus, tmp_path, monkeypatch):
    from wiretrace import batch

    annotated = []
    real = batch.annotated_profiles
    monkeypatch.setattr(batch, "annotated_profiles", lambda chunk, *rest: annotated.extend(a.id for a in chunk) or real(chunk, *rest))
    e1 = [r for r in _rows(corpus) if r["text"] in {a.text for a, g in corpus.values() if g["event"] == "E1"}]
    e1 += [{**e1[0], "id": "late-copy", "title": "A new headline on the wire story",
            "published": "2024-03-18T09:00:00+00:00", "text": _trim(e1[0]["text"])}]
    report = dedup_files([_write_jsonl(tmp_path / "a.jsonl", e1)], tmp_path / "out.jsonl")
    written = _read_jsonl(tmp_path / "out.jsonl")
    when = {r["id"]: moment(date.fromisoformat(r["published"]) if len(r["published"]) == 10
                            else datetime.fromisoformat(r["published"])) for r in written}
    lead = {}
    for r in sorted(written, key=lambda r: (when[r["id"]], r["id"])):   # a bare date counts as its day's end
        lead.setdefault(r["copy_cluster_id"], r)
    assert len(annotated) == report.copy_clusters == len(lead) < len(written)
    assert sorted(annotated) == sorted(r["id"] for r in lead.values())
    assert all(r["story_id"] == lead[r["copy_cluster_id"]]["story_id"] for r in written)
    assert len({r["story_id"] for r in written}) == 1, "one event: its copies, rewrite and follow-ups together"


def test_parquet_input_is_read_and_a_broken_parquet_file_rejected(corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _rows(corpus)[:8]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"PAR1 not really parquet")
    report = dedup_files([tmp_path / "a.parquet", tmp_path / "b.parquet"], tmp_path / "out.jsonl", stories=False)
    assert report.written == 8
    assert [(e.origin.rsplit("/", 1)[-1], "Parquet" in e.problem) for e in report.rejected] == [("b.parquet", True)]
    assert [r["input_id"] for r in _read_jsonl(tmp_path / "out.jsonl")] == [r["id"] for r in rows]


def test_an_output_inside_an_input_folder_is_not_read_back(corpus, tmp_path):
    rows = _rows(corpus)[:5]
    _write_jsonl(tmp_path / "a.jsonl", rows)
    for _ in range(2):    # the second run finds the first run's output in the folder it reads
        report = dedup_files([tmp_path], tmp_path / "out.jsonl", stories=False)
        assert report.articles == report.written == 5 and not report.rejected


def test_a_roundup_of_two_drone_strikes_does_not_chain_them_into_one_story(corpus, tmp_path):
    from wiretrace.batch import annotated_profiles, block_search
    from wiretrace.stories.model import load
    from wiretrace.stories.threshold import nearest

    e1 = _by_role(corpus, "E1", "original")
    e2 = _by_role(corpus, "E2", "hard_negative_original")
    roundup = Article(text="\n\n".join(e2.text.split("\n\n")[:3] + e1.text.split("\n\n")[:3]),
                      title="Second task force drone strike in a week kills a jihadist in the Sahel",
                      source="Sahel Weekly", url="https://sahel-weekly.example/roundup",
                      published=datetime(2024, 3, 23, 18, 0, tzinfo=timezone.utc))
    event = {a.id: g["event"] for a, g in corpus.values() if g["event"] in ("E1", "E2")} | {roundup.id: "roundup"}
    articles = sorted([a for a, _ in corpus.values() if a.id in event] + [roundup], key=lambda a: a.id)
    profiles = annotated_profiles(articles)
    every_pair = list(itertools.combinations(range(len(articles)), 2))
    probability = dedup.join_probability([(profiles[a], profiles[b]) for a, b in every_pair],
                                         dedup.name_counts(profiles), len(profiles))
    accepted = np.array([pair for pair, p in zip(every_pair, probability) if p >= load().threshold])
    single_link = dict(zip(event, dedup.components(np.array([a.id for a in articles]), accepted)))
    assert single_link[e1.id] == single_link[e2.id], "the roundup is accepted with both events: one chain"

    members = [(a.id, moment(a.published), a.published_day.toordinal()) for a in articles]
    scored = [(articles[a].id, articles[b].id, p) for (a, b), p in zip(every_pair, probability.tolist())]
    average_link = block_search(members, scored)[1][nearest(load().threshold)]   # at the model's threshold
    rows = [{"source": a.source, "title": a.title, "url": a.url, "published": a.published.isoformat(),
             "text": a.text} for a in articles]
    dedup_files([_write_jsonl(tmp_path / "in.jsonl", rows)], tmp_path / "out.jsonl")
    written = {r["id"]: r["story_id"] for r in _read_jsonl(tmp_path / "out.jsonl")}
    for story in (average_link, written):
        assert len({story[a.id] for a in articles if event[a.id] == "E1"}) == 1
        assert len({story[a.id] for a in articles if event[a.id] == "E2"}) == 1
        assert story[e1.id] != story[e2.id]
        assert story[roundup.id] == story[e2.id]   # published with E2, it is scored best with it


STRIKE = """Osama al-Muhajer was killed in a drone strike near Gao in northern Mali on Tuesday, the United States
Africa Command said in a statement released on Wednesday.

Al-Muhajer, 41, had led a cell of the Islamic State in the Greater Sahara that the command blamed for an ambush
on a convoy near Menaka in March, in which 14 soldiers from Niger and Mali died.

"This operation removes a senior planner who threatened civilians and partner forces across the region," said
Colonel Diane Whitaker, a spokeswoman for the command in Stuttgart. She said no civilians were hurt.

Residents of Tessit told reporters that two vehicles were hit at about 3 a.m. and that a third escaped toward
the border with Burkina Faso. The Malian army confirmed the strike but gave no details.

Analysts at the Timbuktu Institute said the group had lost at least 6 commanders since January, while attacks
on villages in the Liptako region had risen to 212 in the first half of the year."""


def _misread(text: str, seed: int = 11) -> str:
    """A scanner's copy: letters it confuses swapped (m -> rn, e -> c, l -> 1, a -> o, s -> 5, h -> b) in about
    one letter in seven of those, and one letter in thirty-three dropped."""
    rng = random.Random(seed)
    swaps = {"m": "rn", "e": "c", "l": "1", "a": "o", "s": "5", "h": "b", "o": "0"}
    out = []
    for c in text:
        r = rng.random()
        out.append(swaps[c] if c in swaps and r < 0.14 else "" if c.isalpha() and r > 0.97 else c)
    return "".join(out)


def test_an_ocr_garbled_copy_joins_its_original():
    lede = "Osama al-Muhajer was killed"
    scan = "Osarna al-Muhajcr was ki11ed" + _misread(STRIKE[len(lede):])
    assert dedup.fold("Osarna") == dedup.fold("Osama") and dedup.fold("Muhajcr") == dedup.fold("Muhajer")
    sketches = dedup.sketch([STRIKE, scan])
    assert sketches.noise[0] < 0.01 < 0.03 < sketches.noise[1]          # the scan looks noisy, the wire does not
    as_read = lambda text: set(re.findall(r"\b[A-Z][A-Za-z0-9]+|\b[0-9][A-Za-z0-9]*", text))  # noqa: E731
    assert len(as_read(STRIKE) & as_read(scan)) < dedup.NAMES * len(as_read(STRIKE))   # as read, names disagree
    overlap, fewer = dedup.names_overlap(sketches.names[:1], sketches.names[1:])
    assert overlap >= dedup.NAMES and fewer >= dedup.MIN_NAMES            # folded, they agree
    assert _cluster([STRIKE, scan]) == [0, 0]


def test_a_name_with_a_letter_dropped_is_found_within_an_edit_but_a_changed_number_is_not():
    wire = dedup.name_sketches(["Colonel Whitaker spoke in Stuttgart on Tuesday about the 212 attacks."])
    scan = dedup.name_sketches(["Colonel Whtaker spoke in Stutgart on Tuesday about the 212 attacks."])
    other = dedup.name_sketches(["Colonel Whitaker spoke in Stuttgart on Tuesday about the 213 attacks."])
    assert dedup.names_overlap(wire, scan, exact=True)[0] < 1 == dedup.names_overlap(wire, scan)[0]
    assert dedup.names_overlap(wire, other)[0] < 1


def test_a_same_template_report_of_another_event_stays_apart():
    swaps = {"Osama al-Muhajer": "Abu Bakr al-Tilemsi", "Al-Muhajer": "Al-Tilemsi", "Gao": "Kidal", "Tuesday": "Friday",
             "Wednesday": "Saturday", "41": "38", "Menaka": "Anefis", "March": "May", "14": "9", "Niger": "Chad",
             "Diane Whitaker": "Mark Ellison", "Tessit": "Aguelhok", "3": "5", "6": "4", "212": "187",
             "January": "February", "Liptako": "Gourma"}
    other = re.sub("|".join(sorted(map(re.escape, swaps), key=len, reverse=True)), lambda m: swaps[m.group()], STRIKE)
    sketches = dedup.sketch([STRIKE, other])
    jaccard, containment, names, _ = dedup.similarity(sketches.take([0]), sketches.take([1]))
    assert jaccard[0] > 0.5 and containment[0] > 0.75 and names[0] < dedup.NAMES   # shared words, other facts
    assert _cluster([STRIKE, other]) == [0, 1]
    assert _cluster([STRIKE, _misread(STRIKE), other]) == [0, 0, 2]      # the scan of one does not bridge them


def test_a_trimmed_noisy_copy_joins_its_original_and_the_other_event_stays_apart():
    swaps = {"Osama al-Muhajer": "Abu Bakr al-Tilemsi", "Al-Muhajer": "Al-Tilemsi", "Gao": "Kidal", "41": "38",
             "Tuesday": "Friday", "Menaka": "Anefis", "Niger": "Chad", "Diane Whitaker": "Mark Ellison", "212": "187"}
    other = re.sub("|".join(sorted(map(re.escape, swaps), key=len, reverse=True)), lambda m: swaps[m.group()], STRIKE)
    for seed in (1, 2, 6):
        scan = _misread(_trim(STRIKE), seed)
        assert dedup.sketch([scan]).noise[0] > 0.02 and len(scan) < 0.8 * len(STRIKE)
        assert _cluster([STRIKE, scan, other]) == [0, 0, 2]
        assert _cluster([STRIKE, other, _misread(_trim(other), seed)]) == [0, 1, 1]


MADRID_RULES = """\
El Gobierno de España anunció el martes en Madrid nuevas restricciones para frenar los contagios de coronavirus en
las comunidades con más casos, tras una reunión del consejo de ministros que se prolongó durante toda la mañana.

El ministro de Sanidad, Salvador Illa, explicó en rueda de prensa que los bares y restaurantes deberán cerrar a las
once de la noche y que las reuniones privadas quedarán limitadas a seis personas en toda la Comunidad de Madrid.

Según los datos del ministerio, la incidencia acumulada supera los 700 casos por cada cien mil habitantes en la
capital, mientras que los hospitales de la región tienen ya ocupadas una de cada cinco camas con enfermos de covid.

La presidenta regional, Isabel Díaz Ayuso, criticó que las medidas se tomaran sin consultar a su gobierno y pidió
que se aplicaran también a otras ciudades con cifras parecidas, como Barcelona o Valencia.

Los comerciantes del centro de la ciudad temen que el cierre anticipado acabe con la campaña de otoño y reclamaron
ayudas directas para pagar los alquileres de los locales durante los próximos meses."""

MADRID_MARCH = """\
Miles de personas se manifestaron el sábado en Madrid contra el cierre de los centros de salud de atención primaria,
una protesta convocada por los sindicatos y las asociaciones de vecinos de los barrios del sur de la capital.

Los manifestantes recorrieron la Gran Vía hasta la sede de la Consejería de Sanidad con pancartas que pedían más
médicos y enfermeras, y denunciaron que las listas de espera para una consulta superan ya las dos semanas en muchos
barrios.

La portavoz de la plataforma vecinal, Carmen Robles, aseguró que el gobierno regional de Isabel Díaz Ayuso ha
preferido abrir un hospital de pandemias antes que reforzar los centros que atienden cada día a los enfermos.

El consejero de Sanidad, Enrique Ruiz Escudero, respondió en un comunicado que la falta de profesionales afecta a
toda España y que la comunidad contratará a doscientos médicos antes de que termine el año.

Según la delegación del Gobierno, participaron en la marcha unas 8.000 personas, mientras que los organizadores
elevaron la cifra a más de veinte mil vecinos llegados de toda la región."""


def test_a_clean_report_in_another_language_reads_as_clean_and_an_unrelated_one_of_its_city_stays_apart():
    """Read against English words, a Spanish report looked a quarter misread: its names and text were held to next
    to nothing, and two reports of one city with a few names in common joined."""
    copy = MADRID_RULES.replace("martes", "lunes") + "\n\nCon información de agencias."
    sketches = dedup.sketch([MADRID_RULES, MADRID_MARCH, copy, _misread(MADRID_RULES)])
    assert dedup.LANGUAGES[dedup._languages(*_lowercase_words(MADRID_RULES))[0]] == "es"
    assert sketches.noise[:3].max() < 0.01 < 0.03 < sketches.noise[3]   # clean, but a scan is noisy in Spanish too
    assert dedup.similarity(sketches.take([0]), sketches.take([1]))[0][0] < dedup.JACCARD
    assert dedup.verify(np.array([[0, 1], [0, 2], [0, 3]]), sketches).tolist() == [[0, 2], [0, 3]]


def test_a_report_in_croatian_reads_as_clean_against_the_serbo_croatian_word_list(monkeypatch):
    report = ("Vlada Republike Hrvatske u četvrtak je na sjednici u Zagrebu donijela odluku o novim mjerama pomoći "
              "poduzetnicima koji su pogođeni rastom cijena energije. Ministar gospodarstva rekao je novinarima da će "
              "mjere stajati oko dvije milijarde kuna i da će se isplaćivati do kraja godine. Oporba je kritizirala "
              "vladu jer mjere nisu dogovorene sa sindikatima i poslodavcima, a predsjednik stranke rekao je da su "
              "zakasnile nekoliko mjeseci. Prema podacima državnog zavoda za statistiku, cijene struje i plina "
              "porasle su u posljednjih šest mjeseci za više od trideset posto.")
    assert dedup.noise_level(report) < 0.06
    monkeypatch.setattr(dedup, "FOREIGN", 1.0)   # read against English alone, as before
    assert dedup.noise_level(report) > 0.3


def test_a_report_in_another_script_naming_a_few_latin_words_reads_as_clean():
    """Its few words of Latin letters say nothing of misreads: all unknown, they read as a scan at 100%, and the
    report's thresholds fell to nothing."""
    report = ("Компания представила в пятницу новый смартфон technave в Москве, сообщили в пресс-службе. "
              "По словам представителей компании, продажи начнутся в следующем месяце во всех крупных городах "
              "страны, а цена устройства составит около тридцати тысяч рублей. Аналитики считают, что новинка "
              "сможет потеснить конкурентов на рынке недорогих телефонов. Подробности можно узнать по адресу "
              "send@example.com или на сайте производителя.\n\n") * 3
    assert dedup.sketch([report]).noise[0] < 0.05


def _lowercase_words(text: str) -> tuple[np.ndarray, np.ndarray, int]:
    tokens = dedup._Tokens(dedup._scanned([text]))
    lower = np.flatnonzero((tokens.first >= 97) & tokens.whole(np.arange(len(tokens.starts))))
    return tokens.row[lower], tokens.word_keys(lower), 1


def test_the_names_looked_for_are_the_shorter_texts_when_misread_spellings_make_it_name_more():
    wire = ("Colonel Whitaker met Mayor Okafor in Stuttgart on Tuesday. Whitaker said Okafor had asked for help, and "
            "Okafor thanked Whitaker before Whitaker left Stuttgart.\n\nGovernor Lindqvist flew to Gdansk with "
            "Senator Moreau.")
    scan = ("Colonel Whitaker met Mayor Okafor in Stuttgart on Tuesday. Whtaker said Okfor had asked for help, and "
            "Okafr thanked Witaker before Whitker left Stutgart.")   # the first paragraph, each name misread anew
    assert len(dedup.names(scan)) > len(dedup.names(wire))
    sketches = dedup.sketch([scan, wire])
    assert sketches.sizes[0] < sketches.sizes[1]
    assert dedup.names_overlap(sketches.names[:1], sketches.names[1:])[0] < 0.6    # the wire's names: half missing
    assert dedup.names_overlap(sketches.names[:1], sketches.names[1:], a_shorter=[True])[0] == 1.0


def test_a_text_repeated_across_chunks_is_sketched_once_and_gets_its_own_sketches(monkeypatch):
    wire = "GDANSK, March 3 (GPA) - Harbour workers in Gdansk walked out on Monday over pay, the union said."
    other = "KRAKOW, March 4 (GPA) - Tram drivers in Krakow walked out on Tuesday over rotas, the city said."
    chunks = [[wire, other, wire], [other, "A third report, of a flood in Torun."], [wire]]
    sketched = []
    plain = dedup.sketch
    monkeypatch.setattr(dedup, "sketch", lambda texts: sketched.extend(texts) or plain(texts))
    sketcher = dedup.Sketcher()
    got = dedup.Sketches.concat([sketcher.add(chunk) for chunk in chunks])
    assert sketched == [wire, other, "A third report, of a flood in Torun."]
    expected = plain([text for chunk in chunks for text in chunk])
    for field in ("signatures", "sizes", "names", "bottom"):
        assert np.array_equal(getattr(got, field), getattr(expected, field))


def test_pairs_of_repeated_texts_are_decided_as_their_first_rows_are(corpus):
    texts = [a.normalized for a, _ in corpus.values()]
    texts += [_ocr(t, seed) for seed, t in enumerate(texts[:20])] + texts[:30] + [_trim(t) for t in texts[10:40]]
    sketches = dedup.sketch(texts)
    same = dedup.same_rows(sketches)
    assert sorted(set(same[len(texts) - 60:len(texts) - 30].tolist())) == list(range(30))
    candidates = dedup.candidate_pairs(dedup.band_keys(sketches.signatures))
    kept = dedup.verify(candidates, sketches, same=same)
    assert len(kept) > 30 and np.array_equal(kept, dedup.verify(candidates, sketches))


def _generated(corpus, count: int, seed: int) -> list[str]:
    """The copy generator's mixed stream from the demo articles: verbatim, trimmed, spun, headline-swapped and
    shuffled copies, scans at 1-15% character error, chains of them, and reports of other events from the same
    templates."""
    seeds = [generate.Record(id="", url=a.url or f"https://wire.example/{n}", source=a.source or "Wire",
                             title=a.title or a.text[:40], published=datetime(2024, 3, 4, 9), text=a.text,
                             event=g["event"], derived_from=None, operation="original",
                             places=sorted(set(re.findall(r"(?<=[a-z] )[A-Z][a-z]+", a.text))))
             for n, (a, g) in enumerate(corpus.values())]
    return [r.text for r in generate.generate(seeds, count, seed=seed)]


def test_copy_links_join_what_verifying_every_pair_joins_in_one_link_fewer_than_each_cluster_has_articles(corpus):
    texts = _generated(corpus, 700, 5)
    sketches = dedup.sketch(texts)
    candidates = dedup.candidate_pairs(dedup.band_keys(sketches.signatures))
    verified = dedup.verify(candidates, sketches)
    labels = dedup.components(len(texts), verified)
    assert 40 < len(set(labels.tolist())) < 500, "clusters of several copies and articles alone, both"
    shuffled = candidates[np.random.default_rng(2).permutation(len(candidates))]
    for pairs, chunk in ((candidates, 8192), (candidates, 50), (shuffled, 7)):
        links = dedup.copy_links(pairs, sketches, chunk=chunk)
        assert np.array_equal(dedup.components(len(texts), links), labels)
        assert len(links) == len(texts) - len(set(labels.tolist()))   # a spanning forest: no link to spare
        assert {tuple(p) for p in links.tolist()} <= {tuple(p) for p in verified.tolist()}
    assert len(verified) > 1.5 * len(links)


def test_components_of_long_chains_given_in_any_order_are_labelled_by_their_smallest_id():
    rng = np.random.default_rng(5)
    ids = np.array([f"a{i:04d}" for i in rng.permutation(3000)])
    chains = rng.permutation(3000).reshape(3, 1000)     # three paths through a thousand articles each
    pairs = np.concatenate([np.column_stack([c[:-1], c[1:]]) for c in chains])[rng.permutation(2997)]
    labels = dedup.components(ids, pairs[:, ::-1] if rng.random() < 0.5 else pairs)
    for chain in chains:
        assert set(labels[chain]) == {min(ids[chain])}


def test_spooled_jsonl_output_equals_the_lines_written_from_the_inputs_read_again(corpus, tmp_path):
    """The first pass spools each output line with blank labels; what it writes must be what reading the inputs
    again writes, also when an input field looks like the labels (nested keys, strings holding the blank)."""
    from wiretrace import batch

    rows = _rows(corpus)
    rows[0]["meta"] = {"story_id": None, "copy_cluster_id": None, "origin": "elsewhere"}
    rows[1]["note"] = 'x", "story_id": null, "copy_cluster_id": null, "origin": "y'
    rows[2]["text"] += '\n\n"story_id": null, "copy_cluster_id": null, "origin": \u2028 Caf\u00e9'
    rows[3]["text"] += '\n\nThe path was C:\\reports\\"final" and the table\x7f had a \\n in it.'
    rows[4]["text"] += '\n\nA tab\t, a form feed\x0c, a bell\x07 and a \u201cquote\u201d \\ ended the scan.'
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    for keep in ("all", "one"):
        report = dedup_files([source], tmp_path / "out.jsonl", stories=False, keep=keep)
        assert not list(tmp_path.glob("*.spool"))
        written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().split(b"\n") if line]
        labels = {r["id"]: r["copy_cluster_id"] for r in written}
        articles = [a for a in batch.read_articles([source]) if isinstance(a, Article)]
        ids = np.array([a.id for a in articles], dtype=str)
        copy_of = np.array([labels.get(i, "") for i in ids], dtype=object)
        keep_row = np.array([i in labels for i in ids])
        batch._write([source], frozenset(), tmp_path / "reread.jsonl", ids, copy_of,
                     np.full(len(ids), None, dtype=object), keep_row, lambda *a: None)
        assert report.written == len(written) == keep_row.sum()
        assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "reread.jsonl").read_bytes()


def test_a_follow_up_weeks_later_recalling_the_quake_joins_its_event(corpus, tmp_path):
    """No embedding bucket reaches back six weeks (STORY_WINDOW_DAYS): the town's and the governor's names do, as
    `add`'s name index does. The follow-up recalls the first report's opening paragraphs, as follow-ups do."""
    rows = [r for r in _rows(corpus) if not r["id"].endswith("-ocr")]
    original = next(a for a, g in corpus.values() if g["event"] == "E3" and g["role"] == "original")
    recalled = [original.text.split("\n\n")[k] for k in (0, 1, 2, 4)]
    rows.append({"id": "six-weeks-on", "source": "Andes Weekly", "title": "Qullqapampa rebuilds, six weeks on",
                 "url": "https://andes-weekly.example/qullqapampa-six-weeks-on", "published": "2024-03-21T10:00:00+00:00",
                 "text": "\n\n".join(["Six weeks after the earthquake that killed 14 people in Qullqapampa, families in "
                                      "the Apurimac region still sleep in tents, regional governor Elsa Huamani said "
                                      "on Wednesday.", *recalled])})
    dedup_files([_write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out.jsonl")
    written = {r["url"]: r for r in _read_jsonl(tmp_path / "out.jsonl") if r["url"]}
    follow_up, first = written[rows[-1]["url"]], written[original.url]
    assert follow_up["copy_cluster_id"] != first["copy_cluster_id"] and follow_up["story_id"] == first["story_id"]
