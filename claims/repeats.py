"""Whether a claim repeats one already in the workbench. Plain Python, no
Django: the import (services.repeats) fetches the candidates and stores
what this module decides.

Two ways to repeat a claim:

- exact: the same words, once case, quote marks, apostrophes, punctuation,
  white space and thousands separators are set aside ("40,000" is
  "40000"; "don’t" is "don't"). Such claims share a `match_key`, stored on
  the claim and indexed, so any earlier one is found by one lookup. A short
  quote ("Be quiet,", "a mistake") is everyone's words: under
  MIN_WORDS_ANY_SPEAKER words it repeats only the same speaker's.
- near: the same speaker saying nearly the same words, in the same order
  (`similarity` at least NEAR_SIMILARITY), with the same numbers and the
  same negations, both at least MIN_WORDS_NEAR words long.

    quote("We will build 40,000 homes.", speaker=7)
    repeat_of(new, earlier)   # Repeat(kind="near", score=0.9) or None
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

EXACT = "exact"
NEAR = "near"

# Under this many words, identical words by two different speakers are a
# coincidence of phrasing ("Be quiet", "we will not", "a huge mistake"),
# not one claim.
MIN_WORDS_ANY_SPEAKER = 6
# Under this many words one changed word is already an eighth of the quote:
# short quotes repeat only exactly.
MIN_WORDS_NEAR = 8
# 2 * (words in common, in order) / (words in both). One word changed in
# eight gives 0.875, two in ten 0.8, two in eight 0.75: about one word in
# five may differ, the rewording of a quote by another outlet (an article
# added, "this" for "the"), not another sentence. The tests hold examples
# on either side.
NEAR_SIMILARITY = 0.8
# A claim links to at most this many earlier ones, exact ones first and
# settled ones (whose verdict can be reused) first among them: one checked
# claim is what matters, and each link is a row written at import.
MAX_REPEATS = 3

# How words_of reads each character: letters, digits and combining marks
# are words, every quote-mark and apostrophe style is "'" (so "don’t" is
# "don't"), anything else separates words. Filled as characters are met;
# str.translate with a full table is several times faster than a regular
# expression over Unicode classes, and the import reads many claims.
class _Characters(dict):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            value = char
        elif char in "'’‘ʼ`´′":
            value = "'"
        else:
            value = " "
        self[code] = value
        return value


_CHARACTERS = _Characters()
# "40,000" is "40000", wherever a comma stands before three digits.
_HAS_SEPARATOR = re.compile(r"\d,\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# Words that turn a statement round: "we will raise taxes" and "we will not
# raise taxes" are nearly the same words and opposite claims.
_NEGATIONS = frozenset(
    "not no never nothing nobody none neither nor cannot without nowhere non ne pas nicht kein keine nie".split()
)


@lru_cache(maxsize=16384)
def words_of(text: str) -> tuple[str, ...]:
    """The claim's words, case-folded, without punctuation. Kept for the
    texts last asked for: the import compares each article's claims with
    the same speakers' recent claims again and again (RECENT_PER_SPEAKER
    of a few hundred speakers fit; a kilobyte or two each)."""
    text = text.casefold()
    if _HAS_SEPARATOR.search(text):
        text = _THOUSANDS.sub("", text)
    return tuple(word for word in (token.strip("'") for token in text.translate(_CHARACTERS).split()) if word)


def key_of(words: Iterable[str]) -> str:
    """The exact-match key: a digest of the words (fixed length, so that it
    can be indexed however long the quote), "" for no words."""
    joined = " ".join(words)
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest() if joined else ""


def match_key(text: str) -> str:
    """The key a claim with this text is stored with (Claim.match_key)."""
    return key_of(words_of(text))


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """2 * (words matched in order) / (words in both), from 0 to 1."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class Quote:
    """A claim's words as the comparison needs them. `speaker` is any value
    that is equal for the same speaker (an id), None when unknown. What is
    derived from the words is computed when first needed (most candidates
    are ruled out by their length alone) and the costly parts are kept per
    words, not per Quote: the import makes the same speakers' candidates
    again for every article, and slots keep the Quotes it makes light for
    the garbage collector."""

    words: tuple[str, ...]
    speaker: Hashable | None = None
    # Whether the claim's verdict is settled, for ranking candidates.
    settled: bool = field(default=False, compare=False)

    @property
    def key(self) -> str:
        return key_of(self.words)

    @property
    def vocabulary(self) -> frozenset[str]:
        return _vocabulary(self.words)

    @property
    def guarded(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Its numbers and its negations, which a near repeat must share."""
        return _guarded(self.words)


# Kept per words, as words_of is: each import builds the same speakers'
# candidates anew.
@lru_cache(maxsize=16384)
def _vocabulary(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


@lru_cache(maxsize=16384)
def _guarded(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (
        tuple(sorted(w for w in words if w[0].isdigit())),
        tuple(sorted(w for w in words if w in _NEGATIONS or w.endswith("n't"))),
    )


def quote(text: str, speaker: Hashable | None = None, *, settled: bool = False) -> Quote:
    return Quote(words_of(text), speaker, settled=settled)


@dataclass(frozen=True)
class Repeat:
    kind: str  # EXACT or NEAR
    score: float


def repeat_of(new: Quote, earlier: Quote) -> Repeat | None:
    """Whether `new` repeats `earlier`: exactly, nearly, or not (None)."""
    if not new.words or not earlier.words:
        return None
    same_speaker = new.speaker is not None and new.speaker == earlier.speaker
    if new.words == earlier.words:
        if same_speaker or len(new.words) >= MIN_WORDS_ANY_SPEAKER:
            return Repeat(EXACT, 1.0)
        return None
    shorter, total = min(len(new.words), len(earlier.words)), len(new.words) + len(earlier.words)
    if not same_speaker or shorter < MIN_WORDS_NEAR or 2 * shorter / total < NEAR_SIMILARITY:
        return None
    if _similarity_bound(new, earlier) < NEAR_SIMILARITY or new.guarded != earlier.guarded:
        return None
    score = similarity(new.words, earlier.words)
    return Repeat(NEAR, round(score, 3)) if score >= NEAR_SIMILARITY else None


def _similarity_bound(a: Quote, b: Quote) -> float:
    """An upper bound of similarity(a, b), from lengths and vocabularies
    alone: most candidates are ruled out here without aligning words. Each
    distinct word of one quote missing from the other leaves at least one
    of its words unmatched."""
    shared = len(a.vocabulary & b.vocabulary)
    matched = min(len(a.words) - len(a.vocabulary) + shared, len(b.words) - len(b.vocabulary) + shared)
    return 2 * matched / (len(a.words) + len(b.words))


def repeats_among(new: Quote, candidates: Iterable[tuple[int, Quote]], *, limit: int = MAX_REPEATS):
    """The candidates (id, Quote) that `new` repeats, as (id, Repeat):
    exact ones first, then near ones, most similar first; settled ones
    first among equals, then the earliest (lowest id). At most `limit`,
    each id once."""
    if not new.words:
        return []
    candidates = dict(candidates)
    words, speaker = new.words, new.speaker
    # What repeat_of decides for the same words, without a call per
    # candidate: the import asks this for every quote of an article.
    anyone = len(words) >= MIN_WORDS_ANY_SPEAKER
    exact = sorted(
        (not earlier.settled, pk) for pk, earlier in candidates.items()
        if earlier.words == words and (anyone or (speaker is not None and earlier.speaker == speaker))
    )
    exact = [(pk, _EXACT) for _, pk in exact]
    if len(exact) >= limit or speaker is None or len(words) < MIN_WORDS_NEAR:
        # Enough already, or none can be near: comparing candidates word by
        # word is the costly part.
        return exact[:limit]
    # The cheap tests of repeat_of, written out here for the few dozen
    # candidates of each new claim: lengths outside these bounds alone keep
    # the similarity under NEAR_SIMILARITY, and so does too small a share of
    # words in common (_similarity_bound).
    size, vocabulary = len(words), new.vocabulary
    shortest = size * NEAR_SIMILARITY / (2 - NEAR_SIMILARITY)
    longest = size * (2 - NEAR_SIMILARITY) / NEAR_SIMILARITY
    near = []
    for pk, earlier in candidates.items():
        other = len(earlier.words)
        if earlier.speaker != speaker or not shortest <= other <= longest or earlier.words == words:
            continue
        theirs = earlier.vocabulary
        shared = len(vocabulary & theirs)
        matched = min(size - len(vocabulary), other - len(theirs)) + shared
        if 2 * matched < NEAR_SIMILARITY * (size + other):
            continue
        if (repeat := repeat_of(new, earlier)) is not None:
            near.append((-repeat.score, not earlier.settled, pk, repeat))
    return (exact + [(pk, repeat) for *_, pk, repeat in sorted(near)])[:limit]


_EXACT = Repeat(EXACT, 1.0)
