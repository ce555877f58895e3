from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import exports
from .forms import EvidenceForm, ImportForm, NoteForm, PassageForm, QueueForm, ReviewForm, SourceSearchForm
from .highlight import segment_text
from .importers import ImportOutcome, Status
from .models import Article, Claim, ClaimEvent, Evidence, ImportBatch, ImportUpload, Note, Source
from .readers import RejectedInput
from .review import EditConflict, add_note, link_evidence, set_passage, update_claim
from .sources import (
    capture_changes,
    compare_passage,
    compare_with_source,
    create_source,
    find_passage,
    occurrences,
    page_of,
    read_source_document,
    search_sources,
    text_to_compare,
)
from .tasks import capture_source_task, run_import_batch


def _partial(request: HttpRequest, template: str, partial: str) -> str:
    """The whole page for a normal request, the named fragment for htmx."""
    if request.htmx and not request.htmx.boosted:
        return f"{template}#{partial}"
    return template


PAGE_SIZE = 50


def _params(request: HttpRequest) -> str:
    """The query string without the page number, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# Articles


@require_GET
@permission_required("claims.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    form = SourceSearchForm(request.GET)
    articles = Article.objects.with_progress().select_related("imported_by").order_by("-imported_at", "-pk")
    q = form.data.get("q", "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(authors__icontains=q) | Q(publisher__icontains=q))
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "articles": page,
        "page": page,
        "params": _params(request),
        "q": q,
        "can_import": request.user.has_perm("claims.import_articles"),
    }
    return render(request, _partial(request, "claims/article_list.html", "article-table"), ctx)


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def claim_queue(request: HttpRequest) -> HttpResponse:
    """Claims still to review across articles, the most check-worthy first."""
    form = QueueForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    claims = (
        Claim.objects.filter(kind__in=Claim.Kind.reviewable())
        .exclude(state=Claim.State.DONE)
        .select_related("article", "speaker", "assignee")
        .order_by("-score", "article_id", "start")
    )
    if filters.get("state"):
        claims = claims.filter(state=filters["state"])
    if filters.get("kind"):
        claims = claims.filter(kind=filters["kind"])
    if filters.get("mine"):
        claims = claims.filter(assignee=request.user)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "form": form, "params": _params(request)}
    return render(request, _partial(request, "claims/claim_queue.html", "queue-table"), ctx)


@require_http_methods(["GET", "POST"])
@permission_required("claims.import_articles", raise_exception=True)
def article_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                created_by=request.user, url=form.cleaned_data["url"] or "", title=form.cleaned_data["title"]
            )
            uploads, refused = [], []
            for f in form.cleaned_data["files"]:
                # Refused before its bytes are read into memory or stored.
                if f.size > settings.IMPORT_MAX_BYTES:
                    reason = f"The file is {f.size:,} bytes, over the {settings.IMPORT_MAX_BYTES:,}-byte limit."
                    refused.append(ImportOutcome(f.name, Status.FAILED, reason).to_dict())
                else:
                    uploads.append(ImportUpload(batch=batch, name=f.name, data=f.read()))
            if form.cleaned_data["text"].strip():
                uploads.append(ImportUpload(batch=batch, name="pasted text", data=b"", text=form.cleaned_data["text"]))
            ImportUpload.objects.bulk_create(uploads)
            batch.total = len(uploads) + len(refused) + (1 if batch.url else 0)
            batch.processed, batch.outcomes = len(refused), refused
            batch.save(update_fields=["total", "processed", "outcomes"])
        # Enqueued after the commit, so that a worker on another machine finds the
        # batch and its uploads; the immediate backend runs it right here.
        run_import_batch.enqueue(batch.pk)
        batch.refresh_from_db()
        outcomes = batch.outcomes
        if batch.state == ImportBatch.State.DONE and len(outcomes) == 1 and outcomes[0]["article_id"]:
            outcome = outcomes[0]
            if outcome["status"] == "duplicate":
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
    return render(request, _partial(request, "claims/import_batch.html", "batch-progress"), {"batch": batch})


def _get_article_for_user(request: HttpRequest, article_id: int) -> Article:
    if not request.user.has_perm("claims.view_article"):
        raise PermissionDenied
    return get_object_or_404(Article.objects.with_progress(), pk=article_id)


def _article_context(request: HttpRequest, article: Article, selected: Claim | None = None) -> dict:
    claims = list(
        article.claims.select_related("speaker").order_by("start")
    )
    ctx = {
        "article": article,
        "claims": [c for c in claims if c.kind != Claim.Kind.NON_SPEECH_QUOTE],
        "other_quotes": [c for c in claims if c.kind == Claim.Kind.NON_SPEECH_QUOTE],
        "segments": segment_text(
            article.cleaned_text, [(c.start, c.end, c) for c in claims if c.kind != Claim.Kind.STATISTIC]
        ),
        "selected": selected,
    }
    if selected is not None:
        ctx.update(_panel_context(request, selected))
    return ctx


@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _get_article_for_user(request, article_id)
    return render(request, "claims/article_detail.html", _article_context(request, article))


# Claims


def _get_claim_for_user(request: HttpRequest, claim_id: int, perm: str = "claims.view_claim") -> Claim:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Claim.objects.select_related("article", "speaker", "assignee"), pk=claim_id)


def _panel_context(request: HttpRequest, claim: Claim, **extra) -> dict:
    user = request.user
    claim = (
        Claim.objects.select_related("article", "speaker", "assignee", "approved_by", "linked_to")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source", "added_by", "capture").defer(
                    "capture__body", "capture__text", "source__text"
                ),
            ),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("history", queryset=ClaimEvent.objects.select_related("actor")),
        )
        .get(pk=claim.pk)
    )
    ctx = {
        "claim": claim,
        "review_form": ReviewForm(
            initial={
                "state": claim.state,
                "verdict": claim.verdict,
                "assignee": claim.assignee_id,
                "version": claim.version,
            }
        ),
        "note_form": NoteForm(),
        "evidence_form": EvidenceForm(),
        "can_review": user.has_perm("claims.review_claim"),
        "can_approve": user.has_perm("claims.approve_verdict"),
        "can_link": user.has_perm("claims.add_evidence"),
        "can_note": user.has_perm("claims.add_note"),
    }
    ctx.update(extra)
    return ctx


@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id)
    if request.htmx and not request.htmx.boosted:
        return render(request, "claims/article_detail.html#claim-panel", _panel_context(request, claim))
    article = _get_article_for_user(request, claim.article_id)
    return render(request, "claims/article_detail.html", _article_context(request, article, selected=claim))


def _panel_response(request: HttpRequest, claim: Claim, **extra) -> HttpResponse:
    """After a change: the panel for htmx (plus the checklist row and progress
    bar, swapped out of band), a redirect back to the claim otherwise."""
    if not request.htmx:
        return redirect("claims:claim-detail", claim.pk)
    ctx = _panel_context(request, claim, **extra)
    ctx["article"] = Article.objects.with_progress().get(pk=claim.article_id)
    return render(request, "claims/includes/claim_update.html", ctx)


@require_POST
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.review_claim")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, review_form=form)
    data = form.cleaned_data
    try:
        claim = update_claim(
            claim_id=claim.pk,
            user=request.user,
            version=data["version"],
            changes={"state": data["state"], "verdict": data["verdict"], "assignee": data["assignee"]},
        )
    except EditConflict as conflict:
        if not request.htmx:
            messages.error(request, str(conflict))
        return _panel_response(request, conflict.current, error=str(conflict))
    except ValueError as exc:
        if not request.htmx:
            messages.error(request, str(exc))
        return _panel_response(request, claim, error=str(exc))
    return _panel_response(request, claim, saved="Saved.")


@require_POST
def claim_note(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.add_note")
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, note_form=form)
    add_note(claim=claim, user=request.user, text=form.cleaned_data["text"])
    return _panel_response(request, claim)


@require_POST
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _panel_response(request, claim, evidence_form=form, evidence_open=True)
    data = form.cleaned_data
    source = data["source"]
    if source is None and not request.user.has_perm("claims.add_source"):
        raise PermissionDenied
    text, pages = data["new_text"], []
    if source is None and data["new_file"]:
        upload = data["new_file"]
        try:
            text, pages = read_source_document(upload.name, upload.read())
        except RejectedInput as exc:
            form.add_error("new_file", f"{upload.name}: {exc}")
            return _panel_response(request, claim, evidence_form=form, evidence_open=True)
        upload.seek(0)
    with transaction.atomic():
        if source is None:
            source, _ = create_source(
                title=data["new_title"].strip(),
                url=data["new_url"],
                publisher=data["new_publisher"],
                kind=data["new_kind"],
                published_on=data["new_published_on"],
                text=text,
                pages=pages,
                document=data["new_file"] or "",
                created_by=request.user,
            )
        source_text, capture = text_to_compare(source)
        comparison, status = {}, Evidence.MatchStatus.NONE
        passage = data["passage"].strip()
        if passage:
            # The reviewer's own passage wins over the automatic match.
            span = find_passage(source_text, passage) if source_text else None
            if span:
                comparison = compare_passage(claim.text, source_text, *span)
            else:
                # Not in the stored text (or there is none): compare with the
                # reviewer's words alone; there is no place to point to.
                comparison = {**compare_with_source(claim.text, passage), "start": None, "end": None}
                comparison["passage"] = passage
            status = Evidence.MatchStatus.MANUAL
        elif source_text:
            comparison = compare_with_source(claim.text, source_text)
            if comparison.get("start") is not None:
                passage, status = comparison["passage"], Evidence.MatchStatus.AUTO
        start = comparison.get("start")
        page = page_of(source, start)
        if page:
            comparison["page"] = page
        link_evidence(
            claim=claim,
            source=source,
            user=request.user,
            passage=passage,
            passage_start=start,
            passage_end=comparison.get("end") if start is not None else None,
            locator=data["locator"] or (f"p. {page}" if page else ""),
            stance=data["stance"],
            match=comparison,
            match_status=status,
            capture=capture,
        )
    if source.url and data["archive"]:
        # After the commit, so that a worker finds the source; the immediate
        # backend fetches right here and fills in the passage from the capture.
        capture_source_task.enqueue(source.pk)
    return _panel_response(request, claim, saved=f"Linked “{source.title}”.")


def _evidence_text(evidence: Evidence) -> str:
    """The text the evidence's passage offsets refer to."""
    if evidence.capture_id:
        return evidence.capture.text
    return text_to_compare(evidence.source)[0]


@require_http_methods(["GET", "POST"])
def evidence_passage(request: HttpRequest, claim_id: int, evidence_id: int) -> HttpResponse:
    """Where in the source the quote comes from: the other occurrences of its
    words to pick from, and a form to mark the passage by hand (GET); the
    reviewer's choice, recorded in the claim's history (POST)."""
    claim = _get_claim_for_user(request, claim_id, "claims.add_evidence")
    evidence = get_object_or_404(
        Evidence.objects.select_related("source", "capture"), pk=evidence_id, claim=claim
    )
    text = _evidence_text(evidence)
    form = PassageForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        comparison = None
        if data["action"] == "accept":
            if evidence.passage_start is None:
                error = "There is no automatic match to accept: pick an occurrence or mark the passage by hand."
            else:
                comparison, status = evidence.match, Evidence.MatchStatus.ACCEPTED
        elif data["action"] == "pick":
            start, end = data["start"], data["end"]
            if not (start < end <= len(text)):
                error = "That occurrence is not in the source text."
            else:
                picked = [o for o in occurrences(claim.text, text) if (o["start"], o["end"]) == (start, end)]
                comparison = picked[0] if picked else compare_passage(claim.text, text, start, end)
                status = Evidence.MatchStatus.PICKED
        else:
            span = find_passage(text, data["passage"])
            if span is None:
                error = "These words are not in the source text as written; copy them from the text below."
            else:
                comparison, status = compare_passage(claim.text, text, *span), Evidence.MatchStatus.MANUAL
        if comparison is not None:
            set_passage(evidence=evidence, user=request.user, comparison=comparison, status=status)
            return _panel_response(request, claim, saved="Passage recorded.")
    ctx = {
        "claim": claim,
        "evidence": evidence,
        "occurrences": occurrences(claim.text, text) if text else [],
        "source_text": text,
        "form": form,
        "error": error or (form.non_field_errors()[0] if form.non_field_errors() else ""),
    }
    return render(request, _partial(request, "claims/evidence_passage.html", "passage-picker"), ctx)


# Sources


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_search(request: HttpRequest) -> HttpResponse:
    form = SourceSearchForm(request.GET)
    q = form.data.get("q", "").strip()
    ctx = {"sources": search_sources(q)[:20] if q else [], "q": q}
    return render(request, _partial(request, "claims/source_search.html", "source-results"), ctx)


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    evidence = source.evidence.select_related("claim", "claim__article", "claim__speaker").order_by("-added_at")
    ctx = {"source": source, "captures": capture_changes(source), "evidence": evidence}
    return render(request, _partial(request, "claims/source_detail.html", "captures"), ctx)


@require_POST
@permission_required("claims.add_evidence", raise_exception=True)
def source_capture(request: HttpRequest, source_id: int) -> HttpResponse:
    """Archive the source's page now (a background task when a worker runs)."""
    source = get_object_or_404(Source, pk=source_id)
    if not source.url:
        messages.error(request, "This source has no web address to capture.")
    else:
        capture_source_task.enqueue(source.pk)
        messages.info(request, "Capture requested.")
    if request.htmx:
        context = {"source": source, "captures": capture_changes(source)}
        return render(request, "claims/source_detail.html#captures", context)
    return redirect("claims:source-detail", source.pk)


# Exports


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Settled claims of one article (?article=ID) or of all: CSV, JSON,
    schema.org ClaimReview, or a printable report (print it to PDF)."""
    article_id = request.GET.get("article")
    article = get_object_or_404(Article, pk=article_id) if article_id else None
    records = [exports.claim_record(c) for c in exports.settled_claims(article.pk if article else None)]
    stem = f"claims-article-{article.pk}" if article else "claims-all"
    if fmt == "html":
        ctx = {"records": records, "article": article, "generated_at": timezone.now()}
        return render(request, "claims/report.html", ctx)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(records), content_type="text/csv; charset=utf-8")
    elif fmt == "claimreview.json":
        body = exports.to_claim_review(records, organisation=settings.ORGANISATION_NAME)
        response = HttpResponse(body, content_type="application/ld+json")
    else:
        response = HttpResponse(exports.to_json(records), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
