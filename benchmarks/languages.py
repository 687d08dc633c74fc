"""Annotation per article by language: the rule reader (fr, de, es, it, ar, ru...) against spaCy's English parse.

Articles are the SemEval-2022 Task 8 texts (title and opening, about 1,000 characters) read at run time from
../shared/datasets, the same number per language, so lengths are alike. Each language is annotated in one
`annotate_many` call after a warm-up article (models and lists loaded first); the table gives ms per article,
characters per second and the ratio to English measured in the same run.

    .venv/bin/python benchmarks/languages.py --per-language 60
    .venv/bin/python benchmarks/languages.py --add 20      # `add` per article: English, then each language
    .venv/bin/python benchmarks/languages.py --pairs 30    # `add` on same-story pairs, English then its partner

With `--add N`, what `wiretrace add` does per article (annotate, profile, store and place in a story), one
article at a time into a fresh store per language, English and the language in turn (so both meet the same
load on a shared machine), each timed apart, in wall and CPU seconds: the foreign press arriving in an English
store, where placing a non-English article embeds its lead and those of the English candidates sharing a
name or two anchors with it, when the story model would open a new story (stories/across.py). A warm-up
article of each and the multilingual model's loading (reported apart: a `wiretrace add` process pays it
once, at its first pair across languages) come first, untimed.
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
    parser.add_argument("--add", type=int, metavar="N", help="time `add` per article instead, N per language")
    parser.add_argument("--pairs", type=int, metavar="N", help="time `add` on N same-story pairs across languages")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not PAIRS.exists():
        sys.exit(f"benchmarks/languages.py: {PAIRS} is absent (the datasets live in ../shared/datasets)")
    if args.add:
        return add_per_article(args.add, args.json)
    if args.pairs:
        return add_pairs(args.pairs, args.json)
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


def add_per_article(n: int, as_json: bool) -> None:
    import tempfile
    from datetime import date

    import numpy as np

    from wiretrace import Store, multilingual
    from wiretrace.article import Article
    from wiretrace.fingerprints import profiles
    from wiretrace.nlp import annotate_many

    texts = texts_by_language(n + 1)
    day = date(2020, 6, 1)
    began = time.perf_counter()
    multilingual.encode(["loaded once per process, before the first pair across languages"])
    loading = time.perf_counter() - began

    def add(store, article) -> tuple[float, float]:
        began, cpu = time.perf_counter(), time.process_time()
        ann = next(annotate_many([article]))
        assert store.add([(article, ann, profiles([(article, ann)])[0])]).added == [article.id]
        return time.perf_counter() - began, time.process_time() - cpu

    rows = {}
    for lang in ("fr", "de", "es", "it", "ru", "ar"):
        if len(texts.get(lang, [])) < n + 1:
            continue
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "news.db") as store:
            english = [Article(text=t, published=day, source="en") for t in texts["en"]]
            other = [Article(text=t, published=day, source=lang) for t in texts[lang]]
            add(store, english[0])
            add(store, other[0])
            en, it = np.zeros(2), np.zeros(2)
            for a, b in zip(english[1:n + 1], other[1:n + 1]):
                en += add(store, a)
                it += add(store, b)
            embedded = store.db.execute("SELECT count(vector) FROM lead_vectors").fetchone()[0]
            english_stories = {store.story_of(a.id) for a in english[:n + 1]}
            with_english = sum(store.story_of(a.id) in english_stories for a in other[:n + 1])
        rows[lang] = {"in_an_english_story": with_english, "articles": n, "en_ms_per_article": round(1000 * en[0] / n, 1),
                      "ms_per_article": round(1000 * it[0] / n, 1), "ratio_to_en": round(it[0] / en[0], 2),
                      "en_cpu_ms": round(1000 * en[1] / n, 1), "cpu_ms": round(1000 * it[1] / n, 1),
                      "cpu_ratio_to_en": round(it[1] / en[1], 2), "leads_embedded": embedded}
    if as_json:
        print(json.dumps({"e5_load_s": round(loading, 2), "languages": rows}, indent=2))
        return
    print(f"multilingual model loaded in {loading:.2f} s (once per process, untimed below)\n")
    print("| language | articles | en ms / article | ms / article | ratio | en CPU ms | CPU ms | CPU ratio | "
          "leads embedded | in an English story |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for lang, r in rows.items():
        print(f"| {lang} | {r['articles']} | {r['en_ms_per_article']} | {r['ms_per_article']} | {r['ratio_to_en']} | "
              f"{r['en_cpu_ms']} | {r['cpu_ms']} | {r['cpu_ratio_to_en']} | {r['leads_embedded']} | "
              f"{r['in_an_english_story']} |")


def add_pairs(n: int, as_json: bool) -> None:
    """`add` on SemEval pairs of one story (Overall <= 2), English and another language: the English article, then
    its partner, in turn into one store; each partner meets a stored report of its event, so the cross-language step
    embeds leads. Also how many partners end in their English article's story."""
    import tempfile
    from datetime import date

    import numpy as np

    from wiretrace import Store, multilingual
    from wiretrace.article import Article
    from wiretrace.fingerprints import profiles
    from wiretrace.nlp import annotate_many

    csv.field_size_limit(1 << 30)
    pairs = []
    with open(PAIRS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if float(row["Overall"]) <= 2 and "en" in (row["lang1"], row["lang2"]) and row["lang1"] != row["lang2"]:
                en, other = ("1", "2") if row["lang1"] == "en" else ("2", "1")
                if len(pairs) < n + 1 and row["text" + en] not in {p[0] for p in pairs}:
                    pairs.append((row["text" + en], row["text" + other], row["lang" + other]))
    day = date(2020, 6, 1)
    multilingual.encode(["loaded before timing"])
    times = {"en": np.zeros(2), "other": np.zeros(2)}
    joined = 0
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "news.db") as store:
        for k, (en_text, other_text, _) in enumerate(pairs):
            for side, text in (("en", en_text), ("other", other_text)):
                article = Article(text=text, published=day)
                began, cpu = time.perf_counter(), time.process_time()
                ann = next(annotate_many([article]))
                store.add([(article, ann, profiles([(article, ann)])[0])])
                if k:
                    times[side] += (time.perf_counter() - began, time.process_time() - cpu)
            if k:
                ids = [Article(text=t, published=day).id for t in (en_text, other_text)]
                joined += store.story_of(ids[0]) == store.story_of(ids[1])
        embedded = store.db.execute("SELECT count(vector) FROM lead_vectors").fetchone()[0]
    m = len(pairs) - 1
    row = {"pairs": m, "languages": sorted({p[2] for p in pairs[1:]}),
           "en_ms_per_article": round(1000 * times["en"][0] / m, 1),
           "other_ms_per_article": round(1000 * times["other"][0] / m, 1),
           "ratio": round(times["other"][0] / times["en"][0], 2),
           "cpu_ratio": round(times["other"][1] / times["en"][1], 2),
           "leads_embedded": embedded, "partners_in_the_english_story": joined}
    print(json.dumps(row, indent=2) if as_json else "\n".join(f"{k}: {v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
