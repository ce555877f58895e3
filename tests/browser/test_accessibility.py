"""axe-core (vendored in tests/browser_assets/) run on the workbench's main
pages in Chromium: no serious or critical violation is allowed."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.importers import ImportOutcome, Status
from claims.models import Capture, Claim, ClaimEvent, ImportBatch, Note
from claims.services.evidence import link_source
from tests.factories import make_claim, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "browser_assets" / "axe.min.js"
AXE_VERSION = "4.14.1"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def records(admin_user):
    """A claim compared with a source whose latest fetch failed and sent
    back with a question, another claim in review, a note: each page has
    its parts to check."""
    claim = make_claim()
    make_claim(claim.article, quote="fantasy", kind=Claim.Kind.PARTIAL_QUOTE, state=Claim.State.IN_REVIEW)
    source = make_source("Minister's speech", url="https://example.org/speech",
                         text="Thank you. We will build 4,000 homes this year, and on time.")
    link_source(claim=claim, source=source, by=admin_user, via=ClaimEvent.Via.COMMAND)
    Capture.objects.create(source=source, requested_url=source.url, fetched_at=timezone.now() - datetime.timedelta(1),
                           error="Refused: example.org could not be resolved ([Errno -2] Name or service not known).")
    # Sent back with an editor's question, which the panel shows beside the verdict.
    question = Note.objects.create(claim=claim, author=admin_user, text="Which year was this said in?")
    Claim.objects.filter(pk=claim.pk).update(sent_back_note=question)
    make_claim(claim.article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC,
               state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.MISQUOTED, assignee=admin_user)
    failed = ImportOutcome("https://gone.example/news", Status.FAILED, "Refused: gone.example could not be resolved.",
                           fetch_failed=True)
    batch = ImportBatch.objects.create(created_by=admin_user, url=failed.name, state=ImportBatch.State.DONE, total=1,
                                       processed=1, finished_at=timezone.now(), outcomes=[failed.to_dict()])
    return {"claim": claim, "source": source, "batch": batch}


def _violations(page) -> list[str]:
    """The serious and critical violations axe finds in the page as it is."""
    assert page.evaluate("axe.version") == AXE_VERSION
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"] if v["impact"] in BLOCKING
    ]


PAGES = {
    "article list": lambda r: reverse("claims:article-list"),
    "article with an open claim": lambda r: reverse("claims:claim-detail", args=[r["claim"].pk]),
    "queue": lambda r: reverse("claims:claim-queue"),
    "queue searched": lambda r: reverse("claims:claim-queue") + "?q=homes",
    "my queue": lambda r: reverse("claims:my-queue"),
    "to approve": lambda r: reverse("claims:approval-queue"),
    "notifications": lambda r: reverse("claims:notification-list"),
    "import batch": lambda r: reverse("claims:import-batch", args=[r["batch"].pk]),
    "report": lambda r: reverse("claims:export", args=["html"]),
    "source": lambda r: reverse("claims:source-detail", args=[r["source"].pk]),
    "import": lambda r: reverse("claims:article-import"),
    "dashboard": lambda r: reverse("claims:dashboard"),
    "source library": lambda r: reverse("claims:source-list"),
    "search": lambda r: reverse("claims:search") + "?q=homes",
    "admin index": lambda r: reverse("admin:index"),
}


def test_main_pages_have_no_serious_accessibility_violation(context, page, sign_in, live_server, admin_user, records):
    # One visit of each page in one test: the set-up (a live server's
    # database, a signed-in browser) is the slow part. An init script runs
    # before the page's own and is not subject to its Content-Security-Policy.
    context.add_init_script(path=str(AXE))
    sign_in(admin_user)
    found = {}
    for name, url in PAGES.items():
        page.goto(live_server.url + url(records))
        page.locator("main").wait_for()
        found[name] = _violations(page)
    # The keyboard shortcuts' dialog, open over the claim panel.
    page.goto(live_server.url + PAGES["article with an open claim"](records))
    page.keyboard.press("?")
    page.locator("#shortcuts[open]").wait_for()
    found["shortcuts dialog"] = _violations(page)
    assert found == {name: [] for name in found}
