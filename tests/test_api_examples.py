"""The Python examples of the README and docs/ run as printed, in a fresh folder holding the files they name (a feed of
the Coastal Times and a page of another outlet, written here), and say what went wrong in one that holds none.

The store they leave then answers the ids a person copies from the commands: prefixes, as every command takes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from wiretrace import NotFound, Store
from wiretrace.render import short_id
from wiretrace.stories import story

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

QUOTES = {"Marta Quental": "Nobody should be guiding a tanker through the narrows after fourteen hours awake,",
          "Bruno Salgado": "We would rather tell passengers now than cancel at the quay,"}
FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Coastal Times</title><link>https://coastaltimes.example/</link><description>News from the coast</description>
<item><title>Harbour pilots vote to strike over night shifts</title>
<link>https://coastaltimes.example/2025/06/11/pilots-strike</link><pubDate>Wed, 11 Jun 2025 07:45:00 +0000</pubDate>
<description>&lt;p&gt;Harbour pilots at the port of Vella voted on Tuesday to strike for 48 hours next week over the number
of night shifts they are asked to work, their union said.&lt;/p&gt;&lt;p&gt;"{QUOTES["Marta Quental"]}" union secretary
Marta Quental told reporters outside the port office.&lt;/p&gt;&lt;p&gt;The port authority said it regretted the vote and
would keep talking to the union.&lt;/p&gt;</description></item>
<item><title>Ferry timetable cut as pilots' strike nears</title>
<link>https://coastaltimes.example/2025/06/13/ferry-timetable</link><pubDate>Fri, 13 Jun 2025 16:20:00 +0000</pubDate>
<description>&lt;p&gt;The island ferry will run four crossings a day instead of nine while harbour pilots strike next week,
its operator said on Friday.&lt;/p&gt;&lt;p&gt;"{QUOTES["Bruno Salgado"]}" operations director Bruno Salgado said in a
statement.&lt;/p&gt;</description></item>
</channel></rss>
"""
PAGE = """<!doctype html>
<html><head><title>Port authority offers pilots a new rota | Bay Courier</title>
<meta property="og:site_name" content="Bay Courier">
<meta property="article:published_time" content="2025-06-14T10:05:00+01:00">
<link rel="canonical" href="https://baycourier.example/port/pilots-rota"></head>
<body><nav><a href="/">Home</a> <a href="/port">Port</a></nav>
<article><h1>Port authority offers pilots a new rota</h1>
<p>The port authority of Vella offered harbour pilots a new rota on Saturday that would cap night shifts at three a
week, in an attempt to head off a 48-hour strike due to start on Monday.</p>
<p>"This is the offer the pilots asked for in March, and we hope it ends the dispute," the authority's chairman, Rui
Patacho, said.</p>
<p>The pilots' union said it would put the offer to its members on Sunday. Union secretary Marta Quental said the
strike notice stood until then.</p>
</article><footer>Bay Courier 2025</footer></body></html>
"""


def examples() -> dict[str, str]:
    """Each distinct ```python block of the README and docs/, by where it is first printed."""
    found = {}
    for doc in DOCS:
        for n, code in enumerate(re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)):
            if code not in found.values():
                found[f"{doc.name}:{n}"] = code
    return found


def run(code: str, folder: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    (folder / "feeds").mkdir()
    (folder / "feeds" / "coastal.xml").write_text(FEED, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def stored(news) -> tuple[Path, str]:
    """The folder after the README's example ran in it, and what it printed."""
    readme = examples()["README.md:0"]
    return news, run(readme, news)


def test_the_docs_print_the_examples_a_newcomer_runs():
    found = examples()
    assert "README.md:0" in found and any("read_batch" in code for code in found.values())
    for code in found.values():
        compile(code, "example", "exec")


def test_the_readme_example_stores_the_files_and_shows_their_quotations(stored):
    folder, out = stored
    lines = out.splitlines()
    assert lines[0] == "3 added, 0 already stored"
    coastal = [line for line in lines[1:] if line.startswith("2025-")]
    assert len(coastal) == 2, out
    for speaker, quote in QUOTES.items():
        assert any(repr((speaker, quote)) in line for line in coastal), out
    assert (folder / "news.db").exists()


def test_every_python_example_runs_as_printed(stored):
    folder, _ = stored
    for where, code in examples().items():
        out = run(code, folder)
        assert out.strip(), f"{where} printed nothing"
        if "read_batch" in code:
            assert out.startswith("Bay Courier 2025-06-14 09:05:00+00:00") and "Rui Patacho" in out
        if "ingest" in code:
            assert out.startswith("0 added, 3 already stored")


def test_the_readme_example_says_so_where_its_files_are_missing(tmp_path):
    out = run(examples()["README.md:0"], tmp_path)
    assert out.startswith("0 added, 0 already stored")
    assert "feeds: no such file or directory" in out and "page.html: no such file or directory" in out


def test_the_store_takes_ids_as_the_commands_show_them(stored):
    folder, _ = stored
    with Store(folder / "news.db") as store:
        article = next(store.articles(source="Coastal Times"))
        shown = short_id(article.id)
        assert store.article(shown) == article
        assert store.annotations(shown) == store.annotations(article.id)
        assert store.annotations(shown).quotes
        found = story(store, short_id(store.story_of(article.id)))
        assert found.id == store.story_of(article.id) and article.id in {a.id for a in found.articles}


def test_an_unknown_id_is_not_found_rather_than_empty(stored):
    folder, _ = stored
    with Store(folder / "news.db") as store:
        known = {a.id for a in store.articles()}
        unknown = next(f"{n:016x}" for n in range(1 << 20) if f"{n:016x}" not in known and
                       not any(k.startswith(f"{n:016x}"[:4]) for k in known))
        for ask in (lambda: store.annotations(unknown), lambda: store.article(unknown[:6]),
                    lambda: story(store, "s" + unknown), lambda: story(store, "headline words")):
            with pytest.raises(NotFound):
                ask()


def test_every_public_name_imports_and_the_package_says_what_it_is():
    import wiretrace

    for name in wiretrace.__all__:
        value = getattr(wiretrace, name)
        assert value is not None and name in wiretrace.__doc__, name
        assert not isinstance(value, type(wiretrace)), f"{name} is a module, not the function or class it names"
