"""Bad inputs for the readers, generated from a seed, each with what reading it must give.

Every format gets the same kinds of trouble: malformed, truncated, mis-encoded,
giant, deeply nested, wrong-typed and hostile input, most of it beside good
articles in the same file. Each good article carries a reference (`WT` and six
digits) found nowhere else, so a check can tell which ones came through. The
CI test (tests/test_fuzz.py) and the nightly run (benchmarks/fuzz.py) share
this generator and `judge`, so a failure in one replays in the other with the
same seed.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Iterator

SECRET = "XXE-SECRET-0c5e9a"     # the text of the file an external entity points at: no article may hold it
FORMATS = ("txt", "jsonl", "json", "html", "feed", "parquet")
KINDS = ("good", "malformed", "truncated", "encoding", "giant", "nested", "wrong-type", "hostile")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PROBLEM = 300                # a reject line's problem longer than this is a dump, not a message

PLACES = ["Port Ellery", "Kessock Bay", "Halvorsund", "Marrow Point", "Lindqvist Harbour", "Saint-Aubin"]
PEOPLE = ["Inés Muñoz", "Jonas Ølberg", "Renée Dufort", "Tomás Keane", "Mara Jüssen", "Aoife Brennan"]
OUTLETS = ["Coastal Ledger", "Valley Courier", "Northern Wire", "Island Post"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EVENTS = [
    ("Sea wall to be rebuilt", "The harbour council voted on {day} to rebuild the sea wall at {place}, "
     "after winter storms opened a breach near the ferry slipway."),
    ("Ferry crews walk out over pay", "Ferry crews at {place} walked out on {day} in a dispute over overtime pay, "
     "leaving hundreds of passengers waiting on the quay."),
    ("Library reopens after flood", "The public library at {place} reopened its doors on {day}, eight months "
     "after a burst water main flooded the reading rooms."),
    ("Wind farm approved", "Planners approved eleven turbines off the coast of {place} on {day}, ending a "
     "three-year fight over the view from the cliffs."),
    ("School roof made safe", "Pupils at the village school in {place} went back to their classrooms on {day} "
     "once builders had made the storm-damaged roof safe."),
]
SECOND = ("The clerk logged the decision as {ref}, and {person} said the first work would start before the "
          "summer if the weather held and the money arrived on time.")
THIRD = ['"We owe it to the people who live here," {person} told reporters outside the town hall.',
         'Residents who packed the meeting said they had waited years for an answer, and {person} promised '
         'another public meeting in the autumn.']
WORDS = "harbour council storm ferry quay wall vote mayor budget tide crew pay school roof turbine coast".split()
HOSTILE_TEXT = ['<script>alert(document.domain)</script>', '<img src=x onerror="alert(1)">',
                'javascript:alert(1)', '\u202egnp.exe', '\x1b[2J\x1b[31m', '{{7*7}} ${7*7}',
                "'; DROP TABLE articles; --"]


@dataclass(frozen=True)
class Case:
    """One generated input file and what reading it must give."""

    name: str                          # the file's name: its extension picks the reader
    data: bytes
    fmt: str
    kind: str
    note: str                          # what was done to it, for reports
    good: tuple[str, ...] = ()         # references of the articles that must come out, each once
    extra: int = 0                     # further articles it may give (a record cut short that still reads)
    rejects: bool | None = True        # True: at least one reject line; False: none; None: either
    forbidden: tuple[str, ...] = ()    # text no article and no message may hold
    expect_text: tuple[str, ...] = ()  # text the articles must hold as written (accented names after decoding)

    @property
    def at_most(self) -> int:
        return len(self.good) + self.extra


@dataclass(frozen=True)
class Verdict:
    """What reading one case gave, measured against its expectations."""

    articles: int
    rejects: int
    lost: tuple[str, ...]      # references of good articles that did not come out
    faults: tuple[str, ...]    # anything else wrong: a bad reject line, an article too many, forbidden text


def judge(case: Case, items: list, origin: str) -> Verdict:
    """Check what the readers yielded for `case`, read from the file `origin`."""
    from wiretrace.article import Article
    from wiretrace.errors import InputError

    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, InputError)]
    faults = [f"yielded a {type(i).__name__}" for i in items if not isinstance(i, Article | InputError)]
    for error in rejects:
        message = str(error)
        if len(message.splitlines()) != 1:
            faults.append(f"reject line spans {len(message.splitlines())} lines: {message[:120]!r}")
        if not message.isprintable():
            faults.append(f"reject line holds a control character: {message[:120]!r}")
        if error.origin != origin or not message.startswith(origin):
            faults.append(f"reject line does not name the file: {message[:120]!r}")
        if len(error.problem) > MAX_PROBLEM:
            faults.append(f"reject line of {len(error.problem):,} characters: {message[:120]!r}")
    found = Counter(ref for a in articles for ref in case.good if ref in a.text)
    lost = tuple(ref for ref in case.good if not found[ref])
    faults += [f"{ref} read {n} times" for ref, n in found.items() if n > 1]
    if len(articles) > case.at_most:
        faults.append(f"{len(articles)} articles where at most {case.at_most} can be read")
    if case.rejects is True and not rejects:
        faults.append("a bad record was read without a reject line")
    if case.rejects is False and rejects:
        faults.append(f"a good input was rejected: {rejects[0]}")
    said = [" ".join(filter(None, (a.text, a.title, a.source, a.url))) for a in articles] + [str(e) for e in rejects]
    faults += [f"{text!r} came through" for text in case.forbidden if any(text in s for s in said)]
    faults += [f"{text!r} is missing or mis-decoded" for text in case.expect_text
               if articles and not any(text in a.text for a in articles)]
    return Verdict(len(articles), len(rejects), lost, tuple(faults))


class Fuzzer:
    """Makes cases from one seed: the same seed, the same inputs, byte for byte."""

    def __init__(self, seed: int, secret: Path):
        self.rng = random.Random(seed)
        self.secret = secret
        self.serial = 0

    def cases(self, count: int) -> Iterator[Case]:
        """`count` cases, every format with every kind of trouble that applies to it in turn; made one at a
        time, so that a nightly run's thousands (gigabytes) never sit in memory together."""
        pairs = [(fmt, kind) for kind in KINDS for fmt in FORMATS if hasattr(self, _maker(fmt, kind))]
        for number in range(count):
            fmt, kind = pairs[number % len(pairs)]
            yield getattr(self, _maker(fmt, kind))(f"{number:05d}-{kind}")

    # good articles

    def story(self, **changes) -> tuple[dict, str]:
        """A good article as loose fields, and its reference."""
        self.serial += 1
        ref = f"WT{self.serial:06d}"
        title, lead = self.rng.choice(EVENTS)
        place, person, day = self.rng.choice(PLACES), self.rng.choice(PEOPLE), self.rng.choice(DAYS)
        paragraphs = [lead.format(day=day, place=place), SECOND.format(ref=ref, person=person),
                      self.rng.choice(THIRD).format(person=person)]
        record = {"title": title, "text": "\n\n".join(paragraphs), "source": self.rng.choice(OUTLETS),
                  "url": f"https://news.example/{ref.lower()}",
                  "published": f"2024-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"}
        record.update(changes)
        return record, ref

    def stories(self, low: int = 1, high: int = 3) -> tuple[list[dict], list[str]]:
        pairs = [self.story() for _ in range(self.rng.randint(low, high))]
        return [record for record, _ in pairs], [ref for _, ref in pairs]

    def person(self, records: list[dict]) -> tuple[str, ...]:
        return tuple(p for p in PEOPLE if any(p in r["text"] for r in records))[:1]

    # rendering good files

    def txt(self, record: dict) -> str:
        shape = self.rng.choice(["front", "marker", "plain"])
        if shape == "front":
            head = "".join(f"{key}: {record[key]}\n" for key in ("title", "source", "url", "published"))
            return f"{head}\n{record['text']}\n"
        if shape == "marker":
            return f"date {record['published']} {record['text']}\n"
        return record["text"] + "\n"

    def jsonl(self, records: list[dict]) -> str:
        ascii_only = self.rng.random() < 0.5
        return "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in records)

    def json(self, records: list[dict]) -> str:
        shape = self.rng.choice(["array", "key"] + (["single"] if len(records) == 1 else []))
        document = records[0] if shape == "single" else records if shape == "array" else {"articles": records}
        return json.dumps(document, ensure_ascii=self.rng.random() < 0.5, indent=self.rng.choice([None, 2]))

    def html(self, record: dict, body: str | None = None, head: str = "", charset: str = "utf-8") -> str:
        paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in record["text"].split("\n\n"))
        body = body if body is not None else f"<article><h1>{escape(record['title'])}</h1>\n{paragraphs}</article>"
        return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{escape(record["title"])}</title>\n'
                f'<meta property="og:site_name" content="{escape(record["source"])}">\n'
                f'<link rel="canonical" href="{record["url"]}">{head}</head>\n'
                f'<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>\n{body}\n'
                f"<footer>All rights reserved.</footer></body></html>\n")

    def feed(self, records: list[dict], entries: list[str] | None = None, encoding: str = "utf-8",
             doctype: str = "", atom: bool | None = None) -> str:
        """RSS or Atom; `entries` replaces the rendered items (already XML, RSS items unless `atom`)."""
        atom = (self.rng.random() < 0.4) if atom is None and entries is None else bool(atom)
        items = entries if entries is not None else [self.entry(r, atom) for r in records]
        head = f'<?xml version="1.0" encoding="{encoding}"?>\n{doctype}'
        if atom:
            return (f'{head}<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal Ledger</title><id>urn:cl</id>\n'
                    f'<updated>2024-03-05T10:00:00Z</updated>\n{"".join(items)}</feed>\n')
        return (f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>\n'
                f'<title>Coastal Ledger</title><link>https://news.example/</link>\n{"".join(items)}</channel></rss>\n')

    def entry(self, record: dict, atom: bool, content: str | None = None) -> str:
        html = content if content is not None else "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n"))
        body = f"<![CDATA[{html}]]>" if self.rng.random() < 0.5 and "]]>" not in html else escape(html)
        title, url, day = escape(record["title"]), escape(record["url"]), record["published"]
        if atom:
            stamp = f"{day}T08:00:00Z" if ISO_DAY.fullmatch(day) else day
            return (f'<entry><title>{title}</title><link href="{url}"/><id>{url}</id>'
                    f'<updated>{stamp}</updated><content type="html">{body}</content></entry>\n')
        if ISO_DAY.fullmatch(day) and self.rng.random() < 0.7:
            day = _rfc822(day)
        field = "content:encoded" if self.rng.random() < 0.5 else "description"
        return (f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid>"
                f"<pubDate>{day}</pubDate><{field}>{body}</{field}></item>\n")

    def parquet(self, columns: dict) -> bytes:
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = io.BytesIO()
        pq.write_table(pa.table(columns), out, compression=self.rng.choice(["snappy", "none", "zstd"]))
        return out.getvalue()

    def table(self, records: list[dict]) -> dict:
        return {key: [r.get(key) for r in records] for key in ("title", "text", "source", "url", "published")}

    def feed_name(self, name: str) -> str:
        return f"{name}.{self.rng.choice(['rss', 'atom', 'xml'])}"

    # good

    def txt_good(self, name):
        record, ref = self.story()
        return Case(f"{name}.{self.rng.choice(['txt', 'md'])}", self.txt(record).encode(), "txt", "good",
                    "a good article", (ref,), rejects=False)

    def jsonl_good(self, name):
        records, refs = self.stories(1, 4)
        return Case(f"{name}.jsonl", self.jsonl(records).encode(), "jsonl", "good", "good records", tuple(refs),
                    rejects=False)

    def json_good(self, name):
        records, refs = self.stories(1, 3)
        return Case(f"{name}.json", self.json(records).encode(), "json", "good", "good records", tuple(refs),
                    rejects=False)

    def html_good(self, name):
        record, ref = self.story()
        return Case(f"{name}.html", self.html(record).encode(), "html", "good", "a good page", (ref,), rejects=False)

    def feed_good(self, name):
        records, refs = self.stories(1, 3)
        records[0]["text"] = records[0]["text"].replace(" and ", " & ", 1)
        return Case(self.feed_name(name), self.feed(records).encode(), "feed", "good", "good entries", tuple(refs),
                    rejects=False, forbidden=("&amp;",))

    def parquet_good(self, name):
        records, refs = self.stories(1, 4)
        return Case(f"{name}.parquet", self.parquet(self.table(records)), "parquet", "good", "good rows", tuple(refs),
                    rejects=False)

    # malformed

    def txt_malformed(self, name):
        record, _ = self.story()
        note, content = self.rng.choice([
            ("front matter only", f"title: {record['title']}\nsource: {record['source']}\n\n"),
            ("a date marker only", f"date {record['published']}\n"),
            ("blank lines only", "\n \n\t\n"),
            ("nothing at all", ""),
        ])
        return Case(f"{name}.txt", content.encode(), "txt", "malformed", note)

    def jsonl_malformed(self, name):
        records, refs = self.stories(1, 3)
        lines = [json.dumps(r) for r in records]
        broken = self.rng.sample(['{"text": "trailing comma",}', "{'text': 'single quotes'}", "not json at all",
                                  "[1, 2, 3]", '"a bare string"', "null", "}{", '{"title": "no text here"}',
                                  '{"text": ""}', '{"text": "   "}', '{"text": "no end"'], self.rng.randint(1, 3))
        for line in broken:
            lines.insert(self.rng.randint(0, len(lines)), line)
        return Case(f"{name}.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl", "malformed",
                    f"{len(broken)} broken lines among good ones", tuple(refs))

    def json_malformed(self, name):
        records, refs = self.stories(1, 3)
        if self.rng.random() < 0.5:
            bad = self.rng.sample([42, "a string", None, [], {"title": "no text"}, {"text": ""}], 2)
            return Case(f"{name}.json", json.dumps(records + bad).encode(), "json", "malformed",
                        "records that are not articles among good ones", tuple(refs))
        text = json.dumps(records)
        note, content = self.rng.choice([
            ("a trailing comma", text[:-1] + ",]"), ("single quotes", text.replace('"', "'")),
            ("a comment", "// wire feed\n" + text), ("the closing bracket missing", text[:-1]),
            ("an empty array", "[]"), ("an empty object", "{}"), ("two documents", text + text),
        ])
        return Case(f"{name}.json", content.encode(), "json", "malformed", note)

    def html_malformed(self, name):
        record, ref = self.story()
        paragraphs = "".join(f"<div><p><b>{escape(p)}" for p in record["text"].split("\n\n"))
        note, page, good = self.rng.choice([
            ("tags never closed", self.html(record, body=f"<article><h1>{escape(record['title'])}{paragraphs}"), True),
            ("tags closed out of order", self.html(record).replace("</p>", "</b></i></p></div>"), True),
            ("only a menu and a footer", self.html(record, body=""), False),
            ("markup soup", "<<<>>><p <div =\"\"'><//><!-- never closed", False),
        ])
        return Case(f"{name}.html", page.encode(), "html", "malformed", note, (ref,) if good else (),
                    rejects=False if good else True)

    def feed_malformed(self, name):
        records, refs = self.stories(2, 3)
        feed = self.feed(records)
        choice = self.rng.randrange(4)
        if choice == 0:
            close = "</item>" if "</item>" in feed else "</entry>"
            end = feed.rindex(close) + len(close)
            return Case(self.feed_name(name), feed[:end].encode(), "feed", "malformed", "closing tags missing",
                        tuple(refs), rejects=None)
        if choice == 1:
            entry = "<item><title>Nothing inside</title><description></description></item>\n"
            feed = self.feed(records, [self.entry(r, False) for r in records] + [entry])
            return Case(self.feed_name(name), feed.encode(), "feed", "malformed", "an empty entry", tuple(refs))
        if choice == 2:
            xml = '<?xml version="1.0"?><catalog><book><title>Tide tables</title></book></catalog>'
            return Case(self.feed_name(name), xml.encode(), "feed", "malformed", "XML that is no feed")
        return Case(self.feed_name(name), feed.replace("</title>", "</titel>", 1).encode(), "feed", "malformed",
                    "a mismatched tag", (), extra=len(refs), rejects=None)

    def parquet_malformed(self, name):
        records, refs = self.stories(3, 5)
        data = self.parquet(self.table(records))
        choice = self.rng.randrange(4)
        if choice == 0:
            return Case(f"{name}.parquet", self.rng.randbytes(self.rng.randint(10, 5000)), "parquet", "malformed",
                        "random bytes")
        if choice == 1:
            return Case(f"{name}.parquet", json.dumps(records).encode(), "parquet", "malformed", "JSON named .parquet")
        if choice == 2:
            return Case(f"{name}.parquet", self.parquet({"text": []}), "parquet", "malformed", "no rows")
        damaged = bytearray(data)
        for _ in range(self.rng.randint(1, 8)):
            damaged[self.rng.randrange(4, len(damaged) - 8)] = self.rng.randrange(256)
        return Case(f"{name}.parquet", bytes(damaged), "parquet", "malformed", "bytes damaged inside",
                    extra=len(refs), rejects=None)

    # truncated: a good file cut at a random byte

    def _cut(self, data: bytes) -> int:
        return self.rng.randint(1, len(data) - 1)

    def txt_truncated(self, name):
        record, _ = self.story()
        data = self.txt(record).encode()
        return Case(f"{name}.txt", data[:self._cut(data)], "txt", "truncated", "cut at a random byte", extra=1,
                    rejects=None)

    def jsonl_truncated(self, name):
        records, refs = self.stories(2, 5)
        data = self.jsonl(records).encode()
        cut = self._cut(data)
        ends = [i for i, byte in enumerate(data) if byte == 0x0A]
        whole = tuple(ref for ref, end in zip(refs, ends) if end <= cut)
        return Case(f"{name}.jsonl", data[:cut], "jsonl", "truncated", "cut at a random byte", whole,
                    extra=len(refs) - len(whole), rejects=None, forbidden=("\u00c3", "\ufffd"))

    def json_truncated(self, name):
        records, _ = self.stories(1, 3)
        data = self.json(records).encode()
        return Case(f"{name}.json", data[:self._cut(data)], "json", "truncated", "cut at a random byte")

    def html_truncated(self, name):
        record, _ = self.story()
        data = self.html(record).encode()
        return Case(f"{name}.html", data[:self._cut(data)], "html", "truncated", "cut at a random byte", extra=1,
                    rejects=None)

    def feed_truncated(self, name):
        records, refs = self.stories(2, 4)
        feed = self.feed(records)
        data = feed.encode()
        cut = self._cut(data)
        closes = [i for i in range(len(data)) if data.startswith(b"</item>", i) or data.startswith(b"</entry>", i)]
        whole = tuple(ref for ref, close in zip(refs, closes) if data.index(b">", close) < cut)
        return Case(self.feed_name(name), data[:cut], "feed", "truncated", "cut at a random byte", whole,
                    extra=len(refs) - len(whole), rejects=None)

    def parquet_truncated(self, name):
        records, _ = self.stories(2, 5)
        data = self.parquet(self.table(records))
        return Case(f"{name}.parquet", data[:self._cut(data)], "parquet", "truncated", "cut at a random byte")

    # encoding

    def _encoded(self, text: str, name: str, fmt: str, refs: list[str], records: list[dict]):
        """The good file `text` in another encoding, or spoilt by random or NUL bytes."""
        names = self.person(records)
        choice = self.rng.choice(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-8-sig", "random", "nul"])
        if choice in ("utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-8-sig"):
            note = {"utf-16": "UTF-16 with its BOM", "utf-16-le": "UTF-16 LE, no BOM", "utf-16-be": "UTF-16 BE, no BOM",
                    "latin-1": "Latin-1", "utf-8-sig": "UTF-8 with a BOM"}[choice]
            return Case(name, text.encode(choice), fmt, "encoding", note, tuple(refs), rejects=False,
                        expect_text=names, forbidden=("\x00",))
        if choice == "random":     # read as text where nothing says what the bytes should be
            loose = fmt in ("txt", "html") or name.endswith(".xml")
            return Case(name, self.rng.randbytes(self.rng.randint(200, 4000)), fmt, "encoding", "random bytes",
                        extra=1 if loose else 0, rejects=None if loose else True)
        data = bytearray(text.encode())
        spots = sorted(self.rng.sample(range(len(data)), self.rng.randint(1, 4)))
        for spot in reversed(spots):
            data[spot:spot] = b"\x00"
        if fmt == "jsonl":
            kept = [ref for ref, line in zip(refs, bytes(data).split(b"\n")) if b"\x00" not in line]
            return Case(name, bytes(data), fmt, "encoding", "NUL bytes in some lines", tuple(kept),
                        rejects=len(kept) < len(refs))
        return Case(name, bytes(data), fmt, "encoding", "NUL bytes", extra=len(refs),
                    rejects=True if fmt in ("txt", "json") else None, forbidden=("\x00",))

    def txt_encoding(self, name):
        record, ref = self.story()
        return self._encoded(self.txt(record), f"{name}.txt", "txt", [ref], [record])

    def jsonl_encoding(self, name):
        records, refs = self.stories(1, 4)
        return self._encoded(self.jsonl(records), f"{name}.jsonl", "jsonl", refs, records)

    def json_encoding(self, name):
        records, refs = self.stories(1, 3)
        return self._encoded(self.json(records), f"{name}.json", "json", refs, records)

    def html_encoding(self, name):
        record, ref = self.story()
        case = self._encoded(self.html(record), f"{name}.html", "html", [ref], [record])
        if case.note == "Latin-1":
            case = replace(case, data=self.html(record, charset="iso-8859-1").encode("latin-1"))
        return case

    def feed_encoding(self, name):
        records, refs = self.stories(1, 3)
        case = self._encoded(self.feed(records), self.feed_name(name), "feed", refs, records)
        declared = {"UTF-16 with its BOM": "utf-16", "UTF-16 LE, no BOM": "utf-16le", "UTF-16 BE, no BOM": "utf-16be",
                    "Latin-1": "iso-8859-1"}.get(case.note)
        if declared:
            codec = {"utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "iso-8859-1": "latin-1"}.get(declared, declared)
            case = replace(case, data=self.feed(records, encoding=declared).encode(codec))
        return case

    def parquet_encoding(self, name):
        """Parquet holds bytes where text should be: as a binary column (each value UTF-8 or not), or
        as strings the writer already spoilt."""
        import pyarrow as pa

        records, refs = self.stories(2, 4)
        texts = [r["text"].encode() for r in records]
        bad = self.rng.choice([b"\xff\xfe not UTF-8 \xc3\x28", "Mu\u00f1oz said so".encode("latin-1"),
                               b"a NUL \x00 inside", self.rng.randbytes(300)])
        texts.insert(self.rng.randint(0, len(texts)), bad)
        if self.rng.random() < 0.5:
            return Case(f"{name}.parquet", self.parquet({"text": pa.array(texts, pa.binary())}), "parquet",
                        "encoding", "a binary text column, one value not UTF-8", tuple(refs),
                        expect_text=self.person(records))
        column = pa.array([t.decode("utf-8", "replace") for t in texts])
        return Case(f"{name}.parquet", self.parquet({"text": column}), "parquet", "encoding",
                    "a value spoilt before it was written", tuple(refs), extra=1, rejects=None)

    # giant

    def _words(self, characters: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=characters // 6))

    def txt_giant(self, name):
        size = self.rng.randint(2_000_000, 3_000_000)
        return Case(f"{name}.txt", self._words(size).encode(), "txt", "giant",
                    f"{size / 1e6:.1f} MB without a paragraph break", extra=1, rejects=None)

    def jsonl_giant(self, name):
        records, refs = self.stories(1, 3)
        giant, _ = self.story(text=self._words(1_500_000))
        lines = [json.dumps(r) for r in records]
        lines.insert(self.rng.randint(0, len(lines)), json.dumps(giant))
        return Case(f"{name}.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl", "giant",
                    "one 1.5 MB text field among good lines", tuple(refs), extra=1, rejects=None)

    def json_giant(self, name):
        records, refs = self.stories(1, 3)
        field = self.rng.choice(["text", "title"])
        giant, _ = self.story(**{field: self._words(1_500_000)})
        return Case(f"{name}.json", json.dumps(records + [giant]).encode(), "json", "giant",
                    f"a 1.5 MB {field} among good records", tuple(refs), extra=1, rejects=None)

    def html_giant(self, name):
        record, _ = self.story()
        size = self.rng.randint(2_000_000, 3_000_000)
        page = self.html(record, body=f"<article><p>{self._words(size)}</p></article>")
        return Case(f"{name}.html", page.encode(), "html", "giant", f"a {size / 1e6:.1f} MB paragraph", extra=1,
                    rejects=None)

    def feed_giant(self, name):
        records, refs = self.stories(1, 2)
        giant, _ = self.story(text=self._words(2_000_000))
        atom = self.rng.random() < 0.5
        entries = [self.entry(r, atom) for r in records] + [self.entry(giant, atom)]
        return Case(self.feed_name(name), self.feed(records, entries, atom=atom).encode(), "feed", "giant",
                    "a 2 MB entry among good ones", tuple(refs), extra=1, rejects=None)

    def parquet_giant(self, name):
        records, refs = self.stories(1, 3)
        giant, _ = self.story(text=self._words(1_500_000))
        return Case(f"{name}.parquet", self.parquet(self.table(records + [giant])), "parquet", "giant",
                    "a 1.5 MB text among good rows", tuple(refs), extra=1, rejects=None)

    # nested

    def _deep_json(self, depth: int) -> str:
        opener, closer = self.rng.choice([("[", "]"), ('{"a":', "}")])
        return opener * depth + "1" + closer * depth

    def jsonl_nested(self, name):
        records, refs = self.stories(1, 3)
        lines = [json.dumps(r) for r in records]
        depth = self.rng.choice([150, 990, 10_000])
        lines.insert(self.rng.randint(0, len(lines)), '{"text": "Deep.", "extra": %s}' % self._deep_json(depth))
        return Case(f"{name}.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl", "nested",
                    f"a line nested {depth:,} deep among good ones", tuple(refs))

    def json_nested(self, name):
        records, refs = self.stories(1, 3)
        depth = self.rng.choice([150, 10_000])
        if depth < 1000 and self.rng.random() < 0.5:
            deep = '{"text": "Deep.", "x": %s}' % self._deep_json(depth)
            document = "[" + ", ".join([json.dumps(r) for r in records] + [deep]) + "]"
            return Case(f"{name}.json", document.encode(), "json", "nested",
                        f"a record nested {depth} deep among good ones", tuple(refs))
        return Case(f"{name}.json", self._deep_json(depth).encode(), "json", "nested", f"{depth:,} levels deep")

    def html_nested(self, name):
        record, ref = self.story()
        depth = self.rng.choice([60, 5_000])
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n"))
        body = "<div>" * depth + f"<article>{paragraphs}</article>" + "</div>" * depth
        return Case(f"{name}.html", self.html(record, body=body).encode(), "html", "nested",
                    f"{depth:,} nested divs", (ref,) if depth < 200 else (), rejects=depth >= 200)

    def feed_nested(self, name):
        records, refs = self.stories(1, 3)
        deep, _ = self.story()
        atom = self.rng.random() < 0.4
        if self.rng.random() < 0.5:
            inner = "<div>" * 5000 + escape(deep["text"]) + "</div>" * 5000
            entry, note, rejects = self.entry(deep, atom, content=inner), "an entry of 5,000 nested divs", True
        else:
            entry = self.entry(deep, atom).replace("<title>", "<title>" + "<x>" * 5000 + "</x>" * 5000, 1)
            note, rejects = "an entry with 5,000 nested elements", None
        entries = [self.entry(r, atom) for r in records]
        entries.insert(self.rng.randint(0, len(entries)), entry)
        return Case(self.feed_name(name), self.feed(records, entries, atom=atom).encode(), "feed", "nested",
                    note, tuple(refs), extra=0 if rejects else 1, rejects=rejects)

    def parquet_nested(self, name):
        import pyarrow as pa

        records, refs = self.stories(2, 4)
        deep, ref = self.story()
        depth = self.rng.choice([40, 120])
        value = 1
        for _ in range(depth):
            value = [value]
        columns = {**self.table(records + [deep]), "deep": pa.array([None] * len(records) + [value])}
        if depth > 100:     # past Parquet's own schema depth: the file cannot be opened
            return Case(f"{name}.parquet", self.parquet(columns), "parquet", "nested", f"a column nested {depth} deep")
        return Case(f"{name}.parquet", self.parquet(columns), "parquet", "nested", f"a column nested {depth} deep",
                    tuple(refs) + (ref,), rejects=False)

    # wrong-typed fields

    READ_ANYWAY = [("title", 42), ("title", [1, 2]), ("title", {"a": "b"}), ("source", 7), ("url", False),
                   ("language", 5), ("published", "")]
    REFUSED = [("published", "2023-13-45"), ("published", 1e308), ("published", True), ("published", {"y": 2024}),
               ("published", [2024, 3, 5]), ("published", "yesterday-ish"), ("text", 123), ("text", ["a", "b"]),
               ("text", None), ("text", {"p": "nested"})]

    def _typed(self) -> tuple[list[dict], list[str]]:
        """Good records, some with odd but readable fields, and some that must be refused."""
        records, refs = [], []
        for field, value in self.rng.sample(self.READ_ANYWAY, 2):
            record, ref = self.story(**{field: value})
            records.append(record)
            refs.append(ref)
        for field, value in self.rng.sample(self.REFUSED, self.rng.randint(1, 3)):
            records.insert(self.rng.randint(0, len(records)), self.story(**{field: value})[0])
        return records, refs

    def jsonl_wrong_type(self, name):
        records, refs = self._typed()
        return Case(f"{name}.jsonl", self.jsonl(records).encode(), "jsonl", "wrong-type", "fields of the wrong type",
                    tuple(refs))

    def json_wrong_type(self, name):
        records, refs = self._typed()
        return Case(f"{name}.json", json.dumps(records).encode(), "json", "wrong-type", "fields of the wrong type",
                    tuple(refs))

    def txt_wrong_type(self, name):
        value = self.rng.choice(["2023-13-45", "2023-02-30", "0000-00-00", "yesterday-ish", "1e308", "true"])
        record, _ = self.story(published=value)
        head = "".join(f"{key}: {record[key]}\n" for key in ("title", "source", "published"))
        return Case(f"{name}.txt", f"{head}\n{record['text']}\n".encode(), "txt", "wrong-type",
                    f"published: {value}")

    def html_wrong_type(self, name):
        record, ref = self.story()
        value = self.rng.choice(["2023-13-45", "1e308", "true", "{}", ""])
        head = f'<meta property="article:published_time" content="{value}"><meta name="author" content="42">'
        return Case(f"{name}.html", self.html(record, head=head).encode(), "html", "wrong-type",
                    f"published_time {value!r}", (ref,), rejects=None)

    def feed_wrong_type(self, name):
        records, refs = self.stories(1, 3)
        bad, _ = self.story(published="2023-13-45")
        odd, odd_ref = self.story(published="not a date at all")
        entries = [self.entry(r, False) for r in records] + [self.entry(bad, False), self.entry(odd, False)]
        entries[-1] = entries[-1].replace("<title>", "<title><b>bold</b> ", 1)
        return Case(self.feed_name(name), self.feed(records, entries).encode(), "feed", "wrong-type",
                    "a pubDate of 2023-13-45, one of words, a title with markup", tuple(refs) + (odd_ref,))

    def parquet_wrong_type(self, name):
        import pyarrow as pa

        records, refs = self.stories(2, 4)
        columns = self.table(records)
        note, column, value, good = self.rng.choice([
            ("titles as numbers", "title", pa.array(range(len(records))), True),
            ("titles as lists", "title", pa.array([[1, 2]] * len(records)), True),
            ("dates as floats", "published", pa.array([1e308] * len(records)), False),
            ("dates as booleans", "published", pa.array([True] * len(records)), False),
            ("dates as structs", "published", pa.array([{"y": 2024}] * len(records)), False),
            ("a date of 2023-13-45", "published", pa.array(["2023-13-45"] + columns["published"][1:]), None),
            ("texts as numbers", "text", pa.array(range(len(records))), False),
            ("a timestamp past the year 9999", "published",
             pa.array([2**62] + [0] * (len(records) - 1), pa.timestamp("ms")), None),
        ])
        columns[column] = value
        if good is None:
            return Case(f"{name}.parquet", self.parquet(columns), "parquet", "wrong-type", note, tuple(refs[1:]))
        return Case(f"{name}.parquet", self.parquet(columns), "parquet", "wrong-type", note,
                    tuple(refs) if good else (), rejects=not good)

    # hostile

    def _xxe(self) -> str:
        return f'<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file://{self.secret}">]>\n'

    def _laughs(self) -> str:
        levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
        return f"<!DOCTYPE doc [{''.join(levels)}]>\n"

    def _hostile_story(self) -> tuple[dict, str]:
        attack = self.rng.choice(HOSTILE_TEXT)
        record, ref = self.story(title=f"{attack} Harbour news", url=self.rng.choice(
            ["javascript:steal(1)", "data:text/html,<script>steal(1)</script>", "https://news.example/ok"]))
        record["text"] = record["text"].replace("\n\n", f" {attack}\n\n", 1)
        return record, ref

    def feed_hostile(self, name, attack: str | None = None):
        """`attack`: xxe, laughs, script or url; by default one at random."""
        records, refs = self.stories(1, 2)
        attack = attack or self.rng.choice(["xxe", "laughs", "script", "url"])
        if attack == "url":
            target = self.rng.choice([str(self.secret), f"file://{self.secret}", "http://127.0.0.1:9/feed.xml"])
            return Case(f"{name}.{self.rng.choice(['rss', 'atom'])}", target.encode(), "feed", "hostile",
                        "a url or path instead of a feed",
                        forbidden=(SECRET, "urlopen", "Connection refused"))
        if attack == "script":
            record, ref = self._hostile_story()
            script = '<script>steal(document.cookie)</script><a href="javascript:steal(2)">more</a>'
            entries = [self.entry(r, False) for r in records]
            entries.append(self.entry(record, False, content=script + "".join(
                f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n"))))
            return Case(self.feed_name(name), self.feed(records, entries).encode(), "feed", "hostile",
                        "scripts and javascript: links", tuple(refs) + (ref,), rejects=False,
                        forbidden=("steal(document",))
        doctype, entity, note = (self._xxe(), "&xxe;", "an external entity (XXE)") if attack == "xxe" else (
            self._laughs(), "&lol9;", "a billion laughs")
        entries = [self.entry(r, False) for r in records]
        entries[0] = entries[0].replace("</title>", f" {entity}</title>", 1)
        entries.append(f"<item><title>Entity {entity}</title><description>{entity} {entity}</description></item>\n")
        feed = self.feed(records, entries, doctype=doctype)
        return Case(self.feed_name(name), feed.encode(), "feed", "hostile", note, tuple(refs), extra=1,
                    rejects=None, forbidden=(SECRET, "lollollollollollollollollollollol"))

    def html_hostile(self, name, attack: str | None = None):
        """`attack`: xxe, laughs or script; by default one at random."""
        record, ref = self._hostile_story()
        choice = ["xxe", "laughs", "script"].index(attack or self.rng.choice(["xxe", "laughs", "script"]))
        doctype = [self._xxe(), self._laughs(), ""][choice]
        entity = ["&xxe;", "&lol9;", ""][choice]
        head = ('<script>steal(document.cookie)</script><meta http-equiv="refresh" content="0;url=javascript:steal(1)">'
                '<style>body { background: url("javascript:steal(3)") }</style>')
        paragraphs = "".join(f"<p>{escape(p)} {entity}</p>" for p in record["text"].split("\n\n"))
        body = (f'<article><h1>{escape(record["title"])}</h1><iframe src="javascript:steal(4)"></iframe>{paragraphs}'
                f'<p><a href="javascript:steal(5)">Read more</a></p><script>steal(document.cookie)</script></article>')
        page = doctype + self.html(record, body=body, head=head).replace("<!DOCTYPE html>\n", "")
        note = ["an external entity (XXE)", "a billion laughs", "scripts and javascript: links"][choice]
        return Case(f"{name}.html", page.encode(), "html", "hostile", note, (ref,), rejects=False,
                    forbidden=(SECRET, "steal(document", "lollollollollollollollollollollol", "ENTITY"))

    def txt_hostile(self, name):
        record, ref = self._hostile_story()
        return Case(f"{name}.txt", self.txt(record).encode(), "txt", "hostile", "scripts and escapes in the text",
                    (ref,), rejects=False)

    def jsonl_hostile(self, name):
        records, refs = self.stories(1, 2)
        record, ref = self._hostile_story()
        lines = [json.dumps(r) for r in records + [record]]
        lines.append('{"text": "Big number.", "n": %s}' % ("9" * 5000))
        lines.append(json.dumps({**self.story()[0], "__proto__": {"admin": True}, "constructor": None}).replace(
            '"constructor": null', '"n": 1e999999'))
        self.rng.shuffle(lines)
        return Case(f"{name}.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl", "hostile",
                    "scripts, a 5,000-digit number, __proto__ and 1e999999", tuple(refs) + (ref,), extra=1)

    def json_hostile(self, name):
        records, refs = self.stories(1, 2)
        record, ref = self._hostile_story()
        records.append(record)
        if self.rng.random() < 0.5:
            text = json.dumps(records)[:-1] + ', {"text": "Big number.", "n": %s}]' % ("9" * 5000)
            return Case(f"{name}.json", text.encode(), "json", "hostile", "a 5,000-digit number")
        return Case(f"{name}.json", json.dumps(records).encode(), "json", "hostile", "scripts and javascript: urls",
                    tuple(refs) + (ref,), rejects=False)

    def parquet_hostile(self, name):
        records, refs = self.stories(1, 2)
        record, ref = self._hostile_story()
        columns = self.table(records + [record])
        columns["__proto__"] = ["x"] * len(columns["text"])
        return Case(f"{name}.parquet", self.parquet(columns), "parquet", "hostile", "scripts and javascript: urls",
                    tuple(refs) + (ref,), rejects=False)


def _rfc822(day: str) -> str:
    """RSS's date form, or the ISO day as it is when it is no day (a wrong date is kept wrong)."""
    try:
        return format_datetime(datetime.fromisoformat(f"{day}T08:00:00+01:00"))
    except ValueError:
        return day


def _maker(fmt: str, kind: str) -> str:
    return f"{fmt}_{kind.replace('-', '_')}"


def generate(count: int, seed: int, secret: Path) -> list[Case]:
    """`count` cases from `seed`; external entities point at `secret`, which should hold SECRET."""
    return list(Fuzzer(seed, secret).cases(count))


def write(case: Case, folder: Path) -> Path:
    path = folder / case.name
    path.write_bytes(case.data)
    return path


def read(case: Case, path: Path, streamed: bool = False) -> list:
    """Read one case's file as wiretrace does: `add`'s readers, or with `streamed` (and always for Parquet)
    `dedup`'s, which stream JSON Lines and Parquet record by record."""
    if streamed or case.fmt == "parquet":
        from wiretrace.batch import read_articles

        return list(read_articles([path]))
    from wiretrace.readers import read_paths

    return list(read_paths([path]))
