"""The one result type of extraction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("quote", "partial_quote", "reported", "statistic", "non_speech_quote")
SPEAKER_KINDS = ("person", "organisation", "anonymous", "collective")


@dataclass
class ExtractedClaim:
    """A checkable statement found in an article.

    `text` is always the article text between `start` and `end` (Python str
    offsets, quote marks excluded), so a claim can be highlighted in place.
    """

    kind: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_kind: str | None = None
    speaker_mentions: list[str] = field(default_factory=list)
    role: str = ""
    cue: str = ""
    score: float = 0.0
    linked_to: int | None = None
    numbers: list[dict[str, Any]] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
