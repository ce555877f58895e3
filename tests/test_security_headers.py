import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("page", ["login", "claims:article-list", "claims:claim-queue", "claims:article-import"])
def test_every_page_has_a_policy_without_inline_script_or_eval(client, editor, page):
    if page != "login":
        client.force_login(editor)
    policy = _policy(client.get(reverse(page)))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_signed_in_pages_and_fragments_are_not_stored(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    urls = [reverse("claims:article-detail", args=[claim.article_id]), reverse("claims:claim-detail", args=[claim.pk])]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            assert "no-store" in client.get(url, headers=headers)["Cache-Control"]


@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview.json", "html"])
def test_exports_are_not_stored(client, editor, fmt):
    article = make_article()
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=[fmt]), {"article": article.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_templates_have_no_inline_script_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            # A JSON-LD block is data, never run, and only as json_ld escapes it.
            data = 'type="application/ld+json"' in match.group(0) and re.match(
                r"\{\{ [\w.]+\|json_ld \}\}</script>", text[match.end():])
            if "src=" not in match.group(0) and not data:
                offenders.append(f"{path.name}: {match.group(0)}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\s(on[a-z]+=|hx-on[:-]\S*=)", text)]
        offenders += [f"{path.name}: javascript: link" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


def test_htmx_is_configured_without_eval(client, reviewer):
    client.force_login(reviewer)
    content = client.get(reverse("claims:article-list")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'", content).group(1)
    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
    assert "claims/workbench.js" in content
