"""Speaker turns of a transcript: who holds the floor at each place.

Transcripts label each turn at the start of a line, in one of two styles:
a label and a colon ("Q:", "THE PRESIDENT:", "MR. KIRBY:", "PRIME MINISTER
STARMER:") or, as the official US record prints them, a name or "Q." and a
full stop ("President Biden.", "Q."). A turn runs to the next label.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# "Q:", "MS. JONES:", "THE PRESIDENT:", "PRIME MINISTER STARMER:"
_COLON_LABEL = r"(?:Q|A|[A-Z][A-Z'’.\-]*(?:[ \u00a0]+[A-Z][A-Z'’.\-]*){0,3})[ \t]*:"
# "Q.", "President Biden.", "The President.", "Prime Minister Starmer.",
# "Mr. Kirby.": a title and a name in title case, then a full stop.
_TITLES = (
    r"(?:The[ \u00a0]+)?(?:President|Vice[ \u00a0]+President|Prime[ \u00a0]+Minister|Secretary|Senator|Governor|"
    r"Chancellor|Minister|Ambassador|Admiral|General|Mr\.|Mrs\.|Ms\.|Dr\.)"
)
_DOT_LABEL = rf"(?:Q|{_TITLES}(?:[ \u00a0]+[A-Z][\w’'\-]+){{0,2}})\."
_LABEL_RE = re.compile(rf"(?m)^[ \t]*(?P<label>{_COLON_LABEL}|{_DOT_LABEL})[ \t\u00a0]+(?=\S)")
_QUESTIONER = frozenset({"Q", "QUESTION", "REPORTER"})
_NOT_LABELS = frozenset({"NOTE", "UPDATE", "SOURCE", "TEXT", "PASSAGE", "TRANSCRIPT", "WATCH", "CORRECTION"})


@dataclass(frozen=True, slots=True)
class Turn:
    label: str  # as printed, without the colon or full stop
    start: int  # where the turn's words start
    end: int  # where the next label starts, or the end of the text

    @property
    def questioner(self) -> bool:
        return self.label.upper().rstrip(".") in _QUESTIONER


def transcript_turns(text: str) -> list[Turn]:
    """The labelled turns of `text` in order; none unless it has two (one
    label may be a heading)."""
    found = []
    for m in _LABEL_RE.finditer(text):
        label = m.group("label").rstrip(" \t:").removesuffix(".").strip()
        if label.upper() in _NOT_LABELS:
            continue
        found.append((label, m.start("label"), m.end()))
    if len(found) < 2:
        return []
    turns = []
    for n, (label, _, words_start) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(text)
        turns.append(Turn(label, words_start, end))
    return turns


def turn_at(turns: list[Turn], position: int) -> Turn | None:
    """The turn holding `position`, if any."""
    i = bisect.bisect_right([t.start for t in turns], position) - 1
    if i < 0 or position >= turns[i].end:
        return None
    return turns[i]


_ROLE_WORDS = frozenset("the president vice prime minister secretary senator governor chancellor ambassador".split())
_TITLE_WORDS = frozenset("mr mrs ms dr admiral general".split())


def label_names(label: str, speaker: str, *, principal: str | None = None) -> bool | None:
    """Whether a turn's label names `speaker`: True, False, or None when it
    cannot be told (a bare role and no principal known). A label that is a
    role alone ("THE PRESIDENT") stands for the source's `principal`."""
    words = [w.strip(".,'’").lower() for w in label.split()]
    if not words:
        return None
    if label.upper().rstrip(".") in _QUESTIONER:
        return False
    names = [w for w in words if w not in _ROLE_WORDS and w not in _TITLE_WORDS]
    if not names:
        if principal is None:
            return None
        return _same_person(principal, speaker)
    return _same_person(" ".join(names), speaker)


def _same_person(a: str, b: str) -> bool:
    """Two names for one person: they share the surname (the last word)."""
    a_words = [w.strip(".,'’").lower() for w in a.split()]
    b_words = [w.strip(".,'’").lower() for w in b.split()]
    if not a_words or not b_words:
        return False
    return a_words[-1] in b_words or b_words[-1] in a_words
