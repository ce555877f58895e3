"""Archiving web sources: each fetch becomes a Capture that never changes,
and the evidence citing the source is checked against the new text."""

from __future__ import annotations

import hashlib

from ..fetching import FetchError
from ..matching import MatchResult, SourceIndex
from ..models import Capture, Evidence, Source, fit
from ..net import fetch_url
from ..readers import RejectedInput, name_for_download, read_many
from .library import schedule_indexing


def capture_source(*, source: Source) -> Capture:
    """Fetch the source's address through the guarded fetcher and archive
    what came back as a new Capture (also when the fetch failed: a page that
    disappeared is a finding). Then re-check the evidence citing the source
    against the new text. Returns the capture."""
    try:
        result = fetch_url(source.url)
    except FetchError as exc:
        capture = Capture.objects.create(source=source, requested_url=source.url, error=str(exc))
        recheck_evidence(capture=capture)
        return capture
    text, error = "", ""
    name = name_for_download(result.content_type)
    item = next(iter(read_many(name, result.body, encoding=result.charset)), None)
    if isinstance(item, RejectedInput):
        error = f"Fetched, but no text could be read: {item}"
    elif item is not None:
        text = item.text
    capture = Capture.objects.create(
        source=source,
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
    if capture.ok and text and not source.text:
        schedule_indexing(source=source)  # the newest capture is what the library search reads
    recheck_evidence(capture=capture)
    return capture


def recheck_evidence(*, capture: Capture) -> list[Evidence]:
    """Compare every quote citing this capture's source with the new text.
    Evidence that had no passage yet (the page was still being fetched when
    it was linked) gets its passage from this capture; evidence whose
    passage is no longer there is flagged. Returns the flagged evidence."""
    flagged = []
    # Indexed once for all the quotes that cite the source.
    index = SourceIndex(capture.text) if capture.ok else None
    for evidence in Evidence.objects.filter(source=capture.source).select_related("claim"):
        if index is None:
            flag = f"The page could not be fetched on {capture.fetched_at:%Y-%m-%d}: {capture.error or capture.status_code}"
        elif not evidence.match and not evidence.passage and not capture.source.text:
            _fill_from_capture(evidence, capture, index.match(evidence.claim.text))
            flag = ""
        else:
            result = index.match(evidence.claim.text)
            before = evidence.match.verdict if evidence.match else None
            flag = ""
            if not result.found or (before and result.verdict != before):
                flag = (
                    f"The capture of {capture.fetched_at:%Y-%m-%d} compares as {result.verdict}"
                    + (f" (was {before})." if before else ".")
                )
        if flag != evidence.flag:
            evidence.flag = fit(Evidence, "flag", flag)
            evidence.save(update_fields=["flag"])
        if flag:
            flagged.append(evidence)
    return flagged


def _fill_from_capture(evidence: Evidence, capture: Capture, result: MatchResult) -> None:
    evidence.capture = capture
    evidence.match = result
    if result.start is not None:
        evidence.passage = result.passage
        evidence.passage_start, evidence.passage_end = result.start, result.end
        evidence.match_status = Evidence.MatchStatus.AUTO
    evidence.save(update_fields=["capture", "match", "passage", "passage_start", "passage_end", "match_status"])
