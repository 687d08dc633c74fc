"""End to end in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

The demo corpus is served on 127.0.0.1 by uvicorn in a thread; the tests read
what a person sees. Screenshots go to $WIRETRACE_SCREENSHOTS when set
(docs/screenshots/ for the README), else to a temporary folder.
"""

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from wiretrace import Store
from wiretrace.stories import story, summaries
from wiretrace.web import create_app
from web_support import HOSTILE, web_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs the system chromium and chromedriver: apt-get install chromium chromium-driver")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return web_store(tmp_path_factory)


@pytest.fixture(scope="module")
def server(store_path):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(store_path[0]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WIRETRACE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def ferry(store_path):
    with Store(store_path[0]) as store:
        return story(store, next(s.id for s in summaries(store, search="Santa Lucia Express")))


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def follow(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one.

    While the old page is being torn down, chromedriver can answer a question
    about its element with a generic error ("Node with given id does not belong
    to the document") rather than a stale reference: that too means the page is
    going, so the wait asks again.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element("tag name", "html")
    element.click()
    WebDriverWait(driver, 60, ignored_exceptions=[WebDriverException]).until(expected_conditions.staleness_of(page))


def rgb(colour: str) -> tuple[int, ...]:
    """'rgb(31, 78, 153)' and 'rgba(31, 78, 153, 1)' alike, as three numbers."""
    return tuple(int(n) for n in re.findall(r"\d+", colour)[:3])


def marked_words(element, cls: str) -> set[str]:
    """The words inside the <mark> elements of a class, without the punctuation that sticks to them."""
    return {w.strip(".,;:!?\"'()“”") for m in element.find_elements("css selector", f"mark.{cls}")
            for w in m.text.split()}


def test_stories_page_badges(browser, server, ferry):
    """Each story says how many outlets carried it, and is flagged where a quotation was altered or a fact disputed."""
    browser.get(server + "/")
    expected = {s["id"]: s for s in httpx.get(server + "/api/stories").json()["stories"]}
    assert any(s["altered_quotes"] for s in expected.values()) and any(s["disputed_facts"] for s in expected.values())
    for row in css(browser, "table.stories tbody tr[data-story]"):
        story_row = expected[row.get_attribute("data-story")]
        badges = {b.get_attribute("class").split()[-1]: b.text for b in row.find_elements("css selector", ".badge")}
        assert badges["outlets"] == f"{story_row['outlets']} outlet{'s' if story_row['outlets'] != 1 else ''}"
        assert ("altered" in badges) == bool(story_row["altered_quotes"])
        assert ("disputed" in badges) == bool(story_row["disputed_facts"])
        if story_row["altered_quotes"]:
            assert badges["altered"].startswith(f"{story_row['altered_quotes']} quotation")
    row = css(browser, f'table.stories tr[data-story="{ferry.id}"]')[0]
    assert row.find_element("css selector", ".badge.altered").value_of_css_property("background-color") != \
        row.find_element("css selector", ".badge.outlets").value_of_css_property("background-color")
    follow(browser, row.find_element("css selector", ".badge.altered"))
    assert browser.current_url.endswith(f"/stories/{ferry.id}#quotes") and css(browser, "#quotes .quote-group.altered")


def test_articles_page_lists_searches_and_pages(browser, server, shots, store_path):
    browser.get(server + "/articles?limit=20")
    with Store(store_path[0]) as store:
        oldest = [a.id for a in store.articles(limit=21)]
        ferry_ids = [a.id for a in store.articles(search="ferry")]
    assert [r.get_attribute("data-article") for r in css(browser, "table.article-list tbody tr")] == oldest[:20]
    follow(browser, css(browser, "nav.pages a[rel=next]")[0])
    assert css(browser, "table.article-list tbody tr")[0].get_attribute("data-article") == oldest[20]
    browser.get(server + "/articles")
    css(browser, "input[name=q]")[0].send_keys("ferry")
    follow(browser, css(browser, "form.filters button")[0])
    rows = css(browser, "table.article-list tbody tr")
    assert [r.get_attribute("data-article") for r in rows] == ferry_ids
    assert [a["id"] for a in httpx.get(server + "/api/articles", params={"q": "ferry"}).json()["articles"]] == ferry_ids
    assert all(r.find_elements("css selector", "a.story") for r in rows)
    browser.save_screenshot(str(shots / "articles.png"))
    outlet = rows[0].find_element("css selector", "a.source").text
    follow(browser, rows[0].find_element("css selector", "a.source"))
    assert {r.find_element("css selector", "a.source").text for r in css(browser, "table.article-list tbody tr")} == {outlet}
    title = css(browser, "table.article-list a.title")[0]
    expected = title.text
    follow(browser, title)
    assert css(browser, "h1")[0].text == expected


def test_quote_search_finds_every_wording(browser, server, shots):
    browser.get(server + "/")
    follow(browser, next(a for a in css(browser, "header nav a") if a.text == "Quotes"))
    css(browser, "input[name=q]")[0].send_keys("The waves were very big and the boat tilted to one side, then it was "
                                               "over in seconds")
    follow(browser, css(browser, "form.quote-search button")[0])
    truth = httpx.get(server + "/api/quotes", params={"q": css(browser, "input[name=q]")[0].get_attribute("value")}).json()
    wordings = css(browser, "section.wording")
    assert len(wordings) == len({h["text"] for h in truth["hits"]}) >= 2
    assert [w.get_attribute("data-kind") for w in wordings] == list({h["text"]: h["kind"] for h in truth["hits"]}.values())
    altered = next(w for w in wordings if w.get_attribute("data-kind") == "altered")
    assert marked_words(altered, "ins") == {"minutes"}
    assert len(css(browser, "ul.carriers a.article")) == len(truth["hits"])
    browser.save_screenshot(str(shots / "quotes.png"))
    follow(browser, altered.find_element("css selector", "a.story"))
    assert "#quotes" in browser.current_url and css(browser, "#quotes .quote-group")


def test_stories_page_lists_and_filters(browser, server, shots, ferry):
    browser.get(server + "/")
    rows = css(browser, "table.stories tbody tr[data-story]")
    expected = httpx.get(server + "/api/stories").json()["stories"]
    assert [r.get_attribute("data-story") for r in rows] == [s["id"] for s in expected]
    first = rows[0].text
    assert expected[0]["headline"] in first and f"{expected[0]['independent']} independent" in first
    assert all(f"{expected[0][kind]} {word}" in first for kind, word in (("copies", "cop"), ("rewrites", "rewrite"))
               if expected[0][kind])
    browser.save_screenshot(str(shots / "stories.png"))
    css(browser, "input[name=entity]")[0].send_keys("Bautista")
    follow(browser, css(browser, "form.filters button")[0])
    assert [a.text for a in css(browser, "table.stories a.headline")] == [ferry.headline]


def test_story_page_draws_the_provenance_graph(browser, server, shots, ferry):
    browser.get(server + "/")
    follow(browser, next(a for a in css(browser, "a.headline") if a.text == ferry.headline))
    assert css(browser, "h1")[0].text == ferry.headline
    relation = {link.article: link.relation for link in ferry.provenance}
    nodes = css(browser, "svg.provenance a.node")
    collapsed = [c for c in ferry.copy_clusters if len(c) > 1]
    assert len(nodes) == len(ferry.articles) - sum(len(c) - 1 for c in collapsed)
    for node in nodes:
        assert relation[node.get_attribute("data-article")] in node.get_attribute("class").split()
    fills = {node.get_attribute("class"): node.find_element("css selector", "rect.card").value_of_css_property("fill")
             for node in nodes}
    assert len(set(fills.values())) == len(set(fills)) >= 2          # one colour per relation
    counted = [n for n in nodes if n.get_attribute("data-copies") != "0"]
    assert len(counted) == len(collapsed) and all("+1 copy" in n.text or "copies" in n.text for n in counted)
    assert len(css(browser, "svg.provenance g.edge")) >= 1 and not css(browser, "svg.provenance g.edge text")
    derived = [n for n in nodes if ferry_link(ferry, n).derived_from]
    assert derived and all(n.text.endswith("% shared") for n in derived)
    browser.save_screenshot(str(shots / "story.png"))


def ferry_link(ferry, node):
    return next(link for link in ferry.provenance if link.article == node.get_attribute("data-article"))


def test_graph_labels_fit_their_nodes_and_no_line_runs_behind_one(browser, server, store_path):
    """Every label inside its card (none cut, as '(infe' was), and no edge crosses a node's card."""
    with Store(store_path[0]) as store:
        ids = [s.id for s in summaries(store)]
    for story_id in ids:
        browser.get(f"{server}/stories/{story_id}")
        overflow = browser.execute_script("""
            const out = [];
            document.querySelectorAll("svg.provenance a.node").forEach((node) => {
              const card = node.querySelector("rect.card").getBBox();
              node.querySelectorAll("text").forEach((t) => {
                const box = t.getBBox();
                if (box.x < card.x || box.x + box.width > card.x + card.width) out.push(t.textContent);
              });
            });
            return out;""")
        assert overflow == [], story_id
        crossed = browser.execute_script("""
            const cards = [...document.querySelectorAll("svg.provenance rect.card")].map((r) => r.getBBox());
            const out = [];
            document.querySelectorAll("svg.provenance g.edge path").forEach((path) => {
              const length = path.getTotalLength();
              for (let at = 0; at <= length; at += 2) {
                const p = path.getPointAtLength(at);
                if (cards.some((c) => p.x > c.x + 1 && p.x < c.x + c.width - 1 && p.y > c.y + 1 && p.y < c.y + c.height - 1))
                  { out.push(path.parentNode.dataset.target); break; }
              }
            });
            return out;""")
        assert crossed == [], story_id


def test_graph_has_a_time_axis_and_a_legend(browser, server, shots, ferry):
    browser.get(f"{server}/stories/{ferry.id}")
    days = [t.text for t in css(browser, "svg.provenance .axis text.day")]
    assert days and days[0].endswith("2024") and all(d.split()[1] == "Dec" for d in days)
    left = {n.get_attribute("data-article"): float(n.find_element("css selector", "rect.card").get_attribute("x"))
            for n in css(browser, "svg.provenance a.node")}
    shown = [a for a in ferry.articles if a.id in left]
    assert [left[a.id] for a in shown] == sorted(left[a.id] for a in shown)        # publication time left to right
    assert left[shown[-1].id] > left[shown[0].id]
    ticks = [float(t.get_attribute("x1")) for t in css(browser, "svg.provenance .axis line.grid")]
    assert len(ticks) >= 2 and ticks == sorted(ticks)
    legend = {item.find_element("css selector", ".rel").text: item for item in css(browser, "ul.relations li")}
    assert {"original", "copy", "rewrite", "independent", "follow-up"} <= set(legend)
    assert all(len(item.text) > len(name) + 10 for name, item in legend.items())          # each says what it means
    for node in css(browser, "svg.provenance a.node"):
        kind = node.get_attribute("class").split()[-1]
        fill = node.find_element("css selector", "rect.card").value_of_css_property("fill")
        swatch = legend[kind].find_element("css selector", ".rel").value_of_css_property("background-color")
        assert rgb(fill) == rgb(swatch), kind
    css(browser, "svg.provenance")[0].screenshot(str(shots / "graph.png"))


def test_explaining_shows_progress_then_the_checked_links(browser, server, ferry):
    """The explained view (about a second per article) answers at once with a note of the work in progress; the
    checked links replace it when they are ready."""
    from selenium.webdriver.support.wait import WebDriverWait

    browser.get(f"{server}/stories/{ferry.id}")
    started = time.monotonic()
    follow(browser, css(browser, "a#explain")[0])
    assert time.monotonic() - started < 5
    assert "Checking each link with compare" in css(browser, "#explaining")[0].text and css(browser, "#explaining progress")
    WebDriverWait(browser, 120).until(lambda b: css(b, "p#explained"))
    assert not css(browser, "#explaining")
    assert any("credits Global Press Agency" in e.text for e in css(browser, "table.timeline .evidence"))
    first, last = ferry.articles[0].id, ferry.articles[-1].id
    css(browser, f'input[name=a][value="{first}"]')[0].click()
    css(browser, f'input[name=b][value="{last}"]')[0].click()
    assert css(browser, "#compare-picked")[0].is_enabled()                   # the new timeline's script is bound


def test_story_page_shows_quote_and_fact_lineage(browser, server, ferry):
    browser.get(f"{server}/stories/{ferry.id}")
    truth = httpx.get(f"{server}/api/stories/{ferry.id}").json()
    groups = css(browser, ".quotes-panel .quote-group")
    assert len(groups) == len(truth["quotes"])
    for shown, group in zip(groups, truth["quotes"]):
        assert ("altered" in shown.get_attribute("class").split()) == group["altered"]
        marked = marked_words(shown, "ins")
        assert all(set(c["to"].split()) <= marked for v in group["variants"] if v["kind"] == "altered"
                   for c in v["changes"])
    claims = css(browser, ".facts-panel tr.claim")
    assert [c.get_attribute("class").split()[-1] for c in claims] == [f["status"] for f in truth["facts"]]
    assert all(v["value"] in claim.text for claim, fact in zip(claims, truth["facts"]) for v in fact["values"])


def test_compare_from_the_story_page(browser, server, shots, ferry):
    browser.get(f"{server}/stories/{ferry.id}")
    rewrite = next(a.id for a in ferry.articles if a.source == "Manila Chronicle Online")
    row = css(browser, f'table.timeline tr[data-article="{rewrite}"]')[0]
    follow(browser, row.find_element("css selector", "a.compare-link"))
    summary = css(browser, ".summary-box")[0].text
    assert "Manila Chronicle Online is a rewrite of Global Press Agency" in summary and "quotes altered" in summary
    original = next(link.derived_from for link in ferry.provenance if link.article == rewrite)
    truth = httpx.get(f"{server}/api/compare", params={"a": original, "b": rewrite}, timeout=60).json()
    shown = [cell.text.split("\n")[0] for cell in css(browser, "table.alignment td.label")]
    assert set(shown) == {s["label"] for s in truth["sentences"]}
    altered = css(browser, "table.quotes tr.quote.altered")
    assert len(altered) == sum(q["status"] == "altered" for q in truth["quotes"]) >= 1
    changes = [c for q in truth["quotes"] if q["status"] == "altered" for c in q["changes"]]
    removed, added = marked_words(altered[0], "del"), marked_words(altered[0], "ins")
    assert all(set(c["from"].split()) <= removed and set(c["to"].split()) <= added for c in changes)
    marked = css(browser, "mark.ins")[0]
    assert marked.value_of_css_property("background-color") != marked.find_element("xpath", "..").value_of_css_property(
        "background-color")
    browser.save_screenshot(str(shots / "compare.png"))


def test_pick_two_articles_to_compare(browser, server, ferry):
    browser.get(f"{server}/stories/{ferry.id}")
    button = css(browser, "#compare-picked")[0]
    assert not button.is_enabled()
    first, last = ferry.articles[0].id, ferry.articles[-1].id
    css(browser, f'input[name=a][value="{first}"]')[0].click()
    assert not button.is_enabled()
    css(browser, f'input[name=b][value="{last}"]')[0].click()
    assert button.is_enabled()
    follow(browser, button)
    assert f"a={first}" in browser.current_url and f"b={last}" in browser.current_url
    assert css(browser, ".summary-box h1")[0].text


def test_article_page_marks_quotes_entities_and_dates(browser, server, shots, store_path, ferry):
    original = ferry.articles[0]
    browser.get(f"{server}/articles/{original.id}")
    with Store(store_path[0]) as store:
        ann = store.annotations(original.id)
    assert len(css(browser, "article.marked sup.resolved")) == len(ann.times)
    assert len(css(browser, "article.marked sup.sentence-number")) == len(ann.sentences)
    quoted = " ".join(s.text for s in css(browser, "article.marked span.quote"))
    assert all(q.text[:20] in quoted for q in ann.quotes)
    people = {s.text for s in css(browser, "article.marked span.entity.person")}
    assert {e.text for e in ann.entities if e.label == "person"} <= people
    browser.save_screenshot(str(shots / "article.png"))


def _untouched(browser):
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.title != "pwned"
    assert [s.get_attribute("src").rsplit("/", 1)[-1] for s in css(browser, "script")] == ["app.js"]
    assert not css(browser, "img, main style, a[href^=javascript]")
    markup = " or ".join(f"text()='{words}'" for words in ("strike", "walked out", "union", "go back"))
    assert not browser.find_elements("xpath", f"//*[self::b or self::i or self::em][{markup}]")


def test_hostile_article_is_neither_run_nor_rendered(browser, server, store_path):
    path, hostile = store_path
    browser.get(f"{server}/articles/{hostile}")
    _untouched(browser)
    text = css(browser, "article.marked")[0].text
    assert "<script>window.__pwned='text'; document.title='pwned'</script>" in text and "<b>walked out</b>" in text
    assert css(browser, "h1")[0].text.startswith('<img src=x onerror="window.__pwned=')
    with Store(path) as store:
        browser.get(f"{server}/stories/{store.story_of(hostile)}")
    _untouched(browser)


def test_hostile_article_in_lists_and_quote_search(browser, server):
    browser.get(f"{server}/articles?q=Rui+Falcao")
    _untouched(browser)
    assert css(browser, "table.article-list a.source")[0].text.startswith("<script>window.__pwned='source'</script>")
    browser.get(f"{server}/quotes?q=We+will+not+go+back+until+the+contract+is+signed")
    _untouched(browser)
    assert "contract</a> is signed" in css(browser, "section.wording")[0].text
    browser.get(f"{server}/?q=Rui+Falcao")
    _untouched(browser)


def test_pasted_hostile_texts_compare_escaped(browser, server):
    browser.get(server + "/compare")
    a, b = css(browser, "textarea[name=text_a]")[0], css(browser, "textarea[name=text_b]")[0]
    browser.execute_script("arguments[0].value = arguments[1]", a, HOSTILE)
    browser.execute_script("arguments[0].value = arguments[1]", b, HOSTILE.replace("walked out", "stopped work"))
    follow(browser, css(browser, "form.compare-form button")[0])
    _untouched(browser)
    assert {"<b>stopped", "work</b>"} <= marked_words(browser, "ins")     # the markup, shown as text
    assert any("<script>" in cell.text for cell in css(browser, "table.alignment td.text"))
