import pytest
from django.urls import reverse

from claims.models import Claim, Evidence, Speaker, SpeakerAlias
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db


def speaker_with_claims(count: int, name: str = "Jane Roe") -> Speaker:
    speaker = make_speaker(name)
    source = make_source("Roe's speech")
    for n in range(count):
        verdict = Claim.Verdict.ACCURATE if n % 2 else Claim.Verdict.UNRATED
        claim = make_claim(make_article(title=f"Article {n}"), speaker=speaker, verdict=verdict)
        Evidence.objects.create(claim=claim, source=source)
    return speaker


def test_the_page_lists_the_speaker_s_claims_verdicts_and_sources(client, reviewer):
    speaker = speaker_with_claims(3)
    SpeakerAlias.objects.create(speaker=speaker, name="J. Roe")
    make_claim(make_article(title="Someone else's"), speaker=make_speaker("Other Person"))
    client.force_login(reviewer)
    page = client.get(reverse("claims:speaker-detail", args=[speaker.pk])).content.decode()
    assert "<h1>Jane Roe</h1>" in page and "Also written as: J. Roe" in page
    assert page.count("Article ") >= 3 and "Someone else" not in page
    assert "<td>accurate</td><td>1</td>" in page and "<td>unrated</td><td>2</td>" in page
    assert "Roe&#x27;s speech" in page and "<td>3</td>" in page


def test_htmx_gets_the_claims_table_only(client, reviewer):
    speaker = speaker_with_claims(2)
    client.force_login(reviewer)
    response = client.get(reverse("claims:speaker-detail", args=[speaker.pk]), {"page": 1}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="speaker-claims"') and "<h1>" not in body
    assert body.count("Article ") == 2


def test_the_claim_panel_links_to_the_speaker_s_page(client, reviewer):
    speaker = speaker_with_claims(1)
    claim = Claim.objects.get(speaker=speaker)
    client.force_login(reviewer)
    body = client.get(reverse("claims:claim-detail", args=[claim.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("claims:speaker-detail", args=[speaker.pk]) in body


def test_only_people_who_may_see_speakers_get_the_page(client, outsider):
    speaker = speaker_with_claims(1)
    url = reverse("claims:speaker-detail", args=[speaker.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_queries_do_not_grow_with_the_speaker_s_claims(client, reviewer, django_assert_max_num_queries, count):
    speaker = speaker_with_claims(count)
    client.force_login(reviewer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("claims:speaker-detail", args=[speaker.pk]))
    assert response.status_code == 200


def test_admin_merges_speakers_after_choosing_the_one_kept(client, admin_user):
    big, small = speaker_with_claims(2, "Jane Roe"), speaker_with_claims(1, "J. Roe")
    client.force_login(admin_user)
    url = reverse("admin:claims_speaker_changelist")
    chooser = client.post(url, {"action": "merge_selected", "_selected_action": [small.pk, big.pk]})
    body = chooser.content.decode()
    assert "Keep this record" in body and f'value="{big.pk}" checked' in body
    assert Speaker.objects.count() == 2  # nothing merged before confirming
    response = client.post(
        url, {"action": "merge_selected", "_selected_action": [small.pk, big.pk], "keep": small.pk, "confirm": "1"},
        follow=True,
    )
    assert "Merged 1 speaker(s) into “J. Roe”: 2 claim(s) moved." in response.content.decode()
    assert list(Speaker.objects.all()) == [small] and small.claims.count() == 3


def test_an_editor_cannot_merge_speakers(client, editor):
    one, two = make_speaker("Jane Roe"), make_speaker("J. Roe")
    client.force_login(editor)
    client.post(
        reverse("admin:claims_speaker_changelist"),
        {"action": "merge_selected", "_selected_action": [one.pk, two.pk], "keep": one.pk, "confirm": "1"},
    )
    assert Speaker.objects.count() == 2
