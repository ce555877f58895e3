"""What every reader returns, and how it refuses input."""

from __future__ import annotations

from dataclasses import dataclass, field


class RejectedInput(Exception):
    """Input that cannot be read. `code` is a short slug for programs
    ("empty", "binary", "encrypted_pdf", ...); str(exc) is a sentence for
    the person who sent the file. `name` is the file (or zip member) name."""

    def __init__(self, message: str, *, code: str, name: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.name = name


@dataclass
class RawDocument:
    name: str
    text: str
    fmt: str
    raw: str
    metadata: dict = field(default_factory=dict)
    pages: list[tuple[int, int]] | None = None


def without_nul(text: str) -> str:
    """The text without U+0000: no article needs it, and PostgreSQL cannot
    store it in a text column."""
    return text.replace("\x00", "") if "\x00" in text else text
