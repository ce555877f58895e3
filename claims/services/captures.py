"""Archiving web sources: each fetch becomes a Capture that never changes,
and the evidence citing the source is checked against the new text."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..fetching import FetchError
from ..indexes import index_for
from ..matching import MatchResult
from ..models import Capture, Evidence, Source, fit
from ..net import fetch_url
from ..readers import RejectedInput, name_for_download, read_many
from ..sources import assess_comparison
from .library import schedule_indexing


def captures_left(source: Source) -> int:
    """How many more captures of `source` may be stored this hour
    (settings.CAPTURES_PER_SOURCE_PER_HOUR): every capture is kept for
    ever, so repeated clicks must not pile them up."""
    since = timezone.now() - datetime.timedelta(hours=1)
    return max(settings.CAPTURES_PER_SOURCE_PER_HOUR - source.captures.filter(fetched_at__gte=since).count(), 0)


def capture_source(*, source: Source) -> Capture | None:
    """Fetch the source's address through the guarded fetcher and archive
    what came back as a new Capture (also when the fetch failed: a page that
    disappeared is a finding). Then re-check the evidence citing the source
    against the new text. Returns the capture, or None, storing and
    fetching nothing, when the source has had its captures for this hour
    (captures_left); the count is taken again with the source's row locked
    just before storing, so requests at once cannot pass it together."""
    if not captures_left(source):
        return None
    try:
        result = fetch_url(source.url)
    except FetchError as exc:
        capture = _store(source, requested_url=source.url, error=str(exc))
        if capture:
            recheck_evidence(capture=capture)
        return capture
    text, error = "", ""
    name = name_for_download(result.content_type)
    item = next(iter(read_many(name, result.body, encoding=result.charset)), None)
    if isinstance(item, RejectedInput):
        error = f"Fetched, but no text could be read: {item}"
    elif item is not None:
        text = item.text
    capture = _store(
        source,
        requested_url=source.url,
        final_url=result.final_url,
        fetched_at=result.fetched_at,
        status_code=result.status,
        content_type=result.content_type,
        body=result.body,
        sha256=result.sha256,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest() if text else "",
        error=error,
    )
    if capture is None:
        return None
    if capture.ok and text and not source.text:
        schedule_indexing(source=source)  # the newest capture is what the library search reads
    recheck_evidence(capture=capture)
    return capture


def _store(source: Source, **fields) -> Capture | None:
    with transaction.atomic():
        # Serialises the count and the insert per source (on SQLite the
        # IMMEDIATE transaction does, for the whole database).
        Source.objects.select_for_update().filter(pk=source.pk).first()
        if not captures_left(source):
            return None
        return Capture.objects.create(source=source, **fields)


def recheck_evidence(*, capture: Capture) -> list[Evidence]:
    """Compare every quote citing this capture's source with the new text,
    findings included. Evidence that had no passage yet (the page was still
    being fetched when it was linked) gets its passage and findings from
    this capture; evidence whose passage is no longer there, or whose
    findings now suggest another verdict, is flagged. Returns the flagged
    evidence.

    A capture that failed changes no evidence: the text stored before is
    still what the quote is compared with, and the pages say the fetch
    failed from the captures themselves (templatetags.fetches)."""
    if not capture.ok:
        return []
    flagged = []
    source = capture.source
    # Indexed once for all the quotes that cite the source.
    index = index_for(capture.text)
    for evidence in Evidence.objects.filter(source=source).select_related("claim__article", "claim__speaker"):
        result = assess_comparison(
            index.match(evidence.claim.text), claim=evidence.claim, source=source, text=capture.text
        )
        waiting = not evidence.match and not evidence.passage and not source.text
        if waiting and evidence.claim.approved_by_id:
            # An approved claim is frozen (review.reopen_approved): the
            # archive does not change what its report shows, it says so.
            flag = (
                f"The capture of {capture.fetched_at:%Y-%m-%d} compares as {result.verdict}; "
                "the claim is approved, so its passage was not filled in."
            )
        elif waiting:
            _fill_from_capture(evidence, capture, result)
            flag = ""
        else:
            flag = _recheck_flag(evidence.match, result, capture)
        if flag != evidence.flag:
            evidence.flag = fit(Evidence, "flag", flag)
            evidence.save(update_fields=["flag"])
        if flag:
            flagged.append(evidence)
    return flagged


def _recheck_flag(before: MatchResult | None, now: MatchResult, capture: Capture) -> str:
    """What a reviewer should know about the new capture: the quote is not
    in it, it compares otherwise, or its findings suggest another verdict."""
    day = f"{capture.fetched_at:%Y-%m-%d}"
    if not now.found or (before and now.verdict != before.verdict):
        return f"The capture of {day} compares as {now.verdict}" + (f" (was {before.verdict})." if before else ".")
    was = before.suggestion if before and before.assessed else None
    if was and now.suggestion and now.suggestion.verdict != was.verdict:
        return f"The capture of {day} suggests {now.suggestion.verdict} (was {was.verdict}): {now.suggestion.reason}"
    return ""


def _fill_from_capture(evidence: Evidence, capture: Capture, result: MatchResult) -> None:
    evidence.capture = capture
    evidence.match = result
    if result.start is not None:
        evidence.passage = result.passage
        evidence.passage_start, evidence.passage_end = result.start, result.end
        evidence.match_status = Evidence.MatchStatus.AUTO
    evidence.save(update_fields=["capture", "match", "passage", "passage_start", "passage_end", "match_status"])
