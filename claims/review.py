"""Changes reviewers make to a claim. Every change is checked against the
version the reviewer saw, and written to the claim's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Claim, ClaimEvent, Evidence, Note, Source

REVIEW_FIELDS = ("state", "verdict", "assignee")


class EditConflict(Exception):
    """The claim changed since the reviewer loaded it."""

    def __init__(self, current: Claim, changed_by: str):
        self.current = current
        super().__init__(
            f"{changed_by} changed this claim while you were editing it. "
            "Your change was not saved; the panel now shows their version."
        )


def describe(field: str, value) -> str:
    """A claim field's value as its history shows it: a choice by its label,
    a related record by its name, nothing as ""."""
    if value is None or value == "":
        return ""
    choices = Claim._meta.get_field(field).choices
    if choices:
        value = dict(choices).get(value, value)
    return str(value)[:2000]


def _lock(claim_id: int) -> Claim:
    # Lock only the claim row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join to the assignee.
    return Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=claim_id)


def _bump(claim: Claim, user, fields: list[str]) -> None:
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=[*fields, "version", "updated_at"])


def _last_editor(claim: Claim) -> str:
    event = claim.history.select_related("actor").first()
    return str(event.actor) if event and event.actor else "Someone else"


def update_claim(*, claim_id: int, user, version: int, changes: dict) -> Claim:
    """Apply review changes (state, verdict, assignee) to a claim.

    Raises EditConflict when `version` is not the claim's current version,
    and PermissionDenied when the user may not make a change (only an editor
    approves: sets state done, or touches a claim that is done). Writes one
    ClaimEvent per changed field and bumps the version once.
    """
    with transaction.atomic():
        claim = _lock(claim_id)
        if claim.version != version:
            raise EditConflict(claim, _last_editor(claim))
        changed = {f: v for f, v in changes.items() if f in REVIEW_FIELDS and getattr(claim, f) != v}
        if not changed:
            return claim
        can_approve = user.has_perm("claims.approve_verdict")
        if not can_approve and (claim.state == Claim.State.DONE or changed.get("state") == Claim.State.DONE):
            raise PermissionDenied("Only an editor can approve a verdict or change an approved claim.")
        new_state = changed.get("state", claim.state)
        new_verdict = changed.get("verdict", claim.verdict)
        if new_state == Claim.State.DONE and new_verdict == Claim.Verdict.UNRATED:
            raise ValueError("Choose a verdict before marking the claim done.")
        events = [
            ClaimEvent(
                claim=claim,
                actor=user,
                field=f,
                old=describe(f, getattr(claim, f)),
                new=describe(f, v),
            )
            for f, v in changed.items()
        ]
        for f, v in changed.items():
            setattr(claim, f, v)
        fields = list(changed)
        if "state" in changed:
            approved = new_state == Claim.State.DONE
            claim.approved_by = user if approved else None
            claim.approved_at = timezone.now() if approved else None
            fields += ["approved_by", "approved_at"]
        _bump(claim, user, fields)
        ClaimEvent.objects.bulk_create(events)
        return claim


def add_note(*, claim: Claim, user, text: str) -> Note:
    """Add a note to a claim and record it in the claim's history."""
    with transaction.atomic():
        note = Note.objects.create(claim=claim, author=user, text=text)
        ClaimEvent.objects.create(claim=claim, actor=user, field="note", new=text[:500])
    return note


def link_evidence(
    *,
    claim: Claim,
    source: Source,
    user,
    passage: str = "",
    locator: str = "",
    stance: str = Evidence.Stance.SUPPORTS,
    passage_start: int | None = None,
    passage_end: int | None = None,
    match: dict | None = None,
    match_status: str = "",
    capture=None,
) -> Evidence:
    """Link a claim to a source, recorded in the claim's history. When the
    source has text and the reviewer gave no passage, the passage is the
    best match of the quote in the source text."""
    with transaction.atomic():
        evidence = Evidence.objects.create(
            claim=claim,
            source=source,
            passage=passage,
            passage_start=passage_start,
            passage_end=passage_end,
            locator=locator,
            stance=stance,
            match=match or {},
            match_status=match_status,
            capture=capture,
            added_by=user,
        )
        ClaimEvent.objects.create(
            claim=claim, actor=user, field="evidence", new=f"{source.title} ({evidence.get_stance_display()})"[:500]
        )
    return evidence


def set_passage(*, evidence: Evidence, user, comparison: dict, status: str) -> Evidence:
    """Record the passage a reviewer settled on for a piece of evidence:
    the automatic match accepted, another occurrence picked, or a passage
    marked by hand. The change goes into the claim's history."""
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        old = _describe_passage(evidence)
        evidence.match = comparison
        evidence.match_status = status
        evidence.passage = comparison.get("passage") or ""
        evidence.passage_start, evidence.passage_end = comparison.get("start"), comparison.get("end")
        evidence.save(update_fields=["match", "match_status", "passage", "passage_start", "passage_end"])
        ClaimEvent.objects.create(
            claim_id=evidence.claim_id,
            actor=user,
            field="passage",
            old=old,
            new=f"{_describe_passage(evidence)}, {evidence.get_match_status_display()}"[:500],
        )
    return evidence


def _describe_passage(evidence: Evidence) -> str:
    if evidence.passage_start is None:
        return "no passage"
    verdict = evidence.match.get("verdict", "")
    return f"{evidence.source.title[:200]} {evidence.passage_start}–{evidence.passage_end} ({verdict})"
