"""Punctuation the workbench reads text by, defined once. Plain Python, so
that claims.matching can use it without Django."""

# Marks that end a sentence, in the scripts articles come in (Latin, CJK
# full stops and full-width marks, Arabic and Urdu question mark and stop).
SENTENCE_END = ".!?…。؟۔！？"

# Quote marks, each opening mark with the closing marks that end it in the
# styles articles are printed in (English “…”, German „…“, Polish „…”,
# French «…», Danish »…«, Swiss ‹…›, CJK 「…」 and straight quotes).
QUOTE_PAIRS = {
    "“": "”", "„": "“”", "‚": "‘’", "‘": "’", "«": "»", "»": "«", "‹": "›", "›": "‹",
    "「": "」", "『": "』", '"': '"', "'": "'",
}
# Double quote marks: one left over (the quote mark that closed a quotation
# whose opening the span does not hold) is punctuation, not words. A single
# mark left over may be an apostrophe ("the workers’"), so single marks go
# only in pairs.
_DOUBLE_MARKS = "“”„«»「」『』\""
# What joins a quotation to the sentence around it ("Be quiet," he said):
# never part of what was said.
_JOINING = ",;:–—"
# A full stop ends the sentence, not the words; a question or exclamation
# mark and an ellipsis are part of what was said and stay.
_FULL_STOPS = ".。۔"
_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "jr", "sr", "st", "no", "vs"})


def bare_quote(text: str) -> str:
    """The words of a quotation without the punctuation around them: the
    quote marks that enclose it, the comma or colon that joined it to "he
    said", and a sentence's full stop (not that of an abbreviation such as
    "U.S."). What is left is what the speaker is said to have said, as a
    fact check names the claim: '“Be quiet,”' is "Be quiet". Text that is
    nothing but punctuation comes back as it was, stripped of spaces."""
    words = text.strip()
    while True:
        before = words
        words = _strip_enclosing_marks(words).strip(_JOINING).strip()
        words = _strip_full_stop(words)
        if words == before:
            break
    return words or text.strip()


def _strip_enclosing_marks(words: str) -> str:
    if len(words) < 2:
        return words
    if _encloses(words):
        return words[1:-1].strip()
    if words[0] in _DOUBLE_MARKS and not _closes(words[0], words[1:]):
        return words[1:].strip()
    if words[-1] in _DOUBLE_MARKS and not _opened(words[-1], words[:-1]):
        return words[:-1].strip()
    return words


def _encloses(words: str) -> bool:
    """Whether the first and last characters are one pair of quote marks
    around the whole: not the first of two quotations ('“Yes.” “No.”')."""
    opener, closers = words[0], QUOTE_PAIRS.get(words[0], "")
    if words[-1] not in closers:
        return False
    inner = words[1:-1]
    if opener in closers:
        # Straight quotes open and close alike: one inside leaves it unclear.
        return opener not in inner
    depth = 1
    for char in inner:
        if char == opener:
            depth += 1
        elif char in closers:
            depth -= 1
            if depth == 0:
                return False
    return True


def _closes(mark: str, rest: str) -> bool:
    """Whether an opening `mark` is closed somewhere in `rest`."""
    return any(closer in rest for closer in QUOTE_PAIRS.get(mark, ""))


def _opened(mark: str, rest: str) -> bool:
    """Whether a closing `mark` closes a mark opened in `rest`."""
    return any(mark in closers and opener in rest for opener, closers in QUOTE_PAIRS.items())


def _strip_full_stop(words: str) -> str:
    if not words or words[-1] not in _FULL_STOPS or words.endswith(".."):
        return words
    last = words[:-1].split()[-1] if words[:-1].split() else ""
    if "." in last or last.casefold() in _ABBREVIATIONS:
        return words
    return words[:-1].rstrip()
