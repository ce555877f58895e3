"""The report as a PDF, rendered on the server by WeasyPrint from the same
claims template as the printable page, with its own stylesheet
(static/claims/report-pdf.css: page size, page numbers and the
organisation's name in the margins, through CSS @page rules).

The report prints words that came from outside (quotes, passages, titles),
escaped by the template. Still, nothing in it may make the renderer reach
out: the stylesheet is handed over as text, and every address WeasyPrint
would fetch (an image, a stylesheet, a font) is refused."""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "claims/report-pdf.css"


class NoFetching(URLFetcher):
    """Refuses every address: the report needs nothing from outside itself."""

    def fetch(self, url, headers=None):
        raise ValueError(f"The report does not fetch {url[:200]}")


def render_pdf(html: str) -> bytes:
    """The PDF of `html`, a whole document (templates/claims/report_pdf.html)."""
    fetcher = NoFetching()
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)])


@cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as css:
        return css.read()
