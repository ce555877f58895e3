"""Publishing a settled claim: its public page, at an address anyone can
open without signing in, and its ClaimReview. Publication is an editor's
choice made claim by claim, never a side effect of approval.

The address is made at the first publication and kept for ever, so a claim
unpublished and published again is where readers and search engines last
found it. Both acts are written to the claim's history."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from ..models import Claim, ClaimEvent
from .review import InvalidChange, ReviewRefused, lock_claim

ONLY_EDITORS_PUBLISH = "Only an editor can publish or unpublish a claim."
PUBLISH_SETTLED_ONLY = "Only a claim an editor has approved (done, with a verdict) can be published."
RATIONALE_BEFORE_PUBLISHING = "Write the public rationale, and have it approved, before publishing."


def publish_claim(*, claim: Claim, by, via: str) -> Claim:
    """Publish `claim`'s page; returns the claim as saved.

    Refused (ReviewRefused) unless `by` may publish, and (InvalidChange)
    unless the claim is settled and has a public rationale: a page with a
    verdict and no reason given is not one a newsroom puts its name to.
    Gives the claim its public address the first time, sets who published
    it and when, and writes one history entry. Publishing a claim that is
    published already changes and writes nothing. The review version does
    not move: an open review form stays valid."""
    _check_publisher(by)
    with transaction.atomic():
        claim = lock_claim(claim.pk)
        if not claim.is_settled:
            raise InvalidChange(PUBLISH_SETTLED_ONLY)
        if not claim.rationale.strip():
            raise InvalidChange(RATIONALE_BEFORE_PUBLISHING)
        if claim.is_published:
            return claim
        claim.public_id = claim.public_id or uuid.uuid4()
        claim.published_at, claim.published_by = timezone.now(), by
        claim.save(update_fields=["public_id", "published_at", "published_by"])
        ClaimEvent.objects.create(claim=claim, actor=by, via=via, field="published", old="no", new="yes")
    return claim


def unpublish_claim(*, claim: Claim, by, via: str) -> Claim:
    """Take `claim`'s public page down (it answers 404 from now on) and
    write one history entry; its address is kept for a later publication.
    Refused unless `by` may publish; a claim not published is left as it
    is, with nothing written."""
    _check_publisher(by)
    with transaction.atomic():
        claim = lock_claim(claim.pk)
        if not claim.is_published:
            return claim
        claim.published_at, claim.published_by = None, None
        claim.save(update_fields=["published_at", "published_by"])
        ClaimEvent.objects.create(claim=claim, actor=by, via=via, field="published", old="yes", new="no")
    return claim


def _check_publisher(by) -> None:
    if not by.has_perm("claims.publish_claim"):
        raise ReviewRefused(ONLY_EDITORS_PUBLISH)
