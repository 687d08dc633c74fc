"""Who said it: the speaker of each quotation, and the claims an article reports without quote marks.

The cue's own syntax names a speaker first ("X said", "said X", "according to
X", "X, who said", "X was quoted as saying"; see `quotes.speaker_candidates`).
A pronoun or a bare title stands for the person the text is about, not the
last name it happened to print: the most recent *subject* or speaker before
it (an object, "he told Trump", or a name inside a quotation does not take
the floor), of the pronoun's gender where the article shows it ("Mrs.",
"she" after the name). A quotation with no cue of its own continues the
speaker of the paragraph before (news runs a long quote over paragraphs and
leaves the attribution in the first), or the person a paragraph ending in a
colon introduced.

Indirect claims ("Centcom said that no civilians were killed") are the
clause a speech verb governs, kept with their source, so a number can be
said to be someone's claim.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..annotations import Attribution, Quote
from ..logistic import LogisticModel
from .quotes import (PERSON_NOUNS, PERSON_TITLES, SPEECH_VERBS, TITLES, Parsed, find_quote_spans, hashes, parsed,
                     speaker_candidates, speaker_name, strip_title, without_open_bracket)

ATTRIBUTION_WORDS = 12   # a sentence after a quotation that says no more than who spoke ("Obama said.")
MAX_PARAGRAPHS_BACK = 3  # how far back the person a pronoun stands for may have been named
_SUBJECT = {"nsubj", "nsubjpass"}
_MALE = {"he", "him", "his", "himself", "mr", "mr."}
_FEMALE = {"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"}
MODEL_FILE = Path(__file__).with_name("speaker_model.json")
GIVEN_NAMES_FILE = Path(__file__).with_name("given_names.json")
SPEAKER_FEATURES = ("rule", "rule_name", "rule_pronoun", "rule_noun", "rule_colon", "rule_carried", "rule_about",
                    "distance", "after", "same_sentence", "paragraphs_back", "salient", "spoke_before", "last_speaker",
                    "mentions", "person", "gender_agrees", "gender_clashes", "kind_clashes", "unseen", "speaks",
                    "title_match", "previous_sentence", "speaks_same_sentence", "speaks_previous_sentence", "nearest",
                    "nearest_salient", "nearest_speaker", "nearest_agreeing")
TRACE: list | None = None   # set to [] to collect each quotation's candidates and features (fitting the ranker)
_NONE = (None, "person", None, "")
_NAMED = ("cue-name", "after-name")   # the cue's syntax names the speaker: the ranker keeps it (train CV the same)
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "it": "g", "they": "g", "them": "g"}
CLAIM_VERBS = SPEECH_VERBS - {"call", "ask", "quote", "post", "tweet", "shout", "cry", "scream", "whisper", "urge",
                              "demand", "describe", "accuse", "inform", "continue", "recall", "comment", "remark"}


@dataclass(frozen=True)
class Mention:
    """A name in the text (or a quotation's speaker, at the quotation), and whether it has the floor there."""

    offset: int
    name: str
    kind: str          # person | group
    paragraph: int
    salient: bool      # a subject outside quotation marks, or a speaker
    speaks: bool = False   # the subject of a speech verb, or a quotation's speaker


@lru_cache(maxsize=4096)
def entity_name(text: str) -> str:
    """The name without a leading "the", a possessive, or an acronym the model cut off inside its brackets."""
    text = without_open_bracket(re.sub(r"^(?:the|The)\s+", "", text.strip()))
    return re.sub(r"(?:'s|\u2019s)$", "", text)


def quotations(folded, text, paras, docs, by_token, sentences, sentence_at):
    """Quotations with speakers, the full names found to be people by speaking ("said the town's mayor, Wilfredo
    Chuquimango", which the model called a place), and the indirect claims with their sources."""
    spans = find_quote_spans(folded, paras)
    if TRACE is not None:
        TRACE.append([])
    inside = _inside(spans)
    parses = [parsed(doc) for doc in docs]
    ents = _names(folded, paras, parses, by_token)
    surnames = {last for found in ents for ent, _, last in found if ent.label_ == "PERSON" and len(ent) > 1}
    mentions = _mentions(paras, parses, ents, surnames, inside)
    genders = _genders(paras, parses, ents, surnames, inside)
    known = [entity_name(name) for found in ents for e, name, _ in found if e.label_ == "PERSON"]
    quotes: list[Quote] = []
    kinds: list[str] = []
    speaking: set[str] = set()
    spoke: dict[str, int] = {}
    para_of = _para_of(paras)
    ranker = speaker_ranker()
    keys = [_surname(m.name) for m in mentions]
    full_names: dict[str, str] = {}
    for name in known:
        if len(name.split()) > 1:
            full_names.setdefault(name.split()[-1], name)
    for span in spans:
        inner = folded[span.start:span.end]
        start = span.start + len(inner) - len(inner.lstrip())
        end = span.end - (len(inner) - len(inner.rstrip()))
        k = para_of(start)
        recent = Recent(mentions, start, k, genders, folded, known)
        speaker, kind, how, word = _speaker(folded, span, paras, docs, parses, by_token, recent, known,
                                            para_of, inside)
        first, last = sentence_at(start), sentence_at(max(start, end - 1))
        if speaker is None and quotes and sentences[quotes[-1].sentences[0]].paragraph == sentences[first].paragraph:
            speaker, kind, how = quotes[-1].speaker, kinds[-1], "carried"
        if speaker is None and folded[paras[k][0]:span.start].strip() == '"':
            speaker, kind, how, word = _continued(folded, quotes, kinds, sentences, paras, docs, parses, by_token, k,
                                                  recent, known)
        if how in ("cue-noun", "after-noun") and speaker and speaker.lower() == word:
            speaker = _titled(folded, mentions, start, paras[max(0, k - MAX_PARAGRAPHS_BACK)][0], word) or speaker
        if TRACE is not None or ranker is not None and how not in _NAMED:
            names, kinds_of, rows = _candidates(folded, mentions, keys, (speaker, kind, how, word), start, end, k, para_of(end),
                                                (sentences[first].start, sentences[last].end),
                                                sentences[max(0, first - 1)].start, genders, spoke,
                                                quotes[-1].speaker if quotes else None, full_names, paras)
            if TRACE is not None:
                TRACE[-1].append((start, end, speaker, names, rows))
            if ranker is not None and names and how not in _NAMED:
                best = int(np.argmax(ranker.probability(np.array(rows, dtype=float))))
                speaker, kind = names[best], kinds_of[best]
        if speaker and kind == "person" and " " not in speaker:
            speaker = full_names.get(speaker, speaker)   # "he added" after "Costa said": the Rui Costa named before
        if speaker:
            at = bisect_right(mentions, start, key=lambda m: m.offset)
            mentions.insert(at, Mention(start, speaker, kind, k, True, True))
            keys.insert(at, _surname(speaker))
            spoke[keys[at]] = spoke.get(keys[at], 0) + 1
            if kind == "person" and " " in speaker:
                speaking.add(speaker)
                if speaker not in known:
                    known.append(speaker)
                    full_names.setdefault(speaker.split()[-1], speaker)
        partial = inner.lstrip()[:1].islower()
        quotes.append(Quote(len(quotes), start, end, text[start:end], speaker, tuple(range(first, last + 1)), partial))
        kinds.append(kind)
    claims = _claims(text, folded, paras, parses, by_token, inside, mentions, genders, known, sentence_at)
    return quotes, speaking, claims


@lru_cache(maxsize=1)
def speaker_ranker() -> LogisticModel | None:
    """The candidate ranker fitted on PolNeAR train (`evaluation/quotes_polnear.py --fit`); None runs the rules
    alone."""
    return LogisticModel.load(MODEL_FILE, SPEAKER_FEATURES) if MODEL_FILE.exists() else None


_ABBREVIATED = {"governor": r"gov(?:ernor|\.|\b)", "senator": r"sen(?:ator|\.|\b)",
                "representative": r"rep(?:resentative|\.|\b)", "general": r"gen(?:eral|\.|\b)",
                "lieutenant": r"(?:lieutenant|lt\.?)", "colonel": r"col(?:onel|\.|\b)", "captain": r"capt(?:ain|\.|\b)",
                "sergeant": r"(?:sergeant|sgt\.?)", "admiral": r"adm(?:iral|\.|\b)", "professor": r"prof(?:essor|\.|\b)",
                "president": r"pres(?:ident|\.|\b)", "superintendent": r"(?:superintendent|supt\.?)"}


def _titled(folded: str, mentions: list[Mention], start: int, since: int, role: str) -> str | None:
    """The person a bare role ("the sheriff said", "the secretary of state said") stands for: the latest one the
    text gave that role as a title ("Sheriff Dale Morrow", "Secretary of State Jane Roe") or in apposition ("Dale
    Morrow, the county's sheriff", "the county's sheriff, Dale Morrow")."""
    head = next((w for w in role.lower().split() if w in PERSON_TITLES or w in PERSON_NOUNS), None)
    if head is None or head.endswith("s"):
        return None
    words = r"\s+".join(_ABBREVIATED.get(w.lower(), re.escape(w)) for w in role.split())
    before = re.compile(rf"\b{words}\s+$", re.I)
    after = re.compile(rf",\s+(?:the|a|an|[\w.-]+(?:'s|\u2019s))\s+(?:[\w'\u2019.-]+\s+){{0,4}}?{words}\b", re.I)
    ahead = re.compile(rf"\b{words}(?:\s+[\w'\u2019.-]+){{0,3}},\s*$", re.I)   # "the minister for transport, Paulo Silva"
    for m in reversed(mentions[bisect_left(mentions, since, key=lambda m: m.offset):
                               bisect_left(mentions, start, key=lambda m: m.offset)]):
        if m.kind == "person" and (before.search(folded, max(0, m.offset - 40), m.offset)
                                   or ahead.search(folded, max(0, m.offset - 60), m.offset)
                                   or after.match(folded, m.offset + len(m.name))):
            return m.name
    return None


def _cue_kind(token) -> str:
    return "pronoun" if token.lower_ in _PRONOUNS else "noun" if token.pos_ == "NOUN" else "name"


def _candidates(folded, mentions, keys, rule, start, end, k, k_end, sentence, previous, genders, spoke, last_speaker,
                full_names, paras):
    """Who may have said the quotation at start..end: the people and groups named from MAX_PARAGRAPHS_BACK
    paragraphs before it to the end of its paragraph, one per surname (`keys`, beside `mentions`), and the rules'
    answer; each with the features the ranker weighs (how far, before or after, a subject, spoke before, agrees
    with the cue's pronoun, and whether and how the rules chose it)."""
    name, kind, how, word = rule
    lo = bisect_left(mentions, paras[max(0, k - MAX_PARAGRAPHS_BACK)][0], key=lambda m: m.offset)
    hi = bisect_left(mentions, paras[k_end][1] + 1, key=lambda m: m.offset)
    groups: dict[str, list[Mention]] = {}
    for m, key in zip(mentions[lo:hi], keys[lo:hi]):
        if not start <= m.offset < end:
            groups.setdefault(key, []).append(m)
    counts = Counter(keys[:hi])
    rule_key = _surname(name) if name else None
    if rule_key and rule_key not in groups:
        groups[rule_key] = []
    pronoun = _PRONOUNS.get(word) if how and how.endswith("pronoun") else None
    last_key = _surname(last_speaker) if last_speaker else None
    noun = re.compile(rf"\b{re.escape(word)}\b", re.I) if how in ("cue-noun", "after-noun") and word.isalpha() else None
    names, kinds, rows, gaps_before = [], [], [], []
    s_start, s_end = sentence
    for key, group in groups.items():
        is_rule = key == rule_key
        if is_rule:
            shown, person = name, kind == "person"
        else:
            shown = max((m.name for m in group), key=lambda n: len(n.split()))
            if " " not in shown:
                shown = full_names.get(shown, shown)
            person = any(m.kind == "person" for m in group)
        gender = genders.get(key)
        agrees = pronoun is None or (pronoun == "g") != person and (gender is None or pronoun == "g" or gender == pronoun)
        closest, back = None, 3
        nearest = [None, None, None, None]
        in_sentence = in_previous = salient = speaks = speaks_here = speaks_before = titled = False
        for m in group:
            offset, m_salient, m_speaks = m.offset, m.salient, m.speaks
            if offset < start:
                d = start - offset
                distance = (d, 0)
                if nearest[0] is None or d < nearest[0]:
                    nearest[0] = d
                if m_salient and (nearest[1] is None or d < nearest[1]):
                    nearest[1] = d
                if m_speaks and (nearest[2] is None or d < nearest[2]):
                    nearest[2] = d
                if m_salient and agrees and (nearest[3] is None or d < nearest[3]):
                    nearest[3] = d
            else:
                distance = (offset - end, 1)
            if closest is None or distance < closest:
                closest = distance
            here = s_start <= offset < s_end
            before = previous <= offset < s_start
            in_sentence |= here
            in_previous |= before
            salient |= m_salient
            speaks |= m_speaks
            speaks_here |= m_speaks and here
            speaks_before |= m_speaks and before
            if k - m.paragraph < back:
                back = max(0, k - m.paragraph)
            titled = titled or (noun is not None and noun.search(folded, max(0, offset - 40), offset + len(m.name) + 60)
                                is not None)
        gap, after = closest or (10000, 0)
        gaps_before.append(nearest)
        rows.append([
            is_rule, is_rule and how in ("cue-name", "after-name"), is_rule and pronoun is not None,
            is_rule and how in ("cue-noun", "after-noun"), is_rule and how == "colon", is_rule and how == "carried",
            is_rule and how == "about", math.log1p(max(0, gap) / 20), after, in_sentence, back, salient,
            math.log1p(spoke.get(key, 0)), key == last_key, math.log1p(counts[key] if group else 0), person,
            pronoun in ("m", "f") and gender == pronoun, pronoun in ("m", "f") and gender is not None and gender != pronoun,
            (pronoun == "g" and person) or (pronoun in ("m", "f") and not person), not group, speaks, titled,
            in_previous, speaks_here, speaks_before])
        names.append(shown)
        kinds.append("person" if person else "group")
    for j in range(4):
        best = min((g[j] for g in gaps_before if g[j] is not None), default=None)
        for row, g in zip(rows, gaps_before):
            row.append(best is not None and g[j] == best)
    return names, kinds, rows


def _inside(spans):
    """Whether an offset lies inside a quotation (the spans are sorted and apart)."""
    starts = [s.start for s in spans]

    def inside(offset: int) -> bool:
        k = bisect_right(starts, offset) - 1
        return k >= 0 and offset < spans[k].end
    return inside


def _para_of(paras):
    """The first paragraph holding an offset (ends included: pieces of a long paragraph may touch), else the last."""
    starts = [s for s, _ in paras]

    def para_of(offset: int) -> int:
        k = bisect_right(starts, offset) - 1
        while k > 0 and paras[k - 1][1] >= offset:
            k -= 1
        return k if k >= 0 and offset <= paras[k][1] else len(paras) - 1
    return para_of


def _names(folded, paras, parses: list[Parsed], by_token) -> list[list[tuple]]:
    """Each paragraph's names (spaCy's spans, the ones `by_token` indexes), with their text and last word, read from
    the folded text: spaCy builds the spans anew at each `doc.ents`, and joins their tokens at each `.text`."""
    out = []
    for (p_start, _), p, index in zip(paras, parses, by_token):
        found = []
        for ent in {id(e): e for e in index.values()}.values():
            last = p.idx[ent.end - 1]
            found.append((ent, folded[p_start + ent.start_char:p_start + ent.end_char].replace("\n", " "),
                          folded[p_start + last:p_start + last + p.length[ent.end - 1]].replace("\n", " ")))
        out.append(found)
    return out


def _mentions(paras, parses: list[Parsed], ents, surnames, inside) -> list[Mention]:
    """People and groups named outside quotation marks; salient when the subject of their sentence's main clause
    (a subject inside "who Ali was" or "that Obama is" does not take the floor). A capitalised subject the
    recogniser missed counts as a person. `surnames`: the last words of the people named in full."""
    h = hashes()
    subject, propn = h.subject, h.propn
    out = []
    for k, ((p_start, _), p) in enumerate(zip(paras, parses)):
        named = set()
        for ent, text, _ in ents[k]:
            name = entity_name(text)
            person = ent.label_ == "PERSON" or (name.split() or [""])[-1] in surnames   # "Fiorina" taken for a place
            if not person and ent.label_ != "ORG":
                continue
            named.update(range(ent.start, ent.end))
            offset = p_start + ent.start_char
            if not inside(offset):
                tokens = range(ent.start, ent.end)
                out.append(Mention(offset, name, "person" if person else "group", k,
                                   any(_main_subject(p, i, h) for i in tokens), any(_speaks(p, i, h) for i in tokens)))
        roots: dict[int, int] = {}
        for i in [i for i, dep in enumerate(p.dep) if dep in subject]:
            if p.pos[i] != propn or p.ent[i] or i in named or inside(p_start + p.idx[i]):
                continue
            start, end = p.sentence_of(i)
            if start not in roots:
                roots[start] = next((r for r in range(start, end) if p.head[r] == r), None)
                if roots[start] is None:
                    roots[start] = p.doc[start:end].root.i
            tok = p.doc[i]
            if p.head[i] == roots[start] != i and tok.is_title and tok.lower_ not in TITLES:   # a child of the root
                out.append(Mention(p_start + p.idx[i], tok.text, "person", k, True, _speaks(p, i, h)))
    return sorted(out, key=lambda m: m.offset)


def _main_subject(p: Parsed, i: int, h) -> bool:
    """The subject (or its possessor or apposition) of a sentence's root verb or of a verb joined to it."""
    if p.dep[i] in h.attached:
        i = p.head[i]
    if p.dep[i] not in h.subject:
        return False
    verb = p.head[i]
    while p.dep[verb] == h.conj:
        verb = p.head[verb]
    return p.dep[verb] == h.root


def _speaks(p: Parsed, i: int, h) -> bool:
    """The subject of a speech verb ("Ortiz said that ...", "Ortiz, who told ...") or what "according to" names."""
    if p.dep[i] in h.attached:
        i = p.head[i]
    if p.dep[i] == h.pobj:
        return p.lower[p.head[p.head[i]]] == h.according
    return p.dep[i] in h.subject and h.speaks(p.lemma[p.head[i]], p.doc)


def _surname(name: str) -> str:
    words = name.split()
    return words[-1].lower() if words else ""


def _genders(paras, parses: list[Parsed], ents, surnames, inside) -> dict[str, str]:
    """Gender per surname where the article shows it: a courtesy title before the name, or the pronouns of a
    sentence whose only person outside quotation marks is its subject."""
    male, female = _gendered()
    h = hashes()
    votes: dict[str, list[int]] = {}
    full: set[str] = set()
    for k, ((p_start, _), p) in enumerate(zip(paras, parses)):
        by_sentence: dict[int, list] = {}
        for ent, text, last in ents[k]:
            person = ent.label_ == "PERSON"
            if person and " " in text:
                full.add(text)
            if (person or last in surnames) and not inside(p_start + ent.start_char):
                start, end = p.sentence_of(ent.start)
                by_sentence.setdefault(start, []).append((ent, end, text))
                before = p.lower[ent.start - 1] if ent.start else 0
                tally = votes.setdefault(_surname(text), [0, 0])
                tally[0] += 2 * (before in male)
                tally[1] += 2 * (before in female)
        for found in by_sentence.values():
            people = [e for e, _, _ in found]
            names = {_surname(text) for _, _, text in found}
            if len(names) != 1 or not any(p.dep[i] in h.subject for e in people for i in range(e.start, e.end)):
                continue
            tally = votes.setdefault(names.pop(), [0, 0])
            for i in range(people[0].start, found[0][1]):
                word = p.lower[i]
                if (word in male or word in female) and not inside(p_start + p.idx[i]):
                    tally[0] += word in male
                    tally[1] += word in female
    shown = {name: ("m" if m > f else "f") for name, (m, f) in votes.items() if m != f}
    return {**_by_given_name(full), **shown}


def _by_given_name(people: set[str]) -> dict[str, str]:
    """Gender per surname from the given names the article prints ("Hillary Clinton"), where every person of
    that surname with a known given name agrees (a Bill and a Hillary Clinton give none)."""
    table = _given_names()
    found: dict[str, set[str]] = {}
    for text in people:
        words = strip_title(text.split())
        gender = table.get(words[0].lower()) if len(words) > 1 and words[0].isalpha() else None
        if gender:
            found.setdefault(words[-1].lower(), set()).add(gender)
    return {name: genders.pop() for name, genders in found.items() if len(genders) == 1}


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Given names read as female or male (`given_names.json`, drawn from nomquamgender's census and registry
    counts: names nearly always borne by one gender)."""
    data = json.loads(GIVEN_NAMES_FILE.read_text(encoding="utf-8"))
    return {**dict.fromkeys(data["female"], "f"), **dict.fromkeys(data["male"], "m")}


@lru_cache(maxsize=1)
def _gendered() -> tuple[frozenset[int], frozenset[int]]:
    from spacy.strings import get_string_id

    return frozenset(map(get_string_id, _MALE)), frozenset(map(get_string_id, _FEMALE))


class Recent:
    """Who a pronoun or title near `offset` stands for: the latest salient person (of each gender) and group, and
    the groups named before; each worked out when first asked, as most cues name their speaker outright."""

    def __init__(self, mentions: list[Mention], offset: int, paragraph: int, genders: dict[str, str],
                 folded: str = "", known: list[str] | None = None):
        self.mentions, self.offset = mentions, offset
        self.paragraph, self.genders = paragraph, genders
        self.folded, self.known = folded, known or []
        self.found: dict = {}

    def titled(self, role: str) -> str | None:
        """The person the article named earlier with this title, anywhere before (a title names one office), in full
        where the article gave the full name."""
        name = _titled(self.folded, self.mentions, self.offset, 0, role) if self.folded else None
        if name and " " not in name:
            name = next((k for k in self.known if k != name and k.split()[-1] == name), name)
        return name

    @property
    def before(self) -> list[Mention]:
        """The mentions before `offset`, cut when first asked (most cues never ask)."""
        if "before" not in self.found:
            self.found["before"] = self.mentions[:bisect_left(self.mentions, self.offset, key=lambda m: m.offset)]
        return self.found["before"]

    def __getitem__(self, key: str):
        if key not in self.found:
            if key == "orgs":
                self.found[key] = [m.name for m in self.before if m.kind == "group"]
            else:
                kind, gender = {"person": ("person", None), "he": ("person", "m"), "she": ("person", "f"),
                                "group": ("group", None)}[key]
                self.found[key] = self._latest(kind, gender)
        return self.found[key]

    def get(self, key: str, default=None):
        return self[key] if key in ("person", "he", "she", "group", "orgs") else default

    def _latest(self, kind: str, gender: str | None) -> str | None:
        """The latest salient mention of the kind (and gender, where the article shows it), else the latest."""
        fallback = None
        for m in reversed(self.before):
            if m.kind != kind or kind == "person" and self.paragraph - m.paragraph > MAX_PARAGRAPHS_BACK:
                continue
            if gender is not None and self.genders.get(_surname(m.name), gender) != gender:
                continue
            if m.salient:
                return m.name
            if fallback is None:
                fallback = m.name
        return fallback


def _speaker(folded, span, paras, docs, parses, by_token, recent, known, para_of, inside) -> tuple:
    """The speaker named in the sentences around a quote, or in the attribution right after it, or the name that
    introduces it with a colon ("Michael P. McDonald: "...)."""
    start, end = span.start, span.end
    for k in dict.fromkeys([para_of(start), para_of(end)]):
        p_start, p = paras[k][0], parses[k]
        for a, b in zip(p.sentences, p.sentences[1:]):
            s_char, e_char = p.chars(a, b)
            if p_start + e_char < start or p_start + s_char > end:
                continue
            for token in speaker_candidates(p.doc[a:b], span.start, span.end, p_start, p):
                if inside(p_start + token.idx):
                    continue   # a name inside another quotation of the sentence did not say this one
                name, is_person = speaker_name(token, by_token[k], recent, known)
                if name:
                    return name, "person" if is_person else "group", "cue-" + _cue_kind(token), token.lower_
    k = para_of(end)
    p = parses[k]
    after = next((p.doc[a:b] for a, b in zip(p.sentences, p.sentences[1:]) if paras[k][0] + p.idx[a] >= span.end),
                 None)
    if after is not None and _attribution(folded[span.end:paras[k][0] + after.start_char], after):
        for token in speaker_candidates(after, span.start, span.end, paras[k][0], p):
            name, is_person = speaker_name(token, by_token[k], recent, known)
            if name:
                return name, "person" if is_person else "group", "after-" + _cue_kind(token), token.lower_
    k = para_of(start)
    return _introduced(folded, parses[k], paras[k], start - 1, by_token[k], recent, known)


def _introduced(folded, p: Parsed, para: tuple[int, int], mark: int, entities, recent, known) -> tuple:
    """A name, or a speech verb's subject, right before a colon that opens the quote ("Stated Stone: "...)."""
    doc, (p_start, p_end) = p.doc, para
    head = folded[p_start:mark].rstrip()
    if not head.endswith(":"):
        return _NONE
    found = doc.char_span(len(head) - 1, len(head))
    if found is None or found[0].i == 0:
        return _NONE
    colon = found[0]
    prev = colon.nbor(-1)
    ent = entities.get(prev.i)
    if ent is not None and ent.label_ in ("PERSON", "ORG") and prev.i == ent.end - 1:
        return entity_name(ent.text), "person" if ent.label_ == "PERSON" else "group", "colon", ""
    if prev.pos_ == "PROPN" and prev.is_title and prev.lower_ not in TITLES:
        first = prev
        while first.i > 0 and first.nbor(-1).pos_ == "PROPN" and first.nbor(-1).is_title:
            first = first.nbor(-1)
        words = [t.text for t in doc[first.i:prev.i + 1] if t.lower_ not in TITLES]
        return " ".join(words), "person", "colon", ""
    for token in speaker_candidates(colon.sent, p_start + colon.idx + 1, p_end + 1, p_start, p):
        name, is_person = speaker_name(token, entities, recent, known)
        if name:
            return name, "person" if is_person else "group", "colon", token.lower_
    subject = next((t for t in colon.sent if t.dep_ in _SUBJECT and t.head.dep_ in ("ROOT", "ccomp")
                    and t.i < colon.i and t.head.i < colon.i), None)   # "Sanders delivered a snappy retort: "..."
    if subject is not None:
        name, is_person = speaker_name(subject, entities, recent, known)
        if name:
            return name, "person" if is_person else "group", "colon", subject.lower_
    return _NONE


def _continued(folded, quotes, kinds, sentences, paras, docs, parses, by_token, k, recent, known) -> tuple:
    """The speaker of a paragraph that is only a quotation: the last speaker of the paragraph before, else whom that
    paragraph introduced with a colon, else the person it was about."""
    if k == 0:
        return _NONE
    last = next((i for i in range(len(quotes) - 1, -1, -1) if quotes[i].speaker), None)
    if last is not None and sentences[quotes[last].sentences[-1]].paragraph == k - 1:
        return quotes[last].speaker, kinds[last], "carried", ""
    found = _introduced(folded, parses[k - 1], paras[k - 1], paras[k - 1][1], by_token[k - 1], recent, known)
    if found[0]:
        return found
    if folded[paras[k - 1][0]:paras[k - 1][1]].rstrip().endswith(":"):
        sent = list(docs[k - 1].sents)[-1]
        subject = next((t for t in sent if t.dep_ in _SUBJECT and t.head.dep_ == "ROOT"), None)
        if subject is not None:
            name, is_person = speaker_name(subject, by_token[k - 1], recent, known)
            if name:
                return name, "person" if is_person else "group", "colon", subject.lower_
    if recent.get("person"):
        return recent["person"], "person", "about", ""
    return _NONE


def _attribution(gap: str, sentence) -> bool:
    """Whether the sentence right after a quotation that ends its own sentence is its attribution ('"Why not?"
    Akin continued.', '"Rise to the occasion." added Lauten, who works for...'): nothing but the closing mark
    between, a speech verb as its root or first word, no more than ATTRIBUTION_WORDS words, and no quotation of
    its own ("Then an announcer concludes: ..." introduces the next one)."""
    speech = [t for t in sentence if t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB"]
    return (not gap.strip(' "') and not any('"' in t.text for t in sentence)
            and sum(t.is_alpha for t in sentence) <= ATTRIBUTION_WORDS
            and any(t.dep_ == "ROOT" or t.i == sentence.start for t in speech))


def _claims(text, folded, paras, parses, by_token, inside, mentions, genders, known, sentence_at) -> list[Attribution]:
    """Indirect claims: the clause a speech verb governs ("said (that) ...", "according to X, ..."), outside
    quotation marks, with the verb's subject as source."""
    from spacy.symbols import AUX, VERB

    from .quotes import _subject_of_speech

    h, claim_verbs = hashes(), _claim_lemmas()
    out: list[Attribution] = []
    for k, ((p_start, _), p) in enumerate(zip(paras, parses)):
        doc = p.doc
        if claim_verbs.isdisjoint(p.lemma):   # a set test in C: most paragraphs have no speech verb to look at
            cues = []
        else:
            cues = [i for i, lemma in enumerate(p.lemma) if lemma in claim_verbs and (p.pos[i] == VERB or p.pos[i] == AUX)]
        according = [i for i, lower in enumerate(p.lower) if lower == h.according] if h.according in p.lower else []
        for i in sorted({*cues, *according}) if according else cues:
            tok = doc[i]
            clause = None
            if tok.pos in (VERB, AUX) and tok.lemma_ in CLAIM_VERBS:
                clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                subject = _subject_of_speech(tok) if clause is not None else None
                span = (clause.left_edge.i, clause.right_edge.i + 1) if clause is not None else None
            elif tok.lower_ == "according" and tok.head.pos_ in ("VERB", "AUX"):
                subject = _subject_of_speech(tok)
                head = tok.head
                rest = [t for t in head.subtree if not (tok.left_edge.i <= t.i <= tok.right_edge.i)]
                span = (rest[0].i, rest[-1].i + 1) if rest else None
                clause = head
            if clause is None or subject is None or span is None:
                continue
            words = doc[span[0]:span[1]]
            while len(words) and (words[0].lower_ == "that" or words[0].is_punct):
                words = words[1:]
            while len(words) and words[-1].is_punct:
                words = words[:-1]
            if len(words) < 3:
                continue
            start, end = p_start + words.start_char, p_start + words.end_char
            if '"' in folded[start:end] or inside(start) or inside(end - 1):
                continue
            recent = Recent(mentions, p_start + subject.idx, k, genders, folded, known)
            name, _ = speaker_name(subject, by_token[k], recent, known)
            if name:
                out.append(Attribution(start, end, text[start:end], name, tok.text, sentence_at(start)))
    return out


@lru_cache(maxsize=1)
def _claim_lemmas() -> frozenset[int]:
    from spacy.strings import get_string_id

    return frozenset(map(get_string_id, CLAIM_VERBS))


__all__ = ["quotations", "entity_name", "PERSON_TITLES"]
