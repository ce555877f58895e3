import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import ExtractedClaim, extract_claims, find_numbers, find_quotes
from claims.extraction.attribution import CUE_RE, cue_matches
from claims.extraction.speakers import _MULTI_NAME_RUN_RE, _multi_name_runs
from claims.extraction.statistics import NUMBER_RE, _number_matches
from claims.extraction.text import _boundaries


def speech(text):
    return [c for c in extract_claims(text) if c.kind in ("quote", "partial_quote")]


def only(text, kind=None):
    found = [c for c in extract_claims(text) if kind is None or c.kind == kind]
    assert len(found) == 1, [(c.kind, c.text) for c in found]
    return found[0]


def spans(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


# Quotation marks


def test_quotes_every_mark_style_found():
    text = (
        'Ana Ruiz said: "Straight marks work." '
        "Ben Ode said: “Curly marks work.” "
        "Cara Lund said: ‘Single curly marks work.’ "
        "Dan Pike said: 'Single straight marks work.' "
        "Eva Graf said: „German marks work.“ "
        "Finn Roy said: «Guillemets work.» "
        "Gus Hart said: \"Mismatched marks work.”"
    )
    assert spans(text) == [
        "Straight marks work.",
        "Curly marks work.",
        "Single curly marks work.",
        "Single straight marks work.",
        "German marks work.",
        "Guillemets work.",
        "Mismatched marks work.",
    ]


def test_quotes_apostrophes_are_not_marks():
    text = "Russia’s army and the Poles’ view don’t change. It isn't the ’90s or the '80s, and NATO's plan stands."
    assert find_quotes(text) == []


def test_quotes_apostrophes_inside_single_quotes_stay_inside():
    text = "‘We don’t know what Russia’s army wants,’ she said. 'It's like the '90s,' he said."
    assert spans(text) == ["We don’t know what Russia’s army wants,", "It's like the '90s,"]


def test_quotes_nested_quote_stays_inside_outer():
    text = "“He’s the one crossing the ‘red line’ every day,” he declared."
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["He’s the one crossing the ‘red line’ every day,"]


def test_quotes_across_page_break_are_one():
    text = 'Jo Banks said, "The time has come to lift some of the restrictions\n\nthey have put on weapons," she said.'
    quote = only(text, "quote")
    assert quote.text == "The time has come to lift some of the restrictions\n\nthey have put on weapons,"


def test_quotes_multi_paragraph_convention_gives_one_statement_in_parts():
    text = (
        "The chairman, David Ellery, read a statement:\n\n"
        "“We asked for the drain to be cleared.\n\n"
        "“We were told there was no money.\n\n"
        "“We would like an explanation.”\n\nOfficials declined to comment."
    )
    claims = extract_claims(text)
    parts = [c for c in claims if c.kind == "quote"]
    assert [p.text for p in parts] == [
        "We asked for the drain to be cleared.",
        "We were told there was no money.",
        "We would like an explanation.",
    ]
    assert {p.speaker for p in parts} == {"David Ellery"}
    first = claims.index(parts[0])
    assert [p.linked_to for p in parts] == [None, first, first]


def test_quotes_unbalanced_mark_is_dropped():
    text = "He said “this never closes.\n\nA new paragraph starts here. Then “a real one” appears."
    assert spans(text) == ["a real one"]


def test_quotes_text_equals_slice_and_excludes_marks():
    text = "“Every nation has the right to defend itself,” Rob Bauer said."
    for claim in extract_claims(text):
        assert claim.text == text[claim.start : claim.end]
    assert only(text, "quote").text == "Every nation has the right to defend itself,"


# Editorial marks


def test_marks_brackets_and_ellipses_recorded():
    text = "He said: “If there’s a magnitude [reached in attacks] ... then we act… at once.”"
    quote = only(text, "quote")
    assert "[reached in attacks]" in quote.text
    assert [(m["type"], m["text"]) for m in quote.marks] == [
        ("bracket", "[reached in attacks]"),
        ("ellipsis", "..."),
        ("ellipsis", "…"),
    ]
    for m in quote.marks:
        assert text[m["start"] : m["end"]] == m["text"]


# Speakers


def test_speaker_role_split_from_name():
    text = "NATO Secretary-General Jens Stoltenberg spoke on Friday. “We will not be party to the conflict,” he said."
    quote = only(text, "quote")
    assert quote.speaker == "Jens Stoltenberg"
    assert quote.role == "NATO Secretary-General"
    assert quote.speaker_kind == "person"
    assert quote.speaker_mentions == ["Jens Stoltenberg"]


def test_speaker_apposition_role_and_surname_unified():
    text = (
        "Admiral Rob Bauer, the chair of the NATO Military Committee, argued that strikes were legal. "
        "“Every nation has the right to defend itself,” Bauer said."
    )
    quote = only(text, "quote")
    assert quote.speaker == "Rob Bauer"
    assert "chair of the NATO Military Committee" in quote.role
    assert "Admiral" in quote.role
    assert quote.cue == "Bauer said"


def test_speaker_cue_after_quote_inverted():
    text = "“The price rises did the work,” said Joanna Pryce, an analyst at Carraway Securities."
    quote = only(text, "quote")
    assert quote.speaker == "Joanna Pryce"
    assert "analyst at Carraway Securities" in quote.role


def test_speaker_cue_verbs_in_many_tenses():
    for verb in ("says", "said", "told reporters", "added", "warned", "insisted", "wrote", "tweeted", "declared", "stressed"):
        text = f"“The bridge will reopen in May,” Mia Kerr {verb}."
        assert only(text, "quote").speaker == "Mia Kerr", verb


def test_speaker_colon_form():
    text = "Hungarian Prime Minister Viktor Orban told state media outlet RT: “We are a force for peace.”"
    quote = only(text, "quote")
    assert quote.speaker == "Viktor Orban"
    assert quote.cue == "told state media outlet RT"
    assert quote.role == "Hungarian Prime Minister"


def test_speaker_stating_colon_takes_subject_of_clause():
    text = "Jens Stoltenberg spoke. However, he argued that the rules should change, stating: “Ukraine has the right to defend itself.”"
    assert only(text, "quote").speaker == "Jens Stoltenberg"


def test_speaker_pronoun_chain_respects_gender():
    text = (
        "Councillor Janet Okonkwo said the borough had no choice. "
        "Councillor Peter Haines said the roads were full. "
        "“Nobody is against homes,” he said. "
        "“This is a scheme we can defend,” she said."
    )
    quotes = speech(text)
    assert [q.speaker for q in quotes] == ["Peter Haines", "Janet Okonkwo"]


def test_speaker_he_continued_is_most_recent_speaker_not_last_name():
    text = (
        "Washington Post columnist David Ignatius warned, “Ukraine is bleeding out.” "
        "But Ignatius’s solution is for Joe Biden to expand the list of targets. "
        "“Putin’s bases should be legitimate targets,” he declared."
    )
    quotes = speech(text)
    assert [q.speaker for q in quotes] == ["David Ignatius", "David Ignatius"]
    assert quotes[0].role == "Washington Post columnist"


def test_speaker_anonymous_sources_as_written():
    text = (
        "“Putin can fight for as long as it takes,” one source told Reuters. "
        "This person, Reuters added, said Putin “had expressed frustration to advisers.” "
        "Another source, stressing that the offensive was limited, promised: “Putin will slowly advance.”"
    )
    quotes = speech(text)
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [
        ("one source", "anonymous"),
        ("This person", "anonymous"),
        ("Another source", "anonymous"),
    ]
    assert quotes[0].cue == "told Reuters"


def test_speaker_person_familiar_with_talks():
    text = "“They are closer than they admit,” a person familiar with the talks said."
    quote = only(text, "quote")
    assert quote.speaker == "a person familiar with the talks"
    assert quote.speaker_kind == "anonymous"


def test_speaker_collective_source():
    text = "Officials said the road would reopen. “It is too early to say,” they said."
    quote = only(text, "quote")
    assert quote.speaker == "Officials"
    assert quote.speaker_kind == "collective"


def test_speaker_organisation_and_the_company():
    text = (
        "Shares in Veltro Foods rose on Thursday. Veltro, which employs 21,000 people, kept its outlook. "
        "The company said it remained “cautiously optimistic” about demand."
    )
    quote = only(text, "partial_quote")
    assert quote.speaker == "Veltro Foods"
    assert quote.speaker_kind == "organisation"


def test_speaker_headline_of_outlet_report_is_quote():
    text = "Yesterday, Reuters carried a report titled “Putin wants ceasefire on current front lines,” based on interviews."
    quote = only(text, "quote")
    assert quote.speaker == "Reuters"


def test_speaker_next_sentence_names_the_speaker():
    text = "“We cannot ask farmers to carry the transition alone”\n\nAgriculture minister Luise Brandauer spoke to us in Vienna."
    assert only(text, "quote").speaker == "Luise Brandauer"


# Interrupted quotes


def test_interrupted_quote_linked_across_sentences():
    text = "“Every nation that is attacked has the right to defend itself,” Bauer said. “And that right doesn’t stop at the border.”"
    claims = extract_claims(text)
    quotes = [c for c in claims if c.kind == "quote"]
    assert len(quotes) == 2
    assert quotes[1].linked_to == claims.index(quotes[0])
    assert quotes[0].linked_to is None
    assert quotes[0].speaker == quotes[1].speaker == "Bauer"


def test_interrupted_quote_linked_within_sentence():
    text = "“I was wrong about the markets,” Daniel Whitcombe told the jury, “but I never lied to anyone.”"
    claims = extract_claims(text)
    quotes = [c for c in claims if c.kind == "quote"]
    assert [q.speaker for q in quotes] == ["Daniel Whitcombe", "Daniel Whitcombe"]
    assert quotes[1].linked_to == claims.index(quotes[0])


def test_separate_statements_not_linked():
    text = "“The first point is settled.” Mia Kerr said. “A second point is not,” she added."
    assert all(c.linked_to is None for c in extract_claims(text))


# Partial and non-speech quotes


def test_partial_quote_called_it():
    text = "The minister, Claire Donovan, called it a “critical moment” for the economy."
    quote = only(text, "partial_quote")
    assert quote.text == "critical moment"
    assert quote.speaker == "Claire Donovan"


def test_partial_quote_takes_speaker_of_sentence():
    text = (
        "Over the weekend, former Russian President Dmitry Medvedev explained Putin's remarks, "
        "saying that Putin outlined the “formal prerequisites” for a decision."
    )
    quote = only(text, "partial_quote")
    assert quote.speaker == "Dmitry Medvedev"
    assert quote.role == "former Russian President"


def test_non_speech_titles_and_scare_quotes():
    text = (
        "The council unveiled a plan called “Moving Together 2030”. Its report, “Reliability in Focus,” was late. "
        "Helen Morrow’s book “The Walkable City” sold well. The so-called “quick wins” cost money. "
        "Our “bus revolution” is late."
    )
    kinds = {c.text: c.kind for c in extract_claims(text) if c.kind != "statistic"}
    assert kinds == {
        "Moving Together 2030": "non_speech_quote",
        "Reliability in Focus,": "non_speech_quote",
        "The Walkable City": "non_speech_quote",
        "quick wins": "non_speech_quote",
        "bus revolution": "non_speech_quote",
    }
    assert all(c.speaker is None for c in extract_claims(text) if c.kind == "non_speech_quote")


def test_nickname_is_not_speech():
    text = "A hospital porter known to everyone as “the Night Mayor” works there."
    assert only(text).kind == "non_speech_quote"


# Reported speech


def test_reported_said_that():
    text = "Russian President Vladimir Putin warned that the decision would mean the entry of NATO into the war."
    claim = only(text, "reported")
    assert claim.text == "the decision would mean the entry of NATO into the war"
    assert claim.speaker == "Vladimir Putin"
    assert "warned" in claim.cue


def test_reported_according_to_before_and_after():
    before = "According to Carraway, Veltro has raised prices by an average of 18 percent since 2022."
    after = "Container traffic fell sharply in the first week, according to port data."
    first = only(before, "reported")
    assert first.text == "Veltro has raised prices by an average of 18 percent since 2022"
    assert first.speaker == "Carraway"
    assert first.cue == "According to Carraway"
    second = only(after, "reported")
    assert second.text == "Container traffic fell sharply in the first week"
    assert second.speaker == "port data"


def test_reported_without_that_and_trailing_attribution():
    text = "Freight forwarders said some shipments were being diverted. More than 400 homes were flooded overnight, officials said."
    reported = [c for c in extract_claims(text) if c.kind == "reported"]
    assert [(c.text, c.speaker) for c in reported] == [
        ("some shipments were being diverted", "Freight forwarders"),
        ("More than 400 homes were flooded overnight", "officials"),
    ]


def test_reported_not_taken_from_inside_quotes():
    text = "“Three sources said Putin understood the risk,” Reuters reported."
    assert [c.kind for c in extract_claims(text)] == ["quote"]


# Statistics


def test_statistics_percentages_counts_and_money():
    text = "Polls show 68 percent of Frenchmen oppose it. NATO now has 500,000 troops on high readiness. The fund lost £12.4 million and $5bn."
    stats = [c for c in extract_claims(text) if c.kind == "statistic"]
    assert [c.text for c in stats] == [
        "Polls show 68 percent of Frenchmen oppose it.",
        "NATO now has 500,000 troops on high readiness.",
        "The fund lost £12.4 million and $5bn.",
    ]
    assert stats[0].numbers == [{"value": 68.0, "unit": "percent", "raw": "68 percent"}]
    assert stats[1].numbers == [{"value": 500000.0, "unit": "troops", "raw": "500,000 troops"}]
    assert [(n["value"], n["unit"]) for n in stats[2].numbers] == [(12.4e6, "GBP"), (5e9, "USD")]


def test_statistics_rankings_and_trends():
    numbers = find_numbers("It is now the second-largest brand, and sales doubled after it ranked third in 2023.")
    units = sorted(n["unit"] for n in numbers)
    assert units == ["rank", "rank", "trend"]


def test_statistics_years_and_dates_alone_are_not():
    text = "On May 17, 2024, the talks resumed. The war began in 2022 and Article 5 was cited on 26.05.2024 at 10:30. The ’90s were calmer."
    assert [c for c in extract_claims(text) if c.kind == "statistic"] == []


def test_statistics_inside_quote_get_quote_speaker():
    text = "Bauer said, “We held this conference in Oslo. NATO now has 500,000 troops on high readiness.”"
    stat = only(text, "statistic")
    assert stat.text == "NATO now has 500,000 troops on high readiness."
    assert stat.speaker == "Bauer"


# Scores and the result type


def test_score_range_and_order():
    text = (
        "“NATO now has 500,000 troops on high readiness,” Rob Bauer said. "
        "Critics called the plan “quick wins”. “Maybe,” one source said."
    )
    claims = extract_claims(text)
    assert all(0.0 <= c.score <= 1.0 for c in claims)
    by_text = {c.text: c.score for c in claims if c.kind != "statistic"}
    assert by_text["NATO now has 500,000 troops on high readiness,"] > by_text["Maybe,"]


def test_claims_sorted_and_to_dict_is_json_ready():
    import json

    text = "“Prices rose 7 percent,” Priya Raman said. Analysts said the outlook was weak."
    claims = extract_claims(text)
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    data = json.loads(json.dumps([c.to_dict() for c in claims]))
    assert {"kind", "text", "speaker", "start", "end", "cue", "role", "score", "linked_to", "numbers", "marks"} <= set(data[0])
    assert isinstance(claims[0], ExtractedClaim)


def test_empty_and_plain_text_give_nothing():
    assert extract_claims("") == []
    assert extract_claims("The weather was mild and the streets were quiet.") == []


def test_any_text_gives_exact_slices_and_valid_links():
    import random

    rng = random.Random(7)
    pieces = ["“", "”", '"', "'", "‘", "’", "«", "»", "„", "\n\n", " he said", " Anna Berg said,", ". ", ", ", "it’s", "Poles’ ",
              "said that", "according to Reuters,", " 45 percent", " $3bn", " the ’90s", "[sic]", "...", "Mr. Smith", " word"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        claims = extract_claims(text)
        for i, c in enumerate(claims):
            assert c.text == text[c.start : c.end]
            assert c.linked_to is None or 0 <= c.linked_to < i
            assert 0.0 <= c.score <= 1.0


# Long articles and the faster searches: each must find what the plain
# pattern it stands for finds.

LONG_ARTICLE_PARAGRAPH = (
    "“Shipments rose {n} percent in the quarter,” said {name}, the port’s {role}. "
    "Officials said {m} containers were waiting. {pronoun} added that the queue would clear."
)


def test_long_article_statistics_keep_their_speakers():
    names = [("Anna Berg", "director", "She"), ("Tomas Varga", "spokesman", "He"), ("Lena Holm", "treasurer", "She")]
    paragraphs = [
        LONG_ARTICLE_PARAGRAPH.format(n=i + 2, m=100 + i, name=names[i % 3][0], role=names[i % 3][1], pronoun=names[i % 3][2])
        for i in range(300)
    ]
    claims = extract_claims("\n\n".join(paragraphs))
    quotes = [c for c in claims if c.kind == "quote"]
    in_quotes = [c for c in claims if c.kind == "statistic" and c.text.startswith("Shipments")]
    assert len(quotes) == len(in_quotes) == 300
    assert [c.speaker for c in in_quotes] == [c.speaker for c in quotes] == [names[i % 3][0] for i in range(300)]
    reported = [c for c in claims if c.kind == "reported" and c.text.startswith("the queue")]
    assert [c.speaker for c in reported] == [names[i % 3][0] for i in range(300)]


def test_pronoun_finds_its_speaker_after_many_other_subjects():
    filler = " ".join(f"Analysts at Firm{i} Capital said demand was steady." for i in range(200))
    text = f"Maria Kovacs chairs the board. {filler} She said the board would meet on Monday."
    reported = [c for c in extract_claims(text) if c.kind == "reported" and "board would meet" in c.text]
    assert [c.speaker for c in reported] == ["Maria Kovacs"]


TRICKY = st.text(alphabet=st.sampled_from(list("0123456789 ,.$€£US:-/%kmb\n\u00a0’'aF")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TRICKY)
def test_number_matches_are_those_of_the_plain_pattern(text):
    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert found(_number_matches(text)) == found(NUMBER_RE.finditer(text))


NAMEY = st.lists(
    st.sampled_from(["Anna", "Berg", "Dr.", "of the", "von", "de", "x", "iPhone", "O’Neil", "Mr.", " ", "  ", "-", ",", "\u00a0", "Élise", "’s"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(NAMEY)
def test_name_runs_are_those_of_the_plain_pattern(parts):
    text = " ".join(parts)
    assert [m.span() for m in _multi_name_runs(text)] == [m.span() for m in _MULTI_NAME_RUN_RE.finditer(text)]


CUEY = st.lists(st.sampled_from(["said", "unsaid", "told", "According to", "according", "to", "░░░", " ", ",", "says", "-said", "claims", "’"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(CUEY)
def test_cue_words_between_quotes_are_those_of_the_whole_text(parts):
    text = " ".join(parts)
    assert [m.span() for m in cue_matches(text)] == [m.span() for m in CUE_RE.finditer(text)]


# Sentence boundaries as one alternation: punctuation and closing marks before
# a new sentence, or a line break with the spaces around it.
ONE_PATTERN_BOUNDARY = re.compile(r"[.!?…]+[\"'’”»)\]*_]*[ \t]+(?=[^\s\-a-z,;:])|[ \t]*\n\s*(?=\S)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".!?…\"’”) \t\naA-,")), max_size=30))
def test_sentence_boundaries_are_those_of_one_pattern(text):
    assert _boundaries(text) == [m.span() for m in ONE_PATTERN_BOUNDARY.finditer(text)]
