"""The JSON API under /api/: the workbench's records to read and the
review's changes to make, for programs (with a token) and for the signed-in
browser. Built with django-ninja: the schemas (schemas.py) type every
request and answer, and the OpenAPI 3 document at /api/openapi.json, with
its browsable page at /api/docs, is generated from them.

Like the pages, the API parses input, checks permissions and calls the
services (claims.services); it writes no model itself."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import articles, claims, library
from .auth import AUTH, docs_access
from .errors import install

DESCRIPTION = """
The fact-check workbench's records and review, as JSON.

**Authentication.** Send `Authorization: Bearer <key>` with an API token
(issued in the admin under *API tokens*, shown once). A signed-in browser
may use its session instead, and then sends its CSRF token in the
`X-CSRFToken` header on POST. Every operation checks the same permission
as the matching page: a reviewer reviews, an editor also imports and
approves.

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
    """The API's URL patterns. Each answers a caller who is not signed in
    itself (401 in JSON, or the login page for the docs), so the site's
    LoginRequiredMiddleware lets them through."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
