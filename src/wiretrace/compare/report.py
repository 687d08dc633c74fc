"""A comparison as HTML: its rows with changed words flagged, and a self-contained page of it.

The web compare page and the report render the same template macros
(templates/_comparison.html) from these rows: both articles named at the top,
then what changed (quotations, numbers, dates, names), then the sentences
side by side. Text is never turned into markup here: rows carry plain strings
and flags, and the templates escape every string they print.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment, PackageLoader

from ..render import published_text
from . import article_name
from .rows import changed_content, changed_words, is_edit, rows

LABELS = ("copied", "paraphrased", "translated", "new", "boilerplate")


@dataclass(frozen=True)
class Side:
    """One side of a comparison row: its sentence numbers and its words, flagged where they changed."""

    indexes: tuple[int, ...]
    words: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class CompareRow:
    """`reworded`: counterparts in other words, so only changed content is flagged, not every differing word."""

    label: str
    score: float
    a: Side
    b: Side
    reworded: bool = False


def comparison_rows(comparison) -> list[CompareRow]:
    """Aligned rows of the two articles: a copy's or an edit's changed words flagged, a rewording's changed content."""
    out = []
    for row in rows(comparison.alignment):
        left, right = " ".join(s.text for s in row.a), " ".join(s.text for s in row.b)
        reworded = bool(row.a and row.b) and row.label == "paraphrased" and not is_edit(left, right)
        if bool(row.a and row.b) and row.label == "translated":
            flagged_a, flagged_b = changed_content(left, right, comparison.facts, across=True)
            reworded = True
        elif reworded:
            flagged_a, flagged_b = changed_content(left, right, comparison.facts)
        elif row.a and row.b:
            flagged_a, flagged_b = changed_words(left, right)
        else:
            flagged_a, flagged_b = [(w, False) for w in left.split()], [(w, False) for w in right.split()]
        score = max((s.score for s in (*row.a, *row.b)), default=0.0)
        out.append(CompareRow(row.label, score, Side(tuple(s.index for s in row.a), tuple(flagged_a)),
                              Side(tuple(s.index for s in row.b), tuple(flagged_b)), reworded))
    return out


def changed_pair(a: str | None, b: str | None) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """Two wordings of a quote or a fact, each word flagged where the other says something else."""
    if not a or not b:
        return tuple((w, False) for w in (a or "").split()), tuple((w, False) for w in (b or "").split())
    left, right = changed_words(a, b)
    return tuple(left), tuple(right)


def html_templates() -> Environment:
    """wiretrace's templates, every value escaped, with the helpers the comparison macros call."""
    env = Environment(loader=PackageLoader("wiretrace", "templates"), autoescape=True)
    env.globals.update(published=published_text, labels=LABELS, changed_pair=changed_pair, name=article_name)
    return env


def html_report(comparison) -> str:
    """One HTML file that needs nothing else: the web app's stylesheet inlined, no links to a server."""
    style = files("wiretrace").joinpath("web/static/style.css").read_text(encoding="utf-8")
    return html_templates().get_template("compare.html").render(c=comparison, rows=comparison_rows(comparison),
                                                                style=style)
