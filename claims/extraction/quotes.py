"""Find quotations and the editorial marks inside them.

Quotation marks are read like Markdown reads emphasis: a mark with a space (or
an opening bracket) before it and a letter after it can open, a mark with a
letter or punctuation before it and a space or punctuation after it can close.
Curly marks keep their usual direction unless only the other reading fits, so
„German“, »Swiss«, ”Swedish” and "straight-opened, curly-closed” pairs all
work. Single marks between letters (don’t, Russia’s) or before a decade (’90s)
are apostrophes, and a mark after a plural s (Poles’) is an apostrophe unless
a single quote is open and no better closer follows.

Two apostrophes ('' ... '', as newspaper archives and wire feeds write
double quotes) and two backticks (`` ... '') are one double mark; of three
apostrophes, the first closes a nested single quote and the other two the
double one.

Only outermost quotations are returned; a quote nested inside another stays
part of it. A quote left open at the end of a paragraph carries on when the
next paragraph opens with a quote mark (the multi-paragraph convention): each
paragraph is then a quotation of its own, the later ones marked as
continuing the first. One that runs on into a paragraph starting in lower
case (a sentence broken by a page break) stays one quotation. Otherwise a
quote left open is dropped as unbalanced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DOUBLE = frozenset('"“”„«»‟')
_SINGLE = frozenset("'‘’‚‹›")
# A quotation mark or a paragraph break ("\n[ \t]*\n"), written to open with
# one character class so that the regex engine skips to the candidates.
_MARKS = re.compile(r"[\"“”„«»‟'‘’‚‹›`\n](?:(?<=[^\n])|[ \t]*\n)")
_OPEN_PUNCT = frozenset("([{—–-/*_\u00a0")
_CLOSE_PUNCT = frozenset(".,;:!?)]}—–-/*_…")
_EDITORIAL = re.compile(r"\[[^\]\n]{0,200}\]|\.\s?\.\s?\.|…")
_ALNUM_RE = re.compile(r"[^\W_]")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_CLOSING_SINGLE_RE = re.compile(r"[’']")
# A markup tag left in a text ('<tweet id="6677" author="@x">'): the marks
# around its attribute values quote nothing.
_TAG_RE = re.compile(r"<[A-Za-z][\w:-]*\s[^<>\n]{0,500}?=[^<>\n]{0,500}>")
_MAX_QUOTE_CHARS = 6000
_MAX_PARAGRAPHS = 8


@dataclass
class QuoteSpan:
    """An outermost quotation: `start`/`end` bound its words, marks excluded."""

    start: int
    end: int
    open_at: int
    close_at: int
    opener: str
    marks: list[dict] = field(default_factory=list)
    # The opening mark takes `open_len` characters from `open_at`, the closing
    # one `close_len` from `close_at`. A paragraph of a quotation that goes on
    # in the next paragraph has no closing mark (`close_len` 0, `close_at` at
    # its end), and the next paragraph's part `continues` it.
    open_len: int = 1
    close_len: int = 1
    continues: bool = False

    @property
    def after(self) -> int:
        """The first position after the quotation and its closing mark."""
        return self.close_at + self.close_len


def _flanks(text: str, i: int, width: int = 1) -> tuple[bool, bool]:
    """(can_open, can_close) by the characters around the mark of `width`
    characters at position i."""
    n = len(text)
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < n else " "
    prev_space = prev.isspace() or prev in _OPEN_PUNCT or prev in _DOUBLE or prev in _SINGLE
    next_space = nxt.isspace() or nxt in _CLOSE_PUNCT or nxt in _DOUBLE or nxt in _SINGLE
    left = not nxt.isspace() and prev_space
    right = not prev.isspace() and next_space
    if prev in _OPEN_PUNCT and nxt in _CLOSE_PUNCT:
        # "—’s" and the like: decide by what is past the punctuation.
        left, right = False, True
    return left, right


def _double_role(text: str, i: int, width: int = 1) -> tuple[bool, bool]:
    mark = text[i]
    left, right = _flanks(text, i, width)
    if mark == "`":
        return True, False
    if mark in "“‟":
        return (left or not right), (right and not left)
    if mark == "”":
        return (left and not right), (right or not left)
    if mark == "„":
        return True, False
    if mark == "«":
        return (left or not right), (right and not left)
    if mark == "»":
        return (left and not right), (right or not left)
    # Straight mark: by flanking; between two non-spaces it can be either.
    if left and not right:
        return True, False
    if right and not left:
        return False, True
    return True, True


def _is_apostrophe(text: str, i: int) -> bool:
    n = len(text)
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < n else " "
    if prev.isalnum() and nxt.isalnum():
        return True  # don’t, Russia’s, rock’n’roll
    if nxt.isdigit() and i + 2 < n and text[i + 2].isdigit() and (i + 3 >= n or not text[i + 3].isdigit()):
        return True  # the ’90s
    if text[i] in "’'" and nxt.isalpha() and prev.isspace():
        word = re.match(r"[a-z]+", text[i + 1 : i + 6])
        if word and word.group() in ("em", "til", "tis", "twas", "n", "cause", "bout"):
            return True  # ’em, ’til
    return False


def _single_role(text: str, i: int) -> tuple[bool, bool]:
    mark = text[i]
    if mark in "’'" and _is_apostrophe(text, i):
        return False, False
    left, right = _flanks(text, i)
    if mark in "‘‚‹":
        return (left or not right), False
    if mark in "’›":
        return (left and not right and mark == "›") , right
    return left and not right, right and not left


def _plural_possessive(text: str, i: int) -> bool:
    """A closing-looking mark after an s and before a lower-case word: Poles’ view."""
    return (
        i > 0
        and text[i - 1] in "sS"
        and i + 2 < len(text)
        and text[i + 1] == " "
        and text[i + 2].islower()
    )


def _later_single_closer(text: str, i: int, limit: int) -> bool:
    for m in _CLOSING_SINGLE_RE.finditer(text, i + 1, limit):
        j = m.start()
        if _is_apostrophe(text, j):
            continue
        _, can_close = _flanks(text, j)
        if can_close and not _plural_possessive(text, j):
            return True
    return False


def _next_paragraph_continues(text: str, pos: int, family: str) -> tuple[bool, int]:
    """At a paragraph break ending at `pos`: does the open quote carry on?

    Returns (continues, index of an opening mark to swallow or -1)."""
    if pos >= len(text):
        return False, -1
    ch = text[pos]
    if family == "d" and (ch in '"“„«' or _width_at(text, pos) == 2):
        return True, pos
    if family == "s" and ch in "‘'":
        return True, pos
    if ch.islower():
        return True, -1
    return False, -1


def find_quotes(text: str) -> list[QuoteSpan]:
    """Outermost quotations in `text`, in order."""
    quotes: list[QuoteSpan] = []
    # Stack entries: (family, index of the opening mark, its width).
    stack: list[tuple[str, int, int]] = []
    paragraphs_open = 0
    swallow = -1
    skip_to = -1
    continuing = False
    paragraph_end = _paragraph_end_after(text, 0)
    tags = [t.span() for t in _TAG_RE.finditer(text)] if "<" in text else []
    tag = 0

    for m in _MARKS.finditer(text):
        i = m.start()
        if i == swallow or i < skip_to:
            continue
        while tag < len(tags) and tags[tag][1] <= i:
            tag += 1
        if tag < len(tags) and tags[tag][0] < i:
            continue
        token = m.group()
        if token[0] == "\n":
            paragraph_end = _paragraph_end_after(text, m.end())
            # Nested single quotes never run past a paragraph.
            while stack and stack[-1][0] == "s" and len(stack) > 1:
                stack.pop()
            if not stack:
                continue
            family = stack[0][0]
            continues, swallow = _next_paragraph_continues(text, m.end(), family)
            paragraphs_open += 1
            if not continues or paragraphs_open > _MAX_PARAGRAPHS:
                if not continues and len(stack) == 1 and family == "d" and _introduced(text, stack[0][1]):
                    # 'Mr. Hale said, "The point is ...' and no closing mark
                    # before the paragraph ends: the writer's slip, not the
                    # end of the quotation.
                    _, open_at, width = stack[0]
                    end = _trimmed_end(text, i)
                    if len(text[open_at + width : end].split()) >= _UNCLOSED_MIN_WORDS:
                        _record(quotes, text, open_at, end, width, 0, continuing)
                stack.clear()
                paragraphs_open = 0
                continuing = False
            elif swallow >= 0 and len(stack) == 1:
                # The next paragraph opens with its own mark: this paragraph's
                # part is a quotation, and the next part continues it.
                _, open_at, width = stack[0]
                if _record(quotes, text, open_at, _trimmed_end(text, i), width, 0, continuing):
                    continuing = True
                width = _width_at(text, swallow)
                stack[0] = (family, swallow, width)
                skip_to = swallow + width
            continue

        width = _width_at(text, i)
        if token == "`":
            if width == 1:
                continue  # a lone backtick is no quotation mark
            skip_to = i + 2
            token = '"'
        elif width == 2:
            if text.startswith(_THREE_APOSTROPHES, i) and stack and stack[-1][0] == "s":
                # ''... 'inner,''': the first apostrophe closes the nested
                # single quote, the next two the double one.
                width = 1
            else:
                skip_to = i + 2
                token = '"'

        if token in _DOUBLE:
            can_open, can_close = _double_role(text, i, width)
            if stack and can_close:
                depth = _innermost(stack, "d")
                if depth is not None:
                    del stack[depth + 1 :]
                    family, open_at, open_width = stack.pop()
                    if not stack:
                        _record(quotes, text, open_at, i, open_width, width, continuing)
                        paragraphs_open = 0
                        continuing = False
                    continue
            if can_open:
                if stack and stack[-1][0] == "d" and text[stack[-1][1]] not in "«„" and not can_close:
                    # A second opener while one is open and not nested in
                    # guillemets: the first one was unbalanced.
                    if len(stack) == 1:
                        stack.clear()
                        paragraphs_open = 0
                        continuing = False
                stack.append(("d", i, width))
            continue

        # Single marks.
        can_open, can_close = _single_role(text, i)
        if can_close and stack and stack[-1][0] == "s":
            if _plural_possessive(text, i) and _later_single_closer(text, i, paragraph_end):
                continue
            family, open_at, open_width = stack.pop()
            if not stack:
                _record(quotes, text, open_at, i, open_width, 1, continuing)
                paragraphs_open = 0
                continuing = False
            continue
        if can_open and _has_single_closer(text, i, paragraph_end):
            stack.append(("s", i, 1))
    return quotes


_THREE_APOSTROPHES = "'" * 3
_UNCLOSED_MIN_WORDS = 8


def _introduced(text: str, open_at: int) -> bool:
    """Whether an opening mark stands where quotations open: at the start of a
    paragraph or sentence, or after "said," or a colon."""
    j = open_at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] in "\n,:" or (text[j - 1] in ".!?" and j < open_at)


def _width_at(text: str, i: int) -> int:
    """2 for a double mark written as two characters ('' or ``), else 1."""
    if text.startswith("''", i) or text.startswith("``", i):
        return 2
    return 1


def _trimmed_end(text: str, i: int) -> int:
    """The end of the text before position i, trailing white space left out."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _innermost(stack: list[tuple[str, int]], family: str) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == family:
            return depth
    return None


def _paragraph_end_after(text: str, pos: int) -> int:
    m = _PARAGRAPH_BREAK_RE.search(text, pos)
    return m.start() if m else len(text)


def _has_single_closer(text: str, i: int, limit: int) -> bool:
    """A single opener only counts when something can close it in its paragraph
    (or it starts a paragraph, as multi-paragraph quotes do)."""
    if _later_single_closer(text, i, limit):
        return True
    return i == 0 or text[i - 1] == "\n"


def _record(
    quotes: list[QuoteSpan], text: str, open_at: int, close_at: int, open_len: int, close_len: int, continues: bool
) -> bool:
    start, end = open_at + open_len, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start or end - start > _MAX_QUOTE_CHARS:
        return False
    if not _ALNUM_RE.search(text, start, end):
        return False
    marks = editorial_marks(text, start, end)
    quotes.append(
        QuoteSpan(start, end, open_at, close_at, text[open_at], marks, open_len=open_len, close_len=close_len, continues=continues)
    )
    return True


def editorial_marks(text: str, start: int, end: int) -> list[dict]:
    """[Bracketed insertions] and ellipses between start and end, in article offsets."""
    marks = []
    for m in _EDITORIAL.finditer(text, start, end):
        kind = "bracket" if m.group().startswith("[") else "ellipsis"
        marks.append({"type": kind, "start": m.start(), "end": m.end(), "text": m.group()})
    return marks
