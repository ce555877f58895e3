"""Who "he" or "she" can be: places, buildings, products, groups and things
named in the article are never the person a pronoun stands for, and a
headline in title case does not glue two names into one."""

import pytest

from claims.extraction import extract_claims
from claims.extraction.speakers import NameRegistry


def speaker_of(text: str, words: str) -> str | None:
    found = [c for c in extract_claims(text) if c.kind in ("quote", "partial_quote") and words in c.text]
    assert found, text
    return found[0].speaker


def test_a_building_is_not_the_person_he_stands_for():
    text = "Mayor Tom Reed spoke at the council.\n\nHarbor Plaza opened in 1990. He said the town was “ready for a new start.”"
    assert speaker_of(text, "ready for") == "Tom Reed"


def test_a_place_in_several_words_is_not_a_person():
    text = "Paula Grant toured the plant.\n\nSouth Carolina lost jobs last year. “We will hire again,” she said."
    assert speaker_of(text, "hire again") == "Paula Grant"


def test_a_model_ending_in_a_letter_is_not_a_person():
    text = "Victor Hale owns two jets.\n\nThe Falcon Z cost him a fortune. He added that it was a “pleasure to fly in.”"
    assert speaker_of(text, "pleasure to fly") == "Victor Hale"


def test_a_word_for_a_group_is_not_a_person():
    text = "Omar Diaz met voters in Reno. Young Latinos cheered him. “We are all in this together,” he said."
    assert speaker_of(text, "all in this") == "Omar Diaz"


def test_a_group_that_speaks_is_a_group():
    text = "“The plan is unfair,” Republicans said on Monday."
    claim = next(c for c in extract_claims(text) if "unfair" in c.text)
    assert claim.speaker == "Republicans"
    assert claim.speaker_kind == "collective"


def test_a_surname_that_is_also_a_nationality_stays_a_name():
    text = "“We will sell the team,” Mark Cuban said. “It is time,” Cuban added."
    assert speaker_of(text, "It is time") == "Mark Cuban"


def test_a_thing_described_is_not_he():
    text = "Lena Ortiz read the ruling twice. As the paper noted, it was short. He says he “loves the city.”"
    assert speaker_of(text, "loves the city") != "the paper"


def test_a_headline_in_title_case_keeps_its_names_apart():
    registry = NameRegistry.from_text("Ann Lee Says Bo Park Lied About Taxes\n\nAnn Lee spoke.")
    names = {e.name for e in registry.by_name.values() if e.kind == "person"}
    assert "Ann Lee" in names
    assert not any("Says" in name for name in names)


def test_an_anonymous_source_ending_the_sentence_is_named_without_its_full_stop():
    text = "“It is a waste of time,” said a source close to the ferry board."
    assert speaker_of(text, "waste of time") == "a source close to the ferry board"


def test_she_is_the_woman_named_since_rather_than_a_description_before():
    text = (
        "“We will win,” the governor said at the rally.\n\n"
        "To professor Dana Shaw, the governor's speech sounded tired. "
        "“It sounded like a farewell,” she said."
    )
    assert speaker_of(text, "a farewell") == "Dana Shaw"


def test_to_at_the_start_of_a_sentence_opens_no_name():
    text = (
        "To City Hall aides, the visit was routine. Mr. Brandt did not see it that way. "
        "“Nobody met me at the pier,” he complained to an aide afterward."
    )
    assert speaker_of(text, "met me") == "Brandt"


def test_a_surname_that_also_starts_a_business_name_is_the_person():
    text = (
        "Victor Hale spoke on Monday about the Hale Foundation.\n\n"
        "Mayor Tom Reed said he would fight the plan.\n\n"
        "Hale blamed local officials before the speech. “The council made all the wrong moves,” he wrote."
    )
    assert speaker_of(text, "wrong moves") == "Victor Hale"


def test_the_person_a_group_speaks_of_is_the_next_she():
    text = (
        "Sandra Sucher, a professor, praised the policy.\n\n"
        "Aides say Anna Hale also runs the family fund.\n\n"
        "“The fund pays every grant on time,” she said at the dinner."
    )
    assert speaker_of(text, "pays every grant") == "Anna Hale"


def test_after_one_person_speaks_of_another_he_is_still_the_speaker():
    text = "Tom Reed said Victor Hale lied to the council. “He knew all along,” he added."
    assert speaker_of(text, "knew all along") == "Tom Reed"


def reported_speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_claims(text) if c.kind == "reported"]


def test_words_before_or_after_a_name_are_not_part_of_it():
    assert reported_speakers("A tired Hale says he is proud of the harbor he built.") == ["Hale"]
    assert reported_speakers("It began when Lena Park tweeted that the ferry was late.") == ["Lena Park"]
    assert reported_speakers("This is how Ruiz often has explained the plan before, minus the fees.") == ["Ruiz"]


def test_a_time_after_a_name_is_not_part_of_it():
    text = "Most of his anger fell on Brandt, who Reyes on Wednesday called “a careless, lazy builder.”"
    assert speaker_of(text, "lazy builder") == "Reyes"


def test_a_person_named_by_title_and_surname_is_the_next_she():
    text = (
        "The firmest pledge Mrs. Ruiz has made is that the ferry will run all winter. "
        "“We owe the islands that much,” she has said."
    )
    assert speaker_of(text, "owe the islands") == "Ruiz"


def test_a_surname_with_a_title_and_the_full_name_later_are_one_person():
    text = (
        "President Hale praised her in an interview. “The pier is sound,” he said.\n\n"
        "Victor Hale has said so before."
    )
    assert speaker_of(text, "pier is sound") == "Victor Hale"


def test_a_headline_in_title_case_names_nobody():
    text = (
        "Ferries Are ‘The Town's Lifeline,’ Lena Park Tells Council.\n\n"
        "Ferries are “the town's only lifeline,” Lena Park, the former mayor of Salem, proclaimed."
    )
    assert all(c.speaker != "Ferries Are" for c in extract_claims(text))
    assert NameRegistry.from_text(text).lookup("Ferries Are")[0] is None


def test_will_is_a_given_name():
    text = "“We have to carry the valley,” Will Ortega, the chairman, said of the meeting."
    assert speaker_of(text, "carry the valley") == "Will Ortega"


def test_words_opening_a_sentence_that_name_no_one_or_a_group():
    registry = NameRegistry.from_text("")
    assert registry.lookup("Nobody")[0] is None
    assert registry.lookup("Rather")[0] is None
    assert registry.lookup("Allies")[0].kind == "collective"
    assert registry.lookup("Others")[0].kind == "collective"
    assert registry.lookup("Someone")[0].kind == "anonymous"
    assert registry.lookup("Mehta")[0].kind == "person"


def _speakers(text: str) -> set[tuple[str | None, str | None]]:
    return {(c.speaker, c.speaker_kind) for c in extract_claims(text) if c.kind != "statistic"}


def test_a_publication_after_as_the_is_an_organisation():
    assert _speakers("As The Courier noted last week, trust in the port authority is falling.") == {("Courier", "organisation")}


def test_the_name_of_a_place_set_beside_it_is_not_the_speaker():
    text = "Tom Reyes, who lives outside the state capital, Salem, said he still hopes the pier opens."
    assert _speakers(text) == {("Tom Reyes", "person")}


@pytest.mark.parametrize("company", ["Harbor Electric", "General Dynamics"])
def test_a_company_named_by_its_trade_is_an_organisation(company):
    assert _speakers(f"{company} says that its fees rose this year.") == {(company, "organisation")}


def test_a_capitalised_role_before_a_title_and_name_is_no_name():
    text = "Rival Presidential hopeful Sen. Tom Reyes was critical too, telling the Courier: “The mayor is wrong.”"
    assert _speakers(text) == {("Tom Reyes", "person")}


def test_a_word_the_article_also_writes_in_lower_case_is_no_surname():
    text = "Several companies sell locks. Companies say that weaker locks would put users at risk."
    assert _speakers(text) == {("Companies", "collective")}


@pytest.mark.parametrize(
    "name, kind",
    [("HarborFeed", "organisation"), ("PortLeaks", "organisation"), ("ORCentral", "organisation"), ("McHale", "person"),
     ("MacReyes", "person"), ("DeShaw", "person")],
)
def test_a_capital_inside_a_word_names_a_brand_unless_it_opens_a_surname(name, kind):
    assert _speakers(f"{name} reported that the pier will close in May.") == {(name, kind)}


@pytest.mark.parametrize("paper", ["Salem Courier", "Harbor Examiner", "Portland Observer", "Coast Dispatch"])
def test_a_newspaper_named_by_its_masthead_word_is_an_organisation(paper):
    assert _speakers(f"The {paper} reported Monday that the ferry had lost money.") == {(paper, "organisation")}


def test_a_man_named_by_his_surname_is_not_merged_with_a_woman_of_that_surname():
    text = (
        "Mr. Hale, 71, rarely speaks of the wreck. “The sea was black,” he recalled.\n\n"
        "His daughter, Emma Hale, remembers it differently. “Dad was calm,” she said."
    )
    speakers = {c.text: (c.speaker, c.speaker_kind) for c in extract_claims(text)}
    assert speakers == {"The sea was black,": ("Hale", "person"), "Dad was calm,": ("Emma Hale", "person")}


def test_the_terms_of_anonymity_are_no_statement():
    text = "A former deckhand, who asked not to be named, said the captain had been drinking."
    assert {(c.kind, c.text) for c in extract_claims(text)} == {("reported", "the captain had been drinking")}


def test_a_surname_in_capitals_is_the_person_not_an_initialism():
    text = (
        "The harbor master, Walter Brandt, spoke to the Courier.\n\n"
        "BRANDT: That was the company's call, not mine.\n\n"
        "Later, Brandt wrote on the port's site: “Proud of my crew tonight.”"
    )
    assert {(c.speaker, c.speaker_kind) for c in extract_claims(text) if c.kind == "quote"} == {("Walter Brandt", "person")}


@pytest.mark.parametrize("title", ["Moderator", "Host", "Panelist"])
def test_a_capitalised_title_before_a_name_is_no_part_of_it(title):
    assert _speakers(f"{title} Lena Park said the debate would run late.") == {("Lena Park", "person")}


def test_another_after_an_unnamed_source_is_one_more_of_the_same():
    text = "“She has not listened,” said one lawmaker. Another said the minister “has lost the room.”"
    assert {(c.speaker, c.speaker_kind) for c in extract_claims(text)} == {
        ("one lawmaker", "anonymous"),
        ("another lawmaker", "anonymous"),
    }


def test_a_conjunction_is_no_part_of_an_unnamed_source():
    text = "But people close to Hale said he was tired of the fight."
    assert _speakers(text) == {("people close to Hale", "anonymous")}


def test_a_body_named_by_its_kind_is_not_another_kind_of_body_named_before():
    text = "The Salem Port Authority said it would review the deal. The ministry said on Friday that the ferry was safe."
    assert {c.speaker for c in extract_claims(text) if c.kind == "reported"} == {"Salem Port Authority", "ministry"}


def test_a_word_for_any_body_is_the_organisation_last_named():
    text = "The Salem Port Authority fined the ferry line. The agency said on Friday that the fine was final."
    assert {c.speaker for c in extract_claims(text) if c.kind == "reported"} == {"Salem Port Authority"}


def test_a_modifier_opening_a_sentence_names_nobody():
    text = "Top Park aide Tom Reyes is at the pier.\n\n“We will see about the pier,” Park said."
    assert [c.speaker for c in extract_claims(text)] == ["Park"]


def test_a_headline_in_title_case_goes_on_past_a_name():
    text = "Park Aide Shrugs When Pressed On Ferry Fares\n\nThe pier has had no new fares since June.\n\n“Maybe in the spring,” he said."
    (quote,) = [c for c in extract_claims(text) if c.kind == "quote"]
    assert quote.speaker is None


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        # A noun in -ly ends the description; it is no adverb before the verb.
        ("The lunch was long, and a member of the family insisted the pier was “perfectly safe.”",
         "perfectly safe", "a member of the family"),
        ("“We will sail,” a member of the crew said.", "We will sail", "a member of the crew"),
        ("Reyes spoke for an hour. When someone in the crowd yelled, “Ferries,” Reyes smiled.", "Ferries", "someone in the crowd"),
        ("“Ferries!” someone shouted.", "Ferries", "someone"),
    ],
)
def test_an_unnamed_person_described_is_an_anonymous_speaker(text, words, speaker):
    (claim,) = [c for c in extract_claims(text) if c.kind in ("quote", "partial_quote") and words in c.text]
    assert (claim.speaker, claim.speaker_kind) == (speaker, "anonymous")


def test_a_quotation_set_off_after_the_verb_and_followed_by_another_clause_is_no_reported_statement():
    text = "Reyes spoke for an hour. When Lena Park yelled, “Ferries,” Reyes joked, “Amen.”"
    claims = extract_claims(text)
    assert [c.kind for c in claims if c.kind == "reported"] == []
    assert [(c.text, c.speaker) for c in claims] == [("Ferries,", "Lena Park"), ("Amen.", "Reyes")]


@pytest.mark.parametrize(
    "opening",
    ["Then there is Victor Hale.", "Then there’s Victor Hale.", "Yet there at the back of the hall was Victor Hale, a deckhand."],
)
def test_the_person_a_sentence_presents_with_there_is_is_the_next_he(opening):
    text = f"Tom Reyes has praised the plan. {opening}\n\n“Kind of bewildering,” he wrote last October."
    assert speaker_of(text, "bewildering") == "Victor Hale"


def test_there_is_with_no_one_named_leaves_the_subject_before():
    text = "Tom Reyes spoke on the pier. There is a ferry in the harbor. “It is old,” he said."
    assert speaker_of(text, "It is old") == "Tom Reyes"


def test_a_group_after_a_turn_of_events_is_named_from_its_determiner():
    text = "The vote ended, and at that moment the dockers chanted “Save the pier!”"
    assert speaker_of(text, "Save the pier") == "dockers"


def test_a_role_described_by_a_place_and_owning_something_is_not_the_place():
    text = (
        "Sen. Marco Reyes spoke at the forum.\n\nThe Oregon senator’s answer was that “every ferry town deserves "
        "a second pier,” so the state should pay."
    )
    assert "Oregon" not in {c.speaker for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Chief On Reyes: ‘We Do Not Pay Captains To Sail.’\n\nThe harbor chief is not bowing to Tom Reyes.",
        "Reyes cannot say that “the pier is safe,” Park added.",
    ],
)
def test_a_headline_preposition_or_a_modal_is_no_part_of_a_speaker(text):
    speakers = {c.speaker for c in extract_claims(text)}
    assert not any(s and (s.startswith("On ") or s.endswith(" cannot")) for s in speakers), speakers


def test_words_said_while_someone_spoke_are_not_theirs():
    text = "It was a test. As Reyes spoke, the union was busy on the phones, urging members to oppose “any cuts to the ferry service at all.”"
    claims = extract_claims(text)
    assert [(c.kind, c.speaker) for c in claims] == [("partial_quote", "union")]


def test_a_body_known_by_its_initials_after_the_is_the_subject():
    text = "It was a test. As Reyes spoke, the HFU was busy on the phones, urging members to oppose “any cuts to the ferry service at all.”"
    (claim,) = extract_claims(text)
    assert (claim.speaker, claim.speaker_kind) == ("HFU", "organisation")


@pytest.mark.parametrize(
    "opening, speaker",
    [
        ("Lena Park, 46, and Tom Reyes, 52, spoke at the pier.\n\nReyes thanked the crowd.", "Lena Park"),
        ("Tom Reyes thanked the crowd.", "Tom Reyes"),
        # Given another age, the person last in view is someone else.
        ("Tom Reyes, 52, thanked the crowd.", "the 46-year-old"),
    ],
)
def test_the_person_of_an_age_is_the_one_the_article_gave_it(opening, speaker):
    assert speaker_of(f"{opening}\n\n“The pier will open,” said the 46-year-old.", "The pier") == speaker


@pytest.mark.parametrize(
    "headline, words",
    [
        ("Tom Reyes Praises Salem Herald’s Ferry Reporter Ann Ruiz: ‘A Very Fair Reporter.’", "A Very Fair"),
        ("Tom Reyes Thanks Ann Ruiz For Saving The Ferry: ‘She Did It Alone.’", "She Did It"),
    ],
)
def test_a_headline_quotation_after_one_praising_another_is_the_praisers(headline, words):
    text = f"{headline}\n\nTom Reyes spoke to the Salem Herald on Monday.\n\n“It was kind of him,” Ann Ruiz said."
    assert speaker_of(text, words) == "Tom Reyes"
    # The one praised keeps a role that holds nothing of the headline.
    (ruiz,) = [c for c in extract_claims(text) if c.speaker == "Ann Ruiz"]
    assert "Reyes" not in ruiz.role


@pytest.mark.parametrize("joint", [", loudly chanting", " by chanting", " by loudly chanting"])
def test_a_crowd_that_chants_at_someone_speaks_and_its_clause_is_no_speaker_name(joint):
    text = f"Tom Reyes and Ann Ruiz were there. The crowd cheered her{joint} “one more term.”"
    (claim,) = extract_claims(text)
    assert (claim.kind, claim.speaker) == ("partial_quote", "The crowd")


def test_those_around_him_still_describe_a_speaker():
    text = "Tom Reyes will not quit, but those around him acknowledge the race is over."
    (claim,) = [c for c in extract_claims(text) if c.kind == "reported"]
    assert claim.speaker == "those around him"


@pytest.mark.parametrize(
    "opening",
    [
        "Harbor vote tonight: will Reyes hold on?\n\nWill Reyes fight on to the end?",
        "Did Tom Reyes mislead the board?",
        "Young Reyes supporters crowded the pier.",
    ],
)
def test_a_question_verb_or_an_adjective_opening_a_sentence_is_no_given_name(opening):
    text = f"{opening}\n\nTom Reyes spoke on Tuesday. He vowed to “keep the night ferry.”"
    assert speaker_of(text, "keep the night") == "Tom Reyes"
    names = {e.name for e in NameRegistry.from_text(text).by_name.values() if e.kind == "person"}
    assert names == {"Tom Reyes"}


def test_a_given_name_that_is_also_a_verb_or_an_adjective_stays_a_name():
    names = {e.name for e in NameRegistry.from_text("Will Hale spoke. Young Kim said so.").by_name.values()}
    assert {"Will Hale", "Young Kim"} <= names


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("New Salem Ferry riders said the crossing was “never on time.”", "New Salem Ferry riders"),
        ("At the pier, North Harbor dock workers said the crossing was “never on time.”", "North Harbor dock workers"),
    ],
)
def test_a_group_keeps_the_whole_name_that_qualifies_it(text, speaker):
    assert speaker_of(text, "never on time") == speaker


def test_a_quotation_that_another_attribution_follows_is_no_statement_of_the_first_cue():
    text = "Harbor School fans also chanted, “Fix the pier,” the Salem Courier reports."
    statements = [c for c in extract_claims(text) if c.kind == "reported"]
    assert all(not c.text.startswith("“") for c in statements), [c.text for c in statements]


def test_a_heading_in_capitals_is_no_speaker():
    text = (
        "WHAT IS WORKING.\n\nHARBOR TOWN ENDS FERRY TAX “Salem Mayor Lena Park signed a bill on Thursday that ends the"
        " ferry tax in her town, so riders pay less.” [Courier]"
    )
    assert {c.speaker for c in extract_claims(text) if c.kind in ("quote", "partial_quote")} == {None}
    # A transcript's label in capitals still names its speaker.
    transcript = "Transcript:\n\nLENA PARK: We will fix the pier this year, whatever it costs.\n\nTOM REYES: No."
    assert speaker_of(transcript, "We will") == "Lena Park"


def test_a_pronoun_inside_a_quotation_tells_nothing_of_the_gender_of_the_name_before():
    text = "Tom Reyes lost the vote on Monday.\n\nArden Vale watched it from the pier. “He was wrong about the ferry,” she said."
    assert speaker_of(text, "He was wrong") == "Arden Vale"
