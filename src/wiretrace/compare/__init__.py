"""compare(a, b): how two articles relate, sentence by sentence, quote by quote, fact by fact.

The pipeline: align the sentences (align.py), pair and diff the quotations
(quotes.py), look for changed numbers, dates and names in aligned sentences
(facts.py), then decide which article derives from which and how (direction.py).
A copy or rewrite is read once more for what alignment misses: quotations
given without their marks, and numbers changed in sentences reworded too far
to align.
"""

from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np

from ..annotations import Annotations
from ..article import Article, max_chars
from ..embeddings import encode
from ..errors import InputError
from ..nlp import annotate_many
from ..nlp.language import language_of
from ..readers import read_batch
from .align import Alignment, align
from .direction import direction, relation, reuse
from .facts import changed_dates, changed_numbers, entity_variants, name_changes, restated_numbers
from .names import key
from .quotes import QuotePair, pair_quotes, unmarked
from .translated import align_across, changed_names, changed_values, pair_quotes_across, translated_pairs

SAME_EVENT_DAYS = 4
SAME_EVENT_COSINE = 0.5
TRANSLATION_SHARE = 0.4   # of one side's body sentences translated from the other: a translation, as for a rewrite


@dataclass(frozen=True)
class Comparison:
    a: Article
    b: Article
    annotations_a: Annotations
    annotations_b: Annotations
    alignment: Alignment
    same_story: bool
    relation: str
    derived_from: str | None
    evidence: tuple[str, ...]
    quotes: tuple[QuotePair, ...]
    facts: tuple[dict, ...]
    entities: tuple[dict, ...]

    @property
    def derived(self) -> str | None:
        """The side ("a" or "b") that derives from the other; None when neither is shown to."""
        return self.derived_from

    @property
    def source(self) -> str | None:
        """The side the derived one was taken from."""
        return {"a": "b", "b": "a"}.get(self.derived_from)

    def summary(self) -> str:
        """One line a person can check: which article re-used which, and how much of the derived one it makes up.

        Counts are of the derived article's sentences, page furniture left out,
        because that is the text whose origin the reader is asking about.
        """
        a, b = f"a ({article_name(self.a, dated=True)})", f"b ({article_name(self.b, dated=True)})"
        if self.derived is None:
            return {"identical": f"{a} and {b} are identical",
                    "copy": f"one of {a} and {b} is a copy of the other; which came first is not shown",
                    "rewrite": f"one of {a} and {b} is a rewrite of the other; which came first is not shown",
                    "different_event": f"{a} and {b} report different events",
                    "translation": f"one of {a} and {b} is a translation of the other; which came first is not "
                                   "shown",
                    }.get(self.relation, f"{a} and {b} report the same event; neither is shown to derive from "
                                         "the other")
        derived, source = (a, b) if self.derived == "a" else (b, a)
        labels = self.alignment.a if self.derived == "a" else self.alignment.b
        body = [s.label for s in labels if s.label != "boilerplate"]
        copied, reworded, new = body.count("copied"), body.count("paraphrased"), body.count("new")
        if self.relation == "translation":
            added = "none is new" if not new else "1 is new" if new == 1 else f"{new} are new"
            return (f"{derived} is a translation of {source}: {body.count('translated')} of {self.derived}'s "
                    f"{len(body)} sentences are translated from {self.source}, {added}; {self._quotes_line()}; "
                    f"{self._facts_line()}")
        how = ("all copied" if not reworded else "all reworded" if not copied
               else f"{copied} copied, {reworded} reworded")
        taken = f"{copied + reworded} of {self.derived}'s {len(body)} sentences come from {self.source}"
        taken += f" ({how})" if copied + reworded else ""
        added = "none is new" if not new else "1 is new" if new == 1 else f"{new} are new"
        relation = "identical to" if self.relation == "identical" else f"a {self.relation} of"
        return f"{derived} is {relation} {source}: {taken}, {added}; {self._quotes_line()}; {self._facts_line()}"

    def _quotes_line(self) -> str:
        shared = [q for q in self.quotes if q.a and q.b]
        if not shared:
            return "no quotes re-used"
        if len(shared) == 1:
            return f"1 re-used quote, {shared[0].status if shared[0].status == 'altered' else 'unchanged'}"
        return f"{sum(q.status == 'altered' for q in shared)} of {len(shared)} re-used quotes altered"

    def _facts_line(self) -> str:
        if not self.facts:
            return "no facts changed"
        kinds = Counter(f["kind"] for f in self.facts)
        which = ", ".join(f"a {kind}" if n == 1 else f"{n} {kind}s" for kind, n in kinds.items())
        return f"{len(self.facts)} fact{'s' if len(self.facts) > 1 else ''} changed ({which})"

    def to_json(self) -> dict:
        """The comparison as JSON (README, "Comparing two articles").

        `source` and `derived` name the sides ("a", "b" or null). `derived_from`
        holds the same value as `derived`, a name readers took for its opposite;
        it stays for one release, listed under `deprecated`.
        """
        def meta(article: Article) -> dict:
            published = article.published.isoformat() if article.published else None
            return {"id": article.id, "title": article.title, "source": article.source, "published": published,
                    "published_inferred": article.published_inferred}

        sentences = [{"side": s.side, "index": s.index, "text": s.text, "label": s.label,
                      "counterparts": list(s.counterparts), "score": s.score, "evidence": s.evidence}
                     for s in (*self.alignment.a, *self.alignment.b)]
        quotes = [{"status": q.status, "a": q.a, "b": q.b, "speaker": q.speaker, "kind": q.kind,
                   "changes": [{"from": c["from"], "to": c["to"], **({"what": c["what"]} if "what" in c else {})}
                               for c in q.changes],
                   "edges": [dict(e) for e in q.edges], "similarity": q.similarity} for q in self.quotes]
        dates = [{"side": side, "text": t.text, "resolved": t.resolved, "sentence": t.sentence}
                 for side, ann in (("a", self.annotations_a), ("b", self.annotations_b)) for t in ann.times]
        return {"a": meta(self.a), "b": meta(self.b), "same_story": self.same_story, "relation": self.relation,
                "source": self.source, "derived": self.derived, "derived_from": self.derived_from,
                "deprecated": {"derived_from": "use 'derived'; removed in the next release"},
                "evidence": list(self.evidence), "summary": self.summary(),
                "reuse": {"a": reuse(self.alignment.a), "b": reuse(self.alignment.b)},
                "sentences": sentences, "quotes": quotes, "facts": list(self.facts),
                "entities": list(self.entities), "dates": dates}


def article_name(article: Article, dated: bool = False) -> str:
    """What a reader calls an article: its outlet, else its title, else its file; `dated` adds the day published."""
    if article.source:
        name = article.source
    elif article.title:
        title = article.title if len(article.title) <= 60 else article.title[:59].rstrip() + "\u2026"
        name = f"\u201c{title}\u201d"
    elif article.origin:
        name = Path(article.origin).name
    else:
        name = f"article {article.id}"
    if dated and article.published:
        name += f", {article.published.isoformat()[:10]}"
    return name


def _compare_stored(path: str, found: list[Article]) -> str:
    """The commands that compare a file's articles: store them, then name two by id."""
    if len(found) < 2 or path == "-":
        return ""
    add = f"wiretrace add {shlex.quote(path)}"
    if len(found) == 2:
        return f" (store them with `{add}`, then `wiretrace compare {found[0].id[:10]} {found[1].id[:10]}`)"
    return f" (store them with `{add}`, then `wiretrace compare ID ID` with two ids `wiretrace articles` lists)"


def load_pair(a: Article | str | Path, b: Article | str | Path) -> tuple[Article, Article]:
    """Articles from Articles or paths; a path must hold exactly one article.

    Both files are read as one batch, so a dateline without a year takes it from the other.
    """
    paths = list(dict.fromkeys(str(x) for x in (a, b) if not isinstance(x, Article)))
    batch = read_batch(paths) if paths else None
    if batch is not None and batch.rejected:
        raise batch.rejected[0]
    out = []
    for x in (a, b):
        if isinstance(x, Article):
            out.append(x)
            continue
        origin = "<stdin>" if str(x) == "-" else str(x)
        found = [art for art in (batch.articles if batch else []) if art.origin == origin]
        if len(found) != 1:
            raise InputError(str(x), f"holds {len(found)} articles; compare needs exactly one per file"
                             + _compare_stored(str(x), found))
        out.append(found[0])
    return out[0], out[1]


def compare(a: Article | str | Path, b: Article | str | Path,
            annotations: tuple[Annotations, Annotations] | None = None) -> Comparison:
    """Compare two articles (or files of one article each)."""
    a, b = load_pair(a, b)
    for article in (a, b):
        if len(article.text) > max_chars():
            raise InputError(article.where, f"article of {len(article.text):,} characters is over the limit of "
                                            f"{max_chars():,} (WIRETRACE_MAX_CHARS sets it)")
    ann_a, ann_b = annotations or tuple(annotate_many([a, b]))
    lang_a, lang_b = language_of(a), language_of(b)
    if lang_a and lang_b and lang_a != lang_b:
        return compare_across(a, b, ann_a, ann_b, lang_a, lang_b)
    al = align(list(ann_a.sentences), list(ann_b.sentences))
    derived, evidence = direction(a, b, al)
    rel = relation(a, b, al, derived) if _same_event(a, ann_a, b, ann_b, al) else "different_event"
    if rel in ("same_event", "different_event"):
        derived = None
    quotes = pair_quotes(list(ann_a.quotes), list(ann_b.quotes),
                         quote_surroundings(a, ann_a), quote_surroundings(b, ann_b))
    if rel in ("copy", "rewrite"):
        quotes = unmarked(quotes, [q.text for q in ann_a.quotes], [q.text for q in ann_b.quotes],
                          [s.text for s in ann_a.sentences], [s.text for s in ann_b.sentences])
    facts, variants = [], entity_variants(ann_a, ann_b)
    for i, j, label in al.pairs():
        facts += changed_numbers(ann_a.sentences[i].text, ann_b.sentences[j].text)
        facts += changed_dates(ann_a, i, ann_b, j)
        facts += name_changes(ann_a, i, ann_b, j)[0]
    if rel == "rewrite":
        facts += restated_numbers(ann_a, ann_b, _left_over(ann_a, ann_b, al))
    return Comparison(a, b, ann_a, ann_b, al, rel != "different_event", rel, derived, tuple(evidence),
                      tuple(quotes), tuple(_unique(facts)), tuple(variants))


def compare_across(a: Article, b: Article, ann_a: Annotations, ann_b: Annotations, lang_a: str,
                   lang_b: str) -> Comparison:
    """Two articles in two languages (translated.py): a `translation` when the derived side's body is mostly
    translated sentences, else the same event or not by the multilingual same-event probability of the leads."""
    from ..multilingual import same_event
    from ..nlp.language import coverage

    al = align_across(list(ann_a.sentences), list(ann_b.sentences))
    as_reworded = Alignment(*(tuple(replace(s, label="paraphrased") if s.label == "translated" else s for s in side)
                              for side in (al.a, al.b)))
    derived, evidence = direction(a, b, as_reworded)
    shares = {side: _translated_share(labels) for side, labels in (("a", al.a), ("b", al.b))}
    event = same_event(a, b, lang_a, lang_b)
    if max(shares.values()) >= TRANSLATION_SHARE:
        rel = "translation"
        if derived is None and abs(shares["a"] - shares["b"]) >= 0.1:
            derived = max(shares, key=shares.get)   # the source has what the translation left out
            evidence.append(f"{derived}'s body is translated the more ({shares[derived]:.0%} of its sentences)")
    else:
        rel = "same_event" if event.probability >= 0.5 or max(shares.values()) >= 0.2 else "different_event"
        derived = None
    evidence = [f"a is in {lang_a}, b in {lang_b}: sentences aligned by the multilingual embedding",
                f"the leads' multilingual cosine is {event.cosine:.2f}: same-event probability {event.probability:.2f}",
                *evidence, *filter(None, (coverage(lang_a), coverage(lang_b) if lang_b != lang_a else None))]
    facts = []
    for i, j in translated_pairs(al):
        facts += changed_values(ann_a.sentences[i].text, lang_a, ann_b.sentences[j].text, lang_b)
        facts += changed_dates(ann_a, i, ann_b, j)
        facts += changed_names(ann_a, i, lang_a, ann_b, j, lang_b)
    quotes = pair_quotes_across(ann_a, lang_a, ann_b, lang_b, al)
    return Comparison(a, b, ann_a, ann_b, al, rel != "different_event", rel, derived, tuple(evidence),
                      tuple(quotes), tuple(_unique(facts)), ())


def _translated_share(labels) -> float:
    body = [s for s in labels if s.label != "boilerplate"]
    return sum(s.label == "translated" for s in body) / len(body) if body else 0.0


def _left_over(ann_a: Annotations, ann_b: Annotations, al: Alignment) -> list[tuple[int, int, float]]:
    """(sentence of a, sentence of b, embedding cosine) for every two sentences, one per side, labelled new."""
    left_a = [s.index for s in al.a if s.label == "new"]
    left_b = [s.index for s in al.b if s.label == "new"]
    if not left_a or not left_b:
        return []
    cos = encode([ann_a.sentences[i].text for i in left_a]) @ encode([ann_b.sentences[j].text for j in left_b]).T
    return [(i, j, float(cos[x, y])) for x, i in enumerate(left_a) for y, j in enumerate(left_b)]


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        k = tuple(sorted(item.items()))
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def quote_surroundings(article: Article, ann: Annotations):
    """A function giving a quote's sentence less the quote: where words moved across the quote marks land."""
    def around(quote) -> str:
        first, last = ann.sentences[quote.sentences[0]], ann.sentences[quote.sentences[-1]]
        return article.text[first.start:quote.start] + " " + article.text[quote.end:last.end]
    return around


def _same_event(a: Article, ann_a: Annotations, b: Article, ann_b: Annotations, al: Alignment) -> bool:
    """Same real-world event: close in time, and sharing text or close in content with a name in common.

    Shared text alone is not enough: an agency re-uses its background
    paragraphs in the report of the next strike, a week later and elsewhere.
    """
    ra, rb = reuse(al.a), reuse(al.b)
    shared = max(ra["copied"] + ra["paraphrased"], rb["copied"] + rb["paraphrased"])
    close = True
    if a.published and b.published:
        da = a.published.date() if isinstance(a.published, datetime) else a.published
        db = b.published.date() if isinstance(b.published, datetime) else b.published
        close = abs((da - db).days) <= SAME_EVENT_DAYS
    if shared >= 0.6 or (shared >= 0.3 and close):
        return True
    if not close:
        return False
    lead_a = " ".join(s.text for s in ann_a.sentences if not s.boilerplate)[:1500]
    lead_b = " ".join(s.text for s in ann_b.sentences if not s.boilerplate)[:1500]
    va, vb = encode([lead_a, lead_b])
    names_a = {key(e.text) for e in ann_a.entities if e.label in ("person", "place")}
    names_b = {key(e.text) for e in ann_b.entities if e.label in ("person", "place")}
    return float(np.dot(va, vb)) >= SAME_EVENT_COSINE and bool(names_a & names_b)
