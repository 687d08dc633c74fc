"""Web pages: the article's paragraphs and metadata, none of the page around them."""

from __future__ import annotations

from datetime import date, datetime, timezone

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
    assert article.published == datetime(2024, 1, 16, 7, 45, tzinfo=timezone.utc)
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


BRIEF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Lighthouse keeper's cottage to become museum | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
{head}
</head><body><main><article><h1>Lighthouse keeper's cottage to become museum</h1>
{byline}
<p>The council voted on Monday to turn the empty keeper's cottage at Skarv Point into a small maritime museum, ending
a decade of argument over the listed building's future.</p>
<p>\u201cThe cottage has stood empty since the light was automated in 1987,\u201d said councillor Aud Brekke, who
proposed the plan. \u201cNow schoolchildren will be able to see how the keepers lived.\u201d</p>
<p>Work on the roof is to begin in the spring and the museum should open the following summer.</p>
</article></main></body></html>"""


def brief(head: str = "", byline: str = "") -> str:
    return BRIEF.format(head=head, byline=byline)


def test_a_publication_time_with_an_offset_is_kept_to_the_minute_in_utc(tmp_path):
    """Stored as the JSON readers store a stated time: timezone-aware, in UTC."""
    page = brief('<meta property="article:published_time" content="2025-03-10T22:15:00-05:00">')
    article = read_article(tmp_path, "museum.html", page)
    assert article.published == datetime(2025, 3, 11, 3, 15, tzinfo=timezone.utc)
    assert article.published_note == "stated by the page's article:published_time meta tag"


def test_a_page_that_gives_only_a_day_keeps_a_date(tmp_path):
    article = read_article(tmp_path, "museum.html", brief('<meta property="article:published_time" content="2025-03-10">'))
    assert article.published == date(2025, 3, 10) and type(article.published) is date


def test_json_ld_alone_gives_the_time(tmp_path):
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, '
          '{"@type": "NewsArticle", "headline": "Lighthouse keeper\'s cottage to become museum", '
          '"datePublished": "2025-03-10T17:05:00+01:00", "dateModified": "2025-03-10T19:30:00+01:00"}]}</script>')
    article = read_article(tmp_path, "museum.html", brief(ld))
    assert article.published == datetime(2025, 3, 10, 16, 5, tzinfo=timezone.utc)
    assert article.published_note == "stated by the page's JSON-LD datePublished"


def test_where_json_ld_and_the_meta_tag_disagree_the_meta_tag_wins(tmp_path):
    """trafilatura's dater (htmldate) reads the head's meta tags before JSON-LD, so the day it finds is the meta
    tag's; the time kept comes from the same statement, never a time from one and a day from the other."""
    head = ('<meta property="article:published_time" content="2025-03-10T08:30:00+01:00">\n'
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-10T11:45:00+01:00"}'
            '</script>')
    assert read_article(tmp_path, "same-day.html", brief(head)).published == datetime(2025, 3, 10, 7, 30,
                                                                                    tzinfo=timezone.utc)
    other_day = head.replace("2025-03-10T11:45", "2025-03-09T23:50")
    assert read_article(tmp_path, "other-day.html", brief(other_day)).published == datetime(2025, 3, 10, 7, 30,
                                                                                         tzinfo=timezone.utc)


def test_a_time_element_in_the_byline_gives_the_time(tmp_path):
    byline = '<p class="byline">By Maren Holt, <time datetime="2025-03-10T07:10:00+02:00">10 March 2025, 07:10</time></p>'
    article = read_article(tmp_path, "museum.html", brief(byline=byline))
    assert article.published == datetime(2025, 3, 10, 5, 10, tzinfo=timezone.utc)
    assert article.published_note == "stated by the page's <time> element"


def test_a_time_of_another_day_than_the_page_is_dated_is_not_taken(tmp_path):
    """The day found from the page's url; a <time> in the text naming another day is no publication time."""
    head = '<link rel="canonical" href="https://gazette.example/2025/03/10/skarv-point-museum">'
    byline = '<p>The vote <time datetime="2025-02-24T18:00:00+01:00">last month</time> was postponed.</p>'
    article = read_article(tmp_path, "museum.html", brief(head, byline))
    assert article.published == date(2025, 3, 10)


def _report(outlet: str, stated: str, lead: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Rockfall closes coast road at Hella | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{stated}">
</head><body><article><h1>Rockfall closes coast road at Hella</h1>
<p>{lead} A rockfall closed the coast road at Hella early on Tuesday, cutting off about 400 residents of the
villages beyond the tunnel, the roads authority said.</p>
<p>\u201cWe will not reopen the road until geologists have checked the whole slope,\u201d said Per Tangen, the
authority's regional director. No one was hurt.</p>
<p>A ferry will carry residents to Hella harbour every two hours until the road reopens, the council said.</p>
</article></body></html>"""


def test_a_story_orders_same_day_reports_by_their_time(tmp_path):
    """The story view (`wiretrace story`) lists the report timed 06:10 before the one timed 09:40 the same day,
    and a report of that day with no time after both; read to the day, the first two tied and went by id."""
    from wiretrace import Store, ingest
    from wiretrace.stories import story

    pages = {"agency.html": _report("Nordic Wire", "2025-03-11T06:10:00+01:00", "HELLA, March 11 (NW) -"),
             "gazette.html": _report("Harbour Gazette", "2025-03-11T09:40:00+01:00", "Breaking:"),
             "weekly.html": _report("Coast Weekly", "2025-03-11", "From our correspondent:")}
    for name, page in pages.items():
        (tmp_path / name).write_text(page, encoding="utf-8")
    with Store(tmp_path / "news.db") as store:
        report = ingest(store, [tmp_path / name for name in pages])
        assert len(report.added) == 3
        (story_id,) = {store.story_of(a.id) for a in report.added}
        record = story(store, story_id)
    assert [a.source for a in record.articles] == ["Nordic Wire", "Harbour Gazette", "Coast Weekly"]
    assert record.first_seen == datetime(2025, 3, 11, 5, 10, tzinfo=timezone.utc)


def test_a_short_page_with_a_byline_keeps_its_paragraphs_apart(tmp_path):
    """Under 250 characters, trafilatura's rescue dumped the whole <article> as one line: headline, byline and
    paragraphs run together, the headline and byline taken for the article's first words."""
    lead = "The harbour office said on Friday the north pier would close for repairs from Monday."
    quote = "\u201cThe timber is rotten,\u201d said harbourmaster Leif Dahl."
    page = ('<!DOCTYPE html><html><head><title>North pier to close | Harbour Gazette</title></head><body><article>'
            f'<h1>North pier to close</h1><p class="byline">By Maren Holt</p><p>{lead}</p><p>{quote}</p>'
            '</article></body></html>')
    article = read_article(tmp_path, "pier.html", page)
    assert article.text == f"{lead}\n\n{quote}"


def test_a_time_that_does_not_parse_leaves_the_page_its_day(tmp_path):
    """A CMS's broken time ("T25:10") in the meta tag: the page keeps its day from the next statement that reads, and
    is never rejected for it."""
    head = ('<meta property="article:published_time" content="2025-03-10T25:10:00+01:00">\n'
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-10T09:15:00+01:00"}'
            '</script>')
    assert read_article(tmp_path, "museum.html", brief(head)).published == datetime(2025, 3, 10, 8, 15,
                                                                                  tzinfo=timezone.utc)


def test_the_article_s_time_element_is_taken_before_the_site_header_s(tmp_path):
    """A header showing the hour the page was saved comes first in the page, on the same day."""
    saved = '<header><p>Updated <time datetime="2025-03-10T18:00:00+01:00">18:00</time></p></header>'
    byline = '<p class="byline">By Maren Holt, <time datetime="2025-03-10T07:10:00+01:00">07:10</time></p>'
    page = brief(byline=byline).replace("<body>", "<body>" + saved)
    assert read_article(tmp_path, "museum.html", page).published == datetime(2025, 3, 10, 6, 10, tzinfo=timezone.utc)
