"""The workbench's records: articles, the claims found in them, the people who
said them, the sources they are checked against, and the trail of review."""

import datetime
import hashlib
import secrets
import uuid
from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from .extraction.claim import KINDS, SPEAKER_KINDS
from .fields import MatchField


def _choices(name: str, values, labels: dict[str, str]) -> type[models.TextChoices]:
    """TextChoices for a vocabulary defined elsewhere (extraction names the
    kinds it finds): one member per value, named by it, with its label."""
    unknown = set(labels) - set(values)
    if unknown:
        raise ValueError(f"Labels for values not in the vocabulary: {sorted(unknown)}")
    return models.TextChoices(name, [(v.upper(), (v, labels.get(v, v.replace("_", " ")))) for v in values])


def max_length(model: type[models.Model], field: str) -> int:
    """The column's max_length: the one definition of how long a value may be."""
    return _max_lengths(model)[field]


def fit(model: type[models.Model], field: str, value: str | None) -> str:
    """`value` cut to what the column holds ("" for None)."""
    return (value or "")[: max_length(model, field)]


@cache
def _max_lengths(model: type[models.Model]) -> dict[str, int]:
    return {f.name: f.max_length for f in model._meta.get_fields() if getattr(f, "max_length", None)}


@cache
def _choice_labels(field: models.Field) -> dict:
    return dict(make_hashable(field.flatchoices))


def choice_label(field: models.Field, value):
    """The label of `value` among the field's choices, as get_FOO_display()
    gives it (the value itself when it is not one of them): for rows read
    as values, without a model instance."""
    return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class ChoiceLabels:
    """get_FOO_display() from a dict built once per field: Django's own
    builds it from the field's choices at every call, and the lists call it
    three times a row. For fields whose choices are fixed, as all ours are."""

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))


class Direction(models.TextChoices):
    LTR = "ltr", "left to right"
    RTL = "rtl", "right to left"


# An article's texts (tens of kilobytes each) and a source's: deferred
# wherever a list shows only the row's title and dates.
ARTICLE_TEXTS = ("raw_text", "cleaned_text", "dropped_lines")
SOURCE_TEXTS = ("text", "pages")


class ArticleQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate claim totals and how many are done, for the progress bars.
        For one article or a few: it joins every claim of the articles it
        selects (a list's page uses attach_progress instead)."""
        return self.annotate(
            claim_total=Count("claims", filter=Q(claims__kind__in=Claim.REVIEWABLE_KINDS)),
            claim_done=Count(
                "claims",
                filter=Q(claims__kind__in=Claim.REVIEWABLE_KINDS, claims__state=Claim.State.DONE),
            ),
        )


def attach_progress(articles: list["Article"]) -> None:
    """Set claim_total and claim_done on each article, as with_progress
    does, counting the claims of these articles only, in one query: a
    page of the list costs the same however many articles there are."""
    rows = (
        Claim.objects.reviewable()
        .filter(article_id__in=[a.pk for a in articles])
        .values("article_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(state=Claim.State.DONE)))
        .order_by()
    )
    progress = {row["article_id"]: (row["total"], row["done"]) for row in rows}
    for article in articles:
        article.claim_total, article.claim_done = progress.get(article.pk, (0, 0))


class Article(models.Model):
    title = models.CharField(max_length=500)
    authors = models.CharField("byline", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    filename = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, blank=True)
    direction = models.CharField(max_length=3, choices=Direction, default=Direction.LTR)
    raw_text = models.TextField(help_text="The text as received, before cleaning.")
    cleaned_text = models.TextField()
    dropped_lines = models.JSONField(
        default=list, blank=True, help_text="Lines removed as site boilerplate, each with the rule that removed it."
    )
    content_hash = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [
            # The list's order (views.ARTICLE_ORDER): a page reads its rows here.
            models.Index(fields=["-imported_at", "-id"], name="article_imported_order"),
            # The admin's filters' most used values.
            models.Index(fields=["publisher"], name="article_publisher"),
            models.Index(fields=["language"], name="article_language"),
            # The search's date filter: a claim's date is its article's, and the
            # articles of a stretch of days are read here, ids and all.
            models.Index(fields=["published_on", "id"], name="article_published"),
        ]
        permissions = [("import_articles", "Can import articles")]
        constraints = [
            # One article per web address, also for imports at the same moment
            # of a page that changes between fetches (its hash differs).
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="article_unique_canonical_url"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def hash_text(cleaned_text: str) -> str:
        """Hash of the clean body: the same article from two files is one article."""
        normalised = " ".join(cleaned_text.split()).casefold()
        return hashlib.sha256(normalised.encode()).hexdigest()


class Speaker(ChoiceLabels, models.Model):
    Kind = _choices(
        "Kind", SPEAKER_KINDS, {"anonymous": "anonymous source", "collective": "collective source"}
    )

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        # The admin's list, in this order.
        indexes = [models.Index(fields=["name"], name="speaker_name")]

    def __str__(self) -> str:
        return self.name


class SpeakerAlias(models.Model):
    """A form of a speaker's name ("Stoltenberg", "Jens Stoltenberg").

    `key` is the case-folded form; one key belongs to one speaker, so the same
    name in a later article links to the same person.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()

    def save(self, *args, **kwargs):  # noqa: DJ012
        # The key is derived, never typed: keep it in step with the name.
        self.key = self.key_for(self.name)
        super().save(*args, **kwargs)


# Open claims of the kinds a reviewer checks (quoted titles are kept aside):
# the review queue, and the condition of its partial indexes. The kinds
# are sorted so that the condition reads the same in every process.
REVIEWABLE = sorted({*KINDS, "other"} - {"non_speech_quote"})
OPEN_CLAIMS = Q(kind__in=REVIEWABLE) & ~Q(state="done")


class ClaimQuerySet(models.QuerySet):
    def reviewable(self):
        return self.filter(kind__in=Claim.REVIEWABLE_KINDS)

    def needs_review(self):
        """Open claims of the reviewable kinds: the rows of the queue's
        partial indexes (OPEN_CLAIMS)."""
        return self.filter(OPEN_CLAIMS)

    def settled(self):
        """Claims whose verdict an editor has approved: what reports contain."""
        return self.filter(state=Claim.State.DONE).exclude(verdict=Claim.Verdict.UNRATED)

    def published(self):
        """Settled claims an editor has published: what has a public page
        and goes out as ClaimReview. A published claim that is re-opened
        drops out until it is approved again."""
        return self.settled().filter(published_at__isnull=False)

    def awaiting_approval(self):
        """Claims whose reviewer proposed a verdict (state "needs second
        check" with a verdict) and that wait for an editor to approve it or
        send it back."""
        return self.reviewable().filter(state=Claim.State.SECOND_CHECK).exclude(verdict=Claim.Verdict.UNRATED)

    def by_urgency(self):
        """Sent back first (the reviewer owes an answer), then by due date,
        overdue first and undated last, then the most check-worthy."""
        sent_back = models.Case(models.When(sent_back_note__isnull=False, then=0), default=1)
        return self.order_by(sent_back, models.F("due_on").asc(nulls_last=True), "-score", "pk")


class Claim(ChoiceLabels, models.Model):
    # The kinds extraction finds, and "other" for what a person adds.
    Kind = _choices(
        "Kind",
        [*KINDS, "other"],
        {
            "quote": "direct quote",
            "reported": "reported statement",
            "non_speech_quote": "quoted words, not speech",
        },
    )
    # Quoted titles and scare quotes are kept but stay out of the queue
    # until a reviewer promotes one.
    REVIEWABLE_KINDS = frozenset(Kind.values) - {Kind.NON_SPEECH_QUOTE}
    assert REVIEWABLE_KINDS == frozenset(REVIEWABLE), "OPEN_CLAIMS must name the reviewable kinds"

    class State(models.TextChoices):
        NEW = "new", "new"
        IN_REVIEW = "in_review", "in review"
        SECOND_CHECK = "second_check", "needs second check"
        DONE = "done", "done"

    class Verdict(models.TextChoices):
        UNRATED = "unrated", "unrated"
        ACCURATE = "accurate", "accurate"
        ACCURATE_CONTEXT = "accurate_context", "accurate, needs context"
        MISQUOTED = "misquoted", "misquoted"
        MISATTRIBUTED = "misattributed", "misattributed"
        INACCURATE = "inaccurate", "inaccurate"
        UNVERIFIABLE = "unverifiable", "unverifiable"

    # No index of its own: claim_unique_span starts with the article and
    # serves every lookup by article, and each index costs an import's writes.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.QUOTE)
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the first character in the article's cleaned text.")
    end = models.PositiveIntegerField()
    # No index of its own: claim_speaker_recent starts with the speaker.
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims", db_index=False
    )
    speaker_as_written = models.CharField(max_length=300, blank=True)
    role = models.CharField("role or title as written", max_length=300, blank=True)
    cue = models.CharField(max_length=200, blank=True)
    score = models.FloatField(default=0.5, help_text="Check-worthiness, 0 to 1.")
    linked_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="continuations", db_index=False
    )
    details = models.JSONField(default=dict, blank=True)
    # The words, normalised and hashed (claims.repeats.match_key): the same
    # quote in another article has the same key. Set at import; the text
    # never changes after.
    match_key = models.CharField(max_length=32, blank=True, editable=False)
    state = models.CharField(max_length=20, choices=State, default=State.NEW)
    verdict = models.CharField(max_length=20, choices=Verdict, default=Verdict.UNRATED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims",
        db_index=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Why the verdict is what it is, in words for readers: approved with the
    # verdict and printed wherever the verdict is. Notes stay internal.
    rationale = models.TextField("public rationale", blank=True)
    # The public page (services.publishing): its address is made at the
    # first publication and kept, so a page published again is where it was.
    public_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    due_on = models.DateField("due", null=True, blank=True)
    # The editor's note when a proposed verdict was sent back to its
    # reviewer; cleared when the reviewer proposes again or the claim is
    # approved (services.review.change_claim). The note itself stays.
    sent_back_note = models.ForeignKey(
        "Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        db_index=False,
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        permissions = [
            ("review_claim", "Can review claims"),
            ("approve_verdict", "Can approve verdicts"),
            ("export_claims", "Can export reports"),
            ("publish_claim", "Can publish claims"),
            ("assign_claim", "Can assign claims to reviewers"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
            models.UniqueConstraint(fields=["article", "start", "end", "kind"], name="claim_unique_span"),
        ]
        indexes = [
            models.Index(fields=["state", "verdict"]),
            # The review queue (views.claim_queue): open claims of the
            # reviewable kinds, most check-worthy first, in the queue's order
            # (views.QUEUE_ORDER), alone and under each of its filters. Only
            # open claims are in them, so they stay as small as the queue.
            *(
                models.Index(fields=[*lead, "-score", "article", "start", "id"], condition=OPEN_CLAIMS, name=name)
                for lead, name in [
                    ([], "claim_queue"),
                    (["state"], "claim_queue_state"),
                    (["kind"], "claim_queue_kind"),
                    (["assignee"], "claim_queue_assignee"),
                ]
            ),
            # The earliest claims with a key, and a speaker's latest claims,
            # each read in index order (services.repeats). By the time they
            # were stored, not by id: with a speaker's id fixed, PostgreSQL
            # could read (speaker, id) in the primary key's order instead,
            # walking the whole table backwards for a speaker of old claims.
            models.Index(fields=["match_key", "id"], name="claim_match_key"),
            models.Index(fields=["speaker", "created_at"], name="claim_speaker_recent"),
            # A short quote's key is looked up with its speaker's id: by the
            # key alone, every other speaker's claims with the same few words
            # ("a mistake") were read and dropped, more as the table grows.
            # Claims without a speaker are never looked up so.
            models.Index(
                fields=["speaker", "match_key", "id"], condition=Q(speaker__isnull=False), name="claim_speaker_key"
            ),
            # The quote a part continues, who is assigned a claim, who approved
            # or published it, the note that sent it back: set on few
            # claims and on none at import. Indexed where set only, so that
            # an import's claims make no entries in them.
            *(
                models.Index(fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"claim_{name}")
                for name in ["linked_to", "assignee", "approved_by", "published_by", "sent_back_note"]
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_settled(self) -> bool:
        return self.state == self.State.DONE and self.verdict != self.Verdict.UNRATED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_public(self) -> bool:
        """Whether its public page shows: published and settled now."""
        return self.is_published and self.is_settled

    @property
    def is_sent_back(self) -> bool:
        return self.sent_back_note_id is not None


class ClaimRepeat(models.Model):
    """`claim` repeats `earlier`, a claim of another article: the same words
    (exact), or nearly the same words by the same speaker (near, with their
    similarity as `score`). Found when `claim` was imported
    (services.repeats), so that a quote is checked once: the panel of either
    claim shows the other, and a settled one's verdict and sources can be
    reused."""

    class Kind(models.TextChoices):
        EXACT = "exact", "the same words"
        NEAR = "near", "nearly the same words, same speaker"

    # No index of its own: claim_repeat_unique starts with the claim.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="repeats", db_index=False)
    earlier = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="repeated_in")
    kind = models.CharField(max_length=10, choices=Kind)
    score = models.FloatField(help_text="Word similarity, 0 to 1; 1 for the same words.")
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "-score", "earlier"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "earlier"], name="claim_repeat_unique"),
            models.CheckConstraint(condition=~Q(claim=models.F("earlier")), name="claim_repeat_not_itself"),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} repeats {self.earlier_id} ({self.kind}, {self.score:.2f})"


class Source(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        SPEECH = "speech", "speech transcript"
        INTERVIEW = "interview", "interview"
        PRESS_CONFERENCE = "press_conference", "press conference"
        PRESS_RELEASE = "press_release", "press release"
        OFFICIAL = "official", "official document"
        LAW = "law", "law or ruling"
        DATASET = "dataset", "dataset"
        NEWS = "news", "news report"
        SOCIAL = "social", "social post"
        VIDEO = "video", "video or audio"
        OTHER = "other", "other"

    class Reliability(models.TextChoices):
        PRIMARY = "primary", "primary (the speaker's own record)"
        SECONDARY = "secondary", "secondary (a report of it)"
        UNKNOWN = "unknown", "not assessed"

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    archive_url = models.URLField("web archive address", max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField("author or speaker", max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    reliability = models.CharField(max_length=20, choices=Reliability, default=Reliability.UNKNOWN)
    language = models.CharField(max_length=16, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to="sources/%Y/%m/", blank=True)
    text = models.TextField(blank=True, help_text="Transcript or document text the quotes are checked against.")
    # Hash of the text with spacing and case ignored (Source.hash_text): the
    # same transcript read from a PDF and from a text file is one source.
    text_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # [start, end) of each page in `text`, for documents that have pages (PDF),
    # so that a passage can be located by page.
    pages = models.JSONField(default=list, blank=True, editable=False)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="source_unique_canonical_url"
            )
        ]
        indexes = [
            # The admin's list, in this order (a source's row holds its text),
            # and its filters' most used values.
            models.Index(fields=["title"], name="source_title"),
            models.Index(fields=["publisher"], name="source_publisher"),
            models.Index(fields=["language"], name="source_language"),
            # The search's date filter.
            models.Index(fields=["published_on", "id"], name="source_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def hash_text(text: str) -> str:
        """The duplicate key of a source's text ("" for no text): words, not
        layout, decide, as for articles."""
        return Article.hash_text(text) if text.strip() else ""


class SourcePassage(models.Model):
    """One stretch of a source's searchable text (its own text, else its
    newest capture's), about a hundred words overlapping its neighbours by
    half, so a quote of up to fifty words lies whole in one passage. The
    library is searched passage by passage: on PostgreSQL a generated
    `search` tsvector column with a GIN index (migration 0012) finds the
    few passages sharing a quote's rarer words. Rebuilt whenever the text
    a source is compared with changes (services.library.index_source_text)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages", db_index=False)
    capture = models.ForeignKey("Capture", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField()
    start = models.PositiveIntegerField(help_text="Offset of the passage in the source's text.")
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["source", "seq"]
        constraints = [models.UniqueConstraint(fields=["source", "seq"], name="source_passage_unique_seq")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.seq}"


class OriginalCandidate(models.Model):
    """A passage of the library that may be where a claim's words were
    first said, found in the background when the claim was imported and
    shown in the claim panel as a possible original until a reviewer links
    a source."""

    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="original_candidates")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    passage = models.TextField()
    verdict = models.CharField(max_length=20)
    suggested_verdict = models.CharField(max_length=20, blank=True)
    score = models.FloatField()
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source", "start"], name="original_candidate_unique_place")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} for claim {self.claim_id} ({self.score:.2f})"

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def suggested_label(self) -> str:
        return Claim.Verdict(self.suggested_verdict).label if self.suggested_verdict else ""


class Capture(models.Model):
    """What a web source said when it was fetched: the bytes as received and
    the text extracted from them. A capture never changes; fetching again
    makes a new one, so evidence that cites a capture still holds when the
    live page changes."""

    # Captures are kept for ever: a source that has any cannot be deleted.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="captures")
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True, help_text="Why the fetch failed, when it did: the page may be gone.")

    class Meta:
        ordering = ["-fetched_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} at {self.fetched_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # A guard, not a flow: an archived capture must never be rewritten.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A capture is immutable; fetch again to make a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A capture is kept for ever; it cannot be deleted.")

    @property
    def ok(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300


class Evidence(ChoiceLabels, models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "supports"
        CONTRADICTS = "contradicts", "contradicts"
        CONTEXT = "context", "context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    capture = models.ForeignKey(
        Capture, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence",
        help_text="The capture the passage was read from; empty for the source's own text.",
    )
    passage = models.TextField(blank=True)
    passage_start = models.PositiveIntegerField(null=True, blank=True)
    passage_end = models.PositiveIntegerField(null=True, blank=True)
    locator = models.CharField(max_length=200, blank=True, help_text="Page, paragraph or timestamp.")
    stance = models.CharField(max_length=20, choices=Stance, default=Stance.SUPPORTS)
    class MatchStatus(models.TextChoices):
        NONE = "", "no comparison"
        AUTO = "auto", "found automatically"
        ACCEPTED = "accepted", "accepted by a reviewer"
        PICKED = "picked", "another occurrence picked by a reviewer"
        MANUAL = "manual", "marked by hand"

    match = MatchField(null=True, blank=True, default=None, help_text="Word-level comparison of quote and passage.")
    match_status = models.CharField(max_length=10, choices=MatchStatus, default=MatchStatus.NONE, blank=True)
    flag = models.CharField(
        max_length=300, blank=True, help_text="Set when a newer capture of the source no longer has the passage."
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    # Who chose the passage when a person did (marked by hand, picked or
    # accepted): reports name them beside the words.
    passage_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"
        indexes = [
            # A source's page lists its citations newest first, a page at a time.
            models.Index(fields=["source", "-added_at", "-id"], name="evidence_source_added"),
            # The admin's list, in this order.
            models.Index(fields=["added_at", "id"], name="evidence_added"),
        ]

    def __str__(self) -> str:
        return f"{self.source} for claim {self.claim_id}"


class Note(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        # The admin's list, in this order.
        indexes = [models.Index(fields=["created_at", "id"], name="note_created")]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimEvent(ChoiceLabels, models.Model):
    """One change to a claim: who, when, through which face of the
    workbench, which field, from what to what."""

    class Via(models.TextChoices):
        PANEL = "panel", "review panel"
        ADMIN = "admin", "admin"
        COMMAND = "command", "command or background task"
        API = "api", "JSON API"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Empty on rows written before the face was recorded.
    via = models.CharField(max_length=10, choices=Via, blank=True)
    at = models.DateTimeField(default=timezone.now)
    field = models.CharField(max_length=50)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    # For a verdict change made while the panel showed a suggested verdict:
    # the suggestion and its reason, whether it was followed or not.
    suggested_verdict = models.CharField(max_length=20, choices=Claim.Verdict, blank=True)
    suggestion_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The admin's list, in this order.
        indexes = [models.Index(fields=["-at", "-id"], name="claimevent_at")]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"

    @property
    def followed_suggestion(self) -> bool:
        return bool(self.suggested_verdict) and self.new == self.get_suggested_verdict_display()


class Notification(ChoiceLabels, models.Model):
    """Something a person should know about a claim: it was assigned to
    them, their proposed verdict was sent back, or it was approved. Written
    by the services that make those changes, in the same transaction."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "assigned to you"
        SENT_BACK = "sent_back", "sent back to you"
        APPROVED = "approved", "verdict approved"

    # No index of its own: notification_recipient_new starts with it.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(max_length=20, choices=Kind)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient_new"),
            # The navigation's unread count on every page reads only this.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: claim {self.claim_id} for {self.recipient_id}"


class ImportStatus(models.TextChoices):
    """What became of one imported item (a file, a zip member, a paste, an address)."""

    IMPORTED = "imported", "imported"
    DUPLICATE = "duplicate", "already imported"
    FAILED = "failed", "failed"


class ImportBatch(ChoiceLabels, models.Model):
    """One import request from the web form: pasted text, uploaded files or a
    web address. The work runs as a background task; the page polls this row
    for progress, so any web process can answer."""

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    outcomes = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # A running batch's task touches this as it goes: a batch whose task has
    # not been heard from in settings.IMPORT_STALL_SECONDS died with its
    # worker, and is resumed or failed (services.imports.recover_interrupted).
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "heartbeat"], name="importbatch_state_heartbeat")]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else (100 if self.finished_at else 0)

    @property
    def counts(self) -> dict[str, int]:
        """How many items came out each way, by ImportStatus."""
        counts = dict.fromkeys(ImportStatus.values, 0)
        for outcome in self.outcomes:
            counts[outcome["status"]] += 1
        return counts


class ImportUpload(models.Model):
    """The bytes of one uploaded file, kept until its batch has run, so that a
    worker on another machine can read them."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=500)
    data = models.BinaryField()
    text = models.TextField(blank=True, help_text="Pasted text, when the batch came from the text box.")

    def __str__(self) -> str:
        return self.name


class ReportJob(ChoiceLabels, models.Model):
    """A report too large to make inside a request (see settings.REPORT_*),
    made by a background task into a file in the default storage, which the
    person who asked for it downloads when it is ready. Its progress is in
    this row and its file in the shared storage, so any web process can
    answer for it."""

    class Format(models.TextChoices):
        HTML = "html", "printable page (HTML)"
        PDF = "pdf", "PDF"

    class State(models.TextChoices):
        QUEUED = "queued", "waiting to start"
        RUNNING = "running", "being made"
        DONE = "done", "ready"
        FAILED = "failed", "failed"

    # A random address: one person's report is nobody else's business, and
    # the address gives away neither that nor how many reports there are.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    fmt = models.CharField("format", max_length=4, choices=Format)
    # What the report holds: one article's settled claims, a selection, or
    # (neither) every settled claim; read again when the task runs.
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claim_ids = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=600)
    # The site's address as the request saw it, for the public pages'
    # addresses printed in the report.
    site_url = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Touched as each part is made: a running job not heard from in
    # settings.REPORT_STALL_SECONDS died with its worker.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="reportjob_user_created")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_fmt_display()}, {self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED) or self.stalled

    @property
    def stalled(self) -> bool:
        """Started and not heard from for too long: its worker stopped."""
        limit = datetime.timedelta(seconds=settings.REPORT_STALL_SECONDS)
        return self.state == self.State.RUNNING and timezone.now() - self.updated_at > limit

    @property
    def filename(self) -> str:
        """The name the download is saved under."""
        what = f"article-{self.article_id}" if self.article_id else ("selected" if self.claim_ids else "all")
        return f"claims-{what}-{self.created_at:%Y%m%d-%H%M}.{self.fmt}"


class LoginFailure(models.Model):
    """A failed sign-in. Kept for settings.LOGIN_LOCKOUT_MINUTES so that
    password guessing is stopped per account and per address; deleting an
    account's rows (the admin's "unlock") lets it sign in again at once."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_username_at"),
            models.Index(fields=["address", "at"], name="loginfailure_address_at"),
        ]

    def __str__(self):
        return f"{self.username} from {self.address or 'unknown address'} at {self.at:%Y-%m-%d %H:%M}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A key a program sends as `Authorization: Bearer <key>` to act as
    `user` through the JSON API, with that user's permissions.

    Only the SHA-256 of the key is stored: the key is shown once, when the
    token is issued, and a copy of the table gives nobody a usable key. A
    fast hash is enough (no PBKDF2 as for passwords) because the key is 256
    random bits, not something a person chose, and it lets a request find
    its token by an indexed lookup."""

    KEY_PREFIX = "wbk_"
    # Enough of the key to tell tokens apart in a list, far too little to guess the rest.
    SHOWN_CHARS = 12
    # last_used_at is a hint for people, not an audit trail: written at most
    # this often per token rather than on every request.
    USE_RECORDED_EVERY = datetime.timedelta(minutes=1)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the program that uses it.")
    key_prefix = models.CharField("key begins", max_length=20, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def issue(self) -> str:
        """Give this new token a fresh random key and save it with the key's
        hash and first characters. Returns the key itself, which is kept
        nowhere: the caller shows it once."""
        if self.pk is not None:
            raise ValueError("A token's key is made once, when it is issued.")
        key = self.KEY_PREFIX + secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = key[: self.SHOWN_CHARS], self.hash_key(key)
        self.save()
        return key

    def revoke(self) -> None:
        """Refuse the key from now on; the row stays, to show when it was revoked."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @classmethod
    def user_for_key(cls, key: str):
        """The active user whose unrevoked token has this key, or None. Notes
        the use on the token (at most once per USE_RECORDED_EVERY)."""
        token = cls.objects.active().select_related("user").filter(key_hash=cls.hash_key(key)).first()
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > cls.USE_RECORDED_EVERY:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
