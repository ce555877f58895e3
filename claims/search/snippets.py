"""Snippets: the stretch of a text where a query's words are, cut into
plain runs and the words to highlight. Pure: the template escapes every
run, and only the marks around highlighted runs are markup, so nothing in a
text can become HTML."""

from __future__ import annotations

import re

from .query import Query

WIDTH = 240
ELLIPSIS = "…"
# Matches beyond this many are not looked at when choosing the stretch.
MAX_MATCHES = 500


def _pattern(query: Query) -> re.Pattern | None:
    """One pattern for every positive clause: a word, a phrase (its words
    with anything but letters and digits between), or a prefix."""
    alternatives = []
    for clause in query.positive:
        body = r"[\W_]+".join(re.escape(w) for w in clause.words)
        alternatives.append(body + (r"[^\W_]*" if clause.prefix else ""))
    if not alternatives:
        return None
    # Longest first, so that a phrase wins over a word inside it.
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)


def snippet(text: str, query: Query, width: int = WIDTH) -> list[tuple[str, bool]]:
    """The stretch of about `width` characters of `text` holding the most
    different words of the query, as (run, highlighted) pieces, with an
    ellipsis where it was cut; the text's start when none is there.
    Runs of white space become one space."""
    pattern = _pattern(query)
    matches = []
    if pattern is not None:
        for n, match in enumerate(pattern.finditer(text)):
            if n == MAX_MATCHES:
                break
            matches.append(match)
    start, end = _window(text, matches, width)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append((ELLIPSIS + " ", False))
    pos = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        if match.start() > pos:
            pieces.append((text[pos : match.start()], False))
        pieces.append((match.group(), True))
        pos = match.end()
    if end > pos:
        pieces.append((text[pos:end], False))
    if end < len(text):
        pieces.append((" " + ELLIPSIS, False))
    return _spaced(pieces)


def _spaced(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Pieces with their leading and trailing white space kept as one space,
    so that words on either side of a mark stay apart."""
    out = []
    for run, hit in pieces:
        if not run:
            continue
        lead = " " if run[0].isspace() else ""
        trail = " " if run[-1].isspace() and len(run.strip()) else ""
        out.append((lead + " ".join(run.split()) + trail if run.strip() else " ", hit))
    return out


def _window(text: str, matches: list[re.Match], width: int) -> tuple[int, int]:
    """[start, end) of the stretch to show: the one starting a little before
    a match that covers the most different matched words, cut at spaces."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_score = 0, -1
    for i, first in enumerate(matches):
        words = set()
        for match in matches[i:]:
            if match.end() > first.start() + width:
                break
            words.add(match.group().lower())
        if len(words) > best_score:
            best_start, best_score = first.start(), len(words)
    start = max(0, best_start - width // 4) if matches else 0
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, best_start if matches else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
