"""Decoding plain-text and Markdown files in whatever encoding they came in.

Byte-order marks decide first (UTF-8, UTF-16, UTF-32). Then strict UTF-8,
since almost everything is UTF-8 today. Otherwise the common legacy
encodings and charset-normalizer's guess are each tried, and the decoding
that reads most like words wins, the earlier on a tie (so the first that
reads without a garbled word ends the search): charset-normalizer alone
often takes a short Windows-1252 text for Windows-1250 or a KOI8-R one for
Shift-JIS.
Files that are really binary are refused instead of being decoded into
nonsense.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

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
# Tried in this order; on a tie the earlier one wins. Only single-byte code
# pages that read ASCII as ASCII (see _CodePageWords).
LEGACY_ENCODINGS = ["cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257"]
# A decoding in which more than this share of words look garbled is refused.
MAX_GARBLED_SHARE = 0.2
# How much of a decoding is judged, in characters.
_SCORED_CHARS = 50_000
# Stripped from both ends of a word before it is judged.
_EDGE_PUNCTUATION = ".,;:!?()[]\"'«»“”‘’-–—"
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
        text = _decode_in(data, encoding)
    if text is None:
        if b"\x00" in data:
            raise RejectedInput("This file holds binary data, not text.", code="binary")
        text = _decode_guessing(data)
    if not text.strip():
        raise RejectedInput("The file is empty.", code="empty")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise RejectedInput("This file holds binary data, not text.", code="binary")
    return without_nul(text)


def _decode_in(data: bytes, encoding: str) -> str | None:
    """The bytes in `encoding`; None when they are not valid in it or the
    encoding is unknown (a wrong declaration, a rejected guess), so that the
    next candidate is tried."""
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
    judge = _WordJudge()
    code_page_words = _CodePageWords(data, judge)
    scored = []
    for order, encoding in enumerate(LEGACY_ENCODINGS):
        text = _decode_in(data, encoding)
        if text is not None:
            scored.append((code_page_words.garbled_share(encoding), order, text))
            # Nothing reads better than no garbled word at all, and on a tie
            # the earlier encoding wins: the rest, charset-normalizer's guess
            # included, could not change the choice.
            if scored[-1][0] == 0.0:
                return text
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding not in LEGACY_ENCODINGS:
        text = _decode_in(data, guess.encoding)
        if text is not None:
            scored.append((judge.garbled_share(text), len(LEGACY_ENCODINGS), text))
    if not scored or min(scored)[0] > MAX_GARBLED_SHARE:
        raise RejectedInput(
            "The text's encoding could not be recognised; save it as UTF-8 and try again.", code="undecodable"
        )
    return min(scored)[2]


class _WordJudge:
    """Counts the words that no language writes: mixed scripts, a capital
    after a small letter, a symbol inside letters, or only accented letters
    (what a wrong code page makes of a right one). Each distinct word is
    judged once: words repeat within a text, and ASCII words read the same
    in every candidate encoding."""

    def __init__(self) -> None:
        self._verdicts: dict[str, bool] = {}

    def garbled_share(self, text: str) -> float:
        """Share of the garbled words among those of the text's start."""
        # str.split() cuts at exactly the characters that re's \s matches
        # (both ask Py_UNICODE_ISSPACE), and does it faster.
        garbled, total = self.count(Counter(text[:_SCORED_CHARS].split()).items())
        return garbled / max(1, total)

    def count(self, words: Iterable[tuple[str, int]]) -> tuple[int, int]:
        """Garbled and all words, given as (word, occurrences) pairs."""
        garbled = total = 0
        for word, occurrences in words:
            verdict = self._verdicts.get(word)
            if verdict is None:
                verdict = self._verdicts[word] = _looks_garbled(word.strip(_EDGE_PUNCTUATION))
            total += occurrences
            if verdict:
                garbled += occurrences
        return garbled, total


class _CodePageWords:
    """The words of a file's start read in each of LEGACY_ENCODINGS, which
    all give every byte a character of its own and read ASCII as ASCII. So
    the bytes are split at ASCII whitespace and counted once, and the words
    that are pure ASCII are judged once for all code pages; only the few
    with a byte above 0x7F are decoded per code page, then split again at
    the whitespace that page may give them (a no-break space, say)."""

    def __init__(self, data: bytes, judge: _WordJudge) -> None:
        self._judge = judge
        ascii_words: Counter[str] = Counter()
        self._other_words: list[tuple[bytes, int]] = []
        for raw, occurrences in Counter(data[:_SCORED_CHARS].split()).items():
            if raw.isascii():
                for word in raw.decode("ascii").split():
                    ascii_words[word] += occurrences
            else:
                self._other_words.append((raw, occurrences))
        self._ascii_count = judge.count(ascii_words.items())

    def garbled_share(self, encoding: str) -> float:
        """As _WordJudge.garbled_share of the whole file in `encoding`,
        which must decode it."""
        words = [
            (word, occurrences)
            for raw, occurrences in self._other_words
            for word in raw.decode(encoding).split()
        ]
        garbled, total = self._judge.count(words)
        ascii_garbled, ascii_total = self._ascii_count
        return (garbled + ascii_garbled) / max(1, total + ascii_total)


# The kinds of character _looks_garbled tells apart.
_LETTER, _SYMBOL, _UNWRITTEN, _OTHER = "letter", "symbol", "unwritten", "other"


def _looks_garbled(word: str) -> bool:
    """Whether a word, its edge punctuation stripped, is one that no
    language writes (see _WordJudge)."""
    if not word:
        return False
    scripts = set()
    previous_lower = False
    letters = 0
    ascii_letters = False
    for char in word:
        kind, script, upper, lower = _char_kind(char)
        if kind == _LETTER:
            scripts.add(script)
            letters += 1
            ascii_letters = ascii_letters or char < "\x80"
            if upper and previous_lower:
                return True
            previous_lower = lower
        elif kind == _UNWRITTEN:
            return True
        elif kind == _SYMBOL and word.index(char) not in (0, len(word) - 1):
            return True
    if len(scripts) > 1:
        return True
    return letters >= 3 and "LATIN" in scripts and not ascii_letters


@functools.lru_cache(maxsize=4096)
def _char_kind(char: str) -> tuple[str, str | None, bool, bool]:
    """What _looks_garbled needs to know of a character: its kind, and for a
    letter its script (the first word of its Unicode name) and case.
    Remembered, since a text uses few characters many times over."""
    category = unicodedata.category(char)
    if category in {"Cc", "Co", "Cn", "So"} and char != "\t":
        return _UNWRITTEN, None, False, False
    if char.isalpha():
        return _LETTER, unicodedata.name(char, "?").split()[0], char.isupper(), char.islower()
    if category.startswith("S") or (category == "Po" and char in "¡¿·"):
        return _SYMBOL, None, False, False
    return _OTHER, None, False, False


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
