"""Copy detection on generated noisy copies: wiretrace dedup against datasketch MinHash LSH and rensa, same run.

Data: `benchmarks/generate.py` mutates the demo corpus into verbatim copies,
trims, synonym spins, shuffled edits, OCR noise and new events of the same
kind (other people, places, numbers and dates in the same sentences). Two
sets: seed 1 to tune every method's settings, seed 2 (never seen while
tuning) to report on.

Gold copy clusters: articles with the same text lineage. Follow an article's
`derived_from` through copy, trim, spin, shuffle and noise operations up to
the first `original` or `new_event`: that article is its root, and a
`new_event` starts a lineage of its own (it reports another event). Demo
originals are merged by the demo gold: a demo `copy` or `trimmed_copy` joins
the lineage of the article it copies; a demo `rewrite` or `spun_rewrite`
(sentences reworded) is a lineage of its own.

Scores: ARI and pairwise precision/recall/F1 (pairs of articles put in one
cluster). Peers at their best configuration on the tuning set, over
shingling (character 5-grams, word 3-grams) and threshold (LSH threshold and
estimated-Jaccard check on each candidate), 128 permutations, connected
components.

    python evaluation/copies.py [--count 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

import common
from common import REPO, prf

sys.path.insert(0, str(REPO / "benchmarks"))

from wiretrace import dedup, demo, read_batch  # noqa: E402

NUM_PERM = 128
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
GRID = {"jaccard": (0.3, 0.4, 0.5), "containment": (0.9, 0.92, 0.93, 0.94, 0.95), "names": (0.8, 0.85, 0.9)}
_WORD = re.compile(r"[a-z0-9]+")


# data and gold


def generated(count: int, seed: int) -> list[dict]:
    from generate import generate, load_seeds

    return [r.as_json() for r in generate(load_seeds(), count, seed)]


def gold_clusters(records: list[dict]) -> list[str]:
    """The lineage root of each generated record (see the module docstring)."""
    demo_root = _demo_roots()
    by_id = {r["id"]: r for r in records}
    out = []
    for record in records:
        while record["operation"] not in ("original", "new_event"):
            record = by_id[record["derived_from"]]
        out.append(demo_root.get(record["text"], record["id"]) if record["operation"] == "original" else record["id"])
    return out


def _demo_roots() -> dict[str, str]:
    """Demo article text -> the demo article whose text it copies (itself when it copies none)."""
    corpus = demo.corpus_path()
    rows = {(g["url"] or g["file"]): g for g in demo.gold()["articles"]}

    def root(key: str) -> str:
        while rows[key]["role"] in ("copy", "trimmed_copy"):
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


# the methods: each takes texts and settings, returns one cluster label per text


def wiretrace_dedup(texts: list[str], jaccard=dedup.JACCARD, containment=dedup.CONTAINMENT,
                    names=dedup.NAMES) -> np.ndarray:
    """As `wiretrace dedup` does it, rows in an order set by content (there: article ids), not by the generator."""
    order = _content_order(texts)
    sketches = dedup.sketch([texts[i] for i in order])
    candidates = dedup.candidate_pairs(dedup.band_keys(sketches.signatures))
    pairs = dedup.verify(candidates, sketches, jaccard=jaccard, containment=containment, names=names)
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


def datasketch_lsh(texts: list[str], kind: str = "char5", threshold: float = 0.8) -> np.ndarray:
    """datasketch's MinHashLSH, every candidate's estimated Jaccard checked, connected components."""
    from datasketch import MinHash, MinHashLSH

    hashes = MinHash.bulk([[s.encode() for s in peer_shingles(t, kind)] for t in texts], num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m)
             if i < j and m.jaccard(hashes[j]) >= threshold]
    return dedup.components(len(texts), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def rensa_lsh(texts: list[str], kind: str = "char5", threshold: float = 0.8) -> np.ndarray:
    """rensa's RMinHash (Rust) and RMinHashLSH, every candidate's estimated Jaccard checked, connected components."""
    from rensa import RMinHash, RMinHashLSH

    hashes = RMinHash.from_token_sets([peer_shingles(t, kind) for t in texts], num_perm=NUM_PERM, seed=42)
    lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=32)
    lsh.insert_many(hashes)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m)
             if i < j and m.jaccard(hashes[j]) >= threshold]
    return dedup.components(len(texts), np.array(pairs, dtype=np.int64).reshape(-1, 2))


PEERS = {"datasketch MinHashLSH": datasketch_lsh, "rensa RMinHashLSH": rensa_lsh}


# tuning and the run


def tune_wiretrace(texts, gold) -> tuple[dict, float, float]:
    """The thresholds that score best on the tuning set (candidates and similarities computed once), their ARI
    there, and the ARI there of the shipped thresholds."""
    order = _content_order(texts)
    texts, gold = [texts[i] for i in order], [gold[i] for i in order]
    sketches = dedup.sketch(texts)
    candidates = dedup.candidate_pairs(dedup.band_keys(sketches.signatures))
    measures = dedup.similarity(sketches.take(candidates[:, 0]), sketches.take(candidates[:, 1]))
    best = None
    for jt in GRID["jaccard"]:
        for ct in GRID["containment"]:
            for nt in GRID["names"]:
                labels = dedup.components(len(texts), candidates[dedup.is_copy(*measures, jt, ct, nt)])
                ari = scores(labels, gold)["ari"]
                if best is None or ari > best[1]:
                    best = ({"jaccard": jt, "containment": ct, "names": nt}, ari)
    shipped = dedup.components(len(texts), candidates[dedup.is_copy(*measures)])
    return (*best, scores(shipped, gold)["ari"])


def tune_peer(method, texts, gold) -> tuple[dict, float]:
    best = None
    for kind in ("char5", "word3"):
        for threshold in THRESHOLDS:
            ari = scores(method(texts, kind, threshold), gold)["ari"]
            if best is None or ari > best[1]:
                best = ({"kind": kind, "threshold": threshold}, ari)
    return best


def evaluate(count: int = 5000) -> dict:
    tuning, test = generated(count, 1), generated(count, 2)
    tune_texts, tune_gold = [r["text"] for r in tuning], gold_clusters(tuning)
    texts, gold = [r["text"] for r in test], gold_clusters(test)
    shipped = {"jaccard": dedup.JACCARD, "containment": dedup.CONTAINMENT, "names": dedup.NAMES}
    tuned, tuned_ari, shipped_ari = tune_wiretrace(tune_texts, tune_gold)
    result = {"articles": len(texts), "gold_clusters": len(set(gold)),
              "operations": {op: sum(r["operation"] == op for r in test) for op in sorted({r["operation"] for r in test})},
              "methods": {}}
    started = time.perf_counter()
    result["methods"]["wiretrace dedup"] = {**scores(wiretrace_dedup(texts), gold), "config": shipped,
                                            "seconds": time.perf_counter() - started,
                                            "tuning_best": {**tuned, "ari": tuned_ari},
                                            "tuning_shipped_ari": shipped_ari}
    started = time.perf_counter()
    no_names = wiretrace_dedup(texts, names=0.0)
    result["methods"]["wiretrace, without the names check"] = {**scores(no_names, gold), "config": {**shipped, "names": 0},
                                                               "seconds": time.perf_counter() - started}
    for name, method in PEERS.items():
        config, _ = tune_peer(method, tune_texts, tune_gold)
        started = time.perf_counter()
        labels = method(texts, config["kind"], config["threshold"])
        result["methods"][name] = {**scores(labels, gold), "config": config, "seconds": time.perf_counter() - started}
    return result


def markdown(r: dict) -> str:
    ours = r["methods"]["wiretrace dedup"]
    tuned = ours["tuning_best"]
    best = ", ".join(f"{k} {v}" for k, v in tuned.items() if k != "ari")
    lines = [
        "## Copy detection: generated noisy copies",
        "",
        f"`python evaluation/copies.py` — {r['articles']} articles generated from the demo corpus with seed 2 "
        f"({', '.join(f'{op} {n}' for op, n in r['operations'].items())}), {r['gold_clusters']} gold copy clusters "
        "(same text lineage; a new event of the same kind starts its own). Every method's settings were tuned "
        "on another set of the same size (seed 1); the peers over shingling and threshold.",
        "",
        "| method | settings | ARI | pairwise P | R | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in r["methods"].items():
        config = ", ".join(f"{k} {v}" for k, v in m["config"].items())
        lines.append(f"| {name} | {config} | {m['ari']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")
    lines += [
        "",
        "wiretrace: MinHash over 5-byte shingles (128 permutations), 42 LSH bands of 3, a candidate is a copy when "
        "its estimated Jaccard, its containment (from Jaccard and the exact shingle counts: a trimmed copy is "
        "wholly inside its parent) and the share of its names and numbers found in the other all clear their "
        f"thresholds (an article naming fewer than {dedup.MIN_NAMES} must reach Jaccard {dedup.FEW_NAMES_JACCARD}); "
        "rows in an order set by content, as `wiretrace dedup` sorts them by article id. Best on the tuning set: "
        f"{best} (ARI {tuned['ari']:.3f} there; the shipped thresholds {ours['tuning_shipped_ari']:.3f}). "
        "Jaccard alone cannot keep a same-template report of another event (Jaccard about 0.8 with its seed) apart "
        "from a heavy trim (as low as 0.35): the second row shows it.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="articles in each generated set")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead")
    args = parser.parse_args()
    result = evaluate(args.count)
    if args.json:
        print(json.dumps(result, indent=2, default=float))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"copy detection, {result['articles']} generated articles (seed 2)")
    for column in ("method", "settings", "ARI", "P", "R", "F1", "seconds"):
        table.add_column(column)
    for name, m in result["methods"].items():
        table.add_row(name, ", ".join(f"{k} {v}" for k, v in m["config"].items()),
                      *(f"{m[k]:.3f}" for k in ("ari", "precision", "recall", "f1")), f"{m['seconds']:.1f}")
    Console().print(table)
    print(f"written to {common.write_section('copies', markdown(result))}")


if __name__ == "__main__":
    main()
