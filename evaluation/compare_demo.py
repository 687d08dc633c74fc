"""`compare` against the demo corpus gold: sentence labels, relation, direction, altered quotes and facts.

Every derived article (copy, trimmed copy, rewrite, spun rewrite) is compared
with its source, in both orders for the direction; independent reports and
follow-ups with the event's original (same event); the hard negatives and
articles of other events with each other (different event).

    python evaluation/compare_demo.py [--json]
"""

from __future__ import annotations

import re
from collections import Counter

from rich.console import Console
from rich.progress import track

from annotations_demo import gold_by_article
import common
from common import prf
from wiretrace.article import fold
from wiretrace.compare import compare
from wiretrace.compare.names import same_entity
from wiretrace.nlp import annotate_many

LABELS = ("copied", "paraphrased", "new", "boilerplate")
EXPECTED = {"copy": "copy", "trimmed_copy": "copy", "rewrite": "rewrite", "spun_rewrite": "rewrite"}


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w.-]+", _key(text).replace("'s", "")))


def _shows_quote_change(reported: dict, change: dict) -> bool:
    """A reported word change ({"from", "to"}) that lies within a gold quote alteration, on both sides."""
    a, b = _words(reported["from"]), _words(reported["to"])
    return bool(a or b) and a <= _words(change["from"]) and b <= _words(change["to"])


def _shows_fact_change(fact: dict, change: dict) -> bool:
    """A reported changed fact that shares words with a gold alteration of its kind, on both sides (the gold's
    bracketed acronym, "(JNS)", left out)."""
    return (fact["kind"] == change["kind"] and bool(_words(fact["a"].split(" (")[0]) & _words(change["from"]))
            and bool(_words(fact["b"].split(" (")[0]) & _words(change["to"])))


def _found_alteration(change: dict, result) -> bool:
    """Did compare report this gold alteration? Its changed words must show on both sides."""
    if change["kind"] == "quote":
        return any(_shows_quote_change(c, change) for q in result.quotes for c in (*q.changes, *q.edges))
    if change["kind"] == "name":   # the gold's bracketed acronym ("(JNS)") is not part of the name compared
        return any(same_entity(change["from"].split(" (")[0], f["a"]) and same_entity(change["to"].split(" (")[0], f["b"])
                   for f in [*result.facts, *result.entities])
    return any(_shows_fact_change(f, change) for f in result.facts)


def _reported_in_gold(result, gold: list[dict]) -> dict[str, tuple[int, int]]:
    """(changes compare reported, of them a gold alteration) for numbers and altered quotations: the precision
    side of the recall above."""
    numbers = [f for f in result.facts if f["kind"] == "number"]
    quotes = [q for q in result.quotes if q.status == "altered"]
    return {"number": (len(numbers), sum(any(_shows_fact_change(f, c) for c in gold) for f in numbers)),
            "quote": (len(quotes), sum(any(_shows_quote_change(ch, c) for c in gold if c["kind"] == "quote"
                                           for ch in q.changes) for q in quotes))}


def evaluate() -> dict:
    pairs = gold_by_article()
    anns = dict(zip((a.id for _, a in pairs), annotate_many([a for _, a in pairs])))
    by_key = {(g["url"] or g["file"]): (g, a) for g, a in pairs}
    run = lambda x, y: compare(x, y, annotations=(anns[x.id], anns[y.id]))  # noqa: E731
    confusion, relation_ok, relation_n, direction_ok, direction_n = Counter(), 0, 0, 0, 0
    altered, altered_found, counterpart_ok, counterpart_n = Counter(), Counter(), 0, 0
    reported, reported_ok = Counter(), Counter()
    derived = [(g, a) for g, a in pairs if g["role"] in EXPECTED]
    for g, article in track(derived, description="derived pairs", console=Console(stderr=True)):
        source_gold, source = by_key[g["derived_from"]]
        result = run(source, article)
        ours = {_key(s.text): s for s in result.alignment.b}
        a_text = {s.index: _key(s.text) for s in result.alignment.a}
        for s in g["sentences"]:
            mine = ours.get(_key(s["text"]))
            confusion[(s["label"], mine.label if mine else "unsplit")] += 1
            if mine and s["label"] in ("copied", "paraphrased") and mine.label in ("copied", "paraphrased"):
                counterpart_n += 1
                counterpart_ok += any(_key(src) in a_text[i] or a_text[i] in _key(src)
                                      for src in s["source"] for i in mine.counterparts)
        relation_n += 1
        relation_ok += result.relation == EXPECTED[g["role"]]
        direction_n += 2
        direction_ok += (result.derived_from == "b") + (run(article, source).derived_from == "a")
        for change in g.get("altered") or []:
            altered[change["kind"]] += 1
            altered_found[change["kind"]] += _found_alteration(change, result)
        for kind, (n, ok) in _reported_in_gold(result, g.get("altered") or []).items():
            reported[kind] += n
            reported_ok[kind] += ok
    originals = {g["event"]: a for g, a in pairs if g["role"] in ("original", "hard_negative_original")}
    same, different = [], []
    for g, article in pairs:
        if g["role"] in ("independent", "follow_up") and originals.get(g["event"]) is not None:
            same.append((originals[g["event"]], article))
    events = sorted(originals)
    for n, e in enumerate(events):
        for f in events[n + 1:]:
            different.append((originals[e], originals[f]))
    event_ok = sum(run(x, y).same_story for x, y in same) + sum(not run(x, y).same_story for x, y in different)
    per_label = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        fp = sum(v for (gold, mine), v in confusion.items() if mine == label and gold != label)
        fn = sum(v for (gold, mine), v in confusion.items() if gold == label and mine != label)
        per_label[label] = dict(zip(("precision", "recall", "f1"), prf(tp, fp, fn)), support=tp + fn)
    return {
        "derived_pairs": len(derived), "sentences": sum(confusion.values()), "labels": per_label,
        "unsplit": sum(v for (_, mine), v in confusion.items() if mine == "unsplit"),
        "counterpart_accuracy": counterpart_ok / max(1, counterpart_n),
        "relation_accuracy": relation_ok / max(1, relation_n), "derived_from_accuracy": direction_ok / max(1, direction_n),
        "same_event_pairs": len(same), "different_event_pairs": len(different),
        "same_story_accuracy": event_ok / max(1, len(same) + len(different)),
        "altered": {k: {"gold": altered[k], "found": altered_found[k], "recall": altered_found[k] / altered[k],
                        **({"reported": reported[k], "reported_in_gold": reported_ok[k]} if k in reported else {})}
                    for k in sorted(altered)},
    }


def markdown(r: dict) -> str:
    labels = "\n".join(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                       for k, v in r["labels"].items())
    altered = "\n".join(f"| altered {k} | {v['found']} of {v['gold']} | {v['recall']:.3f} | "
                        + (f"{v['reported_in_gold']} of {v['reported']} |" if "reported" in v else "- |")
                        for k, v in r["altered"].items())
    return f"""## compare: demo corpus gold

`python evaluation/compare_demo.py` — {r['derived_pairs']} derived articles against their sources ({r['sentences']} gold sentences;
{r['unsplit']} could not be matched to one of ours because the splitters disagree), {r['same_event_pairs']} same-event and
{r['different_event_pairs']} different-event pairs.

| sentence label | precision | recall | F1 | gold sentences |
|---|---|---|---|---|
{labels}

| decision | accuracy |
|---|---|
| counterpart found for copied/paraphrased sentences | {r['counterpart_accuracy']:.3f} |
| relation (copy / rewrite) | {r['relation_accuracy']:.3f} |
| derived_from (both orders) | {r['derived_from_accuracy']:.3f} |
| same story or not (independent reports, follow-ups, hard negatives) | {r['same_story_accuracy']:.3f} |

| change | found | recall | changes reported that are gold alterations |
|---|---|---|---|
{altered}

The last column counts, over the derived pairs, every changed number and every quotation reported `altered`, and how
many of them the gold lists (for dates and names, recall only).

An altered name counts as found when compare reports the two spellings as one entity; the gold writes one group's
name with its acronym ("Jamaat Nasr al-Sahel (JNS)" to "Jama'at Nusrat al-Sahil (JNAS)"), and the acronym is left
out of the match: compare reports the name, not the acronym's change."""


def main() -> None:
    common.main(__doc__, evaluate, markdown, "compare-demo", "compare on the demo gold")


if __name__ == "__main__":
    main()
