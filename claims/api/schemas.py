"""The shapes the API reads and writes. The OpenAPI document is generated
from these, so each field's type and description is its documentation.

Choices are written out as literals of the models' values: the document
then lists them, and the model stays the one place they are defined."""


import datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from ..exports import public_path
from ..matching import MatchResult
from ..models import Claim, ClaimEvent, Evidence, ImportBatch, Source, Speaker
from ..services.review import VALUE_CHARS


def _choice(choices) -> type:
    return Literal[tuple(choices.values)]


ClaimState = _choice(Claim.State)
ClaimVerdict = _choice(Claim.Verdict)
ClaimKind = _choice(Claim.Kind)
SourceKind = _choice(Source.Kind)
Stance = _choice(Evidence.Stance)


class Error(Schema):
    error: str = Field(description="What went wrong, in a sentence for a person.")
    code: str = Field(description="A stable word for programs: not_authenticated, forbidden, not_found, invalid, "
                      "conflict, refused, ...")
    fields: dict[str, list[str]] | None = Field(
        None, description="For invalid input: the messages for each field, by name."
    )


# What any operation may answer besides its own: 400 for an address with
# control characters in it (refused before the API sees it), 401, 403, 404
# and 422 for input the schemas or the rules refuse.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


class UserRef(Schema):
    id: int
    username: str


class SpeakerRef(Schema):
    id: int
    name: str
    kind: _choice(Speaker.Kind)


class Progress(Schema):
    total: int = Field(description="Claims to review (quoted words that are not speech are not counted).")
    done: int
    percent: int


class ArticleOut(Schema):
    id: int
    title: str
    authors: str = Field(description="The byline as written.")
    published_on: datetime.date | None
    publisher: str
    source_url: str
    language: str
    direction: Literal["ltr", "rtl"]
    imported_at: datetime.datetime
    imported_by: UserRef | None
    progress: Progress

    @staticmethod
    def resolve_progress(article) -> dict:
        total, done = article.claim_total, article.claim_done
        return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0}


class ArticleDetail(ArticleOut):
    cleaned_text: str = Field(description="The text the claims' start and end offsets refer to.")
    dropped_lines: list[dict] = Field(description="Lines removed as site boilerplate, each with its rule.")


class ClaimOut(Schema):
    id: int
    article_id: int
    kind: ClaimKind
    text: str
    start: int
    end: int
    speaker: SpeakerRef | None
    speaker_as_written: str
    role: str
    cue: str
    score: float = Field(description="Check-worthiness, 0 to 1.")
    linked_to_id: int | None = Field(description="The first part of a quotation continued over paragraphs.")
    state: ClaimState
    verdict: ClaimVerdict
    rationale: str = Field(description="The public rationale: why the verdict is what it is, for readers. "
                           "Approved with the verdict; printed in reports, on the public page and as ClaimReview's "
                           "reviewBody. Notes are internal and never public.")
    assignee: UserRef | None
    due_on: datetime.date | None
    approved_by: UserRef | None
    approved_at: datetime.datetime | None
    published_at: datetime.datetime | None = Field(description=(
        "When an editor published it; null when not published. A published claim re-opened for review is off "
        "its page (public_url empty) until it is approved again."))
    public_url: str = Field(description="The public page's whole address (ClaimReview's url) while the claim is "
                            "published; empty otherwise.")
    version: int = Field(description="Send it back with a change: a change to an older version is refused (409).")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_public_url(claim, context) -> str:
        if not claim.is_public:
            return ""
        request = (context or {}).get("request")
        return request.build_absolute_uri(public_path(claim)) if request else public_path(claim)


class SourceRef(Schema):
    id: int
    title: str
    url: str
    kind: SourceKind
    reliability: _choice(Source.Reliability)


class DiffOpOut(Schema):
    op: Literal["equal", "insert", "delete", "replace"] = Field(
        description="Seen from the quote: insert = words only in the quote, delete = words only in the source."
    )
    quote: list[str]
    source: list[str]
    reason: str | None = Field(description="ellipsis, bracket, reordered or moved, when one explains the change.")


class OmissionOut(Schema):
    words: list[str]
    start: int
    end: int
    text: str


class InsertionOut(Schema):
    text: str
    source_words: list[str]
    start: int | None
    end: int | None
    source_text: str


class FindingOut(Schema):
    kind: str = Field(description="cut_mid_sentence, omitted_marked, omitted_unmarked, inserted, substituted, "
                      "bracketed, reordered, said_by_other, secondary_source or different_language.")
    quote_words: list[str]
    source_words: list[str]
    start: int | None
    end: int | None
    detail: str
    summary: str = Field(description="The finding in one line, as the claim panel shows it.")


class SuggestionOut(Schema):
    verdict: ClaimVerdict
    reason: str


class ComparisonOut(Schema):
    """The stored comparison of the quote with the passage (claims.matching.MatchResult)."""

    verdict: Literal["verbatim", "normalised", "editorial", "altered", "not_found"]
    score: float
    start: int | None = Field(description="Offsets of the passage in the text it was read from.")
    end: int | None
    passage: str
    diff: list[DiffOpOut]
    omissions: list[OmissionOut]
    insertions: list[InsertionOut]
    context_before: str
    context_after: str
    trimmed: bool
    page: int | None
    findings: list[FindingOut] | None = Field(description="What the changes do; null when not assessed.")
    source_speaker: str | None = Field(description="The transcript turn's label the passage lies in.")
    suggestion: SuggestionOut | None = Field(description="The verdict the findings suggest, with the reason.")

    @classmethod
    def of(cls, result: MatchResult | None) -> dict | None:
        return result.to_dict() if result is not None else None


class EvidenceOut(Schema):
    id: int
    claim_id: int
    source: SourceRef
    capture_id: int | None = Field(description="The archived capture the passage was read from, if any.")
    passage: str
    passage_start: int | None
    passage_end: int | None
    locator: str
    stance: Stance
    match_status: Literal["", "auto", "accepted", "picked", "manual"]
    flag: str = Field(description="Set when a newer capture of the source no longer has the passage.")
    added_by: UserRef | None
    added_at: datetime.datetime
    passage_by: UserRef | None
    comparison: ComparisonOut | None

    @staticmethod
    def resolve_comparison(evidence) -> dict | None:
        # The views' `assessed` result, set on the row before it is shown.
        return ComparisonOut.of(getattr(evidence, "comparison", evidence.match))


class NoteOut(Schema):
    id: int
    claim_id: int
    author: UserRef | None
    text: str
    created_at: datetime.datetime


class EventOut(Schema):
    id: int
    actor: UserRef | None
    via: Literal[("", *ClaimEvent.Via.values)]
    at: datetime.datetime
    field: str
    old: str
    new: str
    suggested_verdict: str = Field(description="For a verdict change: the verdict suggested then, if any.")
    suggestion_reason: str


class SpeakerOut(Schema):
    id: int
    name: str
    kind: _choice(Speaker.Kind)
    aliases: list[str]
    created_at: datetime.datetime

    @staticmethod
    def resolve_aliases(speaker) -> list[str]:
        return [alias.name for alias in speaker.aliases.all()]


class SourceOut(Schema):
    id: int
    title: str
    url: str
    archive_url: str
    publisher: str
    author: str
    kind: SourceKind
    reliability: _choice(Source.Reliability)
    language: str
    published_on: datetime.date | None
    accessed_on: datetime.date | None
    created_at: datetime.datetime


class CaptureOut(Schema):
    id: int
    requested_url: str
    final_url: str
    fetched_at: datetime.datetime
    status_code: int | None
    content_type: str
    sha256: str
    text_sha256: str
    error: str


class SourceDetail(SourceOut):
    text: str = Field(description="The source's own text (transcript or document), the quotes are compared with.")
    notes: str
    captures: list[CaptureOut]

    @staticmethod
    def resolve_captures(source) -> list:
        return list(source.captures.defer("body", "text"))


class OutcomeOut(Schema):
    file: str
    status: Literal["imported", "duplicate", "failed"]
    reason: str
    article_id: int | None
    title: str | None


class BatchOut(Schema):
    id: int
    state: _choice(ImportBatch.State)
    url: str
    title: str
    total: int
    processed: int
    percent: int
    counts: dict[str, int] = Field(description="How many items were imported, duplicates or failed.")
    outcomes: list[OutcomeOut]
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


def _page(item) -> type:
    """A page of `item`s, named after it ("ArticlePage"). The class is made
    under its name: pydantic names a model's schema when the class is made,
    and pages of different items under one name would be one schema in the
    OpenAPI document."""
    return type(f"{item.__name__.removesuffix('Out')}Page", (Schema,), {
        "__module__": __name__,
        "__annotations__": {"items": list[item], "next_cursor": str | None},
        "next_cursor": Field(description="Pass as ?cursor= for the next page; null on the last."),
    })


ArticlePage = _page(ArticleOut)
ClaimPage = _page(ClaimOut)
SpeakerPage = _page(SpeakerOut)
SourcePage = _page(SourceOut)


# Input


class ImportIn(Schema):
    """One kind of input at a time: a pasted text (with an optional title) or a web address."""

    text: str = Field("", description="Article text, Markdown or HTML.")
    title: str = Field("", max_length=500, description="Optional; recognised from the text if empty.")
    url: str = Field("", max_length=2000, description="A web page to fetch and import (in the background).")


class ReviewIn(Schema):
    """Only the fields sent are changed; `version` is the claim's version as it was read."""

    version: int = Field(ge=1)
    state: ClaimState | None = None
    verdict: ClaimVerdict | None = None
    rationale: str | None = Field(None, max_length=VALUE_CHARS, description=(
        "The public rationale, for readers (empty to clear it). On an approved claim only an editor changes it, "
        "and thereby approves it again."))
    assignee: int | None = Field(None, description="A user's id; null to unassign.")
    due_on: datetime.date | None = Field(None, description="When the review is due; null for no date. "
                                         "An editor's to set, as assigning is.")

    @model_validator(mode="after")
    def _some_change(self):
        if not self.model_fields_set - {"version"}:
            raise ValueError("Send at least one of state, verdict, rationale, assignee and due_on.")
        for name in ("state", "verdict", "rationale"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null.")
        return self


class PublicationIn(Schema):
    published: bool = Field(description="true to publish the claim's public page, false to take it down.")


class NoteIn(Schema):
    text: str = Field(min_length=1, max_length=10_000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The note is empty.")
        return value


class NewSourceIn(Schema):
    title: str = Field(min_length=1, max_length=500)
    url: str = Field("", max_length=2000)
    publisher: str = Field("", max_length=200)
    kind: SourceKind = "other"
    published_on: datetime.date | None = None
    text: str = Field("", description="The transcript or document text to compare the quote with.")

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except DjangoValidationError:
                raise ValueError("Enter a full http or https address.") from None
        return value

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Give the new source a title.")
        return value.strip()


class EvidenceIn(Schema):
    """Link a library source (`source_id`) or a new one described in `new_source`, not both."""

    source_id: int | None = None
    new_source: NewSourceIn | None = None
    passage: str = Field("", max_length=100_000, description="The words in the source; empty for the best match.")
    locator: str = Field("", max_length=200, description="Page, paragraph or timestamp.")
    stance: Stance = "supports"
    archive: bool = Field(True, description="Fetch and keep a copy of a web source's page now.")

    @model_validator(mode="after")
    def _one_source(self):
        if (self.source_id is None) == (self.new_source is None):
            raise ValueError("Give either source_id (a library source) or new_source, not both.")
        return self
