"""Importing articles: readers and cleaning turn input into a clean body,
extraction finds the claims, and this module stores both in one transaction.

Every entry point returns one `ImportOutcome` per item (a file, a zip member,
a pasted text, a URL), so that a batch reports each item and one bad file
never stops the others.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from .bulk import insert_rows
from .canonical import canonical_url
from .cleaning import CleanArticle, clean_article
from .extraction import ExtractedClaim, extract_claims
from .fetching import FetchError
from .models import Article, Claim, ImportStatus, Speaker, SpeakerAlias, fit
from .net import fetch_url
from .readers import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
    RawDocument,
    RejectedInput,
    name_for_download,
    read_document,
    read_many,
)
from .readers.base import web_url
from .repeats import match_key
from .services.originals import schedule_suggestions
from .services.repeats import find_repeats, record_repeats

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = (
    "This document could not be imported because of an unexpected error; nothing of it was stored, "
    "and the error was logged for the administrators."
)

# What a folder import takes: every name the readers choose a reader by
# (they pick PDF, Word and zip by these three names).
IMPORTABLE_SUFFIXES = frozenset({*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, ".pdf", ".docx", ".zip"})

Status = ImportStatus


@dataclass
class ImportOutcome:
    name: str
    status: str
    reason: str = ""
    article: Article | None = None
    extra: dict = field(default_factory=dict)
    # The page at a web address could not be fetched: `reason` is the
    # fetcher's technical message, which pages say in plain words instead.
    fetch_failed: bool = False

    @property
    def failed(self) -> bool:
        return self.status == Status.FAILED

    def to_dict(self) -> dict:
        article = self.article
        return {
            "file": self.name,
            "status": self.status,
            "reason": self.reason,
            "article_id": article.pk if article else None,
            "title": article.title if article else None,
            "authors": [a for a in article.authors.split(", ") if a] if article else [],
            "date": article.published_on.isoformat() if article and article.published_on else None,
            "language": article.language if article else None,
            "direction": article.direction if article else None,
            "text": article.cleaned_text if article else None,
            "fetch_failed": self.fetch_failed,
        }


def import_document(doc: RawDocument, *, imported_by=None, source_url: str = "") -> ImportOutcome:
    """Clean, extract and store one document. Writes one Article and its
    Claims (and any new Speakers) in a single transaction, or nothing."""
    clean = clean_article(doc.text, fmt=doc.fmt, metadata=doc.metadata)
    if not clean.body.strip():
        return ImportOutcome(doc.name, Status.FAILED, "No article text was found in this file.")
    url = web_url(source_url or doc.metadata.get("url"))
    return _store(doc, clean, imported_by=imported_by, source_url=url)


def import_text(*, text: str, name: str = "pasted text", imported_by=None, title: str = "") -> ImportOutcome:
    """Import pasted text: HTML when the readers take it for HTML (as they
    would a file without a name), else Markdown or plain text."""
    doc = None
    if text.lstrip()[:1] == "<":
        try:
            doc = read_document("", text.encode())
        except RejectedInput as exc:
            return ImportOutcome(name, Status.FAILED, str(exc))
        doc = doc if doc.fmt == "html" else None
    if doc is None:
        doc = RawDocument(name=name, text=text, fmt="markdown", raw=text, metadata={}, pages=None)
    doc.name = name
    if title:
        doc.metadata = {**doc.metadata, "title": title}
    return next(_import_items([doc], imported_by=imported_by))


def import_upload(*, name: str, data: bytes, imported_by=None) -> list[ImportOutcome]:
    """Import one uploaded file; a zip gives one outcome per member."""
    return list(_import_items(read_many(name, data, **_read_limits()), imported_by=imported_by))


def import_paths(paths: Iterable[str | Path], *, imported_by=None) -> Iterator[ImportOutcome]:
    """Import files, folders (recursively) and zips from the file system."""
    for path in expand_paths(paths):
        if isinstance(path, ImportOutcome):
            yield path
        else:
            yield from import_file(path, imported_by=imported_by)


def import_file(path: Path, *, imported_by=None) -> Iterator[ImportOutcome]:
    """Import one file from the file system; a zip gives one outcome per member."""
    try:
        reason = size_refusal(path.stat().st_size)
        if reason:
            raise RejectedInput(reason, code="too_large")
        data = path.read_bytes()
    except RejectedInput as exc:
        yield ImportOutcome(str(path), Status.FAILED, str(exc))
        return
    except OSError as exc:
        yield ImportOutcome(str(path), Status.FAILED, f"Could not read the file: {exc.strerror or exc}.")
        return
    yield from _import_items(read_many(str(path), data, **_read_limits()), imported_by=imported_by)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | ImportOutcome]:
    """The importable files under `paths`, folders searched recursively; a
    path that does not exist comes back as its failed outcome."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in IMPORTABLE_SUFFIXES and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield ImportOutcome(str(path), Status.FAILED, "No such file or folder.")


def import_url(url: str, *, imported_by=None) -> ImportOutcome:
    """Fetch a web page through the guarded fetcher and import it. The page is
    kept as received in the article's raw text, with the address it was
    fetched from; an address already imported (up to tracking parameters and
    fragment) is a duplicate and is not fetched again."""
    existing = Article.objects.filter(canonical_url=canonical_url(url)).first()
    if existing:
        return ImportOutcome(url, Status.DUPLICATE, "This address was imported before.", existing)
    try:
        result = fetch_url(url)
    except FetchError as exc:
        return ImportOutcome(url, Status.FAILED, str(exc), fetch_failed=True)
    items = read_many(name_for_download(result.content_type), result.body, encoding=result.charset, **_read_limits())
    outcome = next(_import_items(items, imported_by=imported_by, source_url=url))
    outcome.name = url
    return outcome


def size_refusal(size: int) -> str:
    """Why a file of `size` bytes is refused before it is read, or "" when
    it is small enough. Checked before the bytes are read into memory."""
    if size > settings.IMPORT_MAX_BYTES:
        return f"The file is {size:,} bytes, over the {settings.IMPORT_MAX_BYTES:,}-byte limit."
    return ""


def _read_limits() -> dict:
    return {"max_bytes": settings.IMPORT_MAX_BYTES, "max_members": settings.IMPORT_MAX_ZIP_MEMBERS}


def _import_items(items, *, imported_by=None, source_url: str = "") -> Iterator[ImportOutcome]:
    """One outcome per document. A document that fails in a way nobody
    foresaw is logged and reported as failed while the others still go in;
    it was stored in a transaction of its own, so it left nothing behind."""
    for item in items:
        if isinstance(item, RejectedInput):
            yield ImportOutcome(getattr(item, "name", "") or "file", Status.FAILED, str(item))
            continue
        try:
            outcome = import_document(item, imported_by=imported_by, source_url=source_url)
        except RejectedInput as exc:
            outcome = ImportOutcome(item.name, Status.FAILED, str(exc))
        except Exception:
            logger.exception("Importing %s failed", item.name)
            outcome = ImportOutcome(item.name, Status.FAILED, UNEXPECTED_ERROR)
        if outcome.status == Status.IMPORTED:
            # After the article's transaction: a worker must find its claims.
            schedule_suggestions(article_id=outcome.article.pk)
        yield outcome


def _store(doc: RawDocument, clean: CleanArticle, *, imported_by, source_url: str) -> ImportOutcome:
    """Write the article and its claims in one transaction, or nothing.

    The article row goes in first and its unique content hash (and, for a
    web page, its unique canonical address) is the duplicate check: a
    re-import costs one refused insert and no extraction,
    and of two imports of one text at once the second waits for the first
    to commit and is then refused."""
    content_hash = Article.hash_text(clean.body)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=fit(Article, "title", clean.title or doc.metadata.get("title") or Path(doc.name).stem),
                authors=fit(Article, "authors", ", ".join(clean.authors)),
                published_on=clean.published if isinstance(clean.published, datetime.date) else None,
                publisher=fit(Article, "publisher", doc.metadata.get("site")),
                source_url=fit(Article, "source_url", source_url),
                canonical_url=canonical_url(source_url) if source_url else "",
                filename=fit(Article, "filename", doc.name),
                language=clean.language,
                direction=clean.direction,
                raw_text=doc.raw,
                cleaned_text=clean.body,
                dropped_lines=[{"line": d.line, "rule": d.rule} for d in clean.dropped],
                content_hash=content_hash,
                imported_by=imported_by,
            )
            store_claims(article, extract_claims(clean.body))
    except IntegrityError:
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None and source_url:
            # The same address imported at the same moment, its page a little
            # different (article_unique_canonical_url).
            existing = Article.objects.filter(canonical_url=canonical_url(source_url)).first()
            if existing is not None:
                return ImportOutcome(doc.name, Status.DUPLICATE, "This address was imported before.", existing)
        if existing is None:
            raise
        return ImportOutcome(doc.name, Status.DUPLICATE, "Already imported.", existing)
    return ImportOutcome(doc.name, Status.IMPORTED, "", article)


def store_claims(article: Article, extracted: list[ExtractedClaim]) -> None:
    """Create the article's claims and link each to a Speaker record, creating
    speakers and aliases that do not exist yet. Call inside a transaction."""
    speakers = resolve_speakers(extracted)
    # Two extractions can propose the same span and kind; keep the first.
    first_of_span: dict[tuple, int] = {}
    for i, item in enumerate(extracted):
        first_of_span.setdefault(_span(item), i)
    kept = list(first_of_span.values())
    rows = [_claim_row(article, extracted[i], speakers.get(i)) for i in kept]
    # Looked for before the insert, so that every candidate is another
    # article's claim.
    repeats = find_repeats(rows)
    insert_rows(Claim, rows)
    record_repeats(repeats, article_id=article.pk)
    # An interrupted quote's second part points at its first. There are a
    # few per article, so rather than asking the database for every new
    # key, the linked claims are found again by their spans, which are
    # unique within an article.
    links = [(extracted[i], extracted[extracted[i].linked_to]) for i in kept if extracted[i].linked_to is not None]
    if not links:
        return
    # Unordered: the model's order would join the article to sort by it.
    spans = article.claims.order_by().values_list("pk", "start", "end", "kind")
    keys = {(start, end, kind): pk for pk, start, end, kind in spans}
    Claim.objects.bulk_update(
        [Claim(pk=keys[_span(part)], linked_to_id=keys[_span(first)]) for part, first in links], ["linked_to"]
    )


def _span(item: ExtractedClaim) -> tuple[int, int, str]:
    return item.start, item.end, item.kind


def _claim_row(article: Article, item: ExtractedClaim, speaker_id: int | None) -> dict:
    return {
        "article_id": article.pk,
        "kind": item.kind,
        "text": item.text,
        "start": item.start,
        "end": item.end,
        "speaker_id": speaker_id,
        "speaker_as_written": fit(Claim, "speaker_as_written", item.speaker),
        "role": fit(Claim, "role", item.role),
        "cue": fit(Claim, "cue", item.cue),
        "score": item.score,
        "details": {k: v for k, v in (("numbers", item.numbers), ("marks", item.marks)) if v},
        "match_key": match_key(item.text),
    }


# Speakers known only by a description, never one record across articles.
_DESCRIBED_ONLY = (Speaker.Kind.ANONYMOUS, Speaker.Kind.COLLECTIVE)


def resolve_speakers(extracted: list[ExtractedClaim]) -> dict[int, int]:
    """Map each extracted claim (by index) to the id of its Speaker.

    Named people and organisations are looked up by every form of their name
    seen in the article, so "Stoltenberg" in one article and "Jens
    Stoltenberg" in another are one speaker. Anonymous sources ("one source")
    and unnamed groups ("officials", "the protesters") are different people
    in every article, whatever the description, so they get a record of
    their own per article and no aliases. New speakers and aliases are
    written with one insert each; call inside a transaction.
    """
    named: dict[str, tuple[str, list[str]]] = {}
    anonymous: dict[str, Speaker] = {}
    for item in extracted:
        if not item.speaker:
            continue
        if item.speaker_kind in _DESCRIBED_ONLY:
            anonymous.setdefault(item.speaker, Speaker(name=fit(Speaker, "name", item.speaker), kind=item.speaker_kind))
        else:
            _, forms = named.setdefault(item.speaker, (item.speaker_kind or Speaker.Kind.PERSON, []))
            forms.extend(m for m in (item.speaker_mentions or []) if m)
    keys = {_alias_key(form) for name, (_, forms) in named.items() for form in [name, *forms]} - {""}
    # Only the speakers' ids are needed: a Speaker holding just its primary
    # key stands for each one, so the speaker rows are not read.
    aliases = SpeakerAlias.objects.filter(key__in=keys).values_list("key", "speaker_id")
    known = {key: Speaker(pk=speaker_id) for key, speaker_id in aliases}
    by_name = _add_named_speakers(named, known)
    if anonymous:
        Speaker.objects.bulk_create(anonymous.values())

    result: dict[int, int] = {}
    for i, item in enumerate(extracted):
        if item.speaker:
            described = item.speaker_kind in _DESCRIBED_ONLY
            result[i] = (anonymous[item.speaker] if described else by_name[item.speaker]).pk
    return result


def _add_named_speakers(named: dict[str, tuple[str, list[str]]], known: dict[str, Speaker]) -> dict[str, Speaker]:
    """The speaker of each name, creating the speakers and aliases not in
    `known` (alias key to speaker)."""
    by_name, new_speakers, new_aliases = _plan_speakers(named, known)
    if not new_speakers and not new_aliases:
        return by_name
    try:
        with transaction.atomic():
            Speaker.objects.bulk_create(new_speakers)
            SpeakerAlias.objects.bulk_create(new_aliases)
        return by_name
    except IntegrityError:
        pass
    # A concurrent import added one of these names since they were looked up:
    # going name by name lets each one fall back to the record that won.
    by_name = {}
    known = dict(known)
    for name, (kind, forms) in named.items():
        speaker = known.get(_alias_key(name)) or _new_speaker(name, kind)
        for form in dict.fromkeys([name, *forms]):
            key = _alias_key(form)
            if key and key not in known:
                _add_alias(speaker, form)
                known[key] = speaker
        by_name[name] = speaker
    return by_name


def _plan_speakers(
    named: dict[str, tuple[str, list[str]]], known: dict[str, Speaker]
) -> tuple[dict[str, Speaker], list[Speaker], list[SpeakerAlias]]:
    """The speaker of each name, and the (unsaved) speakers and aliases still
    to be created. A form that two names share goes to the first of them."""
    known = dict(known)
    by_name: dict[str, Speaker] = {}
    new_speakers: list[Speaker] = []
    new_aliases: list[SpeakerAlias] = []
    for name, (kind, forms) in named.items():
        speaker = known.get(_alias_key(name))
        if speaker is None:
            speaker = Speaker(name=fit(Speaker, "name", name), kind=kind)
            new_speakers.append(speaker)
        for form in dict.fromkeys([name, *forms]):
            key = _alias_key(form)
            if key and key not in known:
                new_aliases.append(SpeakerAlias(speaker=speaker, name=fit(SpeakerAlias, "name", form), key=key))
                known[key] = speaker
        by_name[name] = speaker
    return by_name, new_speakers, new_aliases


def _alias_key(form: str) -> str:
    # Names are stored cut to the column's length; the key follows the stored name.
    return SpeakerAlias.key_for(fit(SpeakerAlias, "name", form))


def _new_speaker(name: str, kind: str) -> Speaker:
    """Create a speaker with its full-name alias. When a concurrent import
    created the same name first, use that speaker instead."""
    try:
        with transaction.atomic():
            speaker = Speaker.objects.create(name=fit(Speaker, "name", name), kind=kind)
            SpeakerAlias.objects.create(speaker=speaker, name=fit(SpeakerAlias, "name", name))
            return speaker
    except IntegrityError:
        return SpeakerAlias.objects.select_related("speaker").get(key=_alias_key(name)).speaker


def _add_alias(speaker: Speaker, form: str) -> None:
    try:
        with transaction.atomic():
            SpeakerAlias.objects.get_or_create(
                key=_alias_key(form), defaults={"speaker": speaker, "name": fit(SpeakerAlias, "name", form)}
            )
    except IntegrityError:
        pass  # taken meanwhile by a concurrent import: the first owner keeps it
