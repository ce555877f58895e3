"""The API against its own OpenAPI document: Schemathesis generates
requests for every operation from the document (valid ones and ones the
document rules out) and checks every answer: no server error, and status,
content type, headers and body as the document says. Bounded by
MAX_EXAMPLES per operation so that the run takes seconds, not minutes.

The operations are listed from the document as the API object builds it,
each a test of its own; the requests go through the WSGI application
inside the test's transaction, as the test client's do."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.api import api
from claims.models import ClaimEvent
from claims.services.evidence import link_source
from tests.factories import make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
OPERATIONS = sorted(operation.ok().label for operation in SCHEMA.get_all_operations())


@pytest.fixture
def editor_headers(editor, token_for):
    return {"Authorization": f"Bearer {token_for(editor)}"}


@pytest.fixture
def app(settings, editor):
    # Imports are queued, not run: a generated web address is not fetched.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # Records for the generated ids to find now and then.
    claim = make_claim(speaker=make_speaker("Max Stone"))
    link_source(claim=claim, source=make_source("Speech", text="We will build homes."), by=editor,
                via=ClaimEvent.Via.COMMAND)
    # The connection stays open between requests, inside the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield _closing(get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _closing(app):
    """`app`, its answers read whole and closed as a WSGI server does (which
    closes the request's uploaded files); the test client underneath does
    not close them."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()

    return wsgi


def test_every_operation_is_tried():
    assert len(OPERATIONS) == 17
    assert "POST /api/claims/{claim_id}/review" in OPERATIONS
    assert "POST /api/claims/{claim_id}/publication" in OPERATIONS


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_answer_is_what_the_document_says(label, app, editor_headers):
    schema = SCHEMA.clone()
    schema.app = app
    operation = schema.find_operation_by_label(label)

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def answers(case):
        case.call_and_validate(headers=editor_headers, checks=CHECKS)

    answers()
