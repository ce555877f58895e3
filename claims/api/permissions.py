"""The API checks the same permissions as the pages (claims.roles), never
group names, so a role shaped in the admin holds on both faces."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .errors import FORBIDDEN


def require(request: HttpRequest, perm: str) -> None:
    """Refuse (403) a user who lacks `perm`."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(FORBIDDEN)
