"""What a newcomer sees in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium), on the
footbridge story of test_newcomer_web: pages that load without errors in the browser's console, the API link, and a
phone-width window where the menu, the tables and the provenance graph stay readable."""

import shutil
import socket
import threading
import time

import pytest

from test_newcomer_web import bridge_store
from wiretrace.web import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs the system chromium and chromedriver: apt-get install chromium chromium-driver")


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    return bridge_store(tmp_path_factory.mktemp("bridge-browser"))


@pytest.fixture(scope="module")
def server(bridge):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(bridge[0]), host="127.0.0.1", port=port, log_level="warning"))
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


@pytest.fixture
def phone(browser):
    browser.set_window_size(420, 900)
    yield browser
    browser.set_window_size(1280, 900)


def test_the_pages_load_with_nothing_missing(browser, server, bridge):
    for address in ("/", f"/stories/{bridge[1].id}", f"/articles/{bridge[1].articles[0].id}", "/articles", "/quotes",
                    "/compare", "/api"):
        browser.get(server + address)
        errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert not errors, (address, errors)


def test_the_api_link_leads_to_endpoints_to_try(browser, server):
    browser.get(server + "/")
    browser.find_element("link text", "API").click()
    assert browser.find_element("css selector", "h1").text == "JSON API"
    example = browser.find_element("css selector", "section[data-path='/api/stories'] a.example")
    example.click()
    assert '"stories"' in browser.find_element("tag name", "body").text


def test_at_phone_width_the_menu_fits_and_the_page_does_not_run_off_the_side(phone, server, bridge):
    for address in ("/", f"/stories/{bridge[1].id}", "/articles"):
        phone.get(server + address)
        width = phone.execute_script("return window.innerWidth")
        for link in phone.find_elements("css selector", "header.top a"):
            box = link.rect
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (address, link.text, box, width)
        assert phone.execute_script("return document.documentElement.scrollWidth") <= width, address


def test_at_phone_width_the_graph_keeps_its_size_and_scrolls(phone, server, bridge):
    phone.get(f"{server}/stories/{bridge[1].id}")
    drawn, natural = phone.execute_script(
        "const g = document.querySelector('svg.provenance');"
        "return [g.getBoundingClientRect().width, g.width.baseVal.value];")
    assert drawn == pytest.approx(natural, abs=1)
    wrap = phone.execute_script("const w = document.querySelector('.graph-wrap'); return [w.scrollWidth, w.clientWidth];")
    assert natural <= phone.execute_script("return window.innerWidth") or wrap[0] > wrap[1]


def test_the_table_of_dates_is_a_table_not_a_column_of_red_boxes(browser, server, bridge):
    browser.get(f"{server}/articles/{bridge[1].articles[0].id}")
    cells = browser.find_elements("css selector", "table.dates td.time")
    marks = browser.find_elements("css selector", ".text .time, article .time, span.time")
    assert cells and marks
    assert all(c.value_of_css_property("outline-style") == "none" for c in cells)
    assert all(m.value_of_css_property("outline-style") != "none" for m in marks)
