"""Who may use which view. The table of requests is checked against the URL
resolver, so a view added to the app without a row here fails the suite."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from claims import roles
from claims.models import (
    Article,
    Capture,
    Claim,
    ClaimEvent,
    ClaimRepeat,
    Evidence,
    ImportBatch,
    Note,
    Notification,
    ReportJob,
)
from claims.services.evidence import link_source
from tests.factories import make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

# Every view of the app: (method, data, extra URL arguments). The object
# arguments (claim_id, source_id, ...) come from the records made below.
REQUESTS = {
    "article-list": ("get", None, {}),
    "claim-queue": ("get", None, {}),
    "search": ("get", {"q": "homes"}, {}),
    "article-import": ("post", {"text": '"Rates will fall," the governor, Max Stone, said.'}, {}),
    "import-batch": ("get", None, {}),
    "article-detail": ("get", None, {}),
    "claim-detail": ("get", None, {}),
    "claim-review": ("post", lambda records: {"state": "in_review", "verdict": "misquoted", "version": 1,
                                              "assignee": records["proposer_id"]}, {}),
    "claim-note": ("post", {"text": "n"}, {}),
    "claim-evidence": ("post", {"new_title": "S", "stance": "supports", "new_kind": "other"}, {}),
    "evidence-passage": ("get", None, {}),
    # The quote's "40,000" and "this year" are not in the source: misquoted is suggested.
    "evidence-suggestion": ("post", {"verdict": "misquoted", "version": 1}, {}),
    "claim-originals": ("get", None, {}),
    # Data that needs the records made below is a function of them.
    "claim-original-link": (
        "post", lambda records: {"source": records["source_id"], "passage": "We will build homes."}, {}
    ),
    "source-list": ("get", None, {}),
    "claim-reuse": ("post", lambda records: {"earlier": records["earlier_id"], "version": 1}, {}),
    "source-search": ("get", {"q": "x"}, {}),
    "source-detail": ("get", None, {}),
    "speaker-detail": ("get", None, {}),
    # A private address: the guarded fetcher refuses it and the refusal is the capture.
    "source-capture": ("post", None, {}),
    "export": ("get", None, {"fmt": "csv"}),
    # URL arguments that need the records made below are a function of them too.
    "claim-publication": ("post", {"action": "unpublish"}, lambda records: {"claim_id": records["published_id"]}),
    "public-claim": ("get", None, lambda records: {"public_id": records["public_id"]}),
    "claim-assign": ("post", lambda records: {"claims": f"{records['claim_id']}:1",
                                              "assignee": records["assignable_id"]}, {}),
    "my-queue": ("get", None, {}),
    "approval-queue": ("get", None, {}),
    "claim-approve": ("post", {"version": 1}, {}),
    "claim-send-back": ("post", {"version": 1, "note": "Check the figure again."}, {}),
    "notification-list": ("get", None, {}),
    "dashboard": ("get", None, {}),
    "report-list": ("get", None, {}),
    "report-create": ("post", {"fmt": "html"}, {}),
    "report-detail": ("get", None, {}),
    "report-download": ("get", None, {}),
}

REVIEWER = {"article-list", "claim-queue", "search", "article-detail", "claim-detail", "claim-review", "claim-note",
            "claim-evidence", "evidence-passage", "evidence-suggestion", "claim-originals", "claim-original-link",
            "source-list", "source-search", "source-detail", "source-capture", "speaker-detail", "my-queue",
            "notification-list", "dashboard", "claim-reuse"}
# A published claim's page is for everyone.
PUBLIC = {"public-claim"}
ALLOWED = {
    "outsider": PUBLIC,
    "reviewer": REVIEWER | PUBLIC,
    "editor": REVIEWER | PUBLIC | {"article-import", "import-batch", "export", "claim-publication", "claim-assign",
                                   "approval-queue", "claim-approve", "claim-send-back", "report-list",
                                   "report-create", "report-detail", "report-download"},
}
ALLOWED["admin_user"] = ALLOWED["editor"]
PERSONAS = list(ALLOWED)


def _app_views(resolver=None, namespace=None):
    """The names of the views the app's URLconf serves."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _app_views(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace == "claims":
            yield entry.name


def test_every_view_of_the_app_is_in_the_matrix():
    assert sorted(set(_app_views())) == sorted(REQUESTS)


def _records(user) -> dict:
    # A proposed verdict, so that approving it and sending it back can go through.
    proposer = _person("rhea", roles.REVIEWER)
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE, assignee=proposer)
    source = make_source("Transcript", text="We will build homes.", url="http://127.0.0.1:9/transcript")
    evidence = link_source(claim=claim, source=source, by=user, via=ClaimEvent.Via.COMMAND)
    batch = ImportBatch.objects.create(created_by=user, state=ImportBatch.State.DONE)
    claim.speaker = make_speaker("Max Stone")
    claim.save(update_fields=["speaker"])
    published = make_claim(state="done", verdict="accurate", rationale="As said.", public_id=uuid.uuid4(),
                           published_at=timezone.now())
    # A settled claim the claim repeats, whose verdict may be reused.
    earlier = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    ClaimRepeat.objects.create(claim=claim, earlier=earlier, kind=ClaimRepeat.Kind.EXACT, score=1.0)
    # A report made in the background for this user, ready to download.
    job = ReportJob.objects.create(requested_by=user, fmt="html", title="Report", state=ReportJob.State.DONE)
    job.file.save(job.filename, ContentFile(b"<p>Report</p>"))
    return {"claim_id": claim.pk, "article_id": claim.article_id, "source_id": source.pk,
            "evidence_id": evidence.pk, "batch_id": batch.pk, "speaker_id": claim.speaker_id,
            "published_id": published.pk, "public_id": published.public_id, "proposer_id": proposer.pk,
            "assignable_id": _person("ravi", roles.REVIEWER).pk, "earlier_id": earlier.pk,
            "job_id": job.pk}


def _person(username: str, role: str):
    person = get_user_model().objects.create_user(username=username)
    person.groups.add(Group.objects.get(name=role))
    return person


def _written() -> tuple:
    """Counts of everything a request may write."""
    return (ClaimEvent.objects.count(), Note.objects.count(), Evidence.objects.count(), Article.objects.count(),
            ImportBatch.objects.count(), Capture.objects.count(), Notification.objects.count(),
            ReportJob.objects.count())


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", REQUESTS)
def test_role_permissions_are_enforced(client, request, settings, tmp_path, persona, view, htmx):
    settings.FETCH_ALLOW_ADDRESSES = []
    settings.MEDIA_ROOT = tmp_path
    user = request.getfixturevalue(persona)
    records = _records(user)
    method, data, extra = REQUESTS[view]
    data = data(records) if callable(data) else data
    url = reverse(f"claims:{view}", kwargs=_kwargs(view, records, extra))
    client.force_login(user)
    before = _written()
    response = getattr(client, method)(url, data or {}, headers={"HX-Request": "true"} if htmx else {})
    allowed = view in ALLOWED[persona]
    if allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403
        assert ("<html" in response.content.decode()) != htmx
    assert (_written() != before) == (method == "post" and allowed)


def _kwargs(view: str, records: dict, extra: dict) -> dict:
    """The URL's arguments, by the names its pattern gives them."""
    (_, arguments), = get_resolver().namespace_dict["claims"][1].reverse_dict.getlist(view)[0][0]
    extra = extra(records) if callable(extra) else extra
    return {**{k: records[k] for k in arguments if k in records}, **extra}


def test_admin_is_for_admins_only(client, reviewer, editor, admin_user):
    url = reverse("admin:claims_source_changelist")
    for user in (reviewer, editor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_groups_match_the_role_table():
    for role, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert have == set(perms), role
