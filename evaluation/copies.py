"""Copy detection on generated and real-text copies: wiretrace dedup against datasketch and rensa, same run.

Data: `benchmarks/generate.py` derives copies in one step from seed articles
(or from a same-template twin of one): verbatim, under another headline with
page furniture, trimmed, synonym-spun, heavily spun (as an article spinner
does: most content words swapped), shuffled, OCR-noisy at character error
rates of 1 to 15%, trimmed and noisy, and new events of the same kind (other
people, places, numbers and dates in the same sentences: the negatives).
Seeds are the demo corpus and real news: ECB+, BASIL and PolNeAR articles of
150 to 2,000 words, read from ../shared/datasets at run time (never copied
here).

Tuning and reporting never share data: every threshold (wiretrace's and the
peers') is chosen on the tuning set (ECB+ tuning topics, seed 1, every kind
mixed) and reported on the others (demo, seed 2; ECB+ validation topics 2, 5,
12, 18, 21, 23, 34, 35, seed 2; BASIL, seed 2; PolNeAR, seed 2: 833
political reports of seven US outlets, 2015-2016, that no choice of copy
detection has ever read). The demo's tuning set (seed
1) is left out of the choice, and what the grid would pick with it is shown:
its spun rewrites are heavier than the generator's spins and its template
twins keep most of their seed's names, so it would fit the thresholds to one
corpus's making (with its spun rewrites kept apart, as its gold once did, it
pulled the containment threshold up past what noisy trimmed copies of real
text clear). Each report
corpus has a set with every kind mixed and a set per kind (its copies and
template twins).

Gold copy clusters: articles with the same text lineage. Follow an article's
`derived_from` up to the first `original` or `new_event`: that article is its
root. Demo originals are merged by the demo gold: a demo `copy`,
`trimmed_copy` or `spun_rewrite` joins the lineage of the article it derives
from. A copy is a text made from one source by a mechanical edit that keeps
its facts: verbatim, trimmed, synonym-spun, scanned, as the generator's kinds
(its `spin` swaps synonyms and is a copy to join). The demo's four spun
rewrites are its wires with their words swapped by a spinner (altered: one
word in a quotation; names, numbers and dates all kept), so they are `spin`
copies, only heavier (by wiretrace's folded shingles, containment 0.66-0.75
in their wire, against 0.90 or more, median 0.96, for the generator's spins).
A demo `rewrite` is not merged: a writer re-worded it and changed its facts
(a toll, a rate, a vote, a name's spelling), however much text it keeps
(containment 0.51-0.73). Spun rewrites were kept apart before; the rule was
changed after their noisy copies had been seen joining their wires' lineages.

Scores: ARI and pairwise precision/recall (pairs of articles put in one
cluster); per kind (and noise level) over that kind's copies, the seeds and
the template twins; and the template twins merged with their seed.

    python evaluation/copies.py [--count 4000] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

import common
from common import DATASETS, REPO, prf

sys.path.insert(0, str(REPO / "benchmarks"))

from wiretrace import dedup, demo, read_batch  # noqa: E402

NUM_PERM = 128
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
GRID = {"jaccard": (0.2, 0.3), "containment": (0.9, 0.93, 0.95, 0.97), "names": (0.85, 0.9, 0.95),
        "names_noise": (0.5, 1.0, 1.5, 2.0), "shingles_kept": (1.5, 2.0, 2.5)}
ECB_VALIDATION = {2, 5, 12, 18, 21, 23, 34, 35}
REAL_WORDS = (150, 2000)
KINDS = ("copy", "headline", "trim", "spin", "heavy_spin", "shuffle", "noise", "trim_noise", "column", "new_event")
KIND_COUNT = 1000
NOISY = ("noise", "trim_noise", "column")
PEER_BATCH = 2000          # texts shingled at once by the peers
CONFLICT_SHARES = (0.2, 0.34, 0.5, None)   # None: no veto; of settings tied on the tuning sets, the strictest
SKELETON_SHARES = (0.6, 0.65, 0.7, 0.75, 0.8, None)   # None: no spun copy joined by its skeleton; so chosen too
TUNING = {"ECB+ tuning": 1}
SHOWN = {"demo": 1}        # tuning sets whose grid pick is shown beside the one chosen, not shipped
REPORT = {"demo": 2, "ECB+ validation": 2, "BASIL": 2, "PolNeAR": 2}
DRAWS = (3, 4)             # other seeds of the report corpora's per-kind sets, scored with wiretrace alone
COPY_ROLES = ("copy", "trimmed_copy", "spun_rewrite")   # demo gold roles whose article joins its source's lineage
_WORD = re.compile(r"[a-z0-9]+")
_SEEDS: dict = {}
_TUNING_RUNS: dict = {}


# data and gold


def _seeds(corpus: str) -> list:
    """Seed records of a corpus: the demo, or real articles (ECB+ tuning or validation topics, BASIL, PolNeAR)."""
    from generate import POLNEAR, REAL_CORPORA, load_seeds, real_seeds

    keep = {"ECB+ tuning": lambda row: "topic" in row and row["topic"] not in ECB_VALIDATION,
            "ECB+ validation": lambda row: row.get("topic") in ECB_VALIDATION,
            "BASIL": lambda row: "topic" not in row, "PolNeAR": lambda row: True}
    if corpus not in _SEEDS:
        corpora = (POLNEAR,) if corpus == "PolNeAR" else REAL_CORPORA
        for name in corpora if corpus != "demo" else ():
            common.dataset(name)   # exits saying which is absent
        _SEEDS[corpus] = load_seeds() if corpus == "demo" else real_seeds(DATASETS, keep[corpus], REAL_WORDS, corpora)
    return _SEEDS[corpus]


def generated(corpus: str, count: int, seed: int, operations: dict | None = None,
              levels: tuple[float, ...] | None = None) -> list[dict]:
    """`count` records derived in one step from the corpus's seeds (or from new events of them); noisy ones at a
    character error rate drawn from `levels` (all of them by default)."""
    from generate import NOISE_LEVELS, generate

    return [r.as_json() for r in generate(_seeds(corpus), count, seed, operations, chains=False,
                                          noise_levels=levels or NOISE_LEVELS)]


def sets(corpus: str, seed: int, count: int, per_kind: bool, per_level: bool = False, mixed: bool = True) -> dict:
    """Name -> records: every kind mixed (`count` articles; unless not `mixed`), and with `per_kind` a set per kind
    of copy: the seeds, KIND_COUNT articles more, three in four copies of that kind and one in four template twins. With
    `per_level`, a set per noise level of each noisy kind, so that a row for copies at 1% is not charged for
    what copies at 15% merge in the same set (the tuning sets keep one set per kind, as they were chosen on)."""
    from generate import NOISE_LEVELS

    out = {"all kinds": generated(corpus, count, seed)} if mixed else {}
    for kind in KINDS[:-1] if per_kind else ():
        size, operations = len(_seeds(corpus)) + KIND_COUNT, {kind: 0.75, "new_event": 0.25}
        if per_level and kind in NOISY:
            for level in NOISE_LEVELS:
                out[f"{kind} {level:.0%}"] = generated(corpus, size, seed, operations, (level,))
        else:
            out[kind] = generated(corpus, size, seed, operations)
    return out


def gold_clusters(records: list[dict]) -> list[str]:
    """The lineage root of each generated record (see the module docstring)."""
    demo_root = _demo_roots()
    by_id = {r["id"]: r for r in records}
    out = []
    for record in records:
        out.append(_root(record, by_id, demo_root))
    return out


def _root(record: dict, by_id: dict, demo_root: dict) -> str:
    while record["operation"] not in ("original", "new_event"):
        record = by_id[record["derived_from"]]
    return demo_root.get(record["text"], record["id"]) if record["operation"] == "original" else record["id"]


def _demo_roots() -> dict[str, str]:
    """Demo article text -> the demo article whose text it copies (itself when it copies none)."""
    corpus = demo.corpus_path()
    rows = {(g["url"] or g["file"]): g for g in demo.gold()["articles"]}

    def root(key: str) -> str:
        while rows[key]["role"] in COPY_ROLES:
            key = rows[key]["derived_from"]
        return key

    return {a.text: root(a.url or Path(a.origin).resolve().relative_to(Path(corpus).resolve()).as_posix())
            for a in read_batch([corpus]).articles}


def scores(predicted, gold) -> dict:
    """ARI and pairwise P/R/F1 from the contingency table."""
    from sklearn.metrics import adjusted_rand_score

    def pairs(counts):
        counts = np.asarray(counts, dtype=np.int64)
        return int((counts * (counts - 1) // 2).sum())

    _, p_codes = np.unique(np.asarray(predicted, dtype=str), return_inverse=True)
    _, g_codes = np.unique(np.asarray(gold, dtype=str), return_inverse=True)
    together = pairs(np.unique(p_codes * (g_codes.max() + 1) + g_codes, return_counts=True)[1])
    predicted_pairs, gold_pairs = pairs(np.bincount(p_codes)), pairs(np.bincount(g_codes))
    p, r, f = prf(together, predicted_pairs - together, gold_pairs - together)
    return {"ari": adjusted_rand_score(g_codes, p_codes), "precision": p, "recall": r, "f1": f}


def kind_of(record: dict) -> str:
    """The kind of a record for the per-kind table: its operation, and a noisy one's character error rate."""
    if record["operation"] in NOISY:
        return f"{record['operation']} {record['cer']:.0%}"
    return record["operation"]


def by_kind(records: list[dict], predicted, gold) -> dict:
    """Scores per kind (and noise level) over that kind's articles, the seeds and the same-template twins (the
    negatives every kind must stay apart from), and the twins merged with their seed."""
    predicted, gold = np.asarray(predicted).astype(str), np.asarray(gold).astype(str)
    row_of = {r["id"]: i for i, r in enumerate(records)}
    base = [i for i, r in enumerate(records) if r["operation"] in ("original", "new_event")]
    kinds = sorted({kind_of(r) for r in records if r["operation"] not in ("original", "new_event")},
                   key=lambda k: (KINDS.index(k.split()[0]), float(k.split()[1][:-1]) if " " in k else 0))
    out = {}
    for kind in kinds:
        rows = [i for i, r in enumerate(records) if kind_of(r) == kind]
        subset = sorted(set(rows) | set(base))
        out[kind] = {"articles": len(rows), **scores(predicted[subset], gold[subset])}
    twins = [(i, row_of[r["derived_from"]]) for i, r in enumerate(records) if r["operation"] == "new_event"]
    out["template twins"] = {"articles": len(twins), "merged": int(sum(predicted[i] == predicted[j] for i, j in twins))}
    return out


# the methods: each takes texts and settings, returns one cluster label per text


def wiretrace_dedup(texts: list[str], **thresholds) -> np.ndarray:
    """As `wiretrace dedup` does it, rows in an order set by content (there: article ids), not by the generator, and
    the pairs decided by `dedup.copy_links` (the components of `verify`'s, each pair whose texts are joined already
    left undecided)."""
    order = _content_order(texts)
    sketches = dedup.sketch([texts[i] for i in order])
    candidates = dedup.copy_candidates(sketches)
    pairs = dedup.copy_links(candidates, sketches, **thresholds)
    labels = np.empty(len(texts), dtype=np.int64)
    labels[order] = dedup.components(len(texts), pairs)
    return labels


def _content_order(texts: list[str]) -> np.ndarray:
    return np.argsort([hashlib.sha1(t.encode()).hexdigest() for t in texts], kind="stable")


def peer_shingles(text: str, kind: str) -> list[str]:
    """How peers' users shingle: character 5-grams of the lowercased, space-collapsed text, or word 3-grams."""
    if kind == "char5":
        t = " ".join(text.lower().split())
        return list({t[i:i + 5] for i in range(max(1, len(t) - 4))})
    words = _WORD.findall(text.lower())
    return list({" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))})


def datasketch_hashes(texts: list[str], kind: str) -> list:
    """MinHashes of the texts, shingled PEER_BATCH at a time (all shingles at once would take 20 GB at 100k)."""
    from datasketch import MinHash

    return [m for lo in range(0, len(texts), PEER_BATCH) for m in MinHash.bulk(
        [[s.encode() for s in peer_shingles(t, kind)] for t in texts[lo:lo + PEER_BATCH]], num_perm=NUM_PERM)]


def datasketch_labels(hashes: list, threshold: float) -> np.ndarray:
    """datasketch's MinHashLSH, every candidate's estimated Jaccard checked, connected components."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m)
             if i < j and m.jaccard(hashes[j]) >= threshold]
    return dedup.components(len(hashes), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def rensa_hashes(texts: list[str], kind: str) -> list:
    from rensa import RMinHash

    return [m for lo in range(0, len(texts), PEER_BATCH) for m in RMinHash.from_token_sets(
        [peer_shingles(t, kind) for t in texts[lo:lo + PEER_BATCH]], num_perm=NUM_PERM, seed=42)]


def rensa_labels(hashes: list, threshold: float) -> np.ndarray:
    """rensa's RMinHashLSH (Rust), every candidate's estimated Jaccard checked, connected components."""
    from rensa import RMinHashLSH

    lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=32)
    lsh.insert_many(hashes)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m)
             if i < j and m.jaccard(hashes[j]) >= threshold]
    return dedup.components(len(hashes), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def datasketch_lsh(texts: list[str], kind: str = "char5", threshold: float = 0.5) -> np.ndarray:
    return datasketch_labels(datasketch_hashes(texts, kind), threshold)


def rensa_lsh(texts: list[str], kind: str = "char5", threshold: float = 0.5) -> np.ndarray:
    return rensa_labels(rensa_hashes(texts, kind), threshold)


PEERS = {"datasketch MinHashLSH": (datasketch_hashes, datasketch_labels),
         "rensa RMinHashLSH": (rensa_hashes, rensa_labels)}


# tuning and the run


def tune_wiretrace(tuning: dict) -> tuple[dict, float, float]:
    """The thresholds with the best mean ARI over the tuning sets (candidates and similarities computed once),
    that ARI, and the mean ARI there of the shipped thresholds."""
    prepared = []
    for records in tuning.values():
        texts, gold = [r["text"] for r in records], gold_clusters(records)
        order = _content_order(texts)
        sketches = dedup.sketch([texts[i] for i in order])
        candidates = dedup.copy_candidates(sketches)
        a, b = sketches.take(candidates[:, 0]), sketches.take(candidates[:, 1])
        measures = dedup.similarity(a, b)
        prepared.append((len(texts), [gold[i] for i in order], candidates, measures, dedup.noise(a, b),
                         dedup.two_events(*dedup.conflicts(a.names, b.names)) & (measures[2] < 1)))

    def mean_ari(thresholds: dict) -> float:
        return float(np.mean([scores(dedup.components(n, candidates[dedup.is_copy(
            *measures, noise, *thresholds.values()) & ~vetoed]), gold)["ari"]
            for n, gold, candidates, measures, noise, vetoed in prepared]))

    best = max((dict(zip(GRID, values)) for values in itertools.product(*GRID.values())), key=mean_ari)
    return best, mean_ari(best), mean_ari(SHIPPED)


def tune_peer(hashes, labels, tuning: dict) -> dict:
    """Per shingling, the threshold with the best mean ARI over the tuning sets: kind -> (settings, ARI)."""
    best = {}
    for kind in ("char5", "word3"):
        hashed = [(hashes([r["text"] for r in records], kind), gold_clusters(records)) for records in tuning.values()]
        for threshold in THRESHOLDS:
            ari = float(np.mean([scores(labels(h, threshold), gold)["ari"] for h, gold in hashed]))
            if kind not in best or ari > best[kind][1]:
                best[kind] = ({"kind": kind, "threshold": threshold}, ari)
    return best


def _tuning_runs(count: int) -> list:
    """The tuning topics' sets (every kind mixed, and a set per kind), each sketched, with its candidate pairs."""
    if count not in _TUNING_RUNS:
        runs = []
        for corpus, seed in TUNING.items():
            for name, records in sets(corpus, seed, count, per_kind=True).items():
                texts, gold = [r["text"] for r in records], gold_clusters(records)
                order = _content_order(texts)
                sketches = dedup.sketch([texts[i] for i in order])
                runs.append((name, records, gold, order, sketches,
                             dedup.copy_candidates(sketches)))
        _TUNING_RUNS[count] = runs
    return _TUNING_RUNS[count]


def _tune_share(count: int, shares: tuple, verify_with) -> dict:
    """Each share of `shares` (`verify_with(share)`: `dedup.verify`'s keyword arguments) on the tuning topics'
    sets, the other thresholds as shipped: mean ARI, template twins merged, the heavy spins' ARI and recall, and
    the share chosen (the best mean ARI to four decimals; of tied ones, the strictest, listed first or last)."""
    out = {}
    for share in shares:
        scored = []
        for name, records, gold, order, sketches, candidates in _tuning_runs(count):
            labels = np.empty(len(records), dtype=np.int64)
            labels[order] = dedup.components(len(records), dedup.verify(candidates, sketches, **verify_with(share)))
            scored.append((name, scores(labels, gold), by_kind(records, labels, gold)["template twins"]["merged"]))
        spins = next((s for name, s, _ in scored if name == "heavy_spin"), {"ari": np.nan, "recall": np.nan})
        out[str(share)] = {"ari": float(np.mean([s["ari"] for _, s, _ in scored])),
                           "twins_merged": int(sum(t for _, _, t in scored)),
                           "heavy_spin_ari": float(spins["ari"]), "heavy_spin_recall": float(spins["recall"])}
    return out


def _chosen(out: dict, strictest_last: bool) -> str:
    best = max(round(v["ari"], 4) for v in out.values())
    tied = [k for k, v in out.items() if round(v["ari"], 4) == best]
    return tied[-1] if strictest_last else tied[0]


def tune_conflicts(count: int) -> dict:
    """The names-between-the-same-words veto (`dedup.two_events`) at each share of CONFLICT_SHARES, the other
    thresholds as shipped, on the tuning topics' sets: mean ARI, template twins merged, and the share chosen (the
    best mean ARI; of tied ones, the strictest)."""
    out = _tune_share(count, CONFLICT_SHARES, lambda share: {"conflict_share": 2.0 if share is None else share})
    return {"shares": out, "chosen": _chosen(out, strictest_last=False)}


def tune_skeleton(count: int) -> dict:
    """The skeleton threshold of spun copies (`dedup._spun`) at each share of SKELETON_SHARES, the other thresholds
    as shipped, on the tuning topics' sets: mean ARI, template twins merged, the heavy spins' ARI and recall, and
    the share chosen (the best mean ARI; of tied ones, the strictest: the highest, or none)."""
    out = _tune_share(count, SKELETON_SHARES, lambda share: {"skeleton": 2.0 if share is None else share})
    return {"shares": out, "chosen": _chosen(out, strictest_last=True)}


def tuning_per_kind(settings: dict, count: int) -> dict:
    """Each setting on the tuning topics' own per-kind sets: mean ARI over them and template twins merged (what the
    mixed set alone, a few hard copies among thousands, weighs too little to tell)."""
    out = {}
    for corpus, seed in TUNING.items():
        kinds = sets(corpus, seed, count, per_kind=True, mixed=False)
        for name, thresholds in settings.items():
            shingles_kept = dedup.SHINGLES_KEPT
            dedup.SHINGLES_KEPT = thresholds["shingles_kept"]   # verify reads it from the module
            try:
                runs = [(records, wiretrace_dedup([r["text"] for r in records], **{
                    k: v for k, v in thresholds.items() if k != "shingles_kept"})) for records in kinds.values()]
            finally:
                dedup.SHINGLES_KEPT = shingles_kept
            scored = [(scores(labels, gold_clusters(records))["ari"],
                       by_kind(records, labels, gold_clusters(records))["template twins"]["merged"])
                      for records, labels in runs]
            out[name] = {**thresholds, "ari": float(np.mean([a for a, _ in scored])),
                         "twins_merged": int(sum(t for _, t in scored))}
    return out


def run_methods(records: list[dict], peers: dict, mixed: bool) -> dict:
    """Every method on one set: scores over the set and per kind, settings, seconds. `peers`: name -> settings,
    the best first (on a `mixed` set, each peer's best of the other shingling too)."""
    texts, gold = [r["text"] for r in records], gold_clusters(records)
    runs = {"wiretrace": ({**SHIPPED, "conflicts": dedup.CONFLICTS}, lambda: wiretrace_dedup(texts)),
            "wiretrace, no names check": ({**SHIPPED, "names": 0, "conflicts": "off"},
                                          lambda: wiretrace_dedup(texts, names=0.0, conflict_share=2.0)),
            "wiretrace, names between the same words alone": ({**SHIPPED, "names": 0, "conflicts": dedup.CONFLICTS},
                                                              lambda: wiretrace_dedup(texts, names=0.0))}
    for name, configs in peers.items():
        hashes, labels = PEERS[name]
        for config in configs if mixed else configs[:1]:
            label = name if config is configs[0] else f"{name} ({config['kind']})"
            runs[label] = (config, lambda h=hashes, l=labels, c=config: l(h(texts, c["kind"]), c["threshold"]))
    methods = {}
    for name, (config, run) in runs.items():
        started = time.perf_counter()
        labels = run()
        methods[name] = {**scores(labels, gold), "config": config, "seconds": time.perf_counter() - started,
                         "kinds": by_kind(records, labels, gold)}
    return {"articles": len(records), "gold_clusters": len(set(gold)), "methods": methods}


def evaluate(count: int = 4000) -> dict:
    tuning = {f"{corpus}, seed {seed}": sets(corpus, seed, count, per_kind=False)["all kinds"]
              for corpus, seed in TUNING.items()}
    tuned, tuned_ari, shipped_ari = tune_wiretrace(tuning)
    conflicts = tune_conflicts(count)
    skeleton = tune_skeleton(count)
    tuned_peers = {name: tune_peer(hashes, labels, tuning) for name, (hashes, labels) in PEERS.items()}
    shown = {**tuning, **{f"{corpus}, seed {seed}": sets(corpus, seed, count, per_kind=False)["all kinds"]
                          for corpus, seed in SHOWN.items()}}
    shown_best, shown_ari, _ = tune_wiretrace(shown)
    peers = {name: [c for c, _ in sorted(best.values(), key=lambda b: -b[1])] for name, best in tuned_peers.items()}
    result = {"tuning": {"sets": {name: len(records) for name, records in tuning.items()},
                         "wiretrace_best": {**tuned, "ari": tuned_ari}, "wiretrace_shipped_ari": shipped_ari,
                         "per_kind": tuning_per_kind({"shipped": SHIPPED, "grid's best": tuned}, count),
                         "with_shown": {"sets": list(shown), **shown_best, "ari": shown_ari},
                         "conflicts": conflicts, "skeleton": skeleton,
                         "peers": {name: [{**c, "ari": ari} for c, ari in sorted(best.values(), key=lambda b: -b[1])]
                                   for name, best in tuned_peers.items()}},
              "corpora": {}}
    for corpus, seed in REPORT.items():
        result["corpora"][f"{corpus}, seed {seed}"] = {
            name: run_methods(records, peers, mixed=name == "all kinds")
            for name, records in sets(corpus, seed, count, per_kind=True, per_level=True).items()}
    result["draws"] = other_draws(DRAWS, count)
    return result


def other_draws(seeds: tuple[int, ...], count: int) -> dict:
    """Seed -> report corpus -> per-kind set -> wiretrace's ARI on it and the template twins it merged: the
    per-kind sets drawn again with other seeds, the shipped settings, nothing tuned (the tables keep seed 2).
    A check that a figure is not one draw's."""
    out: dict = {}
    for seed in seeds:
        for corpus in REPORT:
            rows = out.setdefault(str(seed), {}).setdefault(corpus, {})
            for name, records in sets(corpus, seed, count, per_kind=True, per_level=True, mixed=False).items():
                kinds = by_kind(records, wiretrace_dedup([r["text"] for r in records]), gold_clusters(records))
                rows[name] = {"ari": kinds[name]["ari"], "merged": kinds["template twins"]["merged"],
                              "twins": kinds["template twins"]["articles"]}
    return out


SHIPPED = {"jaccard": dedup.JACCARD, "containment": dedup.CONTAINMENT, "names": dedup.NAMES,
           "names_noise": dedup.NAMES_NOISE, "shingles_kept": dedup.SHINGLES_KEPT}
PEER_COLUMNS = ("datasketch MinHashLSH", "rensa RMinHashLSH")
NOTE = (
    "Why ECB+ alone chooses: the demo's sets are made from one corpus's spinner and annotation (spun rewrites "
    "far heavier than the generator's spins, template twins that keep most of their seed's names); with its "
    "spun rewrites kept apart (its gold before) the grid with its tuning set raised the containment threshold "
    "to 0.97 and lowered names_noise to 0.5, past what noisy trimmed copies of real text clear, and with them "
    "joined (the gold now) it would pick names 0.95, names_noise 0.5, shingles_kept 2.5 (above); BASIL "
    "is the corpus reported on with no choice made there, ECB+ validation holds topics the choice never saw. "
    "Thresholds are those chosen before this round's change to the names: rerun, the grid's best on the mixed "
    "tuning set (names 0.85) scores 0.002 higher there, the same on the tuning topics' per-kind sets, and "
    "merges a template twin in them, so it is not shipped. "
    "Against the bar (0.98 on noisy copies up to 10%, no template twin merged): OCR `noise` up to 10% clears it "
    "on both real corpora (ECB+ validation 0.996-1.000, BASIL 1.000), `trim_noise` up to 10% on BASIL "
    "(0.994-1.000) and at 1-5% on ECB+ validation (0.986-0.993), not at 10% there (0.976, precision 1.000, "
    "recall 0.953); no template twin is merged on either real corpus, in any set. The demo sets fall short for "
    "the reasons above; their template twins are merged 9 times of 1,198 in the mixed set, 6 of those through "
    "copies at 15% noise (3 with those edges left out; 6 of 1,198 since the names-between-the-same-words test, "
    "above). "
    "What changed this round (the same generated sets; thresholds unchanged): a capitalised word that opens a "
    "sentence is no name. 'Sadly', 'Instead', 'Thankfully' open the sentences of a report and of its "
    "same-template twin alike: the 2 twins merged before in ECB+ validation's mixed set were one trimmed scan "
    "of a twin naming its town and six such words, 6 of 7 found in the other event (0.857 where 0.85 was "
    "asked), which it then bridged; and a scan misreads them into names its original lacks. A token is a number "
    "when half or more of it is digits, not when it holds one: 'Exp1orer' and 'Micr0soft' were compared "
    "exactly and counted twice, and failed noisy copies. A misread name is found within edits counted on the "
    "longer spelling (a scan drops letters: 'Gdnsk' is two edits from 'Gdansk' of six), or as two of the "
    "other's names run together ('BibleChurch'). Before and after: ECB+ validation every kind mixed 0.995 to "
    "0.999 (template twins merged 2 to 0), trim 0.965 to 0.984 (twins 3 to 0), trim_noise 10% 0.936 to 0.976, "
    "15% 0.873 to 0.940; BASIL mixed 0.996 to 0.998 (twins 1 to 0), trim_noise 10% 0.985 to 1.000, 15% 0.941 to "
    "0.977; ECB+ tuning trim_noise 10% 0.953 to 0.977; demo mixed 0.934 to 0.969 (its sets moved with the "
    "annotation, 1,181 to 1,198 twins, so not the same sets). Of the tuning gain at 10%, the numbers rule "
    "gave most (0.953 to 0.977 alone, with 2 twins still merged on validation), the sentence rule cost 0.003 "
    "there and took the merges away, run-together names gave it back. "
    "What is left at 10% (ECB+ validation, 8 of 136 copies out of their lineage; tuning, 6 of 156): 3 (tuning "
    "3) pass every check but are never candidate pairs, 3 (1) miss the containment by 0.002-0.014, 1 (1) "
    "fails the names check by 0.01-0.03, 1 misses the Jaccard, and (tuning) 1 names one name and is not near "
    "enough the same text. "
    "Tried and dropped this round: only dictionary words that open a sentence left out (tuning mixed ARI at "
    "the grid's best 0.9958 against 0.9972 for every opening word); edits allowed by a third of the longer "
    "spelling (tuning trim_noise 10% 0.977, but on ECB+ validation's noise set noisy copies of two template "
    "twins whose generated names came from one pool joined: a choice made on seeing a report set, said so "
    "here); each bucket member paired with its 2 to 4 previous bucket-mates besides the first and the previous "
    "(ECB+ tuning trim_noise 10% to 0.983, validation to 0.981, no twins merged there, but the demo mixed set's "
    "twins merged 9 to 12, candidate pairs at 20,000 real-length articles 469,000 to 987,000 and verification "
    "about twice as long, and the Spark engine's candidate rule would have to change with it). "
    "Tried and dropped before: more bucket-mates with the earlier names (demo tuning trim_noise down 0.05-0.10, "
    "13 to 21 twins merged); a pair accepted where the product of its text and names margins clears 1 (2 "
    "template twins merged in its mixed set); a character-level noise estimate (predicts the shingles a scan "
    "keeps worse than the share of words); the noise level read from the whole text (no change); short "
    "capitalised tokens of a noisy text not counted as names (ARI down); a run-together name found by its "
    "first name's prefix alone (a template twin merged); the names threshold lowered by the shingles the pair "
    "lost, or the noise estimate scaled up (precision down on every corpus).")

GOLD = (
    "The demo's gold (issue 30, this round): a demo spun rewrite now joins the lineage of the wire it was spun "
    "from, as a demo copy or trimmed copy does; before, each of the four (the Mali drone-strike, Lisbon dock "
    "strike, Canadian wildfire and Philippine ferry wires, their words swapped by a spinner, every name, number "
    "and date kept) was a lineage of its own. Why: the generator's `spin` (synonyms swapped, facts kept) is a "
    "copy wiretrace must join, and the issue counts synonym-edited copies among the copies to find; so the gold "
    "follows one definition, a text made from one source by a mechanical edit that keeps its facts. The demo's "
    "hand rewrites, whose writers changed facts (a toll, a rate, a vote, a name's spelling), stay apart. The rule "
    "follows the definition, but it was decided after the old figures had shown the demo's noisy sets falling "
    "short through scans joining a wire's lineage to its spun rewrite's; the new scores were first seen after "
    "it was written, and it was kept as written. What it shows: the demo's spinner is far heavier than the "
    "generator's. By wiretrace's folded shingles a spun rewrite's containment in its wire is 0.66-0.75 (the "
    "generator's spins: 0.90 or more, median 0.96; the demo's hand rewrites: 0.51-0.73), under the 0.9 asked, so "
    "wiretrace does not join a clean spun rewrite to its wire, and every demo set (whose seeds hold the four "
    "pairs) loses recall where it lost precision before. Old gold against new, the same labels (thresholds "
    "unchanged): mixed 0.991 to 0.894 (P 0.988 both, R 0.995 to 0.819); copy 1.000 to 0.888, headline 0.979 to "
    "0.886, trim 0.987 to 0.882, spin 1.000 to 0.864, shuffle 1.000 to 0.902; noise 1/2/5/10/15% "
    "0.929/0.936/0.919/0.910/0.888 to 0.897/0.954/0.928/0.942/0.874 (P 0.80-0.88 to 0.90-0.96, R 0.99-1.00 to "
    "0.85-0.95); trim_noise 0.880/0.873/0.847/0.849/0.816 to 0.913/0.905/0.859/0.857/0.849 (P 0.73-0.79 to "
    "0.84-0.89, R 0.92-1.00 to 0.86-0.97). No demo set reaches 0.98, before or after. Template twins merged, "
    "unchanged (a twin's gold is its own lineage either way): 6 of 1,198 in the mixed set, 2 of 225 in the noise "
    "set, 12 of 237 in trim_noise. What keeps them short, read from the verified pairs: every pair that joins "
    "two lineages now holds a template twin (the mixed set 13 pairs, the noise set 2: a scan of the Mali wire at "
    "15% and one of its follow-up at 10%, each with a scan at 15% of its own template twin; the "
    "trim_noise set 16, 8 of them two twins of one seed, which can draw the same names from the generator's pools); none joins two of the demo's own lineages, and the "
    "follow-up that contains a trimmed copy whole never did (that trimmed copy is the follow-up's own). The rest "
    "is recall: each of the four wires' lineages split from its spun rewrite's (in the copy set 39 and 15, 44 and "
    "9, 34 and 12, 30 and 9 articles), joined only where a scan's noise lowers the containment threshold under "
    "what the two share. Thresholds stay as chosen on the ECB+ tuning topics (rerun: the same choice, the shipped "
    "and the grid's best; the conflicts share 0.34); ECB+ validation, BASIL and the tuning topics are the same in "
    "every row (their gold never reads the demo's; of the tuning topics' per-kind sets the grid's best reads "
    "0.996 where the table before read 0.995, which this change cannot move). The "
    "paragraphs below measured the demo's sets under the gold before: a merge through a spun rewrite there is a "
    "join the gold now asks for.")

HUB = (
    "A second hub in each bucket (issue 30, this round; `dedup.hub_rank`, the local and Spark engines alike). "
    "Members of a bucket were paired with its first member by id and with the next; where that first member was "
    "a scan or a cut, a clean original met it alone (and its neighbours by id), and two scans compared lose what "
    "both lost: on the demo's noise 5% set the Lisbon wire's spun rewrite and its scans were never paired with "
    "the wire, and verifying every pair within each gold lineage joined what the candidates left apart in every "
    "split lineage of the demo's headline and shuffle sets. Now the member with the most shingles its noise "
    "leaves (distinct shingles times (1 - noise) ** shingles_kept, the text likeliest to hold the others) is "
    "paired with every other too. Chosen on the tuning sets (their per-kind and per-level sets, as the table "
    "reads them): mean ARI on the ECB+ tuning topics 0.9924 to 0.9929, on the demo's (seed 1, shown, not "
    "chosen on) 0.986 to 0.991; of the variants measured there, that member in place of the first (0.9923, "
    "headline and shuffle lost on the demo), the cleanest member in its place (0.9925; the demo's shuffle "
    "set of seed 2 0.968 to 0.954), both hubs without the next (0.9924) and this hub on the leads' buckets alone "
    "(0.9924) did less. The same pairing was tried in an earlier round (docs/tried.md, candidates (c)) and "
    "merged 9 to 10 of the demo's template twins then; with the names between the same words since, it merges "
    "none in any set here. What it costs past the bar's 10%: the demo's noise 15% set 0.983 to 0.971 (pairwise "
    "precision 0.967 to 0.945), where scans of two of the demo's hand rewrites (a rate cut of 75 points for the "
    "wire's 50, a toll of 13 for 11), read 15-19% noisy, now meet scans of their wires as noisy and pass for "
    "them: the names share asked falls with the noise of both. On another draw of the report sets (`python "
    "evaluation/copies.py --another-draw 3`, and the same command on the tree before the hub) the hub lifts or "
    "keeps every per-kind set and merges no twin, but the bar is not met there everywhere: noisy copies up to "
    "10% read 0.967-1.000 on the demo (its trim_noise 10% 0.966 to 0.967: scans of the Dhaka rewrite pass for scans of its wire, and verifying every "
    "pair within each gold lineage reaches only 0.969, so the checks fall short, not the candidates), 0.980-1.000 "
    "on ECB+ validation (trim_noise 10% 0.979 to 0.980) and 0.997-1.000 on BASIL. Cost at 20,000 real-length "
    "articles: candidate pairs 560,000 to 805,000, pairs decided 504,000 to 728,000, `dedup --no-stories` 0.4-0.9 "
    "CPU s more, most of it won back by two savings of the same round (benchmarks/README.md). Tried with it and "
    "not kept: a pair whose shorter text names one or two names (too few to prove a copy) held apart when none "
    "of them is found in the other, even within edits (two one-paragraph scans of a wire and of its template "
    "twin had joined on their text alone): on the tuning sets no change on the ECB+ topics, the demo's mean "
    "0.9909 to 0.9909 (its trim_noise 15% 0.966 to 0.965).")

COLUMN = (
    "A scan of a newspaper column (issue 30, this round; `dedup.unwrap`). Archives hold scans of printed pages, "
    "whose text breaks a line every 30-40 characters and hyphenates words over the breaks. A line break read as "
    "the end of a sentence, so a name opening a line counted as no name, and a hyphenated name or word read as two: "
    "a clean scan of a column lost names its original states and failed the names test (the `column` sets at 1% "
    "scored lower than at 10% on BASIL, where the noise lowers what the test asks). Now a text at least three of "
    "whose line breaks, and half of them, fall inside a sentence (the next line opens in lowercase, the last "
    "closed none) is read with its lines run together and its hyphenated words made whole, for shingles, names "
    "and noise alike; a blank line still parts paragraphs. No text of the 20,000 real-length articles of "
    "benchmarks/dedup.py reads as a column (its output file is the same, md5), nor of the sets of the other kinds "
    "(their figures are the same). The `column` sets of seed 2 (1/2/5/10/15%), before -> after: ECB+ validation "
    "0.990/0.993/0.997/0.988/0.990 -> 1.000/1.000/1.000/0.999/1.000, BASIL 0.980/0.984/0.989/0.994/0.989 -> "
    "1.000/1.000/1.000/1.000/1.000, PolNeAR 0.979/0.979/0.980/0.980/0.967 -> 1.000/1.000/1.000/0.999/0.994, the "
    "ECB+ tuning topics (seed 1) 0.984/0.984/0.985/0.989/0.977 -> 1.000/1.000/1.000/0.998/0.998; no template twin "
    "merged before or after. What it costs: the demo's at 10% and 15%, 0.999 -> 0.975 and 0.979 -> 0.951, where "
    "scans of the Manila Chronicle's hand rewrite of the ferry wire (32 missing for the wire's 23) now read their "
    "names whole and pass for scans of the wire, as scans of the demo's hand rewrites do past 15% in the noise "
    "sets (above); the names lost at the line breaks had kept them apart.")

COUNT_TEST = (
    "A count test in place of the names share, tried and not kept (issue 30, fifth round). The demo's other "
    "draws lose trimmed scans naming 6 to 13 names that miss one or two to a misread: under ten names, one lost "
    "name already fails the share (0.9 less the noise). The test tried: the names a copy may lose are the "
    "(1 - doubt) quantile of a binomial over the names it names, at a loss rate of (1 - keep) plus the noise "
    "(a clean copy loses about none, a scan about its misreads), so that a text naming few names may lose one "
    "where the share allows none. Read on the pairs that pass the text tests in the tuning topics' per-kind "
    "sets (24,458 naming three names or more: 18,711 of one lineage, 5,747 template twins or other "
    "reports): the share rule fails 450 pairs of one lineage (181 of them two headline copies of one text, "
    "each joined to its original) and passes 2 others. Every setting of the count test tried (keep 0.9-0.98, "
    "noise weight 1.0 and 1.5, doubt 0.01-0.1) fails 4-741 and passes 5-384: each that fails fewer of one "
    "lineage passes more of the others; the share or the count test together, 36-394 and 6-74. What they admit "
    "are pairs naming 3 to 6 names, one or two of them lost, and on the demo's seed-4 sets every setting "
    "admits 38 to 254 template twins keeping 3 of their 4 names: at a few names a scan that lost one and a "
    "same-template report of another event look the same. Not shipped; the few-names trims stay apart.")


CANDIDATES_TRIED = (
    'Candidates, tried and not kept (issue 30, after the round above; the same generated sets, thresholds '
    'unchanged, measured on the committed code). The Jaccard of folded shingles that a trimmed copy at 10% '
    'noise keeps with its original: median 0.60 on ECB+ validation and 0.58 on tuning, 5th percentile 0.42 '
    'and 0.37, least 0.20 and 0.24. With 42 bands of 3 rows a pair of Jaccard s shares a bucket with p = 1 - '
    "(1 - s^3)^42: 0.96 at 0.42, 0.89 at 0.37, 0.28 at 0.20; summed over those copies, 1.5 of validation's "
    "136 and 2.4 of tuning's 156 are expected to share no bucket with their original (64 bands of 2: 0.08 and"
    " 0.03; 32 bands of 4: 9.7 and 13.8). Seen: of validation's 8 copies left out of their lineage, 1 shares "
    'no bucket with its original and 3 share 3 to 11 buckets but are never paired with it, since in each '
    'bucket they meet the first member and the previous (by id), a sibling copy or a template twin. So the '
    'banding is not where they are lost; the bucket rule is. A second sketch over OCR-folded shingles would '
    "add nothing: the signatures already hash the folded text. Tried: (a) 64 bands of 2 rows, the S-curve's "
    'choice for Jaccard 0.2-0.4: trim_noise 10% 0.981 on validation and 0.983 on tuning, but candidate pairs '
    '2.5 to 3.7 times (validation mixed 48,397 to 122,920), the demo noise set 0.988 to 0.887 (template twins'
    ' merged 1 to 3) and demo trim_noise twins merged 12 to 16. (b) Besides the first and the previous, the '
    "bucket's largest member (most distinct shingles: the text a trimmed copy lies inside) paired with every "
    'other: validation trim_noise 10% 0.976 to 0.981 (1% 0.993 to 0.997, 15% 0.940 to 0.943), trim 0.984 to '
    '0.992, headline 0.994 to 0.996; tuning trim_noise 10% unchanged (0.977); BASIL trim_noise 15% 0.977 to '
    '0.986; no template twin merged on real text; but the demo noise set 0.988 to 0.911 with twins merged 1 '
    "to 2 (noisy copies at 10% and 15% join the spun-rewrite lineage its gold keeps apart, and one twin's), "
    'and at 20,000 real-length articles (`benchmarks/dedup.py --real`) candidate pairs 421,000 to 675,000, '
    "verified pairs 50,000 to 79,000, `dedup --no-stories` 8.0-8.1 to 9.6 CPU s against rensa char5's "
    '12.9-13.3 s in the same runs (1.6x to 1.3-1.4x per CPU second), ARI there 0.996 to 0.997. (c) The same '
    'with the member largest by the shingles its noise leaves (distinct shingles times (1 - noise) ** 1.5): '
    "the demo noise set as before, validation still 0.981, but the demo mixed set's twins merged 9 to 10 (a "
    "trimmed scan of a twin at 15% joins its seed's headline copy). (d) That member in place of the first (no"
    ' more pairs than now): validation trim_noise 10% 0.979, tuning trim_noise 2% 0.986 to 0.977, BASIL mixed'
    ' 0.998 to 0.997. (e) Bucket members ordered by size (the first the largest, the previous the next '
    'larger): validation 10% 0.979, 2% 0.986 to 0.977. (f) On the verification side, the containment read as '
    'the inverse-variance mean of the bottom-k estimate and the one through the MinHash Jaccard (independent '
    'samples; variances binomial, and by the delta method through the Jaccard): validation trim_noise 10% '
    '0.976 to 0.981, BASIL trim_noise 15% 0.977 to 0.980, demo trim_noise 0.882 to 0.906, but the demo mixed '
    "set's twins merged 9 to 11, validation mixed 0.9987 to 0.9984, tuning trim_noise 15% 0.954 to 0.950. "
    "None kept: each variant that reaches 0.98 merges more template twins somewhere (in the demo's sets, "
    "whose twins keep most of their seed's names), and those on the candidates cost 60% more candidate pairs "
    'or more. What stayed short then: trim_noise 10% on ECB+ validation, 0.976 against the 0.98 asked (of its 8 '
    'misses, 3 fail the containment by 0.002-0.014: the bottom-k estimate reads 0.005-0.06 under the exact '
    "share, and the pair's noise is read at 6-10% for a scan at 10%).")


CLEAN_TRIED = (
    "Containment over the smaller text's clean shingles (issue 30, latest round; built, measured, not kept: "
    "commit e2db956, taken back after). A shingle of a text was clean when every window of the text with that "
    "hash touches dictionary words alone (folded; no name, number, or word a scan garbled beyond what folding "
    "undoes), flagged for the 256 hashes of the bottom-k sketch in their last bit, and read only for texts "
    "noisier than 0.02; the containment was the share of the smaller text's clean shingles found in the larger, "
    "its threshold scaled by the shingles the larger's noise leaves ((1 - noise) ** 1.5) and by (1 - the "
    "smaller's noise) ** 0.5 (real-word misreads), every shingle counting where fewer than 32 were clean. The "
    "idea: the smaller's own misreads no longer lower the threshold, so a rewrite that keeps the names and "
    "re-words the sentences is not lifted by them. The exponent 0.5 was fitted, not searched, before any report "
    "set was run: on the ECB+ tuning topics' noise and trim_noise sets, each scan against the text it was made "
    "from (565 pairs whose smaller text is noisy), least squares on the logs through 1 at no noise gives 0.524 "
    "(median 0.454). The tuning topics' sets (every kind mixed and a set per kind), mean ARI: every shingle "
    "(shipped) 0.9946, exponent 0 0.9889, 0.5 0.9949, 1.0 0.9950, 1.5 0.9953, no twin merged at any. Report "
    "sets, seen once (one run, before and after in the same run): ECB+ validation mixed 0.9993 to 0.9994, "
    "trim_noise 15% 0.943 to 0.957, every other row the same to the third decimal; BASIL mixed 0.9991 to "
    "0.9993, every row the same; no template twin merged on real text either way. The demo: mixed 0.991 both "
    "(twins 6 both), noise set unchanged (0.888-0.936, twins 2), trim_noise 1/2/5/10/15% "
    "0.880/0.873/0.847/0.849/0.816 to 0.859/0.869/0.823/0.849/0.807 (twins merged 12 to 11); on the demo's "
    "tuning set (seed 1) trim_noise had gone 0.909 to 0.916, noise 0.940 both. Why the noise set does not move, "
    "seen on the demo's tuning set: the pairs that join two of its lineages are each two scans, one of each "
    "lineage (at 5% to 15%), and what lifts them is the larger scan's noise (read at 0.04 to 0.16), which the "
    "smaller's clean shingles cannot discount: they are lost to the larger's scan as a copy's are. With the "
    "larger's exponent fitted too (1.03-1.08 on the ECB+ tuning topics, 1.13-1.15 on the demo's) and set to "
    "1.0, the demo's tuning noise set goes from 0.940 to 0.989, but the ECB+ tuning topics' sets fall from "
    "0.9946 to 0.9944 (noise 0.999 to 0.998, trim_noise 0.974 to 0.973), and the scan at 10% of the "
    "template-twin test's original (a harsher scanner than the generator's, its noise read at 0.18) no longer "
    "joins it (0.73 against 0.74). Cost at 20,000 real-length articles: about 0.3 CPU s more in the sketch and "
    "0.1 s in verification, in one process; `dedup --no-stories` 9.2 and 9.5 CPU s against 8.3 and 9.0, rensa "
    "char5 16.2-17.8 in the same minutes: 1.75-1.8x where the code without it is 1.95-2.0x; benchmarks/README.md)"
    ". Not kept: "
    "it parts none of the demo's lineages, moves real text by one row at 15% noise, and costs the 2x its "
    "margin. Also tried: a shingle clean where any of its windows is (the same tuning figures, more windows "
    "looked up), the flags read for every text (the same figures, 0.7 CPU s more).")

BEFORE_AFTER = (
    "Why the demo's noisy sets fall short (the code before this test, seed 2): in its noise set 5 verified pairs "
    "join two lineages, each through a copy at 15% noise. Three join the lineage of the demo's Mali drone-strike "
    "wire (whose demo copy contains it whole) to that of a spun rewrite of it (containment 0.83 with the wire, all "
    "22 names shared, no place where their names differ): the pair's noise estimate (0.20 to 0.29) lowers the "
    "containment threshold to 0.9 x (1 - noise) ** 1.5 = 0.54 to 0.64, under what a scan of one keeps of the other "
    "(0.55 to 0.67). Two are template twins (a scan at 10% of one article and one at 15% of a twin of another on "
    "the same subject; scans at 15% of the wire and of its twin): names shares 0.714 and 0.706 against the names "
    "threshold lowered by names_noise x noise to 0.706 and 0.622, where these twins keep 61 to 67% of their "
    "seed's names even clean. In the trim_noise set 29 such pairs: 20 through a template twin (two twins of one "
    "seed can draw the same names from the generator's pools), 9 between the demo's own lineages (the "
    "drone-strike wire and its rewrite, the two Canadian wildfire reports, the Lisbon dock strike and its "
    "rewrite). So the names check, through its names_noise weight, admits the twins, and the noise-scaled "
    "containment admits the rewrites (all of whose names agree, so that no names test can part them); the "
    "Jaccard decides none. The test above is for the first: a names check that noise does not weaken. "
    "Before and after (the same sets, every other threshold unchanged): demo mixed 0.989 to 0.991 (template twins "
    "merged 9 to 6), trim_noise 1/2/5/10/15% 0.868/0.850/0.826/0.827/0.786 to 0.880/0.873/0.847/0.849/0.816 "
    "(twins 14 to 12), noise unchanged at 0.888 to 0.936 (twins 2: of the places both scans state a name at, "
    "they keep 4 and 3, 1 and 0 of them in conflict); ECB+ validation, BASIL and the tuning topics unchanged to "
    "the third decimal in every row, no twin merged there before or after. At the 20,000 real-length articles of "
    "`benchmarks/dedup.py --real` 25 of 50,588 verified pairs are dropped (copy ARI 0.996 unchanged; 28 after "
    "the fix below), for "
    "0.1 to 0.3 CPU s more in sketch and verify (benchmarks/README.md). On its own, without the names share "
    "(the third row of each mixed table), the test keeps apart nearly all the template twins of real text: 4 of "
    "1,148 merged on ECB+ validation (ARI 0.990) and 0 of 1,128 on BASIL (0.999), against 527 and 597 with no "
    "names check; on the demo, whose twins keep most of their seed's names, 513 of 1,198 (1,112 with none). "
    "Still short of 0.98: the demo noise set "
    "(0.888 to 0.936) and trim_noise set (0.816 to 0.880): the rewrites' lineages still merge (nothing in the "
    "names parts them, and noise lowers the containment threshold under what they share), and twins whose "
    "scans leave too few places in common stay merged. How often report sets were seen this round: the demo's "
    "noise and trim_noise sets four times each (diagnosis on the code before; the variant (a) below; this test "
    "at share 0.2; the four shares once, with the demo's mixed set), this table four times (the same figures; "
    "the last two add the row without the names share, the last the fix below). Tried "
    "and not kept: (a) a name not found that is no dictionary word even folded left out of the names share (a "
    "misread that cannot be placed says nothing): demo noise set 0.918 to 0.822 (twins merged 2 to 14), "
    "trim_noise set 0.873 to 0.818 (14 to 36): a twin's scan garbles its own names (its town) as often as a "
    "copy's, and what is left are the names it shares. (b) The shingles a scan keeps read per text as the "
    "windows that touch no word outside the dictionary, in place of (1 - noise) ** 1.5: on the ECB+ tuning "
    "topics' noisy copies against their parents the residual spread is 0.054 against 0.037 (worse, as the "
    "character-level estimate before). (c) Containment over the smaller text's windows of dictionary words only, "
    "its threshold scaled by the larger text's noise alone (tried on exact shingle sets, not built): it would "
    "part the three rewrite bridges of the noise set (0.59 to 0.73 against 0.71 to 0.75) but not the two twins, "
    "and the tuning topics' trimmed scans at 15% keep 0.89 of such windows (least 0.78), so it needs a noise "
    "allowance of its own; left for a later round. (d) The place of a name read from the word before it alone "
    "(a scan garbles one word less often than two), tried on tuning sets only (the demo's seed 1 and the ECB+ "
    "tuning topics), shipped settings: the demo's trim_noise set 0.909 to 0.949 (twins merged 8 to 1), but the "
    "ECB+ tuning trim_noise set 0.974 to 0.957 and trim 0.991 to 0.989 (recall lost on real text), so not kept "
    "(measured before the fix that follows). A full sketch of places may hold only some of the names stated at "
    "its last place, so places are compared below the last place of a full sketch (at first, up to and with "
    "it: the tables above are the same to every figure either way).")

SKETCH = (
    "The sketch (issue 30, latest round): one-permutation MinHash with optimal densification (Li, Owen & Zhang "
    "2012; Shrivastava 2017) in place of 128 separate permutations, for speed (benchmarks/README.md): each "
    "distinct shingle hashed once, its top 7 bits its bin, the rest its value. On 5,000 pairs of a copy and its "
    "parent in the 20,000 real-length articles of `benchmarks/dedup.py --real` the estimated Jaccard's error "
    "against the exact one: mean 0.0001, RMSE 0.0296 (128 permutations: 0.0030, 0.0305). Thresholds unchanged. "
    "Before and after, per-kind sets (wiretrace ARI): ECB+ validation mixed 0.999 and 0.999, headline 0.994 to "
    "0.998, trim 0.984 to 0.988, trim_noise 1/2/5/10/15% 0.993/0.986/0.991/0.976/0.940 to "
    "0.995/0.991/0.984/0.989/0.943; BASIL mixed 0.998 to 0.999, trim_noise 10% 1.000 to 0.997, 15% 0.977 to "
    "0.992; the tuning set 0.995 to 0.996 (its per-kind sets 0.995 to 0.994); no template twin merged on real "
    "text before or after. The demo: mixed 0.969 to 0.989 (twins merged 9 and 9), headline 0.965 to 0.979, "
    "trim 0.984 to 0.987 (twins 0 to 1), but its noise set 0.967-0.988 to 0.888-0.936 (twins 1 to 2) and "
    "trim_noise 0.785-0.881 to 0.786-0.868 (twins 12 to 14). How much of that is the draw of the hash, not the "
    "method: four draws of each (128 permutations seeded 1 to 4, seed 1 the old sketch; the bins' hash mixed "
    "with four constants, the first the shipped one, fixed before any of this was run), the same sets, whole-set "
    "ARI: demo noise 0.988/0.918/0.924/0.894 against 0.918/0.918/0.907/0.961; demo trim_noise "
    "0.882/0.889/0.920/0.856 against 0.873/0.901/0.917/0.920; demo mixed 0.969/0.983/0.990/0.993 against "
    "0.989/0.951/0.934/0.931; ECB+ validation trim_noise 0.976/0.975/0.976/0.972 against "
    "0.979/0.975/0.974/0.977; BASIL trim_noise 0.996/0.996/0.995/0.997 against 0.997/0.997/0.998/0.995; ECB+ "
    "tuning trim_noise 0.978/0.980/0.975/0.977 against 0.974/0.974/0.975/0.979. On real text the two are "
    "alike draw for draw; the old sketch's demo noise figure was its best draw of four, and on the demo's mixed "
    "set three draws of four of the new sketch score lower (one lineage merge through the spun rewrite moves it "
    "by 0.02-0.05). The figures of the paragraphs below were measured with the 128-permutation sketch.")


def conflicts_note(r: dict) -> str:
    """The paragraph on the names-between-the-same-words veto, with its choice on the tuning sets."""
    tuned = r["tuning"].get("conflicts")
    if not tuned:
        return ""
    shares = "; ".join(f"{'off' if k == 'None' else k}: mean ARI {v['ari']:.4f}, twins merged {v['twins_merged']}"
                       for k, v in tuned["shares"].items())
    return (
        "Names between the same words (issue 30, this round): a pair that passes every check above is still two "
        "events when, of the places where both texts state a name or number between the same two words (the "
        "word before a run of capitalised words and the word after it, folded; a bottom-k sketch of 64 such "
        "places a text), more than a share `conflicts` hold names that differ beyond a misread (2 at least; "
        "asked where a name of one text is missing from the other, since names all found leave nothing to "
        "differ). A scan misreads the words around a name as often as the name, so it loses such places rather than "
        "turning them into conflicts, and the test does not weaken with the noise as the names share does; a "
        "report of another event from the same template keeps the places and changes the names in them. "
        f"Chosen on the tuning topics' sets (every kind mixed and a set per kind, other thresholds as shipped; "
        "of tied shares the strictest, a rule fixed before this table was run but after the four shares had been "
        f"seen once on the demo's sets, below): {shares}; chosen "
        f"{'off' if tuned['chosen'] == 'None' else tuned['chosen']}, shipped {dedup.CONFLICTS}. " + BEFORE_AFTER)


SPUN = (
    "Before and after on the report sets (seen once, in one run; the demo's sets' labels read again once to count "
    "the rewrites below; thresholds as before, the mixed sets and every set but `heavy_spin` the same): the demo "
    "mixed 0.894 to 0.992 (P 0.988 to 0.989, R 0.819 to 0.995; template twins merged 6 both), copy 0.888 to 1.000, "
    "headline 0.886 to 0.979, trim 0.882 to 0.988, spin 0.864 to 1.000, shuffle 0.902 to 0.967, noise "
    "1/2/5/10/15% 0.897/0.954/0.928/0.942/0.874 to 0.979/0.979/0.981/0.972/0.954, trim_noise "
    "0.913/0.905/0.859/0.857/0.849 to 0.925/0.936/0.907/0.914/0.877 (twins merged 2 and 12, unchanged); ECB+ "
    "validation and BASIL the same to the third decimal in every row they had, no template twin merged. The new "
    "`heavy_spin` sets: demo 0.997, ECB+ validation 0.998, BASIL 0.982 (recall 0.965), no twin merged (on the "
    "tuning topics 0.653 without the test, 0.990 with it; the report sets were not run without it). The demo's "
    "hand rewrites keep 0.135-0.361 of their wire's skeleton (its spun rewrites 0.704-0.879; text containment "
    "0.51-0.73 and 0.66-0.75): none of the six joins its wire in any demo set, and the four spun rewrites join "
    "theirs in every set but the shuffle set (two of four there; not looked into). The no-names "
    "row now merges every template twin (with no names asked, the spun-copy test takes any pair that keeps its "
    "skeleton, as a twin does). What stayed short then: the demo's noise and trim_noise sets (0.877-0.981, template "
    "twins and scans as before); a scan of a spun copy is not asked for its skeleton (its names are compared "
    "exactly, and a scanner garbles them). Its cost is in benchmarks/README.md (dedup): the skeleton is sketched "
    "with the names, one call a sketch instead of one a part, and a pair is counted for its names only where a "
    "1,024-bit filter of each text's names lets it pass.")


def skeleton_note(r: dict) -> str:
    """The paragraph on spun copies told by their skeleton, with its choice on the tuning sets."""
    tuned = r["tuning"].get("skeleton")
    if not tuned:
        return ""
    shares = "; ".join(f"{'off' if k == 'None' else k}: mean ARI {v['ari']:.4f}, heavy spins {v['heavy_spin_ari']:.3f} "
                       f"(recall {v['heavy_spin_recall']:.3f}), twins merged {v['twins_merged']}"
                       for k, v in tuned["shares"].items())
    return (
        "Spun copies by their skeleton (issue 30, this round; `dedup._spun`). An article spinner swaps the content "
        "words of a sentence and keeps the rest: its stopwords, names, numbers and their order (SpotSigs, "
        "Theobald, Siddharth & Paepcke 2008). A text's skeleton keeps each token that is a stopword (the verbs of "
        "saying left out: a spinner swaps them first) as itself, a number or a capitalised word as its class, and "
        "makes each run of other words one placeholder; its shingles are 6 such tokens, read from the start of "
        "the text the noise level reads (2,000 characters), 128 smallest hashes kept with the names sketch. A "
        "candidate pair short of the text tests is a copy when its Jaccard is 0.3 at least, the names of one "
        "nearly all in the other compared exactly (the names threshold, 3 names at least; no names-between-the-"
        "same-words conflict), the skeleton shingles of one found in the other's at the share `skeleton`, and it "
        "lost no more of its skeleton than of its text's shingles (`1 - skeleton kept <= 1 - containment`). A "
        "same-template report of another event keeps the skeleton and fails the names; a hand rewrite keeps the "
        "names and loses the skeleton with every sentence it re-words; a follow-up that recalls paragraphs "
        "word for word loses skeleton and text alike (the last rule: without it, such a follow-up in "
        "tests/test_dedup.py joined its first report as a copy). The data first: `heavy_spin` in "
        "benchmarks/generate.py swaps every word and phrase of a table of 664 content words and 8 phrases (`spin`: "
        "50 words, each at 0.6): 297 heavy spins of the ECB+ tuning topics' seeds keep 0.60-0.84 of their seed's "
        "shingles (median 0.73, 5th percentile 0.65), as the demo's spun rewrites keep 0.66-0.75. Measured on the "
        "tuning topics before building (a text's whole skeleton, exact, every stopword kept): heavy spins keep "
        "0.61 of the skeleton at least (5th percentile 0.72, median 0.83), template twins 0.78 (0.85, 0.97; they "
        "keep it, the names part them), and the hand rewrite of tests/test_dedup_rewrites.py, three paragraphs "
        "re-worded, 0.61 where it keeps 0.85 of the text. As built (the lead, sketched; their `heavy_spin` set): "
        "heavy spins 0.62 at least (1st percentile 0.71, median 0.88), every one of 738 keeping 0.9 of its names, "
        "none of the 262 twins. Chosen on the tuning topics' sets (every kind mixed and "
        f"a set per kind, other thresholds as shipped; of tied shares the strictest): {shares}; chosen "
        f"{'off' if tuned['chosen'] == 'None' else tuned['chosen']}, shipped {dedup.SKELETON}. The last rule "
        "is part of the definition, not fitted: without it the tuning sets' mean ARI would be 0.9952 at 0.6 and "
        "0.9951 at 0.7 (heavy spins 0.999), since they hold no follow-ups or rewrites to part. " + SPUN)


LEVELS = (
    "A set per noise level, and twins that are other events throughout (issue 30, an earlier round: the data changed, "
    "not the method). (1) The per-kind tables had one `noise` set and one `trim_noise` set holding copies at every "
    "level, about 150 a level, so a twin merged through a copy at 15% counted against the 1% row too. Each level "
    "is now a set of its own (the seeds and 1,000 articles: about 750 copies at that level and 250 twins), five "
    "times the copies a row had. The tuning sets keep one set per kind, as the shipped thresholds were chosen on "
    "them. (2) The demo's template twins swapped only the people and places spaCy found: a twin kept its seed's "
    "organisations, and a surname standing without its particle (Tawili, after Abdelkarim al-Tawili; 24 of 147 "
    "demo twins kept it). They now swap the runs of capitalised words inside sentences as well, as the twins of "
    "real seeds do, and a surname without its particle. Both changes were made after the old tables' misses had "
    "been read (on demo seed 3, a set no table shows); the report sets were run once with them. The demo's mixed "
    "set went from 0.992 to 0.999 (template twins merged 6 to 0), and no twin is merged in any set of any corpus. "
    "Then, in the same round, names within edits at any noise: `verify` had compared the names of a pair whose "
    "noise read under 2% exactly (a gate for speed), and a scan at 1-2% loses a name in ten to a misread letter; "
    "the gate is gone, paid for by `copy_links` (the batch engine no longer decides a pair whose two articles "
    "are already joined; benchmarks/README.md). On the tuning topics' per-level sets: mean ARI 0.9911 to 0.9920 "
    "(trim_noise 1% 0.984 to 0.989, 2% 0.982 to 0.986, 5% 0.980 to 0.982), no twin merged; the report sets, run "
    "once more after it: ECB+ validation trim_noise 1% 0.989 to 0.992, 2% 0.979 to 0.984, 5% 0.981 to 0.982, "
    "BASIL trim_noise 1% 0.996 to 1.000, 2% 0.989 to 0.995, the demo's trim_noise 1% 0.988 to 0.989, nothing "
    "lower. The noise reading could not have served as a finer gate: it reads 0.012-0.022 on clean tuning "
    "seeds (90th-99th percentile) and as low as 0.004 on their scans at 1% (5th percentile). "
    "What stays under 0.98 at 10% noise or less is recall alone (precision 1.000): trim_noise on ECB+ validation "
    "at 10% (0.975), and the demo's noise and trim_noise at 5% (0.969, 0.960). The causes, read on the tuning "
    "topics' sets by level before the gate went (trim_noise at 2/5/10%: 18/18/25 copies left out of their "
    "lineage): copies never paired with their original, though copies of it when asked (4/10/10: in every "
    "bucket they share, the first member and the previous one are a sibling or a twin), or sharing no band "
    "with it at all (Jaccard 0.15-0.35); names short of the share asked (14/7/6, most of them the gate's); and "
    "the Jaccard or containment just under its threshold (0/1/9). Tried, not kept: each bucket's members "
    "chained in the order of their key in the next band, so that copies, which share that band too, sit side "
    "by side and the chain differs from band to band: demo seed 3 (old twins) noise 1% 0.981 to 1.000, 5% 0.969 "
    "to 1.000, but on the tuning topics' per-level sets mean ARI 0.9911 to 0.9907 (trim_noise 10% 0.978 to "
    "0.976, 15% 0.958 to 0.948, precision 0.987), the demo seed 1 mixed set 0.977 to 0.945, and at 20,000 "
    "real-length articles candidate pairs 522,000 to 610,000 and verification 1.4 to 2.1 CPU s.")


LEADS = (
    "Leads banded (issue 30, this round: the candidates changed, not the checks). A paper cuts a wire story from "
    "the bottom, and a copy of its first paragraphs shares too few shingles with the whole story for the whole "
    "text's bands: two paragraphs of seven have a Jaccard of about 0.2 with it, which 42 bands of 3 pair with "
    "p = 0.28. Each text's first 400 canonical characters are now sketched as well (one-permutation MinHash over "
    "the same window hashes, 14 bands of 3 of its bins), and a lead band's bucket-mates are candidates as the "
    "whole texts' are (`dedup.copy_candidates`; the Spark engine reads the same keys). Chosen on the tuning "
    "topics' per-kind sets (mean ARI: no lead bands 0.9943; the first and the last 400 characters both, 0.9963 "
    "at 42 bands and 0.9959 at 14; 200, 300, 400, 600 or 800 characters at 42 bands 0.9962, 0.9961, 0.9963, "
    "0.9960, 0.9958) and on the demo's tuning sets (seed 1, per kind and level; no lead bands 0.9845). There "
    "the closing characters banded too merged 4 template twins: a trimmed scan of a twin's last paragraphs, "
    "naming 4 names and read at 16% noise, passed the checks against two twins and joined them. Same-template "
    "reports close alike (background, few names), so the closing paragraphs are not banded; the opening alone, "
    "at 14 bands: tuning 0.9947, demo tuning 0.9858, no twin merged (28 bands: 0.9950 and 0.9848; 42: 0.9950 "
    "and 0.9830). With the closing characters banded and names asked of more (MIN_NAMES 4, 5, 6 for 3: fewer "
    "names prove nothing, and the text must then be nearly the same): tuning 0.9955, 0.9950, 0.9943, demo tuning "
    "0.9855 (a twin merged), 0.9845, 0.9840: none beats the opening alone. The report sets were read twice this round: first with both ends (ECB+ validation trim_noise "
    "10% 0.975 to 0.986; but the demo's trim_noise 5% and 10% sets merged 1 and 2 template twins), then with "
    "the opening alone, as shipped: ECB+ validation trim_noise 1/2/5/10/15% 0.992/0.984/0.982/0.975/0.949 to "
    "0.995/0.988/0.985/0.980/0.959 (10% at 0.9798: short of 0.98 by a hair), headline 0.998 to 0.999; BASIL "
    "trim_noise 2% 0.995 to 0.998 and 15% 0.986 to 0.989, headline and trim to 1.000; the demo's headline set "
    "0.963 to 0.972; nothing lower in any set, no template twin merged anywhere. At 20,000 real-length "
    "articles candidate pairs rise 443,073 to 475,843 and copy clusters fall 6,373 to 6,367; time in "
    "benchmarks/README.md. Tried, not kept: a second pass pairing, in each bucket, the copy clusters the first "
    "pass left apart (every pair of up to 16 of them): tuning 0.9943 to 0.9953, but 350,000 more pairs at "
    "20,000 articles (1 CPU s more), and the demo's noise 5% set unchanged. That set's loss is one lineage, a "
    "demo wire and its spun rewrite (both seeds, no noise): asked directly they are no copy (the wire's text "
    "0.73 contained in the rewrite, of 0.90 asked; every name of the wire in the rewrite, but the skeleton of "
    "one 0.69 in the other's, of 0.70 asked for a spun copy), and its noise 1% and 10% sets join them only "
    "through a noisy copy of one that clears the checks against the other. Then tried (2026-12-07, tuning sets "
    "alone, not kept): the closing characters banded too, with a guard in the clustering, that a text joins "
    "only the longer copy holding most of it, and another only where that one and it are not two events told "
    "alike (`two_events`): ECB+ tuning per kind 0.9947 to 0.9959, demo tuning 0.9858 to 0.9860, no twin "
    "merged (without the guard 0.9959 and 0.9856, 4 twins merged; with the guard asking the two longer copies "
    "to pass `verify`, tuning 0.9842: headline-swapped copies fail it against each other). The guard needs every "
    "copy pair of a text: over the links the batch engine keeps (a spanning forest) a dropped link split 700 "
    "noisy copies of one report in two with one worker and not with two; asked exactly, only in clusters where "
    "a member and the longest text are two events told alike, it costs 0.26 CPU s at 20,000 real-length "
    "articles and the closing bands 0.3 s more, about 6% of `dedup --no-stories`, which is about 2x rensa "
    "with nothing to spare.")


def _report_rows(r: dict) -> dict:
    """The report's per-kind tables (seed 2) in `other_draws`' shape: corpus -> set -> ARI, twins merged."""
    out: dict = {}
    for corpus, corpus_sets in r["corpora"].items():
        rows = out.setdefault(corpus.rsplit(", seed", 1)[0], {})
        for kind, found in corpus_sets.items():
            if kind != "all kinds":
                kinds = found["methods"]["wiretrace"]["kinds"]
                rows.update({label: {"ari": row["ari"], "precision": row["precision"], "recall": row["recall"],
                                     "merged": kinds["template twins"]["merged"],
                                     "twins": kinds["template twins"]["articles"]}
                             for label, row in kinds.items() if label != "template twins"})
    return out


def _bar(rows: dict) -> dict:
    """One corpus's sets against the bar: the noisy ones up to 10% (and those under 0.98), the clean ones, the
    twins merged, and the noisier sets under 0.98."""
    noisy = {label: row["ari"] for label, row in rows.items() if "%" in label and int(label.split()[-1][:-1]) <= 10}
    clean = {label: row["ari"] for label, row in rows.items() if "%" not in label}
    return {"noisy": noisy, "short": {label: ari for label, ari in noisy.items() if ari < 0.98}, "clean": clean,
            "merged": sum(row["merged"] for row in rows.values()),
            "twins": sum(row["twins"] for row in rows.values()),
            "beyond": {label: row for label, row in rows.items()
                       if "%" in label and label not in noisy and row["ari"] < 0.98}}


def against_bar(r: dict) -> str:
    """The issue's bar read from this run's per-kind sets: copy ARI 0.98 or more on noisy copies up to 10%
    character error rate, no loss on the clean kinds, no template twin merged; and from the other draws."""
    parts, shortfalls, beyond = [], [], []
    for corpus, rows in _report_rows(r).items():
        bar = _bar(rows)
        short = [f"{label} {ari:.4f}" for label, ari in bar["short"].items()]
        shortfalls += [f"{corpus}, {what}" for what in short] + (
            [f"{corpus}, {bar['merged']} twins merged"] if bar["merged"] else [])
        beyond += [f"{corpus} {label} {row['ari']:.3f} (pairwise P {row['precision']:.3f}, R {row['recall']:.3f})"
                   for label, row in bar["beyond"].items()]
        parts.append(f"{corpus}: noisy copies up to 10% {min(bar['noisy'].values()):.3f}-"
                     f"{max(bar['noisy'].values()):.3f}" + (f" (under 0.98: {', '.join(short)})" if short else "")
                     + f", clean kinds {min(bar['clean'].values()):.3f}-{max(bar['clean'].values()):.3f}, template "
                     f"twins merged {bar['merged']} of {bar['twins']:,}")
    draws = []
    for corpus in REPORT:
        bars = [_bar(r["draws"][seed][corpus]) for seed in r.get("draws", {})]
        if bars:
            short = sum(len(bar["short"]) for bar in bars)
            draws.append(f"{corpus} {min(min(bar['noisy'].values()) for bar in bars):.3f} ({short} set"
                         f"{'s' if short != 1 else ''} under 0.98, {sum(bar['merged'] for bar in bars)} twins merged)")
    return ("Against the bar (copy ARI 0.98 or more on noisy copies up to 10% character error rate, no loss on the "
            "clean kinds, no template twin merged), from the per-kind tables: " + "; ".join(parts) + ". "
            + ("Met on every corpus." if not shortfalls else "Short: " + "; ".join(shortfalls) + ".")
            + (" Past the bar's 10%: " + "; ".join(beyond) + "." if beyond else "")
            + (f" On the other draws (seeds {', '.join(r['draws'])}, below), noisy copies up to 10% at lowest: "
               + "; ".join(draws) + "." if draws else ""))


def draws_table(r: dict) -> list[str]:
    """Per report corpus and seed: the lowest ARI of the noisy sets up to 10% and of the clean kinds, the noisy
    sets under 0.98, the twins merged."""
    seeds = {"2 (tables above)": _report_rows(r), **{seed: r["draws"][seed] for seed in r.get("draws", {})}}
    lines = ["| corpus | seed | noisy copies up to 10%: lowest ARI | under 0.98 | clean kinds: lowest ARI | "
             "template twins merged |", "|---|---|---|---|---|---|"]
    for corpus in REPORT:
        for seed, by_corpus in seeds.items():
            bar = _bar(by_corpus[corpus])
            low, clean = min(bar["noisy"], key=bar["noisy"].get), min(bar["clean"], key=bar["clean"].get)
            short = ", ".join(f"{label} {ari:.3f}" for label, ari in bar["short"].items()) or "none"
            lines.append(f"| {corpus} | {seed} | {bar['noisy'][low]:.3f} ({low}) | {short} | "
                         f"{bar['clean'][clean]:.3f} ({clean}) | {bar['merged']} of {bar['twins']:,} |")
    return lines


def markdown(r: dict) -> str:
    tuning = r["tuning"]
    best = ", ".join(f"{k} {v}" for k, v in tuning["wiretrace_best"].items() if k != "ari")
    shown = ", ".join(f"{k} {v}" for k, v in tuning["with_shown"].items() if k not in ("ari", "sets"))
    shipped = ", ".join(f"{k} {v}" for k, v in SHIPPED.items())
    peers = "; ".join(f"{name.split()[0]} " + ", ".join(f"{p['kind']} at {p['threshold']} (ARI {p['ari']:.3f})"
                                                       for p in best) for name, best in tuning["peers"].items())
    lines = [
        "## Copy detection: generated and real-text copies, OCR noise up to 15%",
        "",
        "`python evaluation/copies.py` — copies derived in one step by `benchmarks/generate.py` from seed "
        f"articles: the demo corpus, and real news (ECB+, BASIL and PolNeAR articles of {REAL_WORDS[0]} to "
        f"{REAL_WORDS[1]:,} words, read from ../shared/datasets at run time; of a topic's (PolNeAR: a month's) "
        "versions of one wire text the first alone). PolNeAR (833 political reports of seven US outlets, 2015-2016; "
        "the quotation evaluation reads it too) is new to copy detection: no threshold, rule or setting of it was "
        "ever tried there. Kinds: verbatim (`copy`), under another headline with page furniture "
        "(`headline`), `trim`, synonym `spin`, `heavy_spin` (an article spinner's: most content words and some "
        "phrases swapped; set per kind only, so the mixed sets are those before), `shuffle` (sentences dropped, "
        "paragraphs reordered), OCR `noise` "
        "at character error rates 1-15% (e/c, l/1/i, o/0, a/o, m/rn, h/b, s/5 four times as often as dropped or "
        "wrong letters), `trim_noise` (trimmed, then noisy), `column` (set in a newspaper column, a line break every "
        "26-40 characters and words hyphenated over them, then noisy, as a scan of a printed page reads; set per kind "
        "only, as `heavy_spin`), and template twins (`new_event`: the same template "
        "with other names, numbers and dates; noisy copies of twins too). Gold: the text lineage; a text made from "
        "one source by a mechanical edit that keeps its facts (a copy, a trim, a scan, a spinner's rewrite, the "
        "demo's spun rewrites too) is of its source's lineage, a hand rewrite whose writer changed facts is of its "
        "own (why: docs/tried.md).",
        "",
        f"Thresholds chosen on the tuning sets only ({', '.join(tuning['sets'])}: every kind mixed), never on "
        f"the sets below. wiretrace ships {shipped} (mean ARI {tuning['wiretrace_shipped_ari']:.3f} on the "
        f"tuning sets; the best of the grid there: {best}, {tuning['wiretrace_best']['ari']:.3f}; with "
        f"{' and '.join(tuning['with_shown']['sets'])} both, the grid would pick {shown}, mean ARI "
        f"{tuning['with_shown']['ari']:.3f}: not shipped, see docs/tried.md). On the tuning topics' own per-kind sets "
        "(a set per kind, as below): " + "; ".join(
            f"{name} mean ARI {v['ari']:.3f}, template twins merged {v['twins_merged']}"
            for name, v in tuning.get("per_kind", {}).items()) + ". Peers at "
        f"their best there, per shingling: {peers}; the better of the two in the per-kind tables; 128 permutations, "
        "LSH, the estimated Jaccard of every candidate checked, connected components.",
    ]
    for corpus, corpus_sets in r["corpora"].items():
        mixed = corpus_sets["all kinds"]
        lines += ["", f"### {corpus}", "",
                  f"Every kind mixed: {mixed['articles']:,} articles, {mixed['gold_clusters']:,} gold copy clusters.",
                  "", "| method | settings | ARI | pairwise P | R | seconds | template twins merged |",
                  "|---|---|---|---|---|---|---|"]
        for name, m in mixed["methods"].items():
            config = ", ".join(f"{k} {v}" for k, v in m["config"].items())
            twins = m["kinds"]["template twins"]
            lines.append(f"| {name} | {config} | {m['ari']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
                         f"{m['seconds']:.1f} | {twins['merged']} of {twins['articles']} |")
        lines += ["", "Per kind (a set per kind, and per noise level of the noisy kinds: the seeds, its copies and "
                  "template twins; ARI and pairwise P/R over that kind's copies, the seeds and the twins):", "",
                  "| kind | copies | wiretrace ARI | P | R | " + " | ".join(f"{n.split()[0]} ARI | R" for n in PEER_COLUMNS)
                  + " | twins merged (wiretrace, " + ", ".join(n.split()[0] for n in PEER_COLUMNS) + ") |",
                  "|---|---|---|---|---|" + "---|---|" * len(PEER_COLUMNS) + "---|"]
        for kind in (name for name in corpus_sets if name != "all kinds"):
            methods = corpus_sets[kind]["methods"]
            twins = ", ".join(str(methods[n]["kinds"]["template twins"]["merged"]) for n in ("wiretrace", *PEER_COLUMNS))
            for label, row in methods["wiretrace"]["kinds"].items():
                if label == "template twins":
                    continue
                peer_cells = " | ".join(f"{methods[n]['kinds'][label]['ari']:.3f} | {methods[n]['kinds'][label]['recall']:.3f}"
                                        for n in PEER_COLUMNS)
                lines.append(f"| {label} | {row['articles']} | {row['ari']:.3f} | {row['precision']:.3f} | "
                             f"{row['recall']:.3f} | {peer_cells} | {twins} of "
                             f"{methods['wiretrace']['kinds']['template twins']['articles']} |")
    lines += [
        "",
        "wiretrace: one-permutation MinHash over 5-byte shingles of the text folded for OCR confusions (128 bins, "
        "empty bins densified), 42 LSH bands of 3, and 14 more over the text's first 400 characters (docs/tried.md, leads banded); "
        "in each bucket the first member by id and its fullest, cleanest member (below) are paired with every "
        "other, and each member with the next; "
        "a candidate is a copy when its estimated Jaccard (MinHash) and containment (each text's 256 "
        "smallest shingle hashes, a bottom-k sketch) clear their thresholds times "
        "the share of shingles the pair's noise leaves (`(1 - noise) ** shingles_kept`, noise from each text's "
        "share of words that are no dictionary word even folded), and the share of the shorter text's names and "
        "numbers found in the other (names: capitalised words that open no sentence; numbers: tokens half or "
        "more digits; folded; a name within one edit from four letters, two from eight, counted on the longer "
        "spelling, or two of the other's names run together; numbers exact and counted twice) clears `names` "
        "less `names_noise` times the noise. The shorter text's, not "
        "those of the article naming fewer: a trimmed scan can name more than its original, each misread "
        "spelling of a name counting once. The no-names row shows what the names checks "
        "buy: the template twins; the row after it, the names-between-the-same-words test (docs/tried.md) without the "
        "names share.",
        "",
        "The demo's template twins swap the people and places spaCy finds and the runs of capitalised words inside "
        "sentences, as real seeds' twins do (so the demo's sets change when the annotation does). The "
        "peers' low scores come from the twins (a third of the articles): without a facts check a threshold low "
        "enough for noisy copies merges them, and one high enough to keep them apart loses the noisy copies.",
        "",
        HUB,
        "",
        COLUMN,
        "",
        against_bar(r),
        "",
        "The per-kind sets drawn again with other seeds (`other_draws`: wiretrace alone, its shipped settings; "
        "`python evaluation/copies.py --another-draw SEED` prints one):",
        "",
        *draws_table(r),
        "",
        common.TRIED,
        "## Copy detection: tried and not kept",
        "",
        "Each round measured against the code of its time, on the sets of docs/evaluation.md; the figures of one "
        "paragraph are comparable with each other, not always with today's tables.",
        "",
        GOLD,
        "",
        skeleton_note(r),
        "",
        LEVELS,
        "",
        LEADS,
        "",
        CLEAN_TRIED,
        "",
        conflicts_note(r),
        "",
        SKETCH,
        "",
        NOTE,
        "",
        CANDIDATES_TRIED,
        "",
        COUNT_TEST,
    ]
    return "\n".join(lines)


def another_draw(seed: int, count: int) -> str:
    """`other_draws` of one seed, as text (no docs)."""
    lines = [f"wiretrace on the per-kind sets of seed {seed} (ARI; template twins merged)", ""]
    for corpus, rows in other_draws((seed,), count)[str(seed)].items():
        lines.append(f"{corpus}: " + ", ".join(f"{name} {row['ari']:.4f} ({row['merged']})"
                                               for name, row in rows.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=4000, help="articles in each mixed set")
    parser.add_argument("--another-draw", type=int, metavar="SEED",
                        help="only score wiretrace on the report corpora's per-kind sets of this seed (no docs)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--markdown-from", type=Path, metavar="JSON",
                        help="write the docs section from the results of an earlier run (its --json) instead")
    args = parser.parse_args()
    if args.another_draw is not None:
        print(another_draw(args.another_draw, args.count))
        return
    result = json.loads(args.markdown_from.read_text()) if args.markdown_from else evaluate(args.count)
    if "draws" not in result:   # results of a run before the other draws were part of it
        result["draws"] = other_draws(DRAWS, args.count)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=float))
    print(markdown(result))
    print(f"written to {common.write_section('copies', markdown(result))}")


if __name__ == "__main__":
    main()
