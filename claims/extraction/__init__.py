"""Claim extraction: quotes, partial quotes, reported speech, statistics and
quoted words that are not speech, with exact spans and speakers.

Pure Python (regular expressions and rules), no Django: text in, dataclasses
out.
"""

from .claim import KINDS, SPEAKER_KINDS, ExtractedClaim
from .pipeline import extract_claims
from .quotes import QuoteSpan, find_quotes
from .scoring import score
from .statistics import find_numbers

__all__ = [
    "KINDS",
    "SPEAKER_KINDS",
    "ExtractedClaim",
    "QuoteSpan",
    "extract_claims",
    "find_numbers",
    "find_quotes",
    "score",
]
