"""A source's text with the passages that claims cite marked: pure, text
and spans in, pieces out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Piece:
    text: str
    # The claims citing this stretch (empty: not cited).
    claims: list[int] = field(default_factory=list)


def marked_pieces(text: str, spans: list[tuple[int, int, int]]) -> list[Piece]:
    """`text` cut at the (start, end, claim id) spans inside it; overlapping
    spans merge into one marked piece naming every claim. Spans outside the
    text, or empty, are left out."""
    inside = sorted((s, e, c) for s, e, c in spans if 0 <= s < e <= len(text))
    merged: list[tuple[int, int, list[int]]] = []
    for start, end, claim in inside:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + ([claim] if claim not in last[2] else []))
        else:
            merged.append((start, end, [claim]))
    pieces, pos = [], 0
    for start, end, claims in merged:
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], claims))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return pieces
