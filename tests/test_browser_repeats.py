"""Reusing the verdict of a claim already checked, in real Chromium (the
set-up of test_browser.py: skipped there, and so here, without Chromium)."""

import pytest
from django.contrib.auth.models import Group

from claims import roles
from claims.importers import import_paths, import_text
from claims.models import Claim, ClaimEvent, ClaimRepeat, Source
from claims.services.evidence import link_source
from claims.services.review import change_claim
from tests.chromium import chromium_browser, sync_orm_beside_playwright  # noqa: F401 - fixtures
from tests.test_browser import PASSWORD, SEEDS, _login, page  # noqa: F401 - page is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THIRD = (
    "Biden keeps reporters waiting\n\nBy Mara Lind\n\n16 September 2024\n\n"
    "President Joe Biden waved off questions before his meeting with Keir Starmer. "
    "“Be quiet,” Biden told a reporter who asked about the missiles.\n\nThe White House did not say more."
)


def test_open_a_repeated_quote_and_reuse_the_verdict_it_was_given(page, live_server, django_user_model):  # noqa: F811
    editor = django_user_model.objects.create_user(username="edna", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    reviewer = django_user_model.objects.create_user(username="rita", password=PASSWORD)
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
    seeds = [o.article for o in import_paths([SEEDS / "000_1d0f19fa29b49d58.txt", SEEDS / "002_2b4ac363705a4f99.txt"])]
    third = import_text(text=THIRD).article
    seed_claim = Claim.objects.get(article=seeds[1], text="Be quiet,")
    repeat = third.claims.get(text="Be quiet,")
    assert repeat.repeats.get().earlier == seed_claim

    # The seed's quote is checked and settled by an editor.
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
    source = Source.objects.create(title="Biden remarks, 13 September 2024", kind="press_conference", text=transcript)
    link_source(claim=seed_claim, by=editor, via=ClaimEvent.Via.PANEL, source=source,
                passage="Be quiet until I speak.", stance="contradicts")
    seed_claim.refresh_from_db()
    change_claim(claim=seed_claim, by=editor, seen_version=seed_claim.version, via=ClaimEvent.Via.PANEL,
                 changes={"verdict": "misquoted", "state": "done"})

    _login(page, live_server, "rita")
    page.goto(f"{live_server.url}/articles/{third.pk}/")
    page.evaluate("window.__marker = 'same page'")
    page.locator(f"#mark-{repeat.pk} a").click()
    panel = page.locator("#claim-panel")
    box = panel.locator("#already-checked")
    box.wait_for()
    assert "Already checked: misquoted" in " ".join(box.inner_text().split())
    assert seeds[1].title in box.inner_text()

    box.locator("button", has_text="Reuse this verdict and evidence").click()
    panel.locator(".saved", has_text="Verdict and sources reused").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    assert "needs second check" in panel.locator(".panel-head").inner_text()
    assert "misquoted" in panel.locator(".panel-head").inner_text()
    assert "Biden remarks, 13 September 2024" in panel.locator(".evidence").inner_text()
    assert f"claim {seed_claim.pk}" in panel.locator(".history").inner_text()

    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.state, repeat.approved_by) == ("misquoted", "second_check", None)
    evidence = repeat.evidence.get()
    assert transcript[evidence.passage_start : evidence.passage_end] == "Be quiet until I speak."
    # The seed's claim is as the editor left it.
    seed_claim.refresh_from_db()
    assert (seed_claim.state, seed_claim.verdict, seed_claim.evidence.count()) == ("done", "misquoted", 1)
    assert ClaimRepeat.objects.filter(claim=repeat, earlier=seed_claim).exists()
