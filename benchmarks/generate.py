"""Realistic synthetic news for benchmarks: the demo corpus, mutated the way the press mutates it.

Every generated article comes from a seed by one operation, and says so, so
that clustering and dedup benchmarks can score against the truth:

- `original`   a demo article as shipped (the first records of every run);
- `copy`       the text verbatim under another outlet (wire copy);
- `trim`       trailing or leading paragraphs dropped (a shortened copy);
- `spin`       words swapped from a small synonym table (a light rewrite);
- `heavy_spin` most content words swapped from a larger table, and some phrases (an article spinner's
               output: about 0.7 of its parent's shingles kept, where `spin` keeps 0.9 or more);
- `shuffle`    sentences dropped and paragraphs reordered (an edited copy);
- `headline`   the text verbatim under another headline, with page furniture (headline, byline and
               a footer in the body, as a scanned or scraped page carries them);
- `noise`      OCR errors at a character error rate drawn from NOISE_LEVELS (a scanned copy): the
               usual confusions (e/c, l/1/i, o/0, a/o, m/rn, h/b, s/5) four times as often as
               dropped or wrong letters elsewhere, and now and then two words run together;
- `trim_noise` a trim of the seed, then OCR noise;
- `column`     the seed set in a newspaper column (a line break every 26-40 characters, words hyphenated
               over the breaks), then OCR noise: a scan of a printed page, as archives hold them;
- `new_event`  people, places, numbers and dates swapped: another event of the same kind.

All but `new_event` keep the seed's `event`; `derived_from` is the generated id
of the seed. Seeds are drawn from the originals and from a bounded pool of
recent output, so derivations chain (a spin of a copy of a new event) while
memory stays flat however many articles are asked for. The same `--seed` (and
the same corpus and wiretrace) gives the same file, and a smaller `--count`
gives a prefix of a larger one. After the first 10,000 articles the calendar
moves on with the stream, a week per 48 articles, so that events of one kind
stay as far apart in time at 100,000 articles as at 10,000.

    python benchmarks/generate.py --count 2000 --seed 1 --output /tmp/news.jsonl
    python benchmarks/generate.py --count 20000 --real ../shared/datasets --output /tmp/real.jsonl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

OPERATIONS = {"copy": 0.12, "headline": 0.05, "trim": 0.13, "spin": 0.12, "shuffle": 0.10, "noise": 0.12,
              "trim_noise": 0.06, "new_event": 0.30}
NOISE_LEVELS = (0.01, 0.02, 0.05, 0.10, 0.15)   # character error rates of OCR-noisy copies
POOL_SIZE = 256          # recent generated articles kept as seeds: bounds memory
STEADY_AFTER = 10_000    # articles after which the calendar moves on with the stream
ARTICLES_PER_WEEK = 48   # as dense in time as the first 10,000 articles
MIN_SEEDS = 10           # fewer demo articles than this is a corpus still being written
FALLBACK_DAY = date(2024, 3, 4)

OUTLETS = [
    ("Harbor Gazette", "harborgazette.example"), ("The Evening Ledger", "eveningledger.example"),
    ("Northline News", "northline.example"), ("Capital Dispatch", "capitaldispatch.example"),
    ("Riverside Courier", "riversidecourier.example"), ("Global Wire Service", "gws.example"),
    ("The Daily Meridian", "dailymeridian.example"), ("Coastal Times", "coastaltimes.example"),
    ("Metro Observer", "metroobserver.example"), ("Summit Herald", "summitherald.example"),
    ("The Independent Post", "indypost.example"), ("Valley Chronicle", "valleychronicle.example"),
    ("Atlas Newswire", "atlasnewswire.example"), ("Prairie Sentinel", "prairiesentinel.example"),
    ("The Civic Record", "civicrecord.example"), ("Lakeshore Tribune", "lakeshoretribune.example"),
]
FIRST_NAMES = ["Amara", "Lukas", "Sofia", "Daniel", "Priya", "Mateo", "Ingrid", "Tomas", "Leila", "Kenji", "Nadia",
               "Oscar", "Elena", "Samuel", "Yasmin", "Viktor", "Grace", "Rafael", "Hana", "Jonas", "Marta", "Idris",
               "Claire", "Felix"]
LAST_NAMES = ["Okafor", "Lindqvist", "Moreau", "Castillo", "Brandt", "Haddad", "Novak", "Tanaka", "Osei", "Fischer",
              "Romano", "Petrova", "Mensah", "Kowalski", "Duarte", "Nakamura", "Sorensen", "Abiodun", "Varga", "Costa",
              "Ibarra", "Hale", "Quinn", "Whitfield"]
PLACES = ["Lisbon", "Porto", "Valencia", "Lyon", "Gdansk", "Tampere", "Bergen", "Graz", "Ghent", "Bologna", "Cork",
          "Leeds", "Halifax", "Tucson", "Boise", "Savannah", "Mombasa", "Accra", "Durban", "Cebu", "Osaka", "Busan",
          "Perth", "Hobart", "Montevideo", "Cordoba", "Recife", "Quito", "Tbilisi", "Izmir"]

# Word-level, lowercase only: capitalised words are names, titles or sentence
# openers, and swapping those makes nonsense rather than spin.
SYNONYMS = {
    "said": ["stated", "noted"], "says": ["states", "notes"], "told": ["informed"],
    "announced": ["unveiled", "declared"], "warned": ["cautioned"], "confirmed": ["verified"],
    "criticized": ["slammed"], "reported": ["indicated"], "officials": ["authorities"],
    "people": ["residents", "individuals"], "residents": ["locals"], "government": ["administration"],
    "big": ["large"], "large": ["big", "sizeable"], "small": ["minor"], "important": ["key", "crucial"],
    "help": ["assist", "aid"], "began": ["started"], "attack": ["assault", "strike"], "building": ["structure"],
    "city": ["town"], "country": ["nation"], "meeting": ["gathering"], "talks": ["negotiations"],
    "spokesman": ["spokesperson"], "damage": ["destruction"], "quickly": ["rapidly", "swiftly"],
    "about": ["around", "roughly"], "nearly": ["almost"], "however": ["nevertheless"], "also": ["additionally"],
    "fire": ["blaze"], "expected": ["anticipated"], "workers": ["employees"], "crash": ["collision"],
    "injured": ["wounded", "hurt"], "died": ["perished"], "plan": ["proposal"], "decision": ["ruling"],
    "investigation": ["inquiry", "probe"], "agreement": ["deal", "accord"], "after": ["following"],
    "because": ["since"], "area": ["region", "zone"], "leaders": ["chiefs"], "support": ["backing"],
    "showed": ["indicated"], "shows": ["indicates"], "before": ["prior to"], "hospital": ["medical center"],
}
# `heavy_spin`'s table, as an article spinner's: most content words of a news report (verbs in their forms, nouns,
# adjectives, adverbs) with a synonym each, and phrases swapped whole (some of their function words with them).
HEAVY_SYNONYMS = {
    "said": ["stated", "noted", "remarked"], "says": ["states", "notes"], "say": ["state"], "saying": ["stating"],
    "told": ["informed"], "tell": ["inform"], "added": ["further noted"], "adding": ["noting"],
    "announced": ["unveiled", "declared"], "announce": ["declare"], "warned": ["cautioned"], "warning": ["alert"],
    "confirmed": ["verified"], "confirm": ["verify"], "reported": ["indicated"], "report": ["account"],
    "reports": ["accounts"], "criticized": ["slammed"], "criticised": ["slammed"], "asked": ["requested"],
    "killed": ["slain"], "kill": ["slay"], "killing": ["slaying"], "died": ["perished"], "dead": ["deceased"],
    "death": ["demise"], "deaths": ["fatalities"], "injured": ["wounded", "hurt"], "injuries": ["wounds"],
    "arrested": ["detained", "apprehended"], "arrest": ["detention"], "charged": ["indicted"], "accused": ["alleged"],
    "attack": ["assault", "strike"], "attacks": ["assaults"], "attacked": ["assaulted"], "shot": ["gunned"],
    "shooting": ["gunfire"], "fired": ["discharged"], "fire": ["blaze"], "fires": ["blazes"],
    "began": ["started", "commenced"], "begin": ["start"], "started": ["began", "commenced"], "start": ["outset"],
    "ended": ["concluded"], "end": ["conclusion"], "continued": ["persisted"], "continue": ["persist"],
    "help": ["assist", "aid"], "helped": ["assisted"], "support": ["backing"], "supported": ["backed"],
    "officials": ["authorities"], "official": ["representative"], "people": ["individuals", "persons"],
    "residents": ["locals", "inhabitants"], "government": ["administration"], "police": ["law enforcement"],
    "officers": ["agents"], "officer": ["agent"], "company": ["firm"], "companies": ["firms"], "group": ["outfit"],
    "groups": ["outfits"], "leader": ["chief"], "leaders": ["chiefs"], "city": ["town"], "country": ["nation"],
    "countries": ["nations"], "area": ["region", "zone"], "region": ["area"], "meeting": ["gathering"],
    "talks": ["negotiations"], "statement": ["communique"], "spokesman": ["spokesperson"],
    "spokeswoman": ["spokesperson"], "building": ["structure"], "buildings": ["structures"], "home": ["residence"],
    "homes": ["residences"], "house": ["dwelling"], "houses": ["dwellings"], "car": ["vehicle"], "cars": ["vehicles"],
    "truck": ["lorry"], "road": ["route"], "roads": ["routes"], "hospital": ["medical center"], "school": ["academy"],
    "children": ["youngsters", "kids"], "child": ["youngster"], "man": ["male"], "woman": ["female"],
    "men": ["males"], "women": ["females"], "family": ["relatives"], "families": ["households"],
    "workers": ["employees", "staff"], "worker": ["employee"], "plan": ["proposal", "scheme"], "plans": ["proposals"],
    "decision": ["ruling"], "investigation": ["inquiry", "probe"], "agreement": ["deal", "accord"],
    "damage": ["destruction"], "damaged": ["harmed"], "destroyed": ["demolished", "wrecked"], "crash": ["collision"],
    "accident": ["mishap"], "accidents": ["mishaps"], "storm": ["tempest"], "water": ["liquid"], "money": ["funds"],
    "price": ["cost"], "prices": ["costs"], "market": ["marketplace"], "business": ["enterprise"],
    "job": ["position"], "jobs": ["positions"], "week": ["seven days"], "weeks": ["seven-day periods"],
    "year": ["twelve months"], "big": ["large", "huge"], "large": ["big", "sizeable"], "small": ["minor", "little"],
    "important": ["key", "crucial"], "major": ["significant"], "serious": ["grave"], "new": ["fresh", "novel"],
    "old": ["aged"], "former": ["previous"], "recent": ["latest"], "local": ["regional"], "main": ["principal"],
    "many": ["numerous"], "several": ["various"], "common": ["typical"], "frequent": ["regular"],
    "rough": ["turbulent"], "quickly": ["rapidly", "swiftly"], "immediately": ["instantly"],
    "about": ["around", "roughly", "approximately"], "nearly": ["almost"], "however": ["nevertheless", "nonetheless"],
    "also": ["additionally", "likewise"], "often": ["frequently"], "expected": ["anticipated"],
    "believed": ["thought"], "found": ["discovered"], "find": ["discover"], "showed": ["indicated"],
    "shows": ["indicates"], "show": ["indicate"], "called": ["termed"], "call": ["term"], "made": ["produced"],
    "make": ["produce"], "took": ["seized"], "take": ["seize"], "gave": ["provided"], "give": ["provide"],
    "used": ["utilised"], "use": ["utilise"], "using": ["utilising"], "left": ["departed"], "leave": ["depart"],
    "came": ["arrived"], "come": ["arrive"], "went": ["travelled"], "sent": ["dispatched"], "send": ["dispatch"],
    "carrying": ["transporting"], "carried": ["transported"], "need": ["require"], "needed": ["required"],
    "want": ["wish"], "wanted": ["wished"], "tried": ["attempted"], "try": ["attempt"], "hit": ["struck"],
    "struck": ["hit"], "led": ["directed"], "lead": ["direct"], "won": ["secured"], "win": ["secure"],
    "lost": ["forfeited"], "received": ["obtained"], "held": ["conducted"], "hold": ["conduct"],
    "included": ["comprised"], "includes": ["comprises"], "including": ["comprising"], "increase": ["rise"],
    "increased": ["rose"], "rose": ["climbed"], "fell": ["dropped"], "cut": ["reduced"], "raised": ["lifted"],
    "reached": ["attained"], "opened": ["launched"], "closed": ["shut"], "close": ["shut"], "near": ["close to"],
    "after": ["following"], "because": ["since"], "before": ["prior to"], "during": ["throughout"],
    "against": ["versus"], "around": ["about"], "across": ["throughout"], "between": ["among"],
    "nearby": ["neighbouring"], "believe": ["think"], "think": ["believe"], "know": ["realise"],
    "known": ["recognised"], "allowed": ["permitted"], "allow": ["permit"], "blamed": ["faulted"],
    "claimed": ["asserted"], "claim": ["assertion"], "claims": ["assertions"], "denied": ["refuted"],
    "described": ["portrayed"], "explained": ["clarified"], "suggested": ["proposed"], "insisted": ["maintained"],
    "admitted": ["conceded"], "agreed": ["concurred"], "rescued": ["saved"], "survived": ["lived through"],
    "escaped": ["fled"], "fled": ["escaped"], "evacuated": ["cleared"], "missing": ["unaccounted for"],
    "victims": ["casualties"], "victim": ["casualty"], "suspect": ["accused"], "suspects": ["accused"],
    "court": ["tribunal"], "judge": ["justice"], "trial": ["hearing"], "prison": ["jail"], "sentenced": ["jailed"],
    "election": ["vote"], "vote": ["ballot"], "party": ["faction"], "president": ["head of state"],
    "minister": ["secretary"], "army": ["military"], "troops": ["soldiers"], "soldiers": ["troops"],
    "forces": ["troops"], "weapons": ["arms"], "war": ["conflict"], "fighting": ["combat"], "violence": ["bloodshed"],
    "crisis": ["emergency"], "problem": ["issue"], "problems": ["issues"], "issue": ["matter"], "issues": ["matters"],
    "event": ["occasion"], "events": ["occasions"], "season": ["campaign"], "team": ["squad"], "game": ["match"],
    "games": ["matches"], "player": ["athlete"], "players": ["athletes"], "fans": ["supporters"],
    "coach": ["manager"], "phone": ["handset"], "device": ["gadget"], "devices": ["gadgets"], "product": ["item"],
    "products": ["items"], "customers": ["clients"], "users": ["consumers"], "film": ["movie"], "movie": ["film"],
    "star": ["celebrity"], "actor": ["performer"], "actress": ["performer"], "singer": ["vocalist"],
    "wife": ["spouse"], "husband": ["spouse"], "friends": ["companions"], "according": ["as per"],
    "percent": ["per cent"], "million": ["mn"], "hours": ["hrs"], "later": ["afterwards"], "early": ["initial"],
    "late": ["belated"], "last": ["final"], "first": ["initial"], "next": ["following"], "today": ["this day"],
    "yesterday": ["the previous day"], "week's": ["weekly"], "earlier": ["previously"], "still": ["yet"],
    "already": ["previously"], "really": ["truly"], "very": ["extremely"], "almost": ["nearly"], "top": ["senior"],
    "senior": ["high-ranking"], "high": ["elevated"], "low": ["reduced"], "strong": ["powerful"],
    "powerful": ["strong"], "heavy": ["hefty"], "hard": ["tough"], "difficult": ["tough"], "good": ["fine"],
    "bad": ["poor"], "best": ["finest"], "possible": ["feasible"], "likely": ["probable"], "clear": ["evident"],
    "different": ["distinct"], "similar": ["comparable"], "public": ["civic"], "private": ["personal"],
    "national": ["nationwide"], "international": ["global"], "foreign": ["overseas"], "political": ["partisan"],
    "time": ["occasion"], "times": ["occasions"], "back": ["rear"], "just": ["merely", "simply"], "years": ["yrs"],
    "other": ["additional"], "points": ["pts"], "night": ["evening"], "record": ["document"], "only": ["solely"],
    "through": ["via"], "security": ["safety"], "news": ["reports"], "yards": ["metres"], "like": ["such as"],
    "while": ["whilst"], "species": ["breed"], "play": ["perform"], "federal": ["national"], "days": ["dates"],
    "administration": ["government"], "another": ["one more"], "going": ["heading"], "half": ["fifty percent"],
    "most": ["the majority of"], "never": ["not once"], "director": ["supervisor"], "running": ["operating"],
    "even": ["still"], "offer": ["proposal"], "murder": ["homicide"], "patch": ["fix"], "life": ["existence"],
    "rule": ["regulation"], "under": ["beneath"], "much": ["significantly"], "right": ["correct"], "cable": ["cord"],
    "career": ["vocation"], "released": ["launched"], "agencies": ["bodies"], "state": ["condition"],
    "history": ["past"], "well": ["effectively"], "head": ["chief"], "endangered": ["threatened"], "work": ["labour"],
    "again": ["once more"], "break": ["interruption"], "until": ["till"], "mother": ["mom"], "case": ["matter"],
    "away": ["off"], "without": ["lacking"], "point": ["juncture"], "vulnerability": ["weakness"],
    "number": ["figure"], "agency": ["bureau"], "scoring": ["netting"], "minutes": ["mins"], "touchdown": ["score"],
    "church": ["chapel"], "morning": ["dawn"], "office": ["bureau"], "world": ["globe"], "place": ["location"],
    "browser": ["web browser"], "loss": ["defeat"], "free": ["complimentary"], "source": ["origin"],
    "fight": ["battle"], "update": ["upgrade"], "flaw": ["defect"], "move": ["step"], "gang": ["crew"],
    "quarter": ["period"], "same": ["identical"], "thought": ["believed"], "story": ["tale"], "little": ["small"],
    "long": ["lengthy"], "services": ["facilities"], "affected": ["impacted"], "projects": ["schemes"],
    "part": ["portion"], "coming": ["approaching"], "though": ["although"], "process": ["procedure"],
    "members": ["participants"], "deal": ["agreement"], "outside": ["beyond"], "seen": ["viewed"],
    "face": ["confront"], "scored": ["netted"], "became": ["turned into"], "regulations": ["rules"],
    "broke": ["shattered"], "release": ["launch"], "behind": ["after"], "injury": ["harm"], "bank": ["lender"],
    "agent": ["representative"], "changes": ["alterations"], "protect": ["safeguard"], "soon": ["shortly"],
    "software": ["programs"], "versions": ["editions"], "done": ["finished"], "making": ["producing"],
    "better": ["superior"], "change": ["alteration"], "placed": ["put"], "line": ["queue"],
    "rehab": ["rehabilitation"], "whether": ["if"], "returned": ["went back"], "past": ["previous"],
    "reserve": ["backup"], "young": ["youthful"], "every": ["each and every"], "scientists": ["researchers"],
    "trying": ["attempting"], "working": ["operating"], "site": ["location"], "media": ["press"],
    "caused": ["triggered"], "experts": ["specialists"], "information": ["data"], "pass": ["throw"],
    "internet": ["web"], "inside": ["within"], "protesters": ["demonstrators"], "ball": ["sphere"],
    "month": ["four weeks"], "sister": ["sibling"], "rules": ["regulations"], "article": ["piece"],
    "winning": ["victorious"], "once": ["when"], "chance": ["opportunity"], "drive": ["push"], "store": ["shop"],
    "quake": ["tremor"], "streets": ["roads"], "getting": ["obtaining"], "action": ["activity"], "full": ["complete"],
    "looking": ["searching"], "signed": ["inked"], "authorities": ["officials"], "service": ["facility"],
    "traffic": ["congestion"], "heard": ["listened to"], "finished": ["completed"], "defense": ["defence"],
    "title": ["crown"], "felt": ["sensed"], "final": ["last"], "look": ["glance"], "series": ["sequence"],
    "return": ["comeback"], "jury": ["panel"], "sentence": ["term"], "champion": ["titleholder"], "less": ["fewer"],
    "review": ["assessment"], "teams": ["squads"], "deputy": ["assistant"], "leading": ["top"],
    "general": ["overall"], "community": ["neighbourhood"], "riot": ["uprising"], "playing": ["competing"],
    "decades": ["generations"], "suffered": ["endured"], "following": ["after"], "front": ["face"],
    "center": ["centre"], "girl": ["lass"], "scene": ["site"], "rushing": ["hurrying"], "earthquake": ["tremor"],
    "bullet": ["round"], "nothing": ["nil"], "hands": ["palms"], "person": ["individual"], "room": ["chamber"],
    "negotiations": ["talks"], "played": ["competed"], "victory": ["triumph"], "afternoon": ["midday"],
    "keep": ["retain"], "missed": ["skipped"], "heart": ["core"], "harm": ["injury"], "crime": ["offence"],
    "shots": ["rounds"], "hand": ["palm"], "crowd": ["throng"], "rookie": ["newcomer"], "plant": ["facility"],
    "further": ["additional"], "months": ["mos"], "turned": ["became"], "nation": ["country"], "critical": ["vital"],
    "project": ["scheme"], "given": ["provided"], "open": ["unlocked"], "followed": ["trailed"],
    "someone": ["somebody"], "riots": ["disturbances"], "issued": ["released"], "side": ["flank"],
    "witness": ["onlooker"], "villages": ["hamlets"], "order": ["command"], "hearing": ["session"],
    "taken": ["seized"], "global": ["worldwide"], "door": ["entrance"], "able": ["capable"], "block": ["prevent"],
    "reporters": ["journalists"], "enough": ["sufficient"], "street": ["road"], "always": ["constantly"],
    "code": ["program"], "contract": ["deal"], "power": ["strength"], "moved": ["relocated"], "looked": ["appeared"],
    "facility": ["site"], "fact": ["reality"], "things": ["items"], "total": ["overall"],
    "prosecutors": ["the prosecution"], "having": ["possessing"], "feel": ["sense"], "anything": ["whatever"],
    "current": ["present"], "taking": ["seizing"], "apartment": ["flat"], "field": ["pitch"],
    "convicted": ["found guilty"], "although": ["though"], "others": ["the rest"], "special": ["unique"],
    "elections": ["polls"], "parliament": ["legislature"], "something": ["a thing"], "cause": ["reason"],
    "thing": ["item"], "huge": ["massive"], "spent": ["expended"], "strike": ["attack"], "department": ["division"],
    "threat": ["danger"], "great": ["terrific"], "computers": ["machines"], "straight": ["consecutive"],
    "minute": ["moment"], "result": ["outcome"], "passed": ["approved"], "appeared": ["seemed"],
    "policy": ["strategy"], "score": ["tally"], "blaze": ["fire"], "estimated": ["approximate"], "sure": ["certain"],
    "control": ["command"], "incident": ["episode"], "worked": ["laboured"], "rest": ["remainder"],
    "teenager": ["adolescent"], "worth": ["valued at"], "reason": ["cause"], "wrote": ["penned"],
    "malicious": ["harmful"], "threw": ["tossed"], "decided": ["resolved"], "brought": ["delivered"],
    "become": ["turn into"], "floor": ["storey"], "daughter": ["girl"], "threatened": ["menaced"],
    "seems": ["appears"], "checked": ["examined"], "member": ["participant"], "scientific": ["research"],
    "town": ["city"], "moment": ["instant"], "brother": ["sibling"], "responded": ["replied"],
    "situation": ["circumstances"], "forward": ["ahead"], "spread": ["extended"], "entered": ["went into"],
    "employees": ["staff"], "everyone": ["everybody"], "probably": ["most likely"], "attorney": ["lawyer"],
    "worst": ["gravest"], "recently": ["lately"], "scheduled": ["planned"], "program": ["programme"],
    "limited": ["restricted"], "offered": ["proposed"], "anyone": ["anybody"], "happened": ["occurred"],
    "calls": ["demands"], "leaving": ["departing"], "identified": ["named"], "apparently": ["seemingly"],
    "means": ["implies"], "evidence": ["proof"], "body": ["corpse"], "considered": ["regarded"],
    "communications": ["comms"], "youths": ["youngsters"], "anger": ["fury"], "system": ["network"],
    "cops": ["officers"], "protection": ["defence"], "stopped": ["halted"], "economy": ["markets"],
    "currently": ["presently"], "appears": ["seems"], "animals": ["creatures"], "remain": ["stay"],
    "finally": ["eventually"], "name": ["title"], "tells": ["informs"],
}
HEAVY_PHRASES = {"more than": ["over", "upwards of"], "at least": ["no fewer than", "a minimum of"],
                 "according to": ["as per", "based on"], "as well as": ["along with"], "a lot of": ["plenty of"],
                 "in order to": ["so as to"], "because of": ["owing to"], "such as": ["like"]}
OCR_CONFUSIONS = {"e": "c", "c": "e", "l": "1", "1": "l", "i": "l", "I": "l", "o": "0", "0": "o", "O": "0",
                  "a": "o", "m": "rn", "rn": "m", "h": "b", "b": "h", "s": "5", "S": "5", "5": "S", "B": "8", "8": "B"}
CONFUSED_MORE = 4          # a confusable letter is misread this many times as often as any other

_WORD = re.compile(r"[A-Za-z]+")
_SPIN_WORD = re.compile(r"(?P<article>\b[Aa]n? )?(?P<word>\b[A-Za-z]+)")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+(?=[\"'\u201c\u2018]?[A-Z])")
_HEAVY_PHRASE = re.compile(r"\b(?:" + "|".join(map(re.escape, HEAVY_PHRASES)) + r")\b")
_PARAGRAPH = re.compile(r"\n\s*\n")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH_RE = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = rf"(?P<month>{_MONTH_RE})(?P<dot>\.?)\s+(?P<day>\d{{1,2}})(?!\d)(?:,\s+(?P<year>\d{{4}}))?"
_NUMBER = r"(?<![\w/\-.:])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?![\w/\-:])"
_MONTH_NAMES = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_PARTICLE = re.compile(r"^[A-Za-z]{1,3}-(?=[A-Z])")   # a surname's article or particle: al-, el-, Ben-
_AP_MONTHS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}


@dataclass
class Record:
    """One generated article, plus the names `new_event` needs (never written out)."""

    id: str
    url: str
    source: str
    title: str
    published: datetime
    text: str
    event: str
    derived_from: str | None
    operation: str
    cer: float = 0.0          # character error rate of OCR noise, where the operation added some
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        out = {"id": self.id, "url": self.url, "source": self.source, "title": self.title,
               "published": self.published.strftime("%Y-%m-%dT%H:%M:%SZ"), "text": self.text,
               "event": self.event, "derived_from": self.derived_from, "operation": self.operation}
        return {**out, "cer": self.cer} if self.cer else out


# seeds


def load_seeds(corpus: Path | None = None, *, wait_s: float = 0) -> list[Record]:
    """The demo corpus as `original` records, with the people and places wiretrace finds in them.

    Names come from wiretrace's own annotator so `new_event` swaps what the
    pipeline will see as entities, and from the runs of capitalised words
    inside sentences, as for real seeds, so that it swaps every name a report
    of another event would change, organisations too. `wait_s` waits for a corpus still being
    written to reach MIN_SEEDS articles.
    """
    from wiretrace.demo import corpus_path
    from wiretrace.nlp import annotate_many
    from wiretrace.readers import read_batch

    corpus = Path(corpus or corpus_path())
    deadline = time.monotonic() + wait_s
    while True:
        articles = read_batch([corpus]).articles
        if len(articles) >= MIN_SEEDS or time.monotonic() >= deadline:
            break
        print(f"{corpus}: {len(articles)} articles, waiting for at least {MIN_SEEDS}", file=sys.stderr)
        time.sleep(min(30, max(1, deadline - time.monotonic())))
    if not articles:
        raise SystemExit(f"{corpus}: no articles to derive from")
    if len(articles) < MIN_SEEDS:
        print(f"warning: only {len(articles)} seed articles in {corpus}", file=sys.stderr)
    # Order by content, not by file name or wiretrace's id scheme, so that neither moving a file nor a new
    # id scheme reshuffles the output. (Seeds still follow the readers and the annotator: same wiretrace,
    # same corpus, same seed -> same file.)
    articles.sort(key=lambda a: hashlib.sha256(f"{a.url}\n{a.title}\n{a.text}".encode()).hexdigest())
    events = _gold_events(corpus)
    seeds = []
    for n, (article, ann) in enumerate(zip(articles, annotate_many(articles))):
        runs = _CAPITALISED.findall(article.text)   # as for real seeds: a twin changes every name, not spaCy's
        day = article.published or FALLBACK_DAY
        published = (day if isinstance(day, datetime) else datetime(day.year, day.month, day.day, 9))
        if published.tzinfo is not None:
            published = published.astimezone(timezone.utc).replace(tzinfo=None)
        outlet = article.source or OUTLETS[n % len(OUTLETS)][0]
        seeds.append(Record(
            id="", url=article.url or f"https://{_domain(outlet)}/{_slug(article.title or article.text)}",
            source=outlet, title=article.title or _headline(article.text), published=published, text=article.text,
            event=_event_of(article, corpus, events), derived_from=None, operation="original",
            people=_unique([e.text for e in ann.entities if e.label == "person"] + [n for n in runs if " " in n]),
            places=_unique([e.text for e in ann.entities if e.label == "place"] + [n for n in runs if " " not in n]),
        ))
    return seeds


REAL_CORPORA = ("ecbplus/ecbplus_topics_01-35.jsonl", "basil/basil.jsonl")
POLNEAR = "polnear/data"   # a folder of plain-text articles and their metadata, not JSON Lines
REAL_LENGTH = (500, 1000)   # words: the length of most news reports
NEAR_COPY = 0.5     # a real article sharing this much of its 5-byte shingles with another seed is not a seed
_CAPITALISED = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def real_seeds(datasets: Path, keep=lambda row: True, words: tuple[int, int] = (0, 10**9),
               corpora: tuple[str, ...] = REAL_CORPORA) -> list[Record]:
    """News articles nobody here wrote (ECB+, BASIL, PolNeAR: read at run time, never copied) as `original`
    records.

    Only rows `keep` accepts, of `words` words; of the articles of one topic,
    event or month (`group`) that are versions of one wire text (NEAR_COPY),
    the first alone, so that the gold of their derived copies is never in
    doubt. People and places for `new_event` are the runs of capitalised words
    inside sentences.
    """
    from wiretrace.dedup import shingles

    rows = []
    for name in corpora:
        rows += [r for r in _real_rows(Path(datasets), name)
                 if keep(r) and words[0] <= len(r["text"].split()) <= words[1]]
    kept, shingled = [], {}
    for row in sorted(rows, key=lambda r: hashlib.sha256(r["text"].encode()).hexdigest()):
        mine = set(shingles(row["text"]))
        group = shingled.setdefault(str(row.get("group", row.get("topic", row.get("story")))), [])
        if any(len(mine & other) >= NEAR_COPY * min(len(mine), len(other)) for other in group):
            continue
        group.append(mine)
        kept.append(row)
    seeds = []
    for row in kept:
        found = _unique(_CAPITALISED.findall(row["text"]))
        day = date.fromisoformat(row["published"][:10]) if row.get("published") else FALLBACK_DAY
        outlet = row.get("source") or OUTLETS[len(seeds) % len(OUTLETS)][0]
        title = row.get("title") or _headline(row["text"])
        seeds.append(Record(
            id="", url=row.get("url") or f"https://{_domain(outlet)}/{_slug(title)}", source=outlet, title=title,
            published=datetime(day.year, day.month, day.day, 9), text=row["text"], event=f"real-{row['story']}",
            derived_from=None, operation="original", people=[n for n in found if " " in n],
            places=[n for n in found if " " not in n]))
    return seeds


def _real_rows(datasets: Path, name: str) -> list[dict]:
    """The rows of one corpus of `real_seeds`: a JSON Lines file's, or PolNeAR's articles (its train and dev
    splits, the ones with texts) in the same shape, each its own story and grouped by month: the wire stories
    its outlets reprint come out within days of each other."""
    if name != POLNEAR:
        with (datasets / name).open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]
    folder, rows = datasets / POLNEAR, []
    with (folder / "metadata.tsv").open(encoding="utf-8", newline="") as table:
        for meta in csv.DictReader(table, delimiter="\t"):
            text = folder / meta["compartment"] / "text" / f"{meta['filename']}.txt"
            if text.is_file():
                rows.append({"id": meta["filename"], "story": meta["filename"], "group": meta["publication_date"][:7],
                             "source": meta["publisher"], "title": meta["title"],
                             "published": meta["publication_date"], "text": text.read_text(encoding="utf-8")})
    return rows


def _gold_events(corpus: Path) -> dict[str, str]:
    """Url or corpus-relative file -> event, from the demo's gold labels when there are any.

    With them, generated copies of two demo articles on one event share that
    event; without them every demo article is its own event.
    """
    try:
        labels = json.loads((corpus.parent / "gold.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    events = {}
    for row in labels.get("articles", []) if isinstance(labels, dict) else []:
        if isinstance(row, dict) and row.get("event"):
            for key in (row.get("url"), row.get("file")):
                if key:
                    events.setdefault(key, f"demo-{row['event']}")
    return events


def _event_of(article, corpus: Path, events: dict[str, str]) -> str:
    try:
        file = Path(article.origin).resolve().relative_to(corpus.resolve()).as_posix()
    except (TypeError, ValueError):
        file = None
    return events.get(article.url or "") or events.get(file or "") or f"demo-{article.id}"


# operations: each takes (record, rng) and returns new text fields; the generator fills in the rest


def copy(seed: Record, rng: random.Random) -> dict:
    return {}


def trim(seed: Record, rng: random.Random) -> dict:
    paras = _paragraphs(seed.text)
    if len(paras) < 2:
        return {"text": _sentences_kept(seed.text, rng, 0.3)}
    drop = rng.randint(1, max(1, len(paras) // 2))
    kept = paras[drop:] if rng.random() < 0.25 else paras[:-drop]
    return {"text": "\n\n".join(kept)}


def spin(seed: Record, rng: random.Random) -> dict:
    def swap(m: re.Match) -> str:
        article, word = m.group("article"), m.group("word")
        choices = SYNONYMS.get(word)
        if not choices or rng.random() >= 0.6:
            return m.group(0)
        new = rng.choice(choices)
        if article:  # "an investigation" -> "a probe", not "an probe"
            article = article[0] + ("n" if new[0] in "aeiou" else "") + " "
        return (article or "") + new

    return {"text": _SPIN_WORD.sub(swap, seed.text), "title": _SPIN_WORD.sub(swap, seed.title)}


def heavy_spin(seed: Record, rng: random.Random) -> dict:
    """An article spinner's rewrite: every phrase and content word the tables list swapped, names, numbers, dates
    and the rest of each sentence as they were (its shingles kept with the seed's: median 0.73 on ECB+ articles,
    as the demo's spun rewrites keep 0.66-0.75 of their wires'; `spin` keeps 0.9 or more)."""
    table = {**SYNONYMS, **HEAVY_SYNONYMS}

    def phrase(m: re.Match) -> str:
        return rng.choice(HEAVY_PHRASES[m.group(0)])

    def swap(m: re.Match) -> str:
        article, word = m.group("article"), m.group("word")
        choices = table.get(word)
        if not choices:
            return m.group(0)
        new = rng.choice(choices)
        if article:
            article = article[0] + ("n" if new[0] in "aeiou" else "") + " "
        return (article or "") + new

    def spun(text: str) -> str:
        return _SPIN_WORD.sub(swap, _HEAVY_PHRASE.sub(phrase, text))

    return {"text": spun(seed.text), "title": spun(seed.title)}


def headline(seed: Record, rng: random.Random) -> dict:
    """Another outlet's headline over the same body, with the page's furniture read into the text."""
    words = _WORD.findall(_SENTENCE_END.split(seed.text.strip(), 1)[0])
    title = " ".join(words[:rng.randint(6, 11)]).capitalize() or seed.title
    outlet = rng.choice(OUTLETS)[0]
    byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {outlet}"
    footer = rng.choice([f"Copyright {seed.published.year} {outlet}. All rights reserved.",
                         f"Related: {seed.title}", "Advertisement", f"Reporting by {rng.choice(LAST_NAMES)}"])
    return {"title": title, "text": f"{title.upper()}\n\n{byline}\n\n{seed.text}\n\n{footer}"}


def shuffle(seed: Record, rng: random.Random) -> dict:
    """Keep the lede first, drop a sentence here and there, reorder the paragraphs after it."""
    paras = [_sentences_kept(p, rng, 0.15) for p in _paragraphs(seed.text)]
    paras = [p for p in paras if p.strip()] or [seed.text]
    rest = paras[1:]
    rng.shuffle(rest)
    return {"text": "\n\n".join(paras[:1] + rest)}


def noise(seed: Record, rng: random.Random, levels: tuple[float, ...] = NOISE_LEVELS) -> dict:
    """OCR errors at a character error rate drawn from `levels`, never none."""
    cer = rng.choice(levels)
    text = ocr(seed.text, rng, cer)
    while text == seed.text and seed.text.strip():
        text = ocr(seed.text, rng, cer)
    return {"text": text, "cer": cer}


def trim_noise(seed: Record, rng: random.Random, levels: tuple[float, ...] = NOISE_LEVELS) -> dict:
    return noise(replace(seed, **trim(seed, rng)), rng, levels)


def column(seed: Record, rng: random.Random, levels: tuple[float, ...] = NOISE_LEVELS) -> dict:
    return noise(replace(seed, text=set_in_column(seed.text, rng, rng.randint(26, 40))), rng, levels)


def set_in_column(text: str, rng: random.Random, width: int) -> str:
    """`text` set in a column of about `width` characters a line: a line break wherever the next word would
    overflow, and a word cut over the break with a hyphen where two letters fit on either side, seven times in
    ten. A blank line still parts paragraphs."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines, line = [], ""
        for word in paragraph.split():
            room = width - len(line) - 2
            if line and len(line) + 1 + len(word) > width:
                if word.isalpha() and room >= 2 and len(word) - room >= 2 and rng.random() < 0.7:
                    lines.append(f"{line} {word[:room]}-")
                    line = word[room:]
                else:
                    lines.append(line)
                    line = word
            else:
                line = f"{line} {word}" if line else word
        paragraphs.append("\n".join([*lines, line]))
    return "\n\n".join(paragraphs)


def ocr(text: str, rng: random.Random, cer: float) -> str:
    """`text` as a scanner might read it: about `cer` of its letters and digits misread.

    A confusable character (OCR_CONFUSIONS) is misread CONFUSED_MORE times as
    often as another, which is dropped or read as a random letter; a space is
    lost (two words run together) at half the rate of other characters.
    """
    confusable = sum(text.count(k) for k in OCR_CONFUSIONS if len(k) == 1)
    others = sum(c.isalnum() for c in text) - confusable
    base = cer * (confusable + others) / max(1, others + CONFUSED_MORE * confusable)
    out, i = [], 0
    while i < len(text):
        c, pair = text[i], text[i:i + 2]
        if pair in OCR_CONFUSIONS and rng.random() < CONFUSED_MORE * base:
            out.append(OCR_CONFUSIONS[pair])
            i += 2
            continue
        if c in OCR_CONFUSIONS and rng.random() < CONFUSED_MORE * base:
            out.append(OCR_CONFUSIONS[c])
        elif c.isalnum() and rng.random() < base:
            out.append("" if rng.random() < 0.6 else rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif c == " " and rng.random() < base / 2:
            pass
        else:
            out.append(c)
        i += 1
    return "".join(out)


def new_event(seed: Record, rng: random.Random, later_weeks: int = 0) -> dict:
    """Same kind of story, other actors: names, places, numbers and dates all change, consistently.

    `later_weeks` moves the event further on, so that a long stream spreads its events over a
    longer time instead of packing ever more look-alike events into the same months.
    """
    names: dict[str, str] = {}
    for person in seed.people:
        words = person.split()
        last = names.get(words[-1].lower()) or rng.choice([n for n in LAST_NAMES if n != words[-1]])
        names[words[-1].lower()] = last
        bare = _PARTICLE.sub("", words[-1])   # "al-Tawili" is "Tawili" on its own further down
        if bare != words[-1]:
            names.setdefault(bare.lower(), last)
        if len(words) > 1:
            names[person.lower()] = f"{rng.choice(FIRST_NAMES)} {last}"
    for place in seed.places:
        names.setdefault(place.lower(), rng.choice([p for p in PLACES if p != place]))
    shift = timedelta(days=7 * (rng.randint(3, 120) + later_weeks))  # whole weeks: "on Friday" stays a Friday
    published = seed.published + shift
    factor = rng.uniform(0.4, 2.5)
    keys = sorted(names, key=len, reverse=True)
    name_re = rf"(?P<name>(?<!\w)(?i:{'|'.join(map(re.escape, keys))})(?!\w))|" if keys else ""
    pattern = re.compile(rf"{name_re}(?P<date>\b{_DATE})|(?P<month_only>\b{_MONTH_NAMES}\b)|{_NUMBER}")

    def swap(m: re.Match) -> str:
        if m.group("name"):
            found = m.group("name")
            if found.islower():
                return found  # a common word that happens to spell a name
            new = names[found.lower()]
            return new.upper() if found.isupper() else new
        if m.group("date"):
            return _shift_date(m, seed.published, shift)
        if m.group("month_only"):  # "in June": moves by as many months as the event did
            month = _MONTHS.index(m.group(0).lower()) + (published.month - seed.published.month)
            return _MONTHS[month % 12].capitalize()
        return _scale_number(m, factor, shift)

    return {"text": pattern.sub(swap, seed.text), "title": pattern.sub(swap, seed.title), "published": published,
            "people": [names[p.lower()] for p in seed.people], "places": [names[p.lower()] for p in seed.places]}


GENERATORS = {"copy": copy, "headline": headline, "trim": trim, "spin": spin, "heavy_spin": heavy_spin,
              "shuffle": shuffle, "noise": noise, "trim_noise": trim_noise, "column": column, "new_event": new_event}


# the stream


def generate(seeds: list[Record], count: int, seed: int = 1, operations: dict | None = None,
             chains: bool = True, noise_levels: tuple[float, ...] = NOISE_LEVELS) -> Iterator[Record]:
    """`count` records: the originals first (as many as fit), then derived ones, in a fixed order per seed
    (`operations`: their weights, OPERATIONS by default). Without `chains`, every record derives in one step
    from an original or a new event, so that a kind's score measures that kind alone. Noisy copies take their
    character error rate from `noise_levels`."""
    operations = operations or OPERATIONS
    rng = random.Random(seed)
    originals = [replace(s) for s in seeds]
    rng.shuffle(originals)
    pool: list[Record] = []
    events = 0
    for n in range(1, count + 1):
        if n <= len(originals):
            record = originals[n - 1]
            record.id = f"g{n:07d}"
            yield record
            continue
        op = rng.choices(list(operations), weights=list(operations.values()))[0]
        candidates = originals if rng.random() < (0.4 if chains else 0.7) or not pool else pool
        parent = rng.choice(candidates)
        if op == "new_event" and (parent.operation not in ("original", "copy", "new_event") or parent.cer):
            parent = rng.choice(originals)  # names survive clean copies only; noise and spin break them
        if op == "new_event":
            changes = new_event(parent, rng, _calendar_weeks(n) - _calendar_weeks(int(parent.id[1:])))
            events += 1
        else:
            changes = (GENERATORS[op](parent, rng, noise_levels) if op in ("noise", "trim_noise", "column")
                       else GENERATORS[op](parent, rng))
        outlet, domain = rng.choice([o for o in OUTLETS if o[0] != parent.source])
        published = changes.pop("published", parent.published) + timedelta(minutes=rng.randint(0, 3 * 24 * 60))
        title = changes.pop("title", parent.title)
        record = replace(parent, **changes, id=f"g{n:07d}", source=outlet, title=title, published=published,
                         url=f"https://{domain}/{published:%Y/%m/%d}/{_slug(title)}-{n}",
                         event=f"e{seed}-{events:06d}" if op == "new_event" else parent.event,
                         derived_from=parent.id, operation=op)
        if chains or op == "new_event":
            if len(pool) < POOL_SIZE:
                pool.append(record)
            else:
                pool[rng.randrange(POOL_SIZE)] = record
        yield record


def _calendar_weeks(position: int) -> int:
    """Weeks the calendar has moved on by the `position`-th article (none in the first STEADY_AFTER)."""
    return max(0, position - STEADY_AFTER) // ARTICLES_PER_WEEK


def write(records: Iterator[Record], path: str) -> Counter:
    """Stream records to a JSONL file ('-' for stdout); returns how many of each operation."""
    counts: Counter = Counter()
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
    try:
        for record in records:
            out.write(json.dumps(record.as_json(), ensure_ascii=False) + "\n")
            counts[record.operation] += 1
    finally:
        if out is not sys.stdout:
            out.close()
    return counts


# helpers


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]


def _sentences_kept(paragraph: str, rng: random.Random, drop: float) -> str:
    sentences = _SENTENCE_END.split(paragraph)
    kept = [s for s in sentences if rng.random() >= drop] if len(sentences) > 1 else sentences
    return " ".join(kept or sentences[:1])


def _shift_date(m: re.Match, published: datetime, shift: timedelta) -> str:
    """'July 10' -> 'Sept. 18': the same shift as the event's, written AP style like the original."""
    month_text = m.group("month")
    if month_text.islower():
        return m.group(0)  # "may 5": a verb, not a month
    month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(month_text.lower()[:3]))
    year = int(m.group("year")) if m.group("year") else published.year
    try:
        day = date(year, month, int(m.group("day"))) + shift
    except ValueError:
        return m.group(0)  # "Feb 30": not a date, leave it
    name = _MONTHS[day.month - 1].capitalize()
    if len(month_text) < len(_MONTHS[month - 1]):
        name = _AP_MONTHS.get(day.month, name)
        name = name if m.group("dot") else name.rstrip(".")
    if month_text.isupper():
        name = name.upper()
    return f"{name} {day.day}" + (f", {day.year}" if m.group("year") else "")


def _scale_number(m: re.Match, factor: float, shift: timedelta) -> str:
    digits, frac = m.group("num"), m.group("frac") or ""
    value = int(digits.replace(",", ""))
    if "," not in digits and not frac and len(digits) == 4 and 1900 <= value <= 2099:
        return str(value + round(shift.days / 365.25))  # a year moves with the event's dates
    if frac:
        return f"{float(digits.replace(',', '') + frac) * factor:.{len(frac) - 1}f}"
    scaled = max(1, round(value * factor))
    return f"{scaled:,}" if "," in digits else str(scaled)


def _unique(items) -> list[str]:
    return [x for x in dict.fromkeys(i.strip() for i in items) if len(x) > 1]


def _slug(text: str) -> str:
    return "-".join(w.lower() for w in _WORD.findall(text)[:8]) or "article"


def _domain(outlet: str) -> str:
    return "".join(w.lower() for w in _WORD.findall(outlet)) + ".example"


def _headline(text: str) -> str:
    return " ".join(text.split()[:10])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="how many articles to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same file")
    parser.add_argument("--output", required=True, help="JSONL file to write, or - for stdout")
    parser.add_argument("--corpus", type=Path, help="seed articles [default: the wiretrace demo corpus]")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for a corpus still being written")
    parser.add_argument("--real", type=Path, metavar="DATASETS",
                        help="seed from the ECB+ and BASIL articles of 500 to 1,000 words in this folder "
                             "(../shared/datasets) instead of the demo corpus")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    seeds = real_seeds(args.real, words=REAL_LENGTH) if args.real else load_seeds(args.corpus, wait_s=args.wait)
    counts = write(generate(seeds, args.count, args.seed), args.output)
    summary = ", ".join(f"{op} {n}" for op, n in sorted(counts.items()))
    print(f"wrote {sum(counts.values())} articles to {args.output} in {time.perf_counter() - started:.1f}s "
          f"({summary})", file=sys.stderr)


if __name__ == "__main__":
    main()
