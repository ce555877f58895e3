"""Source word indexes are built once per text and reused."""

import pytest
from django.core.management import call_command

from claims import indexes
from claims.matching import SourceIndex
from claims.sources import compare_with_source, occurrences

TEXT = "Thank you all. We will build 40,000 homes this year. We will build them on time. Questions followed."


@pytest.fixture(autouse=True)
def _fresh_memory():
    indexes.forget_all()
    yield
    indexes.forget_all()


@pytest.fixture
def builds(monkeypatch):
    """How many indexes get built."""
    count = {"n": 0}
    real_init = SourceIndex.__init__

    def counting_init(self, text, *args, **kwargs):
        count["n"] += 1
        real_init(self, text, *args, **kwargs)

    monkeypatch.setattr(SourceIndex, "__init__", counting_init)
    return count


def test_comparisons_of_one_text_build_its_index_once(builds):
    first = compare_with_source("We will build them on time.", TEXT)
    again = occurrences("We will build", TEXT)
    assert str(first.verdict) == "verbatim"
    assert [o.passage for o in again] == ["We will build", "We will build"]
    assert builds["n"] == 1
    assert indexes.index_for(TEXT) is indexes.index_for(TEXT)
    assert builds["n"] == 1


def test_another_text_gets_its_own_index(builds):
    indexes.index_for(TEXT)
    indexes.index_for(TEXT + " One more sentence.")
    assert builds["n"] == 2


def test_memory_keeps_a_bounded_number_of_indexes(builds, monkeypatch):
    monkeypatch.setattr(indexes, "MEMORY_SLOTS", 2)
    for n in range(3):
        indexes.index_for(f"{TEXT} {n}")
    assert len(indexes._memory) == 2
    indexes.index_for(f"{TEXT} 0")  # dropped first, so built again
    assert builds["n"] == 4


@pytest.mark.django_db(transaction=True)
def test_a_shared_cache_serves_an_index_built_by_another_process(builds, settings):
    settings.INDEX_CACHE = "database"
    call_command("createcachetable", verbosity=0)
    built = indexes.index_for(TEXT)
    indexes.forget_all()  # as if another process asked
    loaded = indexes.index_for(TEXT)
    assert builds["n"] == 1
    assert loaded is not built
    assert loaded.match("We will build them on time.").start == built.match("We will build them on time.").start
