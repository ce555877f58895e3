import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/articles", "/api/articles/{article_id}", "/api/imports", "/api/imports/files", "/api/imports/{batch_id}",
    "/api/claims", "/api/claims/{claim_id}", "/api/claims/{claim_id}/review", "/api/claims/{claim_id}/notes",
    "/api/claims/{claim_id}/evidence", "/api/claims/{claim_id}/history", "/api/claims/{claim_id}/publication",
    "/api/speakers", "/api/sources",
    "/api/sources/{source_id}",
}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_openapi_document_is_json_with_every_path(client, reviewer, token_for):
    response = client.get("/api/openapi.json", headers={"Authorization": f"Bearer {token_for(reviewer)}"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Fact-check workbench API"
    assert set(document["paths"]) == PATHS
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    # Every reference points at a schema the document defines.
    defined = {f"#/components/schemas/{name}" for name in document["components"]["schemas"]}
    assert set(_refs(document)) <= defined
    review = document["paths"]["/api/claims/{claim_id}/review"]["post"]
    assert {"200", "401", "403", "404", "409", "422"} <= set(review["responses"])
    state = document["components"]["schemas"]["ReviewIn"]["properties"]["state"]
    assert {"enum": ["new", "in_review", "second_check", "done"], "type": "string"} in state["anyOf"]


def test_the_openapi_document_needs_a_caller(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_docs_page_sends_strangers_to_the_login_page(client):
    response = client.get("/api/docs")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/docs"


def test_the_docs_page_uses_only_the_sites_own_scripts_and_styles(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets and "/static/ninja/swagger-ui.css" in assets
    assert all(a.startswith("/static/") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    # No script body the policy would block: the one inline block is JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline == ['<script type="application/json" id="swagger-settings">']
    policy = response["Content-Security-Policy"]
    assert policy == settings.CONTENT_SECURITY_POLICY and "script-src 'self';" in policy


def test_pages_of_each_kind_have_their_own_schema(client, reviewer, token_for):
    document = client.get("/api/openapi.json", headers={"Authorization": f"Bearer {token_for(reviewer)}"}).json()
    refs = {path: document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
            for path in ("/api/articles", "/api/claims", "/api/speakers", "/api/sources")}
    assert refs == {"/api/articles": "#/components/schemas/ArticlePage",
                    "/api/claims": "#/components/schemas/ClaimPage",
                    "/api/speakers": "#/components/schemas/SpeakerPage",
                    "/api/sources": "#/components/schemas/SourcePage"}
    items = document["components"]["schemas"]["ArticlePage"]["properties"]["items"]["items"]["$ref"]
    assert items == "#/components/schemas/ArticleOut"


def test_an_address_with_control_characters_gets_the_json_400_the_document_lists(api, reviewer):
    response = api.as_(reviewer).get("sources", {"cursor": "a\x13b"})
    assert response.status_code == 400
    assert response.json() == {"error": "The address holds control characters; remove them and try again.",
                               "code": "bad_request"}


def test_a_post_to_an_address_the_api_does_not_have_is_a_json_404(reviewer, token_for):
    # With the CSRF check on, as for a real request: the 404 needs no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/claims/-5/notes", {"text": "n"}, content_type="application/json",
                           headers={"Authorization": f"Bearer {token_for(reviewer)}"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
