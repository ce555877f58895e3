"""Cut an article's text into plain runs and highlighted claim spans."""

from collections.abc import Iterable
from typing import Any

from .punctuation import SENTENCE_END


def segment_text(text: str, spans: Iterable[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """Return (text, item) pieces covering `text` in order; item is None for
    plain runs. Spans that overlap one already placed are left out (the
    checklist still lists them), so marks never nest or cross."""
    pieces: list[tuple[str, Any]] = []
    pos = 0
    for start, end, item in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            pieces.append((text[pos:start], None))
        pieces.append((text[start:end], item))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], None))
    return pieces


# Marks that may close a quotation after the full stop that ends its sentence.
_CLOSERS = "\"'”’»)]"


def sentence_around(text: str, start: int, end: int, *, limit: int = 300) -> tuple[str, str, str]:
    """The sentence (or sentences) holding text[start:end], as the words
    before the span, the span, and the words after it, so a page can show a
    claim where it stands in the article. A sentence ends at a full stop,
    question or exclamation mark (with any closing quote mark after it) or
    a line break; at most `limit` characters are taken on each side, cut at
    a space and marked with an ellipsis."""
    begin = start
    while begin > 0 and text[begin - 1] not in "\n\r":
        if text[begin - 1].isspace() and _ends_sentence(text, begin - 1):
            break
        begin -= 1
    stop = end
    while stop < len(text) and text[stop] not in "\n\r":
        if text[stop] in SENTENCE_END:
            stop += 1
            while stop < len(text) and (text[stop] in SENTENCE_END or text[stop] in _CLOSERS):
                stop += 1
            break
        stop += 1
    before, after = text[begin:start].lstrip(), text[end:stop].rstrip()
    if len(before) > limit:
        cut = before.find(" ", len(before) - limit)
        before = "…" + before[cut + 1 if cut >= 0 else len(before) - limit :]
    if len(after) > limit:
        cut = after.rfind(" ", 0, limit)
        after = after[: cut if cut > 0 else limit] + "…"
    return before, text[start:end], after


def _ends_sentence(text: str, space: int) -> bool:
    """Whether the space at `space` follows the end of a sentence."""
    i = space
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > 0 and text[i - 1] in SENTENCE_END
