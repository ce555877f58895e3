"""The team's workflow around the review: an editor assigns claims to
reviewers with a due date, and sends a proposed verdict back to its
reviewer with a note. Approving a verdict is a review change
(review.change_claim sets the claim done).

Both go through the review service's rules and history, and tell the
person concerned (services.notifications) in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from ..models import Claim, ClaimEvent, Note, Notification
from .notifications import notify
from .review import (
    ONLY_EDITORS_ASSIGN,
    VALUE_CHARS,
    InvalidChange,
    ReviewRefused,
    change_claim,
    check_version,
    describe,
    lock_claim,
    reviewer_of,
)

ONLY_EDITORS_SEND_BACK = "Only an editor can send a proposed verdict back."
NOT_PROPOSED = "Only a proposed verdict waiting for approval can be sent back."
NOBODY_TO_SEND_BACK_TO = "Nobody proposed this verdict; assign the claim to a reviewer instead."
SAY_WHY = "Say what the reviewer should look at again."
CLAIM_GONE = "A claim in the selection no longer exists; reload the queue."

# A bulk change locks every claim it touches until it commits.
MAX_ASSIGNED_AT_ONCE = 200


def assign_claims(
    *, seen: Mapping[int, int], assignee, due_on: datetime.date | None, by, via: str
) -> list[Claim]:
    """Assign the claims `seen` (claim id -> the version the person saw)
    to `assignee`, due on `due_on` (None for no date), all or none.

    Each claim goes through review.change_claim, with its rules, history
    and version check, and the assignee is notified once per claim newly
    theirs. Raises ReviewRefused unless `by` may assign; EditConflict (for
    the first claim in id order that changed since it was seen) or
    InvalidChange (an assignee who may not review, a claim gone), and then
    nothing is saved. Returns the claims as saved, in id order."""
    if not by.has_perm("claims.assign_claim"):
        raise ReviewRefused(ONLY_EDITORS_ASSIGN)
    if len(seen) > MAX_ASSIGNED_AT_ONCE:
        raise InvalidChange(f"Assign at most {MAX_ASSIGNED_AT_ONCE} claims at a time.")
    changes = {"assignee": assignee, "due_on": due_on}
    saved = []
    with transaction.atomic():
        # Locked in one order by every bulk change, so two at once cannot deadlock.
        for claim_id in sorted(seen):
            try:
                claim = change_claim(claim=Claim(pk=claim_id), by=by, seen_version=seen[claim_id], via=via,
                                     changes=changes)
            except Claim.DoesNotExist:
                raise InvalidChange(CLAIM_GONE) from None
            saved.append(claim)
    return saved


def send_back(*, claim: Claim, by, seen_version: int | None, via: str, note: str) -> Claim:
    """Return a proposed verdict (awaiting_approval) to its reviewer with a
    note: the note is added to the claim, the claim goes back "in review"
    keeping its verdict, is marked sent back (Claim.sent_back_note, so it
    leads the reviewer's queue until they propose again) and, when it had
    no assignee, becomes the proposer's. The history records the state,
    the assignee if it changed and the send-back with its note; the
    reviewer is notified. Raises EditConflict for a stale `seen_version`,
    ReviewRefused unless `by` may approve verdicts, InvalidChange when the
    claim is not waiting for approval, nobody proposed it or the note is
    empty."""
    text = note.strip()
    if not text:
        raise InvalidChange(SAY_WHY)
    with transaction.atomic():
        claim = lock_claim(claim.pk)
        check_version(claim=claim, seen_version=seen_version)
        if not by.has_perm("claims.approve_verdict"):
            raise ReviewRefused(ONLY_EDITORS_SEND_BACK)
        if not Claim.objects.awaiting_approval().filter(pk=claim.pk).exists():
            raise InvalidChange(NOT_PROPOSED)
        reviewer = reviewer_of(claim)
        if reviewer is None:
            raise InvalidChange(NOBODY_TO_SEND_BACK_TO)
        note = Note.objects.create(claim=claim, author=by, text=text)
        events = [_event(claim, by, via, "state", describe("state", claim.state),
                         describe("state", Claim.State.IN_REVIEW))]
        if claim.assignee_id is None:
            events.append(_event(claim, by, via, "assignee", "", describe("assignee", reviewer)))
        events.append(_event(claim, by, via, "sent back", "", text[:VALUE_CHARS]))
        claim.state, claim.assignee, claim.sent_back_note = Claim.State.IN_REVIEW, reviewer, note
        claim.version += 1
        claim.updated_at = timezone.now()
        claim.save(update_fields=["state", "assignee", "sent_back_note", "version", "updated_at"])
        ClaimEvent.objects.bulk_create(events)
        notify(recipient=reviewer, kind=Notification.Kind.SENT_BACK, claim=claim, actor=by)
    return claim


def _event(claim: Claim, by, via: str, field: str, old: str, new: str) -> ClaimEvent:
    return ClaimEvent(claim=claim, actor=by, via=via, field=field, old=old, new=new)
