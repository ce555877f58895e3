import pytest

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
    assert second.score == 0.9 and first.created_at is not None
    # The keys come from the table's own sequence: the next ordinary insert does not collide.
    later = Claim.objects.create(article=article, text="more", start=60, end=64)
    assert later.pk > max(first.pk, second.pk)


def test_insert_rows_with_nothing_does_nothing():
    insert_rows(Claim, [])
    assert not Claim.objects.exists()
