"""Quotations: the spans inside quote marks, and who the sentence says spoke them.

Marks are found on folded text (curly quotes made straight, same offsets).
A quotation may run over several sentences, and, by news convention, over
paragraphs: a paragraph that leaves its quote open continues it in the next
one that opens with a mark. The speaker comes from the dependency parse: the
subject of the speech verb that governs the quote ("X said", "said X",
"X added", "according to X"), a pronoun taken back to the last person named.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

SPEECH_VERBS = {
    "say", "add", "tell", "state", "claim", "insist", "warn", "announce", "note", "explain", "declare",
    "urge", "quote", "write", "report", "call", "ask", "demand", "describe", "reply", "respond", "argue",
    "confirm", "deny", "acknowledge", "admit", "vow", "pledge", "promise", "stress", "tweet", "post",
    "assert", "allege", "recall", "conclude", "continue", "remark", "observe", "comment", "accuse", "inform",
    "shout", "cry", "scream", "whisper", "recount", "testify", "predict", "caution", "concede", "boast",
    "bark", "quip", "joke", "snap", "retort", "exclaim", "muse", "laugh", "sigh", "chant", "counter", "suggest",
    "proclaim", "charge", "contend", "complain", "lament", "mock", "tout", "brag", "plead", "scoff", "yell",
    "interject", "emphasize", "emphasise", "reiterate", "thunder", "opine", "wonder", "gush", "blast", "slam",
    "speak", "agree", "insist", "question", "joke", "rail", "fume", "muse", "sneer", "explain", "answer",
}
# Things that carry words but do not speak: their quotes belong to whoever issued them.
NOT_SPEAKERS = {"statement", "communique", "report", "video", "footage", "letter", "document", "post", "ad",
                "advertisement", "release", "message", "tweet", "notice", "sign", "memo", "filing", "ruling", "email"}
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "general", "gen", "gen.", "lieutenant", "lt", "lt.",
    "colonel", "col", "col.", "major", "maj", "maj.", "captain", "capt", "capt.", "commander", "admiral", "adm", "adm.",
    "sergeant", "sgt", "sgt.", "chief", "spokesman", "spokeswoman", "spokesperson", "director", "governor", "gov", "gov.",
    "mayor", "senator", "sen", "sen.", "representative", "rep", "rep.", "judge", "justice", "king", "queen", "prince",
    "princess", "sheikh", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "professor", "prof", "prof.", "officer",
    "chairman", "chairwoman", "chair", "ceo", "head", "leader", "ambassador", "envoy", "pope", "bishop", "rev", "rev.",
    "air", "force", "army", "navy", "marine", "corps", "police", "foreign", "defence", "defense", "interior", "finance",
    "health", "deputy", "acting", "former", "senior", "official", "inspector", "superintendent", "chancellor", "emir",
}
ORG_WORDS = {"air", "force", "army", "navy", "marine", "corps", "police", "foreign", "defence", "defense", "interior",
             "finance", "health"}
PERSON_TITLES = TITLES - ORG_WORDS - {"vice", "prime", "foreign", "acting", "former", "senior", "deputy"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Common nouns that can speak: people by role, and bodies that issue words ("the ministry said").
PERSON_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "aide", "aides", "adviser",
                "advisor", "advisers", "advisors", "candidate", "nominee", "lawmaker", "lawmakers", "congressman",
                "congresswoman", "man", "woman", "men", "women", "resident", "residents", "witness", "witnesses",
                "voter", "voters", "supporter", "supporters", "critic", "critics", "expert", "experts", "analyst",
                "analysts", "source", "sources", "activist", "activists", "lawyer", "attorney", "father", "mother",
                "son", "daughter", "wife", "husband", "friend", "neighbor", "neighbour", "owner", "worker", "workers",
                "delegate", "delegates", "businessman", "billionaire", "strategist", "pollster", "economist",
                "researcher", "researchers", "scientist", "scientists", "doctor", "teacher", "student", "students",
                "protester", "protesters", "leaders", "member", "members", "democrat", "democrats", "republican",
                "republicans", "victim", "survivor", "farmer", "host", "anchor", "moderator", "reporter",
                "correspondent", "author", "writer", "columnist", "historian", "pastor", "priest", "rabbi", "imam",
                "manager", "staffer", "staffers", "speaker", "senators", "governors", "treasurer", "clerk",
                "commissioner", "sheriff", "coach", "founder", "executive", "president", "chief", "nurse"}
GROUP_NOUNS = {"campaign", "company", "firm", "committee", "ministry", "department", "agency", "government",
               "administration", "office", "team", "group", "party", "court", "council", "union", "board",
               "commission", "organisation", "organization", "network", "newspaper", "paper", "magazine", "station",
               "embassy", "military", "army", "police", "force", "forces", "authorities", "prosecutors", "court",
               "bank", "university", "school", "hospital", "spokesman", "white", "house", "state", "county", "city",
               "coalition", "alliance", "movement", "foundation", "institute", "center", "centre", "website", "site",
               "outlet", "poll", "survey", "study", "report", "channel", "network", "delegation", "caucus", "panel"}
_GROUP_PRONOUNS = {"it", "they", "them"}


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int


def find_quote_spans(folded: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Spans of the text inside double quote marks, joining paragraphs a quote runs over."""
    spans: list[QuoteSpan] = []
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        marks = [p_start + m.start() for m in re.finditer('"', folded[p_start:p_end])]
        for mark in marks:
            if open_at is None:
                open_at = mark + 1
            else:
                if mark > open_at:
                    spans.append(QuoteSpan(open_at, mark))
                open_at = None
        if open_at is not None:
            inner = folded[open_at:p_end].strip()
            if len(inner.split()) >= 4 and inner[-1:] in ".!?":
                spans.append(QuoteSpan(open_at, p_end))
            open_at = None
    return _joined(spans, folded)


def _joined(spans: list[QuoteSpan], folded: str) -> list[QuoteSpan]:
    """A quote left open at a paragraph's end and reopened at the next is one quotation."""
    out: list[QuoteSpan] = []
    for span in spans:
        if out and folded[out[-1].end:span.start].strip() == '"' and "\n" in folded[out[-1].end:span.start]:
            out[-1] = QuoteSpan(out[-1].start, span.end)
        else:
            out.append(span)
    return [s for s in out if folded[s.start:s.end].strip()]


def without_open_bracket(name: str) -> str:
    """A name without the acronym the model cut off inside its brackets: "Combined Sahel Task Force (CSTF"."""
    return re.sub(r"\s*\([^)]*$", "", name)


def strip_title(words: list[str]) -> list[str]:
    """'Air Force Lieutenant General Alexus Grynkewich' -> ['Alexus', 'Grynkewich']."""
    last_title = -1
    for i, word in enumerate(words[:-1]):
        if word.lower() in TITLES:
            last_title = i
    return words[last_title + 1:]


class Parsed(NamedTuple):
    """A paragraph's parse as plain lists, read once: spaCy builds a new Token object at each access, and the
    speaker passes look at every token. Per token: character offset in the paragraph, its head's index,
    dependency, part of speech, lemma and lower-case form (spaCy's string ids), name type (0 outside a name),
    length; `sentences` holds where each of spaCy's sentences starts, then the paragraph's length."""

    doc: object
    idx: list[int]
    head: list[int]
    dep: list[int]
    pos: list[int]
    lemma: list[int]
    lower: list[int]
    ent: list[int]
    length: list[int]
    sentences: list[int]

    def sentence_of(self, i: int) -> tuple[int, int]:
        """The token span of spaCy's sentence holding token i (`doc[i].sent`)."""
        from bisect import bisect_right

        j = bisect_right(self.sentences, i) - 1
        return self.sentences[j], self.sentences[j + 1]

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """`start_char`, `end_char` of the token span start..end."""
        return self.idx[start], self.idx[end - 1] + self.length[end - 1]


def parsed(doc) -> Parsed:
    import numpy as np
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START

    found = doc.to_array([IDX, HEAD, DEP, POS, LEMMA, LOWER, ENT_TYPE, SENT_START, LENGTH])
    n = len(found)
    found[:, 1] += np.arange(n, dtype=np.uint64)   # the head's own index (spaCy's is relative, kept unsigned)
    idx, head, dep, pos, lemma, lower, ent, start, length = found.T.tolist()
    starts = (np.flatnonzero(found[1:, 7] == 1) + 1).tolist()   # as `doc.sents` reads them
    return Parsed(doc, idx, head, dep, pos, lemma, lower, ent, length, [0, *starts, n] if n else [0])


class Hashes:
    """spaCy's ids of the words and labels the loops over `Parsed` compare with, made on first use (importing
    spaCy takes seconds, and commands that never annotate import this module)."""

    def __init__(self):
        from spacy.strings import get_string_id
        from spacy.symbols import AUX, PROPN, VERB

        h = get_string_id
        self.verb, self.aux, self.propn = VERB, AUX, PROPN
        self.according = h("according")
        self.subject = {h("nsubj"), h("nsubjpass")}
        self.attached = {h("poss"), h("appos"), h("compound")}
        self.conj, self.root, self.pobj = h("conj"), h("ROOT"), h("pobj")
        self.speech: dict[int, bool] = {}
        self.idioms: dict[int, bool] = {}

    def speaks(self, lemma: int, doc) -> bool:
        """Whether a lemma, lower-cased, is a speech verb."""
        found = self.speech.get(lemma)
        if found is None:
            found = self.speech[lemma] = doc.vocab.strings[lemma].lower() in SPEECH_VERBS
        return found

    def idiom(self, lemma: int, doc) -> bool:
        """Whether a lemma speaks in a set phrase (`_IDIOMS`), its words still to be checked."""
        found = self.idioms.get(lemma)
        if found is None:
            found = self.idioms[lemma] = doc.vocab.strings[lemma] in _IDIOMS
        return found


@lru_cache(maxsize=1)
def hashes() -> Hashes:
    return Hashes()


def speaker_candidates(span, quote_start: int, quote_end: int, doc_offset: int, parse: Parsed | None = None):
    """`_candidates` outside the quotation: a verb's subject inside the quoted words is not who spoke them.
    `parse`: the paragraph's `Parsed`, where the caller has it."""
    for tok in _candidates(span, quote_start, quote_end, doc_offset, parse or parsed(span.doc)):
        if not quote_start <= doc_offset + tok.idx < quote_end:
            yield tok


def _candidates(span, quote_start: int, quote_end: int, doc_offset: int, p: Parsed):
    """Tokens that may name the speaker of a quote inside spaCy sentence `span`, best first.

    First the subject of the speech verb that governs the quote, then of the
    speech verbs nearest to it, then the object of "according to", and last
    a named subject of any verb governing it ("X described the ad as "...").
    """
    lo, hi = quote_start - doc_offset, quote_end - doc_offset

    def inside(tok) -> bool:
        return lo <= tok.idx < hi

    s, e = span.start, span.end
    a = bisect_left(p.idx, lo, s, e)
    b = bisect_left(p.idx, hi, a, e)   # tokens a..b are inside the quotation
    if a == s and b == e:
        return
    doc, h = span.doc, hashes()
    outside = [*range(s, a), *range(b, e)]
    root = next((i for i in range(a, b) if not lo <= p.idx[p.head[i]] < hi), None)   # governed from outside
    if root is not None:
        for anc in doc[root].ancestors:
            if not inside(anc):
                found = _subject_of_speech(anc)
                if found is not None:
                    yield found
    verbs = sorted((i for i in outside if (p.pos[i] == h.verb or p.pos[i] == h.aux)
                    and (h.speaks(p.lemma[i], doc) or h.idiom(p.lemma[i], doc) and _speech_idiom(doc[i]))),
                   key=lambda i: min(abs(p.idx[i] - lo), abs(p.idx[i] - hi)))
    for i in verbs:
        found = _subject_of_speech(doc[i])
        if found is not None:
            yield found
    for i in outside:
        if p.lower[i] == h.according:
            found = _subject_of_speech(doc[i])
            if found is not None:
                yield found
    if root is not None:
        for anc in doc[root].ancestors:
            if _reported(anc):
                continue   # "said that Rubio was "a lightweight"": Rubio is what was said, not who said it
            subject = next((c for c in anc.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
            if subject is not None and not inside(anc):
                yield subject
                break


def _subject_of_speech(verb):
    if verb.lemma_.lower() not in SPEECH_VERBS and verb.lower_ != "according" and not _speech_idiom(verb):
        return None
    if verb.lower_ == "according":
        for to in verb.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if verb.lemma_.lower() == "continue" and any(c.dep_ == "xcomp" for c in verb.children):
        return None   # "Rubio will continue to be "a champion"": going on, not speaking
    if verb.dep_ == "amod" and verb.head.pos_ == "PROPN" and verb.i == verb.sent.start:
        return verb.head   # a sentence '"...," added Lauten', parsed as a name the verb describes
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        reporter = _reporter(verb)
        if reporter is not None:
            return reporter
    agent = _agent(verb)
    if agent is not None:
        return agent
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "that") and node.dep_ == "relcl":
                    head = node.head   # "Smith, who said ...", "Smith, the treasurer, who said ..."
                    return head.head if head.dep_ == "appos" else head
                return child
        if node.dep_ not in ("conj", "xcomp", "advcl", "acl") or node.head.i == node.i:
            return None
        via = node.dep_
        node = node.head
        if via == "acl" and node.pos_ in ("NOUN", "PROPN"):
            node = node.head
        if via == "conj" and node.lemma_.lower() not in SPEECH_VERBS:
            return None
    return None


_SUBJECTS = ("nsubj", "nsubjpass")
_BACK = ("prt", "back")
_IDIOMS = {"put": ("dobj", "it"), "point": ("prt", "out"), "shoot": _BACK, "fire": _BACK, "hit": _BACK,
           "strike": _BACK, "push": _BACK, "go": ("prt", "on")}


def _speech_idiom(verb) -> bool:
    """A verb that speaks only in a set phrase: "as Milbank puts it, "..."", "as Byler pointed out", "Trump shot
    back", "she went on"."""
    found = _IDIOMS.get(verb.lemma_)
    return found is not None and any(c.lower_ == found[1] and (c.dep_ == found[0] or found is _BACK and c.dep_ == "advmod")
                                     for c in verb.children)   # "fired back forcefully": "back" parsed as an adverb


def _reporter(verb):
    """The subject of the nearest speech verb before and above a participle ("Sanders said the process could be
    "messy," adding ...", where the parser hangs "adding" on "be"): who reports a clause also adds to it."""
    for anc in verb.ancestors:
        if anc.i < verb.i and anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in SPEECH_VERBS:
            subject = next((c for c in anc.children if c.dep_ in _SUBJECTS), None)
            if subject is not None and subject.lower_ not in ("who", "that"):
                return subject
    return None


def _agent(verb):
    """Who did the speaking of a passive speech verb: "was described as "careless" by James Comey" (the parser
    may hang "by" on the quoted words)."""
    if verb.tag_ != "VBN" or not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None
    for tok in verb.subtree:
        if tok.lower_ == "by" and tok.dep_ in ("agent", "prep") and verb.i in (tok.head.i, tok.head.head.i):
            name = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if name is not None and name.pos_ in ("PROPN", "NOUN", "PRON"):
                return name
    return None


def _reported(verb) -> bool:
    """A clause a speech verb reports ("said that Rubio was ..."): its subject is what was said about."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS


_AGENT = re.compile(r"[a-z]+(?:er|or|ist|ian|ant|ent|ess|ee)s?")


def _may_speak(token) -> bool:
    """A common noun that can be a speaker: a role, a body, people in the plural ("the lawyers"), an agent noun
    ("the narrator")."""
    word = token.lower_
    return (word in PERSON_NOUNS or word in GROUP_NOUNS or word in PERSON_TITLES or token.tag_ == "NNS"
            or _AGENT.fullmatch(word) is not None or word in ("town", "village", "complaint", "lawsuit", "actor"))


def _without_possessive(name: str) -> str:
    return re.sub(r"(?:'s|'|\u2019s|\u2019)$", "", name)


_ASIDES = {"relcl", "acl", "appos"}


def _counted(token) -> str | None:
    """A number speaks only with the people it counts ("one of two witnesses", "about four in 10"); alone ("six
    companions, two more than the force had reported") it is a count the parser made a subject, no speaker."""
    if not any(c.lower_ in ("of", "in") and c.dep_ in ("prep", "quantmod") for c in token.children):
        return None
    aside = {t.i for d in token.subtree if d.dep_ in _ASIDES for t in d.subtree}
    kept = [t for t in token.subtree if t.i not in aside and t.dep_ != "punct"]
    return "".join(t.text_with_ws for t in kept).strip() or None


def _common_noun(token) -> bool:
    """A noun, or a lower-case word the tagger took for a name ("Mali's defence ministry" tagged "ministry" a
    proper noun): read as a common noun, it keeps its phrase or gives way, never stands alone as a name."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())


def _own_words(token):
    """The words of a noun's phrase that can name it: its possessor, compounds and apposition ("a spokeswoman for
    the operators, Ines Valadares", wherever the parser hangs the name), not a place or thing a preposition or
    clause adds ("one military source in Gao" is no one called Gao)."""
    for t in token.subtree:
        node, apposed = t, False
        while node.i != token.i and (apposed or node.dep_ not in _NOT_OWN):
            apposed = apposed or node.dep_ == "appos"
            node = node.head
        if node.i == token.i:
            yield t


_NOT_OWN = {"prep", "pobj", "relcl", "acl", "advcl", "conj", "cc"}
_NOT_IN_TITLE = {"former", "then", "current", "new", "outgoing", "incoming", "top", "senior"}


def _bare_title(token, ent) -> bool:
    """A title said without its bearer's name ("the secretary of state", "the Prime Minister"), whatever its case:
    no name of its own beside it."""
    if token.lower_ not in PERSON_TITLES or token.tag_ == "NNS" or (ent is not None and ent.label_ == "PERSON"):
        return False
    return not any(c.dep_ in ("compound", "flat", "appos", "poss") and c.pos_ == "PROPN" and c.lower_ not in TITLES
                   for c in token.children)


def _title_phrase(token) -> tuple[str, str]:
    """The title a speaker is called by, with the words that make it one office ("the prime minister" -> "prime
    minister", "the secretary of state" -> "secretary of state"), and the office without words that only say whose
    it is ("the Texas governor" -> "governor", "the conservative senator" -> "senator"; "prime minister" stays)."""
    lefts = [t for t in token.lefts if t.dep_ in ("compound", "amod") and t.is_alpha and t.lower_ not in _NOT_IN_TITLE]
    prep = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj" and c.is_alpha), None) if prep is not None else None
    core = [token] + ([prep, *(t for t in obj.lefts if t.dep_ == "compound" and t.is_alpha), obj] if obj is not None else [])
    kept = [t for t in lefts if t.lower_ in TITLES]

    def said(words):
        return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return said(lefts + core), said(kept + core)


def _titled_speaker(token, recent) -> tuple[str | None, bool]:
    """A title's bearer: the name beside it ("the town's mayor, Wilfredo Chuquimango"), else the person the article
    named with that title ("Secretary of State Jane Roe", "Paulo Silva, the transport minister"), else the title
    itself: the last person named is not the one a title stands for."""
    named = next((t for t in token.children if t.dep_ == "appos" and t.pos_ == "PROPN"), None)
    if named is not None:   # whatever the recogniser called him
        return " ".join(t.text for t in named.subtree if t.dep_ in ("compound", "flat") or t.i == named.i), True
    phrase, office = _title_phrase(token)
    titled = getattr(recent, "titled", None)
    bearer = titled and (titled(phrase) or (office != phrase and titled(office)))
    return (bearer, True) if bearer else (phrase, False)


def speaker_name(token, entities_by_token, recent: dict, known: list[str]) -> tuple[str | None, bool]:
    """Readable name for a speaker token, titles removed, and whether it names a person.

    A pronoun stands for the last person named; a bare title ("the
    governor") for the name its own phrase gives ("the town's mayor,
    Wilfredo Chuquimango"), else the person the text named with that
    title, else it stays the title; a role ("a lorry driver") stays the
    role; a group noun ("the force") stands for the last organisation whose
    name ends in it; a surname becomes the full name given earlier.
    Statements, reports and videos speak for no one.
    """
    if token.lower_ in ("he", "him"):
        return recent.get("he") or recent.get("person"), True
    if token.lower_ in ("she", "her"):
        return recent.get("she") or recent.get("person"), True
    if token.lower_ in _GROUP_PRONOUNS:
        return recent.get("group"), False
    if token.pos_ == "NUM":
        return _counted(token), False
    ent = entities_by_token.get(token.i)
    noun = _common_noun(token)
    if noun or _bare_title(token, ent):
        named = [entities_by_token[t.i] for t in _own_words(token) if t.i in entities_by_token
                 and entities_by_token[t.i].label_ == "PERSON" and not entities_by_token[t.i].text.islower()]
        owner = next((t for t in token.children if t.dep_ == "poss" and t.i in entities_by_token), None)
        if owner is not None and token.lower_ in GROUP_NOUNS and token.lower_ not in PERSON_TITLES:
            owner_name = _without_possessive(without_open_bracket(entities_by_token[owner.i].text))
            modifiers = [t.text for t in token.children if t.dep_ in ("compound", "amod") and owner.i < t.i < token.i]
            return " ".join([owner_name, *modifiers, token.text]), False   # "Sanders' campaign", "Mali defence ministry"
        if named:   # "Karen Doyle's email notes ...", "the town's mayor, Wilfredo Chuquimango"
            own = next((e for e in named if not any(t.dep_ == "poss" for t in e)), None)
            appos = next((t for t in token.children if t.dep_ == "appos" and t.pos_ == "PROPN"), None)
            if own is None and appos is not None:   # "Obama's chief of staff Rahm Emanuel", the name taken for a group
                return " ".join(t.text for t in appos.subtree
                                if t.is_alpha and t.dep_ in ("compound", "flat") or t.i == appos.i), True
            return _without_possessive(" ".join(strip_title((own or named[0]).text.split()))), True
        if token.lower_ in NOT_SPEAKERS:
            issuer = entities_by_token[owner.i] if owner is not None else None
            if issuer is not None and issuer.label_ == "ORG":   # "the league's statement said ...": who issued it
                return _without_possessive(without_open_bracket(issuer.text)), False
            return None, False
        if token.lower_ in PERSON_TITLES:
            return _titled_speaker(token, recent)
        org = next((o for o in reversed(recent.get("orgs", [])) if o.lower().split()[-1] == token.lower_), None)
        if org:
            return org, False
    if ent is not None:
        words = without_open_bracket(ent.text).split()
    elif token.pos_ == "PROPN" and not noun:
        chain = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t.i == token.i]
        words = [t.text for t in chain if t.i <= token.i and (t.is_title or t.is_upper or t.i == token.i)]
    elif noun:
        if not _may_speak(token):
            return None, False   # "the platform", "a voice", "the promise" speak for no one
        words = [t.text for t in token.subtree if t.i <= token.i and (t.dep_ in ("compound", "amod") or t.i == token.i)]
        words = words if token.i - token.left_edge.i < 5 else [token.text]
    else:
        return None, False
    stripped = strip_title(words)
    titled = len(stripped) < len(words)
    while stripped and stripped[0].lower() in ("the", "a", "an"):
        stripped = stripped[1:]
    if stripped and stripped[-1].endswith("'s"):
        stripped[-1] = stripped[-1][:-2]
    if not stripped:
        return None, False
    name = " ".join(stripped)
    if len(stripped) == 1:
        full = next((k for k in known if k != name and k.split()[-1] == name), None)
        if full:
            return full, True
    is_person = (ent is not None and ent.label_ == "PERSON") or (token.pos_ == "PROPN" and not noun and (titled or name in known))
    return name, is_person
