"""What a person typed in the search box, as clauses, and those clauses in
each database's query language. Pure: no Django, no database.

    parse_query('budget "we will build" -housing stolt')
    # budget, the phrase "we will build", not housing, and stolt as a
    # prefix (the last word while typing: stoltenberg, stolt...)

Words are matched whole, as the database's word index knows them (letters
and digits, lower-cased, no stemming: the texts are in many languages), so
"tax" does not find "taxes"; the last word also matches as a prefix once it
is PREFIX_MIN letters long, which is what typing into the box needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clauses beyond this are dropped: each one is a term the index is asked for.
MAX_CLAUSES = 12
# A shorter last word is not taken as a prefix: "th" would ask the index for
# every word starting so, and the posting lists of the commonest words.
PREFIX_MIN = 4
# Runs of letters and digits: the words of a text as highlighting, the
# SQLite index (unicode61) and, for plain words, PostgreSQL's parser see them.
_TOKEN = re.compile(r"[^\W_]+")
# A clause: an optional minus, then a quoted phrase (its closing quote may be
# missing while typing) or a run of non-space characters.
_CLAUSE = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


# Words in nearly every text, whose lists in the word index run to most of
# its rows. Finding the rows that hold a phrase's words means intersecting
# those lists, which takes tens of milliseconds for each such word at a
# million claims; the phrase is then checked in the rows found anyway, so
# only its other words need the index (see index_words).
COMMON_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its not of on or our she so "
    "that the their them they this to was we were which will with you".split()
)


def tokens(text: str) -> list[str]:
    """The words of `text`, lower-cased."""
    return [t.lower() for t in _TOKEN.findall(text)]


@dataclass(frozen=True, slots=True)
class Clause:
    """One word or phrase of the query. `text` is as typed (without quotes
    or minus); `words` its tokens."""

    text: str
    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    clauses: tuple[Clause, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    def __bool__(self) -> bool:
        # Only exclusions ("-budget") would ask for nearly everything.
        return bool(self.positive)

    def fuzzy_words(self, min_length: int = 4) -> tuple[str, ...]:
        """The plain words that may be misspelt names or titles (trigram
        matched on PostgreSQL): single words of `min_length` letters or more."""
        return tuple(
            c.words[0]
            for c in self.positive
            if not c.phrase and len(c.words) == 1 and len(c.words[0]) >= min_length
        )


def index_words(clause: Clause) -> Clause:
    """A phrase as the plain words the word index is asked for, to find the
    rows then checked for the phrase: its words but the commonest, or the
    longest of them when it has no others (one word in nearly every row is
    read in table order, which two are not: the planner knows how common
    each is, not how common both are)."""
    words = tuple(w for w in clause.words if w not in COMMON_WORDS) or (max(clause.words, key=len),)
    if words == clause.words:
        return Clause(text=clause.text, words=words)
    return Clause(text=" ".join(words), words=words)


def parse_query(text: str) -> Query:
    """The clauses of a search: "quoted words" are a phrase, a leading minus
    excludes a word or phrase, anything else is a word that must occur. A
    clause with no letters or digits is dropped, and so is a repeat; the
    last plain word, unless followed by a space, is also a prefix."""
    clauses: list[Clause] = []
    seen = set()
    for match in _CLAUSE.finditer(text):
        minus, quoted, bare = match.groups()
        raw = quoted if quoted is not None else bare
        words = tuple(tokens(raw))
        if not words:
            continue
        phrase = quoted is not None and len(words) > 1
        key = (words, phrase, bool(minus))
        if key in seen:
            continue
        seen.add(key)
        clauses.append(Clause(text=" ".join(raw.split()), words=words, phrase=phrase, negated=bool(minus)))
        if len(clauses) == MAX_CLAUSES:
            break
    if clauses and not text[-1:].isspace() and not text.endswith('"'):
        last = clauses[-1]
        if not last.negated and not last.phrase and len(last.words) == 1 and len(last.words[0]) >= PREFIX_MIN:
            clauses[-1] = Clause(text=last.text, words=last.words, prefix=True)
    return Query(tuple(clauses))


def tsquery_sql(query: Query, config: str = "simple") -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression for the query, with its parameters.

    Each word goes through plainto_tsquery, so that PostgreSQL's own parser
    splits it as it split the indexed text ("gov.example" stays one host
    name, "covid-19" is two lexemes); a phrase through phraseto_tsquery; a
    prefix is one lexeme with :*."""
    parts, params = [], []
    for clause in query.clauses:
        if clause.prefix:
            part = f"to_tsquery('{config}', %s)"
            params.append(f"'{clause.words[0]}':*")
        elif clause.phrase:
            part = f"phraseto_tsquery('{config}', %s)"
            params.append(clause.text)
        else:
            part = f"plainto_tsquery('{config}', %s)"
            params.append(clause.text)
        parts.append(f"(!!{part})" if clause.negated else part)
    return " && ".join(parts) or "''::tsquery", params


def fts5_match(query: Query) -> str:
    """An SQLite FTS5 MATCH expression for the query. Each clause is a quoted
    string of its tokens (FTS5 reads one as a phrase), so nothing typed can
    be taken for FTS5's own syntax."""

    def quoted(clause: Clause) -> str:
        return '"' + " ".join(clause.words).replace('"', '""') + '"' + ("*" if clause.prefix else "")

    positive = " AND ".join(quoted(c) for c in query.positive)
    if not positive:
        return ""
    return " NOT ".join([f"({positive})", *(quoted(c) for c in query.negative)])
