"""Zip archives of articles, read member by member with the other readers.

An archive is refused whole when it is unsafe to open at all: too many
entries, or a declared total size or compression ratio that only a zip
bomb has. Everything else is decided per member: an unsafe path, an
encrypted, nested or oversized member is reported as that member's error
while the other members are still read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator

from .base import RawDocument, RejectedInput

# Text compresses about 3-10x with deflate; only crafted data goes past this.
MAX_RATIO = 200
# Small members may have silly ratios (a file of spaces) without harm.
RATIO_MIN_SIZE = 1_000_000
_CHUNK = 1 << 16


def read_zip(
    name: str,
    data: bytes,
    *,
    read_member: Callable[[str, bytes], RawDocument],
    max_bytes: int,
    max_members: int,
    max_total: int,
) -> Iterator[RawDocument | RejectedInput]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        yield RejectedInput(f"The zip file could not be opened ({exc}).", code="broken_zip", name=name)
        return
    with archive:
        files = [e for e in entries if not e.is_dir()]
        if len(files) > max_members:
            yield RejectedInput(
                f"The zip file holds {len(files):,} files; at most {max_members:,} can be imported at once.",
                code="zip_too_many",
                name=name,
            )
            return
        declared = sum(e.file_size for e in files)
        if declared > max_total or any(_absurd_ratio(e) for e in files):
            yield RejectedInput(
                "The zip file unpacks to far more data than it holds (a zip bomb); it was not opened.",
                code="zip_bomb",
                name=name,
            )
            return
        unpacked = 0
        for entry in files:
            member_name = f"{name}/{entry.filename}"
            if _skipped(entry.filename):
                continue
            try:
                _check_member(entry, max_bytes=max_bytes)
                content = _read_limited(archive, entry, limit=min(max_bytes, max_total - unpacked))
                unpacked += len(content)
                if content.startswith(b"PK\x03\x04") and not is_docx(content):
                    raise RejectedInput("Zip files inside a zip file are not opened.", code="nested_zip")
                document = read_member(member_name, content)
            except RejectedInput as exc:
                exc.name = member_name
                yield exc
                if exc.code == "zip_bomb":
                    return
                continue
            yield document


def _skipped(filename: str) -> bool:
    """Folders' entries, macOS resource forks and hidden files."""
    parts = [p for p in filename.replace("\\", "/").split("/") if p]
    return not parts or parts[0] == "__MACOSX" or any(p.startswith(".") and p not in {".", ".."} for p in parts)


def _check_member(entry: zipfile.ZipInfo, *, max_bytes: int) -> None:
    filename = entry.filename.replace("\\", "/")
    if filename.startswith("/") or (len(filename) > 1 and filename[1] == ":") or ".." in filename.split("/"):
        raise RejectedInput(
            f"The zip entry {entry.filename!r} points outside the archive; it was not read.", code="zip_unsafe_path"
        )
    if posixpath.splitext(filename)[1].lower() == ".zip":
        raise RejectedInput("Zip files inside a zip file are not opened.", code="nested_zip")
    if entry.flag_bits & 0x1:
        raise RejectedInput("This zip entry is password-protected.", code="encrypted_zip")
    if entry.file_size > max_bytes:
        raise RejectedInput(
            f"The file is {entry.file_size:,} bytes, over the {max_bytes:,}-byte limit.", code="too_large"
        )


def _absurd_ratio(entry: zipfile.ZipInfo) -> bool:
    return entry.file_size >= RATIO_MIN_SIZE and entry.file_size > MAX_RATIO * max(1, entry.compress_size)


def check_inflation(data: bytes, *, max_total: int, what: str = "The file") -> None:
    """Raises RejectedInput "zip_bomb" unless the zip in `data` is safe to
    hand to a library that inflates its members whole (python-docx does,
    with ZipFile.read): the declared sizes add up to at most `max_total`, no
    large member has a ratio only a bomb has, and each member, inflated here
    a chunk at a time and thrown away, stays within the size it declares."""
    message = f"{what} unpacks to far more data than it holds (a zip bomb); it was not read."
    bomb = RejectedInput(message, code="zip_bomb")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = [e for e in archive.infolist() if not e.is_dir()]
            if sum(e.file_size for e in entries) > max_total or any(_absurd_ratio(e) for e in entries):
                raise bomb
            for entry in entries:
                try:
                    _read_limited(archive, entry, limit=entry.file_size, keep=False)
                except RejectedInput as exc:
                    if exc.code == "zip_bomb":
                        raise bomb from None
                    # A checksum that does not match: damaged, or a bomb
                    # whose headers claim less than it holds.
                    raise RejectedInput(f"{what} is damaged ({exc.__cause__ or exc}).", code=exc.code) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise RejectedInput(f"{what} could not be opened as a zip ({exc}).", code="broken_zip") from None


def _read_limited(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, limit: int, keep: bool = True) -> bytes:
    """The member's bytes, stopping as soon as it unpacks to more than it
    declared or than the limit: the header sizes can lie. With keep=False
    the bytes are only counted."""
    ceiling = min(limit, entry.file_size)
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > ceiling:
                    raise RejectedInput(
                        "This zip entry unpacks to more data than it declares (a zip bomb).", code="zip_bomb"
                    )
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        # Chained, so that check_inflation can name the cause in its own words.
        raise RejectedInput(f"This zip entry could not be unpacked ({exc}).", code="broken_zip") from exc
    return b"".join(chunks)


def is_docx(content: bytes) -> bool:
    """A zip that is really a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as inner:
            return "word/document.xml" in inner.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
