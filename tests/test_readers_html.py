"""Web pages: the article's paragraphs and metadata, none of the page around them."""

from __future__ import annotations

from datetime import date

from readers_support import read_article, read_error

PARAGRAPHS = [
    "The island ferry operator said on Tuesday it would cancel all evening crossings between January and "
    "March, blaming a shortage of trained crew and rising fuel costs.",
    "Residents of the three outer islands, who rely on the late boat to return from work on the mainland, "
    "said the decision would leave them stranded for hours each day.",
    "\u201cWe were told nothing until the timetable appeared online,\u201d said Ingrid Solberg, who chairs the "
    "islanders\u2019 association. \u201cPeople will lose their jobs over this.\u201d",
    "The company said it expected to restore the full timetable in April once new deckhands had completed "
    "their training at the maritime college.",
]
CHROME = {
    "cookie": "We use cookies to improve your experience on our site.",
    "menu": "Politics",
    "most read": "Council approves harbour car park",
    "footer": "All rights reserved",
}


def page(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry operator cancels winter crossings | Coastline Herald</title>
<meta property="og:site_name" content="Coastline Herald">
<meta property="og:title" content="Ferry operator cancels winter crossings">
<meta property="article:published_time" content="2024-01-16T08:45:00+01:00">
<link rel="canonical" href="https://coastline.example/news/ferry-winter-crossings">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{CHROME["cookie"]}</p><button>Accept all</button></div>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">{CHROME["menu"]}</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article><h1>Ferry operator cancels winter crossings</h1><p class="byline">By Maren Holt</p>
{body}
</article></main>
<aside class="sidebar"><h2>Most read</h2><ol><li><a href="/a">{CHROME["most read"]}</a></li>
<li><a href="/b">Storm warning for the weekend</a></li><li><a href="/c">Lifeboat crew rescues kayaker</a></li></ol></aside>
<footer><p>\u00a9 2024 Coastline Herald. {CHROME["footer"]}.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>"""


def test_page_gives_body_paragraphs_and_metadata(tmp_path):
    article = read_article(tmp_path, "ferry.html", page(PARAGRAPHS))
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Ferry operator cancels winter crossings"
    assert article.source == "Coastline Herald"
    assert article.published == date(2024, 1, 16)
    assert article.url == "https://coastline.example/news/ferry-winter-crossings"


def test_page_chrome_stays_out_of_the_text(tmp_path):
    text = read_article(tmp_path, "ferry.htm", page(PARAGRAPHS)).text
    assert [part for part, words in CHROME.items() if words in text] == []


def test_page_without_article_text_is_an_error(tmp_path):
    error = read_error(tmp_path, "front.html", page([]).replace("<h1>Ferry operator cancels winter crossings</h1>", ""))
    assert error.origin == str(tmp_path / "front.html")
    assert "no article text" in error.problem


LOGIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in | Coastline Herald</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<form action="/login" method="post">
<label for="email">Email address</label><input id="email" name="email" placeholder="you@example.com">
<label for="password">Password</label><input id="password" name="password" type="password">
<select name="edition"><option>Print edition</option><option>Digital edition</option></select>
<button type="submit">Sign in</button>
</form>
<footer><p>Coastline Herald</p></footer>
</body></html>"""


def test_a_login_page_is_no_article(tmp_path):
    """A page of form controls alone: trafilatura's fallback returns its button for want of text, not an article."""
    error = read_error(tmp_path, "login.html", LOGIN)
    assert error.problem == "no article text found in the HTML page, only a form's buttons and fields"


def test_an_article_beside_a_form_keeps_its_text(tmp_path):
    """A newsletter form under the article is left to trafilatura, and the article is read."""
    signup = '<form><label>Your email</label><input name="email"><button>Subscribe</button></form>'
    article = read_article(tmp_path, "ferry.html", page(PARAGRAPHS).replace("</article>", signup + "</article>"))
    assert article.text.startswith(PARAGRAPHS[0]) and "Subscribe" not in article.text
