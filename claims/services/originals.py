"""Possible originals: when an article is imported and the library already
holds a speaker's words, its quotes get the passages they may come from,
kept for the claim panel until a reviewer links a source."""

from __future__ import annotations

from django.db import transaction

from ..models import Claim, OriginalCandidate, SourcePassage, Speaker
from ..originals import find_originals

# Per claim: the panel shows a few, the live search more.
SUGGESTIONS_PER_CLAIM = 3


def suggestible_claims(article_id: int):
    """The claims worth a search: direct quotes by a named speaker (a
    person or an organisation, not an anonymous or collective source) that
    have no source linked yet."""
    return (
        Claim.objects.filter(article_id=article_id, kind=Claim.Kind.QUOTE, speaker__isnull=False, evidence__isnull=True)
        .exclude(speaker__kind__in=[Speaker.Kind.ANONYMOUS, Speaker.Kind.COLLECTIVE])
        .select_related("speaker")
    )


def suggest_originals(*, article_id: int) -> int:
    """Search the library for each suggestible claim of the article and
    replace the claims' stored possible originals with what was found.
    Returns how many were stored."""
    claims = list(suggestible_claims(article_id))
    found = [
        OriginalCandidate(
            claim=claim, source_id=c.source_id, start=c.start, end=c.end, passage=c.passage, verdict=c.verdict,
            suggested_verdict=c.suggested_verdict or "", score=c.score,
        )
        for claim in claims
        for c in find_originals(claim.text, speaker=claim.speaker.name, limit=SUGGESTIONS_PER_CLAIM)
    ]
    with transaction.atomic():
        OriginalCandidate.objects.filter(claim__in=claims).delete()
        OriginalCandidate.objects.bulk_create(found)
    return len(found)


def schedule_suggestions(*, article_id: int) -> None:
    """Queue the search for an imported article's possible originals, when
    the library has any text to search and the article a quote to look
    for (two cheap queries otherwise)."""
    from ..tasks import suggest_originals_task

    if SourcePassage.objects.exists() and suggestible_claims(article_id).exists():
        suggest_originals_task.enqueue(article_id)
