"""`normalize` against a plainly written reference: article ids hash its output, so it must never change.

The reference is the straightforward form (NFKC, one translate table, every blank run made one space,
lines stripped, blank lines made one); `normalize` takes shortcuts for speed and must give the same
string on any text, above all on the whitespace and unicode that the shortcuts skip.
"""

import random
import re
import unicodedata

import pytest

from wiretrace.article import Article, normalize

TABLE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
}


def reference(text: str) -> str:
    text = "".join(TABLE.get(c, c) for c in unicodedata.normalize("NFKC", text))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


TRICKY = [
    "",
    "   ",
    "\n\n\n",
    "Plain ASCII, one space each.",
    "Two  spaces\tand a tab\r\nand CRLF\f\vend",
    "  lead and trail  \n  second line \t",
    "para one\n \n\t\n\npara two\n\n\n\npara three",
    "\u201cWe will not back down,\u201d the mayor\u2019s spokesman said \u2014 twice\u2026",
    "`back` ticks and \u00b4acute\u00b4 and \u2032primes\u2033",
    "zero\u200bwidth\u200c join\u200d \ufeffBOM soft\u00adhyphen",
    "no\u00a0break\u2007figure\u202fnarrow\u2009thin\u200ahair\u3000ideographic",
    "\u2028line separator\u2029paragraph separator\x1cfile\x1dgroup\x85next line\u1680ogham",
    " \u00a0 \u2009 mixed \u00a0\u00a0 blanks \u3000 ",
    "\uff26\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 \ufb01 ligature \u2460 circled \u00bd half",
    "Caf\u0065\u0301 decomposed and Caf\u00e9 composed, Osarna al-Muhajcr was ki11ed",
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212 dashes \u00ab guillemets \u00bb \u201e low \u201f",
    "a\u200b \u200bb \n\u200b\n c",
    "tab\t\tthen\t \tspaces   \n\n\t\n  next",
]


@pytest.mark.parametrize("text", TRICKY)
def test_normalize_equals_the_reference_on_tricky_text(text):
    assert normalize(text) == reference(text)


def test_normalize_equals_the_reference_on_random_mixes_of_blanks_and_marks():
    pieces = ["Port Ellery", "ki11ed", "\u00e9", "e\u0301", " ", "  ", "\t", "\r", "\n", "\n\n", "\f", "\v",
              "\u00a0", "\u2009", "\u3000", "\u2028", "\x85", "\u200b", "\ufeff", "\u00ad", "`", "\u2019",
              "\u201c", "\u2014", "\u2026", "\u2033", "\u00b4", "\ufb01", "\uff21", "\u2460", "\U0001f600"]
    rng = random.Random(30)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    assert [normalize(t) for t in texts] == [reference(t) for t in texts]


def test_article_id_is_the_content_hash_of_the_reference_normalisation():
    import hashlib
    import json

    text = "\u201cThe sea wall  will be rebuilt,\u201d said Ines Munoz.\r\n\r\n\r\nWork starts\u00a0in May\u2026 "
    article = Article(text=text, title="Sea wall\u2014rebuilt", source="Coastal Ledger")
    key = json.dumps(["Coastal Ledger", "", reference("Sea wall\u2014rebuilt"), reference(text)], ensure_ascii=False)
    assert article.id == hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    assert article.normalized == '"The sea wall will be rebuilt," said Ines Munoz.\n\nWork starts in May...'


def test_article_ids_equal_the_json_key_construction_on_varied_text():
    """`Article.id` escapes its key without json for speed; the bytes hashed must be json's, on any text."""
    import hashlib
    import json

    pieces = ["Port Ellery", " ", "\n", "\n\n", '"', '\\', "\\n", "'", "\u00e9", "\u201c", "\u2028", "\x1c", "\x7f",
              "\x00", "\t", "Caf\u00e9", "\u0645\u0635\u0631", "\U0001f600", "ki11ed", "{", "]", ",", "/", "\ufeff"]
    rng = random.Random(11)
    for _ in range(2000):
        text, title, source, url = ("".join(rng.choice(pieces) for _ in range(rng.randint(0, n))) for n in (40, 6, 3, 3))
        article = Article(text=text, title=title or None, source=source or None, url=url or None)
        key = json.dumps([source, url, normalize(title), normalize(text)], ensure_ascii=False)
        assert article.id == hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
