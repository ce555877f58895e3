import datetime
import io
import os
import zipfile

import docx
import lxml.html
import pytest
from pypdf import PdfReader, PdfWriter

from claims.cleaning import clean_article
from claims.readers import RawDocument, RejectedInput, read_document, read_html, read_many
from claims.readers.html import _extract_with_lxml
from claims.readers.pdf import find_headline, line_sizes, set_apart_headline
from claims.readers.text import LEGACY_ENCODINGS

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour plan approved | The Daily Ledger</title>
<meta property="og:title" content="Harbour plan approved after long debate">
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-03T09:30:00Z">
</head>
<body>
<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
</ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience on our site.
By continuing you accept our use of cookies.</p><button>Accept all</button></div>
<div class="ad-slot"><p>Buy the new Harbour Phone now, only 99 dollars this week</p></div>
<main><article>
<h1>Harbour plan approved after long debate</h1>
<p class="byline">By Jane Doe | March 3, 2025</p>
<p>The city council approved the harbour plan on Tuesday after a debate that lasted more than six hours,
officials said.</p>
<p>“This is a good day for the port,” the mayor said after the vote, adding that work would begin in the autumn.</p>
<h2>What happens next</h2>
<p>Critics said the plan had been rushed through without a proper review of its environmental costs,
and promised to appeal.</p>
</article>
<aside class="related-articles"><h3>Related stories</h3><ul>
<li><a href="/a">Port workers strike over pay</a></li><li><a href="/b">Council election results</a></li>
</ul></aside></main>
<footer class="site-footer"><p>© 2025 The Daily Ledger. All rights reserved.</p>
<p><a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""

PLAIN_ARTICLE = (
    "Harbour plan approved\n\nBy Jane Doe | March 3, 2025\n\n"
    "The city council approved the harbour plan on Tuesday, officials said. "
    "The mayor called it “a good day” for the port – and for the café owners.\n"
)


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a real text layer in Helvetica: one list of printed lines per page."""
    return _pdf_file([_body_ops(lines, top=760) for lines in pages])


def make_pdf_with_headline(headline: list[str], pages: list[list[str]], *, scaled_by_matrix: bool = False) -> bytes:
    """As make_pdf, with a headline in 24pt type over the first page's
    lines. Its words are placed one by one, each after the first with its
    own leading space, as some producers set large type (pypdf reads two
    spaces there). `scaled_by_matrix` sets 1pt type scaled 24 times by the
    text matrix instead, as other producers do."""
    size, font_size = 24, 1 if scaled_by_matrix else 24
    ops = [f"BT /F1 {font_size} Tf"]
    y = 740
    for line in headline:
        x = 72
        for index, word in enumerate(line.split()):
            piece = word if index == 0 else " " + word
            ops.append(f"{size // font_size} 0 0 {size // font_size} {x} {y} Tm ({_pdf_escape(piece)}) Tj")
            # Wide enough for any Helvetica word and the gap after it.
            x += int(size * (0.75 * len(piece) + 0.3))
        y -= 30
    ops.append("ET")
    return _pdf_file([ops + _body_ops(pages[0], top=y - 10), *(_body_ops(lines, top=760) for lines in pages[1:])])


def _body_ops(lines: list[str], *, top: int) -> list[str]:
    return [f"BT /F1 11 Tf 14 TL 72 {top} Td", *(f"({_pdf_escape(line)}) Tj T*" for line in lines), "ET"]


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_file(page_ops: list[list[str]]) -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    kids = []
    for ops in page_ops:
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF file of `objects`, numbered from 1 (the catalog first), with
    its cross-reference table and trailer."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


THREE_PAGES = [
    [
        "The Daily Ledger - Spring Edition",
        "Harbour plan approved after long debate",
        "By Jane Doe",
        "The city council approved the harbour plan on Tuesday after a debate that",
        "lasted more than six hours, officials said. The vote was close and the",
        "mayor called it a self-",
        "evident victory for the port workers and their fami-",
        "lies.",
        "Critics said the plan had been rushed through the council without",
        "proper review of its environmental costs and the anti-",
        "American rhetoric of some speakers. The budget of",
        "1",
    ],
    [
        "The Daily Ledger - Spring Edition",
        "the project is estimated at 40 million dollars over",
        "ten years, according to the draft seen by reporters in the",
        "chamber.",
        "2",
    ],
    ["The Daily Ledger - Spring Edition", "Work is expected to begin in the autumn.", "3"],
]


def make_encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(THREE_PAGES))))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_damaged_pdf() -> bytes:
    """An unreadable catalog and a garbled object header: pypdf's repair goes
    round in a loop and gives up with LimitReachedError."""
    return make_pdf(THREE_PAGES).replace(b"/Catalog", b"/Caxalog").replace(b"4 0 obj\n<<", b"4 0 objx<<", 1)


def make_docx(*, title: str = "", author: str = "", created: datetime.datetime | None = None) -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    if created:
        document.core_properties.created = created
    document.add_heading("Harbour plan approved after long debate", level=1)
    document.add_paragraph("The city council approved the harbour plan on Tuesday, officials said.")
    document.add_heading("What happens next", level=2)
    document.add_paragraph("Critics said the plan had been rushed through and promised to “appeal”.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rejection(name: str, data: bytes) -> RejectedInput:
    with pytest.raises(RejectedInput) as info:
        read_document(name, data)
    return info.value


# Plain text and Markdown


def test_read_document_decodes_utf8_with_and_without_bom():
    plain = read_document("a.txt", PLAIN_ARTICLE.encode("utf-8"))
    with_bom = read_document("a.txt", b"\xef\xbb\xbf" + PLAIN_ARTICLE.encode("utf-8"))
    assert plain.text == with_bom.text == PLAIN_ARTICLE
    assert plain.fmt == "text" and plain.raw == PLAIN_ARTICLE


def test_read_document_decodes_utf16_with_bom():
    text = "Президент заявил: «переговоры продолжатся» — сказал он.\n"
    assert read_document("a.txt", text.encode("utf-16")).text == text


def test_read_document_detects_windows_1252():
    text = "Le café “Chez Zoë” – naïve façade, déjà vu. The mayor’s résumé cost €5.\n"
    assert read_document("a.txt", text.encode("cp1252")).text == text


def test_read_document_detects_central_european_encoding():
    text = "Zażółć gęślą jaźń, powiedział minister w środę.\n"
    assert read_document("a.txt", text.encode("cp1250")).text == text


def test_read_document_detects_windows_1252_when_no_decoding_reads_cleanly():
    # "McDonald" looks garbled in every code page, and the no-break space
    # (0xA0) splits words in some code pages only.
    text = "Le café “Chez Zoë” de McDonald a rouvert\xa0: naïve façade, déjà vu.\n"
    assert read_document("a.txt", text.encode("cp1252")).text == text


def test_legacy_encodings_give_every_byte_a_character_of_its_own():
    # Words are counted on the bytes once for all of them, which needs this.
    for encoding in LEGACY_ENCODINGS:
        alone = {}
        for byte in range(256):
            try:
                alone[byte] = bytes([byte]).decode(encoding)
            except UnicodeDecodeError:
                continue
            assert len(alone[byte]) == 1 and (byte > 0x7F or alone[byte] == chr(byte)), (encoding, byte)
        for first in range(256):
            for second in range(256):
                try:
                    pair = bytes([first, second]).decode(encoding)
                except UnicodeDecodeError:
                    assert first not in alone or second not in alone, (encoding, first, second)
                else:
                    assert pair == alone.get(first, "") + alone.get(second, ""), (encoding, first, second)


def test_read_document_reads_markdown_files_as_markdown():
    document = read_document("story.md", b"# Title\n\nSome *text* here.\n")
    assert document.fmt == "markdown"
    assert document.text == "# Title\n\nSome *text* here.\n"


def test_read_document_refuses_empty_file():
    assert rejection("a.txt", b"").code == "empty"
    assert rejection("a.txt", b"  \n\n\t ").code == "empty"


def test_read_document_refuses_binary_renamed_to_txt():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = rejection("photo.txt", png)
    assert error.code == "binary"
    assert "binary" in str(error)
    assert rejection("controls.txt", bytes(range(1, 9)) * 200).code == "binary"


def test_read_document_refuses_undecodable_bytes():
    noise = bytes(128 + (i * 37) % 128 for i in range(3000))
    error = rejection("noise.txt", noise)
    assert error.code == "undecodable"
    assert "UTF-8" in str(error)


def test_read_document_refuses_too_large_file():
    with pytest.raises(RejectedInput) as info:
        read_document("a.txt", b"word " * 100, max_bytes=100)
    assert info.value.code == "too_large"
    assert info.value.name == "a.txt"


def test_read_document_refuses_unsupported_formats():
    assert rejection("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100).code == "unsupported"
    assert rejection("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 100).code == "unsupported"


# HTML


def test_read_html_keeps_article_and_drops_page_furniture():
    document = read_document("page.html", ARTICLE_PAGE.encode("utf-8"))
    assert document.fmt == "html"
    assert document.raw == ARTICLE_PAGE
    assert "approved the harbour plan on Tuesday" in document.text
    assert "“This is a good day for the port,” the mayor said" in document.text
    for furniture in ("Home", "cookies", "Harbour Phone", "Port workers strike", "All rights reserved", "Contact us"):
        assert furniture not in document.text
    assert "\n\n" in document.text


def test_read_html_reads_metadata():
    document = read_html(ARTICLE_PAGE, url="https://ledger.example/harbour")
    assert document.metadata["title"] == "Harbour plan approved after long debate"
    assert document.metadata["authors"] == ["Jane Doe"]
    assert document.metadata["date"] == "2025-03-03"
    assert document.metadata["site"] == "The Daily Ledger"
    assert document.metadata["language"] == "en"
    assert document.metadata["url"] == "https://ledger.example/harbour"


def test_read_html_then_clean_strips_repeated_title_and_byline():
    document = read_html(ARTICLE_PAGE)
    clean = clean_article(document.text, fmt=document.fmt, metadata=document.metadata)
    assert clean.title == "Harbour plan approved after long debate"
    assert clean.authors == ["Jane Doe"]
    assert clean.published == datetime.date(2025, 3, 3)
    assert clean.body.startswith("The city council approved")
    assert "By Jane Doe" not in clean.body
    assert "What happens next" in clean.body


def test_read_html_handles_malformed_markup():
    broken = (
        "<html><body><div><p>The council met on Tuesday and approved the plan after a long debate, officials said"
        "<p>Critics promised to appeal the decision in the courts next month.<div><b>unclosed <i>tags</b>"
    )
    document = read_html(broken)
    assert "approved the plan" in document.text


@pytest.mark.parametrize("junk", ["<<<>>>", "<html></html>", "   ", "<p></p><div>\x00</div>"])
def test_read_html_refuses_pages_without_text_with_a_clear_error(junk):
    with pytest.raises(RejectedInput) as info:
        read_html(junk)
    assert info.value.code in {"empty", "malformed_html"}
    assert str(info.value).endswith(".")


def test_read_document_honours_meta_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>{}</p></body></html>'.format(
        "Le café “Chez Zoë” a rouvert ses portes mardi, selon la mairie, après des mois de travaux."
    )
    document = read_document("page.htm", page.encode("cp1252"))
    assert "Le café “Chez Zoë” a rouvert" in document.text


# PDF


def test_read_pdf_rejoins_lines_and_removes_running_header_and_page_numbers():
    document = read_document("harbour.pdf", make_pdf(THREE_PAGES))
    assert document.fmt == "pdf"
    assert "Daily Ledger" not in document.text
    assert "\n1\n" not in document.text and not document.text.endswith("3")
    assert "after a debate that lasted more than six hours" in document.text
    assert "Work is expected to begin in the autumn." in document.text
    assert "Daily Ledger" in document.raw


def test_read_pdf_undoes_line_break_hyphens_but_keeps_compounds():
    text = read_document("harbour.pdf", make_pdf(THREE_PAGES)).text
    assert "their families." in text
    assert "self-evident" in text
    assert "anti-American" in text


def test_read_pdf_rejoins_sentence_split_by_page_break():
    document = read_document("harbour.pdf", make_pdf(THREE_PAGES))
    assert "The budget of the project is estimated at 40 million dollars" in document.text


def test_read_pdf_records_page_spans():
    document = read_document("harbour.pdf", make_pdf(THREE_PAGES))
    assert len(document.pages) == 3
    starts = [document.text[start:end] for start, end in document.pages]
    assert starts[0].startswith("Harbour plan approved")
    assert starts[1].startswith("the project is estimated")
    assert starts[2] == "Work is expected to begin in the autumn."


def test_read_pdf_then_clean_finds_title_and_byline():
    document = read_document("harbour.pdf", make_pdf(THREE_PAGES))
    clean = clean_article(document.text, fmt=document.fmt, metadata=document.metadata)
    assert clean.title == "Harbour plan approved after long debate"
    assert clean.authors == ["Jane Doe"]
    assert clean.body.startswith("The city council approved")


HARBOUR_PAGE = [
    "By Jane Doe",
    "The city council approved the harbour plan on Tuesday after a debate that",
    "lasted more than six hours, officials said. The vote was close and the",
    "mayor called it a victory for the port workers and their families.",
]


def test_read_pdf_takes_large_type_headline_over_two_lines_as_title():
    data = make_pdf_with_headline(["Harbour Plan Approved", "After Long Debate"], [HARBOUR_PAGE])
    document = read_document("harbour.pdf", data)
    assert document.metadata["title"] == "Harbour Plan Approved After Long Debate"
    assert document.text.startswith("Harbour Plan Approved After Long Debate\n\nBy Jane Doe\n\n")
    clean = clean_article(document.text, fmt=document.fmt, metadata=document.metadata)
    assert clean.title == "Harbour Plan Approved After Long Debate"
    assert clean.authors == ["Jane Doe"]
    assert clean.body.startswith("The city council approved")


def test_read_pdf_headline_scaled_by_text_matrix_is_found_too():
    data = make_pdf_with_headline(
        ["Harbour plan approved after a long", "and bitter debate"], [HARBOUR_PAGE], scaled_by_matrix=True
    )
    assert read_document("harbour.pdf", data).metadata["title"] == (
        "Harbour plan approved after a long and bitter debate"
    )


def test_read_pdf_headline_outranks_metadata_title():
    data = make_pdf_with_headline(["Harbour plan approved"], [HARBOUR_PAGE])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": "Microsoft Word - draft3.docx"})
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read_document("harbour.pdf", buffer.getvalue()).metadata["title"] == "Harbour plan approved"


def test_read_pdf_in_one_type_size_has_no_headline_title():
    assert "title" not in read_document("harbour.pdf", make_pdf(THREE_PAGES)).metadata


def test_line_sizes_go_by_most_characters_and_even_out_spaces():
    fragments = [("Harbour  plan\napproved\n", 24.0), ("T", 48.0), ("he council met on Tuesday.", 11.0), ("\n", 1.0)]
    assert line_sizes(fragments) == {"Harbour plan": 24.0, "approved": 24.0, "The council met on Tuesday.": 11.0}


def test_find_headline_takes_the_largest_type_near_the_top():
    lines = ["WORLD", "Harbour plan approved", "after long debate", "A narrow vote ends six hours of talks", "", "Body"]
    sizes = {"WORLD": 14.0, "Harbour plan approved": 24.0, "after long debate": 24.0,
             "A narrow vote ends six hours of talks": 14.0, "Body": 11.0}
    body = [f"Line {n} of the body text in small type." for n in range(10)]
    sizes |= dict.fromkeys(body, 11.0)
    assert find_headline(lines + body, sizes) == (1, 3)


@pytest.mark.parametrize(
    "lines",
    [
        ["Harbour plan approved", "The council met."],  # one type size
        [f"Body line {n} in small type." for n in range(7)] + ["Late large line here"],  # too far down
        ["Big"] + ["Body text in small type."] * 6,  # one word: a drop cap
        ["Large intro line"] * 5 + ["Body text in small type, a long line of it."] * 9,  # too many lines
    ],
)
def test_find_headline_finds_nothing_that_does_not_stand_out(lines):
    sizes = dict.fromkeys(lines, 11.0)
    sizes |= {"Late large line here": 24.0, "Big": 48.0, "Large intro line": 20.0}
    assert find_headline(lines, sizes) is None


def test_set_apart_headline_joins_its_lines_into_one_paragraph():
    lines = ["Harbour plan ap-", "proved after debate", "By Jane Doe"]
    assert set_apart_headline(lines, (0, 2)) == (
        "Harbour plan approved after debate",
        ["", "Harbour plan approved after debate", "", "By Jane Doe"],
    )


def test_read_pdf_soft_hyphen_at_line_end_goes():
    lines = [
        "A long report on the regional economy was pub\u00ad",
        "lished by the statistics office on Monday morning.",
    ]
    assert "was published by" in read_document("a.pdf", make_pdf([lines])).text


def test_read_pdf_refuses_encrypted_pdf():
    error = rejection("locked.pdf", make_encrypted_pdf())
    assert error.code == "encrypted_pdf"
    assert "password" in str(error)


def test_read_pdf_refuses_truncated_pdf():
    data = make_pdf(THREE_PAGES)
    assert rejection("cut.pdf", data[: len(data) // 2]).code == "truncated_pdf"


def test_read_pdf_refuses_pdf_without_text_layer():
    error = rejection("scan.pdf", make_pdf([[], []]))
    assert error.code == "needs_ocr"
    assert "OCR" in str(error)


def test_read_pdf_refuses_garbage_named_pdf():
    assert rejection("fake.pdf", b"just some words").code == "not_pdf"


def test_read_pdf_refuses_damaged_pdf_that_sends_the_repair_round_in_a_loop():
    error = rejection("damaged.pdf", make_damaged_pdf())
    assert error.code == "broken_pdf"
    assert "damaged" in str(error)


# DOCX


def test_read_docx_reads_paragraphs_headings_and_core_properties():
    created = datetime.datetime(2025, 3, 3, 9, 30, tzinfo=datetime.UTC)
    data = make_docx(title="Harbour plan", author="Jane Doe", created=created)
    document = read_document("harbour.docx", data)
    assert document.fmt == "docx"
    assert document.text.split("\n\n") == [
        "Harbour plan approved after long debate",
        "The city council approved the harbour plan on Tuesday, officials said.",
        "What happens next",
        "Critics said the plan had been rushed through and promised to “appeal”.",
    ]
    assert document.metadata["title"] == "Harbour plan"
    assert document.metadata["authors"] == ["Jane Doe"]
    assert document.metadata["date"] == "2025-03-03"
    assert document.metadata["headings"] == ["Harbour plan approved after long debate", "What happens next"]


def test_read_docx_without_title_uses_first_heading_and_cleaning_strips_it():
    document = read_document("harbour.docx", make_docx(author="Jane Doe"))
    clean = clean_article(document.text, fmt=document.fmt, metadata=document.metadata)
    assert clean.title == "Harbour plan approved after long debate"
    assert clean.authors == ["Jane Doe"]
    assert clean.body.startswith("The city council approved")
    assert "What happens next\n\nCritics" in clean.body


def test_read_docx_refuses_file_that_is_not_a_zip():
    error = rejection("report.docx", b"This is plain text saved with the wrong name.")
    assert error.code == "not_docx"
    assert ".docx" in str(error)


def test_read_docx_refuses_zip_without_document():
    assert rejection("report.docx", make_zip({"notes.txt": b"hello"})).code == "not_docx"


# Zip


def test_read_many_single_file_yields_one_document():
    items = list(read_many("a.txt", PLAIN_ARTICLE.encode()))
    assert len(items) == 1 and isinstance(items[0], RawDocument)


def test_read_many_single_bad_file_yields_its_error():
    items = list(read_many("a.txt", b""))
    assert len(items) == 1 and isinstance(items[0], RejectedInput) and items[0].code == "empty"


def test_read_many_reads_good_members_and_reports_bad_ones():
    archive = make_zip(
        {
            "articles/": b"",
            "articles/one.txt": PLAIN_ARTICLE.encode(),
            "articles/two.html": ARTICLE_PAGE.encode(),
            "articles/three.pdf": make_pdf(THREE_PAGES),
            "articles/four.docx": make_docx(author="Jane Doe"),
            "articles/empty.txt": b"",
            "articles/locked.pdf": b"%PDF-1.4 cut off",
            "../evil.txt": b"escape attempt",
            "/etc/passwd.txt": b"absolute",
            "inner.zip": make_zip({"x.txt": b"nested"}),
            "__MACOSX/articles/._one.txt": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    items = list(read_many("batch.zip", archive))
    documents = {item.name: item for item in items if isinstance(item, RawDocument)}
    errors = {item.name: item.code for item in items if isinstance(item, RejectedInput)}
    assert set(documents) == {
        "batch.zip/articles/one.txt",
        "batch.zip/articles/two.html",
        "batch.zip/articles/three.pdf",
        "batch.zip/articles/four.docx",
    }
    assert [documents[name].fmt for name in sorted(documents)] == ["docx", "text", "pdf", "html"]
    assert errors == {
        "batch.zip/articles/empty.txt": "empty",
        "batch.zip/articles/locked.pdf": "truncated_pdf",
        "batch.zip/../evil.txt": "zip_unsafe_path",
        "batch.zip//etc/passwd.txt": "zip_unsafe_path",
        "batch.zip/inner.zip": "nested_zip",
    }


def test_read_many_refuses_zip_with_too_many_members():
    archive = make_zip({f"note{i}.txt": b"x" for i in range(600)})
    items = list(read_many("many.zip", archive, max_members=500))
    assert len(items) == 1
    assert items[0].code == "zip_too_many"
    assert "600" in str(items[0])


def test_read_many_refuses_zip_bomb_by_ratio():
    archive = make_zip({"bomb.txt": b"\x00" * 20_000_000})
    assert len(archive) < 100_000
    items = list(read_many("bomb.zip", archive))
    assert [item.code for item in items] == ["zip_bomb"]


def test_read_many_refuses_zip_over_total_size():
    archive = make_zip({f"part{i}.txt": os.urandom(300_000) for i in range(4)}, compression=zipfile.ZIP_STORED)
    items = list(read_many("big.zip", archive, max_total=1_000_000))
    assert len(items) == 1 and items[0].code in {"zip_bomb", "too_large"}
    archive = make_zip({f"part{i}.txt": b"a" * 400_000 for i in range(4)})
    items = list(read_many("big.zip", archive, max_total=1_000_000))
    assert [item.code for item in items] == ["zip_bomb"]


def test_read_many_refuses_member_over_max_bytes_and_goes_on():
    archive = make_zip({"big.txt": b"word " * 1000, "small.txt": PLAIN_ARTICLE.encode()})
    items = list(read_many("mixed.zip", archive, max_bytes=2000))
    assert [getattr(item, "code", "ok") for item in items] == ["too_large", "ok"]


def test_read_many_refuses_broken_zip():
    items = list(read_many("broken.zip", b"PK\x03\x04 not really a zip"))
    assert len(items) == 1 and items[0].code == "broken_zip"


def test_read_document_refuses_zip_as_single_document():
    assert rejection("batch.zip", make_zip({"a.txt": b"hello"})).code == "unsupported"


# Declared charsets and NUL characters


def test_read_document_uses_the_charset_a_server_declared():
    text = "Zażółć gęślą jaźń, powiedział minister w środę po posiedzeniu rządu."
    data = f"<html><body><p>{text}</p></body></html>".encode("iso-8859-2")
    assert text not in read_document("page.html", data).text
    assert text in read_document("page.html", data, encoding="iso-8859-2").text
    assert read_document("a.txt", text.encode("iso-8859-2"), encoding="iso-8859-2").text == text


def test_read_document_ignores_a_wrong_or_unknown_declared_charset():
    text = "Le café “Chez Zoë” a rouvert ses portes mardi, selon la mairie.\n"
    assert read_document("a.txt", text.encode("cp1252"), encoding="utf-8").text == text
    assert read_document("a.txt", text.encode("cp1252"), encoding="no-such-charset").text == text
    # A byte-order mark outranks the declaration.
    assert read_document("a.txt", b"\xef\xbb\xbf" + text.encode(), encoding="cp1252").text == text


def test_readers_drop_nul_characters():
    page = b'<html><head><meta charset="utf-8"></head><body><p>The council met\x00 on Tuesday, said officials.</p>'
    utf16 = "The council met\x00 on Tuesday, officials said.".encode("utf-16")
    pdf = make_pdf([["The council met \x00on Tuesday and approved the plan, officials said."]])
    documents = [read_document("page.html", page), read_document("note.txt", utf16), read_document("a.pdf", pdf)]
    for document in documents:
        assert "\x00" not in document.text + document.raw
        assert "The council met on Tuesday" in document.text
    assert documents[2].text[slice(*documents[2].pages[0])] == documents[2].text


def test_read_html_refuses_unparsable_markup_in_plain_words():
    error = rejection("broken.html", b"<!-- a comment that never closes <p>The council met.</p>")
    assert error.code == "malformed_html"
    assert str(error) == "The page's HTML is too broken to read; no article text was found in it."


OG_URL_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Harbour plan</title>
<meta property="og:url" content="{url}"></head><body><article><h1>Harbour plan</h1>
<p>The council approved the harbour plan on Tuesday after a long debate about the cost of the works.</p>
<p>“This is a good day for the port,” the mayor said to the reporters waiting outside the hall.</p>
</article></body></html>"""


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x", "//x"])
def test_read_html_drops_an_og_url_that_is_not_http(url, monkeypatch):
    page = OG_URL_PAGE.format(url=url)
    assert "url" not in read_html(page).metadata
    # The simpler extractor, which takes over when trafilatura fails, reads og:url as it is.
    assert _extract_with_lxml(lxml.html.fromstring(page))[1]["url"] == url

    def fail(*args, **kwargs):
        raise ValueError("trafilatura tripped")

    monkeypatch.setattr("trafilatura.bare_extraction", fail)
    assert "url" not in read_html(page).metadata
    assert "url" not in read_document("page.html", page.encode()).metadata


def test_read_html_keeps_an_http_og_url():
    assert read_html(OG_URL_PAGE.format(url="https://ledger.example/harbour")).metadata["url"] == (
        "https://ledger.example/harbour"
    )
