"""Web pages: the main text and metadata, without menus, ads and footers.

trafilatura does the extraction. It needs `lxml_html_clean` (lxml 5.2 moved
`lxml.html.clean` out into that package); when trafilatura cannot be
imported, a small lxml-based extractor takes over so that HTML still reads,
with the same cleaning of navigation, cookie notices, related links and
footers by element and class name.
"""

from __future__ import annotations

import datetime
import json
import re

import lxml.etree
import lxml.html

from .base import RawDocument, RejectedInput, web_url, without_nul
from .text import decode_text

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_BOILERPLATE_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "template",
}
_BOILERPLATE_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|cookies?|consent|gdpr|banner|ads?|advert\w*|sponsor\w*|promo\w*|"
    r"related|recommended|more-stories|share|sharing|social|newsletter|subscribe|comments?|footer|sidebar|"
    r"widget|popup|modal|masthead|site-header|tags|byline-share)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt", "td"}


def decode_html(data: bytes, *, encoding: str | None = None) -> str:
    """HTML bytes to text. As browsers do: a byte-order mark first, then the
    charset the server declared (`encoding`), then a <meta charset>, then a
    guess."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _META_CHARSET_RE.search(data[:4096])
        for declared in (encoding, match.group(1).decode("ascii") if match else None):
            if declared:
                try:
                    return data.decode(declared)
                except (LookupError, UnicodeDecodeError):
                    pass
    return decode_text(data)


def read_html(html: str, *, url: str | None = None) -> RawDocument:
    """Main text and metadata of a page (file, paste or fetch). Raises
    RejectedInput "empty" when the page has no article text."""
    html = without_nul(html)
    if not html.strip():
        raise RejectedInput("The page is empty.", code="empty")
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):
        # lxml's own words ("Document is empty") mean nothing to the sender.
        raise RejectedInput(
            "The page's HTML is too broken to read; no article text was found in it.", code="malformed_html"
        ) from None
    try:
        text, metadata = _extract_with_trafilatura(html, url)
    except ImportError:
        text, metadata = _extract_with_lxml(tree)
    metadata.setdefault("language", _page_language(tree))
    # og:url and <link rel=canonical> are the page's word, not ours.
    metadata["url"] = web_url(url or metadata.get("url"))
    metadata = {key: value for key, value in metadata.items() if value not in (None, "", [])}
    if not any(c.isalpha() for c in text):
        raise RejectedInput("No article text was found in this page.", code="empty")
    return RawDocument(name=url or "page.html", text=text, fmt="html", raw=html, metadata=metadata, pages=None)


def _extract_with_trafilatura(html: str, url: str | None) -> tuple[str, dict]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
        )
    except Exception:  # noqa: BLE001 - see below
        # trafilatura copes with most broken markup; whatever it still
        # trips over is read by the simpler extractor instead of failing.
        raise ImportError("trafilatura failed on this page") from None
    if document is None:
        return "", {}
    # One line per block in trafilatura's text; a blank line between paragraphs here.
    text = "\n\n".join(line.strip() for line in (document.text or "").split("\n") if line.strip())
    headings = []
    if document.body is not None:
        headings = [" ".join("".join(h.itertext()).split()) for h in document.body.iter("head")]
    metadata = {
        "title": document.title,
        "authors": [a.strip() for a in (document.author or "").split(";") if a.strip()],
        "date": document.date,
        "site": document.sitename,
        "url": document.url,
        "headings": [h for h in headings if h],
    }
    if document.language:
        metadata["language"] = document.language
    return text, metadata


def _extract_with_lxml(tree: lxml.html.HtmlElement) -> tuple[str, dict]:
    metadata = _meta_tags(tree)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        label = " ".join(filter(None, [element.get("class"), element.get("id"), element.get("role")]))
        if element.tag in _BOILERPLATE_TAGS or (label and _BOILERPLATE_CLASS_RE.search(label)):
            if element.getparent() is not None and element.tag not in {"html", "body"}:
                element.drop_tree()
    root = next(iter(tree.xpath("//article | //main | //*[@role='main']")), None)
    if root is None:
        root = tree.find("body") if tree.find("body") is not None else tree
    blocks, headings = [], []
    for element in root.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(f"- {text}" if element.tag == "li" else text)
            if element.tag.startswith("h"):
                headings.append(text)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    metadata["headings"] = headings
    return "\n\n".join(b for b in blocks if b), metadata


def _meta_tags(tree: lxml.html.HtmlElement) -> dict:
    def meta(*names: str) -> str | None:
        for name in names:
            for element in tree.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']"):
                if element.get("content", "").strip():
                    return element.get("content").strip()
        return None

    title = meta("og:title", "twitter:title")
    if not title and tree.find(".//title") is not None:
        title = (tree.find(".//title").text_content() or "").strip()
    authors = [a.strip() for a in (meta("author", "article:author") or "").split(";") if a.strip()]
    date = meta("article:published_time", "datePublished", "date", "pubdate", "dc.date")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        if isinstance(data, dict):
            date = date or data.get("datePublished")
            author = data.get("author")
            if not authors and isinstance(author, dict) and author.get("name"):
                authors = [author["name"]]
    return {
        "title": title,
        "authors": authors,
        "date": _iso_date(date),
        "site": meta("og:site_name", "application-name"),
        "url": meta("og:url"),
    }


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _page_language(tree: lxml.html.HtmlElement) -> str | None:
    language = tree.get("lang") or tree.get("xml:lang") or ""
    if not language:
        found = tree.xpath("//html/@lang")
        language = found[0] if found else ""
    return language.split("-")[0].lower() or None
