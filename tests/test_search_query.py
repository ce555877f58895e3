"""The search box's parser, its translation into each database's query
language, and snippets: pure functions, no database."""

from claims.search.query import MAX_CLAUSES, Clause, fts5_match, index_words, parse_query, tsquery_sql
from claims.search.snippets import snippet


def _shape(text):
    return [(c.words, c.phrase, c.negated, c.prefix) for c in parse_query(text).clauses]


def test_words_phrases_and_exclusions():
    assert _shape('budget "we will build" -housing ') == [
        (("budget",), False, False, False),
        (("we", "will", "build"), True, False, False),
        (("housing",), False, True, False),
    ]


def test_a_minus_before_a_phrase_leaves_the_phrase_out():
    assert _shape('tax -"new homes" ') == [(("tax",), False, False, False), (("new", "homes"), True, True, False)]


def test_an_unclosed_quote_is_a_phrase_to_the_end():
    assert _shape('"we will bui') == [(("we", "will", "bui"), True, False, False)]


def test_the_last_word_is_a_prefix_while_typing_once_long_enough():
    assert _shape("jens stolt") == [(("jens",), False, False, False), (("stolt",), False, False, True)]
    assert _shape("jens stolt ") == [(("jens",), False, False, False), (("stolt",), False, False, False)]
    assert _shape("jens sto") == [(("jens",), False, False, False), (("sto",), False, False, False)]


def test_a_negated_or_quoted_last_word_is_not_a_prefix():
    assert _shape("tax -housing") == [(("tax",), False, False, False), (("housing",), False, True, False)]
    assert _shape('tax "housing"') == [(("tax",), False, False, False), (("housing",), False, False, False)]


def test_words_are_lower_cased_and_split_like_the_index():
    assert parse_query("COVID-19 ").clauses == (Clause(text="COVID-19", words=("covid", "19")),)


def test_punctuation_repeats_and_empty_quotes_are_dropped():
    assert _shape('— !! "" tax Tax - tax ') == [(("tax",), False, False, False)]


def test_only_exclusions_search_nothing():
    assert not parse_query("-budget -tax")
    assert not parse_query("   ")
    assert parse_query("budget -tax")


def test_clauses_beyond_the_limit_are_dropped():
    query = parse_query(" ".join(f"w{n}" for n in range(40)) + " ")
    assert [c.words[0] for c in query.clauses] == [f"w{n}" for n in range(MAX_CLAUSES)]


def test_fuzzy_words_are_single_plain_words_of_four_letters_or_more():
    assert parse_query('Stoltenburg tax "jens stoltenberg" -economist nato').fuzzy_words() == ("stoltenburg", "nato")


def test_tsquery_passes_each_clause_through_postgresql_parser():
    sql, params = tsquery_sql(parse_query('budget "we will build" -housing stolt'))
    assert sql == (
        "plainto_tsquery('simple', %s) && phraseto_tsquery('simple', %s) && (!!plainto_tsquery('simple', %s))"
        " && to_tsquery('simple', %s)"
    )
    assert params == ["budget", "we will build", "housing", "'stolt':*"]


def test_a_phrase_asks_the_word_index_for_its_words_but_the_commonest():
    def asked(text):
        clause = index_words(parse_query(text).clauses[0])
        return clause.text, clause.words, clause.phrase

    assert asked('"we will build the pier" ') == ("build pier", ("build", "pier"), False)
    # Only common words: the longest, which the planner reads in table order.
    assert asked('"to be or not to be" ') == ("not", ("not",), False)
    # Nothing to leave out: the phrase's text as typed, for PostgreSQL's parser.
    assert asked('"covid-19 figures" ') == ("covid-19 figures", ("covid", "19", "figures"), False)


def test_fts5_quotes_every_clause_so_nothing_typed_is_fts5_syntax():
    assert fts5_match(parse_query('budget "we will build" -housing stolt')) == (
        '("budget" AND "we will build" AND "stolt"*) NOT "housing"'
    )
    assert fts5_match(parse_query('NEAR(a b) OR x* "quo"te ')) == (
        '("near a" AND "b" AND "or" AND "x" AND "quo" AND "te")'
    )


def test_fts5_of_only_exclusions_is_empty():
    assert fts5_match(parse_query("-budget")) == ""


def _marked(pieces):
    return "".join(f"[{run}]" if hit else run for run, hit in pieces)


def test_snippet_marks_words_phrases_and_prefixes_case_blind():
    text = 'The Mayor said: "We will BUILD 40,000 homes," and Stoltenberg agreed; we will see.'
    query = parse_query('mayor "we will build" stolt')
    assert _marked(snippet(text, query)) == (
        'The [Mayor] said: "[We will BUILD] 40,000 homes," and [Stoltenberg] agreed; we will see.'
    )


def test_snippet_marks_whole_words_only_and_never_excluded_ones():
    text = "Taxes and the tax on syntax; housing is left out."
    assert _marked(snippet(text, parse_query("tax -housing"))) == "Taxes and the [tax] on syntax; housing is left out."


def test_snippet_leaves_markup_as_text_for_the_template_to_escape():
    pieces = snippet("<b>budget</b> & <script>x</script>", parse_query("budget "))
    assert pieces == [("<b>", False), ("budget", True), ("</b> & <script>x</script>", False)]


def test_snippet_of_a_long_text_is_the_stretch_with_most_words():
    text = "budget " + "filler words here. " * 40 + "The budget for housing was cut. " + "more filler. " * 40
    pieces = snippet(text, parse_query("budget housing "), width=120)
    shown = _marked(pieces)
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "[budget] for [housing] was cut." in shown
    assert len(shown) < 160


def test_snippet_without_a_match_is_the_text_start_with_spaces_collapsed():
    text = "Line one.\n\n  Line   two. " + "word " * 100
    assert _marked(snippet(text, parse_query("absent "), width=40)).startswith("Line one. Line two. word")
