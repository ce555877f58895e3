"""The JSON API under /api/: the workbench's records to read and the
review's changes to make, for programs (with a token) and for the signed-in
browser. Built with django-ninja: the schemas (schemas.py) type every
request and answer, and the OpenAPI 3 document at /api/openapi.json, with
its browsable page at /api/docs, is generated from them.

Like the pages, the API parses input, checks permissions and calls the
services (claims.services); it writes no model itself."""

from functools import wraps

from django.http import HttpRequest
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import articles, claims, library
from .auth import AUTH, docs_access
from .errors import NOT_FOUND, error_response, install

DESCRIPTION = """
The fact-check workbench's records and review, as JSON.

**Authentication.** Send `Authorization: Bearer <key>` with an API token
(issued in the admin under *API tokens*, shown once). A signed-in browser
may use its session instead, and then sends its CSRF token in the
`X-CSRFToken` header on POST. Every operation checks the same permission
as the matching page: a reviewer reviews, an editor also imports,
approves and publishes.

**Errors** are JSON: `{"error": message, "code": word}`, with `fields`
(messages by field name) for invalid input (422). 401: no or a bad token;
403: not allowed; 404: no such record; 409: the claim changed since you
read it (the answer has it as it is now, in `current`).

**Lists** come a page at a time: pass the answer's `next_cursor` as
`?cursor=` until it is null.
"""

api = NinjaAPI(
    title="Fact-check workbench API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    docs_decorator=docs_access,
)
install(api)
api.add_router("", articles.router)
api.add_router("", claims.router)
api.add_router("", library.router)


def urls():
    """The API's URL patterns, and a JSON 404 for any other address under
    /api/. Each answers a caller who is not signed in itself (401 in JSON,
    or the login page for the docs), so the site's LoginRequiredMiddleware
    lets them through."""
    patterns, app_name, namespace = api.urls
    patterns = [*patterns, re_path(r"^.*$", not_found, name="not-found")]
    for pattern in patterns:
        pattern.callback = _json_method_refusal(pattern.callback)
        pattern.callback.login_required = False
    return patterns, app_name, namespace


# No CSRF check: there is nothing here to protect, and a POST to a wrong
# address must get the JSON 404, not the CSRF failure page.
@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs):
    return error_response(NOT_FOUND, "not_found", 404)


def _json_method_refusal(view):
    """ninja answers a method an address does not take with a plain-text
    405; the API's errors are JSON."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            refusal = error_response(f"This address does not take {request.method}.", "method_not_allowed", 405)
            refusal["Allow"] = response["Allow"]
            return refusal
        return response

    return wrapped
