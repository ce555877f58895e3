"""In-app notifications: a claim assigned to someone, a proposed verdict
sent back to its reviewer, a verdict approved.

`notify` is called by the review services inside the transaction of the
change it tells about, so a notification exists exactly when its change
does. Reading them is the only other write."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..models import Claim, Notification


def notify(*, recipient, kind: str, claim: Claim, actor) -> Notification | None:
    """Tell `recipient` that `actor` did `kind` to `claim`. Nothing is
    written when there is nobody to tell or when they did it themselves."""
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return None
    return Notification.objects.create(recipient=recipient, kind=kind, claim=claim, actor=actor)


def mark_read(*, recipient, ids: Iterable[int]) -> int:
    """Mark the notifications `ids` of `recipient` read, now; those already
    read keep their time and those of someone else are left alone. Returns
    how many were marked."""
    ids = list(ids)
    if not ids:
        return 0
    unread = Notification.objects.filter(recipient=recipient, pk__in=ids, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
