from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


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
