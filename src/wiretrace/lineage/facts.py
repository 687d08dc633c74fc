"""Facts across a story: the numbers, dates and place its articles state, grouped per claim, with who says what.

A number's claim is what it counts: the nearest claim word in its clause
("killing at least 14 people" -> killed; "23 missing" -> missing), else its
unit ("340 homes", "50 basis points"). Mentions of one claim are joined
across articles by the words around them, so "17 soldiers" killed in an
earlier ambush stays apart from the four killed in the strike. Dates join by
the same context; dates of speaking ("said Sunday") and datelines are not
claims about the event.

Values compare as compare does: numbers by value ("about 1,000" = "roughly
1,000"), dates by the day they resolve to. A later value is an update when it
comes later in time, in words that say the count moved ("the toll rose to
19", "eleven people remain missing"), and a growing count grew; any other
second value is a conflict between sources.

The event's place is one more claim. Each article's place is the most
specific place its lead (first two sentences, dateline left out) names:
the one the fewest of the story's articles name, so "Qullqapampa" wins over
"Peru"; an article whose lead names none gives its dateline's place, which
is otherwise only where the report was filed. Spellings join by compare's
name test. A second place stands beside the first (change `beside`) when
every article giving one of the two also names the other somewhere in its
text (a town and its country, two countries at a border); otherwise it is a
conflict: the articles put the event in different places. A place claim is
`several`, not `agree`, when its values stand beside each other: the reports
do not contradict one another, but they do not name one place either, and
whether one place lies inside another is more than their words say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from ..stopwords import STOP_WORDS

from ..annotations import Annotations
from ..article import Article
from ..compare.facts import CLAIM_OF, CLAUSE_BREAK, claim, located
from ..compare.names import is_country, key as name_key, same_entity
from ..nlp.times import of_speaking
from ..readers.dateline import dateline_end
from ..stories import Story, utc_moment
from ..store import Store
from .names import EntityNames, entity_names
from .story_text import StoryText, ancestors, story_text, when

UPDATED = {"killed", "injured", "missing", "arrested", "rescued", "evacuated"}   # counts later reports revise
GROWING = UPDATED - {"missing"}                                                # and those that only rise
UNIT_SYNONYMS = {"houses": "homes", "house": "homes", "home": "homes", "km": "kilometres", "kilometers": "kilometres",
                 "pct": "percent", "%": "percent", "per": "percent", "days": "day", "hours": "hour", "weeks": "week",
                 "months": "month", "years": "year", "minutes": "minute"}
UNIT_WORDS = {"people", "persons", "individuals", "others", "workers", "soldiers", "civilians", "children", "troops",
              "passengers", "residents", "percent", "houses", "homes"}
SCALES = {"thousand", "million", "billion", "trillion", "bn"}
UPDATE_WORDS = re.compile(r"\b(rose|risen|rises|rising|climbed|climbs|increased|jumped|reached|now|updated|revised|"
                          r"remain|remains|still|up from|down from)\b", re.IGNORECASE)
# Context overlap (Jaccard of content words) a mention needs to join a claim. Counts that later reports
# revise need none: a follow-up words the toll its own way, and background figures are kept apart already.
MIN_CONTEXT = {"count": 0.25, "unit": 0.25, "number": 0.5, "date": 0.3}
BACKGROUND_DAYS = 7        # a sentence dated this long before its article speaks of earlier events
_WORD = re.compile(r"[a-z]+")
LEAD_SENTENCES = 2         # the sentences that say where the event happened
PLACE_KINDS = {"village", "town", "city", "region", "province", "district", "county", "state", "island", "islands"}


@dataclass(frozen=True)
class Mention:
    article: Article
    sentence: str
    text: str                 # the words that state the value: "at least 14 people", "on Thursday"
    value: float | str        # a number, or the resolved date
    key: tuple                # (kind, claim word or unit, date granularity, about an earlier event)
    context: frozenset[str]
    claimed_by: str | None = None   # the speaker of the quotation or indirect claim that states it


@dataclass(frozen=True)
class Value:
    value: str                # as first worded
    wordings: tuple[str, ...]
    articles: tuple[str, ...]
    sources: tuple[str | None, ...]
    first_seen: str | None
    introduced_by: str
    inherited_by: tuple[str, ...]
    change: str               # first | conflict | update | beside (a place every report giving it or an earlier one names with it)
    claimed_by: tuple[str, ...] = ()   # who the articles say claims it ("Centcom said ..."); empty when unattributed

    def to_json(self) -> dict:
        return {"value": self.value, "articles": list(self.articles), "first_seen": self.first_seen,
                "wordings": list(self.wordings), "sources": list(self.sources), "introduced_by": self.introduced_by,
                "inherited_by": list(self.inherited_by), "change": self.change, "claimed_by": list(self.claimed_by)}


@dataclass(frozen=True)
class Claim:
    claim: str
    kind: str                 # number | date | place
    status: str               # agree | disagree | updated | several (places named beside each other)
    values: tuple[Value, ...]

    def to_json(self) -> dict:
        return {"claim": self.claim, "kind": self.kind, "status": self.status,
                "values": [v.to_json() for v in self.values]}


@dataclass(frozen=True)
class StoryFacts:
    story: str
    facts: tuple[Claim, ...]
    names: tuple[EntityNames, ...]

    def to_json(self) -> dict:
        return {"story": self.story, "facts": [f.to_json() for f in self.facts],
                "names": [n.to_json() for n in self.names]}


def story_facts(store: Store, story: Story | str | StoryText) -> StoryFacts:
    """Claims and names of a stored story (by id, Story or loaded StoryText)."""
    text = story if isinstance(story, StoryText) else story_text(store, story)
    return StoryFacts(text.story.id, claims(text), entity_names(text))


def claims(text: StoryText) -> tuple[Claim, ...]:
    """Claims stated by two or more articles or with more than one value: conflicts first, then updates."""
    groups: list[list[Mention]] = []
    by_key: dict[tuple, list[tuple[list[Mention], dict]]] = defaultdict(list)   # key -> (group, article -> values)
    for article in text.articles:
        for mention in mentions(article, text.annotations[article.id]):
            best = _best_claim(mention, by_key[mention.key])
            if best is None:
                best = ([], {})
                groups.append(best[0])
                by_key[mention.key].append(best)
            best[0].append(mention)
            best[1].setdefault(mention.article.id, set()).add(mention.value)
    derived_from = text.derived_from
    out = [_claim(g, derived_from) for g in groups]
    out.append(place_claim(text))
    out = [c for c in out if c is not None and (len(c.values) > 1 or len(c.values[0].articles) > 1)]
    order = {"disagree": 0, "updated": 1, "several": 2, "agree": 3}
    return tuple(sorted(out, key=lambda c: (order[c.status], -sum(len(v.articles) for v in c.values))))


def mentions(article: Article, ann: Annotations) -> list[Mention]:
    """The numbers and dates an article states about its event, in text order."""
    out = []
    for sentence in ann.sentences:
        if sentence.boilerplate:
            continue
        times = [t for t in ann.times if t.sentence == sentence.index]
        spans = [(t.start - sentence.start, t.end - sentence.start) for t in times]
        opening = dateline_end(sentence.text)
        context = _context(sentence.text)
        numbers = located(sentence.text)
        bounds = [(start, end) for _, start, end in numbers]
        past = _background(times, article)
        for number, start, end in numbers:
            if any(s <= start < e for s, e in spans) or _not_a_claim(sentence.text, start, end, number.text):
                continue
            key = _number_key(sentence.text, start, end, number, bounds) + (past,)
            out.append(Mention(article, sentence.text, _shown(number, key), number.value, key, context | {key[1]},
                               claimant(ann, sentence.start + start)))
        for t, (start, end) in zip(times, spans):
            if (t.resolved and t.granularity in ("day", "month") and start >= opening
                    and not of_speaking(sentence.text, start, end)):
                out.append(Mention(article, sentence.text, t.text, t.resolved, ("date", "date", t.granularity, False), context))
    return out


def claimant(ann: Annotations, offset: int) -> str | None:
    """Who the article says states the words at `offset`: the speaker of the quotation around them, else the
    source of the indirect claim ("Centcom said that no civilians were killed")."""
    quote = next((q for q in ann.quotes if q.start <= offset < q.end), None)
    if quote is not None:
        return quote.speaker
    claim_ = next((a for a in ann.attributions if a.start <= offset < a.end), None)
    return claim_.source if claim_ is not None else None


def _not_a_claim(sentence: str, start: int, end: int, text: str) -> bool:
    """Clock times, ages after a name, vague amounts, parts ("four of them") and increments
    ("five more") say nothing countable about the event."""
    before, after = sentence[max(0, start - 3):start], sentence[end:end + 12]
    lowered = text.lower()
    return (bool(re.match(r"\s*[:.]\d", after)) or before.endswith(":") or re.search(r"\b(am|pm)$", lowered) is not None
            or (before.endswith(", ") and sentence[end:end + 1] == "," and text.isdigit())
            or lowered.startswith(("dozens", "hundreds", "thousands", "one ")) or lowered == "one"
            or re.search(r"\s(more|other|additional)$", lowered) is not None
            or (lowered.endswith(" of") and re.match(r"\s*(them|whom|which|those|these|the|\d|two|three|four|five|six|"
                                                      r"seven|eight|nine|ten)\b", sentence[end:]) is not None)
            or re.match(r"\s+(more|additional)\b", after) is not None)


def _shown(number, key: tuple) -> str:
    """The number as written, without the word after it when that word is not its unit ("19 yesterday" -> "19");
    a phrase that leads to what it counts ("four armed robbers") is kept."""
    words = number.text.split()
    unit = number.unit
    kept = len(words) > 2 or unit is not None and (unit in CLAIM_OF or unit in UNIT_WORDS or key[0] == "unit")
    if len(words) > 1 and words[-1].isalpha() and words[-1].islower() and words[-1] not in SCALES and not kept:
        return " ".join(words[:-1])
    return number.text


def _number_key(sentence: str, start: int, end: int, number, bounds: list[tuple[int, int]]) -> tuple:
    """(kind, claim word or unit, "") for a number: the claim its clause names (compare's `claim`), else its
    unit."""
    found = claim(sentence, start, end, number, bounds)
    if found is not None:
        return ("count", found, "")
    unit = "percent" if sentence[end:end + 1] == "%" else number.unit
    if unit and unit not in STOP_WORDS and not sentence[start:end].split()[-1][:1].isupper():
        return ("unit", UNIT_SYNONYMS.get(unit, unit), "")
    return ("number", "", "")


def _background(times, article: Article) -> bool:
    """A sentence about an earlier time ("an ambush in January that killed 17") states background, not this event."""
    if article.published_day is None:
        return False
    cutoff = (article.published_day - timedelta(days=BACKGROUND_DAYS)).isoformat()
    for t in times:
        if t.resolved and t.granularity in ("day", "month", "year"):
            last = t.resolved + {"day": "", "month": "-31", "year": "-12-31"}[t.granularity]
            if last < cutoff:
                return True
    return False


def _context(sentence: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(sentence.lower()) if w not in STOP_WORDS and len(w) > 2)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _best_claim(mention: Mention, groups: list[tuple[list[Mention], dict]]) -> tuple[list[Mention], dict] | None:
    """The claim a mention belongs to, among those of its key (each with the values its articles state): closest
    context, and no other value from the same article."""
    best, best_score = None, -1.0
    for entry in groups:
        group, stated = entry
        if stated.get(mention.article.id, {mention.value}) != {mention.value}:
            continue
        score = max(_jaccard(mention.context, m.context) for m in group[:20])
        needed = 0.0 if mention.key[1] in UPDATED else MIN_CONTEXT[mention.key[0]]
        if score >= needed and score > best_score:
            best, best_score = entry, score
    return best


def _claim(group: list[Mention], derived_from: dict) -> Claim:
    first = group[0]
    kind = "date" if first.key[0] == "date" else "number"
    by_value: dict = {}
    for m in group:
        by_value.setdefault(m.value, []).append(m)
    values, earlier = [], []
    for value, carriers in by_value.items():
        ids = list(dict.fromkeys(m.article.id for m in carriers))
        inherited = [a for a in ids[1:] if set(ancestors(a, derived_from)) & set(ids[:ids.index(a)])]
        change = "first" if not earlier else _change(first.key, carriers[0], value, earlier)
        values.append(Value(
            value=str(value) if kind == "date" else carriers[0].text,
            wordings=tuple(dict.fromkeys(m.text for m in carriers)), articles=tuple(ids),
            sources=tuple(dict.fromkeys(m.article.source for m in carriers)),
            first_seen=when(carriers[0].article.published), introduced_by=carriers[0].article.id,
            inherited_by=tuple(inherited), change=change,
            claimed_by=tuple(dict.fromkeys(m.claimed_by for m in carriers if m.claimed_by))))
        earlier.append((value, carriers[0]))
    changes = {v.change for v in values}
    status = "disagree" if "conflict" in changes else "updated" if "update" in changes else "agree"
    return Claim(_label(first), kind, status, tuple(values))


def _change(key: tuple, mention: Mention, value, earlier: list[tuple]) -> str:
    """update: later in time, in words that say the count moved, and a growing count grew; else conflict."""
    if key[0] != "count" or key[1] not in UPDATED:
        return "conflict"
    moment = mention.article.published
    if moment is None or any(m.article.published is None or utc_moment(m.article.published) >= utc_moment(moment)
                             for _, m in earlier):
        return "conflict"
    if not (UPDATE_WORDS.search(mention.sentence) or UPDATE_WORDS.search(mention.article.title or "")):
        return "conflict"
    if key[1] in GROWING and value <= max(v for v, _ in earlier):
        return "conflict"
    return "update"


def _label(first: Mention) -> str:
    kind, word = first.key[:2]
    if kind in ("count", "unit"):
        return word
    found = re.search(rf"(?<!\w){re.escape(first.text)}(?!\w)", first.sentence)   # "ten", not the one in "often"
    at = found.start() if found else 0
    before = first.sentence[:at].split()[-6:]
    clause = CLAUSE_BREAK.split(first.sentence[:at])[-1].split()[-6:]
    before = clause if len(clause) > 1 else before   # "was killed in the strike", not "Syria, was killed in ..."
    after = CLAUSE_BREAK.split(first.sentence[at + len(first.text):])[0].split()[:0 if len(before) > 2 else 4]
    phrase = " ".join([*before, first.text, *after]).strip(" ,;:.")
    cut = "\u2026" if len(before) == 6 else ""
    return f"{'when' if kind == 'date' else 'number'}: \u201c{cut}{phrase}\u201d"   # the words that state it, quoted


def place_claim(text: StoryText) -> Claim | None:
    """Where the story's articles put the event (see the module docstring), or None when none says."""
    named = {a.id: _places_named(a, text.annotations[a.id]) for a in text.articles}
    counts = {k: sum(k in places for places, _ in named.values()) for places, _ in named.values() for k in places}
    groups: list[list[tuple[Article, str]]] = []
    for article in text.articles:
        lead = _lead_places(article, text.annotations[article.id])
        if not lead:
            continue
        place = min(lead, key=lambda p: counts.get(_place_key(p), 0))
        group = next((g for g in groups if same_entity(_place_key(g[0][1]), _place_key(place))), None)
        if group is None:
            groups.append([(article, place)])
        else:
            group.append((article, place))
    if not groups:
        return None
    derived_from, values, earlier = text.derived_from, [], []
    for group in groups:
        ids = list(dict.fromkeys(a.id for a, _ in group))
        keys = {_place_key(p) for _, p in group}
        beside = all(_named_by(keys, named, e) or _named_by(e_keys, named, ids) for e, e_keys in earlier)
        values.append(Value(
            value=group[0][1], wordings=tuple(dict.fromkeys(p for _, p in group)), articles=tuple(ids),
            sources=tuple(dict.fromkeys(a.source for a, _ in group)), first_seen=when(group[0][0].published),
            introduced_by=ids[0],
            inherited_by=tuple(a for a in ids[1:] if set(ancestors(a, derived_from)) & set(ids[:ids.index(a)])),
            change="first" if not earlier else "beside" if beside else "conflict"))
        earlier.append((ids, keys))
    changes = {v.change for v in values}
    status = "disagree" if "conflict" in changes else "several" if "beside" in changes else "agree"
    return Claim("place", "place", status, tuple(values))


def _named_by(keys: set[str], named: dict[str, tuple[set[str], str]], articles: list[str]) -> bool:
    """Every one of the articles names the place: as a recognised place in any spelling, or in its words."""
    return all(any(f" {k} " in named[a][1] or any(same_entity(k, n) for n in named[a][0]) for k in keys)
               for a in articles)


def _lead_places(article: Article, ann: Annotations) -> list[str]:
    """The places the article's lead names, in order, else its dateline's place. Not a place named as a modifier
    ("the US military", "a US drone"), nor a name the article calls something else as often ("Daesh", a group
    the recogniser takes for a place now and then)."""
    places: list[str] = []
    kinds = defaultdict(list)
    for e in ann.entities:
        kinds[e.text].append(e.label == "place")
    read = 0
    for sentence in ann.sentences:
        if sentence.boilerplate or read == LEAD_SENTENCES:
            continue
        opening = sentence.start + dateline_end(sentence.text)
        if not sentence.text[opening - sentence.start:].strip(" -:\u2014\u2013"):
            continue                                      # a dateline standing as a sentence of its own
        read += 1
        places += [_tidy(e.text) for e in ann.entities
                   if e.label == "place" and e.sentence == sentence.index and e.start >= opening and _place_key(e.text)
                   and 2 * sum(kinds[e.text]) > len(kinds[e.text]) and not _modifier(article.text, e.start, e.end)]
    if not places and article.dateline:
        places = [article.dateline.split(",")[0].strip()]
    return list(dict.fromkeys(places))


def _places_named(article: Article, ann: Annotations) -> tuple[set[str], str]:
    """The article's places by name key (its dateline's included), and its words, also keyed, to look names up in."""
    places = {_place_key(e.text) for e in ann.entities if e.label == "place"}
    places |= {_place_key(p) for p in (article.dateline or "").split(",")}
    return {p for p in places if p}, f" {name_key(article.text)} "


def _modifier(text: str, start: int, end: int) -> bool:
    """A place between an article and a lowercase word modifies a noun: "the US military", "a US drone strike"."""
    return (re.search(r"\b(?:the|a|an)\s+$", text[max(0, start - 5):start], re.IGNORECASE) is not None
            and re.match(r"\s+[a-z]", text[end:end + 2]) is not None)


def _tidy(place: str) -> str:
    """A dateline's capitals as a name ("MANILA" -> "Manila"), but not a country's letters ("US")."""
    return place.title() if place.isupper() and not (len(place) <= 3 and is_country(place)) else place


def _place_key(place: str) -> str:
    """compare's name key without the kind of place: "Inazzar village" is "Inazzar"."""
    words = name_key(place).split()
    bare = [w for w in words if w not in PLACE_KINDS]
    return " ".join(bare or words)
