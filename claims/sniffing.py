"""What a body of bytes is, by its first bytes: one rule for readers, the
fetcher and pasted text. Pure Python, no Django."""

# Starts of an HTML document or fragment, lower-cased, after white space.
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p>", b"<p ")
PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


def looks_like_pdf(data: bytes) -> bool:
    """A PDF's header may follow a little junk; readers find it in the first
    kilobyte too."""
    return PDF_MAGIC in data[:1024]


def looks_like_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGICS)


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(HTML_STARTS) or (head.startswith(b"<?xml") and b"<html" in head)
