"""Changes to a claim: its review (state, verdict, public rationale,
assignee, due date), corrections of what extraction found, and notes.

Every change is checked against the version the person saw and against
the review rules, whichever face it comes through, and each changed field
is written once to the claim's history with the person and the face."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..matching import Suggestion
from ..models import Claim, ClaimEvent, Evidence, Note, Notification
from ..sources import suggestion_of
from .notifications import notify

REVIEW_FIELDS = ("state", "verdict", "rationale", "assignee", "due_on")
# What an approval covers: the verdict and the words that explain it to
# readers. A change to either by an editor on a done claim is approved by them.
APPROVED_FIELDS = {"state", "verdict", "rationale"}
# What extraction found, which an admin may correct. The text and its span
# are the article's own words and never change after import.
DESCRIPTION_FIELDS = ("kind", "speaker", "speaker_as_written", "role", "cue", "score", "linked_to", "details")

# History keeps a changed value whole up to VALUE_CHARS; notes and evidence
# are summarised (the note or link itself is the record).
VALUE_CHARS = 2000
SUMMARY_CHARS = 500

ONLY_EDITORS_APPROVE = "Only an editor can approve a verdict or change an approved claim."
ONLY_ADMINS_CORRECT = "Only an admin can correct what was found in the article."
ONLY_EDITORS_ASSIGN = "Only an editor can assign a claim to someone else or set its due date."
VERDICT_BEFORE_DONE = "Choose a verdict before marking the claim done."
RATIONALE_TOO_LONG = f"Keep the public rationale to {VALUE_CHARS:,} characters."
SUGGESTION_CHANGED = "The suggested verdict has changed since you loaded the claim; look at the findings again."


class EditConflict(Exception):
    """The claim changed since the person loaded it. `current` is the claim
    as it is now, for the face to show."""

    def __init__(self, current: Claim, changed_by: str):
        self.current, self.changed_by = current, changed_by
        super().__init__(f"{changed_by} changed this claim while you were editing it; your change was not saved.")


class ReviewRefused(PermissionDenied):
    """The person may not make this change."""


class InvalidChange(ValueError):
    """The change would leave the claim in a state the rules forbid."""


def describe(field: str, value) -> str:
    """A claim field's value as its history shows it: a choice by its label,
    a related record by its name, nothing as ""."""
    if value is None or value == "":
        return ""
    choices = Claim._meta.get_field(field).choices
    if choices:
        value = dict(choices).get(value, value)
    return str(value)[:VALUE_CHARS]


def check_change(*, claim: Claim, by, seen_version: int | None, changes: Mapping[str, object]) -> dict:
    """The fields `changes` would change on `claim`, after checking the
    rules; writes nothing. Raises EditConflict when `seen_version` is not
    the claim's version, ReviewRefused when `by` may not make the change,
    InvalidChange when the result breaks a rule. Faces that validate before
    saving (the admin form) call this to show the same refusal."""
    unknown = set(changes) - set(REVIEW_FIELDS) - set(DESCRIPTION_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a review may change: {', '.join(sorted(unknown))}")
    check_version(claim=claim, seen_version=seen_version)
    changed = {f: v for f, v in changes.items() if getattr(claim, f) != v}
    if not changed:
        return changed
    if set(changed) & set(DESCRIPTION_FIELDS) and not by.has_perm("claims.change_claim"):
        raise ReviewRefused(ONLY_ADMINS_CORRECT)
    if {"assignee", "due_on"} & set(changed) and not by.has_perm("claims.assign_claim") and not (
        _takes_or_leaves(claim, by, changed)
    ):
        raise ReviewRefused(ONLY_EDITORS_ASSIGN)
    assignee = changed.get("assignee")
    if assignee is not None and not assignee.has_perm("claims.review_claim"):
        raise InvalidChange(f"{assignee} cannot review claims, so cannot be assigned one.")
    if not by.has_perm("claims.approve_verdict") and (
        claim.state == Claim.State.DONE or changed.get("state") == Claim.State.DONE
    ):
        raise ReviewRefused(ONLY_EDITORS_APPROVE)
    state = changed.get("state", claim.state)
    if state == Claim.State.DONE and changed.get("verdict", claim.verdict) == Claim.Verdict.UNRATED:
        raise InvalidChange(VERDICT_BEFORE_DONE)
    # The history keeps a value whole up to VALUE_CHARS: what was approved
    # must be readable there in full.
    if len(changed.get("rationale") or "") > VALUE_CHARS:
        raise InvalidChange(RATIONALE_TOO_LONG)
    return changed


def check_version(*, claim: Claim, seen_version: int | None) -> None:
    """Raise EditConflict, naming who changed it last, unless the person saw
    the claim's current version."""
    if claim.version != seen_version:
        raise EditConflict(claim, _last_editor(claim))


def change_claim(
    *,
    claim: Claim,
    by,
    seen_version: int | None,
    via: str,
    changes: Mapping[str, object],
    suggestion: Suggestion | None = None,
) -> Claim:
    """Apply review changes and corrections to a claim; returns the claim as saved.

    Checks `check_change` again with the row locked, so that of two saves at
    once the second is refused. Then writes one ClaimEvent per changed field
    (naming `by` and `via`; the verdict's also names the `suggestion` the
    person was shown, if any, followed or not), bumps the version and
    `updated_at` once, and keeps the approval in step: a claim an editor
    sets done (or whose verdict or public rationale an editor changes while
    done) is approved by them, and a claim that leaves done loses its
    approval (a published claim then leaves its public page until it is
    approved again). A reviewer proposing the verdict again (needs second
    check) or its approval ends a send-back. Notifies a new assignee, and
    the claim's reviewer (reviewer_of) when an editor approves it. Nothing
    changes, and nothing is written, when every value is as it was."""
    with transaction.atomic():
        claim = _lock(claim.pk)
        changed = check_change(claim=claim, by=by, seen_version=seen_version, changes=changes)
        if not changed:
            return claim
        events = [
            ClaimEvent(claim=claim, actor=by, via=via, field=f, old=describe(f, getattr(claim, f)), new=describe(f, v))
            for f, v in changed.items()
        ]
        for event in events:
            if event.field == "verdict" and suggestion is not None:
                event.suggested_verdict, event.suggestion_reason = suggestion.verdict, suggestion.reason[:VALUE_CHARS]
        if claim.state == Claim.State.DONE and not {"state", "verdict"} & set(changed) and (
            set(changed) & set(DESCRIPTION_FIELDS)
        ):
            # A correction of what the approved claim says (its speaker, kind,
            # ...) goes back for approval, as in reopen_approved. The
            # assignee alone is workflow, not part of what reports print.
            changed["state"] = Claim.State.SECOND_CHECK
            events.append(ClaimEvent(claim=claim, actor=by, via=via, field="state", old=describe("state", claim.state),
                                     new=describe("state", Claim.State.SECOND_CHECK)))
        for f, v in changed.items():
            setattr(claim, f, v)
        fields = list(changed)
        approved = claim.state == Claim.State.DONE and bool(APPROVED_FIELDS & set(changed))
        if approved:
            claim.approved_by, claim.approved_at = by, timezone.now()
            fields += ["approved_by", "approved_at"]
        elif claim.state != Claim.State.DONE and claim.approved_by_id is not None:
            claim.approved_by, claim.approved_at = None, None
            fields += ["approved_by", "approved_at"]
        if claim.sent_back_note_id is not None and claim.state in (Claim.State.SECOND_CHECK, Claim.State.DONE):
            claim.sent_back_note = None
            fields.append("sent_back_note")
        claim.version += 1
        claim.updated_at = timezone.now()
        claim.save(update_fields=[*fields, "version", "updated_at"])
        ClaimEvent.objects.bulk_create(events)
        if changed.get("assignee") is not None:
            notify(recipient=claim.assignee, kind=Notification.Kind.ASSIGNED, claim=claim, actor=by)
        if approved:
            notify(recipient=reviewer_of(claim), kind=Notification.Kind.APPROVED, claim=claim, actor=by)
    return claim


def reviewer_of(claim: Claim):
    """Whose work the claim's verdict is: its assignee, else whoever last
    proposed a verdict for it (set it to "needs second check"), else None."""
    if claim.assignee_id is not None:
        return claim.assignee
    proposed = (
        claim.history.filter(field="state", new=describe("state", Claim.State.SECOND_CHECK), actor__isnull=False)
        .select_related("actor")
        .first()
    )
    return proposed.actor if proposed else None


def accept_suggestion(*, evidence: Evidence, by, seen_version: int | None, via: str, verdict: str) -> Claim:
    """Set the claim's verdict to the one its findings in `evidence` suggest,
    through change_claim, so that the same rules hold and the history's
    verdict entry says it was the suggestion, with its reason. `verdict` is
    the suggestion as the person saw it: when the evidence suggests nothing
    or something else now, raises InvalidChange and writes nothing."""
    suggestion = suggestion_of(evidence)
    if suggestion is None or suggestion.verdict != verdict:
        raise InvalidChange(SUGGESTION_CHANGED)
    return change_claim(
        claim=evidence.claim,
        by=by,
        seen_version=seen_version,
        via=via,
        changes={"verdict": suggestion.verdict},
        suggestion=suggestion,
    )


def add_note(*, claim: Claim, by, text: str, via: str) -> Note:
    """Add a note to a claim and record it in the claim's history. On an
    approved claim, see reopen_approved: refused unless `by` is an editor,
    and then the claim goes back for approval."""
    with transaction.atomic():
        reopen_approved(claim=claim, by=by, via=via)
        note = Note.objects.create(claim=claim, author=by, text=text)
        record(claim=claim, by=by, via=via, field="note", new=text)
    return note


def reopen_approved(*, claim: Claim, by, via: str) -> Claim:
    """Call inside the transaction of any change to a claim's content other
    than its review fields (a note, a source linked, a passage settled),
    before writing it. Locks the claim; returns it as it is now.

    An approved claim (done) is what reports print as "approved by" an
    editor, notes and sources included, so nothing on it changes unseen:
    - Notes are not excepted: exports print them beside the verdict.
    - A person who cannot approve is refused (ReviewRefused), as for its
      state and verdict: otherwise a reviewer could pull a published claim
      out of the reports, or change it under an editor's name.
    - An editor's change goes through and re-opens the claim: its state
      becomes "needs second check", its approval is cleared, its version
      moves (an open form elsewhere is now stale) and the history says so.
      It is not approved again by the same act, so that a second look
      (by anyone with approve_verdict, that editor included) settles it."""
    claim = _lock(claim.pk)
    if claim.state != Claim.State.DONE:
        return claim
    if not by.has_perm("claims.approve_verdict"):
        raise ReviewRefused(ONLY_EDITORS_APPROVE)
    ClaimEvent.objects.create(
        claim=claim, actor=by, via=via, field="state", old=describe("state", claim.state),
        new=describe("state", Claim.State.SECOND_CHECK),
    )
    claim.state = Claim.State.SECOND_CHECK
    claim.approved_by, claim.approved_at = None, None
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=["state", "approved_by", "approved_at", "version", "updated_at"])
    return claim


def record(*, claim: Claim, by, via: str, field: str, old: str = "", new: str = "") -> ClaimEvent:
    """Write one entry to a claim's history. For the other services, which
    record what they did to a claim's evidence."""
    return ClaimEvent.objects.create(
        claim=claim, actor=by, via=via, field=field, old=old[:SUMMARY_CHARS], new=new[:SUMMARY_CHARS]
    )


def lock_claim(claim_id: int) -> Claim:
    """The claim, its row locked (SELECT ... FOR UPDATE) until the current
    transaction ends: for faces that check a change before they save it in
    the same transaction (the admin form)."""
    return _lock(claim_id)


def _lock(claim_id: int) -> Claim:
    # Lock only the claim row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join to the assignee.
    return Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=claim_id)


def _takes_or_leaves(claim: Claim, by, changed: Mapping[str, object]) -> bool:
    """Whether the assignment change is one anybody who reviews may make:
    taking an unassigned claim for oneself, or giving one's own back."""
    if "assignee" not in changed or "due_on" in changed:
        return False
    new = changed["assignee"]
    if claim.assignee_id is None:
        return new is not None and new.pk == by.pk
    return claim.assignee_id == by.pk and new is None


def _last_editor(claim: Claim) -> str:
    event = claim.history.select_related("actor").first()
    return str(event.actor) if event and event.actor else "Someone else"
