"""Annotation per article by language: the rule reader (fr, de, es, it, ar, ru...) against spaCy's English parse.

Articles are the SemEval-2022 Task 8 texts (title and opening, about 1,000 characters) read at run time from
../shared/datasets, the same number per language, so lengths are alike. Each language is annotated in one
`annotate_many` call after a warm-up article (models and lists loaded first); the table gives ms per article,
characters per second and the ratio to English measured in the same run.

    .venv/bin/python benchmarks/languages.py --per-language 60
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
PAIRS = REPO.parent / "shared" / "datasets" / "semeval2022_task8" / "hfl_tonyx" / "training_set.csv"


def texts_by_language(per_language: int) -> dict[str, list[str]]:
    csv.field_size_limit(1 << 30)
    out: dict[str, list[str]] = defaultdict(list)
    with open(PAIRS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for lang, text in ((row["lang1"], row["text1"]), (row["lang2"], row["text2"])):
                if len(out[lang]) < per_language and len(text) >= 500 and text not in out[lang]:
                    out[lang].append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not PAIRS.exists():
        sys.exit(f"benchmarks/languages.py: {PAIRS} is absent (the datasets live in ../shared/datasets)")
    from datetime import date

    from wiretrace.article import Article
    from wiretrace.nlp import annotate_many
    from wiretrace.nlp.language import read_by_rules

    day = date(2020, 6, 1)
    texts = texts_by_language(args.per_language)
    rows = {}
    for lang in ("en", "fr", "de", "es", "it", "ar", "ru", "pl", "tr"):
        articles = [Article(text=t, published=day) for t in texts.get(lang, [])]
        if len(articles) < 5:
            continue
        list(annotate_many(articles[:1]))
        began = time.perf_counter()
        list(annotate_many(articles))
        seconds = time.perf_counter() - began
        chars = sum(len(a.text) for a in articles)
        rows[lang] = {"articles": len(articles), "reader": "spaCy" if read_by_rules(articles[0]) is None else "rules",
                      "ms_per_article": round(1000 * seconds / len(articles), 2),
                      "chars_per_s": round(chars / seconds)}
    for row in rows.values():
        row["ratio_to_en"] = round(row["ms_per_article"] / rows["en"]["ms_per_article"], 3)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| language | reader | articles | ms / article | chars / s | ratio to en |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for lang, r in rows.items():
        print(f"| {lang} | {r['reader']} | {r['articles']} | {r['ms_per_article']} | {r['chars_per_s']} | "
              f"{r['ratio_to_en']} |")


if __name__ == "__main__":
    main()
