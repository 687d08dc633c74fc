"""Sentence-level paraphrase decisions on MRPC and STS-B, against a plain cosine baseline.

MRPC: fit the paraphrase model on the train file only (weights and threshold),
report accuracy and F1 of the positive class on the test file. The baseline
is a MiniLM cosine with its threshold chosen on train. STS-B news pairs
(test) are a second check: Spearman correlation of the model's probability,
and of the cosine, with the human scores.

    python evaluation/paraphrase.py          # evaluate the shipped model
    python evaluation/paraphrase.py --fit    # refit on MRPC train, save, evaluate
"""

from __future__ import annotations

import csv
import hashlib

import numpy as np

import common
from common import dataset
from wiretrace.compare import paraphrase
from wiretrace.compare.features import FEATURES, feature_matrix
from wiretrace.logistic import LogisticModel
from wiretrace.embeddings import encode


def mrpc(name: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    path = dataset("mrpc", name)
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(r[3], r[4]) for r in rows], np.array([int(r[0]) for r in rows])


def stsb_news(name: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    pairs, scores = [], []
    with dataset("stsb", name).open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 7 and cols[0] == "main-news":
                pairs.append((cols[5], cols[6]))
                scores.append(float(cols[4]))
    return pairs, np.array(scores)


def vectors(texts: list[str]) -> np.ndarray:
    """MiniLM embeddings, kept under evaluation/.cache/ so that a rerun does not encode the datasets again."""
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:16]
    path = common.REPO / "evaluation" / ".cache" / f"minilm-{digest}.npy"
    if path.exists():
        return np.load(path)
    out = encode(texts)
    path.parent.mkdir(exist_ok=True)
    np.save(path, out)
    return out


def cosines(pairs: list[tuple[str, str]]) -> np.ndarray:
    return (vectors([x for x, _ in pairs]) * vectors([y for _, y in pairs])).sum(axis=1)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(np.round(scores, 3))
    return float(max(candidates, key=lambda t: ((scores >= t) == labels).mean()))


def acc_f1(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    tp = int((pred & (labels == 1)).sum())
    precision = tp / max(1, pred.sum())
    recall = tp / max(1, (labels == 1).sum())
    return float((pred == labels).mean()), 2 * precision * recall / max(1e-9, precision + recall)


def fit(features: np.ndarray, labels: np.ndarray) -> LogisticModel:
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import cross_val_predict

    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-9
    x = (features - mean) / scale
    lr = LogisticRegressionCV(Cs=10, cv=5, max_iter=2000).fit(x, labels)
    held_out = cross_val_predict(LogisticRegressionCV(Cs=10, cv=5, max_iter=2000), x, labels, cv=5,
                                 method="predict_proba")[:, 1]
    return LogisticModel(FEATURES, mean, scale, lr.coef_[0], float(lr.intercept_[0]), best_threshold(held_out, labels))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def evaluate(refit: bool) -> dict:
    train_pairs, train_labels = mrpc("msr_paraphrase_train.txt")
    test_pairs, test_labels = mrpc("msr_paraphrase_test.txt")
    train_cos, test_cos = cosines(train_pairs), cosines(test_pairs)
    if refit:
        model = fit(feature_matrix(train_pairs, train_cos), train_labels)
        model.save(paraphrase.MODEL_FILE, trained_on="MRPC train (4,076 pairs)")
        paraphrase.load.cache_clear()
    model = paraphrase.load()
    test_p = model.probability(feature_matrix(test_pairs, test_cos))
    base_t = best_threshold(train_cos, train_labels)
    sts_pairs, sts_scores = stsb_news("sts-test.csv")
    sts_cos = cosines(sts_pairs)
    sts_p = paraphrase.load().probability(feature_matrix(sts_pairs, sts_cos))
    ours, base = acc_f1(test_p >= model.threshold, test_labels), acc_f1(test_cos >= base_t, test_labels)
    return {
        "mrpc_test_pairs": len(test_pairs), "threshold": model.threshold, "baseline_threshold": base_t,
        "accuracy": ours[0], "f1": ours[1], "baseline_accuracy": base[0], "baseline_f1": base[1],
        "stsb_news_pairs": len(sts_pairs), "stsb_spearman": spearman(sts_p, sts_scores),
        "stsb_baseline_spearman": spearman(sts_cos, sts_scores),
    }


def markdown(r: dict) -> str:
    return f"""## Paraphrase decisions: MRPC and STS-B

`python evaluation/paraphrase.py` — MRPC test ({r['mrpc_test_pairs']} pairs; weights and threshold from the train file only),
STS-B news test pairs ({r['stsb_news_pairs']}; not used for fitting).

| | wiretrace (features + logistic model) | baseline: MiniLM cosine, threshold from train |
|---|---|---|
| MRPC accuracy | {100 * r['accuracy']:.1f} | {100 * r['baseline_accuracy']:.1f} |
| MRPC F1 (paraphrase class) | {100 * r['f1']:.1f} | {100 * r['baseline_f1']:.1f} |
| STS-B news Spearman | {r['stsb_spearman']:.3f} | {r['stsb_baseline_spearman']:.3f} |

Features: MiniLM cosine, character and token-set ratios, content-word Jaccard and containment,
bigram overlap, agreement of numbers and capitalised names, length ratio."""


def main() -> None:
    common.main(__doc__, evaluate, markdown, "paraphrase", "paraphrase decisions", fit=True)


if __name__ == "__main__":
    main()
