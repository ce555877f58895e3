"""Context the navigation needs on every page."""

from functools import cache

from .models import Notification


def unread_count(user) -> int:
    """One indexed count (notification_unread)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications(request) -> dict:
    """`unread_notifications`, the badge's number, counted only
    when a template reads it (htmx fragments and pages without the
    navigation cost nothing) and then once per response."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}
