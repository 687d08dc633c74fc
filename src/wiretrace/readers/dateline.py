"""Datelines ("Washington, July 10:", "LISBON, June 3 (GPA) -", "PARIS, 3 March (AFP) -") and the years they leave out.

A dateline with a month and day but no year dates the article only once a year
is known. The year is taken from the article's stated publication date or from
a stated date among the articles read with it (its batch), and the choice is
written down in `published_note`: inferred, never guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable

from ..article import Article

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}
_MONTH = r"(?P<month>(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\.?"
_PLACE = r"(?P<place>[A-Z][\w.'\-]*(?:[ \-][A-Z][\w.'\-]*){0,3}(?:,\s+[A-Z][\w.'\-]*(?:\s[A-Z][\w.'\-]*){0,2})?)"
_AGENCY = r"(?:\s*\((?P<agency>[^)]{1,40})\))?"
_END = r"\s*(?:[:\u2014\u2013]|-{1,2}(?=\s))\s*"
_WITH_DATE = re.compile(
    _PLACE + r",?\s+" + _MONTH + r"\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?" + _AGENCY + _END,
)
_DAY_FIRST = re.compile(   # British and agency style: "PARIS, 3 March (AFP) -"
    _PLACE + r",?\s+(?P<day>\d{1,2})\s+" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?" + _AGENCY + _END,
)
_PLACE_ONLY = re.compile(r"(?P<place>[A-Z][A-Z.'\-]+(?:[ ][A-Z][A-Z.'\-]+){0,3}(?:,\s+[A-Z][\w.'\-]*(?:\s[A-Z][\w.'\-]*){0,2})?)" + _AGENCY + _END)


@dataclass(frozen=True)
class Dateline:
    place: str
    text: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str | None = None


def _tidy(place: str) -> str:
    return ", ".join(p.title() if p.isupper() else p for p in (p.strip() for p in place.split(",")))


CAPTION_CHARS = 200   # a paragraph this short before the dateline is a photo caption, its credit or a standfirst


def dateline_end(sentence: str) -> int:
    """Where a sentence's own words start after a dateline opening it (0 when none): a dateline says where and
    when the report was filed, not what it reports."""
    dateline = parse_dateline(sentence + "\n")
    return len(sentence) - len(sentence.lstrip()) + len(dateline.text) if dateline else 0


def parse_dateline(body: str) -> Dateline | None:
    """The dateline that opens `body`, or opens a paragraph after short ones only (clipped copy keeps the photo
    caption and its credit above it: "A drone on an airstrip. — GPA/File", then "BAMAKO, March 16 (GPA) -")."""
    for paragraph in re.split(r"\n\s*\n", body.lstrip(), maxsplit=3)[:3]:
        found = _opening(paragraph)
        if found or len(paragraph) >= CAPTION_CHARS:
            return found
    return None


def _opening(paragraph: str) -> Dateline | None:
    head = paragraph.lstrip()[:160]
    m = _WITH_DATE.match(head) or _DAY_FIRST.match(head)
    if m and m.group("month").lower() in _MONTHS:
        day = int(m.group("day"))
        month = _MONTHS[m.group("month").lower()]
        if 1 <= day <= 31:
            return Dateline(
                place=_tidy(m.group("place")), text=m.group(0).strip(" :-\u2014\u2013"),
                month=month, day=day, year=int(m.group("year")) if m.group("year") else None,
                agency=m.group("agency"),
            )
    m = _PLACE_ONLY.match(head)
    if m and (m.group("agency") or len(m.group("place")) >= 3):
        return Dateline(place=_tidy(m.group("place")), text=m.group(0).strip(" :-\u2014\u2013"), agency=m.group("agency"))
    return None


_BARE_CREDIT = re.compile(r"\((?P<agency>[A-Z][\w&.' -]{0,38})\)" + _END)   # "(AP) - ..." with no place before it
_CLOSING_CREDIT = re.compile(r"[\u2014\u2013-]{1,2}\s*(?P<agency>[A-Z][\w&.']*(?: [A-Z][\w&.']*){0,3})\s*\.?")


def credit(text: str) -> str | None:
    """The outlet an article credits for its report where a wire report says so, in its dateline ("LISBON, May 6
    (Wire) -", "(AP) -") or in a closing credit line ("\u2014 Reuters"): whose copy the text is."""
    dateline = parse_dateline(text + "\n")
    if dateline is not None and dateline.agency:
        return dateline.agency.strip()
    bare = _BARE_CREDIT.match(text.lstrip())
    if bare:
        return bare.group("agency").strip()
    last = text.rstrip().rsplit("\n", 1)[-1].strip()
    closing = _CLOSING_CREDIT.fullmatch(last)
    name = closing.group("agency") if closing else None
    return name if name and (name.isupper() or _AGENCY_WORDS & set(name.split())) else None   # not a sign-off


_AGENCY_WORDS = {"Reuters", "Press", "Agency", "Agence", "Wire", "News", "Presse"}


def _nearest_year(month: int, day: int, reference: date) -> date | None:
    """The month-day nearest to `reference`, whatever the year."""
    best = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    return best


def date_from_dateline(article: Article, dateline: Dateline, batch: Iterable[Article] = ()) -> Article:
    """Give an undated article the date its dateline states, with the year made explicit."""
    if article.published is not None or dateline.month is None:
        return article
    if dateline.year is not None:
        try:
            return replace(article, published=date(dateline.year, dateline.month, dateline.day),
                           published_inferred=True, published_note=f"from the dateline '{dateline.text}'")
        except ValueError:
            return article
    references = [a for a in batch if a.published is not None and not a.published_inferred]
    best: tuple[date, Article] | None = None
    for other in references:
        candidate = _nearest_year(dateline.month, dateline.day, other.published_day)
        if candidate and (best is None or abs(candidate - other.published_day) < abs(best[0] - best[1].published_day)):
            best = (candidate, other)
    if best is None:
        return replace(article, published_note=(
            f"the dateline '{dateline.text}' gives no year and nothing read with it is dated: date left unknown"))
    found, other = best
    return replace(article, published=found, published_inferred=True, published_note=(
        f"from the dateline '{dateline.text}'; year {found.year} from {other.where}, published {other.published_day}"))
