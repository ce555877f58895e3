from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import exports, report_documents
from .fetch_notices import capture_failure
from .forms import (
    AssignForm,
    EvidenceForm,
    ExportForm,
    ImportForm,
    NoteForm,
    OriginalForm,
    PassageForm,
    PublicationForm,
    QueueForm,
    ReuseForm,
    ReviewForm,
    SearchForm,
    SourceSearchForm,
    SuggestionForm,
)
from .highlight import segment_text, sentence_around
from .importers import Status
from .library_views import source_text
from .matching import Suggestion
from .middleware import in_place
from .models import (
    ARTICLE_TEXTS,
    SOURCE_TEXTS,
    Article,
    Claim,
    ClaimEvent,
    ClaimRepeat,
    Evidence,
    ImportBatch,
    Note,
    OriginalCandidate,
    Source,
    attach_progress,
    choice_label,
)
from .originals import find_originals
from .paging import InvalidCursor, Order, keyset_page
from .pdf import render_pdf
from .readers import RejectedInput
from .search import CAP, Options, matching_claims, search, visible_kinds
from .services.captures import captures_left
from .services.evidence import PassageRefused, link_source, settle_passage
from .services.imports import recover_interrupted, start_import
from .services.publishing import publish_claim, unpublish_claim
from .services.repeats import related_claims, reuse_verdict
from .services.review import EditConflict, InvalidChange, ReviewRefused, accept_suggestion, add_note, change_claim
from .sources import (
    assessed,
    attach_latest_captures,
    capture_changes,
    evidence_text,
    leading_suggestion,
    occurrences,
    search_sources,
    suggestion_of,
)
from .tasks import capture_source_task

PANEL = ClaimEvent.Via.PANEL


def _partial(request: HttpRequest, template: str, partial: str) -> str:
    """The whole page for a normal request, the named fragment for htmx."""
    if request.htmx and not request.htmx.boosted:
        return f"{template}#{partial}"
    return template


PAGE_SIZE = 50
# The lists' orders, each ending in the primary key so that a page ends at
# one row (claims.paging). Indexes in these orders serve them.
ARTICLE_ORDER = Order(("-imported_at", "-id"))
QUEUE_ORDER = Order(("-score", "article_id", "start", "id"))
CITATION_ORDER = Order(("-added_at", "-id"))
# Each article's texts are tens of kilobytes: loaded only where shown.
ARTICLE_ROW_DEFERRED = [f"article__{name}" for name in ARTICLE_TEXTS]


def _bad_query(form) -> HttpResponse:
    """A 400 naming what is wrong with the address's parameters."""
    problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
    return HttpResponseBadRequest(
        f"The address's parameters are not valid ({problems}).", content_type="text/plain; charset=utf-8"
    )


def _page(queryset, order: Order, request: HttpRequest):
    """The page of the list the address asks for; InvalidCursor for a page
    address the list did not make."""
    return keyset_page(queryset, order, request.GET, size=PAGE_SIZE)


def _params(request: HttpRequest) -> str:
    """The query string without the page number, for a numbered pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _bad_page(exc: InvalidCursor) -> HttpResponse:
    return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")


# Articles


@require_GET
@permission_required("claims.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    form = SourceSearchForm(request.GET)
    if not form.is_valid():
        return _bad_query(form)
    articles = Article.objects.defer(*ARTICLE_TEXTS)
    q = form.cleaned_data["q"]
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(authors__icontains=q) | Q(publisher__icontains=q))
    try:
        page = _page(articles, ARTICLE_ORDER, request)
    except InvalidCursor as exc:
        return _bad_page(exc)
    # Progress of the page's articles only, not of every article's claims.
    attach_progress(page.rows)
    ctx = {
        "articles": page,
        "page": page,
        "q": q,
        "can_import": request.user.has_perm("claims.import_articles"),
    }
    return render(request, _partial(request, "claims/article_list.html", "article-table"), ctx)


def _queue_claims(filters: dict, user):
    # The partial indexes on open claims (migration 0024) serve these
    # filters in this order.
    claims = Claim.objects.needs_review().select_related("article", "speaker", "assignee").defer(
        "details", *ARTICLE_ROW_DEFERRED
    )
    if filters.get("state"):
        claims = claims.filter(state=filters["state"])
    if filters.get("kind"):
        claims = claims.filter(kind=filters["kind"])
    if filters.get("mine"):
        claims = claims.filter(assignee=user)
    if filters.get("unassigned"):
        claims = claims.filter(assignee__isnull=True)
    if filters.get("q"):
        claims = matching_claims(claims, filters["q"])
    return claims


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def claim_queue(request: HttpRequest) -> HttpResponse:
    """Claims still to review across articles, the most check-worthy first."""
    form = QueueForm(request.GET)
    if not form.is_valid():
        return _bad_query(form)
    filters = form.cleaned_data
    claims = _queue_claims(filters, request.user)
    ctx = {"form": form, "today": timezone.localdate(), "q": filters.get("q", "")}
    if filters.get("order") == "due":
        # By due date, sent back first: an order with nulls and a computed
        # key, which keyset paging cannot seek in, so numbered pages.
        ctx |= {"page": Paginator(claims.by_urgency(), PAGE_SIZE).get_page(request.GET.get("page")),
                "params": _params(request)}
    else:
        try:
            ctx["page"] = _page(claims, QUEUE_ORDER, request)
        except InvalidCursor as exc:
            return _bad_page(exc)
    if request.user.has_perm("claims.assign_claim"):
        ctx |= {"assign_form": AssignForm(), "assign_next": request.get_full_path()}
    return render(request, _partial(request, "claims/claim_queue.html", "queue-table"), ctx)


@require_http_methods(["GET", "POST"])
@permission_required("claims.import_articles", raise_exception=True)
def article_import(request: HttpRequest) -> HttpResponse:
    try:
        form = ImportForm(request.POST or None, request.FILES or None)
    except TooManyFilesSent:
        # Refused while the request was read, before any file was kept.
        message = f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files can be uploaded at once; send them in parts."
        form = ImportForm.refused(message, code="too_many_files")
        template = _partial(request, "claims/article_import.html", "import-form")
        return in_place(render(request, template, {"form": form}, status=400))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batch = start_import(
            by=request.user, text=data["text"], title=data["title"], files=data["files"], url=data["url"]
        )
        outcomes = batch.outcomes
        if batch.state == ImportBatch.State.DONE and len(outcomes) == 1 and outcomes[0]["article_id"]:
            outcome = outcomes[0]
            if outcome["status"] == Status.DUPLICATE:
                messages.info(request, "This article was imported before; nothing new was created.")
            else:
                messages.success(request, f"Imported “{outcome['title']}”.")
            return _redirect(request, reverse("claims:article-detail", args=[outcome["article_id"]]))
        return _redirect(request, reverse("claims:import-batch", args=[batch.pk]))
    return render(request, _partial(request, "claims/article_import.html", "import-form"), {"form": form})


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@permission_required("claims.import_articles", raise_exception=True)
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.user)
    # The page polls while the batch runs: if its worker died, this is
    # where the person watching sees it resume or fail.
    if batch.state == ImportBatch.State.RUNNING and recover_interrupted(batch_ids=[batch.pk]):
        batch.refresh_from_db()
    ctx = {"batch": batch, "outcomes": _outcome_rows(batch)}
    return render(request, _partial(request, "claims/import_batch.html", "batch-progress"), ctx)


def _outcome_rows(batch: ImportBatch) -> list[dict]:
    """The batch's outcomes as its page lists them. A page that could not be
    fetched says why in one plain sentence; the fetcher's own message stays
    in the batch's record (the admin and the API show it)."""
    today, on = timezone.localdate(), timezone.localdate(batch.finished_at or batch.created_at)
    return [
        {**o, "reason": capture_failure(fetched_on=on, today=today, error=o["reason"], status_code=None)}
        if o.get("fetch_failed") else o
        for o in batch.outcomes
    ]


def _get_article_for_user(request: HttpRequest, article_id: int) -> Article:
    if not request.user.has_perm("claims.view_article"):
        raise PermissionDenied
    # The raw text is shown in the admin only.
    return get_object_or_404(Article.objects.with_progress().defer("raw_text"), pk=article_id)


# What an article page shows of each claim: its mark in the text and its
# checklist row (the marks template tags). The page reads these columns as
# values: building a model instance of each claim, and of its speaker, with
# all their columns took longer than the rest of the view.
CLAIM_ITEM_FIELDS = ("pk", "kind", "state", "verdict", "start", "end", "text", "speaker__name", "speaker_as_written")
_KIND, _STATE, _VERDICT = (Claim._meta.get_field(name) for name in ("kind", "state", "verdict"))


def _claim_item(claim: Claim, selected: Claim | None = None) -> dict:
    """A claim as its mark in the article's text and its checklist row show
    it, from the model (a claim the panel has just changed)."""
    row = {name: getattr(claim, name) for name in CLAIM_ITEM_FIELDS if name != "speaker__name"}
    row["speaker__name"] = claim.speaker.name if claim.speaker else None
    return _item(row, selected.pk if selected is not None else None)


def _item(row: dict, selected_pk: int | None) -> dict:
    """A claim as its mark and row show it, from its CLAIM_ITEM_FIELDS:
    plain values, labels and speaker included, as the page shows two of
    these for every claim of the article."""
    return {
        "pk": row["pk"], "kind": row["kind"], "state": row["state"], "verdict": row["verdict"],
        "start": row["start"], "end": row["end"], "text": row["text"],
        "kind_label": choice_label(_KIND, row["kind"]), "state_label": choice_label(_STATE, row["state"]),
        "verdict_label": choice_label(_VERDICT, row["verdict"]),
        "speaker": row["speaker__name"] or row["speaker_as_written"] or "speaker unknown",
        "selected": row["pk"] == selected_pk,
    }


def _article_context(request: HttpRequest, article: Article, selected: Claim | None = None) -> dict:
    selected_pk = selected.pk if selected is not None else None
    items = [_item(row, selected_pk) for row in article.claims.order_by("start").values(*CLAIM_ITEM_FIELDS)]
    ctx = {
        "article": article,
        "claims": [i for i in items if i["kind"] != Claim.Kind.NON_SPEECH_QUOTE],
        "other_quotes": [i for i in items if i["kind"] == Claim.Kind.NON_SPEECH_QUOTE],
        "segments": segment_text(
            article.cleaned_text, [(i["start"], i["end"], i) for i in items if i["kind"] != Claim.Kind.STATISTIC]
        ),
        "selected": selected,
    }
    if selected is not None:
        ctx |= _panel_context(request, selected)
    return ctx


@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _get_article_for_user(request, article_id)
    return render(request, "claims/article_detail.html", _article_context(request, article))


# Claims


def _get_claim_for_user(request: HttpRequest, claim_id: int, perm: str = "claims.view_claim") -> Claim:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    claims = Claim.objects.select_related("article", "speaker", "assignee").defer(*ARTICLE_ROW_DEFERRED)
    return get_object_or_404(claims, pk=claim_id)


def _review_initial(claim: Claim, suggested: Evidence | None) -> dict:
    initial = {"state": claim.state, "verdict": claim.verdict, "rationale": claim.rationale,
               "assignee": claim.assignee_id, "version": claim.version}
    if suggested is not None:
        initial |= {"suggested_by": suggested.pk, "suggested": suggested.match.suggestion.verdict}
    return initial


def _suggestion_context(suggested: Evidence | None) -> dict | None:
    """The suggested verdict the panel offers, with its label and source."""
    if suggested is None:
        return None
    suggestion = suggested.match.suggestion
    label = Claim.Verdict(suggestion.verdict).label
    return {"evidence": suggested, "verdict": suggestion.verdict, "label": label, "reason": suggestion.reason}


# The possible originals found when the claim was imported, with their
# sources' titles (not their texts). In the model's order for one claim:
# that order starts with the claim, which Django expands to the claim's and
# its article's orders, joining both tables to sort by a constant.
STORED_ORIGINALS = Prefetch(
    "original_candidates",
    queryset=OriginalCandidate.objects.select_related("source").defer("source__text", "source__pages")
    .order_by("-score", "id"),
)


# The panel's claim is read with its article and speaker joined. The
# relations most claims leave empty (the claim it continues, who approved or
# published it, the editor's note that sent it back) are read after it, and
# only when set: PostgreSQL took longer to plan the claim's query with all
# of them joined (about 7 ms, eight tables) than to run it, and a prefetch
# builds its query even when there is nothing to fetch.
_USER_NAME = get_user_model().USERNAME_FIELD
PANEL_RELATED = {
    "linked_to": lambda: Claim.objects.only("text"),
    "approved_by": lambda: get_user_model().objects.only(_USER_NAME),
    "published_by": lambda: get_user_model().objects.only(_USER_NAME),
    "sent_back_note": lambda: Note.objects.select_related("author").only("text", "created_at", "author__" + _USER_NAME),
}


def _read_if_set(claim: Claim) -> None:
    for name, rows in PANEL_RELATED.items():
        key = getattr(claim, f"{name}_id")
        setattr(claim, name, rows().get(pk=key) if key is not None else None)


# What the panel lists of a claim, each read only when the claim has any:
# most claims in the queue have no sources, notes, history or possible
# originals yet, and each of these queries took longer to build than the
# test that it would find nothing, asked with the claim.
PANEL_LISTS = {
    "evidence": Prefetch(
        "evidence",
        queryset=Evidence.objects.select_related("source", "added_by", "capture").defer(
            "capture__body", "capture__text", "source__text"
        ),
    ),
    "notes": Prefetch("notes", queryset=Note.objects.select_related("author")),
    "history": Prefetch("history", queryset=ClaimEvent.objects.select_related("actor")),
    "original_candidates": STORED_ORIGINALS,
}
# The model each of those lists holds.
_LISTED = {name: getattr(Claim, name).rel.related_model for name in PANEL_LISTS}


def _panel_claim(claim_id: int) -> Claim:
    """The claim with what its panel shows; each comparison with its findings
    (computed on reading for comparisons stored before findings existed)."""
    claims = (
        Claim.objects.select_related("article", "speaker")
        # The article's text is read for the quote's sentence; its raw form is not.
        .defer("article__raw_text", "article__dropped_lines")
        .annotate(
            **{f"has_{name}": Exists(model.objects.filter(claim=OuterRef("pk"))) for name, model in _LISTED.items()},
            has_repeats=Exists(ClaimRepeat.objects.filter(Q(claim=OuterRef("pk")) | Q(earlier=OuterRef("pk")))),
        )
    )
    claim = get_object_or_404(claims, pk=claim_id)
    _read_if_set(claim)
    prefetch_related_objects([claim], *(PANEL_LISTS[name] for name in PANEL_LISTS if getattr(claim, f"has_{name}")))
    for name, model in _LISTED.items():
        if not getattr(claim, f"has_{name}"):
            _prefetched_empty(claim, name, model)
    for e in claim.evidence.all():
        e.match = assessed(e)
    attach_latest_captures(e.source for e in claim.evidence.all())
    return claim


def _prefetched_empty(claim: Claim, name: str, model: type) -> None:
    """Leave `claim.<name>.all()` empty without a query, stored as Django's
    prefetch stores what it read (QuerySet._result_cache)."""
    rows = model.objects.none()
    rows._result_cache, rows._prefetch_done = [], True
    claim._prefetched_objects_cache = getattr(claim, "_prefetched_objects_cache", {}) | {name: rows}


@cache
def _blank_evidence_fields(script_prefix: str, language: str) -> str:
    """The fields of the form that links a source, empty, as the panel shows
    them until a link fails: the same for every claim and person, and their
    dozen widgets took a tenth of the panel's time to render. Rendered once
    per process, address prefix and language (all the markup depends on)."""
    return render_to_string("claims/includes/claim_panel.html#evidence-fields", {"evidence_form": EvidenceForm()})


def _panel_context(request: HttpRequest, claim: Claim | int, **extra) -> dict:
    """What the claim panel shows of `claim` (or the claim of that id),
    read anew with all it needs."""
    user = request.user
    claim = _panel_claim(claim if isinstance(claim, int) else claim.pk)
    suggested = leading_suggestion(claim.evidence.all())
    approver = user.has_perm("claims.approve_verdict")
    ctx = {
        "claim": claim,
        "place": sentence_around(claim.article.cleaned_text, claim.start, claim.end),
        "suggestion": _suggestion_context(suggested),
        "review_form": ReviewForm(initial=_review_initial(claim, suggested), user=user),
        "note_form": NoteForm(),
        "evidence_form": EvidenceForm(),
        "evidence_fields": _blank_evidence_fields(get_script_prefix(), get_language()),
        # An approved claim is an editor's to change: others see it, not a form.
        "can_review": user.has_perm("claims.review_claim")
        and (claim.state != Claim.State.DONE or user.has_perm("claims.approve_verdict")),
        "can_approve": user.has_perm("claims.approve_verdict"),
        "can_publish": user.has_perm("claims.publish_claim"),
        "public_url": exports.public_path(claim),
        # Likewise its notes and sources (services.review.reopen_approved).
        "can_link": user.has_perm("claims.add_evidence") and (claim.state != Claim.State.DONE or approver),
        "can_note": user.has_perm("claims.add_note") and (claim.state != Claim.State.DONE or approver),
        "repeats": related_claims(claim) if claim.has_repeats else [],
    }
    return ctx | extra


@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    if request.htmx and not request.htmx.boosted:
        # The panel alone: the claim is read once, with all the panel shows.
        if not request.user.has_perm("claims.view_claim"):
            raise PermissionDenied
        return render(request, "claims/article_detail.html#claim-panel", _panel_context(request, claim_id))
    claim = _get_claim_for_user(request, claim_id)
    article = _get_article_for_user(request, claim.article_id)
    return render(request, "claims/article_detail.html", _article_context(request, article, selected=claim))


def _panel_response(request: HttpRequest, claim: Claim, *, status: int = 200, **extra) -> HttpResponse:
    """After a change: the panel for htmx (plus the checklist row and progress
    bar, swapped out of band). Otherwise a redirect back to the claim when
    the change went through, and the claim's page with the panel saying
    what went wrong when it did not."""
    article = Article.objects.with_progress().defer("raw_text").get(pk=claim.article_id)
    if request.htmx:
        ctx = {**_panel_context(request, claim, **extra), "article": article}
        ctx["claim_item"] = _claim_item(ctx["claim"])
        return in_place(render(request, "claims/includes/claim_update.html", ctx, status=status))
    if status == 200 and set(extra) <= {"saved"}:
        return redirect("claims:claim-detail", claim.pk)
    ctx = {**_article_context(request, article, selected=claim), **extra}
    return render(request, "claims/article_detail.html", ctx, status=status)


@require_POST
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.review_claim")
    form = ReviewForm(request.POST, user=request.user)
    if not form.is_valid():
        return _panel_response(request, claim, review_form=form)
    data = form.cleaned_data
    changes = {"state": data["state"], "verdict": data["verdict"], "rationale": data["rationale"].strip(),
               "assignee": data["assignee"]}
    suggestion = _shown_suggestion(claim, data["suggested_by"], data["suggested"])
    return _review_change(
        request, claim, _saved_message(claim, changes), change_claim,
        claim=claim, by=request.user, seen_version=data["version"], via=PANEL, changes=changes, suggestion=suggestion,
    )


def _saved_message(claim: Claim, changes: dict) -> str:
    """What a save of the review form changes, to say and announce: "Verdict
    saved.", "State and verdict saved." (the names of the fields that differ
    from the claim as loaded; a refusal says otherwise)."""
    names = {"state": "state", "verdict": "verdict", "rationale": "public rationale", "assignee": "assignee"}
    changed = [names[f] for f, value in changes.items() if getattr(claim, f) != value]
    if not changed:
        return "Nothing to save: the review is as it was."
    said = changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]
    return f"{said.capitalize()} saved."


def _shown_suggestion(claim: Claim, evidence_id: int | None, verdict: str) -> Suggestion | None:
    """The suggestion the panel showed beside the review form, if the
    evidence named still makes it."""
    rows = claim.evidence.select_related("source", "capture")
    evidence = rows.filter(pk=evidence_id).first() if evidence_id else None
    suggestion = suggestion_of(evidence) if evidence else None
    return suggestion if suggestion and suggestion.verdict == verdict else None


def _review_change(request: HttpRequest, claim: Claim, saved: str, change, /, **kwargs) -> HttpResponse:
    """Run a review service call and show its outcome in the panel."""
    try:
        claim = change(**kwargs)
    except EditConflict as conflict:
        # Their version, to start again from.
        return _panel_response(request, conflict.current, error=str(conflict), status=409)
    except ReviewRefused as exc:
        return _panel_response(request, claim, error=str(exc), status=403)
    except InvalidChange as exc:
        return _panel_response(request, claim, error=str(exc), status=422)
    return _panel_response(request, claim, saved=saved)


@require_POST
def claim_publication(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Publish the claim's public page, or take it down (editors)."""
    claim = _get_claim_for_user(request, claim_id, "claims.publish_claim")
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, error="Choose to publish or to unpublish.", status=422)
    if form.cleaned_data["action"] == "publish":
        return _review_change(request, claim, "Published: the public page is live.", publish_claim,
                              claim=claim, by=request.user, via=PANEL)
    return _review_change(request, claim, "Unpublished: the public page is taken down.", unpublish_claim,
                          claim=claim, by=request.user, via=PANEL)


@require_POST
def evidence_suggestion(request: HttpRequest, claim_id: int, evidence_id: int) -> HttpResponse:
    """Accept the verdict suggested by the findings in this evidence."""
    claim = _get_claim_for_user(request, claim_id, "claims.review_claim")
    evidence = get_object_or_404(Evidence.objects.select_related("source", "capture"), pk=evidence_id, claim=claim)
    evidence.claim = claim
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, error="Reload the claim to see its suggested verdict.", status=422)
    data = form.cleaned_data
    return _review_change(
        request, claim, "Verdict set as suggested.", accept_suggestion,
        evidence=evidence, by=request.user, seen_version=data["version"], via=PANEL, verdict=data["verdict"],
    )


@require_POST
def claim_reuse(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Reuse the verdict and sources of a settled claim this one repeats."""
    claim = _get_claim_for_user(request, claim_id, "claims.review_claim")
    form = ReuseForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, error="Reload the claim to see where else it was checked.", status=422)
    data = form.cleaned_data
    return _review_change(
        request, claim, "Verdict and sources reused: the verdict waits for an editor's approval.", reuse_verdict,
        claim=claim, earlier=data["earlier"], by=request.user, seen_version=data["version"], via=PANEL,
    )


@require_POST
def claim_note(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.add_note")
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, note_form=form)
    try:
        add_note(claim=claim, by=request.user, text=form.cleaned_data["text"], via=PANEL)
    except ReviewRefused as exc:
        return _panel_response(request, claim, error=str(exc), status=403)
    return _panel_response(request, claim, saved="Note added.")


@require_POST
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _panel_response(request, claim, evidence_form=form, evidence_open=True)
    data = form.cleaned_data
    try:
        evidence = link_source(
            claim=claim, by=request.user, via=PANEL, source=data["source"], new_source=form.new_source(),
            passage=data["passage"], locator=data["locator"], stance=data["stance"],
        )
    except RejectedInput as exc:
        form.add_error("new_file", f"{exc.name}: {exc}")
        return _panel_response(request, claim, evidence_form=form, evidence_open=True)
    except ReviewRefused as exc:
        return _panel_response(request, claim, error=str(exc), status=403)
    if evidence.source.url and data["archive"]:
        # After the commit, so that a worker finds the source; the immediate
        # backend fetches right here and fills in the passage from the capture.
        capture_source_task.enqueue(evidence.source_id)
    return _panel_response(request, claim, saved=f"Linked “{evidence.source.title}”.")


@require_GET
def claim_originals(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Find the original: the passages of the whole library the claim's
    words may come from, best first, each with a button that links it."""
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    speaker = claim.speaker.name if claim.speaker else claim.speaker_as_written
    ctx = {"claim": claim, "candidates": find_originals(claim.text, speaker=speaker or None),
           "standalone": not request.htmx}
    return render(request, _partial(request, "claims/claim_originals.html", "originals"), ctx)


@require_POST
def claim_original_link(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Link the candidate a reviewer chose, with its passage."""
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    form = OriginalForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, error="That candidate is no longer in the library.", status=422)
    source = form.cleaned_data["source"]
    try:
        link_source(claim=claim, by=request.user, via=PANEL, source=source, passage=form.cleaned_data["passage"])
    except ReviewRefused as exc:
        return _panel_response(request, claim, error=str(exc), status=403)
    return _panel_response(request, claim, saved=f"Linked “{source.title}”.")


@require_http_methods(["GET", "POST"])
def evidence_passage(request: HttpRequest, claim_id: int, evidence_id: int) -> HttpResponse:
    """Where in the source the quote comes from: the other occurrences of its
    words to pick from, and a form to mark the passage by hand (GET); the
    reviewer's choice, recorded in the claim's history (POST)."""
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    rows = Evidence.objects.select_related("source", "capture", "claim")
    evidence = get_object_or_404(rows, pk=evidence_id, claim=claim)
    form = PassageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settle_passage(evidence=evidence, by=request.user, via=PANEL, **form.cleaned_data)
        except PassageRefused as exc:
            return _passage_picker(request, evidence, form, error=str(exc), status=422)
        except ReviewRefused as exc:
            return _panel_response(request, claim, error=str(exc), status=403)
        return _panel_response(request, claim, saved="Passage recorded.")
    error = form.non_field_errors()[0] if form.is_bound and form.non_field_errors() else ""
    return _passage_picker(request, evidence, form, error=error, status=422 if error else 200)


def _passage_picker(request: HttpRequest, evidence: Evidence, form: PassageForm, *, error: str, status: int):
    """The picker: a page of its own, or for htmx the fragment that goes in
    the evidence's place in the panel (also when a choice was refused, which
    was posted from the panel and would otherwise replace it)."""
    text = evidence_text(evidence)
    claim = evidence.claim
    ctx = {"claim": claim, "evidence": evidence, "occurrences": occurrences(claim.text, text) if text else [],
           "source_text": text, "form": form, "error": error}
    response = render(request, _partial(request, "claims/evidence_passage.html", "passage-picker"), ctx, status=status)
    if request.htmx and request.method == "POST":
        response["HX-Retarget"], response["HX-Reswap"] = f"#passage-{evidence.pk}", "innerHTML"
    return in_place(response)


# Search

# Results of each kind shown when all kinds are searched, and per page of one kind.
SEARCH_PREVIEW = 5
SEARCH_PAGE = 25


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    """The search box: claims, articles, sources and notes matching the
    words, grouped by kind, with the filters; only the kinds the person
    may view, and nothing at all (403) for one who may view none."""
    if not visible_kinds(request.user):
        raise PermissionDenied
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _bad_query(form)
    data = form.cleaned_data
    options = Options(
        kind=data["kind"], state=data["state"], verdict=data["verdict"], speaker=data["speaker"].strip(),
        date_from=data["date_from"], date_to=data["date_to"],
    )
    per_page = SEARCH_PAGE if options.kind else SEARCH_PREVIEW
    groups = search(user=request.user, text=data["q"], options=options, page=data["page"] or 1, per_page=per_page)
    ctx = {"form": form, "q": data["q"], "groups": groups, "options": options, "cap": CAP}
    return render(request, _partial(request, "claims/search.html", "search-results"), ctx)


# Sources


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_search(request: HttpRequest) -> HttpResponse:
    form = SourceSearchForm(request.GET)
    if not form.is_valid():
        return _bad_query(form)
    q = form.cleaned_data["q"]
    ctx = {"sources": search_sources(q)[:20] if q else [], "q": q}
    return render(request, _partial(request, "claims/source_search.html", "source-results"), ctx)


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.defer(*SOURCE_TEXTS), pk=source_id)
    # The claims citing it, a page at a time: a budget speech may be cited
    # thousands of times. Each row shows the claim, never its article.
    evidence = source.evidence.select_related("claim", "claim__speaker").defer("match", "claim__details")
    try:
        citations = _page(evidence, CITATION_ORDER, request)
    except InvalidCursor as exc:
        return _bad_page(exc)
    captures = capture_changes(source)
    ctx = {"source": source, "captures": captures, "citations": citations}
    partial = "citations" if request.htmx and request.htmx.target == "citations" else "captures"
    if not request.htmx:
        ctx["text"] = source_text(source, [row["capture"] for row in captures])
    return render(request, _partial(request, "claims/source_detail.html", partial), ctx)


@require_POST
@permission_required("claims.add_evidence", raise_exception=True)
def source_capture(request: HttpRequest, source_id: int) -> HttpResponse:
    """Archive the source's page now (a background task when a worker runs)."""
    source = get_object_or_404(Source.objects.defer(*SOURCE_TEXTS), pk=source_id)
    if not source.url:
        messages.error(request, "This source has no web address to capture.")
    elif not captures_left(source):
        messages.error(request, "This page has been captured as often as allowed this hour; try again later.")
    else:
        capture_source_task.enqueue(source.pk)
        messages.info(request, "Capture requested.")
    if request.htmx:
        context = {"source": source, "captures": capture_changes(source)}
        return render(request, "claims/source_detail.html#captures", context)
    return redirect("claims:source-detail", source.pk)


# Exports


def _site_url(request: HttpRequest) -> str:
    """This site's address ("https://factcheck.example.org"), for the whole
    addresses of public pages in exports and ClaimReview."""
    return request.build_absolute_uri("/").rstrip("/")


def _organisation(request: HttpRequest) -> dict:
    """The newsroom as ClaimReview's author: settings.ORGANISATION_NAME and
    ORGANISATION_URL (this site's address when that is not set)."""
    return exports.organisation(settings.ORGANISATION_NAME, settings.ORGANISATION_URL or _site_url(request) + "/")


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Settled claims of one article (?article=ID), of a selection
    (?claim=ID&claim=ID) or of all: CSV, JSON, schema.org ClaimReview (the
    published ones), a printable report, or the report as a PDF."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _bad_query(form)
    article_id, selection = form.cleaned_data["article"], form.cleaned_data["claim"]
    article = get_object_or_404(Article, pk=article_id) if article_id else None
    claims = exports.settled_claims(
        article.pk if article else None, claim_ids=selection, published_only=fmt == "claimreview.json"
    )
    stem = f"claims-article-{article.pk}" if article else ("claims-selected" if selection else "claims-all")
    site_url = _site_url(request)
    if fmt in ("html", "pdf"):
        return _report(request, fmt, claims, article=article, selection=selection, stem=stem)
    records = exports.iter_records(claims, site_url=site_url)
    # Streamed a chunk of claims at a time: memory stays flat however many
    # claims are settled, and the download starts at once.
    if fmt == "csv":
        body, content_type = exports.iter_csv(records), "text/csv; charset=utf-8"
    elif fmt == "claimreview.json":
        body = exports.iter_claim_review(records, author=_organisation(request))
        content_type = "application/ld+json"
    else:
        body, content_type = exports.iter_json(records), "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _report(request: HttpRequest, fmt: str, claims, *, article: Article | None, selection: list[int], stem: str):
    """The report of `claims`: a page to read and print, or its PDF. Both
    are read outside the newsroom, so they show no internal notes. A report
    longer than a request should make is offered as a file made in the
    background (report_views) instead."""
    count = claims.count()
    limit = settings.REPORT_PDF_MAX_CLAIMS if fmt == "pdf" else settings.REPORT_PAGE_MAX_CLAIMS
    if count > limit:
        ctx = {"fmt": fmt, "count": count, "limit": limit, "article": article, "selection": selection,
               "pdf_limit": settings.REPORT_TASK_PDF_MAX_CLAIMS}
        return render(request, "claims/report_offer.html", ctx)
    records = report_documents.mark_article_breaks(report_documents.records(claims, site_url=_site_url(request)))
    ctx = {
        **report_documents.context(article=article, selection=selection, count=count),
        "records": list(records),
        "pdf_url": f"{reverse('claims:export', args=['pdf'])}?{request.GET.urlencode()}".rstrip("?"),
    }
    if fmt == "html":
        return render(request, "claims/report.html", ctx)
    document = render_pdf(report_documents.whole(ctx, ctx["records"]))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


# Public pages


@login_not_required
@require_GET
def public_claim(request: HttpRequest, public_id) -> HttpResponse:
    """A published claim for anyone, signed in or not: the claim, its
    speaker, the verdict in words, the rationale and the sources with what
    the comparison found and their archived copies; its ClaimReview in the
    page as JSON-LD. A claim not published, or re-opened since, is a 404."""
    claim = exports.settled_claims(published_only=True).filter(public_id=public_id).first()
    if claim is None:
        raise Http404("No published claim is at this address.")
    record = exports.public_record(exports.claim_record(claim, site_url=_site_url(request)))
    ctx = {
        "r": record,
        "claim_review": exports.claim_review(record, author=_organisation(request)),
        "organisation": settings.ORGANISATION_NAME,
        "organisation_url": settings.ORGANISATION_URL,
    }
    return render(request, "claims/public_claim.html", ctx)
