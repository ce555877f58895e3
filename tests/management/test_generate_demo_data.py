import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.demodata import article_text, speaker_names
from claims.models import (
    Article,
    Capture,
    Claim,
    ClaimEvent,
    Evidence,
    ImportBatch,
    Note,
    Source,
    SourcePassage,
    Speaker,
)

pytestmark = pytest.mark.django_db

CLAIMS = 600


def generate(**options) -> str:
    out, err = StringIO(), StringIO()
    call_command("generate_demo_data", claims=CLAIMS, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def wipe() -> None:
    """Everything the generator wrote but the users. Captures refuse to be
    deleted (on PostgreSQL a trigger says so), except by emptying the table."""
    Evidence.objects.all().delete()
    Article.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE claims_capture CASCADE")
    else:
        Capture.objects.all()._raw_delete(Capture.objects.db)
    Source.objects.all().delete()


def test_claims_are_placed_at_their_words_in_the_article():
    rng = random.Random(3)
    body, specs = article_text(rng, [("Anna B. Novak", "the mayor"), ("Harbor Rail", "")], 30)
    assert len(specs) == 30
    assert [body[s.start:s.end] for s in specs] == [s.text for s in specs]
    assert len(body) >= 10_000


def test_speaker_names_are_distinct():
    names = [name.casefold() for name, _ in speaker_names(5000)]
    assert len(set(names)) == 5000


def test_generates_the_counts_asked_for_in_every_state_and_verdict():
    output = generate(sources=40, seed=7)
    assert Claim.objects.count() == CLAIMS
    assert Source.objects.count() == 40
    assert Evidence.objects.count() == round(CLAIMS * 0.08)
    assert Note.objects.count() == round(CLAIMS * 0.3)
    assert set(Claim.objects.values_list("state", flat=True)) == set(Claim.State.values)
    assert set(Claim.objects.values_list("verdict", flat=True)) == set(Claim.Verdict.values)
    assert set(Claim.objects.values_list("kind", flat=True)) == set(Claim.Kind.values)
    # Some articles went through the import service, with the claims extraction found.
    sample = Article.objects.exclude(filename__startswith="demo-")
    assert sample.exists() and ImportBatch.objects.filter(state=ImportBatch.State.DONE).count() == sample.count()
    assert Claim.objects.filter(article__in=sample).exists()
    assert Speaker.objects.exists() and SourcePassage.objects.exists() and Capture.objects.exists()
    assert f"{CLAIMS:,} claims" in output


def test_generated_claims_are_consistent_with_their_review():
    generate(sources=40, seed=7)
    bulk = Claim.objects.filter(article__filename__startswith="demo-")
    # Done means a verdict an editor approved; the history counts each change.
    assert not bulk.filter(state=Claim.State.DONE, verdict=Claim.Verdict.UNRATED).exists()
    assert not bulk.filter(state=Claim.State.DONE, approved_by=None).exists()
    assert not bulk.filter(state=Claim.State.NEW).exclude(verdict=Claim.Verdict.UNRATED).exists()
    for claim in bulk.exclude(state=Claim.State.NEW)[:50]:
        assert claim.history.count() == claim.version - 1
        assert claim.article.cleaned_text[claim.start:claim.end] == claim.text
    assert ClaimEvent.objects.count() == sum(c.version - 1 for c in bulk)


def test_the_same_seed_gives_the_same_data():
    generate(sources=20, seed=11, sample=0)
    first = list(Claim.objects.order_by("pk").values_list("text", "state", "verdict", "score"))
    sources = list(Source.objects.order_by("pk").values_list("title", "url"))
    wipe()
    generate(sources=20, seed=11, sample=0)
    assert list(Claim.objects.order_by("pk").values_list("text", "state", "verdict", "score")) == first
    assert list(Source.objects.order_by("pk").values_list("title", "url")) == sources


def test_a_seed_is_not_generated_twice():
    generate(sources=10, seed=5, sample=0)
    with pytest.raises(CommandError, match="already holds the demo data of seed 5"):
        generate(sources=10, seed=5, sample=0)
    assert Claim.objects.count() == CLAIMS
