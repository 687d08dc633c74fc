"""Time expressions resolved against the publication date.

News counts days from the day it is written: "on Friday" in an article of
Sunday 2023-07-09 is 2023-07-07, and "said Sunday" in that article is the same
Sunday (dateparser would go back a week, so weekdays are resolved here).
Months and years keep their granularity: "in March" is 2023-03, not a day.
Explicit and relative day expressions ("Jan. 5", "yesterday") go to dateparser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}

_WEEKDAY = re.compile(
    r"^(?:(?P<mod>last|this|next|on|in|past|coming|early|late|by|until|till|since|from|for)\s+)?(?P<day>" + "|".join(_WEEKDAYS)
    + r")(?:'s)?(?:\s+(?P<part>morning|afternoon|evening|night))?$"
)
_MONTH_ONLY = re.compile(r"^(?:(?:in|last|this|next|since|early|late|mid|mid-|until|by|from|starting|for)\s*)*(?P<month>[a-z]+)\.?(?:\s+(?P<year>\d{4}))?$")
_YEAR_ONLY = re.compile(r"^(?:(?:in|since|by|until|early|late|mid|mid-|the)\s*)*(?P<year>1[89]\d\d|20\d\d)$")
_RELATIVE_YEAR = re.compile(r"^(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+year$")
_RELATIVE_MONTH = re.compile(r"^(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+month$")
SPEAKING = re.compile(r"\b(said|says|told|announced|added|stated|confirmed|reported|declared)\b", re.IGNORECASE)
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "earlier in the day": 0, "later in the day": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}
_HAS_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\b")


def _clean(text: str) -> str:
    t = " ".join(text.lower().replace("\u2019", "'").split())
    return re.sub(r"^(?:on|the|of)\s+", "", t)


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in _MONTHS:
        return _MONTHS.index(word) + 1
    return _MONTH_ABBR.get(word) if len(word) in (3, 4) else None


@lru_cache(maxsize=4096)
def resolve(text: str, published: date | None, future: bool = False) -> tuple[str | None, str | None]:
    """(resolved, granularity) for one expression; (None, None) when it names no date.

    `future` says the sentence looks ahead ("will meet on Wednesday", "until
    Monday"): a bare weekday or month then lies after publication, not before.
    """
    t = _clean(text)
    if published is None:
        m = _MONTH_ONLY.match(t)
        if m and m.group("year") and _month_number(m.group("month")):
            return f"{int(m.group('year')):04d}-{_month_number(m.group('month')):02d}", "month"
        m = _YEAR_ONLY.match(t)
        return (m.group("year"), "year") if m else _explicit(t, None)
    if isinstance(published, datetime):
        published = published.date()

    m = _WEEKDAY.match(t)
    if m:
        target = _WEEKDAYS.index(m.group("day"))
        back = (published.weekday() - target) % 7
        ahead = (target - published.weekday()) % 7
        if m.group("mod") in ("next", "coming"):
            return (published + timedelta(days=ahead or 7)).isoformat(), "day"
        if future and m.group("mod") not in ("last", "past", "since"):
            return (published + timedelta(days=ahead)).isoformat(), "day"
        if m.group("mod") == "last" and back == 0:
            back = 7
        return (published - timedelta(days=back)).isoformat(), "day"
    for words, shift in _DAY_WORDS.items():
        if t == words or t.startswith(words + " "):
            return (published + timedelta(days=shift)).isoformat(), "day"
    m = _RELATIVE_YEAR.match(t)
    if m:
        return str(published.year + {"this": 0, "last": -1, "next": 1}[m.group("which")]), "year"
    m = _RELATIVE_MONTH.match(t)
    if m:
        month = published.month + {"this": 0, "last": -1, "next": 1}[m.group("which")]
        year, month = published.year + (month - 1) // 12, (month - 1) % 12 + 1
        return f"{year:04d}-{month:02d}", "month"
    m = _YEAR_ONLY.match(t)
    if m:
        return m.group("year"), "year"
    m = _MONTH_ONLY.match(t)
    if m and _month_number(m.group("month")):
        month = _month_number(m.group("month"))
        if m.group("year"):
            year = int(m.group("year"))
        elif t.startswith("next"):
            year = published.year + (month <= published.month)
        elif future:
            year = published.year + (month < published.month)
        else:
            year = published.year - (month > published.month)
        return f"{year:04d}-{month:02d}", "month"
    return _explicit(t, published)


def _explicit(t: str, published: date | None) -> tuple[str | None, str | None]:
    """A day named by its date ("July 10", "5 Jan 2023") or a relative phrase dateparser knows."""
    if not _HAS_DAY.search(t) and not any(w in t for w in ("ago", "day")):
        return None, None
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    elif not re.search(r"\b\d{4}\b", t):
        return None, None
    parsed = dateparser.parse(t, languages=["en"], settings=settings)
    if parsed is None:
        return None, None
    found = parsed.date()
    if published is not None and not re.search(r"\b\d{4}\b", t):
        found = _nearest(found, published)
    return found.isoformat(), "day"


def _nearest(found: date, published: date) -> date:
    """The year that puts a month-day nearest the article, news looking back more than ahead."""
    def cost(candidate: date) -> int:
        days = (candidate - published).days
        return 3 * days if days > 0 else -days

    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(found.replace(year=year))
        except ValueError:
            continue
    return min(candidates, key=cost, default=found)


def of_speaking(sentence: str, start: int, end: int) -> bool:
    """Whether the time at sentence[start:end] is when someone spoke ("said Sunday", "Sunday's statement said"): it
    dates the report, not the event."""
    return bool(SPEAKING.search(sentence[max(0, start - 12):start]) or SPEAKING.match(sentence[end:end + 10].strip(" ,")))
