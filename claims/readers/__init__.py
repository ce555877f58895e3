"""Reading what a newsroom receives: bytes of a file in, raw document out.

One reader per format (text and Markdown, HTML, PDF, Word .docx), chosen
by the file name's extension and, when that says nothing useful, by the
first bytes. Zip archives are read member by member. Anything that cannot
be read raises (or, inside a zip, yields) RejectedInput with a short code
and a sentence for the person who sent the file.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator

from ..sniffing import looks_like_html, looks_like_pdf, looks_like_zip
from .archive import is_docx, read_zip
from .base import RawDocument, RejectedInput
from .docx import read_docx
from .html import decode_html, read_html
from .pdf import read_pdf
from .text import decode_text

__all__ = ["RawDocument", "RejectedInput", "name_for_download", "read_document", "read_html", "read_many"]

logger = logging.getLogger(__name__)

MAX_BYTES = 10_000_000
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# Formats people may send that no reader here understands.
UNSUPPORTED_SUFFIXES = {
    ".doc": "Old Word .doc files cannot be read; save the document as .docx.",
    ".rtf": "RTF files cannot be read; save the document as .docx or plain text.",
    ".odt": "OpenDocument files cannot be read; save the document as .docx.",
    ".pages": "Pages files cannot be read; export the document as .docx or PDF.",
    ".epub": "E-books cannot be read; send the article as text, HTML, PDF or .docx.",
}


def name_for_download(content_type: str) -> str:
    """A file name whose extension picks the reader for fetched content."""
    if "wordprocessingml" in content_type:
        return "download.docx"
    return "download" + {"application/pdf": ".pdf", "text/plain": ".txt"}.get(content_type, ".html")


def read_document(name: str, data: bytes, *, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> RawDocument:
    """Read one file; raises RejectedInput when it cannot be read. `encoding`
    is the charset a web server declared for the bytes, if any."""
    try:
        return _read(name, data, max_bytes=max_bytes, encoding=encoding)
    except RejectedInput as exc:
        exc.name = exc.name or name
        raise
    except Exception as exc:  # the libraries below raise more than they document
        # Damaged files find errors in pypdf, lxml and python-docx that no
        # list of exception types keeps up with; the sender still gets an
        # answer for this file and the rest of a batch goes on.
        logger.exception("Reading %s failed", name)
        raise RejectedInput(
            f"The file could not be read ({type(exc).__name__}); it may be damaged.", code="unreadable", name=name
        ) from None


def read_many(
    name: str,
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_members: int = 500,
    max_total: int = 200_000_000,
    encoding: str | None = None,
) -> Iterator[RawDocument | RejectedInput]:
    """Each document in a zip archive, or the one document of any other
    file. Errors are yielded, not raised, so one bad member never stops
    the others."""
    if _kind(name, data) == "zip":
        if len(data) > max_total:
            yield RejectedInput(
                f"The zip file is {len(data):,} bytes, over the {max_total:,}-byte limit.", code="too_large", name=name
            )
            return
        yield from read_zip(
            name,
            data,
            read_member=lambda member, content: read_document(member, content, max_bytes=max_bytes),
            max_bytes=max_bytes,
            max_members=max_members,
            max_total=max_total,
        )
        return
    try:
        yield read_document(name, data, max_bytes=max_bytes, encoding=encoding)
    except RejectedInput as exc:
        yield exc


def _read(name: str, data: bytes, *, max_bytes: int, encoding: str | None) -> RawDocument:
    if len(data) > max_bytes:
        raise RejectedInput(f"The file is {len(data):,} bytes, over the {max_bytes:,}-byte limit.", code="too_large")
    if not data.strip():
        raise RejectedInput("The file is empty.", code="empty")
    kind = _kind(name, data)
    if kind == "zip":
        raise RejectedInput("A zip file holds several files; it cannot be read as one article.", code="unsupported")
    if kind in UNSUPPORTED_SUFFIXES:
        raise RejectedInput(UNSUPPORTED_SUFFIXES[kind], code="unsupported")
    if kind == "pdf":
        text, raw, metadata, pages = read_pdf(data)
        return RawDocument(name=name, text=text, fmt="pdf", raw=raw, metadata=metadata, pages=pages)
    if kind == "docx":
        text, metadata = read_docx(data)
        return RawDocument(name=name, text=text, fmt="docx", raw=text, metadata=metadata)
    if kind == "html":
        document = read_html(decode_html(data, encoding=encoding))
        document.name = name
        return document
    if kind == "binary":
        raise RejectedInput(
            "This kind of file cannot be read; send text, Markdown, HTML, PDF, .docx or a zip of them.",
            code="unsupported",
        )
    text = decode_text(data, encoding=encoding)
    return RawDocument(name=name, text=text, fmt=kind, raw=text, metadata={})


def _kind(name: str, data: bytes) -> str:
    """The reader for a file: its extension decides, and the first bytes
    when the extension is unknown or missing (downloads, pastes)."""
    suffix = posixpath.splitext(name.replace("\\", "/").lower())[1]
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix == ".zip":
        return "zip"
    if suffix in UNSUPPORTED_SUFFIXES:
        return suffix
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if looks_like_pdf(data):
        return "pdf"
    if looks_like_zip(data):
        return "docx" if is_docx(data) else "zip"
    if looks_like_html(data):
        return "html"
    return "text" if _looks_textual(data) else "binary"


def _looks_textual(data: bytes) -> bool:
    try:
        decode_text(data[:65536])
    except RejectedInput:
        return False
    return True
