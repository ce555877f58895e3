"""Decoding plain-text and Markdown files in whatever encoding they came in.

Byte-order marks decide first (UTF-8, UTF-16, UTF-32). Then strict UTF-8,
since almost everything is UTF-8 today. Otherwise the common legacy
encodings and charset-normalizer's guess are each tried, and the decoding
that reads most like words wins: charset-normalizer alone often takes a
short Windows-1252 text for Windows-1250 or a KOI8-R one for Shift-JIS.
Files that are really binary are refused instead of being decoded into
nonsense.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from .base import RejectedInput, without_nul

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# More control characters than this share of the text means a binary file.
MAX_CONTROL_SHARE = 0.05
# Tried in this order; on a tie the earlier one wins.
LEGACY_ENCODINGS = ["cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257"]
# A decoding in which more than this share of words look garbled is refused.
MAX_GARBLED_SHARE = 0.2
_WORD_RE = re.compile(r"\S+")
# Control characters (Unicode category Cc, a set fixed for good: U+0000-U+001F
# and U+007F-U+009F) other than the whitespace ones count towards binary.
_WHITESPACE_CONTROLS = "\t\n\r\f\v"
_C0_CONTROL_BYTES = bytes(
    c for c in range(0x80) if unicodedata.category(chr(c)) == "Cc" and chr(c) not in _WHITESPACE_CONTROLS
)
_C1_CONTROL_RE = re.compile(b"\xc2[\x80-\x9f]")


def decode_text(data: bytes, *, encoding: str | None = None) -> str:
    """The text of a file; raises RejectedInput "empty", "binary" or
    "undecodable". A byte-order mark outranks `encoding`, the charset a web
    server declared, which outranks guessing."""
    if not data.strip():
        raise RejectedInput("The file is empty.", code="empty")
    text = _decode_with_bom(data)
    if text is None and encoding:
        text = _decode_declared(data, encoding)
    if text is None:
        if b"\x00" in data:
            raise RejectedInput("This file holds binary data, not text.", code="binary")
        text = _decode_guessing(data)
    if not text.strip():
        raise RejectedInput("The file is empty.", code="empty")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise RejectedInput("This file holds binary data, not text.", code="binary")
    return without_nul(text)


def _decode_declared(data: bytes, encoding: str) -> str | None:
    """The bytes in the declared encoding; None when the declaration is
    wrong or unknown, so that the usual detection takes over."""
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise RejectedInput(
                    f"The file says it is {encoding.upper()} but its bytes are not valid {encoding.upper()}.",
                    code="undecodable",
                ) from None
    return None


def _decode_guessing(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encodings = list(LEGACY_ENCODINGS)
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding not in encodings:
        encodings.append(guess.encoding)
    scored = []
    for order, encoding in enumerate(encodings):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_garbled_share(text), order, text))
    if not scored or min(scored)[0] > MAX_GARBLED_SHARE:
        raise RejectedInput(
            "The text's encoding could not be recognised; save it as UTF-8 and try again.", code="undecodable"
        )
    return min(scored)[2]


def _garbled_share(text: str) -> float:
    """Share of words that no language writes: mixed scripts, a capital
    after a small letter, a symbol inside letters, or only accented letters
    (what a wrong code page makes of a right one)."""
    words = _WORD_RE.findall(text[:50_000])
    bad = sum(1 for w in words if _looks_garbled(w.strip(".,;:!?()[]\"'«»“”‘’-–—")))
    return bad / max(1, len(words))


def _looks_garbled(word: str) -> bool:
    if not word:
        return False
    scripts = set()
    previous_lower = False
    for char in word:
        category = unicodedata.category(char)
        if category in {"Cc", "Co", "Cn", "So"} and char not in "\t":
            return True
        if char.isalpha():
            scripts.add(unicodedata.name(char, "?").split()[0])
            if char.isupper() and previous_lower:
                return True
            previous_lower = char.islower()
        elif category.startswith("S") or category == "Po" and char in "¡¿·":
            if word.index(char) not in (0, len(word) - 1):
                return True
    letters = [c for c in word if c.isalpha()]
    if len(scripts) > 1:
        return True
    return len(letters) >= 3 and "LATIN" in scripts and all(ord(c) > 127 for c in letters)


def _control_share(text: str) -> float:
    sample = text[:100_000]
    # Counted on the UTF-8 bytes at C speed: a C0 control or DEL is one byte
    # of its own, a C1 control (U+0080-U+009F) is 0xC2 then 0x80-0x9F, and
    # 0xC2 is never a continuation byte. Surrogates pass through unchanged.
    raw = sample.encode("utf-8", "surrogatepass")
    controls = len(raw) - len(raw.translate(None, _C0_CONTROL_BYTES))
    if b"\xc2" in raw:
        controls += len(_C1_CONTROL_RE.findall(raw))
    return controls / max(1, len(sample))
