"""What every reader returns, and how it refuses input."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


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


def web_url(value: str | None) -> str:
    """`value` if it is an http(s) address, else "": a page may name any
    scheme in its metadata (javascript:, data:), and the address ends up in
    a link."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in {"http", "https"} and parts.netloc else ""
