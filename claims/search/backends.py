"""The search box's database side: the one module that speaks each
database's full-text dialect. Everything else goes through `find` and
`speakers_named`.

PostgreSQL reads the stored tsvector columns (GIN indexes, migration 0020)
and, for words that may be misspelt names or titles, pg_trgm's word
similarity (`%>`, which a trigram index serves; `word_similarity() >= x`
as a function could not use one). SQLite reads the FTS5 tables of
migration 0021.

Ranking is exact up to CAP matches of a kind. A common word matches far
more rows than anyone reads, and ranking every one of them means reading
every one: past CAP the best of the first CAP found are shown, and the count
says "more than".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection

from .query import Query, fts5_match, tsquery_sql

CAP = 1000
# Speakers a possibly misspelt word may stand for, most similar first.
SIMILAR_SPEAKERS = 50


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


@dataclass(frozen=True, slots=True)
class _Kind:
    table: str
    # Fields a misspelt word is compared with (PostgreSQL), with `speakers`
    # standing for the claim's speaker.
    fuzzy: tuple[str, ...] = ()
    # Column weights for SQLite's bm25, in the FTS5 table's column order.
    bm25: tuple[float, ...] = (1.0,)
    # The column the date filter reads, and the table it is in.
    date: str = "t.published_on"


KINDS = {
    "claims": _Kind("claims_claim", fuzzy=("speakers",), bm25=(1.0, 0.5), date="a.published_on"),
    "articles": _Kind("claims_article", fuzzy=("title",), bm25=(1.0, 0.1)),
    "sources": _Kind("claims_source", fuzzy=("title", "publisher", "author"), bm25=(1.0, 0.5, 0.5, 0.3, 0.1)),
    "notes": _Kind("claims_note", date="t.created_at"),
}


def find(kind: str, query: Query, filters: Filters = Filters(), *, limit: int = 10, offset: int = 0) -> Hits:
    """The ids of the `kind` ("claims", "articles", "sources", "notes")
    matching every positive clause of the query and none of its negated
    ones, and the filters, best first. One query; on PostgreSQL, when it
    finds nothing and a word may be a misspelt name or title, one more (two
    for claims, whose speakers are looked up first) with those words matched
    by similarity."""
    if not query or filters.speaker_ids == ():
        return Hits()
    spec = KINDS[kind]
    joins, conditions, params = _filters(kind, spec, filters)
    if connection.vendor != "postgresql":
        sql, match_params = _sqlite(spec, query, joins, conditions, params)
        return _run(sql, [*match_params, limit, offset])
    sql, match_params = _pg(spec, query, {}, joins, conditions, params)
    hits = _run(sql, [*match_params, limit, offset])
    if not hits.ids and spec.fuzzy and query.fuzzy_words():
        alternatives = _pg_fuzzy(spec, query)
        if alternatives:
            sql, match_params = _pg(spec, query, alternatives, joins, conditions, params)
            hits = _run(sql, [*match_params, limit, offset])
    return hits


def _run(sql: str, params: list) -> Hits:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Hits()
    count = rows[0][1]
    return Hits(ids=[row[0] for row in rows], total=min(count, CAP), more=count > CAP)


def _filters(kind: str, spec: _Kind, filters: Filters) -> tuple[str, list[str], list]:
    joins, conditions, params = [], [], []
    claim = "t" if kind == "claims" else "c"
    if kind == "notes" and (filters.state or filters.verdict or filters.speaker_ids is not None):
        joins.append("JOIN claims_claim c ON c.id = t.claim_id")
    if filters.state:
        conditions.append(f"{claim}.state = %s")
        params.append(filters.state)
    if filters.verdict:
        conditions.append(f"{claim}.verdict = %s")
        params.append(filters.verdict)
    if filters.speaker_ids is not None:
        conditions.append(f"{claim}.speaker_id IN ({', '.join(['%s'] * len(filters.speaker_ids))})")
        params.extend(filters.speaker_ids)
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
    return " ".join(joins), conditions, params


def _pg(spec: _Kind, query: Query, alternatives: dict, joins: str, conditions: list[str], params: list):
    tsquery, ts_params = tsquery_sql(query)
    parts, match_params = [], []
    exact = Query(tuple(c for c in query.clauses if c not in alternatives))
    if exact.clauses:
        exact_sql, exact_params = tsquery_sql(exact)
        parts.append(f"t.search @@ ({exact_sql})")
        match_params += exact_params
    for clause, (condition, condition_params) in alternatives.items():
        # A word that may be misspelt is in the index or like a word of a
        # name or title; the other clauses must all still be there.
        clause_sql, clause_params = tsquery_sql(Query((clause,)))
        parts.append(f"(t.search @@ ({clause_sql}) OR {condition})")
        match_params += [*clause_params, *condition_params]
    where = " AND ".join([*parts, *conditions])
    # Ranked once the candidates are found (at most CAP + 1 of them): a
    # plain word query needs no recheck of the rows, so only the vectors of
    # those candidates are ever read.
    sql = (
        f"SELECT id, count(*) OVER () FROM ("
        f" SELECT t.id, t.search FROM {spec.table} t {joins} WHERE {where} LIMIT {CAP + 1}"
        f") t ORDER BY ts_rank(t.search, {tsquery}) DESC, t.id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*match_params, *params, *ts_params]


def _pg_fuzzy(spec: _Kind, query: Query) -> dict:
    """For each plain word that may be a misspelt name or title (a Clause),
    the SQL that matches rows by similarity, with its parameters."""
    clauses = [c for c in query.positive if c.words[0] in query.fuzzy_words() and not c.phrase]
    if spec.fuzzy == ("speakers",):
        similar = _similar_speakers(tuple(c.words[0] for c in clauses))
        return {
            c: (f"t.speaker_id IN ({', '.join(['%s'] * len(similar[c.words[0]]))})", similar[c.words[0]])
            for c in clauses
            if similar[c.words[0]]
        }
    return {c: (" OR ".join(f"t.{f} %%> %s" for f in spec.fuzzy), [c.words[0]] * len(spec.fuzzy)) for c in clauses}


def _similar_speakers(words: tuple[str, ...]) -> dict[str, list[int]]:
    """Speakers whose name has a word like each of `words` (pg_trgm word
    similarity at its threshold, 0.6: "Stoltenburg" for Stoltenberg)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, s.id FROM unnest(%s::text[]) AS w "
            "CROSS JOIN LATERAL (SELECT id FROM claims_speaker WHERE name %%> w "
            " ORDER BY word_similarity(w, name) DESC, id LIMIT %s) s",
            [list(words), SIMILAR_SPEAKERS],
        )
        found: dict[str, list[int]] = {w: [] for w in words}
        for word, speaker_id in cursor.fetchall():
            found[word].append(speaker_id)
    return found


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


def speakers_named(name: str, limit: int = 200) -> tuple[int, ...]:
    """Speakers whose name, or one of its forms, holds `name`, or on
    PostgreSQL a word like it: the speaker filter."""
    from django.db.models import Q

    from ..models import Speaker

    condition = Q(name__icontains=name) | Q(aliases__name__icontains=name)
    if connection.vendor == "postgresql":
        condition |= Q(name__trigram_word_similar=name)
    return tuple(Speaker.objects.filter(condition).values_list("pk", flat=True).distinct()[:limit])
