"""Never checking a claim twice: when an imported claim repeats one already
in the workbench (claims.repeats decides what counts), the two are linked
at import, the claim panel shows the other, and a settled one's verdict
and sources can be reused with one click.

At import, the candidates of a whole article come in one query, before
its claims are inserted (so they are all other articles' claims): for
each of its keys the earliest claims with that key (a short quote's with
its speaker's only), and for each of its speakers their RECENT_PER_SPEAKER
latest claims, each read in index order (claim_match_key,
claim_speaker_key, claim_speaker_recent), so the cost does not grow with
the table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Claim, ClaimRepeat
from ..repeats import EXACT, MAX_REPEATS, MIN_WORDS_ANY_SPEAKER, MIN_WORDS_NEAR, Quote, Repeat, quote, repeats_among
from .evidence import link_source
from .review import InvalidChange, ReviewRefused, change_claim, check_version, lock_claim, record

# A speaker's latest claims a new claim of theirs is compared with for
# near repeats. Exact repeats are found whatever their age, by key.
RECENT_PER_SPEAKER = 50
# Bounds on the one candidate query of an article (on SQLite a part per
# key and per speaker, under its limit of 500 parts); past them the rest of
# its claims are matched by key only or not at all, which only an article
# of hundreds of quotes or speakers reaches.
MAX_KEYS = 400
MAX_SPEAKERS = 100

MAY_NOT_REUSE = "Only a reviewer can reuse a verdict and its sources."
NOT_SETTLED = "That claim's verdict is no longer settled, so it cannot be reused; reload the claim."
NOT_A_REPEAT = "That claim is not a repeat of this one."
ALREADY_APPROVED = "This claim's verdict is approved; only a claim under review can take another's verdict."


# At import


@dataclass(frozen=True)
class Found:
    """A repeat found at import: the new claim by its span in the article."""

    span: tuple[int, int, str]
    earlier_id: int
    repeat: Repeat


def find_repeats(rows: list[dict]) -> list[Found]:
    """The earlier claims that an article's new claims repeat, given the
    rows about to be inserted (with text, kind, start, end and speaker_id).
    Call before inserting them. One query, none when no claim can be
    matched."""
    new = [(row, quote(row["text"], row["speaker_id"])) for row in rows if _matchable(row)]
    new = [(row, q) for row, q in new if q.words]
    if not new:
        return []
    # (key, speaker): a short quote's key is asked for with its speaker
    # only, since nobody else's identical words count (claims.repeats).
    keys: dict[tuple[str, int | None], None] = {}
    speakers: dict[int, None] = {}
    for _, q in new:
        if len(q.words) >= MIN_WORDS_ANY_SPEAKER:
            keys[q.key, None] = None
        elif q.speaker is not None:
            keys[q.key, q.speaker] = None
        if q.speaker is not None and len(q.words) >= MIN_WORDS_NEAR:
            speakers[q.speaker] = None
    candidates = _candidates(list(keys)[:MAX_KEYS], list(speakers)[:MAX_SPEAKERS])
    by_words: dict[tuple[str, ...], list[tuple[int, Quote]]] = {}
    by_speaker: dict[int, list[tuple[int, Quote]]] = {}
    for pk, earlier in candidates.items():
        by_words.setdefault(earlier.words, []).append((pk, earlier))
        if earlier.speaker is not None:
            by_speaker.setdefault(earlier.speaker, []).append((pk, earlier))
    found = []
    # A quote said twice in the article by the same speaker is compared once.
    repeated: dict[Quote, list[tuple[int, Repeat]]] = {}
    for row, q in new:
        if q not in repeated:
            pool = by_words.get(q.words, []) + by_speaker.get(q.speaker, [])
            repeated[q] = repeats_among(q, pool, limit=MAX_REPEATS)
        found.extend(Found((row["start"], row["end"], row["kind"]), pk, repeat) for pk, repeat in repeated[q])
    return found


def _matchable(row: dict) -> bool:
    return row["kind"] in Claim.REVIEWABLE_KINDS


def _candidates(keys: list[tuple[str, int | None]], speakers: list[int]) -> dict[int, Quote]:
    """Earlier claims by id, as candidate_query finds them."""
    if not keys and not speakers:
        return {}
    done, unrated = str(Claim.State.DONE), str(Claim.Verdict.UNRATED)
    with connection.cursor() as cursor:
        cursor.execute(*candidate_query(keys, speakers))
        return {
            pk: quote(text, speaker, settled=state == done and verdict != unrated)
            for pk, speaker, text, state, verdict in cursor.fetchall()
        }


def candidate_query(keys: list[tuple[str, int | None]], speakers: list[int]) -> tuple[str, list]:
    """The SQL and parameters that read (id, speaker_id, text, state,
    verdict) of the earlier claims: for each (key, speaker) the earliest
    MAX_REPEATS with that key (the speaker's only, unless None), and each
    speaker's latest RECENT_PER_SPEAKER, each read in index order.

    On PostgreSQL, three parts whatever the article: the keys and speakers
    go in as arrays, each looked up by a LATERAL subquery, so the query is
    planned in a fraction of a millisecond. SQLite has no LATERAL: one part
    per key and speaker, each wrapped as a subquery so that it takes its
    own ORDER BY and LIMIT. Written out rather than built by the ORM, which
    took longer to compile an article's few dozen parts than the database
    took to run them."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("id", "speaker_id", "text", "state", "verdict"))
    select = f"SELECT {columns} FROM {q(Claim._meta.db_table)} WHERE {q('kind')} <> %s"
    earliest = f"ORDER BY {q('id')} LIMIT {MAX_REPEATS}"
    # By the time stored, which only claim_speaker_recent gives in order (see there).
    latest = f"ORDER BY {q('created_at')} DESC LIMIT {RECENT_PER_SPEAKER}"
    other = Claim.Kind.NON_SPEECH_QUOTE
    anyone = [key for key, speaker in keys if speaker is None]
    theirs = [(key, speaker) for key, speaker in keys if speaker is not None]
    if connection.vendor == "postgresql":
        def lateral(rows: str, where: str, order: str) -> str:
            return f"SELECT c.* FROM {rows} CROSS JOIN LATERAL ({select} AND {where} {order}) AS c"

        parts = [
            (lateral("unnest(%s::text[]) AS k(key)", "match_key = k.key", earliest), [_pg_array(anyone), other]),
            (
                lateral("unnest(%s::text[], %s::bigint[]) AS k(key, speaker)",
                        "match_key = k.key AND speaker_id = k.speaker", earliest),
                [_pg_array([key for key, _ in theirs]), _pg_array([speaker for _, speaker in theirs]), other],
            ),
            (
                lateral("unnest(%s::bigint[]) AS s(speaker)", "speaker_id = s.speaker", latest),
                [_pg_array(speakers), other],
            ),
        ]
    else:
        parts = [(f"{select} AND {q('match_key')} = %s {earliest}", [other, key]) for key in anyone]
        parts += [(f"{select} AND {q('match_key')} = %s AND {q('speaker_id')} = %s {earliest}", [other, key, speaker])
                  for key, speaker in theirs]
        parts += [(f"{select} AND {q('speaker_id')} = %s {latest}", [other, speaker]) for speaker in speakers]
        parts = [(f"SELECT * FROM ({sql}) AS part{i}", params) for i, (sql, params) in enumerate(parts)]
    return " UNION ALL ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


def record_repeats(found: list[Found], *, article_id: int) -> None:
    """Store the repeats found, the new claims given by their spans in the
    article `article_id`, whose claims are inserted already. One statement
    that finds each new claim by its span (claim_unique_span) as it
    inserts, rather than reading the article's claims back for their ids
    first. Call inside the import's transaction."""
    if not found:
        return
    q = connection.ops.quote_name
    found_at = ClaimRepeat._meta.get_field("found_at").get_db_prep_save(timezone.now(), connection)
    insert = (
        f"INSERT INTO {q(ClaimRepeat._meta.db_table)} ({q('claim_id')}, {q('earlier_id')}, {q('kind')}, {q('score')}, "
        f"{q('found_at')}) "
    )
    claim = (f"c.{q('article_id')} = %s AND c.{q('start')} = f.start AND c.{q('end')} = f.stop "
             f"AND c.{q('kind')} = f.claim_kind")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                insert + f"SELECT c.{q('id')}, f.earlier, f.kind, f.score, %s "
                "FROM unnest(%s::integer[], %s::integer[], %s::text[], %s::bigint[], %s::text[], %s::float8[]) "
                "AS f(start, stop, claim_kind, earlier, kind, score) "
                f"JOIN {q(Claim._meta.db_table)} AS c ON {claim}",
                [found_at, *map(_pg_array, zip(*(_found_row(f) for f in found))), article_id],
            )
        else:
            # No arrays in SQLite: the same statement once per repeat, each
            # from a one-row list of values.
            cursor.executemany(
                insert + f"SELECT c.{q('id')}, f.earlier, f.kind, f.score, %s "
                "FROM (SELECT %s AS start, %s AS stop, %s AS claim_kind, %s AS earlier, %s AS kind, %s AS score) AS f "
                f"JOIN {q(Claim._meta.db_table)} AS c ON {claim}",
                [[found_at, *_found_row(f), article_id] for f in found],
            )


def _pg_array(values) -> str | list:
    """`values` (numbers, or words and digests with no quote or backslash)
    as a PostgreSQL array literal. psycopg dumps a list one element at a
    time in Python, which took more of an import's time than the statements
    that read the arrays; joining them is done in C. A text that would need
    escaping goes as a list, as before."""
    values = list(values)
    if not values or not isinstance(values[0], str):
        return "{" + ",".join(map(str, values)) + "}"
    flat = "".join(values)
    if '"' in flat or "\\" in flat:
        return values
    return '{"' + '","'.join(values) + '"}'


def _found_row(found: Found) -> tuple:
    start, end, kind = found.span
    return start, end, kind, found.earlier_id, found.repeat.kind, found.repeat.score


# In the claim panel


@dataclass(frozen=True)
class Related:
    """Another claim that this one repeats, or that repeats this one."""

    other: Claim
    kind: str
    score: float

    @property
    def settled(self) -> bool:
        return self.other.is_settled

    @property
    def settled_on(self):
        return self.other.approved_at or self.other.updated_at

    @property
    def exact(self) -> bool:
        return self.kind == EXACT


def related_claims(claim: Claim) -> list[Related]:
    """The claims linked to `claim` as repeats, either way round, settled
    ones first, then the closest. One query; the articles' texts are not
    read."""
    links = (
        ClaimRepeat.objects.filter(Q(claim=claim) | Q(earlier=claim))
        .select_related("claim__article", "earlier__article")
        .only("kind", "score", *(f"{side}__{f}" for side in ("claim", "earlier") for f in _SHOWN))
        # Sorted below. The model's order goes by claim, which Django
        # expands to the claims' articles' order: two more joins, and the
        # longest part of the query to build, for rows sorted again here.
        .order_by()
    )
    related = [Related(link.earlier if link.claim_id == claim.pk else link.claim, link.kind, link.score)
               for link in links]
    return sorted(related, key=lambda r: (not r.settled, not r.exact, -r.score, r.other.pk))


_ARTICLE_BULK = ("raw_text", "cleaned_text", "dropped_lines")
# What the panel shows of the other claim (already_checked.html, Related):
# every column of two claims and two articles took longer to build into the
# query, on every panel, than the database took to answer it.
_SHOWN = ("text", "state", "verdict", "approved_at", "updated_at", "article__title")


# Reuse


def reuse_verdict(*, claim: Claim, earlier: Claim, by, seen_version: int | None, via: str) -> Claim:
    """Give `claim` the verdict and sources of `earlier`, a settled claim
    linked to it as a repeat (either way round), and return it as saved.

    The verdict is proposed, not approved: it goes through
    review.change_claim with the state "needs second check" (a claim new
    or in review moves there), so an editor's approval is still needed.
    Each of the earlier claim's sources is linked through
    evidence.link_source with the same passage, locator and stance (its
    comparison made again with this claim's words); a source already
    linked with that passage is not linked twice. The history records the
    reuse, naming the earlier claim, then the changes it made. All of it or
    nothing: raises ReviewRefused when `by` may not review and link
    sources, EditConflict when `seen_version` is not the claim's version,
    InvalidChange when the claim is approved or `earlier` is not a settled
    repeat of it."""
    if not (by.has_perm("claims.review_claim") and by.has_perm("claims.add_evidence")):
        raise ReviewRefused(MAY_NOT_REUSE)
    with transaction.atomic():
        current = lock_claim(claim.pk)
        check_version(claim=current, seen_version=seen_version)
        if current.state == Claim.State.DONE:
            raise InvalidChange(ALREADY_APPROVED)
        linked = ClaimRepeat.objects.filter(
            Q(claim=current, earlier_id=earlier.pk) | Q(claim_id=earlier.pk, earlier=current)
        )
        if not linked.exists():
            raise InvalidChange(NOT_A_REPEAT)
        earlier = (
            Claim.objects.settled().select_related("article").defer(*(f"article__{f}" for f in _ARTICLE_BULK))
            .filter(pk=earlier.pk).first()
        )
        if earlier is None:
            raise InvalidChange(NOT_SETTLED)
        evidence = list(earlier.evidence.select_related("source").defer("source__text", "source__pages"))
        record(claim=current, by=by, via=via, field="reuse", new=describe_reuse(earlier, len(evidence)))
        state = current.state if current.state == Claim.State.SECOND_CHECK else Claim.State.SECOND_CHECK
        current = change_claim(
            claim=current, by=by, seen_version=current.version, via=via,
            changes={"verdict": earlier.verdict, "state": state},
        )
        have = set(current.evidence.values_list("source_id", "passage"))
        for e in evidence:
            if (e.source_id, e.passage) not in have:
                link_source(claim=current, by=by, via=via, source=e.source, passage=e.passage, locator=e.locator,
                            stance=e.stance)
                have.add((e.source_id, e.passage))
    return current


def describe_reuse(earlier: Claim, sources: int) -> str:
    """The history's words for a reuse: what came from which claim."""
    what = f"{sources} source{'s' if sources != 1 else ''}" if sources else "no sources"
    return (f"the verdict {earlier.get_verdict_display()} and {what} of claim {earlier.pk} "
            f"(“{earlier.text[:80]}”, in “{earlier.article.title[:120]}”)")

