from claims.sniffing import looks_like_html, looks_like_pdf, looks_like_zip


def test_one_rule_for_what_bytes_are():
    assert looks_like_pdf(b"%PDF-1.7\n...")
    assert looks_like_pdf(b"\x00junk before the header %PDF-1.4")
    assert not looks_like_pdf(b"A text that mentions PDF files.")
    assert looks_like_html(b"  <!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>')
    assert looks_like_html(b"<p>A pasted paragraph.</p>")
    assert not looks_like_html(b"Plain words <p> later on.")
    assert looks_like_zip(b"PK\x03\x04rest")
    assert not looks_like_zip(b"PDF")
