import datetime
import re
from pathlib import Path

import pytest

from claims.cleaning import clean_article, detect_language
from claims.cleaning.dates import parse_date, parse_date_line
from claims.cleaning.header import looks_like_headline, parse_header_line

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PERSIAN_RE = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def afgazad():
    return clean_article((SEEDS / "000_1d0f19fa29b49d58.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wsws():
    return clean_article((SEEDS / "002_2b4ac363705a4f99.txt").read_text(encoding="utf-8"), fmt="markdown")


def rules(clean) -> dict[str, str]:
    return {d.line: d.rule for d in clean.dropped}


# The two seed articles, in full


def test_seed_with_persian_banner_finds_title_author_and_date(afgazad):
    assert afgazad.title == (
        "As NATO moves to allow Ukraine to bomb Russia with its weapons, Kremlin floats possible Ukraine cease-fire"
    )
    assert afgazad.authors == ["Alex Lantier"]
    assert afgazad.published == datetime.date(2024, 5, 26)


def test_seed_with_persian_banner_body_is_the_english_article(afgazad):
    assert afgazad.body.startswith("Yesterday, as the Ukrainian regime")
    assert not PERSIAN_RE.search(afgazad.body)
    assert "afgazad" not in afgazad.body
    assert "European Languages" not in afgazad.body
    assert "AA-AA" not in afgazad.body
    assert (afgazad.language, afgazad.direction) == ("en", "ltr")


def test_seed_with_persian_banner_records_dropped_lines_with_rules(afgazad):
    dropped = rules(afgazad)
    assert dropped["افغانستان آزاد – آزاد افغانستان"] == "rtl-banner"
    assert dropped["www.afgazad.com"] == "site-address"
    assert dropped["afgazad@gmail.com"] == "email"
    assert dropped["European Languages"] == "section-label"
    assert dropped["زبانهای اروپایی"] == "rtl-banner"
    assert dropped["Alex Lantier"] == "byline"
    assert dropped["26.05.2024"] == "date"


def test_seed_with_persian_banner_strips_markdown_but_keeps_quotes(afgazad):
    assert "remarks to The Economist, Reuters" in afgazad.body
    assert "*" not in afgazad.body
    assert "“Ukraine has the right to defend themselves. And that includes striking targets on Russian territory.”" in (
        afgazad.body
    )
    assert "If there’s a magnitude [reached in Russian cyber attacks] ... then" in afgazad.body
    assert "Hungary—like other Eastern European states" in afgazad.body


def test_seed_with_persian_banner_rejoins_page_break_sentences(afgazad):
    assert "lift some of the restrictions they have put on the use of weapons" in afgazad.body
    assert "the decision for war with Russia has already been taken." in afgazad.body
    assert "These individuals all stressed that the Kremlin" in afgazad.body


def test_seed_in_markdown_finds_title_author_and_date(wsws):
    assert wsws.title == "NATO's top military officer calls for NATO weapons strikes deep inside Russia"
    assert wsws.authors == ["Andre Damon"]
    assert wsws.published == datetime.date(2024, 9, 15)


def test_seed_in_markdown_drops_contact_footer_and_markup(wsws):
    assert wsws.body.startswith("Over the weekend, the military committee")
    assert "To contact the WSWS" not in wsws.body
    assert "**" not in wsws.body
    assert "wsws.org" not in wsws.body
    assert "*Washington Post*" not in wsws.body
    assert "Washington Post columnist David Ignatius" in wsws.body
    assert wsws.body.endswith("to return Ukrainians home.”")
    dropped = rules(wsws)
    assert dropped["To contact the WSWS and the Socialist Equality Party visit:"] == "contact-footer"
    assert dropped["**[wsws.org/contact](https://wsws.org/contact)**"] == "link-only"


def test_seed_in_markdown_rejoins_page_break_sentence(wsws):
    assert "“It’s not a human right to be paid to avoid the draft, to defend your country." in wsws.body
    assert "\n\n" not in wsws.body.split("paid to")[1][:5]


@pytest.mark.parametrize("seed", ["000_1d0f19fa29b49d58.txt", "002_2b4ac363705a4f99.txt"])
def test_seeds_clean_idempotently(seed):
    clean = clean_article((SEEDS / seed).read_text(encoding="utf-8"))
    again = clean_article(clean.body)
    assert again.body == clean.body
    assert again.dropped == []


# Other shapes of article


def test_clean_article_reads_byline_with_date_on_one_line():
    text = (
        "By Jane Doe | March 3, 2025\n\nCity council approves harbour budget\n\n"
        "The council voted 7-2 on Monday to approve a budget of $12 million, the mayor said.\n"
    )
    clean = clean_article(text)
    assert clean.title == "City council approves harbour budget"
    assert clean.authors == ["Jane Doe"]
    assert clean.published == datetime.date(2025, 3, 3)
    assert clean.body == "The council voted 7-2 on Monday to approve a budget of $12 million, the mayor said."


def test_clean_article_reads_several_authors():
    text = "Storm hits the coast\n\nBy Jane Doe, John Roe and Ana de la Cruz\n\n2025-01-09\n\n" + "Words here. " * 10
    clean = clean_article(text)
    assert clean.authors == ["Jane Doe", "John Roe", "Ana de la Cruz"]
    assert clean.published == datetime.date(2025, 1, 9)


def test_clean_article_without_header_keeps_every_line():
    text = "The council met on Monday and voted on the harbour budget, officials said.\n\nIt passed 7-2."
    clean = clean_article(text)
    assert clean.body == text
    assert clean.title == "" and clean.authors == [] and clean.published is None
    assert clean.dropped == []


def test_clean_article_uses_metadata_and_strips_repeat_from_top():
    text = (
        "Harbour plan approved\n\nJane Doe\n\n3 March 2025\n\n"
        "The council approved the plan on Tuesday, officials said."
    )
    metadata = {"title": "Harbour plan approved", "authors": ["Jane Doe"], "date": "2025-03-03"}
    clean = clean_article(text, fmt="html", metadata=metadata)
    assert clean.title == "Harbour plan approved"
    assert (clean.authors, clean.published) == (["Jane Doe"], datetime.date(2025, 3, 3))
    assert clean.body == "The council approved the plan on Tuesday, officials said."


def test_clean_article_prefers_metadata_over_text():
    text = "Old headline\n\nBy Someone Else\n\nThe council approved the plan on Tuesday, officials said loudly."
    clean = clean_article(text, fmt="docx", metadata={"title": "New headline", "authors": "Jane Doe; John Roe"})
    assert clean.title == "New headline"
    assert clean.authors == ["Jane Doe", "John Roe"]
    assert "By Someone Else" not in clean.body


def test_clean_article_keeps_standfirst_below_title():
    text = (
        "Harbour plan approved\n\nA six-hour debate ends in a narrow vote\n\nBy Jane Doe\n\n"
        "The council approved the plan on Tuesday, officials said.\n"
    )
    clean = clean_article(text)
    assert clean.title == "Harbour plan approved"
    assert clean.body.startswith("A six-hour debate ends in a narrow vote\n\nThe council")


def test_clean_article_drops_boilerplate_of_other_sites():
    text = (
        "WORLD NEWS\n\nShare on Facebook | Twitter | WhatsApp\n\nHarbour plan approved\n\n"
        "Published 3 March 2025, 10:30 GMT\n\n"
        "The council approved the plan on Tuesday, officials said.\n\n"
        "Read more: Port workers strike over pay\n\n"
        "[Subscribe](https://example.com/subscribe) | [Newsletter](https://example.com/news)\n\n"
        "Critics promised to appeal the decision in court.\n\n"
        "https://example.com/harbour-plan\n\n"
        "news@example.com\n\n"
        "© 2025 Example Media. All rights reserved.\n\nContact us\n"
    )
    clean = clean_article(text)
    assert clean.body == (
        "The council approved the plan on Tuesday, officials said.\n\nCritics promised to appeal the decision in court."
    )
    assert clean.title == "Harbour plan approved"
    assert clean.published == datetime.date(2025, 3, 3)
    assert rules(clean) == {
        "WORLD NEWS": "banner",
        "Share on Facebook | Twitter | WhatsApp": "share-prompt",
        "Harbour plan approved": "title",
        "Published 3 March 2025, 10:30 GMT": "date",
        "Read more: Port workers strike over pay": "read-more",
        "[Subscribe](https://example.com/subscribe) | [Newsletter](https://example.com/news)": "link-only",
        "https://example.com/harbour-plan": "site-address",
        "news@example.com": "email",
        "© 2025 Example Media. All rights reserved.": "contact-footer",
        "Contact us": "contact-footer",
    }


def test_clean_article_never_drops_prose_that_mentions_boilerplate_words():
    text = (
        "To contact the ministry, reporters had to wait for hours outside, the union said.\n\n"
        "Share prices fell by 3 percent on Monday after the announcement was made.\n\n"
        "Related to this, the minister said the budget would be “reviewed”.\n\n"
        "Readers wrote to www.example.com to complain about the coverage of the vote."
    )
    assert clean_article(text).body == text


# A headline on the first line, and nothing else to go by


@pytest.mark.parametrize(
    "line",
    [
        "Harbour plan approved",
        "Is the harbour plan worth its cost?",
        "Harbour plan approved after six hours of debate in a divided council chamber",
        "“We will appeal”, critics of the harbour plan say",
        "Ratsmehrheit für den Hafenplan",
    ],
)
def test_looks_like_headline_takes_short_unpunctuated_lines(line):
    assert looks_like_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Monday.",
        "Harbour plan approved. What happens next?",
        "The mayor said:",
        "By Jane Doe",
        "26 May 2024",
        "01 January 2100",
        "WORLD NEWS",
        "Politics",
        "- first item of a list",
        "سازمان ملل خواستار آتش بس شد",
        "Contact us",
        "https://example.com/harbour-plan",
        (
            "The council voted on the harbour budget on Monday and then it voted again "
            "on the port budget after a break of an hour"
        ),
    ],
)
def test_looks_like_headline_refuses_prose_bylines_dates_and_boilerplate(line):
    assert not looks_like_headline(line)


def test_clean_article_takes_first_line_followed_by_blank_line_as_title():
    text = "Harbour plan approved\n\nThe council approved the plan on Tuesday, officials said.\n"
    clean = clean_article(text)
    assert clean.title == "Harbour plan approved"
    assert clean.body == "The council approved the plan on Tuesday, officials said."
    assert rules(clean) == {"Harbour plan approved": "title"}


def test_clean_article_takes_first_line_followed_by_body_text_as_title():
    text = "Harbour plan approved\nThe council approved the plan on Tuesday, officials said. It was close.\n"
    clean = clean_article(text)
    assert clean.title == "Harbour plan approved"
    assert clean.body == "The council approved the plan on Tuesday, officials said. It was close."


def test_clean_article_takes_headline_above_hard_wrapped_body():
    text = (
        "Harbour plan approved\n"
        "The council approved the harbour plan on Tuesday after a debate that\n"
        "lasted more than six hours, officials said. The vote was close.\n"
    )
    clean = clean_article(text)
    assert clean.title == "Harbour plan approved"
    assert clean.body.startswith("The council approved the harbour plan on Tuesday")


def test_clean_article_takes_headline_under_byline():
    text = "By Jane Doe\n\nHarbour plan approved\nThe council approved the plan on Tuesday, officials said.\n"
    clean = clean_article(text)
    assert (clean.title, clean.authors) == ("Harbour plan approved", ["Jane Doe"])
    assert clean.body == "The council approved the plan on Tuesday, officials said."


def test_clean_article_skips_section_label_above_first_line_headline():
    text = "European Languages\n\nHarbour plan approved\n\nThe council approved the plan on Tuesday, officials said."
    clean = clean_article(text)
    assert clean.title == "Harbour plan approved"
    assert clean.body == "The council approved the plan on Tuesday, officials said."


def test_clean_article_does_not_take_wrapped_first_line_of_prose_as_title():
    text = (
        "The meeting on the harbour budget was chaired by the council's leader\n"
        "Ann Lee, who said the vote would be close. Critics disagreed with her.\n"
    )
    clean = clean_article(text)
    assert clean.title == ""
    assert clean.body == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "It was a long night.\n\nThe council approved the plan on Tuesday, officials said.",
        "He said the restrictions\n\nthey have put on weapons would stay, officials said.",
        "Harbour plan approved",
    ],
)
def test_clean_article_takes_no_title_from_sentence_cut_sentence_or_lone_line(text):
    clean = clean_article(text)
    assert clean.title == ""
    assert clean.dropped == []


# Markdown


def test_clean_article_strips_markdown_markup():
    text = (
        "# A headline\n\nBy Jane Doe\n\n"
        "The **council** met with *The Economist* and __Reuters__ reporters, and _Le Monde_ too.\n\n"
        "See [the report](https://example.com/report \"Report\") for details, officials said.\n\n"
        "![A photo](https://example.com/photo.jpg)\n\n"
        "> “We will appeal,” the critics said.\n\n"
        "## What next\n\nThe vote is on Friday.\n"
    )
    clean = clean_article(text, fmt="markdown")
    assert clean.title == "A headline"
    assert clean.body == (
        "The council met with The Economist and Reuters reporters, and Le Monde too.\n\n"
        "See the report for details, officials said.\n\n"
        "“We will appeal,” the critics said.\n\n"
        "What next\n\nThe vote is on Friday."
    )
    assert rules(clean)["![A photo](https://example.com/photo.jpg)"] == "image"


@pytest.mark.parametrize(
    "prose",
    [
        "The formula is 5 * 3 * 2, he said.",
        "Files named snake_case_name and 2*3*4 stay as they are.",
        "He said [reached in cyber attacks] was wrong (as reported).",
        "«Нет», — сказал он; ‘quote’ and „Zitat“ – and don't.",
        "گفت: «این جنگ باید متوقف شود»",
        "An asterisk* at the end and *another one alone.",
    ],
)
def test_clean_article_leaves_prose_punctuation_alone(prose):
    assert clean_article(prose).body == prose


def test_clean_article_keeps_article_lists():
    text = "The plan has three parts:\n\n- a new quay,\n- a ferry line\n- and a park.\n\n1. First item\n2. second item"
    assert clean_article(text).body == text


# Whitespace and page breaks


def test_clean_article_collapses_blank_lines_and_trailing_spaces():
    text = "\ufeffFirst paragraph here.   \r\n\r\n\r\n\r\nSecond paragraph — with “quotes”.\t\n\n\n"
    assert clean_article(text).body == "First paragraph here.\n\nSecond paragraph — with “quotes”."


def test_clean_article_joins_paragraph_split_by_page_break():
    text = "He said the restrictions\n\nthey have put on weapons would stay.\n\nNext paragraph."
    expected = "He said the restrictions they have put on weapons would stay.\n\nNext paragraph."
    assert clean_article(text).body == expected


@pytest.mark.parametrize(
    "text",
    [
        "The vote was close.\n\nthe next day it was repeated.",
        "He asked: what now?\n\nnothing, they said.",
        "“It was close.”\n\nthen he left.",
        "## Heading\n\nlowercase start of a paragraph.",
        "- a list item\n\nlowercase paragraph after it.",
        "The speech ended\n\nSuddenly the lights went out.",
    ],
)
def test_clean_article_does_not_join_finished_sentences_headings_or_lists(text):
    intro = "The first paragraph of the article is long enough to read as prose.\n\n"
    assert clean_article(intro + text, fmt="markdown").body.count("\n\n") == 2


# Dates, bylines, language


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("26.05.2024", datetime.date(2024, 5, 26)),
        ("26/05/2024", datetime.date(2024, 5, 26)),
        ("05/26/2024", datetime.date(2024, 5, 26)),
        ("2024-05-26", datetime.date(2024, 5, 26)),
        ("2024-05-26T10:30:00+02:00", datetime.date(2024, 5, 26)),
        ("May 26, 2024", datetime.date(2024, 5, 26)),
        ("Sunday, May 26th 2024", datetime.date(2024, 5, 26)),
        ("26 May 2024", datetime.date(2024, 5, 26)),
        ("15 September 2024", datetime.date(2024, 9, 15)),
        ("Sept. 15, 2024", datetime.date(2024, 9, 15)),
        ("1er mai 2024", datetime.date(2024, 5, 1)),
        ("le 26 décembre 2024", datetime.date(2024, 12, 26)),
        ("26. Mai 2024", datetime.date(2024, 5, 26)),
        ("3. März 2025, 10:30 Uhr", datetime.date(2025, 3, 3)),
        ("26 de mayo de 2024", datetime.date(2024, 5, 26)),
        ("miércoles, 3 de marzo de 2025", datetime.date(2025, 3, 3)),
        ("26 мая 2024 г.", datetime.date(2024, 5, 26)),
        ("Updated: 3 March 2025 at 10:30 GMT", datetime.date(2025, 3, 3)),
    ],
)
def test_parse_date_line_reads_common_shapes(line, expected):
    assert parse_date_line(line) == expected


@pytest.mark.parametrize("line", ["31.02.2024", "The vote on 26 May 2024 was close.", "1500 people", "12.5.3"])
def test_parse_date_line_refuses_impossible_dates_and_prose(line):
    assert parse_date_line(line) is None


def test_parse_date_reads_iso_metadata():
    assert parse_date("2025-03-03T09:30:00Z") == datetime.date(2025, 3, 3)
    assert parse_date("") is None


@pytest.mark.parametrize(
    ("line", "authors", "date"),
    [
        ("By Jane Doe | March 3, 2025", ["Jane Doe"], datetime.date(2025, 3, 3)),
        ("by Jane Doe and John Roe", ["Jane Doe", "John Roe"], None),
        ("Von Hans Müller, 3. März 2025", ["Hans Müller"], datetime.date(2025, 3, 3)),
        ("Par Marie Dupont", ["Marie Dupont"], None),
        ("Alex Lantier, 26.05.2024", ["Alex Lantier"], datetime.date(2024, 5, 26)),
        ("By Jane Doe, Staff Writer", ["Jane Doe"], None),
    ],
)
def test_parse_header_line_reads_bylines(line, authors, date):
    found = parse_header_line(line)
    assert (found.authors, found.date) == (authors, date)


@pytest.mark.parametrize("line", ["European Languages", "by the way, nothing happened", "Byzantine art returns"])
def test_parse_header_line_ignores_lines_that_are_not_bylines(line):
    assert parse_header_line(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said that the plan was ready and that it would be presented.", ("en", "ltr")),
        ("Le ministre a dit que le plan est prêt et qu'il sera présenté dans les jours.", ("fr", "ltr")),
        ("Der Minister sagte, dass der Plan fertig ist und nicht mehr geändert wird.", ("de", "ltr")),
        ("El ministro dijo que el plan está listo y que se presentará con los datos.", ("es", "ltr")),
        ("Министр сказал, что план готов и будет представлен на этой неделе.", ("ru", "ltr")),
        ("Міністр сказав, що план готовий і його буде представлено цього тижня.", ("uk", "ltr")),
        ("وزیر گفت که این برنامه آماده است و به زودی ارائه خواهد شد.", ("fa", "rtl")),
        ("قال الوزير إن الخطة جاهزة وسيتم تقديمها قريبا في المدينة.", ("ar", "rtl")),
        ("השר אמר שהתוכנית מוכנה ותוצג בקרוב.", ("he", "rtl")),
        ("", ("", "ltr")),
    ],
)
def test_detect_language_by_script_and_common_words(text, expected):
    assert detect_language(text) == expected


def test_clean_article_marks_persian_article_rtl_and_keeps_it():
    text = "علی رضایی\n\n۱۴۰۳\n\nوزیر گفت که این برنامه آماده است و به زودی ارائه خواهد شد و «همه باید همکاری کنند».\n"
    clean = clean_article(text)
    assert (clean.language, clean.direction) == ("fa", "rtl")
    assert "«همه باید همکاری کنند»" in clean.body
