"""Reports of settled claims. Rows are built here, apart from the response,
so the same data feeds CSV, JSON, the printable report and ClaimReview."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from .models import Claim, Evidence, Note, Speaker
from .sources import assessed

CSV_COLUMNS = [
    "claim_id",
    "claim",
    "kind",
    "speaker",
    "role",
    "article",
    "article_url",
    "state",
    "verdict",
    "sources",
    "findings",
    "notes",
    "reviewer",
    "approved_by",
    "approved_at",
    "updated_at",
]


def settled_claims(article_id: int | None = None) -> QuerySet[Claim]:
    # The article's title and address only: its texts are megabytes per
    # thousand claims, and no report prints them.
    claims = (
        Claim.objects.settled()
        .select_related("article", "speaker", "assignee", "approved_by")
        .defer("article__raw_text", "article__cleaned_text")
    )
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.prefetch_related(
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("source", "added_by", "capture", "passage_by").defer(
                "capture__body", "capture__text", "source__text"
            ),
        ),
        Prefetch("notes", queryset=Note.objects.select_related("author")),
    ).order_by("article_id", "start")


# Claims read from the database per round trip when streaming: each chunk's
# sources and notes are fetched with it, so memory holds one chunk at a time.
CHUNK = 500
# The first chunk is small: the download starts once it is read.
FIRST_CHUNK = 50


def iter_records(claims: QuerySet[Claim]) -> Iterator[dict]:
    """The records of `claims` (settled_claims), read a chunk at a time in
    the order they were found (claim id: an article's claims in the order of
    the text, articles in the order imported). Each chunk is its own query
    from the last id on, served by the primary key: a server-side cursor
    would have PostgreSQL sort and hold the whole result before the first
    row when the connection autocommits."""
    last, size = 0, FIRST_CHUNK
    while True:
        chunk = list(claims.filter(pk__gt=last).order_by("pk")[:size])
        yield from (claim_record(claim) for claim in chunk)
        if len(chunk) < size:
            return
        last, size = chunk[-1].pk, CHUNK


def claim_record(claim: Claim) -> dict:
    """One claim as plain data: what every export format is made from. Each
    source carries the findings of its comparison (what the quote's changes
    do) as the lines a reader reads, and the verdict they suggested."""
    reviewers = {str(e.added_by) for e in claim.evidence.all() if e.added_by}
    reviewers |= {str(n.author) for n in claim.notes.all() if n.author}
    if claim.assignee:
        reviewers.add(str(claim.assignee))
    return {
        "claim_id": claim.pk,
        "claim": claim.text,
        "kind": claim.kind,
        "speaker": claim.speaker.name if claim.speaker else claim.speaker_as_written,
        "speaker_kind": claim.speaker.kind if claim.speaker else "",
        "role": claim.role,
        "article": claim.article.title,
        "article_id": claim.article_id,
        "article_url": claim.article.source_url,
        "state": claim.state,
        "verdict": claim.verdict,
        "sources": [_source_record(e) for e in claim.evidence.all()],
        "notes": [
            {"author": str(n.author) if n.author else "", "text": n.text, "at": n.created_at.isoformat()}
            for n in claim.notes.all()
        ],
        "reviewers": sorted(reviewers),
        "approved_by": str(claim.approved_by) if claim.approved_by else "",
        "approved_at": claim.approved_at.isoformat() if claim.approved_at else "",
        "updated_at": claim.updated_at.isoformat(),
    }


def _source_record(e: Evidence) -> dict:
    # Comparisons stored before findings existed get theirs on reading.
    match = assessed(e)
    return {
        "title": e.source.title,
        "url": e.source.url,
        "publisher": e.source.publisher,
        "kind": e.source.kind,
        "passage": e.passage,
        "locator": e.locator,
        "stance": e.stance,
        "match": str(e.match.verdict) if e.match else "",
        "passage_status": e.match_status,
        # A passage a person chose is theirs, not the matcher's: say whose.
        "passage_by": str(e.passage_by) if e.passage_by else "",
        "archive_url": e.source.archive_url,
        # Which archived copy the passage was read from, so that a
        # reader of the report can check it even if the page changes.
        "captured_at": e.capture.fetched_at.isoformat() if e.capture else "",
        "capture_sha256": e.capture.sha256 if e.capture else "",
        "findings": [f.summary() for f in match.findings or ()] if match else [],
        "source_speaker": (match.source_speaker or "") if match else "",
        "suggested_verdict": match.suggestion.verdict if match and match.suggestion else "",
    }


def to_json(records: Iterable[dict]) -> str:
    return "".join(iter_json(records))


def iter_json(records: Iterable[dict]) -> Iterator[str]:
    """{"claims": [...]} a record at a time, laid out as json.dumps(...,
    indent=2) lays out the whole."""
    yield from _json_list((_indented(json.dumps(r, ensure_ascii=False, indent=2), 4) for r in records),
                          head='{\n  "claims": ', indent=2, tail="\n}")


def _json_list(items: Iterable[str], *, head: str, indent: int, tail: str) -> Iterator[str]:
    pad = " " * indent
    first = True
    for item in items:
        yield (head + "[\n" if first else ",\n") + item
        first = False
    yield head + "[]" + tail if first else "\n" + pad + "]" + tail


def _indented(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line for line in text.split("\n"))


def _cell(value) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a
    quoted article must never be able to do that to the person opening it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _by_hand(source: dict) -> bool:
    return source["passage_status"] == "manual" and bool(source["passage_by"])


def iter_csv(records: Iterable[dict]) -> Iterator[str]:
    """CSV text a row at a time, for a streamed download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    yield _drain(out)
    for record in records:
        row = {
            **record,
            "sources": " | ".join(
                f"{s['title']} <{s['url']}>"
                + (f": “{s['passage']}”" if s["passage"] else "")
                + (f" (marked by hand by {s['passage_by']})" if _by_hand(s) else "")
                for s in record["sources"]
            ),
            "findings": " | ".join(
                f"{s['title']}: " + "; ".join(s["findings"]) for s in record["sources"] if s["findings"]
            ),
            "notes": " | ".join(f"{n['author']}: {n['text']}" for n in record["notes"]),
            "reviewer": ", ".join(record["reviewers"]),
        }
        writer.writerow({k: _cell(row.get(k)) for k in CSV_COLUMNS})
        yield _drain(out)


def to_csv(records: Iterable[dict]) -> str:
    return "".join(iter_csv(records))


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


# ClaimReview's numeric scale (1 worst, 5 best), as fact-checkers publishing
# to search engines use it; the verdict's own words go in alternateName.
# "Unverifiable" has no place on the scale and gets no number.
RATINGS = {
    Claim.Verdict.ACCURATE: 5,
    Claim.Verdict.ACCURATE_CONTEXT: 4,
    Claim.Verdict.MISQUOTED: 2,
    Claim.Verdict.MISATTRIBUTED: 2,
    Claim.Verdict.INACCURATE: 1,
}


def to_claim_review(records: Iterable[dict], *, organisation: str) -> str:
    """schema.org ClaimReview objects (JSON-LD), one per settled claim."""
    return "".join(iter_claim_review(records, organisation=organisation))


def iter_claim_review(records: Iterable[dict], *, organisation: str) -> Iterator[str]:
    """The ClaimReview list a review at a time, laid out as json.dumps(...,
    indent=2) lays out the whole."""
    reviews = (_indented(json.dumps(claim_review(r, organisation=organisation), ensure_ascii=False, indent=2), 2)
               for r in records)
    yield from _json_list(reviews, head="", indent=0, tail="")


def claim_review(record: dict, *, organisation: str) -> dict:
    """One settled claim as a schema.org ClaimReview."""
    verdict = Claim.Verdict(record["verdict"])
    rating = {"@type": "Rating", "alternateName": verdict.label}
    if verdict in RATINGS:
        rating.update(ratingValue=RATINGS[verdict], bestRating=5, worstRating=1)
    appearance = {"@type": "CreativeWork", "headline": record["article"]}
    if record["article_url"]:
        appearance["url"] = record["article_url"]
    item = {"@type": "Claim", "appearance": appearance}
    if record["speaker"]:
        item["author"] = {"@type": "Person" if record["speaker_kind"] == Speaker.Kind.PERSON else "Organization",
                          "name": record["speaker"]}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": record["claim"],
        "datePublished": (record["approved_at"] or record["updated_at"])[:10],
        "author": {"@type": "Organization", "name": organisation},
        "itemReviewed": item,
        "reviewRating": rating,
    }
    body = review_body(record)
    if body:
        review["reviewBody"] = body
    return review


def review_body(record: dict) -> str:
    """What the comparison with each source found, as ClaimReview's
    reviewBody: one sentence per finding, after the source's title."""
    parts = []
    for source in record["sources"]:
        if source["findings"]:
            parts.append(f"Compared with “{source['title']}”: " + " ".join(f"{f}." for f in source["findings"]))
    return " ".join(parts)
