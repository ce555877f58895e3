"""Recognising bylines, datelines and headlines, and telling body text from
header lines.

A byline is "By NAME" (or its French, German, Spanish... equivalent), or a
bare name standing next to a dateline, as many news sites lay them out:

    Alex Lantier
    26.05.2024

A bare name alone is not enough, since a two-word section label ("European
Languages") looks just like one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..punctuation import SENTENCE_END
from .dates import FILLER_WORDS, find_date, is_residue_empty
from .markdown import is_list_item
from .rules import anywhere_rule, is_contact_footer

_BYLINE_PREFIX_RE = re.compile(
    r"^(?:written by|words by|reporting by|story by|text by|by|von|par|por|di|door|av|af|"
    r"authors?|autor(?:in)?|auteur|auteurs)\s*:?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\s(?:and|und|et|y|e|en|och|og|и)\s)\s*")
_PARTICLES = {
    "de", "da", "del", "della", "di", "do", "dos", "das", "du", "van", "von", "der", "den", "ter", "la", "le",
    "bin", "ibn", "al", "el", "zu", "y", "st.",
}
_ROLE_WORDS = {
    "writer", "correspondent", "reporter", "editor", "staff", "contributor", "columnist", "journalist",
    "correspondante", "redaktion", "redacción",
}
_CASELESS_SCRIPTS = re.compile(r"[\u0590-\u08FF\uFB1D-\uFEFF\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]")
_NAME_TOKEN_RE = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?$")
_SEPARATORS = " \t|·•,;–—-:/"
_SENTENCE_START_RE = re.compile(r"[.!?]\s+[A-Z]")
_TERMINAL = SENTENCE_END
_CLOSERS = "\"”’»)]›」』'"
# Longer than this, a line without a full stop is more likely a sentence of
# prose that lost its punctuation than a headline.
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 200


@dataclass
class HeaderLine:
    authors: list[str] = field(default_factory=list)
    date: datetime.date | None = None


def looks_like_name(text: str, *, min_tokens: int = 2) -> bool:
    """A person's name: a few capitalised words ("Alex Lantier", "Jean de la
    Fontaine", "J. R. Smith"), or a few words in a script without capitals."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if _CASELESS_SCRIPTS.search(text):
        return all(t.isalpha() for t in tokens)
    if len(tokens) < min_tokens:
        return False
    particles = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            particles += 1
            continue
        if not _NAME_TOKEN_RE.match(token) or not token[0].isupper():
            return False
    return particles < len(tokens) - 1 or len(tokens) == 1


def split_authors(text: str) -> list[str]:
    parts = [p.strip(_SEPARATORS) for p in _AUTHOR_SPLIT_RE.split(text)]
    return [p for p in parts if p and not (set(p.lower().split()) & _ROLE_WORDS)]


def parse_byline(line: str) -> list[str]:
    """The authors of a "By NAME, NAME and NAME" line; [] when it is not one."""
    match = _BYLINE_PREFIX_RE.match(line.strip().strip("*_ "))
    if not match:
        return []
    authors = split_authors(match.group("rest"))
    if authors and all(looks_like_name(a, min_tokens=1) for a in authors):
        return authors
    return []


def parse_header_line(line: str) -> HeaderLine | None:
    """Byline and/or date of a header line ("By Jane Doe | March 3, 2025",
    "26.05.2024", "Alex Lantier, 26 May 2024"); None for any other line."""
    text = line.strip().strip("*_ ")
    match = find_date(text)
    if match is None:
        authors = parse_byline(text)
        return HeaderLine(authors=authors) if authors else None
    residue = text[: match.start] + " " + text[match.end :]
    if is_residue_empty(residue):
        return HeaderLine(date=match.date)
    residue = _strip_filler(residue)
    authors = parse_byline(residue)
    if not authors and looks_like_name(residue):
        authors = [residue]
    return HeaderLine(authors=authors, date=match.date) if authors else None


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation, also inside a
    closing quote or bracket ('... he said."', '... (2024).')."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        if len(stripped) >= 2 and stripped[-2] in _TERMINAL + ":;":
            return True
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in _TERMINAL + ":;"


def is_body_paragraph(text: str) -> bool:
    """Does this paragraph read like article prose rather than a header line?"""
    words = len(text.split())
    if words >= 30:
        return True
    stripped = text.rstrip(_CLOSERS + " ")
    last = stripped[-1:] if stripped else ""
    if words >= 8 and last in ".…。۔":
        return True
    if words >= 15 and last in "!?؟！？":
        return True
    return words >= 8 and len(_SENTENCE_START_RE.findall(text)) >= 2


def looks_like_headline(line: str) -> bool:
    """Could this line stand alone as an article's headline? Two to twenty
    words, two of them with letters and one a small letter, ending without
    punctuation or as one question or exclamation; not prose, a byline, a
    date, a list item or site boilerplate. A line in capitals is a banner
    more often; in a script without capitals (Arabic, Persian, Chinese...)
    a headline cannot be told from a banner or a name by its shape, so
    none is taken."""
    text = line.strip().strip("*_ ")
    words = text.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if sum(any(c.isalpha() for c in w) for w in words) < 2:
        return False
    if not any(c.islower() for c in text):
        return False
    last = text.rstrip(_CLOSERS + " ")[-1:]
    # A full stop ends a sentence of prose (a one-line opening paragraph),
    # a colon or dash leads into what follows: neither stands alone.
    if last in ".…。۔:;,-–—/":
        return False
    if last in "!?؟！？" and _SENTENCE_START_RE.search(text):
        return False
    if is_list_item(text) or anywhere_rule(text) or is_contact_footer(text):
        return False
    return parse_header_line(text) is None and not is_body_paragraph(text)


def _strip_filler(text: str) -> str:
    words = text.strip(_SEPARATORS).split()
    while words and words[0].lower().strip(_SEPARATORS + ".") in FILLER_WORDS:
        words.pop(0)
    return " ".join(words).strip(_SEPARATORS)
