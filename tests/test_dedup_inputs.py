"""What `wiretrace dedup` reads of a folder: the files `add` would read, never a store, a page's saved assets or
dedup's own earlier output."""

import json
import sqlite3

from typer.testing import CliRunner

from wiretrace.batch import dedup_files
from wiretrace.cli import app

FERRY = ("Harbour officials in Kirkwall suspended the evening ferry to Stromness on Tuesday after a gust of "
         "ninety kilometres an hour tore a gangway from its mooring. No passengers were aboard. \"We will not "
         "sail until the gangway has been inspected,\" said port manager Eilidh Rendall.")
BRIDGE = ("Engineers closed the old swing bridge at Inverness to lorries on Wednesday after divers found a crack "
          "in a pier below the waterline. Cars may still cross at twenty miles an hour, the council said, while "
          "repairs expected to take six weeks are planned.")
SCHOOL = ("A primary school in Thurso reopened on Thursday, three days after a burst pipe flooded its hall and "
          "two classrooms. Pupils returned to lessons in a marquee on the playing field while the floors dry, "
          "head teacher Morag Sinclair said.")

PAGE = """<!DOCTYPE html><html><head><title>Lifeboat rescues two from stranded yacht</title>
<meta property="og:site_name" content="Orkney Courier"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lifeboat rescues two from stranded yacht</h1>
<p>The Longhope lifeboat rescued two sailors from a yacht that ran aground off Hoy early on Friday, the
coastguard said.</p>
<p>The crew reached the yacht within forty minutes of the alarm and took both sailors, a father and his
son from Aberdeen, back to Longhope harbour. Neither was hurt.</p>
<p>"They did everything right: they stayed with the boat and called us at once," said coxswain Kevin Kirkpatrick.</p>
<p>The yacht will be towed off at the next high tide, the harbour master said.</p>
</article><footer>Orkney Courier 2025</footer></body></html>"""

AD_FRAME = "<html><body><div>Advertisement</div><p>Advertisement</p></body></html>"


def _rows() -> list[dict]:
    return [{"id": f"hi-{n}", "source": "Highland Wire", "published": f"2025-03-{10 + n:02d}", "title": text[:40],
             "text": text} for n, text in enumerate((FERRY, BRIDGE, SCHOOL))]


def _write_jsonl(path, rows, broken: str = "") -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + broken, encoding="utf-8")


def _news_folder(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    _write_jsonl(folder / "wire.jsonl", _rows())
    (folder / "Lifeboat.html").write_text(PAGE, encoding="utf-8")
    (folder / "Lifeboat_files").mkdir()
    (folder / "Lifeboat_files" / "ad_frame.html").write_text(AD_FRAME, encoding="utf-8")
    (folder / "Lifeboat_files" / "tracking.json").write_text('{"id": "px", "text": "Advertisement"}', encoding="utf-8")
    sqlite3.connect(folder / "wiretrace.db").execute("CREATE TABLE articles (id TEXT)").connection.close()
    (folder / "wiretrace.db.index").mkdir()
    (folder / "wiretrace.db.index" / "stamp.json").write_text('{"articles": 3}', encoding="utf-8")
    return folder


def test_a_folder_is_walked_as_add_walks_it_a_store_and_a_pages_saved_folder_left_unread(tmp_path):
    folder = _news_folder(tmp_path)
    report = dedup_files([folder], tmp_path / "out.jsonl", stories=False)
    assert not report.rejected
    assert report.articles == report.written == 4
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not any("Advertisement" in r["text"] for r in written)
    assert any("Longhope lifeboat" in r["text"] for r in written)
    assert [(e.origin, "Lifeboat.html" in e.problem) for e in report.skipped] == [(str(folder / "Lifeboat_files"), True)]


def test_an_earlier_dedups_output_and_rejects_list_in_the_folder_are_skipped_each_with_why(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    _write_jsonl(folder / "wire.jsonl", _rows(), broken='{"id": "hi-9", "text": "Cut off in the mid\n')
    first = dedup_files([folder], folder / "labelled.jsonl", stories=False)
    assert first.articles == 3 and len(first.rejected) == 1
    assert (folder / "labelled.jsonl.rejects.jsonl").exists()

    again = dedup_files([folder], tmp_path / "elsewhere.jsonl", stories=False)
    assert again.articles == again.written == 3
    assert [e.origin for e in again.rejected] == [str(folder / "wire.jsonl")]    # only the broken line, again
    why = {e.origin.rsplit("/", 1)[-1]: e.problem for e in again.skipped}
    assert set(why) == {"labelled.jsonl", "labelled.jsonl.rejects.jsonl"}
    assert "story_id and copy_cluster_id" in why["labelled.jsonl"]
    assert "rejected inputs" in why["labelled.jsonl.rejects.jsonl"]


def test_the_output_of_this_run_in_the_folder_it_reads_is_one_skipped_line_on_its_second_run(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    _write_jsonl(folder / "wire.jsonl", _rows())
    result = None
    for _ in range(2):
        result = CliRunner().invoke(app, ["dedup", str(folder), "--output", str(folder / "out.jsonl"),
                                          "--no-stories"])
        assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 articles: 3 copy clusters; 3 written")
    assert f"{folder / 'out.jsonl'}: skipped: this run's output" in result.stderr


def test_a_file_holding_dedups_output_fields_given_by_name_is_still_read(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    _write_jsonl(labelled, [{**r, "story_id": None, "copy_cluster_id": r["id"], "origin": "wire.jsonl:1"}
                            for r in _rows()])
    report = dedup_files([labelled], tmp_path / "again.jsonl", stories=False)
    assert report.articles == 3 and not report.skipped


def test_with_no_article_read_the_summary_says_so_not_how_a_threshold_could_not_be_chosen(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "wire.jsonl").write_text('{"id": "hi-1", "text": "Harbour officials in Kirk\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["dedup", str(folder), "--output", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert result.stdout.startswith("no article read, every input rejected; 0 written to")
    assert "threshold" not in result.stdout and "none of two" not in result.stdout
