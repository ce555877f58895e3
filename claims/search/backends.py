"""The search box's database side: the one module that speaks each
database's full-text dialect. Everything else goes through `find`,
`narrow_claims` and `speakers_named`.

PostgreSQL reads the stored tsvector columns (GIN indexes, migration 0021)
and, for words that may be misspelt names or titles, pg_trgm's word
similarity (`%>`, which a trigram index serves; `word_similarity() >= x`
as a function could not use one). SQLite reads the FTS5 tables of
migration 0022.

Ranking is exact up to CAP matches of a kind. A common word matches far
more rows than anyone reads, and ranking every one of them means reading
every one: past CAP the best of the first CAP found are shown, and the count
says "more than". Claims and notes are ranked by their whole vector;
articles and sources by a small one of their title and the start of their
text (`search_head`), so a title match comes first, then the newest.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .query import Query, fts5_match, index_words, tsquery_sql

CAP = 1000
# Rows a possibly misspelt word may stand for (speakers, titles), most
# similar first, and how like a word of theirs it must be (pg_trgm word
# similarity: "Stoltenburg" for Stoltenberg is 0.67, "Haddud" for Haddad
# 0.57; pg_trgm's own default is 0.6).
SIMILAR_ROWS = 200
SIMILAR_ENOUGH = 0.5
# Rows of each field looked at for a misspelt word (see _pg_fuzzy).
SIMILAR_CANDIDATES = 1000


@dataclass(frozen=True, slots=True)
class Filters:
    """Conditions besides the words. Claim filters (state, verdict,
    speakers) apply to claims and to notes through their claim; the date is
    the article's publication for claims and articles, the source's for
    sources and the writing of a note for notes."""

    state: str = ""
    verdict: str = ""
    speaker_ids: tuple[int, ...] | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass(slots=True)
class Hits:
    ids: list[int] = field(default_factory=list)  # best first: the page asked for
    total: int = 0  # matches, counted up to CAP
    more: bool = False  # there are more than CAP
    # A phrase was looked for in only the first rows holding all its words
    # (PostgreSQL, _pg_phrase): there may be more matches than `total`.
    at_least: bool = False


@dataclass(frozen=True, slots=True)
class _Kind:
    table: str
    # Where a misspelt word is looked for (PostgreSQL): a table, its fields,
    # and the column of this kind's table that holds those rows' ids.
    fuzzy: tuple[str, tuple[str, ...], str] | None = None
    # The vector ranked on PostgreSQL.
    rank: str = "search"
    # Column weights for SQLite's bm25, in the FTS5 table's column order.
    bm25: tuple[float, ...] = (1.0,)
    # The column the date filter reads, and the table it is in.
    date: str = "t.published_on"
    # Rows holding all a phrase's words that are checked for the phrase
    # itself (PostgreSQL, _pg_phrase): reading a row's word positions costs
    # as much as its vector is long, so fewer for the kinds with long texts
    # (at most 10 to 20 ms each kind at bench_search's sizes: a claim's
    # vector is read in a few microseconds, an article's in about 40, a
    # source's in 100 to 150).
    phrase_candidates: int = 2000


KINDS = {
    "claims": _Kind(
        "claims_claim", fuzzy=("claims_speaker", ("name",), "speaker_id"), bm25=(1.0, 0.5), date="a.published_on"
    ),
    "articles": _Kind(
        "claims_article", fuzzy=("claims_article", ("title",), "id"), rank="search_head", bm25=(1.0, 0.1),
        phrase_candidates=500,
    ),
    "sources": _Kind(
        "claims_source", fuzzy=("claims_source", ("title", "publisher", "author"), "id"), rank="search_head",
        bm25=(1.0, 0.5, 0.5, 0.3, 0.1), phrase_candidates=100,
    ),
    "notes": _Kind("claims_note", date="t.created_at"),
}


def find(kind: str, query: Query, filters: Filters = Filters(), *, limit: int = 10, offset: int = 0) -> Hits:
    """The ids of the `kind` ("claims", "articles", "sources", "notes")
    matching every positive clause of the query and none of its negated
    ones, and the filters, best first. One query; on PostgreSQL, when it
    finds nothing and a word may be a misspelt name or title, three more:
    the similarity threshold, the rows (speakers for claims) with a name or
    title like the word, and the search again with those rows counting as a
    match for it."""
    if not query or filters.speaker_ids == ():
        return Hits()
    spec = KINDS[kind]
    joins, conditions, params = _filters(kind, spec, filters)
    if connection.vendor != "postgresql":
        sql, match_params = _sqlite(spec, query, joins, conditions, params)
        return _run(sql, [*match_params, limit, offset])
    sql, match_params = _pg(spec, query, {}, joins, conditions, params)
    # The kinds with long texts: the rows are found through the index alone
    # (a phrase is checked apart, on a bounded number of them).
    index_only = spec.rank == "search_head"
    bound = spec.phrase_candidates if any(c.phrase for c in query.clauses) else None
    hits = _run(sql, [*match_params, limit, offset], index_only=index_only, bound=bound)
    if not hits.ids and spec.fuzzy and query.fuzzy_words():
        alternatives = _pg_fuzzy(spec, query)
        if alternatives:
            sql, match_params = _pg(spec, query, alternatives, joins, conditions, params)
            hits = _run(sql, [*match_params, limit, offset], index_only=index_only, bound=bound)
    return hits


def _run(sql: str, params: list, *, index_only: bool = False, bound: int | None = None) -> Hits:
    with connection.cursor() as cursor:
        if index_only:
            # A common word matches most rows, and the planner then reads the
            # table in order, fetching every row's whole word vector (tens of
            # kilobytes for an article or a source) to test it. The GIN index
            # answers a word query without reading any vector (a phrase's words
            # too: see _pg_phrase). For this query only, and sent with it in
            # one message, which PostgreSQL runs as one transaction (a
            # transaction of its own would cost three more round trips). Its
            # parameters are quoted into it here: one message of several
            # statements cannot carry them apart, nor be prepared.
            statements = f"SET LOCAL enable_seqscan = off; {sql}; RESET enable_seqscan"
            cursor.execute(connection.ops.compose_sql(statements, params))
            cursor.nextset()
        else:
            cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Hits()
    count = rows[0][1]
    at_least = bound is not None and count <= CAP and rows[0][2] >= bound
    if rows[0][0] is None:
        return Hits(at_least=at_least)  # a phrase found in none of the rows checked
    return Hits(ids=[row[0] for row in rows], total=min(count, CAP), more=count > CAP, at_least=at_least)


def _filters(kind: str, spec: _Kind, filters: Filters) -> tuple[str, list[str], list]:
    if connection.vendor == "postgresql":
        return _pg_filters(kind, spec, filters)
    joins, conditions, params = [], [], []
    claim = "t" if kind == "claims" else "c"
    if kind == "notes" and (filters.state or filters.verdict or filters.speaker_ids is not None):
        joins.append("JOIN claims_claim c ON c.id = t.claim_id")
    for name, value in (("state", filters.state), ("verdict", filters.verdict)):
        if value:
            conditions.append(f"{claim}.{name} = %s")
            params.append(value)
    if filters.speaker_ids is not None:
        conditions.append(f"{claim}.speaker_id IN ({', '.join(['%s'] * len(filters.speaker_ids))})")
        params.extend(filters.speaker_ids)
    _date_filter(kind, spec, filters, joins, conditions, params)
    return " ".join(joins), conditions, params


def _pg_filters(kind: str, spec: _Kind, filters: Filters) -> tuple[str, list[str], list]:
    """A claim's and a note's vector hold the claim's state, verdict and
    speaker as lexemes, and a claim's the year and month of its article
    (migration 0033): the word index answers the words and those filters at
    once, without a row read to test them. A date range is asked of the
    index by its months and years, then tested to the day."""
    joins, conditions, params = [], [], []
    facets = []
    if kind in ("claims", "notes"):
        for name, value in (("state", filters.state), ("verdict", filters.verdict)):
            if value:
                # A value that is no word of letters and underscores is no
                # state or verdict: it matches nothing rather than being read
                # as tsquery syntax.
                facets.append(f"'_{name}_{value}'" if re.fullmatch(r"[a-z_]+", value) else "'_'")
        if filters.speaker_ids is not None:
            facets.append(" | ".join(f"'_speaker_{int(pk)}'" for pk in filters.speaker_ids))
    if kind == "claims" and (filters.date_from or filters.date_to):
        first, last = filters.date_from, filters.date_to
        if first is None or last is None:
            low, high = _article_dates()
            first, last = first or low, last or high
        terms = date_terms(first, last) if first and last else None
        if terms is not None:
            facets.append(" | ".join(f"'{term}'" for term in terms) or "'_'")
    for facet in facets:
        conditions.append("t.search @@ %s::tsquery")
        params.append(f"({facet})")
    _date_filter(kind, spec, filters, joins, conditions, params)
    return " ".join(joins), conditions, params


def _date_filter(kind: str, spec: _Kind, filters: Filters, joins: list, conditions: list, params: list) -> None:
    if filters.date_from or filters.date_to:
        if kind == "claims":
            joins.append("JOIN claims_article a ON a.id = t.article_id")
        if filters.date_from:
            conditions.append(f"{spec.date} >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            # Up to the end of that day for a timestamp.
            conditions.append(f"{spec.date} < %s")
            params.append(filters.date_to + datetime.timedelta(days=1))


# Past this many years and months a date range is tested on its rows alone.
MAX_DATE_TERMS = 60


def date_terms(first: datetime.date, last: datetime.date) -> list[str] | None:
    """The year and month lexemes (migration 0033) of the days from `first`
    to `last`: whole years as a year, the months before and after them as
    months. The first and last month count whole, so the rows they find
    are tested to the day. None past MAX_DATE_TERMS."""
    if first > last:
        return []
    terms = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if len(terms) == MAX_DATE_TERMS:
            return None
        if month == 1 and (year < last.year or last.month == 12):
            terms.append(f"_year_{year}")
            year += 1
            continue
        terms.append(f"_month_{year * 100 + month}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return terms


def _article_dates() -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last publication dates of any article, read from the
    ends of their index: the bounds of a date range given at one end."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(published_on), max(published_on) FROM claims_article")
        return cursor.fetchone()


def _pg_match(spec: _Kind, query: Query, alternatives: dict, table: str = "t") -> tuple[list[str], list]:
    """The conditions, on `table`'s stored vector, that a row matches the
    query, each word in `alternatives` also matched by the rows listed for it."""
    parts, match_params = [], []
    exact = Query(tuple(c for c in query.clauses if c not in alternatives))
    if exact.clauses:
        exact_sql, exact_params = tsquery_sql(exact)
        parts.append(f"{table}.search @@ ({exact_sql})")
        match_params += exact_params
    for clause, ids in alternatives.items():
        # A word that may be misspelt is in the index or like a word of a
        # name or title; the other clauses must all still be there.
        clause_sql, clause_params = tsquery_sql(Query((clause,)))
        parts.append(
            f"({table}.search @@ ({clause_sql}) OR {table}.{spec.fuzzy[2]} IN ({', '.join(['%s'] * len(ids))}))"
        )
        match_params += [*clause_params, *ids]
    return parts, match_params


def _pg(spec: _Kind, query: Query, alternatives: dict, joins: str, conditions: list[str], params: list):
    tsquery, ts_params = tsquery_sql(query)
    phrases = Query(tuple(c for c in query.clauses if c.phrase))
    if phrases.clauses:
        # The index finds the rows holding a phrase's words, not the phrase:
        # the rows it gives are checked for the phrase apart (_pg_phrase).
        query = Query(tuple(index_words(c) if c.phrase else c for c in query.clauses if not (c.phrase and c.negated)))
    parts, match_params = _pg_match(spec, query, alternatives)
    where = " AND ".join([*parts, *conditions])
    if phrases.clauses:
        return _pg_phrase(spec, phrases, where, joins, [*match_params, *params], tsquery, ts_params)
    # Ranked once the candidates are found (at most CAP + 1 of them): a
    # plain word query needs no recheck of the rows, so no vector is read
    # but the ranked one of those candidates.
    sql = (
        f"SELECT id, count(*) OVER () FROM ("
        f" SELECT t.id, t.{spec.rank} AS ranked FROM {spec.table} t {joins} WHERE {where} LIMIT {CAP + 1}"
        f") t ORDER BY ts_rank(t.ranked, {tsquery}) DESC, t.id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*match_params, *params, *ts_params]


def _pg_phrase(spec: _Kind, phrases: Query, where: str, joins: str, params: list, tsquery: str, ts_params: list):
    """A query with phrases: the first `spec.phrase_candidates` rows that
    hold all the words (the phrases' words too) and pass the filters, found
    through the index alone, then checked for the phrases in their word
    positions. Asking the index for the phrase itself would have it check
    the positions of every row holding the words: for common words, most
    rows, each read whole (a source's vector runs to megabytes). The third
    column is the number of rows checked: when it reaches the bound, rows
    past it may hold the phrase too (Hits.at_least)."""
    phrase_sql, phrase_params = tsquery_sql(phrases)
    # When none of the rows checked holds the phrase, one row of NULL says
    # how many were checked: at the bound, rows past it may still hold it.
    sql = (
        f"WITH checked AS MATERIALIZED ("
        f" SELECT t.id, t.{spec.rank} AS ranked, t.search @@ ({phrase_sql}) AS found"
        f" FROM {spec.table} t {joins} WHERE {where} LIMIT {spec.phrase_candidates}"
        f"), found AS (SELECT id, ranked FROM checked WHERE found LIMIT {CAP + 1}) "
        f"(SELECT id, (SELECT count(*) FROM found), (SELECT count(*) FROM checked) FROM found"
        f" ORDER BY ts_rank(ranked, {tsquery}) DESC, id DESC LIMIT %s OFFSET %s) "
        f"UNION ALL SELECT NULL, 0, (SELECT count(*) FROM checked) WHERE NOT EXISTS (SELECT FROM found)"
    )
    return sql, [*phrase_params, *params, *ts_params]


def _pg_fuzzy(spec: _Kind, query: Query) -> dict:
    """For each plain word that may be a misspelt name or title (a Clause),
    the ids of the rows whose name or title has a word like it, the most
    similar first, served by the trigram indexes.

    Each field is asked apart, for at most SIMILAR_CANDIDATES rows: a
    publisher or a common first name is like the word in thousands of rows,
    and each of them costs a similarity computed from its text (once per
    field asked for; asking for the fields together computed every field's
    for every row, and ordered all of them)."""
    words = query.fuzzy_words()
    clauses = [c for c in query.positive if not c.phrase and c.words[0] in words]
    _similarity_threshold()
    table, fields, _ = spec.fuzzy
    similar = " UNION ALL ".join(
        f"(SELECT id, word_similarity(w, {f}) AS closeness FROM {table} WHERE {f} %%> w LIMIT {SIMILAR_CANDIDATES})"
        for f in fields
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w, r.id FROM unnest(%s::text[]) AS w CROSS JOIN LATERAL ("
            f" SELECT id FROM ({similar}) f GROUP BY id ORDER BY max(closeness) DESC, id LIMIT %s) r",
            [list(words), SIMILAR_ROWS],
        )
        found: dict[str, list[int]] = {w: [] for w in words}
        for word, row_id in cursor.fetchall():
            found[word].append(row_id)
    return {c: found[c.words[0]] for c in clauses if found[c.words[0]]}


def _similarity_threshold() -> None:
    """The `%>` operator compares with a setting rather than an argument
    (so that an index can serve it): set it for this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(SIMILAR_ENOUGH)])


def _sqlite(spec: _Kind, query: Query, joins: str, conditions: list[str], params: list):
    fts = f"{spec.table}_fts"
    weights = ", ".join(str(w) for w in spec.bm25)
    where = " AND ".join([f"{fts} MATCH %s", *conditions])
    # bm25 is smaller for a better match.
    sql = (
        f"SELECT id, count(*) OVER () FROM ("
        f" SELECT t.id AS id, bm25({fts}, {weights}) AS rank FROM {fts} JOIN {spec.table} t ON t.id = {fts}.rowid"
        f" {joins} WHERE {where} LIMIT {CAP + 1}"
        f") ORDER BY rank, id DESC LIMIT %s OFFSET %s"
    )
    return sql, [fts5_match(query), *params]


def narrow_claims(claims: QuerySet, query: Query) -> QuerySet:
    """`claims` (a Claim queryset) narrowed to those whose text or speaker
    has every positive clause of the query and none of its negated ones, as
    `find` matches them, in the queryset's own order rather than ranked. A
    query of exclusions only ("-budget") keeps the claims that have none of
    them. On PostgreSQL, as in `find`, when the words as typed match none
    of them and one may be a misspelt name, the claims of speakers named
    like it count for it: one query to know, two more to find them."""
    if not query.clauses:
        return claims
    if not query.positive:
        for clause in query.negative:
            claims = claims.exclude(_claims_matching(Query((replace(clause, negated=False),))))
        return claims
    narrowed = claims.filter(_claims_matching(query))
    if connection.vendor == "postgresql" and query.fuzzy_words() and not narrowed.exists():
        alternatives = _pg_fuzzy(KINDS["claims"], query)
        if alternatives:
            narrowed = claims.filter(_claims_matching(query, alternatives))
    return narrowed


def _claims_matching(query: Query, alternatives: dict | None = None) -> Q:
    from ..models import Claim

    table = Claim._meta.db_table
    if connection.vendor != "postgresql":
        fts = f"{table}_fts"
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [fts5_match(query)]))
    # The claims table as the queryset names it: not for a queryset that
    # reads claims through a join or a subquery under another alias.
    parts, params = _pg_match(KINDS["claims"], query, alternatives or {}, table=connection.ops.quote_name(table))
    return Q(RawSQL(" AND ".join(parts), params, output_field=BooleanField()))


def speakers_named(name: str, limit: int = 200) -> tuple[int, ...]:
    """Speakers whose name, or one of its forms, holds `name`, or on
    PostgreSQL a word like it: the speaker filter."""
    from ..models import Speaker

    condition = Q(name__icontains=name) | Q(aliases__name__icontains=name)
    if connection.vendor == "postgresql":
        _similarity_threshold()
        condition |= Q(name__trigram_word_similar=name)
    return tuple(Speaker.objects.filter(condition).values_list("pk", flat=True).distinct()[:limit])
