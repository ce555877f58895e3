"""Cut an article's text into plain runs and highlighted claim spans."""

from collections.abc import Iterable
from typing import Any


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
