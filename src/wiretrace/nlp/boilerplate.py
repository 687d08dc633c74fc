"""Page furniture inside article bodies: captions, credits, pasted headlines, bylines, prompts.

Rewriting sites paste headlines of other articles into the body as if they
were sentences ("Ukraine Not Ready for NATO Membership, Says US President Joe
Biden"), and clipped copy keeps the photo caption and its credit ("- AFP/File").
They are neither copied from the source nor new reporting, so they are marked
here, from the sentence text and its neighbours alone.
"""

from __future__ import annotations

import re

_CREDIT = re.compile(
    r"(?:[-\u2013\u2014|]\s*(?:[A-Z][\w.&']*(?:\s|/)?){1,4}(?:/File|/Getty Images|/Pool|/AP|/Reuters|/AFP|\bFile)\.?\s*$"
    r"|\((?:Photo|Image|Picture)s?\b[^)]*\)\s*$"
    r"|^(?:Photo|Image|Picture|Credit|File photo)s?\s*(?::|by\b)"
    r"|^[-\u2013\u2014]\s*[A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,3}\.?$)",
    re.IGNORECASE,
)
_LEADS = re.compile(r"^(?:also read|read more|read also|related|recommended|watch|see also|more from)\b\s*[:\-\u2013\u2014|]?", re.I)
_BYLINE = re.compile(r"^(?:by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*\s*$"
                     r"|\(?(?:reporting|writing|editing|additional reporting) by\b)", re.I)
_PROMPT = re.compile(r"\b(?:subscribe|newsletter|sign up|follow us|click here|download (?:our|the) app|"
                     r"share this (?:article|story)|all rights reserved|copyright \u00a9|\u00a9 \d{4})\b", re.I)
_SMALL = {"a", "an", "the", "and", "or", "but", "nor", "for", "of", "in", "on", "at", "to", "by", "with", "from",
          "as", "amid", "over", "into", "after", "before", "vs", "via", "per", "is", "are", "be", "not"}
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def title_case(text: str, min_words: int = 6) -> bool:
    """Every word capitalised save short function words: a headline, not prose."""
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _SMALL]
    return len(words) >= min_words and len(content) >= min_words - 2 and all(w[0].isupper() for w in content)


def boilerplate_kind(text: str, previous: str | None = None, paragraph_start: bool = False) -> str | None:
    """'caption', 'credit', 'headline', 'byline' or 'prompt' for furniture; None for reporting."""
    t = " ".join(text.split())
    if _CREDIT.search(t):
        return "caption" if len(t.split()) > 4 else "credit"
    if _LEADS.match(t):
        return "headline"
    if _BYLINE.match(t):
        return "byline"
    if _PROMPT.search(t) and len(t.split()) < 30:
        return "prompt"
    if title_case(t):
        return "headline"
    if previous is not None and title_case(previous) and title_case(t, min_words=2) and not paragraph_start:
        return "headline"
    return None


def boilerplate_kinds(sentences: list[tuple[str, bool]]) -> list[str | None]:
    """Kinds for an article's sentences, given as (text, opens a paragraph)."""
    kinds = []
    previous = None
    for text, starts in sentences:
        kinds.append(boilerplate_kind(text, previous, starts))
        previous = text
    return kinds
