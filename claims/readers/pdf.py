"""PDF articles: the text layer, rejoined into paragraphs.

pypdf gives one string per page with a line break at every printed line.
This module turns that back into prose:

- Running headers and footers (the same line at the top or bottom of most
  pages, digits ignored so "Page 3" matches "Page 4") and bare page
  numbers are removed.
- Lines are joined into paragraphs. A paragraph ends at a blank line, or at
  a line that is clearly shorter than the page's full lines and either ends
  a sentence or is followed by a capital (a heading or a paragraph's last
  line).
- A hyphen at a line end is taken out when it only broke a word for the
  layout: lowercase letter on both sides and the first part is not one of
  the usual compound prefixes (self-, well-, non-, ...). "self-\\nevident"
  stays "self-evident", "anti-\\nAmerican" and "COVID-\\n19" keep their
  hyphen, "exam-\\nple" becomes "example". A soft hyphen (U+00AD) at a
  line end always goes.
- A paragraph cut by a page break (no end punctuation, next page starting
  in lower case) is joined again.
- The headline, the first lines of page one set in type clearly larger
  than the body's, becomes one paragraph and the document's title, however
  many lines it takes and whatever /Title the file's metadata says (often
  a file name or a template's "Untitled").

Runs of spaces inside a line are one space: pypdf adds a space where it
sees a gap between words, also after a word that ends with one.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter

from ..sniffing import looks_like_pdf
from .base import RejectedInput, without_nul

HYPHENS = "-\u2010\u00ad"
KEEP_HYPHEN_PREFIXES = {
    "self", "well", "long", "short", "non", "anti", "co", "ex", "pro", "post", "pre", "multi", "cross", "half",
    "full", "high", "low", "so", "all", "counter", "semi", "quasi", "inter", "intra", "over", "under", "vice",
    "neo", "mid", "far", "near", "ill", "first", "second", "third", "one", "two", "three", "four", "five",
}
# Fewer visible characters than this over all pages means a scan without text layer.
MIN_TEXT_CHARS = 20
# A line shorter than this share of the page's typical full line may end a paragraph.
SHORT_LINE_SHARE = 0.8
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:page|p\.|seite|página|pagina|стр\.?)?\s*(\d{1,4})"
    r"(?:\s*(?:/|of|von|de|sur|из)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_TERMINAL = ".!?…:;\"”’»)"
# A headline's type is at least this much larger than the body's, it starts
# among the first printed lines of page one and takes a few lines at most.
HEADLINE_SIZE_RATIO = 1.25
HEADLINE_FIRST_LINES = 6
HEADLINE_MAX_LINES = 4
# Sizes this close (as a share) are one type size: matrices give 23.999 for 24.
SAME_SIZE_SHARE = 0.05
_SPACES_RE = re.compile(r" {2,}")
# pypdf's limits on what one stream may inflate to, tighter than its own
# (75 MB each): a page's text and fonts take far less, and a stream that
# inflates beyond this is a decompression bomb. pypdf stops inflating there.
MAX_STREAM_BYTES = 20_000_000
_PYPDF_LIMITS = {
    "maximum_declared_stream_length": MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": MAX_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_STREAM_BYTES,
    "zlib_maximum_output_length": MAX_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_STREAM_BYTES,
    "image_maximum_buffer_size": MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 3 * MAX_STREAM_BYTES,
    "xfa_decoding_work_maximum_length": 3 * MAX_STREAM_BYTES,
}


def read_pdf(data: bytes) -> tuple[str, str, dict, list[tuple[int, int]]]:
    """(text, raw text, metadata, page spans) of a PDF; raises RejectedInput
    "not_pdf", "truncated_pdf", "broken_pdf", "encrypted_pdf" or "needs_ocr"."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    if not looks_like_pdf(data):
        raise RejectedInput("This file is not a PDF.", code="not_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise RejectedInput("The PDF is incomplete (it was cut off); send the whole file.", code="truncated_pdf")
    try:
        with apply_configuration(**_PYPDF_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _opens_without_password(reader):
                raise RejectedInput(
                    "The PDF is password-protected; remove the password and send it again.", code="encrypted_pdf"
                )
            # Type sizes are only needed for page one, where the headline is;
            # pypdf reports them to a visitor as it extracts the text.
            fragments: list[tuple[str, float]] = []
            page_texts = [
                without_nul(page.extract_text(visitor_text=_size_visitor(fragments) if index == 0 else None) or "")
                for index, page in enumerate(reader.pages)
            ]
            metadata = _metadata(reader)
    except RejectedInput:
        raise
    except LimitReachedError as exc:
        if "decompress" not in str(exc) and "exceeds" not in str(exc):
            # Repairs of a damaged file that go round in circles end here too.
            raise _damaged() from None
        raise RejectedInput(
            "The PDF unpacks to far more data than it holds (a decompression bomb); it was not read.",
            code="pdf_bomb",
        ) from None
    except (FileNotDecryptedError, DependencyError):
        raise RejectedInput(
            "The PDF is password-protected; remove the password and send it again.", code="encrypted_pdf"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        # PyPdfError, not only PdfReadError: pypdf's repair of a damaged file
        # can end in LimitReachedError. pypdf's own words ("startxref not
        # found") would not help the sender.
        raise _damaged() from None
    raw = "\n\n".join(page_texts)
    if sum(len("".join(t.split())) for t in page_texts) < MIN_TEXT_CHARS:
        raise RejectedInput(
            "This PDF has no text layer (it looks like a scan); it needs OCR before it can be imported.",
            code="needs_ocr",
        )
    page_lines = remove_running_lines([t.split("\n") for t in page_texts])
    span = find_headline(page_lines[0], line_sizes(fragments)) if page_lines else None
    if span is not None:
        metadata["title"], page_lines[0] = set_apart_headline(page_lines[0], span)
    text, spans = join_pages([_page_paragraphs(lines) for lines in page_lines])
    return text, raw, metadata, spans


def _damaged() -> RejectedInput:
    return RejectedInput(
        "The PDF is damaged and could not be read; save or export it again and send the new copy.", code="broken_pdf"
    )


def _size_visitor(fragments: list[tuple[str, float]]):
    """A visitor_text callback that adds each piece of text with the size it
    is printed at: the font size scaled by the text and page matrices (a
    producer may set 1pt type and scale it to 24pt)."""

    def visit(text, cm, tm, font, font_size) -> None:
        # The vertical scale of the text matrix times the page matrix.
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        fragments.append((text, float(font_size or 0) * math.hypot(c, d)))

    return visit


def line_sizes(fragments: list[tuple[str, float]]) -> dict[str, float]:
    """The type size of each printed line, by the line's text with its spaces
    evened out: the size that most of its characters are set in (a drop
    cap does not make a line large). The first of equal lines counts."""
    sizes: dict[str, float] = {}
    line, weights = [], Counter()
    for text, size in [*fragments, ("\n", 0.0)]:
        for index, piece in enumerate(text.split("\n")):
            if index:
                key = _even_spaces("".join(line))
                if key and weights:
                    sizes.setdefault(key, weights.most_common(1)[0][0])
                line, weights = [], Counter()
            line.append(piece)
            visible = len("".join(piece.split()))
            if visible:
                weights[round(size, 1)] += visible
    return sizes


def find_headline(lines: list[str], sizes: dict[str, float]) -> tuple[int, int] | None:
    """(start, end) of the headline among a page's lines: consecutive lines
    in one type size, at least HEADLINE_SIZE_RATIO times the size most of
    the page is set in, starting among its first printed lines. Of several
    such runs (a kicker, a standfirst) the largest type wins, then the
    first. None when nothing stands out."""
    printed = [(index, sizes.get(_even_spaces(line), 0.0)) for index, line in enumerate(lines) if line]
    weights = Counter()
    for index, size in printed:
        weights[size] += len(lines[index])
    weights.pop(0.0, None)
    if not weights:
        return None
    body = weights.most_common(1)[0][0]
    best: tuple[float, int, int] | None = None
    position = 0
    while position < min(len(printed), HEADLINE_FIRST_LINES):
        size = printed[position][1]
        end = position + 1
        while end < len(printed) and _same_size(printed[end][1], size):
            end += 1
        run = printed[position:end]
        words = sum(len(lines[index].split()) for index, _ in run)
        if size >= body * HEADLINE_SIZE_RATIO and len(run) <= HEADLINE_MAX_LINES and words >= 2:
            if best is None or (size > best[0] and not _same_size(size, best[0])):
                best = (size, run[0][0], run[-1][0] + 1)
        position = end
    return (best[1], best[2]) if best else None


def set_apart_headline(lines: list[str], span: tuple[int, int]) -> tuple[str, list[str]]:
    """The headline as one line, and the page's lines with it standing alone
    between blank lines, so that it becomes a paragraph of its own."""
    start, end = span
    headline = ""
    for line in lines[start:end]:
        if line:
            headline = join_lines(headline, line) if headline else line
    return headline, [*lines[:start], "", headline, "", *lines[end:]]


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE_SHARE * max(a, b)


def _even_spaces(line: str) -> str:
    return _SPACES_RE.sub(" ", line.strip())


def _opens_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - pypdf's errors for encryption it cannot undo vary
        return False


def _metadata(reader) -> dict:
    info = reader.metadata or {}
    metadata = {}
    title = info.get("/Title")
    author = info.get("/Author")
    title, author = without_nul(str(title or "")), without_nul(str(author or ""))
    if title.strip():
        metadata["title"] = title.strip()
    if author.strip():
        metadata["authors"] = [a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip()]
    return metadata


def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without running headers, footers and page numbers."""
    pages = [_strip_blank_edges([_even_spaces(line) for line in page]) for page in pages]
    if len(pages) >= 2:
        # How many pages have each line shape among their first or last two lines.
        counts = Counter(shape for page in pages for shape in {_shape(x) for x in _edge_lines(page)})
        needed = max(2, (len(pages) + 1) // 2)
        running = {shape for shape, count in counts.items() if count >= needed}
        pages = [_trim_edges(page, lambda line: _shape(line) in running) for page in pages]
    return [_trim_edges(page, lambda line: bool(_PAGE_NUMBER_RE.match(line))) for page in pages]


def _edge_lines(page: list[str]) -> list[str]:
    lines = [line for line in page if line]
    return lines[:2] + lines[-2:]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold())


def _trim_edges(page: list[str], is_running) -> list[str]:
    """Remove matching lines among the first two and last two lines only:
    the same sentence may well recur inside the text."""
    page = list(page)
    for _ in range(2):
        if page and is_running(page[0]):
            page = _strip_blank_edges(page[1:])
        if page and is_running(page[-1]):
            page = _strip_blank_edges(page[:-1])
    return page


def _strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _page_paragraphs(lines: list[str]) -> list[str]:
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return []
    full = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 3 else max(lengths)
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = join_lines(current, line) if current else line
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < full * SHORT_LINE_SHARE and not _ends_with_word_hyphen(line)
        next_starts_anew = following[:1].isupper() or following[:1].isdigit()
        if following and short and (line.endswith(tuple(_TERMINAL)) or next_starts_anew):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _ends_with_word_hyphen(line: str) -> bool:
    return len(line) >= 2 and line[-1] in HYPHENS and line[-2].isalpha()


def join_lines(first: str, second: str) -> str:
    """Join two printed lines, undoing a hyphen that only broke a word."""
    if not first or not second:
        return first + second
    last, next_char = first[-1], second[0]
    if last in HYPHENS and len(first) >= 2 and first[-2].isalpha():
        if last == "\u00ad":
            return first[:-1] + second
        fragment = re.split(r"[^\w\u00ad-]", first[:-1])[-1].split("-")[-1]
        if next_char.isupper() or next_char.isdigit() or fragment.lower() in KEEP_HYPHEN_PREFIXES:
            return first + second
        if first[-2].islower() and next_char.islower():
            return first[:-1] + second
        return first + second
    if last in "—–" and first[-2:-1] != " ":
        return first + second
    return first + " " + second


def join_pages(pages: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """All pages' paragraphs as one text, and each page's span in it. A
    paragraph cut by the page break continues on the next page's span."""
    text = ""
    spans: list[tuple[int, int]] = []
    for paragraphs in pages:
        start = len(text)
        for index, paragraph in enumerate(paragraphs):
            if not text:
                text = paragraph
            elif index == 0 and _continues(text, paragraph):
                joined = join_lines(text, paragraph)
                start = len(joined) - len(paragraph)
                if spans:
                    # The previous page ends where its part of the sentence ends.
                    end = start - (joined[start - 1 : start] == " ")
                    spans[-1] = (spans[-1][0], min(spans[-1][1], end))
                text = joined
            else:
                if index == 0:
                    start = len(text) + 2
                text += "\n\n" + paragraph
        spans.append((min(start, len(text)), len(text)))
    return text, spans


def _continues(text: str, paragraph: str) -> bool:
    return not text.endswith(tuple(_TERMINAL)) and paragraph[:1].islower()
