"""The search box: claims (their text and speaker), articles (title and
body), sources (title, publisher, author, address and text) and reviewers'
notes, each kind ranked on its own, with a highlighted snippet, and only
the kinds the person may view (claims.roles).

    groups = search(user=request.user, text='"we will build" -housing', options=Options(kind="claims"))

The words are parsed by search.query (pure), looked up by search.backends
(the only database-specific code) and cut into snippets by search.snippets
(pure). Reads only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, StrIndex, Substr

from ..models import Article, Claim, Note, Source
from .backends import CAP, Filters, Hits, find, narrow_claims, speakers_named
from .query import Query, parse_query
from .snippets import snippet

__all__ = [
    "CAP", "KINDS", "Group", "Options", "Result", "matching_claims", "parse_query", "search", "search_sources",
    "visible_kinds",
]

# Each kind with its label and the permission that lets a person see it.
# Notes are read in the claim panel by anyone who may view claims.
KINDS = {
    "claims": ("Claims", "claims.view_claim"),
    "articles": ("Articles", "claims.view_article"),
    "sources": ("Sources", "claims.view_source"),
    "notes": ("Notes", "claims.view_claim"),
}
# Kinds that have a claim's state, verdict and speaker (a note through its claim).
CLAIM_KINDS = ("claims", "notes")
# Characters of a long text read around its first match, for the snippet.
EXCERPT_BEFORE, EXCERPT_CHARS = 200, 1200


@dataclass(frozen=True, slots=True)
class Options:
    kind: str = ""
    state: str = ""
    verdict: str = ""
    speaker: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def claim_filters(self) -> bool:
        return bool(self.state or self.verdict or self.speaker)


@dataclass(slots=True)
class Result:
    kind: str
    obj: object
    title: list[tuple[str, bool]]
    snippet: list[tuple[str, bool]]


@dataclass(slots=True)
class Group:
    kind: str
    label: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    more: bool = False
    at_least: bool = False  # a phrase looked for in part of the rows only: maybe more
    page: int = 1
    per_page: int = 10

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def visible_kinds(user) -> list[str]:
    """The kinds `user` may search."""
    return [kind for kind, (_, perm) in KINDS.items() if user.has_perm(perm)]


def search(*, user, text: str, options: Options = Options(), page: int = 1, per_page: int = 10) -> list[Group]:
    """A group per kind searched, best matches first: every kind `user` may
    view, or only `options.kind`; only claims and notes when a claim filter
    (state, verdict, speaker) is set, since the others have none."""
    query = parse_query(text)
    kinds = [k for k in visible_kinds(user) if not options.kind or k == options.kind]
    if options.claim_filters:
        kinds = [k for k in kinds if k in CLAIM_KINDS]
    if not query or not kinds:
        return []
    speaker_ids = speakers_named(options.speaker) if options.speaker else None
    filters = Filters(
        state=options.state, verdict=options.verdict, speaker_ids=speaker_ids,
        date_from=options.date_from, date_to=options.date_to,
    )
    groups = []
    for kind in kinds:
        hits = find(kind, query, filters, limit=per_page, offset=(page - 1) * per_page)
        group = Group(
            kind, KINDS[kind][0], total=hits.total, more=hits.more, at_least=hits.at_least, page=page,
            per_page=per_page,
        )
        group.results = _results(kind, hits, query)
        groups.append(group)
    return groups


def search_sources(text: str, limit: int = 20) -> list[Source]:
    """Library sources matching the words, best first (the evidence form's
    source picker)."""
    query = parse_query(text)
    if not query:
        return []
    hits = find("sources", query, limit=limit)
    rows = Source.objects.defer("text", "pages").in_bulk(hits.ids)
    return [rows[pk] for pk in hits.ids if pk in rows]


def matching_claims(claims: QuerySet, text: str) -> QuerySet:
    """`claims` narrowed to those whose text or speaker matches the words,
    as the search box finds claims, keeping the queryset's own order (the
    review queue's search). Words with no letters or digits narrow nothing."""
    return narrow_claims(claims, parse_query(text))


def _results(kind: str, hits: Hits, query: Query) -> list[Result]:
    if not hits.ids:
        return []
    rows = _rows(kind, hits.ids, query)
    results = []
    for pk in hits.ids:
        obj = rows.get(pk)
        if obj is None:  # deleted since it was found
            continue
        if kind == "claims":
            results.append(Result(kind, obj, [], snippet(obj.text, query)))
        elif kind == "notes":
            results.append(Result(kind, obj, [], snippet(obj.text, query)))
        else:
            results.append(Result(kind, obj, snippet(obj.title, query, width=500), snippet(obj.excerpt, query)))
    return results


def _rows(kind: str, ids: list[int], query: Query) -> dict[int, object]:
    """The rows to show, with what their line in the results needs and no
    more: never an article's or a source's whole text, only the stretch
    around the first match of the query's longest word."""
    if kind == "claims":
        rows = Claim.objects.select_related("article", "speaker").only(
            "text", "kind", "state", "verdict", "speaker_as_written", "article__title", "article__published_on",
            "article__direction", "speaker__name",
        )
    elif kind == "notes":
        rows = Note.objects.select_related("claim", "claim__article", "author").only(
            "text", "created_at", "claim__text", "claim__state", "claim__article__title", "author__username",
        )
    elif kind == "articles":
        rows = Article.objects.only("title", "published_on", "publisher", "authors", "direction").annotate(
            excerpt=_excerpt("cleaned_text", query)
        )
    else:
        rows = Source.objects.only("title", "publisher", "author", "kind", "published_on", "url").annotate(
            excerpt=_excerpt("text", query)
        )
    return rows.in_bulk(ids)


def _excerpt(field_name: str, query: Query):
    """EXCERPT_CHARS of the field from a little before the first occurrence
    of the query's longest word, as written in lower case, capitalised or in
    capitals (from the start when it is not there). Searching the text as
    it is, rather than a lower-cased copy, spares copying a long text."""
    word = max((w for c in query.positive for w in c.words), key=len)
    found = [NullIf(StrIndex(F(field_name), Value(form)), Value(0)) for form in dict.fromkeys(
        [word, word.capitalize(), word.upper()]
    )]
    at = Coalesce(*found, Value(0)) if len(found) > 1 else Coalesce(found[0], Value(0))
    return Substr(F(field_name), Greatest(at - EXCERPT_BEFORE, Value(1)), EXCERPT_CHARS)
