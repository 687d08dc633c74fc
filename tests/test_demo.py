"""The demo corpus: every file loads, the gold matches the texts, and `wiretrace demo` works."""

import json

import pytest
from typer.testing import CliRunner

from wiretrace import Store, demo, read_batch
from wiretrace.article import fold
from wiretrace.cli import app


@pytest.fixture(scope="module")
def corpus():
    batch = read_batch([demo.corpus_path()])
    gold = demo.gold()
    by_url = {a.url: a for a in batch.articles if a.url}
    by_file = {a.origin.split("corpus/")[-1]: a for a in batch.articles}
    matched = [(g, by_url[g["url"]] if g["url"] else by_file[g["file"]]) for g in gold["articles"]]
    return batch, gold, matched


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return path, json.loads(result.stdout)


def test_every_file_loads_and_matches_the_gold(corpus):
    batch, gold, matched = corpus
    assert batch.rejected == []
    assert len(batch.articles) == len(gold["articles"]) >= 40
    assert len({g["event"] for g in gold["articles"]}) >= 8
    formats = {g["format"] for g in gold["articles"]}
    assert {"text", "jsonl", "json", "html", "rss", "atom"} <= formats


def test_gold_sentences_and_alterations_are_in_the_texts(corpus):
    _, gold, matched = corpus
    by_key = {g["url"] or g["file"]: a for g, a in matched}
    for g, article in matched:
        body = fold(article.text)
        for s in g.get("sentences") or []:
            assert fold(s["text"]) in body, (article.where, s["text"])
            for src in s["source"]:
                assert fold(src) in fold(by_key[g["derived_from"]].text), (article.where, src)
        for q in g["quotes"]:
            assert fold(q["text"]) in body, (article.where, q["text"])


def test_roles_cover_the_phenomena(corpus):
    _, gold, _ = corpus
    roles = {g["role"] for g in gold["articles"]}
    assert {"original", "copy", "trimmed_copy", "rewrite", "spun_rewrite", "independent", "follow_up"} <= roles
    kinds = {a["kind"] for g in gold["articles"] for a in g.get("altered") or []}
    assert {"quote", "number", "date", "name"} <= kinds


def test_demo_command_loads_everything_once(demo_db, corpus):
    path, report = demo_db
    assert len(report["added"]) == len(corpus[1]["articles"]) and report["rejected"] == []
    again = CliRunner().invoke(app, ["demo", "--db", str(path), "--json"])
    assert json.loads(again.stdout)["added"] == []


def test_demo_shows_a_story_on_one_screen_and_its_next_commands_run_as_printed(demo_db):
    path, _ = demo_db
    shown = CliRunner().invoke(app, ["demo", "--db", str(path)], env={"COLUMNS": "100"})
    lines = shown.stdout.splitlines()
    assert shown.exit_code == 0 and len(lines) < 40
    assert any(line.startswith("story s") for line in lines)
    assert any("altered quotation" in line for line in lines) and any("sources disagree" in line for line in lines)
    commands = [line.split()[1:line.split().index("--db") + 2] for line in lines[lines.index("Next:") + 1:]]
    assert [c[0] for c in commands] == ["story", "quotes", "facts", "serve"]
    for command in commands[:3]:
        result = CliRunner().invoke(app, command + ["--json"])
        assert result.exit_code == 0, (command, result.output)
        assert json.loads(result.stdout)


def test_annotations_hold_up_on_the_gold(demo_db, corpus):
    """A floor under the figures in docs/evaluation.md, so a regression shows in CI."""
    path, _ = demo_db
    _, _, matched = corpus
    found = speakers = named = dated = right = 0
    with Store(path) as store:
        for g, article in matched:
            ann = store.annotations(article.id)
            ours = {fold(q.text).strip(" ,.\"'"): q for q in ann.quotes}
            for q in g["quotes"]:
                hit = ours.get(fold(q["text"]).strip(" ,.\"'"))
                found += hit is not None
                if hit and q["speaker"]:
                    named += 1
                    speakers += bool(hit.speaker) and hit.speaker.split()[-1] in q["speaker"]
            resolved = {t.resolved for t in ann.times}
            for d in g["dates"]:
                dated += 1
                right += d["resolved"] in resolved
    total_quotes = sum(len(g["quotes"]) for g, _ in matched)
    assert found / total_quotes >= 0.95
    assert speakers / named >= 0.75
    assert right / dated >= 0.85
