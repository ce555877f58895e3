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
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


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
    # Count characters at C speed, then look up each distinct one: an article
    # has a few hundred distinct characters but tens of thousands in all.
    counts: Counter = Counter()
    for char, n in Counter(text).items():
        script = script_of(char)
        if script:
            counts[script] += n
    return counts


def dominant_script(text: str) -> str | None:
    counts = script_counts(text)
    return counts.most_common(1)[0][0] if counts else None


def detect_language(text: str) -> tuple[str, str]:
    """(ISO 639-1 code, "ltr" or "rtl") for `text`; ("", "ltr") when it has no letters."""
    script = dominant_script(text)
    if script is None:
        return "", "ltr"
    if script == "arabic":
        language = _by_markers(text, _ARABIC_SCRIPT_MARKERS, default="ar")
    elif script == "cyrillic":
        language = _by_markers(text, _CYRILLIC_MARKERS, default="ru")
    elif script == "latin":
        language = _by_stopwords(text) or "en"
    elif script == "han" and script_counts(text)["kana"]:
        language = "ja"
    else:
        language = _SINGLE_LANGUAGE_SCRIPTS.get(script, "")
    return language, "rtl" if language in RTL_LANGUAGES or script in {"arabic", "hebrew"} else "ltr"


def is_rtl_text(text: str) -> bool:
    return dominant_script(text) in {"arabic", "hebrew"}


def _by_markers(text: str, markers: dict[str, str], *, default: str) -> str:
    letters = Counter(text)
    # The first language listed borrows letters from the others less often,
    # so the rarer languages' own letters weigh more.
    scores = {
        lang: sum(letters[c] for c in chars) * (1 if i < 2 else 4) for i, (lang, chars) in enumerate(markers.items())
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else default


def _by_stopwords(text: str) -> str | None:
    words = Counter(_WORD_RE.findall(text[:20_000].lower()))
    scores = {lang: sum(n for w, n in words.items() if w in stop) for lang, stop in _STOPWORD_SETS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else None
