"""Who is calling the API: a program with a token, or a person's browser.

A program sends `Authorization: Bearer <key>` (an ApiToken, issued in the
admin). Such a request carries no cookie a third-party page could make the
browser send, so it needs no CSRF token. A signed-in person's browser may
call the API with its session, and then, as for the pages' forms, an
unsafe method (POST, ...) needs the CSRF token (`X-CSRFToken` header).
Either way the API acts as that user, with that user's permissions."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.openapi.views import openapi_view
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ..models import ApiToken
from .errors import NOT_SIGNED_IN, error_response

BAD_TOKEN = "The API token is not valid: it may have been revoked, or its account deactivated."
CSRF_FAILED = (
    "CSRF check failed: a request signed in with the session must send the CSRF token in the X-CSRFToken header "
    "(programs use an API token instead)."
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.user_for_key(token.strip()) if token.strip() else None
        if user is None:
            # A wrong key is refused outright, not passed on to the session:
            # a program that sent one must learn that it is wrong.
            raise AuthenticationError(message=BAD_TOKEN)
        # The rest of the workbench (permission checks, the headers
        # middleware) reads the user from the request.
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser's session, with Django's CSRF check on unsafe
    methods. Unlike ninja's own, it asks for the CSRF token only once the
    session is known, so a request with no credentials at all gets a 401."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if self.csrf and check_csrf(request):
            raise HttpError(403, CSRF_FAILED)
        return user


AUTH = [TokenAuth(), SessionAuth()]


def docs_access(view):
    """The OpenAPI document and the docs page are for those who may call
    the API: the document for a token or a session, the page (a browser's)
    for a signed-in person, others being sent to the login page."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if request.headers.get("Authorization") and not request.user.is_authenticated:
            try:
                TokenAuth()(request)
            except AuthenticationError as exc:
                return error_response(str(exc), "not_authenticated", 401)
        if not request.user.is_authenticated:
            if getattr(view, "func", None) is openapi_view:
                return redirect_to_login(request.get_full_path())
            return error_response(NOT_SIGNED_IN, "not_authenticated", 401)
        return view(request, *args, **kwargs)

    return guarded
