"""Evidence: linking a claim to a source, choosing where in the source the
quote comes from, and recording each choice in the claim's history."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..matching import MatchResult
from ..models import Claim, Evidence, Source
from ..sources import (
    assess_comparison,
    assessed,
    compare_passage,
    compare_with_source,
    evidence_text,
    find_passage,
    occurrences,
    page_of,
    text_to_compare,
)
from .library import create_source
from .review import record, reopen_approved

NO_NEW_SOURCES = "You may link sources from the library, but not add new ones."
NOTHING_TO_ACCEPT = "There is no automatic match to accept: pick an occurrence or mark the passage by hand."
NOT_AN_OCCURRENCE = "That occurrence is not in the source text."
NOT_IN_SOURCE = "These words are not in the source text as written; copy them from the text below."


class PassageRefused(ValueError):
    """The passage a reviewer chose cannot be used; the message says why."""


def link_source(
    *,
    claim: Claim,
    by,
    via: str,
    source: Source | None = None,
    new_source: dict | None = None,
    passage: str = "",
    locator: str = "",
    stance: str = Evidence.Stance.SUPPORTS,
) -> Evidence:
    """Link a claim to a library `source`, or to a new source described by
    `new_source` (the fields of library.create_source, a document
    included), and record the link in the claim's history.

    The passage is the reviewer's when given (located in the source text
    when its words are there), else the best match of the quote in the
    source text; the comparison with its findings and suggested verdict,
    its status and, for paged documents, the page go with it. Raises
    PermissionDenied when `by` may not add sources and RejectedInput when a
    new document cannot be read; in both cases nothing is written. On an
    approved claim, see review.reopen_approved (ReviewRefused for a
    non-editor, else the claim goes back for approval)."""
    if source is None and not by.has_perm("claims.add_source"):
        raise PermissionDenied(NO_NEW_SOURCES)
    with transaction.atomic():
        reopen_approved(claim=claim, by=by, via=via)
        if source is None:
            source, _ = create_source(by=by, **(new_source or {}))
        text, capture = text_to_compare(source)
        comparison, status = _choose(claim.text, text, passage.strip())
        if comparison:
            comparison = assess_comparison(comparison, claim=claim, source=source, text=text)
        start = comparison.start if comparison else None
        page = page_of(source, start)
        if page:
            comparison = replace(comparison, page=page)
        evidence = Evidence.objects.create(
            claim=claim,
            source=source,
            passage=(comparison.passage if comparison else "") or passage.strip(),
            passage_start=start,
            passage_end=comparison.end if start is not None else None,
            locator=locator or (f"p. {page}" if page else ""),
            stance=stance,
            match=comparison,
            match_status=status,
            capture=capture,
            added_by=by,
            passage_by=by if status == Evidence.MatchStatus.MANUAL else None,
        )
        record(claim=claim, by=by, via=via, field="evidence", new=f"{source.title} ({evidence.get_stance_display()})")
    return evidence


def _choose(quote: str, text: str, passage: str) -> tuple[MatchResult | None, str]:
    """The comparison to store and its status, for a passage the reviewer
    gave (maybe none) and the source's text (maybe none)."""
    if passage:
        # The reviewer's own passage wins over the automatic match.
        span = find_passage(text, passage) if text else None
        if span:
            return compare_passage(quote, text, *span), Evidence.MatchStatus.MANUAL
        # Not in the stored text (or there is none): compare with the
        # reviewer's words alone; there is no place to point to.
        comparison = replace(compare_with_source(quote, passage), start=None, end=None, passage=passage)
        return comparison, Evidence.MatchStatus.MANUAL
    if text:
        comparison = compare_with_source(quote, text)
        return comparison, Evidence.MatchStatus.AUTO if comparison.start is not None else Evidence.MatchStatus.NONE
    return None, Evidence.MatchStatus.NONE


def settle_passage(
    *,
    evidence: Evidence,
    by,
    via: str,
    action: str,
    start: int | None = None,
    end: int | None = None,
    passage: str = "",
) -> Evidence:
    """Record the passage a reviewer settled on: "accept" the automatic
    match, "pick" another occurrence (start, end), or mark the `passage` by
    hand ("manual"). Re-runs the comparison and its findings on the chosen
    span and records the choice in the claim's history. Raises
    PassageRefused, writing nothing, when the choice is not in the source
    text; on an approved claim, see review.reopen_approved."""
    quote, text = evidence.claim.text, evidence_text(evidence)
    if action == "accept":
        if evidence.passage_start is None:
            raise PassageRefused(NOTHING_TO_ACCEPT)
        comparison, status = assessed(evidence), Evidence.MatchStatus.ACCEPTED
    elif action == "pick":
        if start is None or end is None or not (0 <= start < end <= len(text)):
            raise PassageRefused(NOT_AN_OCCURRENCE)
        picked = [o for o in occurrences(quote, text) if (o.start, o.end) == (start, end)]
        comparison = picked[0] if picked else compare_passage(quote, text, start, end)
        status = Evidence.MatchStatus.PICKED
    else:
        span = find_passage(text, passage)
        if span is None:
            raise PassageRefused(NOT_IN_SOURCE)
        comparison, status = compare_passage(quote, text, *span), Evidence.MatchStatus.MANUAL
    if not comparison.assessed:
        comparison = assess_comparison(comparison, claim=evidence.claim, source=evidence.source, text=text)
    return _record_passage(evidence=evidence, by=by, via=via, comparison=comparison, status=status)


def _record_passage(*, evidence: Evidence, by, via: str, comparison: MatchResult, status: str) -> Evidence:
    with transaction.atomic():
        reopen_approved(claim=evidence.claim, by=by, via=via)
        evidence = Evidence.objects.select_for_update().select_related("source").get(pk=evidence.pk)
        old = _describe_passage(evidence)
        evidence.match = comparison
        evidence.match_status = status
        evidence.passage = comparison.passage
        evidence.passage_start, evidence.passage_end = comparison.start, comparison.end
        evidence.passage_by = by
        evidence.save(update_fields=["match", "match_status", "passage", "passage_start", "passage_end", "passage_by"])
        record(
            claim=evidence.claim,
            by=by,
            via=via,
            field="passage",
            old=old,
            new=f"{_describe_passage(evidence)}, {evidence.get_match_status_display()}",
        )
    return evidence


def _describe_passage(evidence: Evidence) -> str:
    if evidence.passage_start is None:
        return "no passage"
    verdict = evidence.match.verdict if evidence.match else ""
    return f"{evidence.source.title[:200]} {evidence.passage_start}–{evidence.passage_end} ({verdict})"


