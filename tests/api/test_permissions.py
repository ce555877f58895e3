"""Who may call which operation: the pages' permissions (claims.roles).
The table is checked against the OpenAPI document, so an operation added
without a row here fails the suite."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.api import api as ninja_api
from claims.models import Article, ClaimEvent, Evidence, ImportBatch, Note
from tests.factories import make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

TEXT = '"Rates will fall," the governor, Max Stone, said.'
READ = "read"
# Every operation: (body, what a caller needs beyond signing in).
OPERATIONS = {
    "GET /api/articles": (None, READ),
    "GET /api/articles/{article_id}": (None, READ),
    "POST /api/imports": ({"text": TEXT}, "import"),
    "POST /api/imports/files": (lambda: {"files": [SimpleUploadedFile("a.txt", TEXT.encode())]}, "import"),
    "GET /api/imports/{batch_id}": (None, "import"),
    "GET /api/claims": (None, READ),
    "GET /api/claims/{claim_id}": (None, READ),
    "POST /api/claims/{claim_id}/review": ({"version": 1, "state": "in_review"}, READ),
    "GET /api/claims/{claim_id}/notes": (None, READ),
    "POST /api/claims/{claim_id}/notes": ({"text": "n"}, READ),
    "GET /api/claims/{claim_id}/evidence": (None, READ),
    "POST /api/claims/{claim_id}/evidence": ({"source_id": "{source_id}"}, READ),
    "GET /api/claims/{claim_id}/history": (None, READ),
    "POST /api/claims/{claim_id}/publication": ({"published": True}, "publish"),
    "GET /api/speakers": (None, READ),
    "GET /api/sources": (None, READ),
    "GET /api/sources/{source_id}": (None, READ),
}
ALLOWED = {"outsider": set(), "reviewer": {READ}, "editor": {READ, "import", "publish"},
           "admin_user": {READ, "import", "publish"}}
# Publishing needs a settled claim with a public rationale.
SETTLED = {"POST /api/claims/{claim_id}/publication"}


def test_every_operation_is_in_the_table():
    paths = ninja_api.get_openapi_schema()["paths"]
    documented = {f"{method.upper()} {path}" for path, methods in paths.items() for method in methods}
    assert sorted(documented) == sorted(OPERATIONS)


def _records(user) -> dict:
    claim = make_claim()
    source = make_source("Transcript", text="We will build homes.")
    batch = ImportBatch.objects.create(created_by=user, state=ImportBatch.State.DONE)
    settled = make_claim(make_article(text='"Taxes will rise," he said.'), quote="Taxes will rise,", state="done",
                         verdict="accurate", rationale="As the budget says.")
    return {"claim_id": claim.pk, "article_id": claim.article_id, "source_id": source.pk, "batch_id": batch.pk,
            "settled_id": settled.pk}


def _written() -> tuple:
    return (ClaimEvent.objects.count(), Note.objects.count(), Evidence.objects.count(), Article.objects.count(),
            ImportBatch.objects.count())


@pytest.mark.parametrize("persona", list(ALLOWED))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_role_permissions_are_enforced(client, request, token_for, persona, operation):
    user = request.getfixturevalue(persona)
    records = _records(user)
    method, path = operation.split(" ")
    body, needs = OPERATIONS[operation]
    url = path.format(**{**records, **({"claim_id": records["settled_id"]} if operation in SETTLED else {})})
    headers = {"Authorization": f"Bearer {token_for(user)}"}
    before = _written()
    if method == "GET":
        response = client.get(url, headers=headers)
    elif callable(body):
        response = client.post(url, body(), headers=headers)
    else:
        body = {k: (records[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
        response = client.post(url, body, content_type="application/json", headers=headers)
    allowed = needs in ALLOWED[persona]
    if allowed:
        assert response.status_code in (200, 201), (response.status_code, response.content)
    else:
        assert response.status_code == 403
        assert response.json() == {"error": "You do not have permission to do this.", "code": "forbidden"}
    assert (_written() != before) == (method == "POST" and allowed)
