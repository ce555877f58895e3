"""Pages whose queries do not grow with the rows behind them: each page is
read with N rows and with 3N, and the second may run no more queries than
the first. (How long they take at a million claims: bench/bench_pages.py.)"""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from claims import views
from claims.admin import ClaimInline
from claims.models import Claim, ClaimEvent, ClaimRepeat, Evidence, Note, OriginalCandidate
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def queries(client, url, **kwargs) -> int:
    client.get(url, **kwargs)  # caches filled on a first visit (content types, permissions) are not the page's
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured)


class Desk:
    """Articles, each with an open claim and a settled one, the settled one
    citing one source (which every article cites) and carrying a note."""

    def __init__(self, user):
        self.user = user
        self.source = make_source("Budget speech", text="We will build 40,000 homes this year. " * 50)
        self.made = 0

    def add(self, count: int) -> None:
        for _ in range(count):
            self.made += 1
            n = self.made
            article = make_article(
                title=f"Harbour story {n}",
                text=f'"We will build 40,000 homes this year," the minister said on day {n}. '
                "Officials said 12 percent of the budget was unspent.",
            )
            speaker = make_speaker(f"Minister {n}")
            make_claim(article, speaker=speaker, assignee=self.user, score=0.5 + n / 1000)
            settled = make_claim(
                article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC, speaker=speaker,
                state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE,
            )
            Evidence.objects.create(claim=settled, source=self.source, passage="We will build", added_by=self.user)
            Note.objects.create(claim=settled, author=self.user, text=f"Checked {n}.")


def assert_flat(client, assert_max, desk: Desk, url: str, n: int, **kwargs) -> None:
    """The page read with n rows of each kind, then with 3n under the
    number of queries it took with n (assert_max:
    django_assert_max_num_queries)."""
    desk.add(n)
    few = queries(client, url, **kwargs)
    desk.add(2 * n)
    with assert_max(few):
        assert client.get(url, **kwargs).status_code == 200


@pytest.mark.parametrize(
    ("name", "params", "htmx"),
    [
        ("claims:article-list", "", False),
        ("claims:article-list", "q=harbour", True),
        ("claims:article-list", "last=1", True),
        ("claims:claim-queue", "", False),
        ("claims:claim-queue", "state=new", True),
        ("claims:claim-queue", "kind=quote&mine=on", True),
        ("claims:claim-queue", "last=1", True),
        ("claims:claim-queue", "q=minister+homes&state=new", True),
    ],
)
def test_lists_do_not_grow_with_their_rows(client, reviewer, monkeypatch, django_assert_max_num_queries, name, params,
                                           htmx):
    # Small pages, so that both sizes of the list span several of them.
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(reviewer)
    desk = Desk(reviewer)
    assert_flat(client, django_assert_max_num_queries, desk, f"{reverse(name)}?{params}", 6,
                headers=HTMX if htmx else {})


def test_article_list_counts_progress_for_its_page_only(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(reviewer)
    Desk(reviewer).add(8)
    with CaptureQueriesContext(connection) as captured:
        content = client.get(reverse("claims:article-list")).content.decode()
    assert content.count("1 / 2 done") == 5
    progress = [q["sql"] for q in captured if "COUNT" in q["sql"] and "claims_claim" in q["sql"]]
    assert len(progress) == 1 and "IN (" in progress[0]
    # No article's texts are read for the list.
    assert not any("cleaned_text" in q["sql"] for q in captured)


def test_source_page_does_not_grow_with_its_citations(client, reviewer, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(reviewer)
    desk = Desk(reviewer)
    url = reverse("claims:source-detail", args=[desk.source.pk])
    assert_flat(client, django_assert_max_num_queries, desk, url, 6)


def test_source_page_lists_its_citations_a_page_at_a_time(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(reviewer)
    desk = Desk(reviewer)
    desk.add(12)
    url = reverse("claims:source-detail", args=[desk.source.pk])
    expected = list(Evidence.objects.order_by("-added_at", "-id").values_list("claim_id", flat=True))
    first = client.get(url).content.decode()
    assert "<html" in first and "12 in all" in first
    seen = [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', first)]
    query = re.search(r'href="\?([^"]*)"[^>]*rel="next"', first).group(1).replace("&amp;", "&")
    while query:
        # The pager swaps the citations only.
        part = client.get(f"{url}?{query}", headers={**HTMX, "HX-Target": "citations"}).content.decode()
        assert "<html" not in part and 'id="citations"' in part and 'id="captures"' not in part
        seen += [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', part)]
        found = re.search(r'href="\?([^"]*)"[^>]*rel="next"', part)
        query = found.group(1).replace("&amp;", "&") if found else ""
    assert seen == expected


def test_source_page_never_reads_article_texts_or_archived_bytes(client, reviewer):
    client.force_login(reviewer)
    desk = Desk(reviewer)
    desk.add(3)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("claims:source-detail", args=[desk.source.pk]))
    sql = " ".join(q["sql"] for q in captured)
    assert "cleaned_text" not in sql and "raw_text" not in sql and '"body"' not in sql


def test_claim_panel_reads_what_it_shows_in_its_own_queries(client, reviewer, editor):
    # The panel reads only some columns of the rows it joins: one it shows
    # but did not read would be fetched with a query of its own.
    article = make_article()
    # Both approved, so that neither panel has the review form (its assignee list is a query).
    bare = make_claim(article, state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    earlier = make_claim(make_article(), state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE,
                         approved_by=editor, approved_at=timezone.now())
    full = make_claim(
        article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC, speaker=make_speaker(),
        state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_by=editor, approved_at=timezone.now(),
        published_by=editor, published_at=timezone.now(), public_id=uuid.uuid4(), linked_to=bare,
    )
    full.sent_back_note = Note.objects.create(claim=full, author=editor, text="Which budget?")
    full.save(update_fields=["sent_back_note"])
    ClaimRepeat.objects.create(claim=full, earlier=earlier, kind=ClaimRepeat.Kind.EXACT, score=1.0)
    source = make_source("Budget report")
    Evidence.objects.create(claim=full, source=source, passage="12 percent", added_by=reviewer)
    OriginalCandidate.objects.create(claim=full, source=source, start=0, end=10, passage="12 percent", verdict="exact",
                                     score=0.9)
    ClaimEvent.objects.create(claim=full, actor=editor, field="state", old="new", new="done")
    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[full.pk])
    panel = client.get(url, headers=HTMX).content.decode()
    shown = ("Approved by edna", "by edna: <a", "sent back</span> by edna", "“We will build 40,000 homes this year,”",
             "Already checked", "Housing plan</a>", "added by rita", "Which budget?", "edna:", "Budget report")
    for text in shown:
        assert text in panel
    # What most claims have none of is read only when there is some, one
    # query each: the claim it continues, its approver and publisher, the
    # note that sent it back; its sources, notes, history, possible
    # originals and repeats.
    read_when_set = len(views.PANEL_RELATED) + len(views.PANEL_LISTS) + 1
    bare_panel = queries(client, reverse("claims:claim-detail", args=[bare.pk]), headers=HTMX)
    assert queries(client, url, headers=HTMX) == bare_panel + read_when_set


@pytest.mark.parametrize("model", ["claim", "article", "source", "speaker", "evidence", "note"])
def test_admin_lists_do_not_grow_with_their_rows(client, admin_user, django_assert_max_num_queries, model):
    client.force_login(admin_user)
    desk = Desk(admin_user)
    assert_flat(client, django_assert_max_num_queries, desk, reverse(f"admin:claims_{model}_changelist"), 3)


@pytest.mark.parametrize("model", ["source", "article", "claim"])
def test_admin_change_pages_do_not_grow_with_their_rows(client, admin_user, django_assert_max_num_queries, model):
    client.force_login(admin_user)
    desk = Desk(admin_user)
    desk.add(1)
    obj = {"source": desk.source, "article": Claim.objects.first().article, "claim": Claim.objects.last()}[model]
    url = reverse(f"admin:claims_{model}_change", args=[obj.pk])
    few = queries(client, url)
    desk.add(3)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_admin_inline_shows_the_first_rows_and_links_to_all(client, admin_user):
    client.force_login(admin_user)
    text = " ".join(f"Claim number {n:03d} is here." for n in range(60))
    article = make_article(text=text)
    for n in range(60):
        make_claim(article, quote=f"Claim number {n:03d} is here.", speaker=make_speaker(f"Speaker {n}"))
    other = make_claim(make_article())
    page = client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert len(set(re.findall(r'href="/admin/claims/claim/(\d+)/change/', page))) == ClaimInline.cap
    link = f"{reverse('admin:claims_claim_changelist')}?article__id__exact={article.pk}"
    assert f'href="{link}"' in page
    listed = client.get(link).content.decode()
    assert "60 claims" in listed and other.text not in listed


def test_admin_inline_without_more_rows_has_no_link(client, admin_user):
    client.force_login(admin_user)
    claim = make_claim(make_article())
    page = client.get(reverse("admin:claims_article_change", args=[claim.article_id])).content.decode()
    assert "See all of them" not in page and claim.text in page


def test_admin_saves_an_article_whose_claims_are_capped(client, admin_user):
    client.force_login(admin_user)
    text = " ".join(f"Claim number {n:03d} is here." for n in range(55))
    article = make_article(text=text, title="Old title")
    for n in range(55):
        make_claim(article, quote=f"Claim number {n:03d} is here.")
    url = reverse("admin:claims_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    form = dict(re.findall(r'name="(claims-[^"]+)" value="([^"]*)"', page))
    form |= {
        "title": "New title", "cleaned_text": article.cleaned_text, "direction": "ltr", "content_hash": "x",
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.title == "New title" and article.claims.count() == 55


@pytest.mark.parametrize("model", ["evidence", "note"])
def test_admin_lists_evidence_and_notes_without_a_page_to_change_them(client, admin_user, model):
    client.force_login(admin_user)
    Desk(admin_user).add(2)
    page = client.get(reverse(f"admin:claims_{model}_changelist")).content.decode()
    assert "Budget speech" in page if model == "evidence" else "Checked 2." in page
    assert f"/admin/claims/{model}/add/" not in page and f"/admin/claims/{model}/1/" not in page
    for view in ("add", "change", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:claims_{model}_{view}", args=[] if view == "add" else [1])
    assert client.get(f"/admin/claims/{model}/1/change/").status_code == 404


def test_admin_lists_evidence_and_notes_for_reviewers_roles_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staffer", password="pw-for-tests-only", is_staff=True))
    assert client.get(reverse("admin:claims_evidence_changelist")).status_code == 403


def test_admin_list_of_many_rows_says_its_count_is_an_estimate(client, admin_user, monkeypatch):
    from claims import paging

    monkeypatch.setattr(paging, "EXACT_COUNT_UP_TO", 2)
    client.force_login(admin_user)
    Desk(admin_user).add(3)
    page = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    if connection.vendor == "postgresql":
        assert re.search(r"about \d+ claims", page)
    else:
        assert "6 claims" in page and "about" not in page
