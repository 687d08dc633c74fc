"""compare takes one article a side: a file holding two says how to compare them instead, in commands that work."""

import json
import re

from typer.testing import CliRunner

from wiretrace.cli import app

runner = CliRunner()

ROWS = [
    {"id": "ckr-101", "source": "Caithness Courier", "published": "2025-06-02T08:10:00Z",
     "title": "Wick harbour dredging to start in July",
     "text": "Dredging of Wick harbour's inner basin will begin in July, the harbour trust said on Monday, after "
             "silt left the basin too shallow for the lifeboat at low tide. The work is expected to take nine "
             "weeks and cost 1.4 million pounds, shared between the trust and the council."},
    {"id": "ckr-102", "source": "Caithness Courier", "published": "2025-06-02T15:40:00Z",
     "title": "Trust confirms July start for Wick dredging",
     "text": "The harbour trust confirmed on Monday that dredging of Wick's inner basin will start in July. Silt has "
             "left the basin too shallow for the lifeboat at low tide, the trust said, and the nine-week job "
             "will cost 1.4 million pounds, with the council paying a share."},
]


def test_a_file_of_two_articles_names_the_add_and_compare_commands_and_they_work(tmp_path):
    feed = tmp_path / "courier.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    (tmp_path / "other.txt").write_text("title: Silt closes basin\n\n" + ROWS[0]["text"], encoding="utf-8")
    db = tmp_path / "harbour.db"

    result = runner.invoke(app, ["compare", str(feed), str(tmp_path / "other.txt"), "--db", str(db)])
    assert result.exit_code == 1 and result.stdout == ""
    line, = result.stderr.splitlines()
    assert line.startswith(f"error: {feed}: holds 2 articles; compare needs exactly one per file (store them with "
                           f"`wiretrace add {feed}`, then `wiretrace compare ")
    commands = re.findall(r"`wiretrace ([^`]+)`", line)
    assert len(commands) == 2 and re.fullmatch(r"compare [0-9a-f]{10} [0-9a-f]{10}", commands[1])

    for command in commands:
        done = runner.invoke(app, [*command.split(), "--db", str(db)])
        assert done.exit_code == 0, done.output
    compared = json.loads(runner.invoke(app, [*commands[1].split(), "--db", str(db), "--json"]).stdout)
    assert {compared["a"]["title"], compared["b"]["title"]} == {r["title"] for r in ROWS}
