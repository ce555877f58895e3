"""Taking Markdown markup out of a line while leaving its words alone.

Only delimiters are removed: `**bold**`, `*italic*`, `_italic_`, `[text](url)`
become their text, images and heading marks go. The rules follow
CommonMark's flanking idea, a little stricter: an opening `*` or `_` must
be followed by a letter or digit and not preceded by one, a closing one
preceded by a letter, digit or end punctuation and not followed by a
letter, so "5 * 3", "2*3*4", snake_case and “*.” stay as written.
Quotation marks, apostrophes, dashes, brackets in prose ("[AP Photo]") and
non-Latin text are never touched.
"""

from __future__ import annotations

import re

HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
SETEXT_UNDERLINE_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S")
LINK_DEFINITION_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\[\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
REFERENCE_LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\[\]]+)\]\[[^\[\]]*\]")
BLOCKQUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")

# Strong before emphasis so that ***x*** loses all six stars.
_EMPHASIS_RES = [
    re.compile(r"(?<![\w\\*])\*\*(?=[^\W_])(?P<text>.+?)(?<=[^\W_]|[.!?)\]])\*\*(?![\w*])"),
    re.compile(r"(?<![\w\\_])__(?=[^\W_])(?P<text>.+?)(?<=[^\W_]|[.!?)\]])__(?![\w_])"),
    re.compile(r"(?<![\w\\*])\*(?=[^\W_])(?P<text>.+?)(?<=[^\W_]|[.!?)\]])\*(?![\w*])"),
    re.compile(r"(?<![\w\\_])_(?=[^\W_])(?P<text>.+?)(?<=[^\W_]|[.!?)\]])_(?![\w_])"),
]
LINK_ONLY_RE = re.compile(
    r"^[\s>*_\-•|]*(?:!?\[[^\]]*\]\([^)]*\)[\s*_|·•,\-]*)+$"
)


def strip_inline(line: str) -> str:
    """The line without inline Markdown markup. Repeats until nothing
    changes, so that cleaning twice gives the same text as cleaning once."""
    if "*" not in line and "_" not in line and "[" not in line:
        # Every inline pattern above needs one of these characters, and most
        # lines of prose hold none of them.
        return line
    for _ in range(5):
        before = line
        line = IMAGE_RE.sub("", line)
        line = LINK_RE.sub(lambda m: m.group("text"), line)
        line = REFERENCE_LINK_RE.sub(lambda m: m.group("text"), line)
        for pattern in _EMPHASIS_RES:
            line = pattern.sub(lambda m: m.group("text"), line)
        if line == before:
            break
    return line


def heading_text(line: str) -> str | None:
    """The text of an ATX heading ("## Title"), else None."""
    match = HEADING_RE.match(line)
    return match.group("text") if match else None


def is_list_item(line: str) -> bool:
    return bool(LIST_ITEM_RE.match(line))


def is_link_only(line: str) -> bool:
    """A line made only of Markdown links (menus, "**[site/contact](url)**")."""
    # The pattern needs a "[": looking for one first spares most lines.
    return "[" in line and bool(LINK_ONLY_RE.match(line)) and not IMAGE_RE.fullmatch(line.strip())


def is_image_only(line: str) -> bool:
    # Without "![" there is no image to remove: most lines are spared the pattern.
    rest = IMAGE_RE.sub("", line) if "![" in line else line
    return bool(line.strip()) and not rest.strip(" \t*_")
