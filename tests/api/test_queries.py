"""The lists cost the same number of queries for three rows as for thirty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Capture, ClaimEvent, SpeakerAlias
from claims.services.evidence import link_source
from claims.services.review import add_note, change_claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

QUOTES = ["The minister spoke on Monday.", "We will build 40,000 homes this year,", "Critics called the plan"]
COMMAND = ClaimEvent.Via.COMMAND


def _grow(n: int, state: dict, user) -> None:
    """Add n of everything the lists show, each with the related rows they show."""
    claim = state.setdefault("claim", make_claim(make_article()))
    for i in range(n):
        article = make_article(imported_by=user)
        speaker = make_speaker(f"Speaker {len(state.setdefault('speakers', []))}")
        state["speakers"].append(speaker)
        SpeakerAlias.objects.create(speaker=speaker, name=f"alias of {speaker.pk}")
        for quote in QUOTES:
            make_claim(article, quote=quote, speaker=speaker, assignee=user, approved_by=user)
        source = make_source(f"Source {speaker.pk}", text="We will build 40,000 homes next year.",
                             url=f"https://example.org/{speaker.pk}")
        Capture.objects.create(source=source, requested_url=source.url, status_code=200)
        link_source(claim=claim, by=user, via=COMMAND, source=source)
        add_note(claim=claim, by=user, text=f"note {i}", via=COMMAND)
        claim = change_claim(claim=claim, by=user, seen_version=claim.version, via=COMMAND,
                             changes={"assignee": None if claim.assignee_id else user})
    state["claim"] = claim


@pytest.mark.parametrize("path", ["articles", "claims", "speakers", "sources", "claims/{claim}/evidence",
                                  "claims/{claim}/history", "claims/{claim}/notes"])
def test_list_queries_do_not_grow_with_rows(api, editor, path, django_assert_max_num_queries):
    state: dict = {}
    _grow(3, state, editor)
    url = path.format(claim=state["claim"].pk)
    api.as_(editor).get(url)  # the token's first use is noted once
    with CaptureQueriesContext(connection) as few:
        small = api.get(url, {"limit": 200})
    _grow(30, state, editor)
    with django_assert_max_num_queries(len(few)):
        large = api.get(url, {"limit": 200})
    body_small, body_large = small.json(), large.json()
    rows = (lambda b: b["items"]) if isinstance(body_small, dict) else (lambda b: b)
    assert len(rows(body_large)) >= 8 * len(rows(body_small)) > 0
