"""The CLI through its real runner on a real SQLite file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiretrace import Store
from wiretrace.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def loaded(examples, db_path):
    result = run("add", examples, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    ids = json.loads(result.stdout)["added"]
    return db_path, ids


def test_add_then_readd_is_reported_as_present(loaded, examples):
    db_path, ids = loaded
    assert len(ids) == 2
    again = run("add", examples, "--db", db_path, "--json")
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert report["added"] == [] and sorted(report["present"]) == sorted(ids)


def test_article_json_shows_inferred_date_quotes_and_resolved_friday(loaded):
    db_path, (agency_id, rewrite_id) = loaded
    rewrite = json.loads(run("article", rewrite_id, "--db", db_path, "--json").stdout)
    assert rewrite["article"]["published"] == "2023-07-10"
    assert rewrite["article"]["published_inferred"] is True
    assert "Washington, July 10" in rewrite["article"]["published_note"]
    assert {t["text"]: t["resolved"] for t in rewrite["times"]}["on Friday"] == "2023-07-07"
    assert any("asserting reports of a civilian injury" in q["text"] for q in rewrite["quotes"])
    agency = json.loads(run("article", agency_id[:8], "--db", db_path, "--json").stdout)
    assert agency["article"]["published"] == "2023-07-09"
    assert agency["article"]["published_inferred"] is False
    assert any(q["speaker"] == "Michael Kurilla" for q in agency["quotes"])


def test_article_view_for_people(loaded):
    db_path, (_, rewrite_id) = loaded
    shown = run("article", rewrite_id, "--db", db_path)
    assert shown.exit_code == 0
    assert "2023-07-10 (inferred)" in shown.stdout
    assert "Friday\u21922023-07-07" in shown.stdout
    assert "Michael Kurilla" in shown.stdout


def test_articles_table_and_json(loaded):
    db_path, ids = loaded
    listed = json.loads(run("articles", "--db", db_path, "--json").stdout)
    assert [a["id"] for a in listed] == ids
    assert "text" not in listed[0]
    assert run("articles", "--db", db_path).exit_code == 0

    def found(*options):
        return [a["id"] for a in json.loads(run("articles", "--db", db_path, "--json", *options).stdout)]

    assert found("--search", "KURILLA") == ids   # any case
    assert found("--search", "%") == found("--search", "Kur_lla") == []   # no wildcards: neither text has them


def test_rejected_input_exits_1_and_names_the_file(tmp_path, db_path):
    good = tmp_path / "good.txt"
    good.write_text("Floodwaters receded in the river town on Tuesday, officials said, as crews cleared roads.")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "ok", "text": "Rescuers reached the village late on Monday night."}\n{"title": "cut", "te')
    result = run("add", good, bad, "--db", db_path)
    assert result.exit_code == 1
    assert f"{bad}:2: truncated JSON" in result.stderr   # diagnostics on stderr, the summary on stdout
    assert "added            2" in result.stdout.replace("\u2502", " ")


def test_standard_input(db_path):
    text = "title: Ferry delayed\nsource: Island Post\n\nThe morning ferry was delayed by two hours on Sunday because of high winds."
    result = run("add", "-", "--db", db_path, "--json", input=text)
    assert result.exit_code == 0
    [article_id] = json.loads(result.stdout)["added"]
    shown = json.loads(run("article", article_id, "--db", db_path, "--json").stdout)
    assert shown["article"]["source"] == "Island Post"


def test_unknown_id_is_a_usage_error_in_one_line(db_path):
    Store(db_path).close()
    result = run("article", "deadbeef", "--db", db_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: no article with id deadbeef in {db_path}"
    assert run("article", "x!", "--db", db_path).exit_code == 2


@pytest.mark.parametrize("command", [["articles"], ["stories"], ["article", "deadbeef"], ["story", "s1234567"],
                                     ["quotes", "s1234567"], ["facts", "s1234567"], ["recluster", "--dry-run"]])
def test_a_read_on_a_mistyped_store_says_there_is_none_and_makes_none(tmp_path, command):
    missing = tmp_path / "wiretrace-dmeo.db"
    result = run(*command, "--db", missing)
    assert result.exit_code == 2 and not missing.exists()
    assert result.stderr.strip().startswith(f"error: {missing}: no store here; `wiretrace add FILES --db {missing}`")


def test_compare_names_a_missing_file(tmp_path, db_path):
    real = tmp_path / "real.txt"
    real.write_text("The harbour reopened on Monday after the storm, port officials said.")
    result = run("compare", "nope.txt", real, "--db", db_path)
    assert result.exit_code == 2 and not db_path.exists()
    assert result.stderr.strip() == f"error: nope.txt: no such file, nor an article stored in {db_path}"


def test_a_pdf_is_named_as_unsupported_and_skipped_in_a_folder(tmp_path, db_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "brief.txt").write_bytes(b"%PDF-1.4\n")   # the bytes decide, not the name
    (folder / "story.txt").write_text("The harbour reopened on Monday after the storm, port officials said.")
    result = run("add", folder, "--db", db_path, "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and len(report["added"]) == 1
    assert [(Path(r["origin"]).name, r["problem"][:29]) for r in report["rejected"]] == \
        [("brief.txt", "PDF is not a supported format")]
    assert report["skipped"] == [{"origin": str(folder / "report.pdf"),
                                  "problem": "skipped: PDF is not a format wiretrace reads"}]
    named = run("add", folder / "report.pdf", "--db", db_path)
    assert named.exit_code == 1 and "report.pdf: PDF is not a supported format; convert it to text or HTML" in named.stderr


def test_a_folder_with_nothing_to_read_is_rejected_not_passed_as_done(tmp_path, db_path):
    """A mistyped or empty folder must not look like a batch that went well: `add` and `dedup` both exit 1 and
    name it, and the store is left as it was."""
    empty, scans = tmp_path / "empty", tmp_path / "scans"
    empty.mkdir()
    scans.mkdir()
    (scans / "page1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for folder in (empty, scans):
        added = run("add", folder, "--db", db_path)
        assert added.exit_code == 1
        assert f"{folder}: no file to read in this folder (wiretrace reads .atom, .htm, .html, .json" in added.stderr
        done = run("dedup", folder, "-o", tmp_path / "out.jsonl")
        assert done.exit_code == 1 and f"{folder}: no file to read in this folder" in done.stderr
    assert "page1.png: skipped: a PNG image is not a format wiretrace reads" in run("add", scans, "--db", db_path).stderr
    assert not db_path.exists(), "the add made no store, as there was none before"
    assert run("articles", "--db", db_path, "--json").stderr.startswith(f"error: {db_path}: no store here")


def test_dedup_says_the_same_of_a_line_cut_short_as_add_and_counts_in_words(tmp_path, db_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "Harbour", "text": "The harbour reopened on Monday after the storm, officials said."}\n'
                    '{"title": "cut", "text": "Ferries')
    added, done = run("add", feed, "--db", db_path), run("dedup", feed, "-o", tmp_path / "out.jsonl")
    assert f"{feed}:2: truncated JSON (Unterminated string starting at column 26)" in added.stderr
    assert f"{feed}:2: truncated JSON (Unterminated string starting at column 26)" in done.stderr
    assert done.stdout.startswith("1 article: 1 copy cluster, 1 story (")


def test_a_story_prefix_too_short_says_how_long_one_must_be(db_path, examples):
    run("add", examples, "--db", db_path)
    result = run("story", "s0ae", "--db", db_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: 's0ae' is not a story id ('s' and 16 hex digits, or a prefix of 's' and 4 or more)"


def test_a_story_lists_the_other_stories_naming_its_people_and_not_the_wire_that_told_it(db_path):
    """The demo's two Mali drone strikes are two events a week apart: each story points at the other through the
    commander's and the armed group's names; the agency both credit ('(GPA)') is no such name."""
    run("demo", "--db", db_path, "--json")
    shown = json.loads(run("story", "s0aed84d3b", "--db", db_path, "--json").stdout)["related"]
    assert [r["story"][:10] for r in shown] == ["s196f347e3"]
    assert {"Abdelkarim al-Tawili", "Jamaat Nasr al-Sahel"} <= set(shown[0]["names"])
    assert not {"GPA", "MNS", "Global Press Agency"} & set(shown[0]["names"])
    text = run("story", "s0aed84d3b", "--db", db_path).stdout
    assert "other stories naming its people" in text and "s196f347e3" in text


def test_serve_on_a_port_in_use_says_so_in_one_line_before_announcing_anything(db_path, examples):
    import socket

    run("add", examples, "--db", db_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run("serve", "--db", db_path, "--port", str(port))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: the port is in use; --port picks another"


def test_usage_errors_exit_2(db_path):
    assert run("add", "--db", db_path).exit_code == 2
    assert run("articles", "--no-such-option").exit_code == 2


def test_db_from_environment(tmp_path, examples, monkeypatch):
    monkeypatch.setenv("WIRETRACE_DB", str(tmp_path / "env.db"))
    assert run("add", examples, "--json").exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_every_command_has_help():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert command.callback.__doc__, f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0 and "--json" in result.stdout


def test_console_script_runs(examples, db_path):
    wiretrace = [sys.executable, "-m", "wiretrace.cli"]
    done = subprocess.run([*wiretrace, "add", str(examples), "--db", str(db_path), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["added"]) == 2


def test_a_story_span_is_said_from_its_times_and_an_untitled_line_is_cut_only_when_long():
    """18 hours 10 minutes is '18 hours' (the day count rounded to 0.8 said 19); a short first line is no title
    cut short, and its dateline is no title either."""
    from datetime import datetime, timezone

    from wiretrace.article import Article
    from wiretrace.render import _span, articles_table
    from wiretrace.stories import StorySummary

    summary = StorySummary(id="s1", headline="Acid spill", articles=3, sources=3,
                           first_seen=datetime(2025, 5, 6, 12, 20, tzinfo=timezone.utc),
                           last_seen=datetime(2025, 5, 7, 6, 30, tzinfo=timezone.utc))
    assert _span(summary) == "18 hours"
    brief = Article(text="GENEVA, May 6 (Alpine Press) - A tanker overturned.")
    table = articles_table([brief])
    assert table.columns[3]._cells[0] == "A tanker overturned."
    assert table.title == "1 article"
