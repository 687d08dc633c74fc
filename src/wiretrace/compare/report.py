"""A self-contained HTML page for one comparison; every piece of article text is escaped."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from ..render import published_text
from .rows import changed_words, rows


def html_report(comparison) -> str:
    env = Environment(loader=PackageLoader("wiretrace", "templates"), autoescape=select_autoescape(["html"]))
    view = []
    for row in rows(comparison.alignment):
        left_text, right_text = " ".join(s.text for s in row.a), " ".join(s.text for s in row.b)
        if row.a and row.b and row.label in ("copied", "paraphrased"):
            left, right = changed_words(left_text, right_text)
        else:
            left, right = [(t, False) for t in left_text.split()], [(t, False) for t in right_text.split()]
        score = max((s.score for s in (*row.a, *row.b)), default=0.0)
        view.append({"label": row.label, "left": left, "right": right, "score": score})
    return env.get_template("compare.html").render(c=comparison, rows=view, published=published_text)
