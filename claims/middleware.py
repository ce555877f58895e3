import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

logger = logging.getLogger("django.request")


class HtmxLoginRedirectMiddleware:
    """Turn the login redirect of an expired session into an HX-Redirect.

    Without this, htmx follows the 302 itself and swaps the whole login page
    into whatever panel made the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if htmx and response.status_code == 302:
            login_path = resolve_url(settings.LOGIN_URL)
            if response["Location"].startswith(login_path):
                return HttpResponseClientRedirect(response["Location"])
        return response


# What a person is told when an htmx request fails, by status.
HTMX_ERRORS = {
    400: "The request could not be understood; reload the page and try again.",
    403: "You do not have permission to do this.",
    404: "This no longer exists; reload the page.",
    405: "This action cannot be done that way; reload the page and try again.",
    500: "Something went wrong on the server and the action may not have been completed. "
    "The error was logged for the administrators; reload the page and try again.",
}


def in_place(response: HttpResponse) -> HttpResponse:
    """Mark an error response a view rendered for its own target (a panel
    saying what went wrong), so HtmxErrorMiddleware leaves it as it is."""
    response.in_place = True
    return response


class HtmxErrorMiddleware:
    """An htmx request that is refused or fails gets its message in the
    region it was aimed at, never a bare error page swapped over the page
    (nor Django's debug page when DEBUG is on).

    Views answer the refusals they foresee themselves (the claim panel with
    its message and a 403 or 409, marked with `in_place`). Anything else,
    an exception or an error response from Django, becomes a short alert
    inserted at the top of the request's target (HX-Retarget and
    HX-Reswap); base.html tells htmx to swap 4xx and 5xx responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", None) and response.status_code >= 400 and not getattr(response, "in_place", False):
            return self._alert(request, HTMX_ERRORS.get(response.status_code, HTMX_ERRORS[500]), response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not getattr(request, "htmx", None):
            return None
        if isinstance(exception, PermissionDenied):
            return self._alert(request, str(exception) or HTMX_ERRORS[403], 403)
        if isinstance(exception, Http404):
            return self._alert(request, HTMX_ERRORS[404], 404)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return self._alert(request, HTMX_ERRORS[500], 500)

    @staticmethod
    def _alert(request: HttpRequest, message: str, status: int) -> HttpResponse:
        response = in_place(render(request, "claims/includes/htmx_error.html", {"message": message}, status=status))
        target = request.htmx.target
        response["HX-Retarget"] = f"#{target}" if target else "#htmx-messages"
        response["HX-Reswap"] = "afterbegin"
        return response


# Where workbench/urls.py mounts the JSON API.
API_PREFIX = "/api/"


class QueryStringGuardMiddleware:
    """Refuses, with a 400, any query string whose names or values hold a
    control character (NUL above all: PostgreSQL cannot take it in a query
    and answers with an error), so that no view or admin search passes one
    to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if any(_has_control(text) for text in (key, *values)):
                message = "The address holds control characters; remove them and try again."
                if request.path.startswith(API_PREFIX):
                    # The API answers its callers in JSON, as its document says.
                    return JsonResponse({"error": message, "code": "bad_request"}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_control(text: str) -> bool:
    return any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in text)


class SecurityHeadersMiddleware:
    """The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) on every
    response, and for a signed-in person `Cache-Control: no-store` on every
    page and export: what they see (claims, notes, reports) must not stay
    in a shared or browser cache after they sign out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
