"""A report longer than a request makes, in Chromium: offered from the
navigation's Report link, made in the background, downloaded when ready;
its pages pass the axe-core check."""

import pytest

from claims.models import Claim
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import make_article, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_report_is_made_in_the_background_and_downloaded(context, page, sign_in, live_server, editor,
                                                                 settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PAGE_MAX_CLAIMS = 2
    for n in range(3):
        article = make_article(text=f'"Rates will fall by {n} points," the governor said.', title=f"Rates {n}")
        make_claim(article, quote=f"Rates will fall by {n} points,", state=Claim.State.DONE,
                   verdict=Claim.Verdict.ACCURATE)
    context.add_init_script(path=str(AXE))
    sign_in(editor)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report", exact=True).click()
    page.get_by_text("This report holds 3 settled claims").wait_for()
    assert _violations(page) == []
    page.get_by_role("button", name="Make the PDF").click()
    ready = page.locator(".report-ready")
    ready.wait_for()
    assert _violations(page) == []
    with page.expect_download() as download:
        ready.get_by_role("link").click()
    assert download.value.suggested_filename.startswith("claims-all-")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="All your reports").click()
    page.get_by_role("cell", name="Fact-check report: all settled claims 3 claims").wait_for()
