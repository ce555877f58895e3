"""Word .docx articles: paragraphs, headings and tables in document order,
and the core properties (title, author, created) as metadata."""

from __future__ import annotations

import io
import zipfile

from .archive import check_inflation
from .base import RejectedInput

# python-docx inflates and parses every part whole; a real article's parts
# come to a few megabytes, images included.
MAX_UNPACKED_BYTES = 50_000_000

# Authors that tools write into a document by themselves: not a person.
PLACEHOLDER_AUTHORS = {"python-docx", "author", "unknown", "user", "administrator", "microsoft office user"}


def read_docx(data: bytes) -> tuple[str, dict]:
    """(text, metadata); raises RejectedInput "not_docx" or "broken_docx"."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (it looks like an old .doc or an encrypted file)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise RejectedInput(f"This is not a Word .docx file{hint}; save it as .docx and try again.", code="not_docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise RejectedInput("This zip file is not a Word .docx document.", code="not_docx")
    check_inflation(data, max_total=MAX_UNPACKED_BYTES, what="The Word document")
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs, headings = _paragraphs(document)
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise RejectedInput(f"The Word document could not be read ({exc}).", code="broken_docx") from None
    except Exception as exc:  # noqa: BLE001 - lxml raises its own errors on damaged XML parts
        message = f"The Word document could not be read ({type(exc).__name__})."
        raise RejectedInput(message, code="broken_docx") from None
    metadata: dict = {"headings": headings}
    if title and title.strip():
        metadata["title"] = title.strip()
    elif headings and _first_is_title(document):
        metadata["title"] = headings[0]
    authors = [a.strip() for a in (author or "").split(";") if a.strip()]
    authors = [a for a in authors if a.lower() not in PLACEHOLDER_AUTHORS]
    if authors:
        metadata["authors"] = authors
    if created and "python-docx" not in (author or ""):
        metadata["date"] = created.date().isoformat()
    return "\n\n".join(paragraphs), metadata


def _paragraphs(document) -> tuple[list[str], list[str]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraphs: list[str] = []
    headings: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            paragraphs.append(text)
            style = (item.style.name if item.style is not None else "") or ""
            if style.startswith(("Heading", "Title", "Subtitle")):
                headings.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                line = " | ".join(dict.fromkeys(c for c in cells if c))
                if line:
                    paragraphs.append(line)
    return paragraphs, headings


def _first_is_title(document) -> bool:
    for paragraph in document.paragraphs:
        if paragraph.text.strip():
            return bool(paragraph.style is not None and paragraph.style.name in {"Title", "Heading 1"})
    return False
