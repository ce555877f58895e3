"""Reported statements that news writes around their speaker: a subject the
rules cannot name, a relative clause, the speaker inverted before a
description, a time between the subject and the verb."""

import pytest

from claims.extraction import extract_claims


def reported(text: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.speaker) for c in extract_claims(text) if c.kind == "reported"]


def test_a_clause_after_said_is_a_statement_even_when_its_speaker_is_not_found():
    text = "Beyond the footage, the filing cited two witnesses and said that the gate had been open."
    assert [clause for clause, _ in reported(text)] == ["the gate had been open"]


@pytest.mark.parametrize(
    "text",
    [
        "The acknowledged leader of the caucus spoke first and left early.",
        "The added security at the pier cost the town a great deal of money.",
        "The council refused to say that the pier would reopen this year.",
        "Her reported wealth, by most counts, is smaller than she claims.",
    ],
)
def test_a_cue_word_used_as_an_adjective_noun_or_infinitive_makes_no_statement(text):
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, clause, speaker",
    [
        (
            "More riders bought ferry passes, which economists say could be helping Mr. Hale.",
            "which economists say could be helping Mr. Hale",
            "economists",
        ),
        ("It was a voyage that Reyes says led him to the sea.", "that Reyes says led him to the sea", "Reyes"),
        ("They fought a law that critics say violates the charter.", "that critics say violates the charter", "critics"),
        ("Critics point to a decision they say allowed the deficit to grow.", "allowed the deficit to grow", None),
    ],
)
def test_a_speaker_inside_a_relative_clause(text, clause, speaker):
    found = reported(text)
    assert found and found[0][0] == clause
    if speaker is not None:
        assert found[0][1] == speaker


def test_words_after_an_inverted_speaker_are_not_what_was_said():
    text = (
        "The club is barely organised, but it has found a steady following, said Ana Ruiz, with games of tag, cooking"
        " classes and long hikes through the hills every single weekend."
    )
    assert reported(text) == [("The club is barely organised, but it has found a steady following", "Ana Ruiz")]


@pytest.mark.parametrize(
    "text",
    [
        "Dana Reyes, who ran the ferry for a decade, last week said the bridge was never safe.",
        "Dana Reyes, the ferry captain, on Monday said the bridge was never safe.",
    ],
)
def test_a_time_between_the_subject_and_its_verb_keeps_the_speaker(text):
    assert reported(text) == [("the bridge was never safe", "Dana Reyes")]


def test_a_name_inside_what_was_said_is_not_the_speaker():
    text = "Murphy, though, said he’s with the former governor Ann Hill, whom he’s backing."
    found = reported(text)
    assert found and found[0][1] == "Murphy"
    assert found[0][0].startswith("he’s with")


@pytest.mark.parametrize(
    "text, clause",
    [
        (
            "Then again, given that, as the Gazette reported on Monday, she is now a close aide.",
            "she is now a close aide",
        ),
        ("She is now a close aide to the mayor, as the Gazette reported.", "She is now a close aide to the mayor"),
    ],
)
def test_as_the_paper_reported_inside_a_sentence(text, clause):
    assert reported(text) == [(clause, "Gazette")]


def test_a_determiner_before_a_parenthetical_speaker_is_not_part_of_the_statement():
    text = "With more young voters in the mix, those organisers argued, turnout would rise sharply."
    found = reported(text)
    assert found and found[0][1].endswith("organisers")
    assert found[0][0].startswith("With more young voters in the mix")


@pytest.mark.parametrize(
    "text, clause, speaker",
    [
        ("Former Gov. Ann Lee announced her endorsement of Sen. Bo Diaz for governor.", "her endorsement of Sen. Bo Diaz for governor", "Ann Lee"),
        ("The ministry denied any wrongdoing by its border staff.", "any wrongdoing by its border staff", "ministry"),
        ("Ruiz also noted the rising cost of housing near the harbor.", "the rising cost of housing near the harbor", "Ruiz"),
    ],
)
def test_the_object_of_a_verb_of_stating_is_the_statement(text, clause, speaker):
    found = reported(text)
    assert found and found[0][0] == clause
    assert speaker in (found[0][1] or "")


@pytest.mark.parametrize("text", ["Ruiz announced it.", "Ruiz denied the report.", "Ruiz announced to the room."])
def test_a_short_or_missing_object_is_no_statement(text):
    assert reported(text) == []


def test_words_before_a_parenthetical_attribution_and_the_quotation_after_it_are_one_statement():
    text = 'If the plan passes, he said, "rents will fall for everyone in the city."'
    found = [c for c in extract_claims(text) if c.kind == "reported"]
    assert len(found) == 1
    assert found[0].text.startswith("If the plan passes, he said,")
    assert "rents will fall for everyone in the city" in found[0].text
    # The statement holds the quotation whole (closing mark included), so
    # the two can be marked one inside the other.
    quote = next(c for c in extract_claims(text) if c.kind == "quote")
    assert found[0].start <= quote.start and quote.end < found[0].end
    assert text[found[0].end - 1] == '"'


@pytest.mark.parametrize(
    "text",
    [
        'At the rally on Monday, Ruiz said, "We will rebuild the pier before summer comes."',
        'Holding up a map, Ruiz said, "We will rebuild the pier before summer comes."',
        'Six minutes into the meeting, Ruiz shouted, "We will rebuild the pier before summer comes."',
    ],
)
def test_a_scene_before_a_parenthetical_attribution_is_no_statement(text):
    assert reported(text) == []


def test_a_number_with_a_comma_in_the_object_of_the_verb_is_not_a_clause_break():
    text = "Soon after the vote, Ruiz wrote to his 20,000 followers, “It is time to go,” and shared a link."
    assert reported(text) == []


def test_a_name_after_noted_that_is_inside_what_was_said():
    text = "Sen. Ann Ruiz (D-Ore.), facing a hard race, noted that the mayor's treasurer, Tom Reyes, is from the valley."
    assert reported(text) == [("the mayor's treasurer, Tom Reyes, is from the valley", "Ann Ruiz")]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Council members have followed her lead, saying the ledger is fair game.", "Council members"),
        ("Other members, including Ann Ruiz and Tom Reyes, followed her lead, saying the ledger is fair game.", "Other members"),
        ("Several senators have followed her lead, saying the ledger is fair game.", "senators"),
    ],
)
def test_a_participle_after_a_group_that_opens_the_sentence(text, speaker):
    assert reported(text) == [("the ledger is fair game", speaker)]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("The bridge will reopen in May, say some engineers, who doubt the schedule.", "some engineers"),
        ("The bridge will reopen in May, says political scientist Ana Ruiz in Salem.", "Ana Ruiz"),
    ],
)
def test_a_group_or_a_qualified_role_after_an_inverted_verb(text, speaker):
    assert reported(text) == [("The bridge will reopen in May", speaker)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Reyes, a native who writes poems on weekends, has cast himself as a planner.", []),
        ("Reyes, who writes poems on weekends, has cast himself as a planner.", []),
        ("Reyes, who wrote that the plan failed, has cast himself as a planner.", [("the plan failed", "Reyes")]),
        ("Reyes, who said the plan failed, has cast himself as a planner.", [("the plan failed", "Reyes")]),
    ],
)
def test_a_verb_in_a_relative_clause_says_what_the_clause_holds(text, expected):
    assert reported(text) == expected


def test_a_surrogate_who_said_is_the_speaker():
    text = "Ruiz is disowning words spoken by a campaign ally who said islanders shouldn’t trust the ferry board."
    assert reported(text) == [("islanders shouldn’t trust the ferry board", "a campaign ally")]


@pytest.mark.parametrize("verb", ["keep", "expect", "fear", "doubt"])
def test_a_bare_clause_whose_verb_has_no_ending(verb):
    text = f"Ruiz said voters {verb} the same people in office."
    assert reported(text) == [(f"voters {verb} the same people in office", "Ruiz")]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reyes said — on the radio, to general surprise — that the ferry would run all winter.",
        "Tom Reyes said -- on the radio -- that the ferry would run all winter.",
    ],
)
def test_words_set_apart_by_dashes_before_that(text):
    assert reported(text) == [("the ferry would run all winter", "Tom Reyes")]


def test_a_description_of_the_source_ending_the_sentence_is_not_what_was_said():
    text = "The pier closed early on Monday, according to Tom Reyes, a harbor official."
    assert reported(text) == [("The pier closed early on Monday", "Tom Reyes")]


def test_a_statement_ending_in_a_quotation_keeps_its_closing_mark():
    text = "Reyes likened the meeting to a “long winter,” according to the mayor’s diary."
    assert [clause for clause, _ in reported(text)] == ["Reyes likened the meeting to a “long winter,”"]
    text = "And Reyes added that his own plan “has got an eraser.”"
    assert [clause for clause, _ in reported(text)] == ["his own plan “has got an eraser.”"]


def test_a_short_statement_around_its_attribution():
    text = "Tom Reyes ran the ferry in 1999. This ferry, he says, is late."
    assert reported(text) == [("This ferry, he says, is late", "Tom Reyes")]


def test_words_set_apart_by_dashes_after_that_and_now_before_the_verb():
    text = "Reyes now says, however, that – as a harbor pilot – he backs the ferry plan."
    assert reported(text) == [("he backs the ferry plan", "Reyes")]


def test_a_statement_stitched_from_several_quotations_is_kept():
    text = "Ana Ruiz told voters in Salem on Sunday that Reyes would run “the ferries, all of them,” and “the piers too.”"
    assert reported(text) == [("Reyes would run “the ferries, all of them,” and “the piers too.”", "Ana Ruiz")]


def test_a_statement_that_is_mostly_one_quotation_is_the_quotation():
    assert reported("Ana Ruiz said it was “the worst ferry season in living memory.”") == []


def test_a_programme_named_after_its_channel_is_not_what_was_said():
    text = "Ruiz told the Courier’s “Morning Show” that the levee would hold through the winter."
    assert reported(text) == [("the levee would hold through the winter", "Ruiz")]


def test_words_set_off_as_a_paragraph_after_a_colon_are_the_statement():
    text = "Ana Ruiz spoke at the pier in May. In that speech, she said:\n\nNo one should doubt it: the toll is a tax on the poor, and it must end."
    assert reported(text) == [("No one should doubt it: the toll is a tax on the poor, and it must end", "Ana Ruiz")]


def test_a_relative_aside_between_the_verb_and_that():
    text = "Tom Reyes said on the radio, where he is now a weekly guest, that the mayor must answer for the leak."
    assert reported(text) == [("the mayor must answer for the leak", "Tom Reyes")]


def test_a_condition_after_said_opens_the_statement():
    text = "Ana Ruiz spoke first. She said, if chosen, she would ask Mr. Hale to run the ferry board."
    assert reported(text) == [("if chosen, she would ask Mr. Hale to run the ferry board", "Ana Ruiz")]


def test_a_condition_after_said_with_no_clause_is_no_statement():
    assert reported("“It is over,” he said, when asked about the ferry plan.") == []


def test_a_long_source_after_according_to_closed_by_the_sentence_end():
    text = "The ferry doubled its fares in July, according to a Courier review of port authority filings from two years."
    assert reported(text) == [
        ("The ferry doubled its fares in July", "a Courier review of port authority filings from two years")
    ]


def test_a_long_source_with_nothing_to_close_it_is_not_taken():
    assert reported("According to the report the pier is unsafe and must close at once before the storm season.") == []


@pytest.mark.parametrize(
    "source, speaker",
    [
        ("a January study by the Salem Harbor Institute based on port data", "Salem Harbor Institute"),
        ("calculations by Dana Shaw of Salem College", "Dana Shaw"),
        # Those a poll asks are not its authors.
        ("a poll of Salem voters", "a poll of Salem voters"),
    ],
)
def test_the_author_of_a_study_or_a_count_is_its_speaker(source, speaker):
    assert reported(f"Ferry use fell by half, according to {source}.") == [("Ferry use fell by half", speaker)]


@pytest.mark.parametrize("word", ["how", "why"])
def test_what_someone_explained_how_or_why(word):
    text = f"At the pier, Reyes explained {word} the ferry needs a second crew at night."
    assert reported(text) == [(f"{word} the ferry needs a second crew at night", "Reyes")]


def test_a_participle_hangs_from_the_sentence_not_from_a_relative_clause_cue():
    text = "Reyes scolded critics who say the toll is a tax, saying a new name for it will not end the debt."
    assert reported(text) == [("the toll is a tax", "critics"), ("a new name for it will not end the debt", "Reyes")]


@pytest.mark.parametrize("adverb", ["only", "again", "privately"])
def test_an_adverb_between_the_verb_and_that(adverb):
    assert reported(f"Ana Ruiz said {adverb} that the ferry would run late.") == [("the ferry would run late", "Ana Ruiz")]


@pytest.mark.parametrize("verb", ["did not say", "hasn't said", "would never say"])
def test_what_someone_did_not_say_is_no_statement(verb):
    assert reported(f"Lena Park {verb} why she was leaving the council.") == []


def test_an_office_calling_an_account_something_speaks():
    text = "Two members said the two had not met in weeks. Reyes's office called that account “false.”"
    (claim,) = [c for c in extract_claims(text) if c.kind == "partial_quote"]
    assert claim.speaker == "Reyes's office"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Tom Reyes met the crews. He’s telling allies that the council is stalling.", "Tom Reyes"),
        ("Tom Reyes met the crews. He's said the council is stalling.", "Tom Reyes"),
        ("Dock workers say the fares will rise. They’ve suggested the council is stalling.", "Dock workers"),
    ],
)
def test_a_pronoun_contracted_with_its_auxiliary_is_the_subject(text, speaker):
    assert ("the council is stalling", speaker) in reported(text)


def test_it_with_a_contracted_is_before_a_participle_writes_nothing():
    assert reported("The rule, as it’s written, adds a second vote to the count.") == []


def test_that_contracted_with_is_opens_the_clause_it_belongs_to():
    text = "Ana Ruiz runs the pier. Ruiz says that’s why the fares rose this spring."
    assert reported(text) == [("that’s why the fares rose this spring", "Ana Ruiz")]


@pytest.mark.parametrize("lead, speaker", [("Several said", "Several"), ("Most argued", "Most"), ("But some said", "some")])
def test_a_bare_quantifier_is_some_of_the_group_named_before(lead, speaker):
    text = f"The harbor pilots met in Salem on Monday.\n\n{lead} the council should pay for the new pier."
    assert reported(text) == [("the council should pay for the new pier", speaker)]


def test_a_quantifier_inside_a_clause_is_no_subject():
    assert "some" not in {speaker for _, speaker in reported("The plan some said was late came in May.")}


@pytest.mark.parametrize(
    "text, clause",
    [
        # Words after a colon that go on in lower case are the statement's.
        ("The port authority says it has one goal for the summer: to reopen the pier before the regatta.",
         "it has one goal for the summer: to reopen the pier before the regatta"),
        # A new sentence after the colon is not.
        ("Lena Park said the answer was simple: The town must pay for the pier.", "the answer was simple"),
    ],
)
def test_a_statement_runs_past_a_colon_only_into_words_that_go_on_in_lower_case(text, clause):
    assert [c for c, _ in reported(text)] == [clause]


@pytest.mark.parametrize(
    "text, clause",
    [
        ("Tom Reyes was there. He now says it’s worth the fare.", "it’s worth the fare"),
        ("Lena Park said there’s no money left for the pier.", "there’s no money left for the pier"),
        ("Lena Park says that’s why the fares went up.", "that’s why the fares went up"),
    ],
)
def test_a_contracted_subject_and_verb_open_the_statement(text, clause):
    assert [c for c, _ in reported(text)] == [clause]


@pytest.mark.parametrize(
    "text",
    [
        # A count added is no statement.
        "While the port added around 290 jobs in May, the ferry line cut 40.",
        # "spoke" takes no clause without "that".
        "Mr. Reyes spoke Portuguese, read a poem and toured the pier.",
        # A clause that only says when the rest happened.
        "As he spoke to the dockers on Friday, Tom Reyes became the first captain to win twice.",
    ],
)
def test_counts_languages_and_times_are_no_statements(text):
    assert reported(text) == []


def test_the_one_who_spoke_as_the_sentence_began_is_still_its_pronoun():
    text = "As Lena Park spoke to reporters, she said the pier was safe."
    assert reported(text) == [("the pier was safe", "Lena Park")]


def test_a_passive_cue_with_an_adverb_names_no_speaker():
    text = "Tom Reyes sold the ferry in 2010, and it was later reported that Reyes kept the pier."
    assert reported(text) == [("Reyes kept the pier", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Park’s weak results in the three states that held votes in May have hurt her.", []),
        ("The harbor board states that the pier is unsafe.", [("the pier is unsafe", "harbor board")]),
    ],
)
def test_a_cue_word_counted_or_determined_is_a_noun(text, expected):
    assert reported(text) == expected


def test_according_to_after_a_conjunction_is_the_source_of_the_clause_it_opens():
    text = "Reyes will attend the hearing after all, since, according to Park, the board would call him a “coward” otherwise."
    assert reported(text) == [("the board would call him a “coward” otherwise", "Park")]
