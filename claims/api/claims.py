"""Claims: the list with its filters, one claim, its evidence with the
comparison, its notes and its history; and the changes a reviewer makes,
each through the review and evidence services the claim panel calls, so
the same rules hold and the history says it came through the API."""


import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from ..models import Claim, ClaimEvent, Evidence, Note, Source
from ..services.evidence import link_source
from ..services.publishing import publish_claim, unpublish_claim
from ..services.review import add_note, change_claim
from ..sources import assessed
from ..tasks import capture_source_task
from .cursors import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .errors import InvalidInput
from .permissions import require
from .schemas import (
    ERRORS,
    ClaimKind,
    ClaimOut,
    ClaimPage,
    ClaimState,
    ClaimVerdict,
    Error,
    EventOut,
    EvidenceIn,
    EvidenceOut,
    NoteIn,
    NoteOut,
    PublicationIn,
    ReviewIn,
)

router = Router(tags=["claims"])

API = ClaimEvent.Via.API
UNKNOWN_USER = "No active user has this id."
UNKNOWN_SOURCE = "No source in the library has this id."


class ClaimFilters(Schema):
    state: ClaimState | None = None
    verdict: ClaimVerdict | None = None
    kind: ClaimKind | None = None
    speaker: int | None = Field(None, description="A speaker's id.")
    article: int | None = Field(None, description="An article's id.")
    assignee: int | None = Field(None, description="A user's id.")
    mine: bool = Field(False, description="Only the claims assigned to the caller.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only claims changed at or after this moment (ISO 8601; UTC when no offset is given): "
        "their review, or anything in their history (a note, a source linked, a passage chosen, a publication)."
    )
    cursor: str | None = Field(None, description="The next_cursor of the page before.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    def apply(self, claims, user):
        exact = {"state": self.state, "verdict": self.verdict, "kind": self.kind, "speaker_id": self.speaker,
                 "article_id": self.article, "assignee_id": self.assignee}
        claims = claims.filter(**{field: value for field, value in exact.items() if value is not None})
        if self.mine:
            claims = claims.filter(assignee=user)
        if self.updated_since is not None:
            since = self.updated_since
            if timezone.is_naive(since):
                since = timezone.make_aware(since, datetime.UTC)
            # A note, a link or a publication leaves the claim's own fields
            # (and updated_at) as they were, but is in its history: a program
            # keeping a copy of the claim with its notes and evidence needs it.
            touched = ClaimEvent.objects.filter(at__gte=since).values("claim_id")
            claims = claims.filter(Q(updated_at__gte=since) | Q(pk__in=touched))
        return claims


def _claims():
    return Claim.objects.select_related("speaker", "assignee", "approved_by")


def _claim(claim_id: int) -> Claim:
    return get_object_or_404(_claims(), pk=claim_id)


@router.get("/claims", response={200: ClaimPage, **ERRORS}, summary="Claims, filtered, oldest first")
def claim_list(request: HttpRequest, filters: Query[ClaimFilters]):
    """In the order they were found (by id), a page at a time: follow next_cursor to the end for every claim
    that matches the filters. With updated_since, a program keeps a copy in step."""
    require(request, "claims.view_claim")
    claims = filters.apply(_claims(), request.user)
    items, next_cursor = paginate(claims, cursor=filters.cursor, limit=filters.limit, listing="claims")
    return {"items": items, "next_cursor": next_cursor}


@router.get("/claims/{int:claim_id}", response={200: ClaimOut, **ERRORS}, summary="One claim")
def claim_detail(request: HttpRequest, claim_id: int):
    require(request, "claims.view_claim")
    return _claim(claim_id)


@router.post("/claims/{int:claim_id}/review", response={200: ClaimOut, **ERRORS, 409: Error},
             summary="Change a claim's state, verdict or assignee")
def claim_review(request: HttpRequest, claim_id: int, payload: ReviewIn):
    """Send the `version` the claim had when you read it. When someone changed it since, nothing is saved and
    the answer is 409 with the claim as it is now (`current`). Only an editor sets a claim done (approves its
    verdict) or changes an approved claim (403 otherwise); done needs a verdict (422). Only an editor assigns a
    claim to someone else (a reviewer may take an unassigned claim or give back their own), and only to someone
    who may review (422)."""
    require(request, "claims.review_claim")
    claim = _claim(claim_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "assignee" in changes:
        changes["assignee"] = _assignee(changes["assignee"])
    return change_claim(claim=claim, by=request.user, seen_version=payload.version, via=API, changes=changes)


def _assignee(user_id: int | None):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidInput({"assignee": [UNKNOWN_USER]})
    return user


@router.post("/claims/{int:claim_id}/publication", response={200: ClaimOut, **ERRORS},
             summary="Publish a claim's public page, or take it down")
def claim_publication(request: HttpRequest, claim_id: int, payload: PublicationIn):
    """An editor publishes a settled claim (done, with a verdict) that has a public rationale (422 otherwise): its
    page at `public_url` needs no login and carries its ClaimReview. The address is kept when the page is taken
    down and published again. Publishing a published claim, or taking down one not published, changes nothing."""
    require(request, "claims.publish_claim")
    claim = _claim(claim_id)
    act = publish_claim if payload.published else unpublish_claim
    act(claim=claim, by=request.user, via=API)
    return _claim(claim_id)


@router.get("/claims/{int:claim_id}/notes", response={200: list[NoteOut], **ERRORS}, summary="A claim's notes")
def claim_notes(request: HttpRequest, claim_id: int):
    require(request, "claims.view_claim")
    claim = get_object_or_404(Claim, pk=claim_id)
    return Note.objects.filter(claim=claim).select_related("author")


@router.post("/claims/{int:claim_id}/notes", response={201: NoteOut, **ERRORS}, summary="Add a note")
def claim_note(request: HttpRequest, claim_id: int, payload: NoteIn):
    """A note on an approved claim is an editor's to add, and sends the claim back for a second check."""
    require(request, "claims.add_note")
    claim = _claim(claim_id)
    return Status(201, add_note(claim=claim, by=request.user, text=payload.text, via=API))


def _evidence():
    return Evidence.objects.select_related("claim", "source", "capture", "added_by", "passage_by").defer(
        "source__text", "source__pages", "capture__body", "capture__text"
    )


def _with_comparison(evidence: Evidence) -> Evidence:
    # As the panel shows it: with findings, computed on reading for a
    # comparison stored before findings existed (nothing is written).
    evidence.comparison = assessed(evidence)
    return evidence


@router.get("/claims/{int:claim_id}/evidence", response={200: list[EvidenceOut], **ERRORS},
            summary="A claim's evidence, each with its comparison")
def claim_evidence(request: HttpRequest, claim_id: int):
    require(request, "claims.view_claim")
    claim = get_object_or_404(Claim, pk=claim_id)
    return [_with_comparison(e) for e in _evidence().filter(claim=claim)]


@router.post("/claims/{int:claim_id}/evidence", response={201: EvidenceOut, **ERRORS},
             summary="Link a source to a claim")
def claim_evidence_link(request: HttpRequest, claim_id: int, payload: EvidenceIn):
    """The passage is located in the source text and compared with the quote, word by word; the answer has the
    comparison, its findings and the suggested verdict. A new source needs the permission to add sources."""
    require(request, "claims.add_evidence")
    claim = _claim(claim_id)
    source = None
    if payload.source_id is not None:
        source = Source.objects.filter(pk=payload.source_id).first()
        if source is None:
            raise InvalidInput({"source_id": [UNKNOWN_SOURCE]})
    new_source = payload.new_source.dict() if payload.new_source else None
    evidence = link_source(
        claim=claim, by=request.user, via=API, source=source, new_source=new_source, passage=payload.passage,
        locator=payload.locator, stance=payload.stance,
    )
    if evidence.source.url and payload.archive:
        # As in the panel: after the commit, so that a worker finds the source.
        capture_source_task.enqueue(evidence.source_id)
    return Status(201, _with_comparison(_evidence().get(pk=evidence.pk)))


@router.get("/claims/{int:claim_id}/history", response={200: list[EventOut], **ERRORS},
            summary="A claim's history, newest first")
def claim_history(request: HttpRequest, claim_id: int):
    require(request, "claims.view_claim")
    claim = get_object_or_404(Claim.objects.prefetch_related(
        Prefetch("history", queryset=ClaimEvent.objects.select_related("actor"))
    ), pk=claim_id)
    return list(claim.history.all())
