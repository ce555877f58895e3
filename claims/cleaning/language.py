"""Guessing an article's language and writing direction without a model.

The script of the letters decides first (Arabic script, Hebrew, Cyrillic,
Greek, CJK...). Within a script shared by several languages, letters that
only one of them uses (Persian پ چ ژ گ, Ukrainian і ї є) or common short
words (Latin-script languages) decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import filterfalse

RTL_LANGUAGES = {"ar", "fa", "ur", "ps", "he", "yi", "ku", "dv", "sd", "ug"}

_SCRIPT_RANGES = [
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0370, 0x03FF, "greek"),
    (0x0530, 0x058F, "armenian"),
    (0x10A0, 0x10FF, "georgian"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0E00, 0x0E7F, "thai"),
    (0x3040, 0x30FF, "kana"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x4E00, 0x9FFF, "han"),
]

_SINGLE_LANGUAGE_SCRIPTS = {
    "hebrew": "he",
    "greek": "el",
    "armenian": "hy",
    "georgian": "ka",
    "devanagari": "hi",
    "bengali": "bn",
    "thai": "th",
    "kana": "ja",
    "hangul": "ko",
    "han": "zh",
}

# Letters that mark one language among those written in the same script.
_ARABIC_SCRIPT_MARKERS = {
    "fa": "پچژگکی",
    "ar": "ةىيكأإ",
    "ur": "ٹڈڑںےھ",
    "ps": "ټډړږښګڼۍې",
}
_CYRILLIC_MARKERS = {
    "ru": "ыэё",
    "uk": "іїєґ",
    "sr": "ђјљњћџ",
    "bg": "ъ",
}

_STOPWORDS = {
    "en": "the and of to in is that for it with as was on are by this be from at have not has he said",
    "fr": "le la les des et est une du que qui dans pour pas sur au avec ce il sont aux été cette",
    "de": "der die und das ist nicht den mit sich des auf für ein eine dem zu von im auch es wird",
    "es": "el la los las de que y en un una por con para es del se al lo como más pero sus",
    "it": "il di che la per un una non sono con del della gli le nel si da è anche alla",
    "pt": "o os as de que do da em um uma para com não por se dos mais na no foi",
    "nl": "de het een en van is dat niet op te zijn met voor die er ook aan als bij maar",
    "pl": "i w z na się nie do to że jest jak od po ale przez dla są tak",
    "tr": "ve bir bu da için ile olarak çok daha gibi ne olan sonra kadar",
    "sv": "och att det som en på är av för med till den har inte om ett jag men",
}
_STOPWORD_SETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_STOPWORD_LANGUAGES = {
    word: tuple(lang for lang, stop in _STOPWORD_SETS.items() if word in stop)
    for word in set().union(*_STOPWORD_SETS.values())
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Characters none of which is a letter to _WORD_RE: what may stand around a
# word without being part of it.
_NOT_LETTERS = "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»„‹›–—…·•¡¿"
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_ASCII_BYTES = bytes(range(128))
_ALL_BUT_ASCII_LETTERS = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


@lru_cache(maxsize=8192)
def script_of(char: str) -> str | None:
    """The script of one letter ("latin", "arabic", ...), None for non-letters."""
    if not char.isalpha():
        return None
    code = ord(char)
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return unicodedata.name(char, "other").split()[0].lower()


def script_counts(text: str) -> Counter:
    """Letters per script, the scripts in the order their first letter
    appears in `text` (so that a tie goes to the script seen first)."""
    return _tally(text)[0]


def dominant_script(text: str) -> str | None:
    return _dominant(script_counts(text))


def detect_language(text: str) -> tuple[str, str]:
    """(ISO 639-1 code, "ltr" or "rtl") for `text`; ("", "ltr") when it has no letters."""
    scripts, chars = _tally(text)
    script = _dominant(scripts)
    if script is None:
        return "", "ltr"
    if script == "arabic":
        language = _by_markers(chars, _ARABIC_SCRIPT_MARKERS, default="ar")
    elif script == "cyrillic":
        language = _by_markers(chars, _CYRILLIC_MARKERS, default="ru")
    elif script == "latin":
        language = _by_stopwords(text) or "en"
    elif script == "han" and scripts["kana"]:
        language = "ja"
    else:
        language = _SINGLE_LANGUAGE_SCRIPTS.get(script, "")
    return language, "rtl" if language in RTL_LANGUAGES or script in {"arabic", "hebrew"} else "ltr"


def is_rtl_text(text: str) -> bool:
    return dominant_script(text) in {"arabic", "hebrew"}


def _dominant(counts: Counter) -> str | None:
    return counts.most_common(1)[0][0] if counts else None


def _tally(text: str) -> tuple[Counter, Counter]:
    """(letters per script, occurrences of each character outside ASCII).

    Most articles are largely ASCII, and an ASCII letter is always Latin, so
    those are counted in bulk on the UTF-8 bytes at C speed; only the other
    characters are counted one by one, then looked up once per distinct
    character. ASCII characters are left out of the character counts except
    in text without ASCII letters, where they are counted along."""
    raw = text.encode("utf-8", "surrogatepass")
    ascii_letters = len(raw.translate(None, _ALL_BUT_ASCII_LETTERS))
    if not ascii_letters:
        chars = Counter(text)
        return _add_scripts(Counter(), chars), chars
    others = _outside_ascii(raw)
    # Scripts are ranked in order of first appearance: those of the
    # characters before the first ASCII letter come ahead of Latin.
    first = _ASCII_LETTER_RE.search(text).start()
    before = len(_outside_ascii(text[:first].encode("utf-8", "surrogatepass")))
    head, tail = Counter(others[:before]), Counter(others[before:])
    scripts = _add_scripts(Counter(), head)
    scripts["latin"] += ascii_letters
    _add_scripts(scripts, tail)
    head.update(tail)
    return scripts, head


def _outside_ascii(raw: bytes) -> str:
    # A UTF-8 sequence for a character outside ASCII holds no ASCII byte, so
    # deleting the ASCII bytes leaves exactly those characters, in order.
    return raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def _add_scripts(scripts: Counter, chars: Counter) -> Counter:
    for char, n in chars.items():
        script = script_of(char)
        if script:
            scripts[script] += n
    return scripts


def _by_markers(letters: Counter, markers: dict[str, str], *, default: str) -> str:
    # The first language listed borrows letters from the others less often,
    # so the rarer languages' own letters weigh more.
    scores = {
        lang: sum(letters[c] for c in chars) * (1 if i < 2 else 4) for i, (lang, chars) in enumerate(markers.items())
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else default


def _by_stopwords(text: str) -> str | None:
    scores = dict.fromkeys(_STOPWORD_SETS, 0)
    for word, n in _stopword_counts(text[:20_000].lower()).items():
        for lang in _STOPWORD_LANGUAGES[word]:
            scores[lang] += n
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else None


def _stopword_counts(text: str) -> dict[str, int]:
    """How often each stopword occurs in `text` as a word of _WORD_RE.

    No word holds a space, so the text is cut at spaces and each distinct
    piece is looked at once. A piece of letters only is one word, and only
    a stopword among those counts; only the pieces with other characters
    in them need the pattern."""
    pieces = Counter(text.split())
    counts = {word: pieces[word] for word in pieces.keys() & _STOPWORD_LANGUAGES.keys()}
    for piece in filterfalse(str.isalpha, pieces):
        # Punctuation around a word is never part of one.
        core = piece.strip(_NOT_LETTERS)
        words = (core,) if core.isalpha() else _WORD_RE.findall(core) if core else ()
        for word in words:
            if word in _STOPWORD_LANGUAGES:
                counts[word] = counts.get(word, 0) + pieces[piece]
    return counts
