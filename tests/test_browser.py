"""The main flows in real Chromium (Debian's /usr/bin/chromium), driven by
Playwright against a live server."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from claims import roles
from claims.importers import import_paths
from claims.models import Claim, Source
from tests.chromium import chromium_browser, skip_without_chromium, sync_orm_beside_playwright  # noqa: F401 - fixtures
from tests.factories import make_claim

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-tests"


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def editor_login(django_user_model):
    user = django_user_model.objects.create_user(username="edna", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


def test_verify_quote_against_new_source_and_export(page, live_server, editor_login, tmp_path):
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")

    _login(page, live_server, "edna")
    page.click("text=NATO's top military officer calls for NATO weapons strikes deep inside Russia")
    # From the checklist: the quote sits inside a reported statement that
    # holds it, and only the outer span is highlighted in the text.
    page.click(f"#claim-row-{claim.pk} a")
    panel = page.locator("#claim-panel")
    panel.locator("blockquote.quote", has_text="Be quiet,").wait_for()
    url_before = page.url

    # Link a new source by pasting its transcript: no full page load.
    page.evaluate("window.__marker = 'same page'")
    panel.locator("summary", has_text="Link a source").click()
    panel.locator("input[name=new_title]").fill("Remarks prior to a meeting with Prime Minister Keir Starmer")
    panel.locator("select[name=new_kind]").select_option("press_conference")
    panel.locator("textarea[name=new_text]").fill(transcript)
    panel.locator("select[name=stance]").select_option("contradicts")
    panel.locator("button", has_text="Link source").click()
    panel.locator(".evidence", has_text="Remarks prior to a meeting").wait_for()
    assert "until I speak" in panel.locator(".diff").inner_text()

    # A note, then the verdict and its approval (a note on an approved claim would re-open it).
    panel.locator("textarea[name=text]").fill("Trimmed: he said “Be quiet until I speak” to a reporter.")
    panel.locator("button", has_text="Add note").click()
    panel.locator(".notes", has_text="Trimmed").wait_for()
    panel.locator("select[name=verdict]").select_option("misquoted")
    panel.locator("select[name=state]").select_option("done")
    panel.locator("button", has_text="Save review").click()
    panel.locator(".saved", has_text="State and verdict saved.").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    assert page.url == url_before
    assert "verdict unrated → misquoted" in panel.locator(".history").inner_text()
    # The checklist's row is swapped out of band with the panel; htmx may
    # settle it a moment after the panel shows its message.
    page.locator(f"#claim-row-{claim.pk}.state-done").wait_for(timeout=5000)

    with page.expect_download() as download_info:
        page.click("a:has-text('CSV')")
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    exported = path.read_text(encoding="utf-8")
    assert "Be quiet," in exported
    assert "misquoted" in exported
    assert "Remarks prior to a meeting" in exported


def test_second_save_of_the_same_claim_is_refused(browser, live_server, django_user_model):
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    for name in ("rita", "carl"):
        user = django_user_model.objects.create_user(username=name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
    pages = []
    for name in ("rita", "carl"):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        _login(page, live_server, name)
        page.goto(f"{live_server.url}/claims/{claim.pk}/")
        pages.append(page)
    first, second = pages
    first.locator("#claim-panel select[name=verdict]").select_option("accurate")
    first.locator("#claim-panel button", has_text="Save review").click()
    first.locator("#claim-panel .saved").wait_for()
    second.locator("#claim-panel select[name=verdict]").select_option("inaccurate")
    second.locator("#claim-panel button", has_text="Save review").click()
    error = second.locator("#claim-panel .error")
    error.wait_for()
    assert "rita changed this claim while you were editing it" in error.inner_text()
    claim.refresh_from_db()
    assert claim.verdict == "accurate"
    for page in pages:
        page.context.close()


def test_import_pasted_article_in_browser(page, live_server, editor_login):
    _login(page, live_server, "edna")
    page.click("text=Import")
    page.fill("textarea[name=text]", 'Harbour plan\n\n"The harbour will reopen in May," the mayor, Ann Lee, said.')
    page.click("button:has-text('Import')")
    page.wait_for_selector("mark.claim")
    assert "The harbour will reopen in May," in page.locator("mark.claim").first.inner_text()
    assert "/articles/" in page.url


def test_mark_the_passage_by_hand_and_see_the_words_left_out(page, live_server, editor_login):
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
    source = Source.objects.create(title="Biden remarks, 13 September 2024", kind="press_conference", text=transcript)

    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    panel = page.locator("#claim-panel")
    panel.locator("summary", has_text="Link a source").click()
    panel.locator("input[name=q]").fill("Biden")
    panel.locator("#source-results button", has_text="Biden remarks").click()
    panel.locator("#picked-source", has_text="Picked: Biden remarks").wait_for()
    panel.locator("button", has_text="Link source").click()
    panel.locator(".match-status", has_text="found automatically").wait_for()

    panel.locator("a", has_text="Pick another occurrence or mark the passage").click()
    panel.locator(".passage-picker").wait_for()
    panel.locator(".passage-picker textarea[name=passage]").fill("Be quiet until I speak.")
    panel.locator("button", has_text="Use these words").click()
    panel.locator(".saved", has_text="Passage recorded.").wait_for()
    assert "marked by hand" in panel.locator(".match-status").inner_text()
    assert panel.locator(".diff-side.source del").first.text_content() == "removed from the quote: until I speak."
    assert "set the passage" in panel.locator(".history").inner_text()
    evidence = source.evidence.get()
    assert transcript[evidence.passage_start : evidence.passage_end] == "Be quiet until I speak."


def test_findings_of_a_new_source_and_accepting_the_suggested_verdict(page, live_server, editor_login):
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
    cut = "Cut mid-sentence: the source goes on “until I speak”"

    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    panel = page.locator("#claim-panel")
    page.evaluate("window.__marker = 'same page'")
    panel.locator("summary", has_text="Link a source").click()
    panel.locator("input[name=new_title]").fill("Remarks prior to a meeting with Prime Minister Keir Starmer")
    panel.locator("select[name=new_kind]").select_option("press_conference")
    panel.locator("textarea[name=new_text]").fill(transcript)
    panel.locator("button", has_text="Link source").click()

    # The finding, in words, above the word-by-word diff.
    finding = panel.locator(".evidence .findings li", has_text=cut)
    finding.wait_for()
    assert finding.bounding_box()["y"] < panel.locator(".evidence .diff").bounding_box()["y"]
    suggestion = panel.locator(".suggestion")
    assert "accurate, needs context" in suggestion.inner_text()
    assert cut in suggestion.inner_text()

    suggestion.locator("button", has_text="Accept suggestion").click()
    panel.locator(".saved", has_text="Verdict set as suggested.").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    history = panel.locator(".history").inner_text()
    assert f"verdict unrated → accurate, needs context, as suggested: {cut}" in history
    assert "The verdict is the suggested one." in panel.locator(".suggestion").inner_text()
    claim.refresh_from_db()
    assert claim.verdict == "accurate_context"

    # An editor approves it, and the printable report carries the finding.
    panel.locator("select[name=state]").select_option("done")
    panel.locator("button", has_text="Save review").click()
    panel.locator(".saved", has_text="State saved.").wait_for()
    page.click("a:has-text('printable report')")
    page.locator(".report-claim").wait_for()
    report = page.locator(".report-claim").inner_text()
    # The words said, without the comma that joined them to "Biden replied".
    assert "“Be quiet”" in report and cut in report


def test_find_the_original_of_a_quote_and_link_it(page, live_server, editor_login):
    from django.core.management import call_command

    call_command("import_sources", str(SEEDS / "sources" / "biden-starmer-2024-09-13.txt"), "--json", stdout=StringIO())
    source = Source.objects.get()
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")

    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.evaluate("window.__marker = 'same page'")
    panel = page.locator("#claim-panel")
    panel.locator("a", has_text="Find the original").click()
    candidate = panel.locator(".original-candidate", has_text="Remarks Prior to a Meeting")
    candidate.first.wait_for()
    assert "suggested: accurate, needs context" in candidate.first.inner_text()
    candidate.first.locator("button", has_text="Link this source").click()
    panel.locator(".saved", has_text="Linked").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    evidence = source.evidence.get()
    assert evidence.claim == claim
    assert source.text[evidence.passage_start : evidence.passage_end] == "Be quiet"
    assert "until I speak" in panel.locator(".evidence").inner_text()


def test_pages_and_htmx_swaps_break_no_content_security_policy_rule(page, live_server, editor_login):
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)
    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{claim.article_id}/")
    page.locator(f"#mark-{claim.pk}").click()
    page.locator("#claim-panel .panel-head").wait_for()
    page.goto(f"{live_server.url}/export/claims.html")
    page.goto(f"{live_server.url}/queue/")
    assert violations == []


def test_api_docs_work_offline_under_the_content_security_policy(page, live_server, editor_login):
    """The docs page runs Swagger UI from the app's own static files: no
    request leaves the server, no policy rule is broken, and "Try it out"
    calls the API with the session."""
    make_claim()
    violations, elsewhere = [], []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.on("request", lambda r: None if r.url.startswith(live_server.url) or r.url.startswith("data:")
            else elsewhere.append(r.url))
    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/api/docs")
    claims_list = page.locator(".opblock-get", has=page.locator(".opblock-summary-path", has_text="/api/claims")).first
    claims_list.locator(".opblock-summary").click()
    claims_list.locator("button.try-out__btn").click()
    claims_list.locator("button.execute").click()
    body = claims_list.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert "We will build 40,000 homes this year," in body.inner_text()
    assert claims_list.locator(".live-responses-table tbody .response-col_status").first.inner_text().strip() == "200"
    assert violations == []
    assert elsewhere == []

def test_an_editor_publishes_an_approved_claim_and_anyone_can_read_it(browser, page, live_server, editor_login):
    import json

    from claims.models import ClaimEvent
    from claims.services.evidence import link_source

    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
    source = Source.objects.create(title="Remarks with Keir Starmer", kind="press_conference", text=transcript)
    link_source(claim=claim, source=source, by=editor_login, via=ClaimEvent.Via.COMMAND)
    rationale = "The transcript has him say “Be quiet until I speak” to a reporter: the quote stops mid-sentence."

    _login(page, live_server, "edna")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    panel = page.locator("#claim-panel")
    panel.locator("select[name=verdict]").select_option("accurate_context")
    panel.locator("textarea[name=rationale]").fill(rationale)
    panel.locator("select[name=state]").select_option("done")
    panel.locator("button", has_text="Save review").click()
    panel.locator(".saved", has_text="Saved.").wait_for()
    panel.locator(".publication button", has_text="Publish").click()
    panel.locator(".saved", has_text="Published: the public page is live.").wait_for()
    assert "published the claim" in panel.locator(".history").inner_text()
    public_url = panel.locator("a.public-link").get_attribute("href")

    # A reader with no account.
    reader = browser.new_context()
    violations = []
    public = reader.new_page()
    public.on("console", lambda message: violations.append(message.text)
              if "Content Security Policy" in message.text else None)
    public.goto(f"{live_server.url}{public_url}")
    assert public.url == f"{live_server.url}{public_url}"
    assert rationale in public.locator(".rationale").inner_text()
    assert "Accurate, needs context" in public.locator(".verdict").inner_text()
    assert "“Be quiet”" in public.locator(".claim-words").inner_text()
    review = json.loads(public.locator('script[type="application/ld+json"]').text_content())
    assert (review["@type"], review["claimReviewed"], review["reviewBody"]) == ("ClaimReview", "Be quiet", rationale)
    assert review["url"] == f"{live_server.url}{public_url}"
    assert review["reviewRating"]["alternateName"] == "accurate, needs context"
    assert violations == []
    reader.close()


def test_editor_assigns_and_sends_back_and_the_reviewer_sees_it_first(browser, live_server, editor_login,
                                                                       django_user_model):
    """The round trip: the editor assigns, the reviewer proposes, the
    editor sends it back with a question, the reviewer finds it first,
    reads the question in the panel and proposes again, the editor
    approves, and the reviewer is told and may no longer change it."""
    from tests.factories import make_article

    rita = django_user_model.objects.create_user(username="rita", password=PASSWORD)
    rita.groups.add(Group.objects.get(name=roles.REVIEWER))
    article = make_article()
    claim = make_claim(article, score=0.3)
    # Already hers, due sooner and more check-worthy: it would lead her queue but for the send-back.
    other = make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC, score=0.9,
                       assignee=rita, due_on=timezone.localdate())
    violations = []

    def _page(username):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        _login(page, live_server, username)
        return page

    def _propose(page, verdict: str) -> None:
        """In the claim's panel, a verdict proposed for an editor's approval."""
        page.locator("#review-form select[name=verdict]").select_option(label=verdict)
        page.locator("#review-form select[name=state]").select_option(label="needs second check")
        page.locator("#review-form button", has_text="Save review").click()
        page.locator("#claim-panel .saved", has_text="saved.").wait_for()

    editor = _page("edna")
    editor.click('nav >> text="Queue"')
    editor.evaluate("window.__marker = 'same page'")
    editor.locator(f"#queue-row-{claim.pk} input[name=claims]").check()
    editor.select_option("#assign-form select[name=assignee]", label="rita")
    editor.fill("#assign-form input[name=due_on]", "2031-05-02")
    editor.locator("#assign-form button", has_text="Assign").click()
    editor.locator("#assign-form .saved", has_text="Assigned 1 claim to rita, due 2 May 2031.").wait_for()
    # The table reloaded itself with the new assignee, without leaving the page.
    editor.locator(f"#queue-row-{claim.pk}", has_text="rita").wait_for()
    assert editor.evaluate("window.__marker") == "same page"

    # Rita proposes a verdict from her queue.
    reviewer = _page("rita")
    reviewer.click("nav >> text=My queue")
    reviewer.locator(f"#my-row-{claim.pk} a").first.click()
    reviewer.locator(f"#claim-panel[data-claim='{claim.pk}']").wait_for()
    _propose(reviewer, "misquoted")

    # The editor sends it back from the list of verdicts to approve.
    editor.click("nav >> text=To approve")
    row = editor.locator(f"#approval-row-{claim.pk}")
    row.locator("summary", has_text="Send back").click()
    row.locator("textarea[name=note]").fill("Which year was this said in?")
    row.locator("button", has_text="Send back").click()
    editor.locator(f"#approval-row-{claim.pk} .saved", has_text="Sent back to rita.").wait_for()
    claim.refresh_from_db()
    assert (claim.state, claim.sent_back_note.text) == ("in_review", "Which year was this said in?")

    reviewer.goto(f"{live_server.url}/")
    badge = reviewer.locator("#unread-count")
    assert badge.inner_text().split()[0] == "2"  # assigned, then sent back
    reviewer.click("nav >> text=My queue")
    rows = reviewer.locator("#my-queue-table tbody tr")
    # The click starts a navigation; count() does not wait for the new page.
    rows.nth(1).wait_for()
    assert rows.count() == 2
    first = rows.nth(0)
    assert first.get_attribute("id") == f"my-row-{claim.pk}"
    assert "sent back" in first.inner_text() and "Which year was this said in?" in first.inner_text()
    assert rows.nth(1).get_attribute("id") == f"my-row-{other.pk}"
    reviewer.click("nav >> text=Notifications")
    reviewer.locator("tr.notification-sent_back", has_text="sent back to you").wait_for()
    assert reviewer.locator("#unread-count").count() == 0

    # She reads the question beside the verdict and proposes again.
    reviewer.click("nav >> text=My queue")
    reviewer.locator(f"#my-row-{claim.pk} a", has_text="We will build").click()
    reviewer.locator(".sent-back-panel", has_text="Which year was this said in?").wait_for()
    _propose(reviewer, "accurate")
    assert reviewer.locator(".sent-back-panel").count() == 0

    # The editor approves; she is told, and the claim is no longer hers to change.
    editor.click("nav >> text=To approve")
    editor.locator(f"#approval-row-{claim.pk}", has_text="accurate").locator("button", has_text="Approve").click()
    editor.locator(f"#approval-row-{claim.pk} .saved", has_text="Approved: accurate.").wait_for()
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.approved_by, claim.sent_back_note) == ("done", "accurate", editor_login,
                                                                                     None)
    reviewer.click("nav >> text=Notifications")
    reviewer.locator("tr.notification-approved", has_text="verdict approved").wait_for()
    reviewer.click("nav >> text=My queue")
    reviewer.locator(f"#my-row-{other.pk}").wait_for()
    assert reviewer.locator(f"#my-row-{claim.pk}").count() == 0
    reviewer.goto(f"{live_server.url}/claims/{claim.pk}/")
    reviewer.locator("#claim-panel .review-locked", has_text="only an editor can change it").wait_for()
    assert reviewer.locator("#review-form").count() == 0

    editor.goto(f"{live_server.url}/dashboard/")
    editor.locator("#dashboard-body svg").first.wait_for()
    assert violations == []
    for page in (editor, reviewer):
        page.context.close()
