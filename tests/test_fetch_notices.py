"""The plain sentence said wherever a source's page could not be fetched:
the pure wording, and the template filter that reads the records."""

import datetime
import html

import pytest
from django.template import Context, Template
from django.utils import timezone

from claims.fetch_notices import capture_failure, day, fetch_cause, fetch_failure
from claims.models import Capture, ClaimEvent, Evidence, Source
from claims.services.evidence import link_source
from tests.factories import make_claim, make_source

TODAY = datetime.date(2024, 12, 9)
DNS = "Refused: gone.example could not be resolved ([Errno -2] Name or service not known)."


def test_day_leaves_out_this_years_year():
    assert day(datetime.date(2024, 12, 6), today=TODAY) == "6 Dec"
    assert day(datetime.date(2023, 12, 6), today=TODAY) == "6 Dec 2023"


def test_fetch_failure_names_the_stored_text_used():
    sentence = fetch_failure(failed_on=datetime.date(2024, 12, 6), stored_on=datetime.date(2024, 12, 2), today=TODAY)
    assert sentence == "Could not fetch the page on 6 Dec; the stored text from 2 Dec is used."


def test_fetch_failure_with_the_sources_own_text():
    sentence = fetch_failure(failed_on=datetime.date(2024, 12, 6), own_text=True, today=TODAY)
    assert sentence == "Could not fetch the page on 6 Dec; the source's own stored text is used."


def test_fetch_failure_with_no_stored_text():
    sentence = fetch_failure(failed_on=datetime.date(2024, 12, 6), today=TODAY)
    assert sentence == "Could not fetch the page on 6 Dec, and no text of it is stored yet."


@pytest.mark.parametrize("error, status, cause", [
    (DNS, None, "the site could not be found"),
    ("Refused: 10.0.0.1 is a private address.", None, "the address is not one the workbench may fetch"),
    ("gone.example did not answer within 5 seconds.", None, "the site did not answer in time"),
    ("The page took longer than 20 seconds.", None, "the site did not answer in time"),
    ("The server answered 404 Not Found.", None, "the page is gone"),
    ("The server answered 503 Service Unavailable.", None, "the site answered with an error"),
    ("Could not connect to gone.example (connection refused).", None, "the connection to the site failed"),
    ("The response is larger than 10 MB.", None, "the page is too large to keep"),
    ("Unsupported content type image/png.", None, "the page holds no text the workbench can read"),
    ("", 410, "the page is gone"),
    ("", 500, "the site answered with an error"),
    ("something new", None, "the fetch failed"),
])
def test_fetch_cause_in_plain_words(error, status, cause):
    assert fetch_cause(error, status) == cause


def test_capture_failure_is_one_sentence_without_the_technical_message():
    sentence = capture_failure(fetched_on=datetime.date(2024, 12, 6), today=TODAY, error=DNS, status_code=None)
    assert sentence == "Could not fetch the page on 6 Dec: the site could not be found."


# The filter, on the records


def _render(value) -> str:
    """The filter's output as a page shows it, on the record as read anew
    (the newest capture is read once per record and request)."""
    if isinstance(value, (Evidence, Source)):
        value = type(value).objects.get(pk=value.pk)
    shown = Template("{% load fetches %}{{ value|fetch_notice }}").render(Context({"value": value}))
    return html.unescape(shown).strip()


def _capture(source, *, days_ago: int, **fields) -> Capture:
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return Capture.objects.create(source=source, requested_url=source.url, fetched_at=at, **fields)


def _ok(source, *, days_ago: int) -> Capture:
    return _capture(source, days_ago=days_ago, status_code=200, text="We will build 40,000 homes this year.",
                    text_sha256="x" * 64)


def _on(days_ago: int) -> str:
    return day(timezone.localdate(timezone.now() - datetime.timedelta(days=days_ago)), today=timezone.localdate())


@pytest.mark.django_db
def test_filter_on_evidence_names_the_capture_its_passage_was_read_from(reviewer):
    source = make_source("Speech", url="https://gone.example/speech")
    read = _ok(source, days_ago=4)
    evidence = link_source(claim=make_claim(), source=source, by=reviewer, via=ClaimEvent.Via.COMMAND)
    assert evidence.capture == read and _render(evidence) == ""
    _capture(source, days_ago=1, error=DNS)
    assert _render(evidence) == f"Could not fetch the page on {_on(1)}; the stored text from {_on(4)} is used."


@pytest.mark.django_db
def test_filter_on_evidence_of_a_source_with_its_own_text(reviewer):
    source = make_source("Speech", url="https://gone.example/speech", text="We will build 40,000 homes this year.",
                         text_hash="h")
    evidence = link_source(claim=make_claim(), source=source, by=reviewer, via=ClaimEvent.Via.COMMAND)
    _capture(source, days_ago=0, error=DNS)
    assert _render(evidence) == f"Could not fetch the page on {_on(0)}; the source's own stored text is used."


@pytest.mark.django_db
def test_filter_on_a_source_never_fetched_says_nothing_is_stored():
    source = make_source("Speech", url="https://gone.example/speech")
    assert _render(source) == ""
    _capture(source, days_ago=2, error=DNS)
    assert _render(source) == f"Could not fetch the page on {_on(2)}, and no text of it is stored yet."
    _ok(source, days_ago=0)
    assert _render(source) == ""


@pytest.mark.django_db
def test_filter_on_a_source_uses_the_newest_readable_capture():
    source = make_source("Speech", url="https://gone.example/speech")
    _ok(source, days_ago=9)
    _ok(source, days_ago=5)
    _capture(source, days_ago=3, error=DNS)
    _capture(source, days_ago=1, error="The server answered 404 Not Found.")
    assert _render(source) == f"Could not fetch the page on {_on(1)}; the stored text from {_on(5)} is used."


@pytest.mark.django_db
def test_filter_on_captures():
    source = make_source("Speech", url="https://gone.example/speech")
    assert _render(_ok(source, days_ago=1)) == ""
    assert _render(_capture(source, days_ago=0, error=DNS)) == (
        f"Could not fetch the page on {_on(0)}: the site could not be found."
    )


def test_filter_on_anything_else_says_nothing():
    assert _render("text") == "" and _render(None) == ""
