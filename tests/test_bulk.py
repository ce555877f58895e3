import datetime

import pytest
from django.db import connection
from django.utils import timezone

from claims.bulk import insert_rows
from claims.models import Claim
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_insert_rows_stores_every_row_and_applies_defaults():
    article = make_article()
    rows = [
        {"article_id": article.pk, "kind": "quote", "text": "We will build", "start": 10, "end": 23,
         "details": {"marks": ["ellipsis"]}},
        {"article_id": article.pk, "kind": "statistic", "text": "12 percent", "start": 40, "end": 50, "score": 0.9},
    ]
    assert insert_rows(Claim, rows) is None
    first, second = Claim.objects.filter(article=article).order_by("start")
    assert (first.text, second.text) == ("We will build", "12 percent")
    assert first.details == {"marks": ["ellipsis"]} and second.details == {}
    assert (first.state, first.verdict, first.version, first.score) == ("new", "unrated", 1, 0.5)
    assert second.score == 0.9
    # Dates go through the field's own preparation: they come back as the
    # moment of the insert, with their time zone, on every database.
    assert abs(timezone.now() - first.created_at) < datetime.timedelta(minutes=1)
    # The keys come from the table's own sequence: the next ordinary insert does not collide.
    later = Claim.objects.create(article=article, text="more", start=60, end=64)
    assert later.pk > max(first.pk, second.pk)


def test_insert_rows_with_nothing_does_nothing():
    insert_rows(Claim, [])
    assert not Claim.objects.exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="column compression is PostgreSQL's")
def test_long_texts_are_compressed_with_lz4_where_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        has_lz4 = cursor.fetchone()[0]
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'claims_article'::regclass"
            " AND attname IN ('raw_text', 'cleaned_text') ORDER BY attname"
        )
        methods = cursor.fetchall()
    assert methods == [("cleaned_text", "l" if has_lz4 else ""), ("raw_text", "l" if has_lz4 else "")]
