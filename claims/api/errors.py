"""Every refusal and failure as JSON: {"error": message, "code": word,
"fields": {...}} (fields only for invalid input), whether it comes from
ninja (validation, authentication), from Django (404, permission) or from
the services' own refusals (a stale version, a change the rules forbid)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ..readers import RejectedInput
from ..services.evidence import PassageRefused
from ..services.review import EditConflict, InvalidChange

logger = logging.getLogger("django.request")

NOT_SIGNED_IN = "Authentication required: send an API token as `Authorization: Bearer <key>`, or sign in."
NOT_FOUND = "Not found: there is no such record, or no such address in the API."
FORBIDDEN = "You do not have permission to do this."
INVALID = "The request is not valid; see fields."
SERVER_ERROR = (
    "Something went wrong on the server and the request may not have been completed. "
    "The error was logged for the administrators."
)
# ninja's own messages, said more helpfully.
_CLEARER = {"Cannot parse request body": "The request body could not be read: send JSON, as application/json."}
# Where ninja says which part of the request a field came from.
_LOCATIONS = {"query", "path", "form", "file", "header", "cookie"}


class InvalidInput(Exception):
    """Input the schemas let through but a rule refuses, by field (a Django
    form's errors, an unknown record named by id)."""

    def __init__(self, fields: dict[str, list[str]], message: str = INVALID):
        self.fields = fields
        super().__init__(message)


def error_response(message: str, code: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, "code": code, **extra}, status=status)


def field_name(loc) -> str:
    """A field's name from ninja's location of it: ("body", "payload",
    "new_source", "url") is "new_source.url", ("query", "limit") is
    "limit". The body's parameter name ("payload") is the schema's, not the
    client's; the errors of the body as a whole are "non_field_errors", as
    for the forms."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        # ("body", "payload") alone is the body as a whole: a rule across fields.
        parts = parts[2:] or ["non_field_errors"]
    elif parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    return ".".join(parts) or "non_field_errors"


def validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        message = error.get("msg", "Not valid.").removeprefix("Value error, ")
        fields.setdefault(field_name(error.get("loc", ())), []).append(message)
    return fields


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors by field; those of the whole form under "non_field_errors"."""
    return {("non_field_errors" if name == "__all__" else name): list(errors) for name, errors in form.errors.items()}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`; each turns one kind of exception into its JSON answer."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError):
        return error_response(INVALID, "invalid", 422, fields=validation_fields(exc.errors))

    @api.exception_handler(InvalidInput)
    def invalid_input(request: HttpRequest, exc: InvalidInput):
        return error_response(str(exc), "invalid", 422, fields=exc.fields)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError):
        message = exc.message if exc.message != "Unauthorized" else NOT_SIGNED_IN
        response = error_response(message, "not_authenticated", 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        code = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "throttled"}.get(exc.status_code, "error")
        return error_response(_CLEARER.get(str(exc), str(exc)), code, exc.status_code)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        return error_response(str(exc) or FORBIDDEN, "forbidden", 403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return error_response(NOT_FOUND, "not_found", 404)

    @api.exception_handler(EditConflict)
    def conflict(request: HttpRequest, exc: EditConflict):
        from .schemas import ClaimOut

        current = ClaimOut.model_validate(exc.current, context={"request": request}).model_dump()
        return error_response(str(exc), "conflict", 409, current=current)

    @api.exception_handler(InvalidChange)
    def invalid_change(request: HttpRequest, exc: InvalidChange):
        return error_response(str(exc), "refused", 422)

    @api.exception_handler(PassageRefused)
    def passage_refused(request: HttpRequest, exc: PassageRefused):
        return error_response(str(exc), "refused", 422)

    @api.exception_handler(RejectedInput)
    def rejected(request: HttpRequest, exc: RejectedInput):
        return error_response(str(exc), "rejected", 422)

    @api.exception_handler(TooManyFilesSent)
    def too_many_files(request: HttpRequest, exc: TooManyFilesSent):
        message = f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files can be uploaded at once; send them in parts."
        return error_response(message, "too_many_files", 400)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception):
        logger.error("Internal Server Error: %s", request.path, exc_info=exc)
        return error_response(SERVER_ERROR, "server_error", 500)

