"""A newcomer's first pages, on a small story written for these tests: an agency report on a footbridge collapse, a
paper's copy of it, an untitled clipping the next day, the agency's follow-up two days on and a paper's copy of that.

The agency has two reports in the story, so a timeline that names only the outlet a report derives from leaves the
reader guessing which; the pages and the API must also answer as the CLI does for the same store."""

import html
import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wiretrace import Store, ingest
from wiretrace.annotations import Annotations, Sentence
from wiretrace.article import Article
from wiretrace.cli import app as cli_app
from wiretrace.render import short_id
from wiretrace.stories import headline, story, summaries
from wiretrace.web import create_app

LEAD = ("A pedestrian footbridge over the Ravelo river collapsed in the town of Marrinha on Wednesday morning, injuring "
        "14 people who were crossing it on their way to the market, the regional civil protection agency said.")
FIRST = f"""MARRINHA, April 2 (HW) - {LEAD}

Three of the injured were in serious condition at the Santa Clara hospital, agency spokeswoman Ines Vasconcelos told
reporters at the scene.

"The structure gave way in the middle, and people fell about six metres into shallow water," Vasconcelos said.

The 40-metre steel bridge had been closed for repairs for two months last year. Mayor Tomas Ferreira said the town
council would order an independent inspection of its other two river crossings.
"""
FOLLOW_UP = """MARRINHA, April 4 (HW) - Inspectors examining the footbridge that collapsed over the Ravelo river in Marrinha on
Wednesday found badly corroded bolts at the joint where the span broke, Mayor Tomas Ferreira said on Friday.

Two of the 14 people injured in the collapse remain in hospital, the civil protection agency said. Spokeswoman Ines
Vasconcelos said one of them, a 71-year-old market trader, was no longer in serious condition.

"The bolts at the central joint were eaten through. That should have been seen at the last repair," Ferreira said
at a news conference in the town hall.

The company that repaired the bridge last year, Ponte Norte, said it had not been asked to replace the joint.
"""
CLIPPING = """Rescue workers stand beside the broken span of the Ravelo footbridge in Marrinha. - HW/File

MARRINHA, April 3 (HW) - Engineers began lifting the broken span of the Ravelo river footbridge out of the water on
Thursday, a day after its collapse injured 14 people in Marrinha, the civil protection agency said.

"We will not reopen either of the other two crossings until inspectors have been over every bolt," Mayor Tomas
Ferreira said.
"""
FILES = {
    "wire-collapse.txt": ("Footbridge collapses over the Ravelo river in Marrinha, injuring 14", "Harbour Wire",
                          "2025-04-02T09:10:00+00:00", FIRST),
    "post-collapse.txt": ("Marrinha footbridge collapse injures 14", "Valley Post", "2025-04-02T12:40:00+00:00", FIRST),
    "wire-bolts.txt": ("Marrinha bridge inspectors find corroded bolts after collapse", "Harbour Wire",
                       "2025-04-04T16:30:00+00:00", FOLLOW_UP),
    "coast-bolts.txt": ("Corroded bolts found in collapsed Marrinha footbridge", "Coast Daily",
                        "2025-04-04T19:05:00+00:00", FOLLOW_UP),
}


def bridge_store(folder) -> tuple:
    """(store path, the story): the five reports written to `folder` and added as `wiretrace add` adds them."""
    for name, (title, source, published, text) in FILES.items():
        (folder / name).write_text(f"title: {title}\nsource: {source}\npublished: {published}\n\n{text}",
                                   encoding="utf-8")
    (folder / "clipping.txt").write_text(f"published: 2025-04-03\n\n{CLIPPING}", encoding="utf-8")
    path = folder / "news.db"
    with Store(path) as store:
        report = ingest(store, [folder / name for name in [*FILES, "clipping.txt"]])
        assert len(report.added) == 5 and not report.rejected
        found = summaries(store)
        assert len(found) == 1, "the five reports are one story"
        return path, story(store, found[0].id)


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    return bridge_store(tmp_path_factory.mktemp("bridge"))


@pytest.fixture(scope="module")
def client(bridge):
    with TestClient(create_app(bridge[0]), raise_server_exceptions=False) as c:
        yield c


def derived_cells(page: str) -> dict[str, str]:
    """Timeline row article id -> (href, text) of its 'derived from' link."""
    rows = re.findall(r'<tr data-article="(\w+)">(.*?)</tr>', page, re.S)
    cells = {}
    for article, row in rows:
        link = re.search(r'<a class="derived-from" href="([^"]+)">([^<]+)</a>', row)
        if link:
            cells[article] = link.groups()
    return cells


def test_a_derived_report_names_which_of_an_outlets_reports_it_came_from(client, bridge):
    record = bridge[1]
    sources = {a.id: a.source for a in record.articles}
    derived = {link.article: link.derived_from for link in record.provenance if link.derived_from}
    assert len({sources[s] for s in derived.values()}) < len(set(derived.values())), \
        "the story must hold two derived reports whose sources are one outlet's two reports"
    cells = derived_cells(client.get(f"/stories/{record.id}").text)
    assert set(cells) == set(derived)
    for article, source in derived.items():
        href, text = cells[article]
        assert href == f"/articles/{source}" and text.startswith(sources[source])
    labels = {derived[a]: cells[a][1] for a in derived}
    assert len(set(labels.values())) == len(labels), f"one label for two source reports: {labels}"


def test_an_untitled_report_is_listed_by_what_it_says_not_by_its_caption(bridge):
    record = bridge[1]
    clipping = next(a for a in record.articles if not a.title)
    assert record.title_of(clipping).startswith("Engineers began lifting")


def test_a_dateline_the_parser_made_a_sentence_of_is_no_headline():
    caption = "Rescue workers stand beside the broken span of the Ravelo footbridge in Marrinha. - HW/File"
    dateline, lead = "MARRINHA, April 3 (HW) -", "Engineers began lifting the broken span out of the water."
    text = f"{caption}\n\n{dateline} {lead}"
    article = Article(text=text, published=date(2025, 4, 3))
    spans = [(caption, 0, "caption"), (dateline, 1, None), (lead, 1, None)]
    sentences = tuple(Sentence(n, text.index(part), text.index(part) + len(part), part, paragraph, kind)
                      for n, (part, paragraph, kind) in enumerate(spans))
    assert headline([article], Annotations(article.id, sentences, (), (), ())) == lead


def test_the_api_link_opens_a_page_a_person_reads_listing_every_endpoint(client):
    home = client.get("/").text
    assert 'href="/api"' in home and 'href="/api/openapi.json"' not in home
    page = client.get("/api")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        assert f'data-path="{path}"' in page.text
        for op in operations.values():
            for param in op.get("parameters", ()):
                assert f"<code>{param['name']}</code>" in page.text
    for field in ("file_a", "file_b", "text_a", "text_b"):
        assert f"<code>{field}</code>" in page.text


def test_each_address_the_api_page_offers_answers_on_this_store(client, bridge):
    examples = re.findall(r'<a class="example" href="([^"]+)">', client.get("/api").text)
    paths = {e.split("?")[0] for e in examples}
    assert f"/api/stories/{short_id(bridge[1].id)}" in paths and "/api/quotes" in paths and "/api/compare" in paths
    for address in examples:
        if not address.startswith("/api/compare"):
            response = client.get(address.replace("&amp;", "&"))
            assert response.status_code == 200, (address, response.text)
    quote = client.get(next(e for e in examples if e.startswith("/api/quotes")).replace("&amp;", "&")).json()
    assert quote["hits"], "the quotation offered is found"


def test_the_stories_address_is_the_stories_list(client):
    response = client.get("/stories?q=footbridge", follow_redirects=False)
    assert response.status_code in (301, 302, 307, 308) and response.headers["location"] == "/?q=footbridge"
    assert "Footbridge collapses" in client.get("/stories?q=footbridge").text


def test_an_article_id_given_for_a_story_points_to_its_story_as_the_cli_does(client, bridge, tmp_path):
    record = bridge[1]
    article = short_id(record.articles[-1].id)
    cli = CliRunner().invoke(cli_app, ["story", article, "--db", str(bridge[0])])
    assert cli.exit_code == 2
    api = client.get(f"/api/stories/{article}")
    assert api.status_code == 404 and api.json()["detail"] in cli.output
    page = client.get(f"/stories/{article}")
    assert page.status_code == 404 and f'href="/stories/{record.id}"' in page.text
    page = client.get(f"/articles/{short_id(record.id)}")
    assert page.status_code == 404 and "is a story, not an article" in page.text
    assert f'href="/stories/{record.id}"' in page.text


def test_a_bad_date_reads_the_same_on_the_api_as_on_the_page(client):
    page = client.get("/?since=last-week")
    api = client.get("/api/stories?since=last-week")
    assert page.status_code == api.status_code == 422
    assert api.json()["detail"] in html.unescape(page.text) and "YYYY-MM-DD" in api.json()["detail"]


def test_the_api_stories_carry_every_field_of_the_cli_stories_json(client, bridge):
    cli = CliRunner().invoke(cli_app, ["stories", "--json", "--db", str(bridge[0])])
    assert cli.exit_code == 0
    expected = json.loads(cli.output)
    rows = client.get("/api/stories").json()["stories"]
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert {k: row[k] for k in want} == want


def test_every_page_names_an_icon_the_server_has(client, bridge):
    for address in ("/", f"/stories/{bridge[1].id}", "/articles", "/quotes", "/compare", "/api", "/nowhere"):
        icon = re.search(r'<link rel="icon" href="([^"]+)"', client.get(address).text)
        assert icon, address
        assert client.get(icon.group(1)).status_code == 200


def test_an_empty_pasted_text_is_named_as_pasted_not_as_a_file_the_visitor_never_chose(client):
    body = client.post("/api/compare", data={"text_a": FIRST, "text_b": "  "})
    assert body.status_code == 422
    assert body.json()["detail"].startswith("b (pasted text):") and ".txt" not in body.json()["detail"]
    page = client.post("/compare", data={"text_a": FIRST, "text_b": ""})
    assert page.status_code == 422 and "b (pasted text): is empty" in page.text


def test_part_of_an_outlets_name_offers_the_outlets_it_names(client, bridge):
    page = client.get("/?source=harbour").text
    links = re.findall(r'<p class="outlets-like".*?</p>', page, re.S)
    assert links and "Harbour Wire" in links[0] and "0 stories" in page
    href = html.unescape(re.search(r'href="([^"]+)">Harbour Wire</a>', links[0]).group(1))
    assert bridge[1].headline in client.get(href).text
    page = client.get("/articles?source=daily").text
    assert re.search(r'href="/articles\?[^"]*source=Coast\+Daily[^"]*">Coast Daily</a>', page)
    assert "Harbour Wire" not in re.findall(r'<p class="outlets-like".*?</p>', page, re.S)[0]
    for whole in ("/?source=harbour+wire", "/articles?source=Valley+Post", "/articles?source=nobody"):
        assert 'class="outlets-like"' not in client.get(whole).text, whole


def test_a_comparison_reached_from_a_timeline_leads_back_to_its_story(client, bridge):
    record = bridge[1]
    link = next(link for link in record.provenance if link.derived_from)
    page = client.get(f"/compare?a={short_id(link.derived_from)}&b={short_id(link.article)}").text
    assert re.search(rf'<a class="story-link" href="/stories/{record.id}#timeline">', page)
    sources = {a.id: a.source for a in record.articles}
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert sources[link.derived_from] in title and sources[link.article] in title


def test_an_api_address_that_is_not_one_points_to_the_api_page(client):
    assert "JSON API" in client.get("/api/").text
    for address in ("/api/story/1234", "/api/stories/x/y", "/api/nothing"):
        response = client.get(address)
        assert response.status_code == 404 and "/api lists" in response.json()["detail"], address


def test_a_quotation_nobody_said_is_one_plain_line(client):
    page = client.get("/quotes?q=the+tide+tables+were+printed+upside+down").text
    found = re.findall(r'<p class="muted" id="found">(.*?)</p>', page, re.S)
    assert found == ["No stored quotation is close to it."]
    page = client.get("/quotes?q=structure+gave+way+in+the+middle").text
    found = re.findall(r'<p class="muted" id="found">(.*?)</p>', page, re.S)
    assert len(found) == 1 and re.match(r"1 wording in\s+\d+ articles?\.", found[0])


def test_an_untitled_report_without_a_source_reads_as_the_cli_shows_it(client, bridge):
    path, record = bridge
    clipping = next(a for a in record.articles if not a.title)
    cli = CliRunner().invoke(cli_app, ["article", short_id(clipping.id), "--json", "--db", str(path)])
    credited = json.loads(cli.output)["article"]["credit"]
    assert credited and client.get(f"/api/articles/{short_id(clipping.id)}").json()["article"]["credit"] == credited
    lead = record.title_of(clipping)
    row = re.search(rf'<tr data-article="{clipping.id}">(.*?)</tr>', client.get("/articles").text, re.S).group(1)
    assert f"({credited})" in row and lead in html.unescape(row)
    page = html.unescape(client.get(f"/articles/{clipping.id}").text)
    assert re.search(r"<h1>.*?</h1>", page, re.S).group(0).count(lead) == 1
    assert re.search(rf"<dt>Credit</dt><dd>{re.escape(credited)} ", page)
    story_page = html.unescape(client.get(f"/stories/{record.id}").text)
    timeline_row = re.search(rf'<tr data-article="{clipping.id}">(.*?)</tr>', story_page, re.S).group(1)
    assert f"<td>({credited})</td>" in timeline_row


def test_the_outlets_carrying_a_quotation_or_a_fact_link_to_their_reports(client, bridge):
    from wiretrace.lineage import quote_lineage, story_facts

    path, record = bridge
    with Store(path) as store:
        quotes, facts = quote_lineage(store, record.id), story_facts(store, record.id)
    page = client.get(f"/stories/{record.id}").text
    groups = re.findall(r'<div class="quote-group.*?</div>', page, re.S)
    assert len(groups) == len(quotes.groups) > 0
    for group, html_group in zip(quotes.groups, groups):
        variants = re.findall(r'<li class="variant.*?</li>', html_group, re.S)
        for variant, html_variant in zip(group.variants, variants):
            linked = re.findall(r'<a class="carrier" href="/articles/(\w+)">', html_variant)
            assert linked == list(dict.fromkeys(variant.articles))
    claims = re.findall(r'<tr class="claim.*?</tr>', page, re.S)
    assert len(claims) == len(facts.facts)
    for claim, html_claim in zip(facts.facts, claims):
        linked = set(re.findall(r'<a class="carrier" href="/articles/(\w+)">', html_claim))
        assert linked == {a for value in claim.values for a in value.articles}
    assert "unknown source" not in page and "None" not in page


def test_a_quotation_found_in_a_report_without_a_source_names_its_credited_agency(client, bridge):
    path, record = bridge
    clipping = next(a for a in record.articles if not a.source)
    with Store(path) as store:
        quotes = store.annotations(clipping.id).quotes
    assert quotes, "the clipping quotes the mayor"
    page = client.get("/quotes", params={"q": quotes[0].text}).text
    carriers = re.findall(rf'<a class="article" href="/articles/{clipping.id}">([^<]+)</a>', page)
    assert carriers and all(c.startswith("(") and c.endswith(")") for c in carriers)
    assert "unknown source" not in page


def test_an_empty_store_says_how_to_fill_it_rather_than_that_nothing_matches(tmp_path, client):
    path = tmp_path / "empty.db"
    Store(path).close()
    with TestClient(create_app(path)) as empty:
        for address in ("/", "/articles", "/?q=bridge", "/articles?source=Coast+Daily"):
            page = empty.get(address).text
            assert 'id="empty-store"' in page and "wiretrace add" in page and "matches" not in page, address
            assert str(tmp_path) not in page
    for address in ("/", "/articles", "/?q=nothing+like+this", "/articles?q=nothing+like+this"):
        assert 'id="empty-store"' not in client.get(address).text, address


def test_an_explained_links_evidence_links_the_reports_it_names(client, bridge):
    record = bridge[1]
    page = client.get(f"/stories/{record.id}?explain=true&wait=true").text
    evidence = re.findall(r'<div class="evidence muted">(.*?)</div>', page, re.S)
    assert evidence, "the explained timeline gives each link's evidence"
    ids = {a.id for a in record.articles}
    assert any('href="/articles/' in text for text in evidence), "an identical copy's evidence names its source"
    for text in evidence:
        assert not any(article in re.sub(r"<a [^>]+>", "", text) for article in ids), text
        for href in re.findall(r'href="/articles/(\w+)"', text):
            assert href in ids


def test_a_comparison_posted_as_json_is_told_which_encoding_to_use(client):
    response = client.post("/api/compare", json={"text_a": FIRST, "text_b": FOLLOW_UP})
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert "application/json" in detail and "multipart/form-data" in detail and "text_a" in detail
    form = client.post("/api/compare", data={"text_a": FIRST, "text_b": FIRST})
    assert form.status_code == 200 and form.json()["relation"] == "identical"


def test_a_file_of_several_articles_is_refused_naming_the_file_the_visitor_chose(client, tmp_path):
    lines = [json.dumps({"title": title, "source": source, "published": published, "text": text})
             for title, source, published, text in FILES.values()]
    files = {"file_a": ("bridge-reports.jsonl", "\n".join(lines).encode(), "application/x-ndjson")}
    response = client.post("/api/compare", files=files, data={"text_b": FIRST})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("a: bridge-reports.jsonl:") and "4 articles" in detail
    assert "wiretrace add bridge-reports.jsonl" in detail and "/tmp" not in detail and "wiretrace-" not in detail


def test_an_inferred_date_names_the_file_it_came_from_not_the_servers_folders(tmp_path, bridge):
    folder = tmp_path / "desk" / "incoming"
    folder.mkdir(parents=True)
    (folder / "wire-collapse.txt").write_text(f"title: Footbridge collapses\nsource: Harbour Wire\n"
                                              f"published: 2025-04-02T09:10:00+00:00\n\n{FIRST}", encoding="utf-8")
    (folder / "river-gazette.txt").write_text("title: Marrinha counts the cost of its fallen footbridge\n"
                                              "source: River Gazette\n\n" + FOLLOW_UP.replace("April 4 (HW)", "April 5"),
                                              encoding="utf-8")
    path = tmp_path / "desk.db"
    with Store(path) as store:
        ingest(store, [folder])
        dated = next(a for a in store.articles(source="River Gazette"))
    assert dated.published_inferred and str(folder) in dated.published_note
    with TestClient(create_app(path)) as desk:
        page = desk.get(f"/articles/{dated.id}").text
    note = html.unescape(re.search(r"<dt>Published</dt><dd>(.*?)</dd>", page, re.S).group(1))
    assert "wire-collapse.txt" in note and str(tmp_path) not in note and "/incoming/" not in note
