"""Decompression bombs, built here small on disk, each read in a process of
its own whose peak memory is measured: every inflation must stop at its
limit before the data is in memory, and the sender is told why."""

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from tests.readers.test_readers import pdf_from_objects

ROOT = Path(__file__).resolve().parents[2]
# What the reader may take at its peak, the interpreter and libraries included.
MAX_RSS_MB = 300
# Each bomb unpacks to this much: more than the ceiling, so reading it whole would show.
BOMB_BYTES = 600_000_000
_MB = 1 << 20

# The child's own peak resident memory. Not getrusage's ru_maxrss: Linux
# carries that over from the parent through fork and exec.
PEAK_RSS = """
def PEAK_RSS_MB():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

READ_DOCUMENT = PEAK_RSS + """
import json, sys
from claims.readers import RejectedInput, read_many
name, path = sys.argv[1], sys.argv[2]
results = []
for item in read_many(name, open(path, "rb").read()):
    if isinstance(item, RejectedInput):
        results.append({"code": item.code, "message": str(item)})
    else:
        results.append({"code": "read", "message": item.text[:100]})
print(json.dumps({"results": results, "rss_mb": PEAK_RSS_MB()}))
"""

DECOMPRESS_BODY = PEAK_RSS + """
import json, sys
from claims.fetching import FetchError, FetchPolicy, _decompress
try:
    _decompress(open(sys.argv[1], "rb").read(), FetchPolicy(max_bytes=2_000_000_000))
    outcome = {"code": "read", "message": ""}
except FetchError as exc:
    outcome = {"code": exc.code, "message": str(exc)}
print(json.dumps({"results": [outcome], "rss_mb": PEAK_RSS_MB()}))
"""


def _run(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _spaces(total: int):
    chunk = b" " * _MB
    for _ in range(total // _MB):
        yield chunk


def _deflated(total: int, *, wbits: int = -15) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(compressor.compress(chunk) for chunk in _spaces(total)) + compressor.flush()


def _zip_with(members: dict[str, bytes], big_name: str, big_size: int, *, declared: int | None = None) -> bytes:
    """A zip holding `members` and a member `big_name` of `big_size` spaces;
    with `declared`, its headers claim that size instead (a lying bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(big_name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=False) as stream:
            for chunk in _spaces(big_size):
                stream.write(chunk)
    data = bytearray(buffer.getvalue())
    if declared is not None:
        # The uncompressed size in the local header (offset 22) and the
        # central directory entry (offset 24) of the big member.
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            info = archive.getinfo(big_name)
        struct.pack_into("<I", data, info.header_offset + 22, declared)
        central = bytes(data).find(b"PK\x01\x02", 0)
        while central != -1:
            name_length = struct.unpack_from("<H", data, central + 28)[0]
            if data[central + 46 : central + 46 + name_length] == big_name.encode():
                struct.pack_into("<I", data, central + 24, declared)
            central = bytes(data).find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _docx_parts() -> dict[str, bytes]:
    document = docx.Document()
    document.add_paragraph("The council approved the harbour plan on Tuesday, officials said.")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "word/document.xml"}


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"


def _pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content is `content`, Flate-compressed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objects, version=b"1.7")


def _read_in_child(tmp_path: Path, name: str, data: bytes) -> dict:
    path = tmp_path / "bomb"
    path.write_bytes(data)
    assert len(data) < 5_000_000  # small on disk
    return _run(READ_DOCUMENT, name, str(path))


def test_docx_bomb_is_refused_before_it_is_inflated(tmp_path):
    data = _zip_with(_docx_parts(), "word/document.xml", BOMB_BYTES)
    outcome = _read_in_child(tmp_path, "bomb.docx", data)
    assert outcome["results"] == [
        {"code": "zip_bomb", "message": "The Word document unpacks to far more data than it holds (a zip bomb); "
         "it was not read."}
    ]
    assert outcome["rss_mb"] < MAX_RSS_MB


def test_docx_bomb_whose_headers_lie_stops_at_the_declared_size(tmp_path):
    # The headers claim 1,000 bytes; inflation stops there and the checksum
    # shows that the part is not what it says.
    data = _zip_with(_docx_parts(), "word/document.xml", BOMB_BYTES, declared=1_000)
    outcome = _read_in_child(tmp_path, "bomb.docx", data)
    assert outcome["results"] == [
        {"code": "broken_zip", "message": "The Word document is damaged (Bad CRC-32 for file 'word/document.xml')."}
    ]
    assert outcome["rss_mb"] < MAX_RSS_MB


def test_docx_inside_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    inner = _zip_with(_docx_parts(), "word/document.xml", BOMB_BYTES, declared=1_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", b"The council approved the plan, officials said.")
        archive.writestr("bomb.docx", inner)
    data = buffer.getvalue()
    outcome = _read_in_child(tmp_path, "batch.zip", data)
    codes = sorted(result["code"] for result in outcome["results"])
    assert codes == ["broken_zip", "read"]
    assert outcome["rss_mb"] < MAX_RSS_MB


@pytest.mark.parametrize("declared", [None, 1_000], ids=["honest-headers", "lying-headers"])
def test_zip_member_bomb_is_refused_before_it_is_inflated(tmp_path, declared):
    data = _zip_with({"article.txt": b"The council approved the plan, officials said."}, "bomb.txt", BOMB_BYTES,
                     declared=declared)
    outcome = _read_in_child(tmp_path, "batch.zip", data)
    if declared is None:
        assert outcome["results"] == [
            {"code": "zip_bomb", "message": "The zip file unpacks to far more data than it holds (a zip bomb); "
             "it was not opened."}
        ]
    else:
        assert [result["code"] for result in outcome["results"]] == ["read", "broken_zip"]
    assert outcome["rss_mb"] < MAX_RSS_MB


def test_pdf_stream_bomb_is_refused_before_it_is_inflated(tmp_path):
    data = _pdf_with_stream(_deflated(BOMB_BYTES, wbits=15))
    outcome = _read_in_child(tmp_path, "bomb.pdf", data)
    assert outcome["results"] == [
        {"code": "pdf_bomb", "message": "The PDF unpacks to far more data than it holds (a decompression bomb); "
         "it was not read."}
    ]
    assert outcome["rss_mb"] < MAX_RSS_MB


@pytest.mark.parametrize("wbits", [31, 15], ids=["gzip", "deflate"])
def test_compressed_body_bomb_is_refused_before_it_is_inflated(tmp_path, wbits):
    path = tmp_path / "body"
    path.write_bytes(_deflated(BOMB_BYTES, wbits=wbits))
    outcome = _run(DECOMPRESS_BODY, str(path))
    assert outcome["results"] == [
        {"code": "too_large", "message": "The compressed page unpacks to far more data than was sent "
         "(a decompression bomb)."}
    ]
    assert outcome["rss_mb"] < MAX_RSS_MB


def test_pdf_with_an_ordinary_stream_still_reads(tmp_path):
    text = b"BT /F1 12 Tf 72 720 Td (The council approved the harbour plan on Tuesday.) Tj ET"
    outcome = _read_in_child(tmp_path, "plan.pdf", _pdf_with_stream(zlib.compress(text)))
    assert outcome["results"] == [{"code": "read", "message": "The council approved the harbour plan on Tuesday."}]
