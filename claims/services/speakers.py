"""Speakers: merging the records of one person (or organisation) that
imports made twice, e.g. "J. Smith" in one article and "Jane Smith" in
another.

A merge moves the duplicates' claims and name forms to the record kept and
writes each moved claim's change of speaker to its history. It does not send
an approved claim back for approval, as a correction of the speaker does
(review.change_claim): the words are still the same person's; only the record
that names them is one instead of two."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Claim, ClaimEvent, Speaker, SpeakerAlias

# History rows written per database round trip.
BATCH = 1000


class MergeRefused(ValueError):
    """The records cannot be merged as asked."""


def merge_speakers(*, keep: Speaker, duplicates: Iterable[Speaker], by, via: str = ClaimEvent.Via.ADMIN) -> int:
    """Move the claims and aliases of `duplicates` to `keep` and delete the
    duplicates; returns how many claims moved. Each moved claim gets a
    history row and a new version, so an open panel's save is refused
    rather than silently overwriting. Anonymous sources are never merged:
    two "senior officials" are not known to be one person."""
    others = [s for s in duplicates if s.pk != keep.pk]
    if not others:
        raise MergeRefused("Choose at least one other speaker to merge into this one.")
    if any(s.kind == Speaker.Kind.ANONYMOUS for s in [keep, *others]):
        raise MergeRefused("Anonymous sources are kept apart: a description does not say two sources are one.")
    moved = 0
    with transaction.atomic():
        # Locked in one order, so two merges at once cannot deadlock.
        ids = sorted({keep.pk, *(s.pk for s in others)})
        locked = {s.pk: s for s in Speaker.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        if len(locked) != len(ids):
            raise MergeRefused("One of these speakers no longer exists; reload the list.")
        keep = locked[keep.pk]
        keys = set(SpeakerAlias.objects.filter(speaker=keep).values_list("key", flat=True))
        now = timezone.now()
        for other in (locked[s.pk] for s in others):
            claim_ids = list(Claim.objects.filter(speaker=other).values_list("pk", flat=True))
            for start in range(0, len(claim_ids), BATCH):
                ClaimEvent.objects.bulk_create(
                    ClaimEvent(claim_id=pk, actor=by, via=via, at=now, field="speaker", old=other.name, new=keep.name)
                    for pk in claim_ids[start : start + BATCH]
                )
            moved += Claim.objects.filter(pk__in=claim_ids).update(
                speaker=keep, version=F("version") + 1, updated_at=now
            )
            SpeakerAlias.objects.filter(speaker=other).update(speaker=keep)
            keys |= set(SpeakerAlias.objects.filter(speaker=keep).values_list("key", flat=True))
            for name in (other.name, keep.name):
                if SpeakerAlias.key_for(name) not in keys:
                    SpeakerAlias.objects.create(speaker=keep, name=name)
                    keys.add(SpeakerAlias.key_for(name))
            other.delete()
    return moved
