"""Findings and the suggested verdict in review: stored when a source is
linked or a passage settled."""

from pathlib import Path

import pytest

from claims.importers import import_paths
from claims.matching import FindingKind
from claims.models import Claim, ClaimEvent, Evidence, Source
from claims.services.evidence import link_source, settle_passage
from claims.sources import is_primary
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db
VIA = ClaimEvent.Via.PANEL
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TRANSCRIPT = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
CUT = "Cut mid-sentence: the source goes on “until I speak”"


def _seed_source(**fields) -> Source:
    fields = {"kind": Source.Kind.PRESS_CONFERENCE, "author": "Joe Biden", "text": TRANSCRIPT, **fields}
    return make_source("Remarks Prior to a Meeting With Prime Minister Keir Starmer", **fields)


@pytest.fixture
def be_quiet(reviewer) -> Evidence:
    """The seed article's "Be quiet," linked to the seed transcript."""
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    return link_source(claim=claim, source=_seed_source(), by=reviewer, via=VIA)


# Stored with the evidence


def test_linking_a_source_stores_findings_speaker_and_suggestion(be_quiet):
    be_quiet.refresh_from_db()
    match = be_quiet.match
    assert [f.summary() for f in match.findings] == [CUT]
    assert match.source_speaker == "President Biden"
    assert (match.suggestion.verdict, match.suggestion.reason) == ("accurate_context", CUT + ".")
    assert Evidence.objects.values_list("match__schema", flat=True).get() == 3


def test_words_the_transcript_gives_to_the_questioner_are_misattributed(reviewer):
    article = make_article(text='"What do you say to Vladimir Putin\'s threat of war?" President Joe Biden said.')
    claim = make_claim(article, quote="What do you say to Vladimir Putin's threat of war?", speaker=make_speaker("Joe Biden"))
    evidence = link_source(claim=claim, source=_seed_source(), by=reviewer, via=VIA)
    evidence.refresh_from_db()
    assert evidence.match.source_speaker == "Q"
    assert FindingKind.SAID_BY_OTHER in [f.kind for f in evidence.match.findings]
    assert evidence.match.suggestion.verdict == "misattributed"
    assert "a questioner (Q.) asks this" in evidence.match.suggestion.reason


def test_a_role_label_stands_for_the_sources_author(reviewer):
    article = make_article(text='"The road waits until spring," Lena Park said.')
    claim = make_claim(article, quote="The road waits until spring,", speaker=make_speaker("Lena Park"))
    text = "Q: And the road?\nTHE PRESIDENT: The road waits until spring.\n"
    mine = link_source(claim=claim, source=make_source("Briefing", text=text, author="Lena Park"), by=reviewer, via=VIA)
    other = link_source(claim=claim, source=make_source("Other", text=text, author="Ada Okafor"), by=reviewer, via=VIA)
    assert (mine.match.findings, mine.match.suggestion.verdict) == ((), "accurate")
    assert other.match.suggestion.verdict == "misattributed"


def test_a_news_report_is_a_secondary_source_unless_judged_primary():
    assert not is_primary(Source(kind=Source.Kind.NEWS))
    assert is_primary(Source(kind=Source.Kind.SPEECH)) and is_primary(Source(kind=Source.Kind.OTHER))
    assert is_primary(Source(kind=Source.Kind.NEWS, reliability=Source.Reliability.PRIMARY))
    assert not is_primary(Source(kind=Source.Kind.SPEECH, reliability=Source.Reliability.SECONDARY))


def test_a_quote_found_in_a_news_report_says_so(reviewer):
    claim = make_claim()
    report = make_source("Report", kind=Source.Kind.NEWS, text="She said: We will build 40,000 homes this year, on time.")
    evidence = link_source(claim=claim, source=report, by=reviewer, via=VIA)
    assert [f.kind for f in evidence.match.findings][-1] == FindingKind.SECONDARY_SOURCE
    assert "Found only in a secondary source" in " ".join(f.summary() for f in evidence.match.findings)


def test_a_source_in_another_language_suggests_nothing(reviewer):
    claim = make_claim(make_article(language="en"))
    foreign = make_source("Discours", language="fr", text="We will build 40,000 homes this year, on time.")
    evidence = link_source(claim=claim, source=foreign, by=reviewer, via=VIA)
    assert evidence.match.findings[0].kind == FindingKind.DIFFERENT_LANGUAGE
    assert evidence.match.suggestion is None
    same = link_source(claim=claim, source=make_source("Speech", language="en-GB", text=foreign.text), by=reviewer, via=VIA)
    assert FindingKind.DIFFERENT_LANGUAGE not in [f.kind for f in same.match.findings]


def test_a_passage_marked_by_hand_gets_its_own_findings(be_quiet, reviewer):
    settle_passage(evidence=be_quiet, by=reviewer, via=VIA, action="manual", passage="Be quiet until I speak. Okay?")
    be_quiet.refresh_from_db()
    assert [f.summary() for f in be_quiet.match.findings] == [CUT]
    assert be_quiet.match.suggestion.verdict == "accurate_context"
