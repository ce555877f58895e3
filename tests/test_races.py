"""Every "create if missing" holds when requests come at once: the
database's unique constraints decide, the loser gets the existing row, and
nobody sees an error. Captures, kept for ever, are limited per hour."""

import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.urls import reverse

from claims.importers import import_url
from claims.models import Article, Capture, ClaimEvent, Evidence, Source
from claims.services.captures import capture_source
from claims.services.evidence import link_source
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db(transaction=True)

_hits = itertools.count()


class _ChangingPage(BaseHTTPRequestHandler):
    """A news page whose counter changes on every fetch, so two fetches
    never hash alike."""

    def do_GET(self):
        payload = (
            "<html><head><title>Harbour plan</title></head><body><article>"
            f'<p>"We will build 40,000 homes this year," Jane Roe said. Views: {next(_hits)}.</p>'
            "</article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def changing_page(settings):
    settings.FETCH_ALLOW_ADDRESSES = ["127.0.0.1/32"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChangingPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/news/harbour"
    server.shutdown()
    server.server_close()


def _at_once(n: int, job) -> list:
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_same_address_imported_ten_times_at_once_is_one_article(changing_page):
    outcomes = _at_once(10, lambda: import_url(changing_page))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted(o.status for o in outcomes) == ["duplicate"] * 9 + ["imported"]
    article = Article.objects.get()
    assert {o.article.pk for o in outcomes} == {article.pk}


def test_same_new_source_linked_ten_times_at_once_is_one_source(reviewer):
    claim = make_claim()
    new_source = {"title": "Speech", "url": "https://gov.example/speech?utm_source=x"}
    results = _at_once(10, lambda: link_source(claim=claim, by=reviewer, via=ClaimEvent.Via.PANEL,
                                               new_source=dict(new_source)))
    assert [r for r in results if isinstance(r, Exception)] == []
    source = Source.objects.get()
    assert list(Evidence.objects.values_list("source", flat=True)) == [source.pk] * 10


def test_thirty_captures_at_once_store_only_the_hours_allowance(settings, changing_page):
    settings.CAPTURES_PER_SOURCE_PER_HOUR = 3
    source = make_source("Harbour page", url=changing_page)
    results = _at_once(30, lambda: capture_source(source=source))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Capture.objects.filter(source=source).count() == 3
    assert sorted(r.pk for r in results if r is not None) == sorted(source.captures.values_list("pk", flat=True))


def test_capture_view_refuses_past_the_hours_allowance(client, reviewer, settings, changing_page):
    settings.CAPTURES_PER_SOURCE_PER_HOUR = 1
    source = make_source("Harbour page", url=changing_page)
    client.force_login(reviewer)
    url = reverse("claims:source-capture", args=[source.pk])
    client.post(url)
    page = client.post(url, follow=True).content.decode()
    assert source.captures.count() == 1
    assert "captured as often as allowed this hour" in page
