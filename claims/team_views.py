"""The team's pages: assigning claims from the queue, "My queue", the
verdicts waiting for approval (approve or send back), notifications and
the dashboard. Views parse input and call the services, as in views.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from . import dashboard as figures
from . import views
from .forms import ApproveForm, AssignForm, SendBackForm
from .middleware import in_place
from .models import Claim, ClaimEvent, Notification
from .services.notifications import mark_read
from .services.review import EditConflict, InvalidChange, ReviewRefused, change_claim
from .services.workflow import assign_claims, send_back
from .views import _get_claim_for_user, _params, _partial

PANEL = ClaimEvent.Via.PANEL
# The article's texts are never shown in these lists.
NO_TEXTS = ("article__raw_text", "article__cleaned_text")


# Assigning from the review queue


@require_POST
@permission_required("claims.assign_claim", raise_exception=True)
def claim_assign(request: HttpRequest) -> HttpResponse:
    """Assign the claims ticked in the queue. For htmx, the action bar with
    the outcome, and an event that makes the queue's table reload."""
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _assign_outcome(request, form)
    data = form.cleaned_data
    try:
        saved = assign_claims(seen=data["claims"], assignee=data["assignee"], due_on=data["due_on"],
                              by=request.user, via=PANEL)
    except EditConflict as conflict:
        error = (f"{conflict.changed_by} changed “{conflict.current}” since the queue was shown, so nothing was "
                 "assigned; the queue now shows the claims as they are.")
        return _assign_outcome(request, form, error=error, status=409, reload=True)
    except ReviewRefused as exc:
        return _assign_outcome(request, form, error=str(exc), status=403)
    except InvalidChange as exc:
        return _assign_outcome(request, form, error=str(exc), status=422, reload=True)
    due = f", due {date_format(data['due_on'], 'j M Y')}" if data["due_on"] else ""
    saved_message = f"Assigned {len(saved)} claim{'s' if len(saved) != 1 else ''} to {data['assignee']}{due}."
    return _assign_outcome(request, AssignForm(), saved=saved_message, reload=True)


def _assign_outcome(request: HttpRequest, form: AssignForm, *, saved: str = "", error: str = "", status: int = 200,
                    reload: bool = False) -> HttpResponse:
    if not request.htmx:
        if saved:
            messages.success(request, saved)
        for problem in [error, *(e for errors in form.errors.values() for e in errors)]:
            if problem:
                messages.error(request, problem)
        return redirect(_back_to_queue(request))
    ctx = {"assign_form": form, "assign_saved": saved, "assign_error": error, "assign_next": _back_to_queue(request)}
    # Refusals and conflicts are said in the bar itself (middleware.in_place).
    response = in_place(render(request, "claims/claim_queue.html#assign-bar", ctx, status=status))
    return trigger_client_event(response, "queue-changed") if reload else response


def _back_to_queue(request: HttpRequest) -> str:
    """The queue as it was filtered, from the form's `next`, else the queue."""
    queue = reverse("claims:claim-queue")
    target = request.POST.get("next", "")
    if urlsplit(target).path == queue and url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        return target
    return queue


# My queue


@require_GET
@permission_required("claims.review_claim", raise_exception=True)
def my_queue(request: HttpRequest) -> HttpResponse:
    """The open claims assigned to me: those sent back to me first (with the
    editor's note), then by due date, overdue first and undated last, then
    the most check-worthy."""
    claims = (
        Claim.objects.needs_review()
        .filter(assignee=request.user)
        .select_related("article", "speaker", "sent_back_note__author")
        .defer(*NO_TEXTS)
        .by_urgency()
    )
    page = Paginator(claims, views.PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "params": _params(request), "today": timezone.localdate()}
    return render(request, _partial(request, "claims/my_queue.html", "my-queue-table"), ctx)


# Verdicts waiting for approval


@require_GET
@permission_required("claims.approve_verdict", raise_exception=True)
def approval_queue(request: HttpRequest) -> HttpResponse:
    """Proposed verdicts waiting for an editor, the longest waiting first."""
    claims = (
        Claim.objects.awaiting_approval()
        .select_related("article", "speaker", "assignee")
        .defer(*NO_TEXTS)
        .order_by("updated_at", "pk")
    )
    page = Paginator(claims, views.PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "params": _params(request), "send_back_form": SendBackForm()}
    return render(request, _partial(request, "claims/approval_queue.html", "approval-table"), ctx)


@require_POST
def claim_approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.approve_verdict")
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _approval_row(request, claim, error="Reload the list to approve this claim.", status=422)
    return _approval_change(
        request, claim, change_claim,
        claim=claim, by=request.user, seen_version=form.cleaned_data["version"], via=PANEL,
        changes={"state": Claim.State.DONE},
    )


@require_POST
def claim_send_back(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get_claim_for_user(request, claim_id, "claims.approve_verdict")
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _approval_row(request, claim, send_back_form=form)
    data = form.cleaned_data
    return _approval_change(
        request, claim, send_back, claim=claim, by=request.user, seen_version=data["version"], via=PANEL,
        note=data["note"],
    )


def _approval_change(request: HttpRequest, claim: Claim, change, /, **kwargs) -> HttpResponse:
    """Run the service call and show its outcome in the claim's row."""
    try:
        claim = change(**kwargs)
    except EditConflict as conflict:
        return _approval_row(request, conflict.current, error=str(conflict), status=409)
    except ReviewRefused as exc:
        return _approval_row(request, claim, error=str(exc), status=403)
    except InvalidChange as exc:
        return _approval_row(request, claim, error=str(exc), status=422)
    if claim.state == Claim.State.DONE:
        saved = f"Approved: {claim.get_verdict_display()}."
    else:
        saved = f"Sent back to {claim.assignee}."
    return _approval_row(request, claim, saved=saved)


def _approval_row(request: HttpRequest, claim: Claim, *, saved: str = "", error: str = "", status: int = 200,
                  send_back_form: SendBackForm | None = None) -> HttpResponse:
    """The claim's row of the list for htmx; otherwise back to the list,
    with the outcome as a message."""
    if not request.htmx:
        if saved:
            messages.success(request, saved)
        if error or send_back_form is not None:
            messages.error(request, error or "Say what the reviewer should look at again.")
        return redirect("claims:approval-queue")
    claim = Claim.objects.select_related("article", "speaker", "assignee").defer(*NO_TEXTS).get(pk=claim.pk)
    ctx = {"c": claim, "saved": saved, "error": error, "send_back_form": send_back_form or SendBackForm()}
    return in_place(render(request, "claims/approval_queue.html#approval-row", ctx, status=status))


# Notifications


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def notification_list(request: HttpRequest) -> HttpResponse:
    """My notifications, newest first. Showing a page marks its unread ones
    read; they are still marked new on this showing."""
    rows = (
        Notification.objects.filter(recipient=request.user)
        .select_related("actor", "claim__article", "claim__sent_back_note")
        .defer(*(f"claim__{f}" for f in NO_TEXTS))
    )
    page = Paginator(rows, views.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    mark_read(recipient=request.user, ids=[n.pk for n in shown if n.read_at is None])
    ctx = {"page": page, "params": _params(request)}
    return render(request, _partial(request, "claims/notification_list.html", "notification-table"), ctx)


# Dashboard


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, _partial(request, "claims/dashboard.html", "dashboard-body"), figures.build())
