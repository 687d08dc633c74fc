"""Story provenance and event records, scored against the demo corpus gold: which article derives from which,
and how; each story's event date and place.

The gold names, for every derived article, the article it was made from and
how (copy, trimmed copy, rewrite, spun rewrite); originals, follow-ups and
independent reports derive from none. We load the whole corpus into a fresh
store and read each event's story twice: the fast reading `wiretrace story`
gives from the stored MinHash values, and the reading `--explain` gives, each
link checked by compare (credits, publication times, what was re-used).

- right source: a derived article's link names the gold source article;
- right relation: copy and trimmed copy read `copy` (or `identical`), rewrite
  and spun rewrite read `rewrite`;
- independent: an article the gold derives from none has no source, and reads
  `follow-up` when the gold calls it one (else `original` or `independent`);
- event records: a story's `when` is its gold event's date, and its `where`
  names a place of the gold event's (its town, region or country).

BASIL's three reports of each event, by outlets of opposite slant, derive from
none of one another: stored together, both readings should find no source for them
(the false derivations a threshold costs on real independent reports).

    python evaluation/provenance_demo.py [--json]
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

import common
from wiretrace import Store, demo, ingest
from wiretrace.compare.names import key
from wiretrace.stories import explain, story
from wiretrace.stories.provenance import REWRITE_WORDS

RELATION = {"copy": {"copy", "identical"}, "trimmed_copy": {"copy", "identical"}, "rewrite": {"rewrite"},
            "spun_rewrite": {"rewrite"}}
UNSOURCED = {"follow_up": {"follow-up"}, "independent": {"original", "independent"},
             "original": {"original", "independent"}, "hard_negative_original": {"original", "independent"}}


def _key(article) -> str:
    return article.url or article.origin.split("corpus/")[-1]


def evaluate() -> dict:
    gold = {(g["url"] or g["file"]): g for g in demo.gold()["articles"]}
    events = demo.gold()["events"]
    readings: dict[str, dict] = {"fast": {}, "explained": {}}
    records = {"stories": 0, "when": 0, "where": 0, "wrong": []}
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "demo.db") as store:
            report = ingest(store, [demo.corpus_path()])
            assert not report.rejected
            key_of = {a.id: _key(a) for a in report.added + report.present}
            for story_id in {store.story_of(a) for a in key_of}:
                record = story(store, story_id)
                _score_record(record, events, [gold[key_of[a.id]]["event"] for a in record.articles], records)
                for name, reading in (("fast", record), ("explained", explain(store, record))):
                    readings[name].update({link.article: link for link in reading.provenance})
    result = {"basil": _independent_reports()}
    for name, links in readings.items():
        c = {"derived": 0, "right_source": 0, "right_relation": 0, "independent": 0, "no_source": 0,
             "unsourced_relation": 0}
        wrong = []
        for article, link in links.items():
            g = gold[key_of[article]]
            if g["derived_from"] is None:
                c["independent"] += 1
                c["no_source"] += link.derived_from is None
                c["unsourced_relation"] += link.relation in UNSOURCED[g["role"]]
                if link.derived_from is not None or link.relation not in UNSOURCED[g["role"]]:
                    wrong.append(f"{g['source']} ({g['event']}, {g['role']}): read as {link.relation}")
                continue
            c["derived"] += 1
            right = link.derived_from is not None and key_of[link.derived_from] == g["derived_from"]
            c["right_source"] += right
            c["right_relation"] += link.relation in RELATION[g["role"]]
            if not right or link.relation not in RELATION[g["role"]]:
                source = gold[key_of[link.derived_from]]["source"] if link.derived_from else "none"
                wrong.append(f"{g['source']} ({g['event']}, {g['role']} of {gold[g['derived_from']]['source']}): "
                             f"read as {link.relation} of {source}")
        result[name] = {**c, "wrong": sorted(wrong)}
    result["records"] = {**records, "wrong": sorted(records["wrong"])}
    return result


def _independent_reports() -> dict:
    """BASIL stored as `add` stores it, read as the stories evaluation reads it: reports read as derived."""
    from stories import _read

    from wiretrace.nlp import annotate_many

    arts = _read("basil")[0]
    anns = list(annotate_many(arts))
    counts = {"articles": len(arts), "fast": 0, "explained": 0}
    overlaps = []
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "basil.db") as store:
            store.add(zip(arts, anns))
            for story_id in store.story_ids():
                record = story(store, story_id)
                derived = [link for link in record.provenance if link.derived_from]
                counts["fast"] += len(derived)
                overlaps += [link.word_overlap for link in record.provenance[1:]]
                counts["explained"] += sum(bool(link.derived_from) for link in explain(store, record).provenance)
    counts["words_q99"] = float(np.quantile(overlaps, 0.99))
    return counts


def _score_record(record, events: dict, gold_events: list[str], counts: dict) -> None:
    """Whether a story's event record has its gold event's date, and names one of its places."""
    event = Counter(gold_events).most_common(1)[0][0]
    gold_date, gold_places = events[event]["date"], {key(p) for p in events[event]["place"].split(",")}
    places = {key(p) for p in record.where}
    named = any(g == p or set(p.split()) <= set(g.split()) for g in gold_places for p in places)
    counts["stories"] += 1
    counts["when"] += record.when == gold_date
    counts["where"] += named
    if record.when != gold_date:
        counts["wrong"].append(f"{event} when {record.when} (gold {gold_date})")
    if not named:
        counts["wrong"].append(f"{event} where {', '.join(record.where)} (gold {events[event]['place']})")


def markdown(r: dict) -> str:
    f, e = r["fast"], r["explained"]

    def row(label: str, key: str, total: str) -> str:
        return (f"| {label} | {f[key]} of {f[total]} ({f[key] / f[total]:.3f}) | "
                f"{e[key]} of {e[total]} ({e[key] / e[total]:.3f}) |")

    misses, b = "; ".join(e["wrong"]) or "none", r["basil"]
    rec = r["records"]
    return f"""## Story provenance and event records: demo corpus

`python evaluation/provenance_demo.py` — the 49 demo articles loaded into one store; each story's provenance read
as `wiretrace story` gives it (from the stored MinHash values) and as `wiretrace story --explain` gives it (each
article checked by compare against the outlet it credits, else its MinHash source, else the earlier article sharing
most words), scored against the gold source of every derived article. The demo corpus and its gold were written
for wiretrace; none of the external datasets labels which article derives from which.

| measure | fast reading | explained (compare) |
|---|---|---|
{row("derived articles: the gold source named", "right_source", "derived")}
{row("derived articles: right relation (copy / rewrite)", "right_relation", "derived")}
{row("originals, follow-ups and independent reports: no source", "no_source", "independent")}
{row("... and follow-ups (a day or more after the first report) read as such", "unsourced_relation", "independent")}

Explained reading's misses: {misses}.

BASIL's {b["articles"]} reports (100 events, each by three outlets of opposite slant, none derived from another in the gold), stored as `add`
stores them: {b["fast"]} read as derived from another by the fast reading, {b["explained"]} by the explained one (not all wrong:
two outlets running one agency's sentences read as a rewrite of each other, and same-day reports have no order). A
rewrite is read from shared content words (at least {REWRITE_WORDS:.2f} of the word sketch) when it keeps too few
word 3-grams: 99% of BASIL's reports share less than {b["words_q99"]:.3f} with the earlier report of their story they
share most with (0.55 before, when 4 of the 26 derived demo articles read as independent in the fast reading).

Event records (`wiretrace story`: what, who, where, when), one per story, against the gold event of most of its
articles. `when` is the day most of the story's articles name (each article's resolved day mentions counted once);
of days named equally often, the one most articles name as when something happened (not in a dateline, not as the
day someone spoke: "said on Saturday"), then the one named nearest the top of the articles, then the earliest.
Reports name the day they were filed and days of the background beside the day of the event: with ties to the
earliest day, 9 of 10 were right (the wildfire's evacuation day lost to the day the fire began), and the two real
examples in `../shared/examples` were dated by another incident two days before the strike; with ties to whichever
day came first in the store, 7 of 10.
`where` counts when one of its five places is the gold event's town, region or country.

| measure | result |
|---|---|
| `when` is the gold event date | {rec["when"]} of {rec["stories"]} |
| `where` names a gold place of the event | {rec["where"]} of {rec["stories"]} |

Misses: {"; ".join(rec["wrong"]) or "none"}."""


def main() -> None:
    common.main(__doc__, evaluate, markdown, "provenance-demo", "Story provenance on the demo corpus")


if __name__ == "__main__":
    main()
