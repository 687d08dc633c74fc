"""Which article derives from which, and how they relate, with the evidence for it.

Three kinds of evidence vote: publication times (the later one derives), explicit
attribution (one names the other's outlet: "according to GPA", "- GPA",
"reported Al Jazeera"), and the shape of the re-use (the derived text re-uses
most of the other's sentences while adding its own). The relation comes from
how much of the derived text was copied or paraphrased.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..article import Article, span_words
from ..readers.dateline import credit
from .align import Alignment, SentenceLabel

AGENCIES = {"afp", "agence france-presse", "reuters", "ap", "associated press", "dpa", "efe", "ansa", "xinhua",
            "anadolu", "pti", "ani", "upi", "bloomberg", "kyodo", "tass", "ria novosti", "gpa"}
_ATTRIBUTION = r"(?:according to|reported|reports|as per|via|told|said|source:|\u2014|\u2013|-|\()\s*(?:the\s+)?"


_REPORTED = r"\s+(?:reported|reports|has reported)\b"   # "..., Wire reported."


def _body(labels: tuple[SentenceLabel, ...]) -> list[SentenceLabel]:
    return [s for s in labels if s.label != "boilerplate"]


def reuse(labels: tuple[SentenceLabel, ...]) -> dict[str, float]:
    body = _body(labels)
    n = max(1, len(body))
    return {"copied": sum(s.label == "copied" for s in body) / n,
            "paraphrased": sum(s.label == "paraphrased" for s in body) / n,
            "new": sum(s.label == "new" for s in body) / n, "sentences": len(body)}


def _moment(article: Article) -> datetime | None:
    p = article.published
    if p is None:
        return None
    if not isinstance(p, datetime):
        return datetime(p.year, p.month, p.day, tzinfo=timezone.utc)
    return p if p.tzinfo else p.replace(tzinfo=timezone.utc)


def _untimed(a: Article, b: Article) -> str:
    """Why a day shared by two articles, one or both without an hour, does not say which came first."""
    dated = [side for side, p in (("a", a.published), ("b", b.published)) if not isinstance(p, datetime)]
    who = "neither gives" if len(dated) == 2 else f"{dated[0]} gives only the day, not"
    return f", but {who} the hour it was published, so the times do not say which came first"


def _names(outlet: str) -> list[str]:
    """An outlet's name and its initials ("Global Press Agency", "GPA")."""
    words = [w for w in re.findall(r"[A-Za-z]+", outlet) if w.lower() not in ("the", "of", "and")]
    initials = "".join(w[0] for w in words).upper()
    return [outlet.strip()] + ([initials] if len(initials) >= 2 else [])


def credits(text: str, outlet: str | None) -> bool:
    """Does `text` credit `outlet` as its source ("according to GPA", "- GPA", "(GPA)", "GPA reported")?"""
    if not outlet or len(outlet) < 2:
        return False
    return any(re.search(_ATTRIBUTION + re.escape(name) + r"\b|\b" + re.escape(name) + _REPORTED, text,
                         re.IGNORECASE if len(name) > 4 else 0)
               for name in _names(outlet))


def is_agency(outlet: str | None) -> bool:
    name = (outlet or "").lower()
    return name in AGENCIES or any(w in name for w in ("agency", "press association", "news service", "wire"))


def outlet(article: Article) -> str | None:
    """The outlet an article is from: its stated source, else the one its dateline credits ("LISBON, May 6 (Wire)
    -"): a wire report read from a bare file is still that wire's."""
    return article.source or credit(article.text)


def credits_outlet(article: Article, other: Article) -> bool:
    """Does `article` credit the outlet `other` is from? An outlet known only from `other`'s own credit ("(GPA)")
    is not credited by an article carrying that same credit: both are that agency's copy."""
    theirs = outlet(other)
    return credits(article.text, theirs) and (bool(other.source) or credit(article.text) != theirs)


def attributions(text: str) -> list[str]:
    """Outlets a text credits: news agencies it names after 'according to', '-', 'reported' and the like, and
    whatever its dateline credits ("(Wire)"), agency list or not."""
    found = [credit(text)] if credit(text) else []
    for m in re.finditer(_ATTRIBUTION + r"([A-Z][\w&]*(?:[ ][A-Z][\w&]*){0,3})(?![\w/])", text):
        name = m.group(1).strip(" .")
        if name.lower() in AGENCIES or m.group(0).lower().startswith(("according to", "reported", "as per")):
            found.append(name)
    return sorted(set(found))


CREDIT_VOTE = 2.0   # for the article that credits the other's outlet
AGENCY_VOTE = 0.5   # for the article that is not an agency's, beside one that is


def outlet_votes(derived: Article, other: Article) -> float:
    """What the outlets say for `derived` having come from `other`, as `direction` weighs it: a credit to the
    other's outlet, and the other being a news agency where `derived` is not."""
    return (CREDIT_VOTE * credits_outlet(derived, other)
            + AGENCY_VOTE * (is_agency(outlet(other)) and not is_agency(outlet(derived))))


def direction(a: Article, b: Article, al: Alignment) -> tuple[str | None, list[str]]:
    """('a' | 'b' | None: the derived article, evidence lines)."""
    votes = {"a": 0.0, "b": 0.0}
    evidence = []
    ta, tb = _moment(a), _moment(b)
    timed = isinstance(a.published, datetime) and isinstance(b.published, datetime)
    if ta and tb and (ta.date() != tb.date() or (timed and ta != tb)):
        later = "a" if ta > tb else "b"
        days = abs((ta.date() - tb.date()).days)
        gap = span_words(abs(ta - tb).total_seconds()) if timed else f"{days} day{'s' if days != 1 else ''}"
        votes[later] += 2
        evidence.append(f"{later} was published later ({gap} after the other)")
    elif ta and tb:
        evidence.append("both were published the same day" + ("" if timed else _untimed(a, b)))
    for side, article, other in (("a", a, b), ("b", b, a)):
        mine, theirs = outlet(article), outlet(other)
        if credits_outlet(article, other):
            votes[side] += CREDIT_VOTE
            evidence.append(f"{side} credits {theirs}")
        credited = [name for name in attributions(article.text)
                    if not (mine and name.lower() in {n.lower() for n in _names(mine)})
                    and not (theirs and name.lower() in {n.lower() for n in _names(theirs)})]
        if credited:
            evidence.append(f"{side} credits {', '.join(credited)} (a source outside this pair)")
    for side, article in (("a", a), ("b", b)):
        if is_agency(outlet(article)) and not is_agency(outlet(b if side == "a" else a)):
            votes["b" if side == "a" else "a"] += AGENCY_VOTE
            evidence.append(f"{side} is from a news agency ({outlet(article)})")
    ra, rb = reuse(al.a), reuse(al.b)
    if ra["new"] + 0.1 < rb["new"]:
        votes["b"] += 1
        evidence.append(f"b adds material: {rb['new']:.0%} of its sentences are new, {ra['new']:.0%} of a's")
    elif rb["new"] + 0.1 < ra["new"]:
        votes["a"] += 1
        evidence.append(f"a adds material: {ra['new']:.0%} of its sentences are new, {rb['new']:.0%} of b's")
    if votes["a"] == votes["b"]:
        return None, evidence + ["the evidence does not say which came first"]
    return ("a" if votes["a"] > votes["b"] else "b"), evidence


def relation(a: Article, b: Article, al: Alignment, derived: str | None) -> str:
    """identical, copy or rewrite by how much of the derived text was re-used; same_event when little was."""
    if a.normalized == b.normalized:
        return "identical"
    side = al.b if derived != "a" else al.a
    other = al.a if derived != "a" else al.b
    r, o = reuse(side), reuse(other)
    shared = r["copied"] + r["paraphrased"]
    if r["copied"] >= 0.7 and r["paraphrased"] <= 0.2 or (o["copied"] >= 0.7 and o["paraphrased"] <= 0.2 and shared >= 0.5):
        return "copy"
    if shared >= 0.4 or o["copied"] + o["paraphrased"] >= 0.5:
        return "rewrite"
    return "same_event"
