"""Where inputs come from: folders, `-` (standard input), format sniffing, text encodings."""

from __future__ import annotations

import io
import json
import os

import pytest

from readers_support import articles, errors, only, read, read_article, read_error, write
from wiretrace.article import Article
from wiretrace.errors import InputError
from wiretrace.readers import read_batch, sniff

NEWS = "The council voted on Monday to close the old library and move its books to the town hall."
ACCENTED = "Jos\u00e9 Mu\u00f1oz and Ren\u00e9e L\u00f6fgren told the caf\u00e9 owners \u201cwe will reopen on Friday\u201d \u2014 nobody believed them."
WESTERN = {
    "cp1252": ACCENTED,
    "latin-1": "Fran\u00e7ois B\u00e9rard, the harbour master in S\u00e3o Jo\u00e3o, met J\u00fcrgen and Zo\u00eb on Monday.",
}
PAGE = (
    "<!DOCTYPE html><html><head><title>Library closes</title></head><body><article>"
    f"<p>{NEWS}</p><p>Readers protested outside the building on Tuesday morning, holding up their library cards.</p>"
    "</article></body></html>"
)
FEED = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Town Crier</title>"
    f"<item><title>Library closes</title><link>https://crier.example/library</link><description>{NEWS}</description></item>"
    "</channel></rss>"
)
JSONL = json.dumps({"title": "Library closes", "text": NEWS}) + "\n" + json.dumps({"title": "Readers protest", "text": NEWS}) + "\n"


def names(items) -> list[str]:
    return [os.path.basename(item.origin) for item in items]


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden_and_unknown(tmp_path):
    for name in ["b.txt", "a/z.md", "a/c.txt", "d.json", "notes.csv", "photo.jpg", ".hidden.txt", ".git/x.txt", "e/.cache/y.txt"]:
        write(tmp_path, name, json.dumps({"text": NEWS}) if name.endswith(".json") else f"{name}: {NEWS}")
    items = read(tmp_path)
    assert [(os.path.relpath(e.origin, tmp_path), type(e).__name__, e.problem) for e in errors(items)] == [
        ("notes.csv", "Skipped", "skipped: CSV is not a format wiretrace reads"),
        ("photo.jpg", "Skipped", "skipped: a JPEG image is not a format wiretrace reads")]
    assert [os.path.relpath(a.origin, tmp_path) for a in items if isinstance(a, Article)] == \
        ["a/c.txt", "a/z.md", "b.txt", "d.json"]


def test_missing_path_is_an_error_and_the_rest_still_loads(tmp_path):
    good = write(tmp_path, "good.txt", NEWS)
    items = read(tmp_path / "nope.txt", good)
    assert only(errors(items), InputError).problem == "no such file or directory"
    assert names(articles(items)) == ["good.txt"]


@pytest.mark.parametrize(
    ("content", "fmt", "titles"),
    [
        (JSONL, "jsonl", ["Library closes", "Readers protest"]),
        ("title: Library closes\n\n" + NEWS, "text", ["Library closes"]),
        (PAGE, "html", ["Library closes"]),
        (FEED, "feed", ["Library closes"]),
    ],
)
def test_stdin_is_sniffed(content, fmt, titles):
    assert sniff(content) == fmt
    items = read("-", stdin=io.BytesIO(content.encode("utf-8")))
    assert [(a.title, a.origin) for a in items] == [(t, "<stdin>") for t in titles]


def test_stdin_in_a_batch_with_files(tmp_path):
    dated = write(tmp_path, "dated.txt", "published: 2024-05-02\n\n" + NEWS)
    batch = read_batch([dated, "-"], stdin=io.BytesIO(b"Springfield, May 3: The library reopened after one day."))
    assert [a.published.isoformat() for a in batch.articles] == ["2024-05-02", "2024-05-03"]


@pytest.mark.parametrize("encoding", WESTERN)
def test_western_single_byte_encodings_are_decoded(tmp_path, encoding):
    assert read_article(tmp_path, "names.txt", WESTERN[encoding].encode(encoding)).text == WESTERN[encoding]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(tmp_path, encoding):
    article = read_article(tmp_path, "cafe.txt", ("title: Caf\u00e9 row\n\n" + ACCENTED).encode(encoding))
    assert (article.title, article.text) == ("Caf\u00e9 row", ACCENTED)


@pytest.mark.parametrize(
    "data, problem",
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
      "a PNG image is not a supported format"),
     (bytes([7, 200, 0, 255, 31, 0, 140]) * 64, "unreadable encoding")],
    ids=["png", "random-with-nuls"],
)
def test_binary_named_txt_is_named_or_unreadable_encoding(tmp_path, data, problem):
    assert read_error(tmp_path, "scan.txt", data).problem.startswith(problem)


def test_one_bad_encoding_does_not_stop_a_folder(tmp_path):
    write(tmp_path, "a.txt", b"\x00\x01\x02binary\xff\xfe\x00")
    write(tmp_path, "b.txt", ACCENTED.encode("cp1252"))
    items = read(tmp_path)
    assert [type(item) for item in items] == [InputError, Article]
    assert names(items) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("name, data, into", [
    ("wires.csv", b"id,title,text\n1,Ferry fares rise,Fares rise in June.\n", "convert it to JSON Lines, one article a line"),
    ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "convert it to text or HTML"),
])
def test_a_format_not_read_says_what_to_convert_it_to(tmp_path, name, data, into):
    problem = read_error(tmp_path, name, data).problem
    assert into in problem and problem.endswith(".txt, .xml)")
