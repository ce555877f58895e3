"""Words and their normal form, the unit every comparison in matching works on.

Two texts are "normalised-equal" when their word sequences are equal after
`normalise_word`: case, punctuation, quote-mark and dash style, apostrophe
style, whitespace and Unicode compatibility forms are ignored. Spelling is
not touched, so "colour" and "color" stay different words.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..punctuation import SENTENCE_END

# Letters and digits, with apostrophes allowed inside a word so "don't" and
# "don’t" stay one word each. Dashes of every kind separate words, which makes
# "I—well", "I – well" and "I - well" the same two words. A few symbols carry
# meaning in quotes ("$5", "10%") and count as words of their own.
WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ‘][^\W_]+)*|[$€£¥%&§]")

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})

OPENING_MARKS = "\"'“‘«„‚([{"
CLOSING_MARKS = "\"'”’»)]}"


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1 << 16)
def normalise_word(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().translate(_APOSTROPHES)


def split_words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def words_of(text: str) -> list[str]:
    """The same words as WORD_RE.findall(text), found faster. No word holds
    whitespace, and a chunk between spaces made only of letters and digits
    is one whole word (str.isalnum is the very test the pattern makes for a
    letter or digit), so only chunks with other characters in them go
    through the pattern."""
    words: list[str] = []
    for chunk in text.split():
        if chunk.isalnum():
            words.append(chunk)
        else:
            words += WORD_RE.findall(chunk)
    return words


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def starts_sentence(text: str, start: int) -> bool:
    """True when nothing but whitespace and opening quote marks separates
    `start` from the previous sentence end, line break or the text start."""
    i = start - 1
    while i >= 0 and (text[i] in OPENING_MARKS or text[i] in " \t"):
        i -= 1
    return i < 0 or text[i] in SENTENCE_END or text[i] in "\r\n"


def ends_sentence(text: str, end: int) -> bool:
    """True when the span ending at `end` closes a sentence, or stops right
    before the sentence's final punctuation (quotes usually drop it)."""
    i = end
    while i > 0 and text[i - 1] in CLOSING_MARKS:
        i -= 1
    if i > 0 and text[i - 1] in SENTENCE_END:
        return True
    i = end
    while i < len(text) and text[i] in CLOSING_MARKS:
        i += 1
    if i < len(text) and text[i] in SENTENCE_END:
        return True
    while i < len(text) and text[i] in " \t":
        i += 1
    return i >= len(text) or text[i] in "\r\n"
