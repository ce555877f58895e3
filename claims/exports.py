"""Reports of settled claims. Rows are built here, apart from the response,
so the same data feeds CSV, JSON, the printable and PDF reports, the public
page and ClaimReview.

Every value a person reads is in words: a verdict, kind, state or stance by
its label ("accurate, needs context", "partial quote"); the JSON and CSV
keep each code beside it under `<name>_code`, for programs. Internal notes
go only into the internal CSV and JSON (`internal_notes`); the reports, the
public page and ClaimReview are read outside the newsroom and never carry
them (see report_record and public_record)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from .matching import Verdict as MatchVerdict
from .models import Claim, Evidence, Note, Source, Speaker
from .punctuation import bare_quote
from .readers.base import web_url
from .sources import assessed, is_primary

CSV_COLUMNS = [
    "claim_id",
    "claim",
    "claim_as_printed",
    "kind",
    "speaker",
    "role",
    "article",
    "article_byline",
    "article_publisher",
    "article_date",
    "article_url",
    "state",
    "verdict",
    "verdict_code",
    "rationale",
    "sources",
    "findings",
    "internal_notes",
    "reviewer",
    "approved_by",
    "approved_at",
    "published_at",
    "public_url",
    "updated_at",
]


def label(choices, code: str) -> str:
    """A stored code in words, by its choices' label (a model's TextChoices,
    or the comparison's verdicts): "accurate_context" is "accurate, needs
    context", "verbatim" is "word for word". A code the choices do not know
    (a row written by an older version) is shown with its underscores as
    spaces rather than failing the whole report."""
    if not code:
        return ""
    try:
        return choices(code).label
    except ValueError:
        return str(code).replace("_", " ")


def settled_claims(article_id: int | None = None, *, claim_ids: Iterable[int] = (),
                   published_only: bool = False) -> QuerySet[Claim]:
    """The settled claims a report holds: of one article, of a selection of
    claims, or all; only the published ones for what goes out as
    ClaimReview."""
    # The article's title, byline and address only: its texts are megabytes
    # per thousand claims, and no report prints them.
    claims = (
        Claim.objects.settled()
        .select_related("article", "speaker", "assignee", "approved_by")
        .defer("article__raw_text", "article__cleaned_text", "article__dropped_lines")
    )
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    claim_ids = list(claim_ids)
    if claim_ids:
        claims = claims.filter(pk__in=claim_ids)
    if published_only:
        claims = claims.filter(published_at__isnull=False)
    return claims.prefetch_related(
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("source", "added_by", "capture", "passage_by").defer(
                "capture__body", "capture__text", "source__text", "source__pages"
            ),
        ),
        Prefetch("notes", queryset=Note.objects.select_related("author")),
    ).order_by("article_id", "start")


# Claims read from the database per round trip when streaming: each chunk's
# sources and notes are fetched with it, so memory holds one chunk at a time.
CHUNK = 500
# The first chunk is small: the download starts once it is read.
FIRST_CHUNK = 50


def iter_records(claims: QuerySet[Claim], *, site_url: str = "") -> Iterator[dict]:
    """The records of `claims` (settled_claims), read a chunk at a time in
    the order they were found (claim id: an article's claims in the order of
    the text, articles in the order imported). Each chunk is its own query
    from the last id on, served by the primary key: a server-side cursor
    would have PostgreSQL sort and hold the whole result before the first
    row when the connection autocommits. `site_url` (the site's address,
    "https://factcheck.example.org") makes public pages' addresses whole."""
    last, size = 0, FIRST_CHUNK
    while True:
        chunk = list(claims.filter(pk__gt=last).order_by("pk")[:size])
        yield from (claim_record(claim, site_url=site_url) for claim in chunk)
        if len(chunk) < size:
            return
        last, size = chunk[-1].pk, CHUNK


def claim_record(claim: Claim, *, site_url: str = "") -> dict:
    """One claim as plain data: what every export format is made from. Each
    source carries the findings of its comparison (what the quote's changes
    do) as the lines a reader reads, and the verdict they suggested."""
    reviewers = {str(e.added_by) for e in claim.evidence.all() if e.added_by}
    reviewers |= {str(n.author) for n in claim.notes.all() if n.author}
    if claim.assignee:
        reviewers.add(str(claim.assignee))
    article = claim.article
    speaker_kind = claim.speaker.kind if claim.speaker else ""
    return {
        "claim_id": claim.pk,
        # The words said, without the comma or quote marks that joined them
        # to the article's sentence; the span as printed beside them.
        "claim": bare_quote(claim.text),
        "claim_as_printed": claim.text,
        "kind": label(Claim.Kind, claim.kind),
        "kind_code": claim.kind,
        "speaker": claim.speaker.name if claim.speaker else claim.speaker_as_written,
        "speaker_kind": label(Speaker.Kind, speaker_kind),
        "speaker_kind_code": speaker_kind,
        "role": claim.role,
        "article": article.title,
        "article_id": claim.article_id,
        "article_byline": article.authors,
        "article_publisher": article.publisher,
        "article_date": article.published_on.isoformat() if article.published_on else "",
        "article_url": web_url(article.source_url) or web_url(article.canonical_url),
        "state": label(Claim.State, claim.state),
        "state_code": claim.state,
        "verdict": label(Claim.Verdict, claim.verdict),
        "verdict_code": claim.verdict,
        "rationale": claim.rationale,
        "sources": [_source_record(e) for e in claim.evidence.all()],
        "internal_notes": [
            {"author": str(n.author) if n.author else "", "text": n.text, "at": n.created_at.isoformat()}
            for n in claim.notes.all()
        ],
        "reviewers": sorted(reviewers),
        "approved_by": str(claim.approved_by) if claim.approved_by else "",
        "approved_at": claim.approved_at.isoformat() if claim.approved_at else "",
        "published_at": claim.published_at.isoformat() if claim.published_at else "",
        "public_url": site_url.rstrip("/") + public_path(claim) if claim.is_published else "",
        "updated_at": claim.updated_at.isoformat(),
    }


def public_path(claim: Claim) -> str:
    """Where the claim's public page is (whether or not it shows now)."""
    return reverse("claims:public-claim", args=[claim.public_id]) if claim.public_id else ""


# Kept inside the newsroom: the reports leave them out.
INTERNAL_KEYS = frozenset({"internal_notes", "reviewers"})


def report_record(record: dict) -> dict:
    """`record` as the reports (printable page and PDF) print it: without
    internal notes. The editor who approved the verdict and whoever chose a
    passage by hand are named, as a report's byline names its authors."""
    return {k: v for k, v in record.items() if k not in INTERNAL_KEYS}


# What a record may show on the public page, to anyone: no notes, and no
# names of the people who worked on the claim.
PUBLIC_KEYS = frozenset({
    "claim_id", "claim", "claim_as_printed", "kind", "kind_code", "speaker", "speaker_kind", "speaker_kind_code",
    "role", "article", "article_id", "article_byline", "article_publisher", "article_date", "article_url",
    "verdict", "verdict_code", "rationale", "sources", "approved_at", "published_at", "public_url",
})
PUBLIC_SOURCE_KEYS = frozenset({
    "title", "url", "publisher", "published_on", "kind", "kind_code", "primary", "passage", "locator", "stance",
    "stance_code", "match", "match_code", "archive_url", "captured_at", "capture_sha256", "findings",
    "source_speaker", "diff", "context_before", "context_after",
})


def public_record(record: dict) -> dict:
    """`record` with only what may be published: no internal notes, no
    reviewers' names, no workflow state."""
    public = {k: v for k, v in record.items() if k in PUBLIC_KEYS}
    public["sources"] = [{k: v for k, v in s.items() if k in PUBLIC_SOURCE_KEYS} for s in record["sources"]]
    return public


def _source_record(e: Evidence) -> dict:
    # Comparisons stored before findings existed get theirs on reading.
    match = assessed(e)
    suggested = match.suggestion.verdict if match and match.suggestion else ""
    match_code = str(match.verdict) if match else ""
    return {
        "title": e.source.title,
        "url": web_url(e.source.url),
        "publisher": e.source.publisher,
        "published_on": e.source.published_on.isoformat() if e.source.published_on else "",
        "kind": label(Source.Kind, e.source.kind),
        "kind_code": e.source.kind,
        # Where the words were said, not a report of them: the claim's
        # first appearance in ClaimReview.
        "primary": is_primary(e.source),
        "passage": e.passage,
        "locator": e.locator,
        "stance": label(Evidence.Stance, e.stance),
        "stance_code": e.stance,
        "match": label(MatchVerdict, match_code),
        "match_code": match_code,
        "passage_status": label(Evidence.MatchStatus, e.match_status),
        "passage_status_code": e.match_status,
        # A passage a person chose is theirs, not the matcher's: say whose.
        "passage_by": str(e.passage_by) if e.passage_by else "",
        "archive_url": web_url(e.source.archive_url),
        # Which archived copy the passage was read from, so that a
        # reader of the report can check it even if the page changes.
        "captured_at": e.capture.fetched_at.isoformat() if e.capture else "",
        "capture_sha256": e.capture.sha256 if e.capture else "",
        "findings": [f.summary() for f in match.findings or ()] if match else [],
        "source_speaker": (match.source_speaker or "") if match else "",
        "suggested_verdict": label(Claim.Verdict, suggested),
        "suggested_verdict_code": suggested,
        # The word-by-word comparison the reports draw: "equal", "insert"
        # (in the quote only), "delete" (in the source only) or "replace".
        "diff": [op.to_dict() for op in match.diff] if match and match.found else [],
        # The source's words around the passage: where a sentence the quote
        # cut goes on.
        "context_before": match.context_before if match and match.found else "",
        "context_after": match.context_after if match and match.found else "",
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
    return source["passage_status_code"] == Evidence.MatchStatus.MANUAL and bool(source["passage_by"])


def _source_cell(source: dict) -> str:
    how = ", ".join(filter(None, [source["stance"], source["match"]]))
    archived = f"archived {source['captured_at'][:10]}, SHA-256 {source['capture_sha256']}"
    return (
        f"{source['title']} <{source['url']}>"
        + (f" ({how})" if how else "")
        + (f" {archived}" if source["captured_at"] else "")
        + (f": “{source['passage']}”" if source["passage"] else "")
        + (f" (marked by hand by {source['passage_by']})" if _by_hand(source) else "")
    )


def iter_csv(records: Iterable[dict]) -> Iterator[str]:
    """CSV text a row at a time, for a streamed download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    yield _drain(out)
    for record in records:
        row = {
            **record,
            "sources": " | ".join(_source_cell(s) for s in record["sources"]),
            "findings": " | ".join(
                f"{s['title']}: " + "; ".join(s["findings"]) for s in record["sources"] if s["findings"]
            ),
            "internal_notes": " | ".join(f"{n['author']}: {n['text']}" for n in record["internal_notes"]),
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
BEST_RATING, WORST_RATING = 5, 1

# Who a speaker is to schema.org: a person (named, or an unnamed official),
# or a body speaking as one (a ministry, "officials", "critics").
PERSON_KINDS = frozenset({Speaker.Kind.PERSON, Speaker.Kind.ANONYMOUS})


def to_claim_review(records: Iterable[dict], *, author: dict) -> str:
    """schema.org ClaimReview objects (JSON-LD), one per published claim."""
    return "".join(iter_claim_review(records, author=author))


def iter_claim_review(records: Iterable[dict], *, author: dict) -> Iterator[str]:
    """The ClaimReview list a review at a time, laid out as json.dumps(...,
    indent=2) lays out the whole."""
    reviews = (_indented(json.dumps(claim_review(r, author=author), ensure_ascii=False, indent=2), 2)
               for r in records)
    yield from _json_list(reviews, head="", indent=0, tail="")


def organisation(name: str, url: str) -> dict:
    """The newsroom as ClaimReview's author."""
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def claim_review(record: dict, *, author: dict) -> dict:
    """One published claim as a schema.org ClaimReview, with the properties
    Google's fact-check markup requires (url, claimReviewed, reviewRating
    with alternateName) and those it recommends where the claim has them
    (tests/claimreview.schema.json holds both). `author` is the newsroom
    (see organisation)."""
    verdict = Claim.Verdict(record["verdict_code"])
    rating = {"@type": "Rating", "name": verdict.label, "alternateName": verdict.label}
    if verdict in RATINGS:
        rating.update(ratingValue=RATINGS[verdict], bestRating=BEST_RATING, worstRating=WORST_RATING)
    item = {"@type": "Claim", "appearance": _appearance(record)}
    if record["speaker"]:
        item["author"] = _speaker(record)
    if record["article_date"]:
        # When the claim entered public discourse, as far as we know: the
        # day the article printed it.
        item["datePublished"] = record["article_date"]
    original = next((s for s in record["sources"] if s["primary"]), None)
    if original is not None:
        item["firstAppearance"] = _work(original)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": record["public_url"],
        "claimReviewed": record["claim"],
        "datePublished": (record["published_at"] or record["approved_at"] or record.get("updated_at", ""))[:10],
        "author": author,
        "itemReviewed": item,
        "reviewRating": rating,
    }
    if record["rationale"]:
        review["reviewBody"] = record["rationale"]
    if not review["url"]:
        del review["url"]
    return review


def _speaker(record: dict) -> dict:
    if record["speaker_kind_code"] in PERSON_KINDS or not record["speaker_kind_code"]:
        person = {"@type": "Person", "name": record["speaker"]}
        if record["role"]:
            person["jobTitle"] = record["role"]
        return person
    return {"@type": "Organization", "name": record["speaker"]}


def _appearance(record: dict) -> dict:
    """The article that printed the claim."""
    work = {"@type": "CreativeWork", "headline": record["article"]}
    if record["article_url"]:
        work["url"] = record["article_url"]
    if record["article_date"]:
        work["datePublished"] = record["article_date"]
    names = [name.strip() for name in record["article_byline"].split(",") if name.strip()]
    if names:
        people = [{"@type": "Person", "name": name} for name in names]
        work["author"] = people[0] if len(people) == 1 else people
    elif record["article_publisher"]:
        work["author"] = {"@type": "Organization", "name": record["article_publisher"]}
    if record["article_publisher"]:
        work["publisher"] = {"@type": "Organization", "name": record["article_publisher"]}
    return work


def _work(source: dict) -> dict:
    """A source as the work where the claim's words first appeared."""
    work = {"@type": "CreativeWork", "name": source["title"]}
    url = source["url"] or source["archive_url"]
    if url:
        work["url"] = url
    if source["published_on"]:
        work["datePublished"] = source["published_on"]
    return work
