"""The claim panel as a reviewer works through it: its order, the quote's
sentence, the states each role is offered, refusals shown inside it, what a
save says, failed fetches in plain words; and the page's keyboard and
screen-reader parts."""

import datetime
import html
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from claims.forms import EvidenceForm, ReviewForm
from claims.models import Capture, Claim, ClaimEvent, Note
from claims.services.evidence import link_source
from claims.services.review import ONLY_EDITORS_APPROVE, change_claim
from claims.services.workflow import send_back
from tests.factories import make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "claim-panel"}
SPEECH = "Thank you all. We will build 4,000 homes this year, and on time."
DNS = "Refused: gone.example could not be resolved ([Errno -2] Name or service not known)."


def _panel(client, claim, **headers) -> str:
    return client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=headers).content.decode()


def _compared(user) -> Claim:
    claim = make_claim()
    source = make_source("Minister's speech", text=SPEECH)
    link_source(claim=claim, source=source, by=user, via=ClaimEvent.Via.COMMAND)
    return claim


def _positions(content: str, *markers: str) -> list[int]:
    return [content.index(marker) for marker in markers]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_panel_shows_quote_then_comparison_then_verdict_then_notes_and_history(client, reviewer, headers):
    claim = _compared(reviewer)
    client.force_login(reviewer)
    content = _panel(client, claim, **headers)
    assert ("<html" in content) == (not headers)
    order = _positions(content, 'class="quote"', 'class="findings"', 'class="diff"', 'class="suggestion"',
                       'id="review-form"', "<h3>Notes</h3>", "<h3>History</h3>")
    assert order == sorted(order)


def test_quote_is_shown_in_its_sentence_not_by_offsets(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    content = _panel(client, claim, **HTMX)
    quote = html.unescape(re.search(r'<blockquote class="quote"[^>]*>(.*?)</blockquote>', content, re.S).group(1))
    assert quote == (
        '<span class="context">"</span><mark class="quoted">We will build 40,000 homes this year,</mark>'
        '<span class="context">" Jane Roe said.</span>'
    )
    assert "characters" not in content[: content.index('class="panel-sources"')]


def _state_options(content: str) -> list[str]:
    select = re.search(r'<select name="state"[^>]*>(.*?)</select>', content, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.mark.parametrize("persona, states", [
    ("reviewer", ["new", "in_review", "second_check"]),
    ("editor", ["new", "in_review", "second_check", "done"]),
    ("admin_user", ["new", "in_review", "second_check", "done"]),
])
def test_state_menu_offers_only_the_states_the_person_may_set(client, request, persona, states):
    client.force_login(request.getfixturevalue(persona))
    claim = make_claim()
    assert _state_options(_panel(client, claim, **HTMX)) == states
    assert _state_options(_panel(client, claim)) == states


def test_approved_claim_offers_a_reviewer_no_form_to_change_it(client, reviewer, editor):
    claim = _compared(reviewer)
    claim.state, claim.verdict, claim.approved_by = Claim.State.DONE, Claim.Verdict.ACCURATE, editor
    claim.save()
    client.force_login(reviewer)
    content = _panel(client, claim, **HTMX)
    assert '<select name="state"' not in content and "Accept suggestion" not in content
    assert 'class="note-form"' not in content and "Link a source" not in content
    assert "only an editor can change it" in content


def test_forged_done_is_refused_inside_the_panel_with_403(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    url = reverse("claims:claim-review", args=[claim.pk])
    data = {"state": "done", "verdict": "accurate", "version": 1}
    response = client.post(url, data, headers=HTMX)
    content = html.unescape(response.content.decode())
    assert response.status_code == 403
    assert "<html" not in content and "403 Forbidden" not in content
    assert content.lstrip().startswith('<section id="claim-panel"')
    assert f'<p class="error" role="alert" tabindex="-1" data-focus-after-swap>{ONLY_EDITORS_APPROVE}</p>' in content
    assert "HX-Retarget" not in response
    full = client.post(url, data)
    assert full.status_code == 403 and "<html" in full.content.decode()
    assert ONLY_EDITORS_APPROVE in html.unescape(full.content.decode())
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.version) == ("new", "unrated", 1)


def test_note_on_an_approved_claim_is_refused_inside_the_panel(client, reviewer, editor):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_by=editor)
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": "late"}, headers=HTMX)
    content = html.unescape(response.content.decode())
    assert response.status_code == 403
    assert '<section id="claim-panel"' in content and ONLY_EDITORS_APPROVE in content and "<html" not in content
    assert Note.objects.count() == 0


@pytest.mark.parametrize("change, message", [
    ({"verdict": "misquoted"}, "Verdict saved."),
    ({"state": "in_review"}, "State saved."),
    ({"state": "in_review", "verdict": "misquoted"}, "State and verdict saved."),
    ({}, "Nothing to save: the review is as it was."),
])
def test_save_says_what_changed_and_takes_the_focus(client, reviewer, change, message):
    claim = make_claim()
    client.force_login(reviewer)
    data = {"state": "new", "verdict": "unrated", "version": 1} | change
    content = client.post(reverse("claims:claim-review", args=[claim.pk]), data, headers=HTMX).content.decode()
    assert f'<p class="saved" role="status" tabindex="-1" data-focus-after-swap data-announce>{message}</p>' in content


def test_note_added_says_so(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    content = client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": "n"}, headers=HTMX).content.decode()
    assert "data-announce>Note added.</p>" in content
    assert list(claim.notes.values_list("text", flat=True)) == ["n"]


def test_failed_fetch_is_one_plain_sentence_and_the_stored_comparison_stays(client, reviewer):
    claim = make_claim()
    source = make_source("Speech", url="https://gone.example/speech")
    Capture.objects.create(source=source, requested_url=source.url, status_code=200, text=SPEECH, text_sha256="x",
                           fetched_at=timezone.now() - datetime.timedelta(days=3))
    link_source(claim=claim, source=source, by=reviewer, via=ClaimEvent.Via.COMMAND)
    Capture.objects.create(source=source, requested_url=source.url, error=DNS)
    client.force_login(reviewer)
    for content in (_panel(client, claim, **HTMX), client.get(reverse("claims:source-detail", args=[source.pk]))
                    .content.decode()):
        content = html.unescape(content)
        assert "Errno" not in content and "Refused" not in content
        assert re.search(r"Could not fetch the page on \d+ \w+; the stored text from \d+ \w+ is used\.", content)
    panel = html.unescape(_panel(client, claim, **HTMX))
    assert 'replaced in the quote by “40”: </span>4</del>' in panel
    source_page = html.unescape(client.get(reverse("claims:source-detail", args=[source.pk])).content.decode())
    assert re.search(r"Could not fetch the page on \d+ \w+: the site could not be found\.", source_page)


def _diff(client, user, *, text: str, quote: str, source: str) -> str:
    claim = make_claim(make_article(text=text), quote=quote)
    link_source(claim=claim, source=make_source("Speech", text=source), by=user, via=ClaimEvent.Via.COMMAND)
    client.force_login(user)
    panel = html.unescape(_panel(client, claim, **HTMX))
    return panel[panel.index('class="diff"') : panel.index('class="diff-legend"')]


def test_diff_says_in_words_what_was_added_and_changed(client, reviewer):
    diff = _diff(client, reviewer, text='"We will build 40,000 new homes," she said.',
                 quote="We will build 40,000 new homes,", source="We will build 4,000 homes.")
    assert '<ins><span class="visually-hidden">added, not in the source: </span>new</ins>' in diff
    assert '<ins class="changed"><span class="visually-hidden">changed, the source says “4”: </span>40</ins>' in diff
    assert '<del class="changed"><span class="visually-hidden">replaced in the quote by “40”: </span>4</del>' in diff
    assert "title=" not in diff


def test_diff_says_in_words_what_was_left_out(client, reviewer):
    diff = _diff(client, reviewer, text='"We will build homes on time," she said.',
                 quote="We will build homes on time,", source="We will build many homes on time.")
    assert '<span class="visually-hidden">(left out here: many)</span>' in diff
    assert '<del><span class="visually-hidden">removed from the quote: </span>many</del>' in diff


def test_article_page_has_skip_links_an_announcer_the_shortcuts_and_state_cues(client, reviewer):
    claim = make_claim(state=Claim.State.IN_REVIEW)
    client.force_login(reviewer)
    content = client.get(reverse("claims:article-detail", args=[claim.article_id])).content.decode()
    assert '<a class="skip-link" href="#main">' in content and '<a class="skip-link" href="#claim-panel">' in content
    assert '<main id="main"' in content
    assert 'id="announcer" class="visually-hidden" role="status" aria-live="polite"' in content
    assert '<dialog id="shortcuts"' in content
    mark = re.search(rf'<mark id="mark-{claim.pk}".*?</mark>', content, re.S).group(0)
    assert '<span class="visually-hidden"> (in review)</span>' in mark


def test_progress_bars_have_names(client, editor):
    make_claim()
    client.force_login(editor)
    content = client.get(reverse("claims:article-list")).content.decode()
    assert 'role="progressbar" aria-label="Review progress"' in content
    assert 'aria-valuetext="0 of 1 claims done"' in content


def test_import_error_is_said_once(client, editor):
    client.force_login(editor)
    for headers in ({}, {"HX-Request": "true"}):
        content = client.post(reverse("claims:article-import"), {"text": ""}, headers=headers).content.decode()
        assert content.count("Paste a text, choose a file or give a web address.") == 1


def test_link_form_is_the_same_empty_whether_rendered_anew_or_kept(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    fresh = render_to_string("claims/includes/claim_panel.html#evidence-fields", {"evidence_form": EvidenceForm()})
    for _ in range(2):
        content = _panel(client, claim, **HTMX)
        assert fresh in content
        assert 'name="new_title"' in content and 'name="stance"' in content and "errorlist" not in content


def test_failed_link_shows_the_form_as_sent_with_its_errors(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    _panel(client, claim, **HTMX)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Budget speech", "new_url": "not an address", "new_kind": "speech", "stance": "supports"},
        headers=HTMX,
    )
    content = response.content.decode()
    assert 'value="Budget speech"' in content
    assert 'value="not an address"' in content
    assert "errorlist" in content
    assert '<details class="link-source" open>' in content


def test_save_swaps_in_the_claims_row_and_mark_as_they_now_are(client, reviewer):
    claim = make_claim(speaker_as_written="the minister")
    client.force_login(reviewer)
    data = {"state": "in_review", "verdict": "misquoted", "version": 1}
    content = client.post(reverse("claims:claim-review", args=[claim.pk]), data, headers=HTMX).content.decode()
    row = re.search(rf'<li id="claim-row-{claim.pk}" class="claim-row state-in_review"[^>]*hx-swap-oob="true">.*?</li>',
                    content, re.S)
    assert row is not None
    assert '<span class="speaker">the minister</span>' in row.group()
    assert "verdict: </span>misquoted</span>" in row.group()
    mark = re.search(rf'<mark id="mark-{claim.pk}" class="claim kind-quote state-in_review"[^>]*hx-swap-oob="true">',
                     content)
    assert mark is not None
    assert "(in review)</span></mark>" in content


def test_sent_back_claim_shows_the_editors_note_beside_the_verdict_until_proposed_again(client, reviewer, editor):
    claim = make_claim(assignee=reviewer)
    claim = change_claim(claim=claim, by=reviewer, seen_version=claim.version, via=ClaimEvent.Via.PANEL,
                         changes={"state": Claim.State.SECOND_CHECK, "verdict": Claim.Verdict.MISQUOTED})
    claim = send_back(claim=claim, by=editor, seen_version=claim.version, via=ClaimEvent.Via.PANEL,
                      note="Which year was this said in?")
    client.force_login(reviewer)
    content = _panel(client, claim, **HTMX)
    shown = re.search(r'<div class="sent-back-panel">(.*?)</div>', content, re.S).group(1)
    assert "by edna" in shown and "Which year was this said in?" in shown
    # Above the form that answers it.
    assert content.index('class="sent-back-panel"') < content.index('id="review-form"')

    client.post(reverse("claims:claim-review", args=[claim.pk]), {
        "state": Claim.State.SECOND_CHECK, "verdict": Claim.Verdict.ACCURATE, "assignee": reviewer.pk,
        "version": claim.version}, headers=HTMX)
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.sent_back_note) == ("second_check", "accurate", None)
    assert 'class="sent-back-panel"' not in _panel(client, claim, **HTMX)


@pytest.mark.parametrize(
    "initial", [{"state": "in_review", "verdict": "accurate"}, {"state": "new", "verdict": "unrated"}]
)
@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_the_review_forms_lists_are_written_as_djangos_select_writes_them(request, initial, who):
    user = request.getfixturevalue(who)
    form = ReviewForm(initial={**initial, "assignee": user.pk, "version": 1}, user=user)
    for name in ("state", "verdict", "assignee"):
        field = form[name]
        assert str(field) == str(field.as_widget(widget=forms.Select(choices=field.field.widget.choices)))
        assert 'selected>' in str(field)
