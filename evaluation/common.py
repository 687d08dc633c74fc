"""Shared by the evaluation scripts: where the labelled data lives, and matching helpers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"
DOCS = REPO / "docs"


def dataset(*parts: str) -> Path:
    """Path of a file under ../shared/datasets, or exit with a clear message when it is absent."""
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        sys.exit(f"evaluation: {path} is absent (the labelled datasets live in ../shared/datasets beside the repo)")
    return path


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("\u2019", "'"))


def same_person(ours: str | None, gold: str | None) -> bool:
    """Names match when one's words contain the other's last word ("Mr. Steele" ~ "Michael Steele")."""
    if not ours or not gold:
        return False
    a, b = words(ours), words(gold)
    return bool(a and b) and (a[-1] in b or b[-1] in a)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


TRIED = "<!-- tried -->"   # in a section's markdown: what follows is what was tried and not kept (docs/tried.md)
_HEADERS = {
    "evaluation.md": "# Evaluation\n\nEvery figure here comes from a script in `evaluation/`; the command is given with each table.\n",
    "tried.md": "# Tried and not kept\n\nWhat each evaluation's rounds measured and did not ship, with its figures, by section of\n"
                "[evaluation.md](evaluation.md): read it before trying a change, so as not to try it twice.\n",
}


def write_section(name: str, markdown: str) -> Path:
    """Replace the section between markers in docs/evaluation.md, keeping the others. The part after a `TRIED`
    line (its own `## ` heading first) goes to the same section of docs/tried.md, and evaluation.md links to it:
    the tables and what they show stay readable, the rounds of what did not pay stay at hand."""
    main, _, tried = markdown.partition(TRIED)
    if tried.strip():
        heading = tried.strip().splitlines()[0].lstrip("# ")
        _replace("tried.md", name, tried)
        main = main.rstrip() + f"\n\nWhat was tried and not kept, with its figures: [{heading}](tried.md#{_anchor(heading)})."
    return _replace("evaluation.md", name, main)


def _anchor(heading: str) -> str:
    """The id a Markdown renderer gives a heading (GitHub's rule: lower case, punctuation dropped, spaces hyphens)."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _replace(file: str, name: str, markdown: str) -> Path:
    DOCS.mkdir(exist_ok=True)
    path = DOCS / file
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADERS[file]
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def main(doc: str, evaluate, markdown, section: str, title: str, fit: bool = False) -> None:
    """The command line every evaluation script shares: run, print a table (or --json), write docs/evaluation.md."""
    import argparse
    import json

    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead")
    if fit:
        parser.add_argument("--fit", action="store_true", help="refit the shipped model first")
    args = parser.parse_args()
    result = evaluate(args.fit) if fit else evaluate()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in _flat(result):
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)
    print(f"written to {write_section(section, markdown(result))}")


def _flat(result: dict, prefix: str = ""):
    for key, value in result.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


# the quotation baseline both quotation evaluations run: quote marks and the name before "said"

_MARKED = re.compile(r'"([^"\n]+)"')
_SAID = re.compile(r"\b(?:said|says)\b")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'.-]+)\s+$")


def marked_spans(folded: str) -> list[tuple[int, int]]:
    """The baseline's quotations: the text between a pair of double quote marks within a paragraph."""
    return [(m.start(1), m.end(1)) for m in _MARKED.finditer(folded)]


def name_before_said(folded: str, start: int) -> str | None:
    """The baseline's speaker: the capitalised name just before the "said" nearest the quote, in its paragraph."""
    begin = folded.rfind("\n", 0, start) + 1
    end = folded.find("\n", start)
    saids = list(_SAID.finditer(folded, begin, end if end >= 0 else len(folded)))
    said = min(saids, key=lambda m: abs(m.start() - start), default=None)
    if said is None:
        return None
    name = _NAME_BEFORE.search(folded[max(begin, said.start() - 80):said.start()])
    return name.group(1) if name else None
