"""One locking rule for every face: of saves based on the same version,
one is accepted and every other is refused, naming who changed the claim,
whether they come through the admin or the review panel at once."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims import roles
from claims.models import Claim, ClaimEvent, Notification
from claims.services.review import EditConflict
from claims.services.workflow import assign_claims
from tests.factories import make_article, make_claim
from tests.test_admin import _post_data

pytestmark = pytest.mark.django_db(transaction=True)


def _staff(django_user_model, name: str, role: str = roles.ADMIN):
    user = django_user_model.objects.create_user(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _at_once(jobs) -> list:
    """Run the jobs in threads released together; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(n, job):
        try:
            barrier.wait()
            results[n] = job()
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            results[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _admin_save(user, claim, **change):
    """An admin's change page, loaded now; posting it later is the job."""
    client = Client()
    client.force_login(user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = {**_post_data(client.get(url)), **change}

    def post():
        response = client.post(url, data)
        return "saved" if response.status_code == 302 else response.content.decode()

    return post


def _panel_save(user, claim, **change):
    client = Client()
    client.force_login(user)
    claim.refresh_from_db()
    data = {"state": claim.state, "verdict": claim.verdict, "assignee": "", "version": claim.version, **change}
    url = reverse("claims:claim-review", args=[claim.pk])

    def post():
        response = client.post(url, data, headers={"HX-Request": "true"})
        return "saved" if response.status_code == 200 and 'class="saved"' in response.content.decode() else (
            response.content.decode())

    return post


def _accepted_and_refused(results):
    accepted = [n for n, r in enumerate(results) if r == "saved"]
    refused = [r for r in results if r != "saved"]
    return accepted, refused


@pytest.mark.postgres
def test_twenty_admins_saving_one_claim_at_once_lose_nothing(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; its IMMEDIATE transactions serialise writers instead")
    claim = make_claim()
    admins = [_staff(django_user_model, f"admin{n}") for n in range(20)]
    jobs = [_admin_save(a, claim, role=f"role {n}") for n, a in enumerate(admins)]
    results = _at_once(jobs)
    assert not [r for r in results if isinstance(r, Exception)]
    accepted, refused = _accepted_and_refused(results)
    assert len(accepted) == 1
    winner = admins[accepted[0]]
    assert all(f"{winner.username} changed this claim while you were editing it" in r for r in refused)
    claim.refresh_from_db()
    assert (claim.role, claim.version) == (f"role {accepted[0]}", 2)
    assert list(claim.history.values_list("field", "actor")) == [("role", winner.pk)]


@pytest.mark.postgres
@pytest.mark.parametrize("rounds", [5])
def test_admin_and_panel_saving_at_once_one_is_refused(django_user_model, rounds):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; its IMMEDIATE transactions serialise writers instead")
    admin = _staff(django_user_model, "ada")
    reviewer = django_user_model.objects.create_user(username="rita")
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
    for _round in range(rounds):
        claim = make_claim()
        jobs = [_admin_save(admin, claim, role="Minister"), _panel_save(reviewer, claim, verdict="misquoted")]
        results = _at_once(jobs)
        accepted, refused = _accepted_and_refused(results)
        assert len(accepted) == 1 and len(refused) == 1
        winner = [admin, reviewer][accepted[0]]
        assert f"{winner.username} changed this claim while you were editing it" in refused[0]
        claim.refresh_from_db()
        assert claim.version == 2
        assert (claim.role, claim.verdict) == (("Minister", "unrated") if winner == admin else ("", "misquoted"))


@pytest.mark.postgres
def test_two_editors_assigning_overlapping_claims_at_once_one_assigns_all_the_other_none(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; its IMMEDIATE transactions serialise writers instead")
    sentences = [f'"Plan {n} will work," Jane Roe said.' for n in range(12)]
    article = make_article(text=" ".join(sentences))
    claims = [make_claim(article, quote=f"Plan {n} will work,") for n in range(12)]
    editors = [_staff(django_user_model, f"editor{n}", roles.EDITOR) for n in range(2)]
    reviewers = [_staff(django_user_model, f"reviewer{n}", roles.REVIEWER) for n in range(2)]
    # Overlapping selections, given in opposite orders: the service locks in id order, so neither waits
    # on the other in a cycle.
    selections = [{c.pk: 1 for c in claims[:8]}, {c.pk: 1 for c in reversed(claims[4:])}]
    jobs = [
        lambda n=n: assign_claims(seen=selections[n], assignee=reviewers[n], due_on=None, by=editors[n],
                                  via=ClaimEvent.Via.PANEL)
        for n in range(2)
    ]
    results = _at_once(jobs)
    conflicts = [n for n, r in enumerate(results) if isinstance(r, EditConflict)]
    assert len(conflicts) == 1, results
    winner = 1 - conflicts[0]
    assert len(results[winner]) == 8
    assigned = {c.pk: c.assignee_id for c in Claim.objects.filter(pk__in=[c.pk for c in claims])}
    assert {pk for pk, who in assigned.items() if who is not None} == set(selections[winner])
    assert {assigned[pk] for pk in selections[winner]} == {reviewers[winner].pk}
    assert Notification.objects.filter(recipient=reviewers[1 - winner]).count() == 0
