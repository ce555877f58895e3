from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import exports
from .forms import EvidenceForm, ImportForm, NoteForm, ReviewForm, SourceSearchForm
from .highlight import segment_text
from .models import Article, Claim, ClaimEvent, Evidence, ImportBatch, ImportUpload, Note, Source
from .review import EditConflict, add_note, link_evidence, update_claim
from .sources import capture_changes, compare_with_source, create_source, search_sources
from .tasks import capture_source_task, run_import_batch


def _partial(request: HttpRequest, template: str, partial: str) -> str:
    """The whole page for a normal request, the named fragment for htmx."""
    if request.htmx and not request.htmx.boosted:
        return f"{template}#{partial}"
    return template


# Articles


@require_GET
@permission_required("claims.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    form = SourceSearchForm(request.GET)
    articles = Article.objects.with_progress().select_related("imported_by")
    q = form.data.get("q", "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(authors__icontains=q) | Q(publisher__icontains=q))
    ctx = {"articles": articles, "q": q, "can_import": request.user.has_perm("claims.import_articles")}
    return render(request, _partial(request, "claims/article_list.html", "article-table"), ctx)


@require_http_methods(["GET", "POST"])
@permission_required("claims.import_articles", raise_exception=True)
def article_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                created_by=request.user, url=form.cleaned_data["url"] or "", title=form.cleaned_data["title"]
            )
            uploads = [
                ImportUpload(batch=batch, name=f.name, data=f.read()) for f in form.cleaned_data["files"]
            ]
            if form.cleaned_data["text"].strip():
                uploads.append(ImportUpload(batch=batch, name="pasted text", data=b"", text=form.cleaned_data["text"]))
            ImportUpload.objects.bulk_create(uploads)
            batch.total = len(uploads) + (1 if batch.url else 0)
            batch.save(update_fields=["total"])
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
            Prefetch("evidence", queryset=Evidence.objects.select_related("source", "added_by")),
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
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, claim, evidence_form=form, evidence_open=True)
    data = form.cleaned_data
    source = data["source"]
    with transaction.atomic():
        if source is None:
            if not request.user.has_perm("claims.add_source"):
                raise PermissionDenied
            source, _ = create_source(
                title=data["new_title"].strip(),
                url=data["new_url"],
                publisher=data["new_publisher"],
                kind=data["new_kind"],
                published_on=data["new_published_on"],
                text=data["new_text"],
                created_by=request.user,
            )
        comparison = compare_with_source(claim.text, source.text) if source.text else None
        passage = data["passage"].strip()
        start = end = None
        if not passage and comparison and comparison.get("start") is not None:
            passage, start, end = comparison["passage"], comparison["start"], comparison["end"]
        link_evidence(
            claim=claim,
            source=source,
            user=request.user,
            passage=passage,
            passage_start=start,
            passage_end=end,
            locator=data["locator"],
            stance=data["stance"],
            match=comparison or {},
        )
    return _panel_response(request, claim, saved=f"Linked “{source.title}”.")


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
        return render(request, "claims/source_detail.html#captures", {"source": source, "captures": capture_changes(source)})
    return redirect("claims:source-detail", source.pk)


# Exports


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    article_id = request.GET.get("article")
    article = get_object_or_404(Article, pk=article_id) if article_id else None
    records = [exports.claim_record(c) for c in exports.settled_claims(article.pk if article else None)]
    stem = f"claims-article-{article.pk}" if article else "claims-all"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(records), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_json(records), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
