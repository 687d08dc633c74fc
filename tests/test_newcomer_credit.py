"""A wire report read from a bare file: the outlet its dateline credits stands for the source it does not state."""

import json
from datetime import datetime, timezone

from typer.testing import CliRunner

from wiretrace import Article
from wiretrace.cli import app
from wiretrace.compare import compare
from wiretrace.compare.direction import attributions, outlet
from wiretrace.readers.dateline import credit
from wiretrace.render import outlet_text

WIRE = ("LISBON, May 6 (Wire) - A lorry carrying 14 tonnes of cork overturned on the A2 motorway south of Lisbon on "
        "Tuesday, blocking all southbound lanes for six hours, police said.\n\n"
        "\"I saw the trailer swing out and then it just went over,\" a lorry driver told reporters at the scene.\n\n"
        "The driver, a 52-year-old man from Setubal, was taken to hospital with minor injuries.")
PAPER = ("A lorry carrying 14 tonnes of cork overturned on the A2 motorway south of Lisbon on Tuesday, blocking all "
         "southbound lanes for six hours, Wire reported.\n\n"
         "\"I saw the trailer swing out and then it just went over,\" a lorry driver told reporters at the scene.\n\n"
         "The driver, a 52-year-old man from Setubal, was taken to hospital with minor injuries. Residents have "
         "long complained about the bend.")


def test_the_credit_a_report_names_in_its_dateline_or_closing_line():
    assert credit(WIRE) == "Wire"
    assert credit("PORTO, 3 March (AFP) -- Dock workers walked out on Monday.") == "AFP"
    assert credit("(AP) - Fire crews contained the blaze by evening.") == "AP"
    assert credit("Fire crews contained the blaze by evening.\n\n\u2014 Reuters") == "Reuters"
    assert credit("Fire crews contained the blaze by evening.\n\n- Maria Santos") is None   # a sign-off, not a credit
    assert credit("Fire crews contained the blaze - and the wind dropped.") is None


def test_a_stated_source_wins_over_the_dateline_credit():
    assert outlet(Article(text=WIRE, source="Coastal Times")) == "Coastal Times"
    assert outlet(Article(text=WIRE)) == "Wire"
    assert outlet_text(Article(text=WIRE)) == "(Wire)"
    assert outlet_text(Article(text=PAPER)) == "-"


def test_a_dateline_credit_counts_among_what_the_text_credits_whatever_its_name():
    assert "Wire" in attributions(WIRE)


def test_a_rewrite_crediting_the_wire_derives_from_the_bare_wire_file():
    wire = Article(text=WIRE, published=datetime(2025, 5, 6, 9, 10, tzinfo=timezone.utc))
    paper = Article(text=PAPER, source="Coastal Times", published=datetime(2025, 5, 6, 9, 40, tzinfo=timezone.utc))
    result = compare(paper, wire)
    assert result.derived == "a"
    assert "a credits Wire" in result.evidence
    assert any("news agency (Wire)" in line for line in result.evidence)


def test_the_article_view_and_json_give_the_credit(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("published: 2025-05-06T09:10:00Z\n\n" + WIRE, encoding="utf-8")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(path), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["articles", "--db", db, "--json"])
    article_id = json.loads(listed.stdout)[0]["id"]
    shown = runner.invoke(app, ["article", article_id, "--db", db], env={"COLUMNS": "200"})
    assert "credit" in shown.stdout and "Wire (credited in the text)" in shown.stdout
    record = json.loads(runner.invoke(app, ["article", article_id, "--db", db, "--json"]).stdout)
    assert record["article"]["credit"] == "Wire" and record["article"]["source"] is None
