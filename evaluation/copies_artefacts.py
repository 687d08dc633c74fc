"""Copy detection through what else a page's scan or a feed does to a text: words split, punctuation misread,
paragraphs run together, HTML entities left in, capitals, blotches, and a second model of misread letters.

Seeds are real news (ECB+ validation topics, BASIL, PolNeAR: the seeds of
evaluation/copies.py, read from ../shared/datasets), each with a template
twin (`benchmarks/generate.py`'s `new_event`: the same text with other names,
numbers and dates). Each kind of artefact makes two versions of every seed and
of every twin; gold: a version is of its text's lineage, a twin of its own.
Scores: ARI and pairwise P/R, the share of versions put with their own text,
and the twins merged with their seed. Nothing here chose a threshold; the
column scans are in evaluation/copies.py (a kind of their own there).

    python evaluation/copies_artefacts.py [--json]     # writes its section of docs/evaluation.md
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
import copies  # noqa: E402
from common import main  # noqa: E402
from generate import new_event, ocr  # noqa: E402  (copies puts benchmarks/ on the path)

CORPORA = ("ECB+ validation", "BASIL", "PolNeAR")
SEEDS = 150          # seeds drawn from each corpus (ECB+ validation has 88: all of them)
NOISE = 0.05         # character error rate of the scanned kinds
_LONG_WORD = re.compile(r"[A-Za-z]{6,}")
_MISREAD_MARK = {",": ".", ".": ",", "'": "`", '"': "''", ";": ":"}
_READ_AS = {"cl": "d", "ri": "n", "vv": "w", "li": "h", "in": "m", "rn": "m", "m": "rn", "d": "cl", "w": "vv",
            "I": "l", "l": "I", "t": "f", "f": "t", "u": "n", "n": "u", "c": "e", "e": "c", "o": "0", "O": "0",
            "g": "q", "y": "v", "B": "8", "S": "5", "3": "8", "8": "3", "6": "8", "1": "7", "5": "6", "0": "8"}
_EDITS_PER_RATE = 2.2   # edits per character `other_scanner` makes per unit of its rate, measured on these seeds


def split_words(text: str, rng: random.Random) -> str:
    """A space read inside 3% of the words of six letters or more ("gov ernment")."""
    return _LONG_WORD.sub(lambda m: f"{m.group()[:3]} {m.group()[3:]}" if rng.random() < 0.03 else m.group(), text)


def misread_marks(text: str, rng: random.Random) -> str:
    """A third of the commas, full stops, quotes and semicolons read as another mark."""
    return "".join(_MISREAD_MARK[c] if c in _MISREAD_MARK and rng.random() < 0.3 else c for c in text)


def capitals_first(text: str, rng: random.Random) -> str:
    """The first three to eight words in capitals, as a page sets a report's opening."""
    words = text.split(" ")
    cut = rng.randint(3, 8)
    return " ".join([w.upper() for w in words[:cut]] + words[cut:])


def other_scanner(text: str, rng: random.Random, cer: float) -> str:
    """About `cer` of the characters misread (Levenshtein edits per character) by a model written apart from the
    generator's `ocr`, so that a figure here is not one of a detector fitted to its confusions: other pairs
    (cl/d, ri/n, vv/w, li/h, f/t, u/n, g/q, I/l) and digits read as other digits (3/8, 6/8, 1/7, 5/6, 0/8); a
    letter dropped, doubled or read as another letter or a mark; a space lost or read as a speck."""
    rate = cer / _EDITS_PER_RATE
    out, i = [], 0
    while i < len(text):
        pair, c, draw = text[i:i + 2], text[i], rng.random()
        if pair in _READ_AS and draw < 2 * rate:
            out.append(_READ_AS[pair])
            i += 2
            continue
        if c in _READ_AS and draw < 2 * rate:
            out.append(_READ_AS[c])
        elif c.isalnum() and draw < 2.5 * rate:
            how = rng.random()
            out.append("" if how < 0.4 else c + c if how < 0.6 else rng.choice("abcdefghijklmnopqrstuvwxyz.,'"))
        elif c == " " and draw < rate / 3:
            out.append(rng.choice(("", " . ", " ,")))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def blotches(text: str, rng: random.Random, every: int = 250) -> str:
    """A stain or a fold every `every` characters or so: three to ten characters read as marks."""
    out, i = [], 0
    while i < len(text):
        if rng.random() < 1 / every:
            width = rng.randint(3, 10)
            out.append("".join(rng.choice("#%&~^|il1!.,;:'") for _ in range(width)))
            i += width
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


KINDS = {
    "words split, 5% noise": lambda t, rng: ocr(split_words(t, rng), rng, NOISE),
    "marks misread, 5% noise": lambda t, rng: ocr(misread_marks(t, rng), rng, NOISE),
    "paragraphs run together, 5% noise": lambda t, rng: ocr(" ".join(t.split()), rng, NOISE),
    "HTML entities": lambda t, rng: t.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;"),
    "opening in capitals, 5% noise": lambda t, rng: ocr(capitals_first(t, rng), rng, NOISE),
    "all in capitals": lambda t, rng: t.upper(),
    "all in capitals, 5% noise": lambda t, rng: ocr(t.upper(), rng, NOISE),
    "blotches, 5% noise": lambda t, rng: ocr(blotches(t, rng), rng, NOISE),
    "another scanner, 5%": lambda t, rng: other_scanner(t, rng, 0.05),
    "another scanner, 10%": lambda t, rng: other_scanner(t, rng, 0.10),
    "another scanner, 15%": lambda t, rng: other_scanner(t, rng, 0.15),
}


def scored(corpus: str, kind: str) -> dict:
    rng = random.Random(7)
    seeds = copies._seeds(corpus)
    seeds = rng.sample(seeds, min(SEEDS, len(seeds)))
    texts, gold, versions, twins, edits = [], [], [], [], []
    for k, seed in enumerate(seeds):
        for which, text in enumerate((seed.text, new_event(seed, rng)["text"])):
            texts.append(text)
            gold.append(f"{k}-{which}")
            own = len(texts) - 1
            for _ in range(2):
                texts.append(KINDS[kind](text, rng))
                edits.append(Levenshtein.distance(text.lower(), texts[-1].lower()) / max(1, len(text)))
                gold.append(f"{k}-{which}")
                versions.append((own, len(texts) - 1))
        twins.append((len(texts) - 6, len(texts) - 3))
    labels = copies.wiretrace_dedup(texts)
    score = copies.scores(labels, gold)
    return {"seeds": len(seeds), "cer": float(np.mean(edits)), "ari": score["ari"], "precision": score["precision"],
            "recall": score["recall"], "with_own_text": float(np.mean([labels[a] == labels[b] for a, b in versions])),
            "twins_merged": int(sum(labels[a] == labels[b] for a, b in twins))}


def evaluate() -> dict:
    return {corpus: {kind: scored(corpus, kind) for kind in KINDS} for corpus in CORPORA}


INTRO = ("`python evaluation/copies_artefacts.py` — what a scan or a feed does to a text besides misread letters, "
         "on real news: 150 seeds of each corpus (ECB+ validation: its 88), each with a template twin; two versions "
         "of every seed and twin per kind; a version belongs with its text, a twin is another event. A scan at "
         f"{NOISE:.0%} is `benchmarks/generate.py`'s OCR noise. Shipped settings; no threshold was chosen here. "
         "Copies set all in capitals are where it fails most (a wire's teletype copy). Every word of such a text "
         "read as a name, so a copy in capitals of a report and one of its template twin shared nearly all their "
         "names and joined: twins merged 14 of 88 / 57 of 150 / 42 of 150 (ECB+ validation / BASIL / PolNeAR; ARI "
         "0.887 / 0.766 / 0.819). Now (issue 30, seventh session; `dedup._Tokens.shouted`) a text more than half of "
         "whose words are in capitals is named by its words that no list of English holds (and its numbers), and "
         "against a text in running text, whose names are read otherwise, it is held to its numbers and to a Jaccard "
         "of 0.7, as a text naming too few names: all in capitals 0.975 / 0.943 / 0.976, twins merged 3 / 12 / 5. "
         "Its scans are still missed more than found (their noise is read from lowercase words, and they have none, "
         "so they are held to a clean text's thresholds): found with their text 0.611 / 0.578 / 0.610 -> 0.560 / "
         "0.737 / 0.702, one twin merged on BASIL where none was. Tried this session and not kept (on a draw of "
         "these sets; twins merged on ECB+ validation / BASIL, all in capitals): (1) words of the English list "
         "taken as lowercase, the rest as names: twins 2 / 2, but a clean copy in capitals found with its text 0.80 "
         "/ 0.29; (2) every word a name, only the words outside the list as names between the same words, the noise "
         "read from every word: twins 6 / 49; (3) two texts in capitals joined only where one states every number "
         "of the other: twins 8 / 55; (4) as shipped, but the noise read from every word: scans in capitals found "
         "0.64 / 0.80, and twins merged 1 / 23 (that noise counts the rare names and lowers every threshold). The "
         "English list holds most surnames and towns: what is left of the twins merged are twins whose new names "
         "are words of it. Since (eighth session) RN in capitals is read as M, as rn is in every text, so that "
         "\"GOVERNMENT\" is the listed word \"government\" (the list is read through the same step) and not a name: "
         "all in capitals 0.983 / 0.966 / 0.976, twins merged 2 / 7 / 5; their scans at 5% found with their text "
         "0.560 / 0.732 / 0.698. Tried then and not kept: (5) in capitals, a word of four letters or more one edit "
         "from a listed word (a letter dropped, added or misread) taken for that word misread and not a name: "
         "twins merged 3 / 10 / 5, scans found 0.571 / 0.715 / 0.660 (the list holds many names, and one edit from "
         "it lies most of the rest: \"VALMERA\" is \"valera\" with a letter added); and an oracle, every text in "
         "capitals given the noise its scans have: found 0.60-0.63 / 0.77-0.79 (a scan of a text in capitals "
         "misreads letters no folding undoes, so at one error rate it loses more shingles than a scan of running "
         "text). A second model of misread letters (`other_scanner`, eighth session), written apart from the "
         "generator's so that the bar is not met only on the confusions copy detection was built against: other "
         "pairs (cl/d, ri/n, vv/w, li/h, f/t, u/n), digits read as other digits (3/8, 1/7, 5/6, 0/8), letters "
         "doubled, marks for letters, specks for spaces; its rate is edits per character as measured (the table's "
         "column, case aside). Up to 10% it holds the bar: 0.994-1.000, no twin merged; at 15%, past the bar, "
         "0.906 / 0.950 / 0.933, lost mostly to recall (pairwise precision 0.98-0.99), no twin merged. Blotches (a "
         "stain every 250 characters or so, three to ten characters read as marks) with 5% noise: 0.998-1.000.")


def markdown(result: dict) -> str:
    lines = ["## Copy detection through other artefacts: real news", "", INTRO, "",
             "| corpus | kind | edits per character | ARI | pairwise P | R | versions with their text | twins merged |",
             "|---|---|---|---|---|---|---|---|"]
    for corpus, kinds in result.items():
        for kind, r in kinds.items():
            lines.append(f"| {corpus} | {kind} | {r['cer']:.3f} | {r['ari']:.3f} | {r['precision']:.3f} | "
                         f"{r['recall']:.3f} | {r['with_own_text']:.3f} | {r['twins_merged']} of {r['seeds']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main(__doc__, evaluate, markdown, "copies-artefacts", "copies through other artefacts")
