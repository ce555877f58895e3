"""The report as a PDF, rendered on the server by WeasyPrint from the same
claims template as the printable page, with its own stylesheet
(static/claims/report-pdf.css: page size, page numbers and the
organisation's name in the margins, through CSS @page rules).

The report prints words that came from outside (quotes, passages, titles),
escaped by the template. Still, nothing in it may make the renderer reach
out: the stylesheet is handed over as text, and every address WeasyPrint
would fetch (an image, a stylesheet, a font) is refused."""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from typing import BinaryIO

from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "claims/report-pdf.css"


class NoFetching(URLFetcher):
    """Refuses every address: the report needs nothing from outside itself."""

    def fetch(self, url, headers=None):
        raise ValueError(f"The report does not fetch {url[:200]}")


# The parts of a long report are laid out without page numbers, which only
# the whole knows ("of m"); they are laid out afterwards on blank pages,
# as many at a time as this, and printed over the report's pages.
UNNUMBERED = "@page { @bottom-right { content: none; } }"
NUMBERS_PER_LAYOUT = 500


def render_pdf(html: str) -> bytes:
    """The PDF of `html`, a whole document (templates/claims/report_pdf.html)."""
    return _layout(html, [stylesheet()])


def write_pdf_parts(parts: Iterable[str], target: BinaryIO) -> int:
    """Lay out each HTML document of `parts` on its own and write them to
    `target` as one PDF, its pages numbered "Page n of m" throughout, its
    bookmarks those of the parts. WeasyPrint holds a document's whole layout
    until it is written, about 1 MB per claim, so a report of thousands of
    claims laid out at once would take gigabytes; a part at a time, it takes
    what one part takes. Returns the number of pages."""
    writer = PdfWriter()
    for html in parts:
        writer.append(PdfReader(io.BytesIO(_layout(html, [stylesheet(), UNNUMBERED]))))
    total = len(writer.pages)
    for first in range(0, total, NUMBERS_PER_LAYOUT):
        count = min(NUMBERS_PER_LAYOUT, total - first)
        numbers = PdfReader(io.BytesIO(_page_numbers(first + 1, count, total)))
        for page, overlay in zip(writer.pages[first : first + count], numbers.pages, strict=True):
            page.merge_page(overlay)
            # Merging leaves the page's drawing uncompressed: seven times the bytes.
            page.compress_content_streams()
    writer.write(target)
    return total


def _page_numbers(first: int, count: int, total: int) -> bytes:
    """`count` blank pages numbered from `first` "of `total`", with the
    report's page size, margins and footer type, and nothing else."""
    css = (
        "@page { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; }"
        f' @bottom-right {{ content: "Page " counter(page) " of {total}"; }} }}'
        f" @page :first {{ counter-reset: page {first}; }}"
        " div { break-after: page; } div:last-child { break-after: auto; }"
    )
    return _layout("<body>" + "<div></div>" * count + "</body>", [stylesheet(), css])


def _layout(html: str, stylesheets: list[str]) -> bytes:
    fetcher = NoFetching()
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher) for css in stylesheets])


@cache
def stylesheet() -> str:
    """The report's stylesheet (static/claims/report-pdf.css), also set into
    the printable page a background task writes as a file of its own."""
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as css:
        return css.read()
