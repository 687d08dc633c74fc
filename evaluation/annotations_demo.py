"""Annotations against the demo corpus gold: quotations, speakers and resolved dates.

The gold (src/wiretrace/demo/gold.json) lists every quotation with its speaker
and every date expression with the date it denotes, written with the corpus.

    python evaluation/annotations_demo.py [--json]
"""

from __future__ import annotations



import common
from common import prf, same_person
from wiretrace import demo, read_batch
from wiretrace.article import fold
from wiretrace.nlp import annotate_many


def gold_by_article() -> list[tuple[dict, object]]:
    """(gold entry, Article) pairs, matched by url or, for clippings, by file."""
    batch = read_batch([demo.corpus_path()])
    by_url = {a.url: a for a in batch.articles if a.url}
    by_file = {a.origin.split("corpus/")[-1]: a for a in batch.articles}
    return [(g, by_url[g["url"]] if g["url"] else by_file[g["file"]]) for g in demo.gold()["articles"]]


def _norm(text: str) -> str:
    return " ".join(fold(text).strip(" ,.\"'").lower().split())


def evaluate() -> dict:
    pairs = gold_by_article()
    c = {"quotes_gold": 0, "quotes_ours": 0, "quotes_tp": 0, "speaker_named": 0, "speaker_ok": 0,
         "speaker_none_ok": 0, "speaker_none": 0, "dates_gold": 0, "dates_found": 0, "dates_ok": 0}
    for (gold, article), ann in zip(pairs, annotate_many([a for _, a in pairs])):
        ours = {_norm(q.text): q for q in ann.quotes}
        c["quotes_gold"] += len(gold["quotes"])
        c["quotes_ours"] += len(ann.quotes)
        for q in gold["quotes"]:
            hit = ours.get(_norm(q["text"]))
            c["quotes_tp"] += hit is not None
            if hit is None:
                continue
            if q["speaker"]:
                c["speaker_named"] += 1
                c["speaker_ok"] += same_person(hit.speaker, q["speaker"])
            else:
                c["speaker_none"] += 1
                c["speaker_none_ok"] += hit.speaker is None
        times = list(ann.times)
        for d in gold["dates"]:
            c["dates_gold"] += 1
            hit = next((t for t in times if _norm(d["text"]) in _norm(t.text) or _norm(t.text) in _norm(d["text"])), None)
            if hit is None:
                continue
            times.remove(hit)
            c["dates_found"] += 1
            c["dates_ok"] += hit.resolved == d["resolved"]
    p, r, f = prf(c["quotes_tp"], c["quotes_ours"] - c["quotes_tp"], c["quotes_gold"] - c["quotes_tp"])
    return {"articles": len(pairs), **c, "quote_precision": p, "quote_recall": r, "quote_f1": f,
            "speaker_accuracy": c["speaker_ok"] / max(1, c["speaker_named"]),
            "date_recall": c["dates_found"] / max(1, c["dates_gold"]),
            "date_resolution_accuracy": c["dates_ok"] / max(1, c["dates_found"])}


def markdown(r: dict) -> str:
    return f"""## Annotations: demo corpus gold

`python evaluation/annotations_demo.py` — {r['articles']} articles, {r['quotes_gold']} quotations, {r['dates_gold']} date expressions.

| measure | value |
|---|---|
| quotations (exact span): precision / recall / F1 | {r['quote_precision']:.3f} / {r['quote_recall']:.3f} / {r['quote_f1']:.3f} |
| speaker accuracy (found quotes with a named speaker, {r['speaker_named']}) | {r['speaker_accuracy']:.3f} |
| date expressions found | {r['date_recall']:.3f} |
| resolved to the gold date (of those found) | {r['date_resolution_accuracy']:.3f} |"""


def main() -> None:
    common.main(__doc__, evaluate, markdown, "annotations-demo", "annotations on the demo gold")


if __name__ == "__main__":
    main()
