"""A newcomer's own files through the CLI: a wire report, its rewrite as a web page, a feed of two, a folder, and
the bad inputs a real folder holds. Each bad input is one line naming the file and the problem, the exit code is
non-zero, and nothing already stored is lost."""

import json

import pytest
from typer.testing import CliRunner

from wiretrace import Store
from wiretrace.cli import app

runner = CliRunner()

WIRE = """title: Bridge collapse in Varnholm kills three, injures 11
source: Nordic Wire Service
published: 2025-03-11T08:15:00

VARNHOLM, March 11 (NWS) - A road bridge over the Elde river in Varnholm collapsed on Monday evening, killing three \
people and injuring 11, the regional rescue service said.

"The deck gave way under two lorries and a bus," said Henrik Solvang, head of the Varnholm rescue service. "We are \
still searching the water."

The bridge, built in 1968, had been closed for repairs for six weeks last year. Transport minister Ingrid Lauvstad \
said an inquiry would begin on Wednesday.
"""

REWRITE = """<!DOCTYPE html>
<html><head><title>Three dead as Varnholm bridge falls into river | The Fjord Post</title>
<meta property="og:site_name" content="The Fjord Post">
<meta property="article:published_time" content="2025-03-11T12:40:00+01:00">
<link rel="canonical" href="https://fjordpost.example/2025/03/11/varnholm-bridge">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Three dead as Varnholm bridge falls into river</h1>
<p>A road bridge over the Elde river in Varnholm collapsed on Monday evening, killing three people and injuring 12,
rescuers said.</p>
<p>"The deck gave way under two lorries and a bus," Henrik Solvang, who leads the rescue service, told reporters.
"We are still searching."</p>
<p>The bridge, built in 1968, was closed for repairs for six weeks last year. Transport minister Ingrid Lauvstad said
an inquiry would begin on Wednesday.</p>
</article>
<footer>Copyright The Fjord Post. Subscribe to our newsletter.</footer>
</body></html>"""

FEED = [
    {"id": "herald-toll", "source": "Evening Herald", "title": "Varnholm bridge toll rises to four",
     "published": "2025-03-12T18:00:00", "text": "The death toll from the collapse of the Elde river bridge in Varnholm "
     "rose to four on Tuesday after divers recovered the body of a lorry driver, the rescue service said.\n\n\"We are "
     "still searching the water,\" said Henrik Solvang, head of the Varnholm rescue service."},
    {"id": "herald-tram", "source": "Evening Herald", "title": "City council approves new tram line",
     "published": "2025-03-12T09:00:00", "text": "The Varnholm city council approved a new tram line on Tuesday by 31 "
     "votes to 20.\n\n\"This line will connect the harbour with the university,\" said mayor Sigrid Aune."},
]

UNDATED = """Harbour workers in Varnholm began a two-day strike over pay, halting ferries to the islands.

"We have waited three years for an offer," said union leader Tor Eikrem. The port authority said talks would resume.
"""

LOGIN = """<!DOCTYPE html><html><head><title>Sign in</title></head><body><nav><a href="/">Home</a></nav>
<form><label>Email</label><input name="email"><button>Sign in</button></form><footer>(c) 2025</footer></body></html>"""

GOOD_LINE = {"id": "radio-ferry", "source": "Coast Radio", "title": "Ferry service resumes after storm",
             "published": "2025-04-02", "text": "Ferry services between Varnholm and the outer islands resumed on "
             "Wednesday after a two-day storm, the operator said."}


def _invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The newcomer's folder and a store holding its good files: (folder, db, ids added)."""
    root = tmp_path_factory.mktemp("newcomer")
    (root / "wire.txt").write_text(WIRE, encoding="utf-8")
    (root / "rewrite.html").write_text(REWRITE, encoding="utf-8")
    (root / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in FEED), encoding="utf-8")
    (root / "folder" / "sub").mkdir(parents=True)
    (root / "folder" / "sub" / "strike.txt").write_text(UNDATED, encoding="utf-8")
    (root / "folder" / "wire-copy.md").write_text(WIRE, encoding="utf-8")
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "scan.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "login.html").write_text(LOGIN, encoding="utf-8")
    (bad / "mixed.jsonl").write_text(json.dumps(GOOD_LINE) + '\n{"id": "cut", "text": "no closing brace"\n',
                                     encoding="utf-8")
    db = root / "own.db"
    result = _invoke("add", root / "wire.txt", root / "rewrite.html", root / "feed.jsonl", root / "folder",
                     "--db", db, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return root, db, report


def test_own_files_in_every_format_are_read_and_a_duplicate_is_present(own):
    _, db, report = own
    assert len(report["added"]) == 5 and len(report["present"]) == 1 and report["rejected"] == []
    with Store(db) as store:
        by_source = {a.source: a for a in store.articles()}
    assert by_source["The Fjord Post"].url == "https://fjordpost.example/2025/03/11/varnholm-bridge"
    assert {"Nordic Wire Service", "The Fjord Post", "Evening Herald", None} == set(by_source)


def test_an_article_without_a_date_is_named_when_added(own, tmp_path):
    root, _, report = own
    with Store(own[1]) as store:
        undated = [a.id for a in store.articles() if a.published is None]
    assert report["undated"] == undated and len(undated) == 1
    shown = _invoke("add", root / "folder" / "sub" / "strike.txt", root / "wire.txt", "--db", tmp_path / "fresh.db")
    assert shown.exit_code == 0
    strike = root / "folder" / "sub" / "strike.txt"
    assert shown.stderr.splitlines() == [f"undated {strike}: no publication date found, so its story's timeline and "
                                         "provenance cannot place it in time"]


def test_bad_inputs_are_one_line_each_exit_1_and_nothing_stored_is_lost(own, tmp_path):
    root, db, _ = own
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    with Store(copy) as store:
        before = {a.id: a for a in store.articles()}
    bad = root / "bad"
    missing = root / "no-such-folder"
    result = _invoke("add", bad / "empty.txt", bad / "scan.txt", bad / "login.html", bad / "mixed.jsonl", missing,
                     "--db", copy)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == sorted([
        f"rejected {bad / 'empty.txt'}: empty file",
        f"rejected {bad / 'scan.txt'}: unreadable encoding: binary data, not text",
        f"rejected {bad / 'login.html'}: no article text found in the HTML page, only a form's buttons and fields",
        f"rejected {bad / 'mixed.jsonl'}:2: truncated JSON (Expecting ',' delimiter at column 41)",
        f"rejected {missing}: no such file or directory",
    ])
    with Store(copy) as store:
        after = {a.id: a for a in store.articles()}
    assert set(before) < set(after) and all(after[i] == before[i] for i in before)
    assert [a.title for i, a in after.items() if i not in before] == ["Ferry service resumes after storm"]


def test_bad_inputs_in_json_are_listed_by_file_and_line(own, tmp_path):
    root, db, _ = own
    result = _invoke("add", root / "bad" / "mixed.jsonl", root / "bad" / "empty.txt", "--db", tmp_path / "j.db",
                     "--json")
    assert result.exit_code == 1
    rejected = json.loads(result.stdout)["rejected"]
    assert [(r["origin"], r["line"]) for r in rejected] == [(str(root / "bad" / "mixed.jsonl"), 2),
                                                           (str(root / "bad" / "empty.txt"), None)]


@pytest.mark.parametrize("name, problem", [
    ("folder", "is a folder; compare takes one file, or a stored article id, on each side"),
    ("feed.jsonl", "holds 2 articles; compare needs exactly one per file"),
    ("bad/login.html", "no article text found in the HTML page, only a form's buttons and fields"),
    ("bad/empty.txt", "empty file"),
    ("own.db", "an SQLite database, not articles (a wiretrace store is opened with --db PATH, not read)"),
])
def test_compare_names_the_file_it_cannot_take_in_one_line(own, name, problem):
    root, db, _ = own
    result = _invoke("compare", root / name, root / "wire.txt", "--db", db)
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {root / name}: {problem}")


def test_compare_says_a_trimmed_quotation_is_trimmed_not_identical(own):
    root, db, _ = own
    result = runner.invoke(app, ["compare", str(root / "wire.txt"), str(root / "rewrite.html"), "--db", str(db)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Henrik Solvang" in line and "the water" in line)
    assert "trimmed" in row and "identical" not in row and "cut at the end: the water" in row
    quotes = json.loads(_invoke("compare", root / "wire.txt", root / "rewrite.html", "--json").stdout)["quotes"]
    assert {q["kind"] for q in quotes} == {"identical", "trimmed"}


def test_stories_of_own_files_one_article_has_no_span(own):
    _, db, _ = own
    result = runner.invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    tram = next(line for line in result.stdout.splitlines() if "City council approves new tram line" in line)
    assert tram.split()[-1] == "-" and "minutes" not in tram
    bridge = json.loads(_invoke("stories", "--db", db, "--json").stdout)
    assert max(s["articles"] for s in bridge) == 3


@pytest.mark.parametrize("command", [["quotes"], ["facts"], ["story"]])
def test_story_views_of_own_files_in_text_and_json(own, command):
    _, db, _ = own
    bridge = max(json.loads(_invoke("stories", "--db", db, "--json").stdout), key=lambda s: s["articles"])["id"]
    shown = _invoke(*command, bridge[:6], "--db", db)
    assert shown.exit_code == 0 and shown.stderr == ""
    data = json.loads(_invoke(*command, bridge[:6], "--db", db, "--json").stdout)
    assert data["story"] == bridge if "story" in data else data["id"] == bridge


def test_dedup_of_own_files_writes_every_good_article_and_names_the_bad(own, tmp_path):
    root, _, _ = own
    out = tmp_path / "labelled.jsonl"
    result = _invoke("dedup", root / "wire.txt", root / "rewrite.html", root / "feed.jsonl", root / "bad" / "mixed.jsonl",
                     root / "bad" / "empty.txt", "--output", out)
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("rejected")] == [
        f"rejected {root / 'bad' / 'mixed.jsonl'}", f"rejected {root / 'bad' / 'empty.txt'}"]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 5 and len({r["story_id"] for r in written}) == 3


def test_an_article_id_where_a_story_id_is_meant_says_which_story(own):
    _, db, _ = own
    with Store(db) as store:
        wire = next(a.id for a in store.articles() if a.source == "Nordic Wire Service")
        story = store.story_of(wire)
    for command in (["story"], ["facts"], ["quotes"]):
        result = _invoke(*command, wire[:8], "--db", db)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"error: {wire[:8]} is an article, not a story; its story is {story[:10]}"]
    result = _invoke("article", story[:7], "--db", db)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {story[:7]} is a story, not an article; `wiretrace story {story[:10]}` lists its articles"]
    assert _invoke("story", "s0000", "--db", db).stderr.startswith("error: no story with id s0000")


def test_a_store_another_process_is_writing_to_is_one_line_and_loses_nothing(own, tmp_path, monkeypatch):
    import sqlite3

    root, db, _ = own
    copy = tmp_path / "busy.db"
    copy.write_bytes(db.read_bytes())
    with Store(copy) as store:
        before = sorted(a.id for a in store.articles())
    writer = sqlite3.connect(copy, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.1}))   # not 30 s
    try:
        result = _invoke("add", root / "bad" / "mixed.jsonl", "--db", copy)
    finally:
        writer.rollback()
        writer.close()
        monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == ("error: the store is busy: another process is writing to it (an add or "
                                              "a recluster still running?); run this again when it ends")
    with Store(copy) as store:
        assert sorted(a.id for a in store.articles()) == before


def test_quote_search_in_80_columns_shows_ids_a_person_can_copy(own):
    """A pipe or a small terminal is 80 columns: the ids of each hit stay whole, as the other commands take them."""
    _, db, _ = own
    result = runner.invoke(app, ["quotes", "--search", "still searching the water", "--db", str(db)],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0
    with Store(db) as store:
        wire = next(a.id for a in store.articles() if a.source == "Nordic Wire Service")
        story = store.story_of(wire)
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    at = next(n for n, line in enumerate(lines) if wire[:10] in line)
    assert story[:10] in lines[at + 1] and "Nordic Wire Service" in lines[at]


def test_the_event_record_dates_the_collapse_not_the_inquiry_it_announces(own):
    """Every report names the Wednesday an inquiry will begin; only the first two name the Monday of the collapse.
    A day after a report's own is scheduled, not seen: the record says Monday."""
    _, db, _ = own
    bridge = max(json.loads(_invoke("stories", "--db", db, "--json").stdout), key=lambda s: s["articles"])["id"]
    record = json.loads(_invoke("story", bridge, "--db", db, "--json").stdout)
    assert record["event"]["when"] == "2025-03-10"


def test_an_add_that_reads_nothing_leaves_no_empty_store_behind(own, tmp_path):
    """A mistyped path: the add says what it rejected, and `stories` then says there is no store, not 'no stories'."""
    root, _, _ = own
    db = tmp_path / "news.db"
    result = _invoke("add", root / "bad" / "empty.txt", root / "artciles", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"no store made at {db}: nothing could be added to it"
    assert list(tmp_path.iterdir()) == []
    assert _invoke("stories", "--db", db).stderr.startswith(f"error: {db}: no store here")
    kept = tmp_path / "kept.db"
    assert _invoke("add", root / "wire.txt", "--db", kept).exit_code == 0
    assert _invoke("add", root / "artciles", "--db", kept).exit_code == 1 and kept.exists()


def test_compare_html_report_into_a_new_folder_or_onto_a_folder(own, tmp_path):
    root, _, _ = own
    report = tmp_path / "reports" / "bridge.html"
    made = _invoke("compare", root / "wire.txt", root / "rewrite.html", "--html", report)
    assert made.exit_code == 0 and report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    onto = _invoke("compare", root / "wire.txt", root / "rewrite.html", "--html", tmp_path)
    assert onto.exit_code == 1 and onto.stdout == ""
    assert onto.stderr.splitlines() == [f"error: {tmp_path}: is a folder; --html takes the name of the file to write"]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    under = _invoke("compare", root / "wire.txt", root / "rewrite.html", "--html", blocked / "r.html")
    assert under.exit_code == 1 and len(under.stderr.splitlines()) == 1 and "Traceback" not in under.output
    assert under.stderr.startswith(f"error: {blocked / 'r.html'}: cannot write the report")


def test_dedup_output_onto_a_folder_or_under_a_file_is_one_line(own, tmp_path):
    root, _, _ = own
    onto = _invoke("dedup", root / "wire.txt", "--output", tmp_path)
    assert onto.exit_code == 1 and onto.stderr.splitlines() == [
        f"error: {tmp_path}: is a folder; --output takes the name of the file to write (a folder of part files only "
        "with --engine spark)"]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    under = _invoke("dedup", root / "wire.txt", "--output", blocked / "out.jsonl", "--no-stories")
    assert under.exit_code == 1 and "Traceback" not in under.output
    assert under.stderr.splitlines() == [f"error: {blocked}: cannot write the output (File exists)"]


def test_a_windows_1252_file_is_read_as_its_author_wrote_it(tmp_path):
    text = ("title: Caf\u00e9 reopens after the fire\nsource: Varnholm Daily\npublished: 2025-05-16\n\n"
            "The caf\u00e9 destroyed by fire in Varnholm will reopen in June, its owner said on Friday. "
            "\u201cWe will rebuild it as it was,\u201d said owner Jonas Lie.\n")
    (tmp_path / "cafe.txt").write_bytes(text.encode("cp1252"))
    result = _invoke("add", tmp_path / "cafe.txt", "--db", tmp_path / "cafe.db", "--json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)["added"]) == 1
    shown = json.loads(_invoke("article", json.loads(result.stdout)["added"][0], "--db", tmp_path / "cafe.db",
                               "--json").stdout)
    assert shown["article"]["title"] == "Caf\u00e9 reopens after the fire"
    assert [(q["speaker"], q["text"]) for q in shown["quotes"]] == [("Jonas Lie", "We will rebuild it as it was,")]


def test_facts_of_a_one_article_story_say_why_there_are_none(own):
    _, db, _ = own
    tram = next(s["id"] for s in json.loads(_invoke("stories", "--db", db, "--json").stdout) if s["articles"] == 1
                and s["headline"] == "City council approves new tram line")
    shown = runner.invoke(app, ["facts", tram, "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and shown.stdout.splitlines()[0] == (
        f"story {tram}: no number, date or place that two of its articles state, or that one states two ways")
    assert runner.invoke(app, ["quotes", tram, "--db", str(db)]).stdout.startswith(f"story {tram}: 1 quotation, ")


def test_a_store_kept_in_the_folder_it_reads_is_passed_over(own, tmp_path):
    """`wiretrace add .` in a folder of news makes wiretrace.db there; adding the folder again reads the news, not
    the store's files: its index's stamp was rejected as an article (exit 1) and the store named as five skipped."""
    root, _, _ = own
    news = tmp_path / "news"
    news.mkdir()
    (news / "wire.txt").write_text(WIRE, encoding="utf-8")
    (news / "notes.pdf").write_bytes(b"%PDF-1.7\n")
    store = news / "wiretrace.db"
    first = _invoke("add", news, "--db", store)
    again = _invoke("add", news, "--db", store, "--json")
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    assert (news / "wiretrace.db.index").is_dir()
    report = json.loads(again.stdout)
    assert len(report["present"]) == 1 and report["rejected"] == []
    assert [s["origin"] for s in report["skipped"]] == [str(news / "notes.pdf")]


def test_a_scraper_record_and_a_yearless_date_are_rejected_naming_what_is_wrong(tmp_path):
    """The field as the file names it ('maintext', not 'text'), and what a date lacks (its year)."""
    scraped = {"title": "Tanker driver charged", "maintext": ["Police charged the driver.", "He denies it."],
               "date_publish": "2025-05-08 10:00:00", "source_domain": "radio-leman.example"}
    (tmp_path / "scraped.jsonl").write_text(json.dumps(scraped) + "\n", encoding="utf-8")
    (tmp_path / "brief.txt").write_text("title: Tanker driver charged\nsource: Alpine Press\npublished: 8 May\n\n"
                                        "Police charged the driver of the tanker with negligence, a spokeswoman said.\n",
                                        encoding="utf-8")
    result = _invoke("add", tmp_path / "scraped.jsonl", tmp_path / "brief.txt", "--db", tmp_path / "s.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"rejected {tmp_path / 'scraped.jsonl'}:1: \"maintext\", the article's text, must be a string, not a list",
        f"rejected {tmp_path / 'brief.txt'}: published: \"8 May\" is not a date (it gives no year)"]


def test_a_time_read_with_its_zone_is_shown_as_utc_and_said_so(own):
    """The page says 12:40+01:00: `article` shows 11:40 UTC and which tag said it; tables keep the minute and say
    under them that such times are in UTC (a reader who wrote 12:40 saw 11:40 and nothing else)."""
    _, db, _ = own
    with Store(db) as store:
        post = next(a for a in store.articles() if a.source == "The Fjord Post")
    shown = runner.invoke(app, ["article", post.id, "--db", str(db)], env={"COLUMNS": "120"}).stdout
    assert "published  2025-03-11 11:40 UTC" in shown
    assert "how dated  stated by the page's article:published_time meta tag" in shown
    bridge = max(json.loads(_invoke("stories", "--db", db, "--json").stdout), key=lambda s: s["articles"])["id"]
    story = runner.invoke(app, ["story", bridge, "--db", str(db)], env={"COLUMNS": "120"}).stdout.splitlines()
    assert any(post.id[:10] in line and "2025-03-11 11:40" in line for line in story)
    assert "times in UTC where the input gave a time zone" in [line.strip() for line in story]   # under the timeline
    listed = runner.invoke(app, ["articles", "--db", str(db)], env={"COLUMNS": "120"}).stdout.splitlines()
    assert listed[-1].strip() == "times in UTC where the input gave a time zone"


def test_an_undated_article_is_named_with_why_it_has_no_date(tmp_path):
    """A feed entry whose date no parser reads, and a wire text whose dateline gives no year, are stored undated;
    `add` said "no publication date found" of both, as if neither stated a date."""
    feed = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Vaud Today</title>
<item><title>Rolle market moves to Saturdays</title><pubDate>Tomorrow</pubDate>
<description>&lt;p&gt;The weekly market in Rolle will move from Wednesdays to Saturdays from June, the town
council said.&lt;/p&gt;</description></item></channel></rss>"""
    (tmp_path / "vaud.rss").write_text(feed, encoding="utf-8")
    (tmp_path / "wire.txt").write_text("GENEVA, May 6 (Alpine Press) - A chemical tanker overturned on the A1 motorway "
                                       "near Nyon, spilling hydrochloric acid and closing the road for nine hours.\n",
                                       encoding="utf-8")
    result = _invoke("add", tmp_path / "vaud.rss", tmp_path / "wire.txt", "--db", tmp_path / "f.db")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"undated {tmp_path / 'vaud.rss'}: the feed's date \"Tomorrow\" could not be read, so its story's timeline and "
        "provenance cannot place it in time",
        f"undated {tmp_path / 'wire.txt'}: the dateline 'GENEVA, May 6 (Alpine Press)' gives no year and nothing read with it is "
        "dated: date left unknown, so its story's timeline and provenance cannot place it in time"]
    assert _invoke("articles", "--db", tmp_path / "f.db").stdout.splitlines()[0].strip() == "2 articles"


def test_a_page_saved_with_its_files_is_read_without_them(tmp_path):
    """A browser saves "Page.html" beside "Page_files/" (scripts, styles, images, ad frames): the page is the
    article; the folder is one skipped line, not a line per file and an "Advertisement" frame stored as an article."""
    news = tmp_path / "saved"
    assets = news / "Three dead as Varnholm bridge falls_files"
    assets.mkdir(parents=True)
    (news / "Three dead as Varnholm bridge falls.html").write_text(REWRITE, encoding="utf-8")
    (assets / "ad-frame.html").write_text("<html><body><div>Advertisement</div></body></html>", encoding="utf-8")
    for name in ("app.min.js", "site.css", "logo.png", "font.woff2"):
        (assets / name).write_bytes(b"\x00asset")
    result = _invoke("add", news, "--db", tmp_path / "saved.db", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["added"]) == 1 and report["rejected"] == [] and report["undated"] == []
    assert [(s["origin"], s["problem"]) for s in report["skipped"]] == [
        (str(assets), "skipped: the scripts, styles and images a browser saved with "
                      "Three dead as Varnholm bridge falls.html, no article")]
