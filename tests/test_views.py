import json
import re

import pytest
from django.urls import reverse

from claims.forms import SourceSearchForm
from claims.models import Article, Claim, Evidence, ImportBatch, Source
from claims.views import _claim_item
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_login_required_redirects(client):
    response = client.get(reverse("claims:article-list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_required_htmx_gets_client_redirect(client):
    response = client.get(reverse("claims:article-list"), headers=HTMX)
    assert response["HX-Redirect"].startswith("/login/")


def test_article_list_shows_progress(client, reviewer):
    article = make_article()
    make_claim(article, state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC)
    client.force_login(reviewer)
    response = client.get(reverse("claims:article-list"))
    content = response.content.decode()
    assert "<html" in content
    assert "Housing plan" in content
    assert "1 / 2 done" in content


def test_article_list_search_partial(client, reviewer):
    make_article(title="Housing plan")
    make_article(title="Fishing quotas")
    client.force_login(reviewer)
    response = client.get(reverse("claims:article-list"), {"q": "fish"}, headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert "Fishing quotas" in content
    assert "Housing plan" not in content


def test_article_list_pages_and_keeps_the_search(client, reviewer, django_assert_max_num_queries):
    for n in range(55):
        make_article(title=f"Harbour story {n:02d}")
    make_article(title="Fishing quotas")
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("claims:article-list"), {"q": "harbour"}).content.decode()
    assert "55 in all" in first
    after = re.search(r'href="\?q=harbour&amp;after=([^"]+)"[^>]*rel="next"', first).group(1)
    second = client.get(reverse("claims:article-list"), {"q": "harbour", "after": after}, headers=HTMX)
    second = second.content.decode()
    assert "<html" not in second
    assert second.count("Harbour story") == 5 and "Fishing quotas" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_queue_orders_open_claims_by_check_worthiness(client, reviewer, django_assert_max_num_queries):
    article = make_article()
    low = make_claim(article, score=0.2)
    high = make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC, score=0.9)
    make_claim(article, quote="Officials said", score=1.0, state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    make_claim(article, quote="fantasy", kind=Claim.Kind.NON_SPEECH_QUOTE, score=0.95)
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        content = client.get(reverse("claims:claim-queue")).content.decode()
    assert "<html" in content
    assert content.index(high.text) < content.index(low.text)
    assert "Officials said" not in content and "fantasy" not in content


def test_queue_shows_each_claim_s_proposed_verdict(client, reviewer):
    article = make_article()
    make_claim(article, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.MISQUOTED)
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-queue")).content.decode()
    assert "<th>Verdict</th>" in content
    assert '<span class="badge verdict-misquoted">misquoted</span>' in content


def test_queue_filters_partial(client, reviewer):
    article = make_article()
    mine = make_claim(article, assignee=reviewer)
    make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC)
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-queue"), {"mine": "on"}, headers=HTMX).content.decode()
    assert "<html" not in content
    assert mine.text in content and "12 percent" not in content
    stats = client.get(reverse("claims:claim-queue"), {"kind": "statistic"}, headers=HTMX).content.decode()
    assert "12 percent" in stats and mine.text not in stats


def test_article_detail_highlights_claims(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.get(reverse("claims:article-detail", args=[claim.article_id]))
    content = response.content.decode()
    assert f'id="mark-{claim.pk}"' in content
    assert f'id="claim-row-{claim.pk}"' in content
    assert "We will build 40,000 homes this year," in content


def test_article_detail_query_count(client, reviewer, django_assert_max_num_queries):
    article = make_article()
    for quote in ["We will build 40,000 homes this year,", "fantasy", "12 percent of the budget was unspent"]:
        make_claim(article, quote=quote)
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        client.get(reverse("claims:article-detail", args=[article.pk]))


def test_claim_detail_full_page_and_partial(client, reviewer):
    claim = make_claim(speaker_as_written="Jane Roe", cue="Jane Roe said")
    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[claim.pk])
    full = client.get(url).content.decode()
    partial = client.get(url, headers=HTMX).content.decode()
    assert "<html" in full and 'id="claim-panel"' in full and "Housing plan" in full
    assert "<html" not in partial and 'id="claim-panel"' in partial
    assert "Jane Roe said" in partial


def test_review_post_saves_and_returns_panel(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-review", args=[claim.pk]),
        {"state": "in_review", "verdict": "misquoted", "assignee": reviewer.pk, "version": 1},
        headers=HTMX,
    )
    content = response.content.decode()
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.assignee, claim.version) == ("in_review", "misquoted", reviewer, 2)
    assert "<html" not in content
    assert "State, verdict and assignee saved." in content
    assert 'hx-swap-oob="true"' in content
    assert "verdict unrated → misquoted" in content


def test_review_post_without_htmx_redirects(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-review", args=[claim.pk]), {"state": "in_review", "verdict": "unrated", "version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim-detail", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.state == "in_review"


def test_review_conflict_is_refused(client, reviewer, colleague):
    claim = make_claim()
    client.force_login(reviewer)
    client.post(reverse("claims:claim-review", args=[claim.pk]), {"state": "new", "verdict": "accurate", "version": 1})
    client.force_login(colleague)
    response = client.post(
        reverse("claims:claim-review", args=[claim.pk]),
        {"state": "new", "verdict": "inaccurate", "version": 1},
        headers=HTMX,
    )
    content = response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "accurate"
    assert "rita changed this claim while you were editing it" in content
    assert 'name="version" value="2"' in content


def test_review_get_is_405(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim-review", args=[claim.pk])).status_code == 405


def test_note_post(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": "Check the video."}, headers=HTMX)
    assert list(claim.notes.values_list("text", flat=True)) == ["Check the video."]
    assert "Check the video." in response.content.decode()


def test_note_get_is_405(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim-note", args=[claim.pk])).status_code == 405


def test_empty_note_is_refused(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": ""}, headers=HTMX)
    assert claim.notes.count() == 0
    assert "This field is required." in response.content.decode()


def test_evidence_with_new_source_compares_words(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {
            "new_title": "Minister's speech",
            "new_url": "https://gov.example/speech?utm_source=x",
            "new_kind": "speech",
            "new_text": "Thank you. We will build 4,000 homes this year, and more next year.",
            "stance": "contradicts",
            "locator": "para 2",
        },
        headers=HTMX,
    )
    content = response.content.decode()
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.source.canonical_url == "https://gov.example/speech"
    assert evidence.stance == "contradicts"
    assert evidence.locator == "para 2"
    assert evidence.match.verdict == "altered"
    assert "4,000" in evidence.passage
    assert "<del>" in content and "<ins>" in content
    assert "Minister&#x27;s speech" in content


def test_evidence_with_existing_source(client, reviewer):
    claim = make_claim()
    source = make_source("Press release", url="https://gov.example/pr")
    client.force_login(reviewer)
    client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"source": source.pk, "passage": "We will build", "stance": "supports", "new_kind": "other"},
        headers=HTMX,
    )
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.source, evidence.passage) == (source, "We will build")
    assert Source.objects.count() == 1


def test_evidence_without_source_is_refused(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]), {"stance": "supports", "new_kind": "other"}, headers=HTMX
    )
    assert Evidence.objects.count() == 0
    assert "Pick a source from the library" in response.content.decode()


def test_evidence_get_is_405(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim-evidence", args=[claim.pk])).status_code == 405


def test_source_search_partial(client, reviewer):
    make_source("Minister's speech", publisher="Ministry")
    make_source("Unrelated report")
    client.force_login(reviewer)
    response = client.get(reverse("claims:source-search"), {"q": "speech"}, headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert "Minister&#x27;s speech" in content
    assert "Unrelated report" not in content


def test_source_search_full_page(client, reviewer):
    make_source("Minister's speech")
    client.force_login(reviewer)
    content = client.get(reverse("claims:source-search"), {"q": "speech"}).content.decode()
    assert "<html" in content and "Minister&#x27;s speech" in content


def test_import_paste_creates_article_and_claims(client, editor):
    client.force_login(editor)
    text = 'Budget row\n\nBy Sam Writer\n\n"We will not raise taxes," the mayor, Ann Lee, said on Monday.'
    response = client.post(reverse("claims:article-import"), {"text": text, "title": "Budget row"})
    article = Article.objects.get()
    assert response["Location"] == reverse("claims:article-detail", args=[article.pk])
    assert article.imported_by == editor
    quote = article.claims.get(kind="quote")
    assert quote.text == "We will not raise taxes,"
    assert article.cleaned_text[quote.start : quote.end] == quote.text


def test_import_paste_twice_is_duplicate(client, editor):
    client.force_login(editor)
    text = '"We will not raise taxes," the mayor, Ann Lee, said on Monday. Council members disagreed.'
    client.post(reverse("claims:article-import"), {"text": text})
    response = client.post(reverse("claims:article-import"), {"text": text}, follow=True)
    assert Article.objects.count() == 1
    assert "imported before; nothing new was created" in response.content.decode()


def test_import_form_errors_partial(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:article-import"), {"text": ""}, headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert "Paste a text, choose a file or give a web address." in content
    assert Article.objects.count() == 0


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
@pytest.mark.parametrize("data, message", [
    ({"text": ""}, "Paste a text, choose a file or give a web address."),
    ({"url": "not an address"}, "Enter a valid URL."),
    ({"text": "Some words.", "url": "https://news.example/story"}, "Import one kind of input at a time."),
])
def test_import_form_says_each_mistake_once(client, editor, htmx, data, message):
    client.force_login(editor)
    content = client.post(reverse("claims:article-import"), data, headers=HTMX if htmx else {}).content.decode()
    assert ("<html" in content) is not htmx
    assert re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li></ul>', content) == [message]
    assert not ImportBatch.objects.exists()


def test_import_upload_batch_reports_each_file(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    files = [
        SimpleUploadedFile("a.txt", b'"Rates will fall," the governor, Max Stone, said.'),
        SimpleUploadedFile("b.txt", b""),
    ]
    response = client.post(reverse("claims:article-import"), {"files": files}, follow=True)
    content = response.content.decode()
    assert Article.objects.count() == 1
    assert "1 imported, 0 already there, 1 failed." in content
    assert "b.txt" in content


def test_export_downloads(client, editor):
    claim = make_claim(state="done", verdict="accurate")
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["json"]), {"article": claim.article_id})
    assert response["Content-Disposition"] == f'attachment; filename="claims-article-{claim.article_id}.json"'
    assert [c["claim_id"] for c in json.loads(response.getvalue())["claims"]] == [claim.pk]
    csv_response = client.get(reverse("claims:export", args=["csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert claim.text in csv_response.getvalue().decode()


def test_pasted_html_is_read_as_text_and_nothing_of_it_runs(client, editor):
    client.force_login(editor)
    html = (
        "<html><head><title>Harbour plan</title><script>alert('head')</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Harbour plan</h1>"
        "<p>The council met on Monday. <img src=x onerror=\"alert('img')\"></p>"
        "<p>\"The harbour will reopen in May,\" the mayor, Ann Lee, said. "
        "<a href=\"javascript:alert('link')\">More</a> <script>alert('body')</script></p>"
        "<p>Council members said the plan had been discussed for two years and would cost the city "
        "a great deal of money over the next decade, but most of them supported it.</p>"
        "</article></body></html>"
    )
    response = client.post(reverse("claims:article-import"), {"text": html}, follow=True)
    article = Article.objects.get()
    page = response.content.decode()
    assert "The harbour will reopen in May," in article.cleaned_text
    for dangerous in ("<script>alert", "onerror", "javascript:", "<img"):
        assert dangerous not in article.cleaned_text
        assert dangerous not in page
    assert article.claims.filter(kind="quote", text="The harbour will reopen in May,").exists()


def test_article_page_query_count_does_not_grow_with_claims(client, reviewer, django_assert_max_num_queries):
    sentences = [f'"Plan number {n} will work," Jane Roe said.' for n in range(40)]
    article = make_article(text=" ".join(sentences))
    for n in range(40):
        make_claim(article, quote=f"Plan number {n} will work,", speaker=make_speaker(f"Speaker {n}"))
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        content = client.get(reverse("claims:article-detail", args=[article.pk])).content.decode()
    assert content.count('class="claim kind-quote') == 40
    # 16 with the navigation's count of unread notifications and the
    # sources' newest captures (for a failed fetch's sentence), 17 with
    # the claims it repeats or that repeat it.
    with django_assert_max_num_queries(17):
        client.get(reverse("claims:claim-detail", args=[article.claims.first().pk]))


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>"])
def test_pages_never_link_an_address_that_is_not_http(client, reviewer, url):
    claim = make_claim(make_article(source_url=url))
    source = make_source(url=url, archive_url=url)
    Evidence.objects.create(claim=claim, source=source, passage="x")
    client.force_login(reviewer)
    pages = [
        reverse("claims:article-detail", args=[claim.article_id]),
        reverse("claims:claim-detail", args=[claim.pk]),
        reverse("claims:source-detail", args=[source.pk]),
    ]
    for page in pages:
        content = client.get(page).content.decode()
        assert 'href="javascript' not in content.lower() and 'href=" javascript' not in content.lower()
        assert 'href="data:' not in content


def test_pages_link_an_http_address(client, reviewer):
    article = make_article(source_url="https://ledger.example/harbour")
    client.force_login(reviewer)
    content = client.get(reverse("claims:article-detail", args=[article.pk])).content.decode()
    assert 'href="https://ledger.example/harbour"' in content


@pytest.mark.parametrize(
    ("name", "args", "params", "message"),
    [
        ("claims:export", ["csv"], {"article": "abc"}, "article: The article must be given by its number."),
        ("claims:export", ["json"], {"article": "-3"}, "article: Ensure this value is greater than or equal to 1."),
        ("claims:export", ["html"], {"article": "1e400"}, "article: The article must be given by its number."),
        ("claims:claim-queue", [], {"state": "nonsense"}, "state: Select a valid choice."),
        ("claims:article-list", [], {"q": "x" * 201}, "q: Ensure this value has at most 200 characters"),
    ],
)
def test_invalid_query_parameters_are_a_400_saying_what_is_wrong(client, editor, name, args, params, message):
    client.force_login(editor)
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "name", ["claims:article-list", "claims:source-search", "claims:claim-queue", "admin:claims_source_changelist"]
)
@pytest.mark.parametrize("value", ["harbour\x00", "\x00", "a\x1bb", "x\x7f"])
def test_control_characters_in_the_query_are_refused_before_the_database(client, admin_user, name, value):
    client.force_login(admin_user)
    response = client.get(reverse(name), {"q": value})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_search_field_turns_control_characters_into_spaces():
    form = SourceSearchForm({"q": "harbour\x00plan\u2028"})
    assert form.is_valid()
    assert form.cleaned_data["q"] == "harbour plan"


def test_export_of_one_article_still_works(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["csv"]), {"article": str(article.pk)})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="claims-article-{article.pk}.csv"'


def test_claim_item_holds_what_the_mark_and_row_show():
    named = make_claim(speaker=make_speaker("Jane Roe"), speaker_as_written="the minister",
                       state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE_CONTEXT)
    item = _claim_item(named, selected=named)
    assert item == {
        "pk": named.pk, "kind": "quote", "state": "second_check", "verdict": "accurate_context",
        "start": named.start, "end": named.end, "text": "We will build 40,000 homes this year,",
        "kind_label": "direct quote", "state_label": "needs second check", "verdict_label": "accurate, needs context",
        "speaker": "Jane Roe", "selected": True,
    }
    as_written = Claim(pk=named.pk + 1, speaker_as_written="the minister", text="x", start=0, end=1)
    assert _claim_item(as_written, selected=named)["speaker"] == "the minister"
    assert _claim_item(as_written, selected=named)["selected"] is False
    assert _claim_item(Claim(text="x", start=0, end=1))["speaker"] == "speaker unknown"


def test_claim_page_marks_its_claim_in_the_text_and_lists_it(client, reviewer):
    claim = make_claim(speaker_as_written="the minister")
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert f'<mark id="mark-{claim.pk}" class="claim kind-quote state-new selected"' in content
    assert '<span class="speaker">the minister</span>' in content
    assert '<span class="visually-hidden"> (new)</span></mark>' in content
