"""Turning a received article text into a clean body plus title, authors and date.

Cleaning removes whole lines, never words: site boilerplate (banners, site
addresses, share rows, contact footers), the title, byline and dateline
(which move into fields), and Markdown markup. Every removed line is kept
in `CleanArticle.dropped` with the rule that removed it, so a reviewer can
see what went and why. Quotation marks, apostrophes, dashes and non-Latin
text pass through untouched.

The title comes from metadata, a Markdown heading, or a line of the header
(the lines above the first paragraph of prose, once a byline, dateline,
boilerplate or a headline-shaped first line shows that there is one);
failing those, from a headline-shaped first line set directly above the
body's first sentence (see `looks_like_headline`).

The only edits inside the text are Markdown delimiters, whitespace at line
ends, blank-line runs, and one join: a paragraph that ends mid-sentence
followed by one that starts in lower case (a page break in the source) is
joined back with a single space.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .dates import parse_date
from .header import (
    HeaderLine,
    ends_sentence,
    is_body_paragraph,
    looks_like_headline,
    looks_like_name,
    parse_header_line,
)
from .language import detect_language, dominant_script, is_rtl_text
from .markdown import (
    BLOCKQUOTE_RE,
    LINK_DEFINITION_RE,
    RULE_RE,
    SETEXT_UNDERLINE_RE,
    heading_text,
    is_image_only,
    is_list_item,
    strip_inline,
)
from .rules import anywhere_rule, header_rule, is_contact_footer, is_image_caption

__all__ = ["CleanArticle", "DroppedLine", "clean_article", "detect_language"]

MARKDOWN_FORMATS = {"text", "markdown"}
# The header (title, byline, dateline, banners) is looked for in this many
# lines before the first paragraph of prose, no further.
HEADER_MAX_LINES = 25
# A contact footer is looked for among this many last paragraphs.
FOOTER_MAX_PARAGRAPHS = 4
FOOTER_MAX_WORDS = 20
_BLOCK_MARKUP_STARTS = "=-*_#>[!"
_LINE_BREAKS_RE = re.compile(r"\r\n?|[\f\v\x85\u2028\u2029]")
_PUNCTUATION_RE = re.compile(r"[^\w\s]")
_OTHER_LINE_BREAKS = "\r\f\v\x85\u2028\u2029"


@dataclass
class DroppedLine:
    line: str
    rule: str


@dataclass
class CleanArticle:
    title: str
    authors: list[str]
    published: datetime.date | None
    body: str
    dropped: list[DroppedLine]
    language: str
    direction: str


@dataclass
class _Block:
    """A paragraph: its lines with their line numbers in the input."""

    lines: list[str]
    numbers: list[int]
    heading: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def list_item(self) -> bool:
        return is_list_item(self.lines[0])


@dataclass
class _Drops:
    entries: list[tuple[int, DroppedLine]] = field(default_factory=list)

    def add(self, number: int, line: str, rule: str) -> None:
        self.entries.append((number, DroppedLine(line, rule)))

    def numbers(self) -> set[int]:
        return {n for n, _ in self.entries}

    def in_order(self) -> list[DroppedLine]:
        return [d for _, d in sorted(self.entries, key=lambda e: e[0])]


def clean_article(text: str, *, fmt: str = "text", metadata: dict | None = None) -> CleanArticle:
    """Clean one article. `metadata` (from HTML or DOCX) supplies title,
    authors and date when it has them; a repeat of them atop the body is
    still removed."""
    metadata = metadata or {}
    drops = _Drops()
    lines = [line.strip() for line in _unify_line_breaks(text.lstrip("\ufeff")).split("\n")]
    headings = {h.strip() for h in metadata.get("headings") or [] if h and h.strip()}
    blocks = _to_blocks(lines, markdown=fmt in MARKDOWN_FORMATS, headings=headings, drops=drops)
    blocks = _drop_footer(blocks, drops)
    script = dominant_script(text)
    header, blocks = _read_header(blocks, metadata, drops, script=script)
    if not header.title:
        header.title, blocks = _headline_atop_body(blocks, drops)
    blocks = _drop_captions(blocks, drops)
    body = "\n\n".join(b.text for b in _join_page_breaks(blocks))
    language, direction = detect_language(body or text)
    if not language and metadata.get("language"):
        language = str(metadata["language"]).split("-")[0].lower()
    return CleanArticle(
        title=header.title,
        authors=header.authors,
        published=header.published,
        body=body,
        dropped=drops.in_order(),
        language=language,
        direction=direction,
    )


def _unify_line_breaks(text: str) -> str:
    # Most texts only break lines with "\n": finding that out is much
    # cheaper than running the pattern over the whole text.
    if any(char in text for char in _OTHER_LINE_BREAKS):
        return _LINE_BREAKS_RE.sub("\n", text)
    return text


def _to_blocks(lines: list[str], *, markdown: bool, headings: set[str], drops: _Drops) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block([], [])

    def flush() -> None:
        nonlocal current
        if current.lines:
            blocks.append(current)
        current = _Block([], [])

    for number, line in enumerate(lines):
        if not line:
            flush()
            continue
        block_markup = markdown and _may_be_block_markup(line)
        if block_markup and len(current.lines) == 1 and SETEXT_UNDERLINE_RE.match(line):
            current.heading = True
            flush()
            continue
        if block_markup and RULE_RE.match(line):
            flush()
            continue
        if block_markup and (is_image_only(line) or LINK_DEFINITION_RE.match(line)):
            drops.add(number, line, "image" if is_image_only(line) else "link-only")
            flush()
            continue
        rule = anywhere_rule(line)
        if rule:
            drops.add(number, line, rule)
            flush()
            continue
        heading = heading_text(line) if block_markup else None
        if heading is not None:
            flush()
            blocks.append(_Block([strip_inline(heading).strip()], [number], heading=True))
            continue
        if markdown:
            line = strip_inline(BLOCKQUOTE_RE.sub("", line) if block_markup else line).strip()
            if not line:
                flush()
                continue
        if line in headings:
            flush()
            blocks.append(_Block([line], [number], heading=True))
            continue
        current.lines.append(line)
        current.numbers.append(number)
    flush()
    return [b for b in blocks if b.text.strip()]


def _may_be_block_markup(line: str) -> bool:
    """Could this stripped line be a heading, rule, underline, quote, image
    or link definition? Each of those patterns begins with one of these
    characters, so the others (most lines of prose) skip them all."""
    return line[0] in _BLOCK_MARKUP_STARTS


def _drop_footer(blocks: list[_Block], drops: _Drops) -> list[_Block]:
    """Drop a short contact/copyright footer and the short lines after it.
    A prose paragraph after it means it was article text after all."""
    for index in range(max(1, len(blocks) - FOOTER_MAX_PARAGRAPHS), len(blocks)):
        tail = blocks[index:]
        if not is_contact_footer(blocks[index].lines[0]):
            continue
        if all(len(b.text.split()) <= FOOTER_MAX_WORDS and not _is_prose(b) for b in tail[1:]) and (
            len(tail[0].text.split()) <= FOOTER_MAX_WORDS
        ):
            for block in tail:
                for number, line in zip(block.numbers, block.lines):
                    drops.add(number, line, "contact-footer")
            return blocks[:index]
    return blocks


def _is_prose(block: _Block) -> bool:
    return is_body_paragraph(block.text)


@dataclass
class _Header:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime.date | None = None


def _read_header(
    blocks: list[_Block], metadata: dict, drops: _Drops, *, script: str | None
) -> tuple[_Header, list[_Block]]:
    body_is_rtl = script in {"arabic", "hebrew"}
    header = _Header(
        title=str(metadata.get("title") or "").strip(),
        authors=_metadata_authors(metadata.get("authors") or metadata.get("author")),
        published=_metadata_date(metadata.get("date")),
    )
    start = _body_start(blocks, script)
    zone = [(n, line, b.heading) for b in blocks[:start] for n, line in zip(b.numbers, b.lines)]
    if not zone:
        return header, blocks
    parsed = [parse_header_line(line) for _, line, _ in zone]
    is_date = [bool(p and p.date and not p.authors) for p in parsed]
    kinds: dict[int, str] = {}
    for i, (_, line, _) in enumerate(zone):
        found = parsed[i]
        if found is None:
            near_date = (i > 0 and is_date[i - 1]) or (i + 1 < len(zone) and is_date[i + 1])
            if near_date and looks_like_name(line.strip("*_ ")):
                found = parsed[i] = HeaderLine(authors=[line.strip("*_ ")])
        if found:
            kinds[i] = "date" if not found.authors else "byline"
    body_number = blocks[start].numbers[0] if start < len(blocks) else float("inf")
    dropped_above = any(n < body_number for n in drops.numbers())
    # A headline-shaped first line is evidence too, when something follows
    # it (a lone line is all the article there is) that does not start in
    # lower case (that would be its sentence going on after a page break).
    following = ""
    if len(zone) > 1:
        following = zone[1][1]
    elif start < len(blocks):
        following = blocks[start].lines[0]
    headline_first = (
        bool(following)
        and not following[:1].islower()
        and looks_like_headline(zone[0][1])
        and is_rtl_text(zone[0][1]) == body_is_rtl
    )
    evidence = bool(kinds or header.title or dropped_above or headline_first or any(h for _, _, h in zone))
    if not evidence:
        return header, blocks

    title_index = _find_title(zone, kinds, header.title, body_is_rtl=body_is_rtl)
    if title_index is not None and not header.title:
        header.title = zone[title_index][1]
    keep: set[int] = set()
    for i, (number, line, _) in enumerate(zone):
        if i == title_index or (header.title and _same_text(line, header.title)):
            drops.add(number, line, "title")
        elif i in kinds:
            found = parsed[i]
            if found.authors and not header.authors:
                header.authors = found.authors
            if found.date and header.published is None:
                header.published = found.date
            drops.add(number, line, kinds[i])
        elif rule := _zone_rule(line, above_title=title_index is None or i < title_index, body_is_rtl=body_is_rtl):
            drops.add(number, line, rule)
        else:
            keep.add(number)
    kept_blocks = []
    for block in blocks[:start]:
        pairs = [(n, line) for n, line in zip(block.numbers, block.lines) if n in keep]
        if pairs:
            kept_blocks.append(_Block([p[1] for p in pairs], [p[0] for p in pairs], heading=block.heading))
    return header, kept_blocks + blocks[start:]


def _zone_rule(line: str, *, above_title: bool, body_is_rtl: bool) -> str | None:
    rule = header_rule(line, body_is_rtl=body_is_rtl)
    # Below the title only a banner in another script is certainly not the
    # article: a short line there may be its standfirst.
    if above_title or rule == "rtl-banner":
        return rule
    return None


def _find_title(
    zone: list[tuple[int, str, bool]], kinds: dict[int, str], known: str, *, body_is_rtl: bool
) -> int | None:
    if known:
        return next((i for i, (_, line, _) in enumerate(zone) if _same_text(line, known)), None)
    for i, (_, _, heading) in enumerate(zone):
        if heading and i not in kinds:
            return i
    candidates = [
        i
        for i, (_, line, _) in enumerate(zone)
        if i not in kinds
        and len(line) <= 300
        and not line.endswith(".")
        and any(c.islower() for c in line)
        and is_rtl_text(line) == body_is_rtl
    ]
    # The first candidate, unless it is shaped like a section label
    # ("European Languages": a few capitalised words) and more follow.
    for i in candidates:
        words = zone[i][1].split()
        if not (len(words) <= 3 and all(w[:1].isupper() for w in words)):
            return i
    return candidates[-1] if candidates else None


def _headline_atop_body(blocks: list[_Block], drops: _Drops) -> tuple[str, list[_Block]]:
    """The title when the first paragraph of prose opens with a headline on
    a line of its own ("Harbour plan approved" then "The council ..." on the
    next line, no blank line between), and the paragraphs without it."""
    if not blocks or blocks[0].heading or blocks[0].list_item or len(blocks[0].lines) < 2:
        return "", blocks
    first = blocks[0]
    line, rest = first.lines[0], first.lines[1:]
    if not (
        looks_like_headline(line)
        and not rest[0][:1].islower()
        and _break_is_deliberate(line, rest)
        and is_body_paragraph("\n".join(rest))
    ):
        return "", blocks
    drops.add(first.numbers[0], line, "title")
    return line, [_Block(rest, first.numbers[1:]), *blocks[1:]]


def _break_is_deliberate(line: str, following: list[str]) -> bool:
    """Was the line ended by its writer rather than by wrapping? In a
    wrapped paragraph the next word would not have fitted on the line; here
    it would have, beside the longest line that follows."""
    next_word = following[0].split()[0] if following[0].split() else ""
    return len(line) + 1 + len(next_word) <= max(len(f) for f in following)


def _body_start(blocks: list[_Block], script: str | None) -> int:
    """Index of the first paragraph of prose in the article's main script
    (a verse motto in another script is not where the body starts); 0 when
    none comes early enough."""
    seen = 0
    for index, block in enumerate(blocks):
        if not block.heading and is_body_paragraph(block.text) and dominant_script(block.text) == script:
            return index
        seen += len(block.lines)
        if seen > HEADER_MAX_LINES:
            return 0
    return len(blocks)


def _drop_captions(blocks: list[_Block], drops: _Drops) -> list[_Block]:
    kept = []
    for block in blocks:
        if not block.heading and is_image_caption(block.text):
            drops.add(block.numbers[0], block.text, "image-caption")
        else:
            kept.append(block)
    return kept


def _join_page_breaks(blocks: list[_Block]) -> list[_Block]:
    """Join a paragraph that stops mid-sentence to a next one that starts in
    lower case: the break came from the page layout, not the author."""
    joined: list[_Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        # Cheapest test first: most paragraphs start with a capital.
        if (
            previous is not None
            and block.lines[0][:1].islower()
            and not ends_sentence(previous.lines[-1])
            and not (previous.heading or block.heading or previous.list_item or block.list_item)
        ):
            previous.lines[-1] = previous.lines[-1] + " " + block.lines[0]
            previous.lines.extend(block.lines[1:])
            previous.numbers.extend(block.numbers[1:])
        else:
            joined.append(_Block(list(block.lines), list(block.numbers), heading=block.heading))
    return joined


def _same_text(line: str, title: str) -> bool:
    a, b = _normal(line), _normal(title)
    return bool(a) and (a == b or (len(a) >= 12 and b.startswith(a)))


def _normal(text: str) -> str:
    return " ".join(_PUNCTUATION_RE.sub(" ", text.casefold()).split())


def _metadata_authors(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = [value]
    authors: list[str] = []
    for item in value:
        authors.extend(a.strip() for a in re.split(r"\s*;\s*|\s+and\s+", str(item)) if a.strip())
    return authors


def _metadata_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_date(str(value)) if value else None
