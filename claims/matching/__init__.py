"""Quote-to-source matching: find the passage a published quote comes from
and say, word by word, how the quote differs from it. Pure Python, no Django.

    index = SourceIndex(source_text)            # once per source
    result = index.match(quote)                 # MatchResult, not_found when nothing matches
    results = index.match_all(quote, limit=5)   # list[MatchResult]: found passages only, best first
    result = assess(result, source_text, speaker="Joe Biden")  # with findings, source_speaker, suggestion
    data = serialise.dump(result)               # {"schema": 3, ...}, for storing; serialise.load reads it back
"""

from . import serialise
from .classify import MIN_SCORE, DiffOp, Insertion, MatchResult, Omission, Verdict
from .findings import Finding, FindingKind, Suggestion, assess
from .index import SourceIndex, match_quote
from .normalise import normalise_word

__all__ = [
    "MIN_SCORE",
    "DiffOp",
    "Finding",
    "FindingKind",
    "Insertion",
    "MatchResult",
    "Omission",
    "SourceIndex",
    "Suggestion",
    "Verdict",
    "assess",
    "match_quote",
    "normalise_word",
    "serialise",
]
