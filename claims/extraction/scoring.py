"""Check-worthiness: how much a claim deserves a fact-checker's time, 0..1.

The score starts from the kind of claim:

- statistic 0.55, quote 0.45, reported 0.45, partial_quote 0.35,
  non_speech_quote 0.05 (titles and scare quotes are kept for review, not for
  checking).

What raises it:

- numbers (+0.15 for the first, +0.05 for each further one, up to +0.25):
  figures can be compared with their source;
- a named speaker (+0.1): a person or organisation can be asked and quoted
  back; an organisation or a role adds a little more (+0.05) because an
  official position is on record;
- factual verbs and comparisons ("has", "is", "killed", "rose", "more than",
  "the first", "record", "every", "never"): +0.05 each, up to +0.15;
- reference to a law, a treaty, a report, a study or a vote (+0.05).

What lowers it:

- no speaker at all (-0.1) and anonymous sources (-0.05): harder to verify
  against an original;
- opinion, hedging and prediction words ("I think", "perhaps", "might",
  "should", "will", "hope", "believe"): -0.05 each, up to -0.15;
- questions (-0.15) and very short texts (under four words, -0.15;
  under eight, -0.05);
- greetings and exclamations without content ("Be quiet") fall under the
  short-text rule.

The result is clamped to 0..1 and rounded to two decimals, so equal claims
get equal scores in every run.
"""

from __future__ import annotations

import re

from .claim import ExtractedClaim
from .text import word_alternation

_BASE = {"statistic": 0.55, "quote": 0.45, "reported": 0.45, "partial_quote": 0.35, "non_speech_quote": 0.05}
_FACTUAL = (
    "has have had is are was were killed died rose fell increased decreased grew dropped record every "
    "never always all none approved signed launched attacked invaded won lost cost paid spent built "
    "established".split()
    + ["more than", "less than", "fewer than", "at least", "the first", "the only"]
)
_HEDGES = (
    "perhaps maybe might could should would will hope believe seem seems possibly probably likely wish "
    "want let's".split()
    + ["i think", "i believe", "i hope", "i feel", "we must", "we need"]
)
_REFERENCES = "law act treaty article report study survey poll vote census data figures".split()
_KIND_OF_WORD = {
    **dict.fromkeys(_FACTUAL, "factual"),
    **dict.fromkeys(_HEDGES, "hedge"),
    **dict.fromkeys(_REFERENCES, "reference"),
}
# All three lists in one pass over the text. No phrase overlaps a word of
# another list, so each match is counted once, as it would be alone.
_WEIGHT_WORDS_RE = re.compile(rf"\b(?:{word_alternation(_KIND_OF_WORD)})\b")
# Where _WEIGHT_WORDS_RE can match, searched in an ASCII image of the text
# (every other character a "?"): the character before the word, then the
# word. Opening with one character class, and reading bytes, the search
# skips the letters inside words, where a pattern opening with "\b" is tried
# and fails one position at a time. The image reads every non-ASCII
# character as no letter, so this finds every position where
# _WEIGHT_WORDS_RE matches, and some where it does not.
_CANDIDATE_RE = re.compile(rf"[^A-Za-z0-9_](?:{word_alternation(_KIND_OF_WORD)})(?![A-Za-z0-9_])".encode())


def score(claim: ExtractedClaim) -> float:
    """Check-worthiness of one claim (see the module docstring)."""
    value = _BASE.get(claim.kind, 0.3)
    if claim.kind == "non_speech_quote":
        return round(value, 2)
    # Lower-cased once: case-insensitive patterns are markedly slower.
    text = claim.text.lower()
    if claim.numbers:
        value += min(0.25, 0.15 + 0.05 * (len(claim.numbers) - 1))
    if claim.speaker:
        value += 0.1
        if claim.speaker_kind == "anonymous":
            value -= 0.15
        elif claim.speaker_kind == "organisation" or claim.role:
            value += 0.05
    elif claim.kind != "statistic":
        value -= 0.1
    kinds = [_KIND_OF_WORD[w] for w in _weight_words(text)]
    factual = kinds.count("factual")
    hedges = kinds.count("hedge")
    references = "reference" in kinds
    value += min(0.15, 0.05 * factual)
    value -= min(0.15, 0.05 * hedges)
    if references:
        value += 0.05
    if text.rstrip().endswith("?"):
        value -= 0.15
    words = len(text.split(maxsplit=8))  # only "under eight" matters
    if words < 4:
        value -= 0.15
    elif words < 8:
        value -= 0.05
    return round(min(1.0, max(0.0, value)), 2)


def _weight_words(text: str) -> list[str]:
    """_WEIGHT_WORDS_RE.findall(text): the pattern is tried at each candidate
    position from where the last match ended, as findall tries it at every
    position."""
    found = []
    m = _WEIGHT_WORDS_RE.match(text)
    if m is not None:
        found.append(m.group())
        pos = m.end()
    else:
        pos = 1
    image = text.encode("ascii", "replace")
    # A candidate at `pos` or after is found by the character before it.
    while (candidate := _CANDIDATE_RE.search(image, pos - 1)) is not None:
        start = candidate.start() + 1
        m = _WEIGHT_WORDS_RE.match(text, start)
        if m is not None:
            found.append(m.group())
            pos = m.end()
        else:
            pos = start + 1
    return found
