"""Importing articles: readers and cleaning turn input into a clean body,
extraction finds the claims, and this module stores both in one transaction.

Every entry point returns one `ImportOutcome` per item (a file, a zip member,
a pasted text, a URL), so that a batch reports each item and one bad file
never stops the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from .canonical import canonical_url
from .cleaning import CleanArticle, clean_article
from .extraction import ExtractedClaim, extract_claims
from .fetching import FetchError
from .net import fetch_url
from .models import Article, Claim, Speaker, SpeakerAlias
from .readers import RawDocument, RejectedInput, read_html, read_many

IMPORTABLE_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf", ".docx", ".zip"}


class Status:
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass
class ImportOutcome:
    name: str
    status: str
    reason: str = ""
    article: Article | None = None
    extra: dict = field(default_factory=dict)

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
        }


def import_document(doc: RawDocument, *, imported_by=None, source_url: str = "") -> ImportOutcome:
    """Clean, extract and store one document. Writes one Article and its
    Claims (and any new Speakers) in a single transaction, or nothing."""
    clean = clean_article(doc.text, fmt=doc.fmt, metadata=doc.metadata)
    if not clean.body.strip():
        return ImportOutcome(doc.name, Status.FAILED, "No article text was found in this file.")
    url = source_url or doc.metadata.get("url") or ""
    return _store(doc, clean, imported_by=imported_by, source_url=url)


def import_text(*, text: str, name: str = "pasted text", imported_by=None, title: str = "") -> ImportOutcome:
    """Import pasted text (Markdown or plain; HTML when it looks like HTML)."""
    stripped = text.lstrip()
    if stripped[:1] == "<" and ("</p>" in text.lower() or "<html" in text.lower() or "</div>" in text.lower()):
        try:
            doc = read_html(text)
        except RejectedInput as exc:
            return ImportOutcome(name, Status.FAILED, str(exc))
    else:
        doc = RawDocument(name=name, text=text, fmt="markdown", raw=text, metadata={}, pages=None)
    if title:
        doc.metadata = {**doc.metadata, "title": title}
    return import_document(doc, imported_by=imported_by)


def import_upload(*, name: str, data: bytes, imported_by=None) -> list[ImportOutcome]:
    """Import one uploaded file; a zip gives one outcome per member."""
    return list(_import_items(read_many(name, data, **_read_limits()), imported_by=imported_by))


def import_paths(paths: Iterable[str | Path], *, imported_by=None) -> Iterator[ImportOutcome]:
    """Import files, folders (recursively) and zips from the file system."""
    for path in _expand_paths(paths):
        if isinstance(path, ImportOutcome):
            yield path
            continue
        try:
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_BYTES:
                raise RejectedInput(
                    f"The file is {size:,} bytes, over the {settings.IMPORT_MAX_BYTES:,}-byte limit.", code="too_large"
                )
            data = path.read_bytes()
        except RejectedInput as exc:
            yield ImportOutcome(str(path), Status.FAILED, str(exc))
            continue
        except OSError as exc:
            yield ImportOutcome(str(path), Status.FAILED, f"Could not read the file: {exc.strerror or exc}.")
            continue
        yield from _import_items(read_many(str(path), data, **_read_limits()), imported_by=imported_by)


def import_url(url: str, *, imported_by=None) -> ImportOutcome:
    """Fetch a web page through the guarded fetcher and import it. The page is
    kept as received in the article's raw text."""
    canonical = canonical_url(url)
    existing = Article.objects.filter(canonical_url=canonical).first()
    if existing:
        return ImportOutcome(url, Status.DUPLICATE, "This address was imported before.", existing)
    try:
        result = fetch_url(url)
    except FetchError as exc:
        return ImportOutcome(url, Status.FAILED, str(exc))
    outcomes = list(_import_items(read_many(_name_for_url(result), result.body, **_read_limits())))
    outcome = outcomes[0]
    if outcome.article and outcome.status == Status.IMPORTED:
        Article.objects.filter(pk=outcome.article.pk).update(source_url=url, canonical_url=canonical)
        outcome.article.refresh_from_db()
    outcome.name = url
    return outcome


def _name_for_url(result) -> str:
    suffix = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(result.content_type, ".html")
    if "wordprocessingml" in result.content_type:
        suffix = ".docx"
    return f"download{suffix}"


def _read_limits() -> dict:
    return {"max_bytes": settings.IMPORT_MAX_BYTES, "max_members": settings.IMPORT_MAX_ZIP_MEMBERS}


def _import_items(items, *, imported_by=None) -> Iterator[ImportOutcome]:
    for item in items:
        if isinstance(item, RejectedInput):
            yield ImportOutcome(getattr(item, "name", "") or "file", Status.FAILED, str(item))
            continue
        try:
            yield import_document(item, imported_by=imported_by)
        except RejectedInput as exc:
            yield ImportOutcome(item.name, Status.FAILED, str(exc))


def _expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | ImportOutcome]:
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


def _store(doc: RawDocument, clean: CleanArticle, *, imported_by, source_url: str) -> ImportOutcome:
    content_hash = Article.hash_text(clean.body)
    if Article.objects.filter(content_hash=content_hash).exists():
        existing = Article.objects.get(content_hash=content_hash)
        return ImportOutcome(doc.name, Status.DUPLICATE, "Already imported.", existing)
    extracted = extract_claims(clean.body)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=(clean.title or doc.metadata.get("title") or Path(doc.name).stem)[:500],
                authors=", ".join(clean.authors)[:500],
                published_on=clean.published if isinstance(clean.published, datetime.date) else None,
                publisher=(doc.metadata.get("site") or "")[:200],
                source_url=source_url[:2000],
                canonical_url=canonical_url(source_url) if source_url else "",
                filename=doc.name[:500],
                language=clean.language,
                direction=clean.direction,
                raw_text=doc.raw,
                cleaned_text=clean.body,
                dropped_lines=[{"line": d.line, "rule": d.rule} for d in clean.dropped],
                content_hash=content_hash,
                imported_by=imported_by,
            )
            store_claims(article, extracted)
    except IntegrityError:
        # Another import of the same text won the race: report it, store nothing.
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None:
            raise
        return ImportOutcome(doc.name, Status.DUPLICATE, "Already imported.", existing)
    return ImportOutcome(doc.name, Status.IMPORTED, "", article)


def store_claims(article: Article, extracted: list[ExtractedClaim]) -> list[Claim]:
    """Create the article's claims and link each to a Speaker record, creating
    speakers and aliases that do not exist yet. Call inside a transaction."""
    speakers = resolve_speakers(extracted)
    claims = [
        Claim(
            article=article,
            kind=item.kind,
            text=item.text,
            start=item.start,
            end=item.end,
            speaker=speakers.get(i),
            speaker_as_written=(item.speaker or "")[:300],
            role=(item.role or "")[:300],
            cue=(item.cue or "")[:200],
            score=item.score,
            details={k: v for k, v in (("numbers", item.numbers), ("marks", item.marks)) if v},
        )
        for i, item in enumerate(extracted)
    ]
    # Two extractions can propose the same span and kind; keep the first.
    seen: set[tuple] = set()
    unique: list[tuple[int, Claim]] = []
    for i, claim in enumerate(claims):
        key = (claim.start, claim.end, claim.kind)
        if key not in seen:
            seen.add(key)
            unique.append((i, claim))
    created = Claim.objects.bulk_create([c for _, c in unique])
    by_index = {i: c for (i, _), c in zip(unique, created)}
    linked = []
    for i, item in enumerate(extracted):
        if item.linked_to is not None and i in by_index and item.linked_to in by_index:
            by_index[i].linked_to = by_index[item.linked_to]
            linked.append(by_index[i])
    if linked:
        Claim.objects.bulk_update(linked, ["linked_to"])
    return created


def resolve_speakers(extracted: list[ExtractedClaim]) -> dict[int, Speaker]:
    """Map each extracted claim (by index) to a Speaker.

    Named people and organisations are looked up by every form of their name
    seen in the article, so "Stoltenberg" in one article and "Jens
    Stoltenberg" in another are one speaker. Anonymous sources ("one source")
    are distinct people in every article, so they get a record of their own
    per article and no aliases.
    """
    names: dict[str, tuple[str, list[str]]] = {}
    for item in extracted:
        if item.speaker and item.speaker_kind != Speaker.Kind.ANONYMOUS:
            kind = item.speaker_kind or Speaker.Kind.PERSON
            _, forms = names.setdefault(item.speaker, (kind, []))
            forms.extend(m for m in (item.speaker_mentions or []) if m)
    all_keys = {SpeakerAlias.key_for(f) for name, (_, forms) in names.items() for f in [name, *forms]}
    known = {a.key: a.speaker for a in SpeakerAlias.objects.filter(key__in=all_keys).select_related("speaker")}

    by_name: dict[str, Speaker] = {}
    for name, (kind, forms) in names.items():
        speaker = known.get(SpeakerAlias.key_for(name)) or _new_speaker(name, kind)
        for form in dict.fromkeys([name, *forms]):
            key = SpeakerAlias.key_for(form)
            if key and key not in known:
                _add_alias(speaker, form)
                known[key] = speaker
        by_name[name] = speaker

    anonymous: dict[str, Speaker] = {}
    result: dict[int, Speaker] = {}
    for i, item in enumerate(extracted):
        if not item.speaker:
            continue
        if item.speaker_kind == Speaker.Kind.ANONYMOUS:
            if item.speaker not in anonymous:
                anonymous[item.speaker] = Speaker.objects.create(
                    name=item.speaker[:300], kind=Speaker.Kind.ANONYMOUS
                )
            result[i] = anonymous[item.speaker]
        else:
            result[i] = by_name[item.speaker]
    return result


def _new_speaker(name: str, kind: str) -> Speaker:
    """Create a speaker with its full-name alias. When a concurrent import
    created the same name first, use that speaker instead."""
    try:
        with transaction.atomic():
            speaker = Speaker.objects.create(name=name[:300], kind=kind)
            SpeakerAlias.objects.create(speaker=speaker, name=name[:300])
            return speaker
    except IntegrityError:
        return SpeakerAlias.objects.select_related("speaker").get(key=SpeakerAlias.key_for(name[:300])).speaker


def _add_alias(speaker: Speaker, form: str) -> None:
    try:
        with transaction.atomic():
            SpeakerAlias.objects.get_or_create(key=SpeakerAlias.key_for(form[:300]), defaults={"speaker": speaker, "name": form[:300]})
    except IntegrityError:
        pass  # taken meanwhile by a concurrent import: the first owner keeps it
