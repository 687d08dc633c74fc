"""The web API and pages through FastAPI's TestClient, on the demo corpus: answers, bad input, limits, escaping."""

import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wiretrace import Store, demo, ingest
from wiretrace.cli import app as cli_app
from wiretrace.lineage import quote_lineage, story_facts
from wiretrace.stories import story, summaries
from wiretrace.web import create_app
from wiretrace.web.graph import provenance_graph
from web_support import content_digest, web_store

LIMIT = 64 * 1024
CORPUS = demo.corpus_path()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return web_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(create_app(store_path[0], max_upload=LIMIT), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def ferry(store_path):
    """The ferry story, its agency original and the Manila Chronicle rewrite (a toll and a quoted word changed)."""
    with Store(store_path[0]) as store:
        story_id = next(s.id for s in summaries(store, search="Santa Lucia Express"))
        record = story(store, story_id)
    by_source = {a.source: a.id for a in reversed(record.articles)}
    return record, by_source["Global Press Agency"], by_source["Manila Chronicle Online"]


def test_stories_latest_first_with_reports_counted(client, store_path):
    body = client.get("/api/stories").json()
    with Store(store_path[0]) as store:
        expected = [s.id for s in summaries(store)]
        records = {i: story(store, i) for i in expected}
    assert [s["id"] for s in body["stories"]] == expected and body["count"] == len(expected) >= 10
    for row in body["stories"]:
        record = records[row["id"]]
        assert row["articles"] == len(record.articles) == row["copies"] + row["rewrites"] + row["independent"]
        assert row["copies"] == sum(link.relation == "copy" for link in record.provenance)
        assert row["when"] == record.when
    last_seen = [s["last_seen"] for s in body["stories"] if s["last_seen"]]
    assert last_seen[:3] == sorted(last_seen[:3], reverse=True)


def test_story_badges_are_the_lineage_counts(client, store_path):
    """Each listed story's altered quotations and disputed facts, as `wiretrace quotes` and `wiretrace facts` find them."""
    body = client.get("/api/stories").json()["stories"]
    with Store(store_path[0]) as store:
        for row in body:
            quotes, facts = quote_lineage(store, row["id"]), story_facts(store, row["id"])
            assert row["altered_quotes"] == sum(group.altered for group in quotes.groups)
            assert row["disputed_facts"] == sum(claim.status == "disagree" for claim in facts.facts)
    assert any(row["altered_quotes"] for row in body) and any(row["disputed_facts"] for row in body)
    page = client.get("/").text
    assert page.count('class="badge outlets"') == len(body)
    assert page.count('class="badge altered"') == sum(bool(row["altered_quotes"]) for row in body)


def test_articles_list_pages_through_the_store(client, store_path):
    with Store(store_path[0]) as store:
        everything = [a.id for a in store.articles()]
        stories = {a: store.story_of(a) for a in everything}
    first = client.get("/api/articles", params={"limit": 10}).json()
    assert [a["id"] for a in first["articles"]] == everything[:10] and first["more"] and first["count"] == 10
    assert all("text" not in a and a["story"] == stories[a["id"]] for a in first["articles"])
    last = client.get("/api/articles", params={"limit": 10, "offset": len(everything) - 3}).json()
    assert [a["id"] for a in last["articles"]] == everything[-3:] and not last["more"]
    assert client.get("/api/articles", params={"offset": len(everything)}).json()["articles"] == []
    page = client.get("/articles", params={"limit": 10, "offset": 10}).text
    assert all(f'href="/articles/{a}"' in page for a in everything[10:20]) and f'href="/articles/{everything[20]}"' not in page
    assert 'rel="prev" href="/articles?limit=10&amp;offset=0"' in page and "offset=20" in page


@pytest.mark.parametrize("params, words", [({"q": "Santa Lucia Express"}, "santa lucia express"),
                                           ({"source": "global press agency"}, None)])
def test_articles_list_filters(client, store_path, params, words):
    found = client.get("/api/articles", params=params).json()["articles"]
    with Store(store_path[0]) as store:
        expected = [a.id for a in store.articles(search=params.get("q"), source=params.get("source"))]
    assert [a["id"] for a in found] == expected and found
    assert params.get("source") is None or {a["source"] for a in found} == {"Global Press Agency"}


def test_quote_search_is_what_the_cli_prints(client, store_path):
    query = "The waves were very big and the boat tilted to one side, then it was over in seconds"
    body = client.get("/api/quotes", params={"q": query}).json()
    printed = CliRunner().invoke(cli_app, ["quotes", "--search", query, "--db", str(store_path[0]), "--json"])
    assert printed.exit_code == 0 and body == json.loads(printed.stdout)
    assert {h["kind"] for h in body["hits"]} >= {"altered"}
    page = client.get("/quotes", params={"q": query}).text
    assert page.count('class="wording"') == len({h["text"] for h in body["hits"]})
    assert '<mark class="ins">minutes.”</mark>' in page or '<mark class="ins">minutes.</mark>' in page
    assert all(f'href="/articles/{h["article"]}"' in page for h in body["hits"])
    assert 'id="found"' not in client.get("/quotes").text
    assert "No stored quotation is close" in client.get("/quotes", params={"q": "zzzz qqqq xxxx"}).text


@pytest.mark.parametrize("url", ["/api/quotes", "/api/quotes?q=", "/api/articles?offset=-1", "/api/articles?limit=0",
                                 "/articles?offset=99999999999", "/quotes?q=" + "x" * 501])
def test_bad_list_parameters_are_422(client, url):
    assert client.get(url).status_code == 422


@pytest.mark.parametrize("params, needle", [
    ({"q": "Santa Lucia Express"}, "ferry"),
    ({"entity": "Jennelyn Bautista"}, "ferry"),
    ({"source": "manila chronicle online"}, "ferry"),
    ({"since": "2024-12-01", "until": "2024-12-31"}, "ferry"),
])
def test_story_filters(client, params, needle):
    found = client.get("/api/stories", params=params).json()["stories"]
    assert len(found) == 1 and needle in found[0]["headline"].lower()


def test_filters_that_match_nothing(client):
    assert client.get("/api/stories", params={"entity": "Nobody Atall"}).json() == {"count": 0, "stories": []}
    assert client.get("/api/stories", params={"until": "2000-01-01"}).json()["count"] == 0


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"limit": "many"}, {"since": "last week"},
                                    {"since": "2024-12-31", "until": "2024-01-01"}, {"q": "x" * 201}])
def test_bad_story_parameters_are_422(client, params):
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422 and response.json()["detail"]


def test_story_is_what_the_cli_prints(client, ferry, store_path):
    record, original, rewrite = ferry
    body = client.get(f"/api/stories/{record.id[:8]}").json()
    printed = CliRunner().invoke(cli_app, ["story", record.id, "--db", str(store_path[0]), "--json"])
    assert printed.exit_code == 0 and body == json.loads(printed.stdout)
    assert any(group["altered"] for group in body["quotes"]) and body["facts"]
    links = {link["article"]: link for link in body["provenance"]}
    assert links[original]["relation"] == "original" and links[rewrite]["derived_from"] == original


def test_a_story_page_and_its_api_list_the_other_stories_naming_its_people(client, store_path):
    """The Mali strike of March 14 and the Niger strike a week later are two events of one armed group: each story
    links the other, with the names both give (as the CLI's `story` prints them)."""
    with Store(store_path[0]) as store:
        first, later = (next(s.id for s in summaries(store, search=words))
                        for words in ("senior jihadist commander", "bomb-maker in western Niger"))
    body = client.get(f"/api/stories/{first}").json()
    assert [r["story"] for r in body["related"]] == [later]
    assert "Abdelkarim al-Tawili" in body["related"][0]["names"]
    page = client.get(f"/stories/{first}").text
    assert 'id="related"' in page and f'href="/stories/{later}"' in page


def test_explained_page_answers_at_once_then_waits(store_path, ferry):
    """An explained story not yet computed is shown at once with a progress note; `wait` computes it."""
    record, _, _ = ferry
    with TestClient(create_app(store_path[0])) as fresh:
        started = time.monotonic()
        pending = fresh.get(f"/stories/{record.id}", params={"explain": "true"}).text
        assert time.monotonic() - started < 5 and 'id="explaining"' in pending and "<progress>" in pending
        assert f'data-page="/stories/{record.id}?explain=true&amp;wait=true"' in pending and 'id="explained"' not in pending
        assert not any(key[2] for key in fresh.app.state.site.stories)
        done = fresh.get(f"/stories/{record.id}", params={"explain": "true", "wait": "true"}).text
        assert 'id="explained"' in done and "credits Global Press Agency" in done
        again = fresh.get(f"/stories/{record.id}", params={"explain": "true"}).text
        assert 'id="explained"' in again and 'id="explaining"' not in again


def test_story_explained_by_compare_api_and_page(client, ferry):
    """`?explain=true` is `wiretrace story --explain`: links checked by compare, with their evidence, on the page too."""
    record, original, rewrite = ferry
    body = client.get(f"/api/stories/{record.id}", params={"explain": "true"}).json()
    links = {link["article"]: link for link in body["provenance"]}
    assert links[rewrite]["derived_from"] == original and links[rewrite]["relation"] in ("copy", "rewrite")
    assert any("credits Global Press Agency" in line for line in links[rewrite]["evidence"])
    plain = client.get(f"/stories/{record.id}").text
    page = client.get(f"/stories/{record.id}", params={"explain": "true"}).text
    assert 'id="explain"' in plain and "credits Global Press Agency" not in plain
    assert 'id="explained"' in page and "credits Global Press Agency" in page


@pytest.mark.parametrize("story_id", ["s0000000000000000", "sx", "s" + "f" * 40, "s%27%3B--"])
def test_unknown_story_is_404(client, story_id):
    response = client.get(f"/api/stories/{story_id}")
    assert response.status_code == 404 and "story" in response.json()["detail"]


def test_article_with_annotations(client, ferry):
    _, original, _ = ferry
    body = client.get(f"/api/articles/{original[:6]}").json()
    assert body["article"]["id"] == original and body["article"]["source"] == "Global Press Agency"
    assert body["sentences"] and body["quotes"] and body["entities"]
    assert any(t["resolved"] and t["resolved"].startswith("2024-12") for t in body["times"])


@pytest.mark.parametrize("article_id", ["zzzz", "12", "0000000000000000", "<script>"])
def test_bad_article_id_is_404(client, article_id):
    response = client.get(f"/api/articles/{article_id}")
    assert response.status_code == 404 and "article" in response.json()["detail"]


def test_compare_stored_articles(client, ferry):
    _, original, rewrite = ferry
    body = client.get("/api/compare", params={"a": original, "b": rewrite}).json()
    assert body["relation"] == "rewrite" and body["derived_from"] == "b"
    altered = [q for q in body["quotes"] if q["status"] == "altered"]
    assert altered and {"from": "seconds", "to": "minutes"} in altered[0]["changes"]
    assert body["facts"]
    assert ("stored", original, rewrite) in client.app.state.site.comparisons
    assert client.get("/api/compare", params={"a": original[:6], "b": rewrite}).json() == body


@pytest.mark.parametrize("params, status", [({"a": "0000000000000000", "b": "zzzz"}, 404), ({"a": "abcd"}, 422), ({}, 422)])
def test_compare_bad_ids(client, params, status):
    assert client.get("/api/compare", params=params).status_code == status


def test_compare_uploaded_files(client):
    wire = CORPUS / "wire" / "gpa" / "2024-02-08-peru-earthquake.txt"
    rewrite = CORPUS / "outlets" / "daily-sentinel" / "peru-earthquake-toll.txt"
    body = client.post("/api/compare", files={"file_a": (wire.name, wire.read_bytes()),
                                              "file_b": (rewrite.name, rewrite.read_bytes())}).json()
    assert body["a"]["source"] == "Global Press Agency" and body["b"]["source"] == "The Daily Sentinel"
    assert body["derived_from"] == "b" and body["relation"] == "rewrite"
    assert any(f["kind"] == "number" and "16" in f["b"] for f in body["facts"])
    page = client.post("/compare", files={"file_a": (wire.name, wire.read_bytes()),
                                          "file_b": (rewrite.name, rewrite.read_bytes())}).text
    assert "The Daily Sentinel</b> is a rewrite of <b>Global Press Agency" in page and 'href="/articles/' not in page


def test_compare_pasted_texts(client, examples):
    a, b = sorted(examples.glob("*.txt"))[:2]
    body = client.post("/api/compare", data={"text_a": a.read_text(encoding="utf-8"),
                                             "text_b": b.read_text(encoding="utf-8")}).json()
    assert body["relation"] == "rewrite"
    assert any(c["to"] == "asserting" for q in body["quotes"] for c in q["changes"])


@pytest.mark.parametrize("files, data, status, words", [
    ({"file_a": ("big.txt", b"word " * (LIMIT // 4))}, {"text_b": "Something."}, 413, "limit"),
    ({}, {"text_a": "w " * LIMIT, "text_b": "Something."}, 413, "limit"),
    ({}, {"text_a": "Only one side."}, 422, "empty"),
    ({"file_a": ("two.jsonl", b'{"text": "One article."}\n{"text": "Another article."}\n')}, {"text_b": "Some text."},
     422, "holds 2 articles"),
    ({"file_a": ("image.png", bytes(range(256)) * 8)}, {"text_b": "Some text."}, 415, "image.png"),
])
def test_bad_uploads_are_clear_4xx(client, files, data, status, words):
    response = client.post("/api/compare", files=files or None, data=data)
    assert response.status_code == status and words in response.json()["detail"]


def test_oversize_body_is_refused_before_parsing(client):
    response = client.post("/api/compare", files={"file_a": ("a.txt", b"x" * (3 * LIMIT)), "file_b": ("b.txt", b"y")})
    assert response.status_code == 413 and "KiB" in response.json()["detail"]
    chunked = client.post("/compare", content=iter([b"x" * LIMIT] * 4),
                          headers={"content-type": "multipart/form-data; boundary=zz"})
    assert chunked.status_code == 413 and "KiB" in chunked.text


def test_openapi_schema_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}", "/api/quotes",
            "/api/compare"} <= set(schema["paths"])
    assert all(schema["paths"][p]["get"]["summary"] for p in ("/api/articles", "/api/quotes"))
    assert {p["name"] for p in schema["paths"]["/api/articles"]["get"]["parameters"]} == {"q", "source", "limit", "offset"}
    assert set(schema["paths"]["/api/compare"]) == {"get", "post"}
    assert not any(p for p in schema["paths"] if not p.startswith("/api/"))


def test_pages_show_what_the_library_finds(client, ferry):
    record, original, rewrite = ferry
    stories = client.get("/", params={"entity": "Bautista"}).text
    assert record.headline in stories and "copy" in stories
    page = client.get(f"/stories/{record.id}").text
    assert page.count('class="node ') == len(record.articles) - sum(len(c) - 1 for c in record.copy_clusters)
    assert f'href="/compare?a={original}&amp;b={rewrite}"' in page
    compared = client.get("/compare", params={"a": original, "b": rewrite}).text
    assert '<mark class="del">seconds' in compared and '<mark class="ins">minutes' in compared
    assert "Manila Chronicle Online</b> is a rewrite of <b>Global Press Agency" in compared
    article = client.get(f"/articles/{original}").text
    assert 'class="entity person"' in article and "\u21922024-12-0" in article


def test_graph_stands_each_report_at_its_time(store_path):
    """One row per node in publication order, x growing with publication time, labels uncut, no text on an edge."""
    with Store(store_path[0]) as store:
        records = [story(store, s.id) for s in summaries(store)]
    for record in records:
        graph = provenance_graph(record)
        rows = [n.y for n in graph.nodes]
        assert rows == sorted(set(rows))
        dated = [n.x for n in graph.nodes if n.when != "undated"]
        assert dated == sorted(dated) and dated[0] == graph.nodes[0].x
        assert all("…" not in n.label and n.label == n.source for n in graph.nodes if len(n.source) < 60)
        assert all(n.x + n.width <= graph.width for n in graph.nodes)
        ticks = [t.x for t in graph.ticks]
        assert ticks == sorted(ticks) and ticks and ticks[0] >= dated[0] and ticks[-1] <= max(dated)
        assert graph.ticks[0].day.endswith(str(record.articles[0].published.year))
    inferred = next(n for r in records for n in provenance_graph(r).nodes if "inferred" in n.published)
    assert inferred.when.endswith("(inferred)") and inferred.width >= len(inferred.meta) * 6


def test_graph_puts_undated_reports_after_the_axis(ferry):
    record, original, rewrite = ferry
    assert [a.id for a in record.articles[-2:]][0] == rewrite       # the last two, so undated they keep their order
    undated = record.articles[:-2] + tuple(replace(a, published=None) for a in record.articles[-2:])
    graph = provenance_graph(replace(record, articles=undated))
    late = [n for n in graph.nodes if n.when == "undated"]
    assert len(late) == 2 and all(n.x == graph.undated_x > max(t.x for t in graph.ticks) for n in late)
    assert all(n.x < graph.undated_x for n in graph.nodes if n not in late)
    edge = next(e for e in graph.edges if e.target == rewrite)
    assert edge.source == original and edge.path.endswith(f"H{graph.undated_x}")


@pytest.mark.parametrize("url, status", [("/stories/s0000000000", 404), ("/articles/zzzz", 404),
                                         ("/?since=yesterday", 422), ("/?limit=0", 422), ("/compare?a=abcd", 422),
                                         ("/nowhere", 404)])
def test_page_errors_are_pages(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert 'class="error-message"' in response.text


def test_error_pages_say_whose_fault(store_path):
    """A 500 is the server's error, not the visitor's; each status has its own heading."""
    app = create_app(store_path[0])

    def boom():
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        failed = c.get("/boom")
        too_long = c.get("/articles/" + "a" * 10_000)
    assert failed.status_code == 500 and "<h1>Server error</h1>" in failed.text and "Cannot do that" not in failed.text
    assert too_long.status_code == 414 and "<h1>Address too long</h1>" in too_long.text


def test_compare_form_errors_keep_the_form(client):
    response = client.post("/compare", data={"text_a": "A text.", "text_b": ""})
    assert response.status_code == 422 and "is empty" in response.text and "A text." in response.text
    response = client.post("/compare", files={"file_a": ("big.txt", b"x" * (LIMIT + 1))}, data={"text_b": "B."})
    assert response.status_code == 413 and f"{LIMIT // 1024} KiB" in response.text and "<form" in response.text


def test_hostile_article_is_escaped_everywhere(client, store_path):
    path, hostile = store_path
    with Store(path) as store:
        story_id = store.story_of(hostile)
    article = client.get(f"/articles/{hostile}")
    pages = [article.text, client.get(f"/stories/{story_id}").text, client.get("/", params={"q": "Rui Falcao"}).text,
             client.get("/articles", params={"q": "Rui Falcao"}).text,
             client.get("/quotes", params={"q": "We will not go back until the contract is signed"}).text,
             client.get("/", params={"source": "harbour"}).text, client.get("/articles", params={"source": "gazette"}).text,
             client.get("/api").text, client.get(f"/stories/{story_id}", params={"explain": True, "wait": True}).text]
    assert all("Harbour Gazette" in page for page in pages[5:7]), "the outlet suggestions offer the hostile outlet"
    for page in pages:
        assert "<script>window" not in page and "<img src=x" not in page and "<b>" not in page and "<style>" not in page
    assert "&lt;script&gt;window.__pwned=&#39;text&#39;" in article.text and "&lt;b&gt;walked out&lt;/b&gt;" in article.text
    assert "&lt;img src=x" in pages[1] and "&lt;img src=x" in pages[3]
    assert "contract&lt;/a&gt;" in pages[4]
    assert 'href="javascript:' not in article.text
    assert article.headers["content-security-policy"].startswith("default-src 'none'")


def test_nothing_written_to_the_store(store_path, client, ferry):
    before = content_digest(store_path[0])
    record, original, rewrite = ferry
    for url in ["/", f"/stories/{record.id}", f"/articles/{original}", f"/compare?a={original}&b={rewrite}",
                "/api/stories", f"/api/stories/{record.id}", f"/api/articles/{original}", "/articles", "/api/articles",
                "/quotes?q=the+waves+were+very+big", "/api/quotes?q=the+waves+were+very+big"]:
        assert client.get(url).status_code == 200
    assert content_digest(store_path[0]) == before


def test_cached_story_sees_an_added_article(store_path, ferry, tmp_path):
    record, original, _ = ferry
    copy = tmp_path / "news.db"
    shutil.copy(store_path[0], copy)
    with TestClient(create_app(copy)) as reader:
        before = reader.get(f"/api/stories/{record.id}").json()
        assert reader.get(f"/api/stories/{record.id}").json() == before
        with Store(copy) as store:
            wire = store.article(original)
            reprint = tmp_path / "reprint.txt"
            reprint.write_text(f"title: {wire.title}\nsource: Harbour Gazette\npublished: 2024-12-08T10:00:00+00:00\n\n"
                               f"{wire.text}", encoding="utf-8")
            assert ingest(store, [reprint]).added
        after = reader.get(f"/api/stories/{record.id}").json()
    assert len(after["articles"]) == len(before["articles"]) + 1 and "Harbour Gazette" in after["sources"]


def test_serve_refuses_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store here; `wiretrace add FILES --db" in result.output   # as other commands


def test_serve_binds_loopback_by_default(store_path, tmp_path):
    with httpx.Client() as http:
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "serve", "--db", str(store_path[0]),
                                   "--port", str(port), "--json"], stdout=subprocess.PIPE, text=True)
        try:
            assert f'"url": "http://127.0.0.1:{port}/"' in server.stdout.readline() + server.stdout.readline()
            for _ in range(100):
                try:
                    response = http.get(f"http://127.0.0.1:{port}/api/stories", params={"limit": 1})
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            assert response.status_code == 200 and response.json()["count"] == 1
        finally:
            server.terminate()
            server.wait(10)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
