"""Slowing password guessing: too many failed sign-ins for one account, or
from one address, within settings.LOGIN_LOCKOUT_MINUTES refuse further
attempts with a message saying why and for how long.

Failures are rows in the database, not process memory, so the count holds
across every web process behind a load balancer.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure


def account_key(username: str) -> str:
    """One key per account whatever the case it was typed in, so that
    "Editor" and "editor" share one count."""
    return username.strip().casefold()[: LoginFailure._meta.get_field("username").max_length]


def client_address(request) -> str | None:
    """The address the request came from. Behind a proxy this is the proxy's
    unless the proxy sets REMOTE_ADDR (gunicorn behind nginx with the real-ip
    module, for instance); the per-account limit holds either way."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def lockout_message(*, username: str, address: str | None) -> str | None:
    """Why sign-in is refused for now, or None when it may be tried."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    if recent.filter(username=account_key(username)).count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return (
            f"Too many failed sign-ins for this account. Try again in {minutes} minutes, "
            "or ask an administrator to unlock it."
        )
    if address and recent.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return f"Too many failed sign-ins from your network address. Try again in {minutes} minutes."
    return None


def record_failure(*, username: str, address: str | None) -> None:
    """Count a failed sign-in, and drop failures too old to count, so the
    table holds at most one window's worth."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(username=account_key(username), address=address)


def clear_failures(*, username: str) -> None:
    """A successful sign-in: the account's earlier failures no longer count."""
    LoginFailure.objects.filter(username=account_key(username)).delete()


def unlock(*, usernames=(), addresses=()) -> int:
    """Let accounts and addresses sign in again at once; returns how many
    failures were forgotten."""
    keys = [account_key(name) for name in usernames]
    deleted, _ = LoginFailure.objects.filter(Q(username__in=keys) | Q(address__in=list(addresses))).delete()
    return deleted
