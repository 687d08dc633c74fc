"""End to end in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

The demo corpus is served on 127.0.0.1 by uvicorn in a thread; the tests read
what a person sees. Screenshots go to $WIRETRACE_SCREENSHOTS when set
(docs/screenshots/ for the README), else to a temporary folder.
"""

import os
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


def marked_words(element, cls: str) -> set[str]:
    """The words inside the <mark> elements of a class, without the punctuation that sticks to them."""
    return {w.strip(".,;:!?\"'()“”") for m in element.find_elements("css selector", f"mark.{cls}")
            for w in m.text.split()}


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
    assert len(css(browser, "svg.provenance g.edge")) >= 1 and all(
        e.text.endswith("%") for e in css(browser, "svg.provenance g.edge text.share"))
    browser.save_screenshot(str(shots / "story.png"))
    follow(browser, css(browser, "a#explain")[0])
    assert css(browser, "p#explained") and any("credits Global Press Agency" in e.text
                                               for e in css(browser, "table.timeline .evidence"))


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


def test_pasted_hostile_texts_compare_escaped(browser, server):
    browser.get(server + "/compare")
    a, b = css(browser, "textarea[name=text_a]")[0], css(browser, "textarea[name=text_b]")[0]
    browser.execute_script("arguments[0].value = arguments[1]", a, HOSTILE)
    browser.execute_script("arguments[0].value = arguments[1]", b, HOSTILE.replace("walked out", "stopped work"))
    follow(browser, css(browser, "form.compare-form button")[0])
    _untouched(browser)
    assert {"<b>stopped", "work</b>"} <= marked_words(browser, "ins")     # the markup, shown as text
    assert any("<script>" in cell.text for cell in css(browser, "table.alignment td.text"))
