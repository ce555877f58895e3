"""A speaker's page: what they said across articles, how it was rated and
where their words were checked."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Claim, Evidence, Speaker
from .views import _params

PAGE_SIZE = 50
# Sources listed, most cited first.
SOURCES_SHOWN = 20


@require_GET
@permission_required("claims.view_speaker", raise_exception=True)
def speaker_detail(request: HttpRequest, speaker_id: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=speaker_id)
    claims = (
        Claim.objects.filter(speaker=speaker)
        .select_related("article")
        # The article's title only: its texts are not shown here.
        .only("id", "text", "kind", "state", "verdict", "article__id", "article__title", "article__published_on")
        .order_by("-article__published_on", "-pk")
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "speaker": speaker,
        "aliases": list(speaker.aliases.order_by("name").values_list("name", flat=True)),
        "verdicts": _counts(speaker, "verdict", Claim.Verdict),
        "states": _counts(speaker, "state", Claim.State),
        "sources": (
            Evidence.objects.filter(claim__speaker=speaker)
            .values("source_id", "source__title", "source__publisher")
            .annotate(claims=Count("claim", distinct=True))
            .order_by("-claims", "source__title")[:SOURCES_SHOWN]
        ),
        "page": page,
        "params": _params(request),
    }
    template = "claims/speaker_detail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#speaker-claims"
    return render(request, template, ctx)


def _counts(speaker: Speaker, field: str, choices) -> list[tuple[str, int]]:
    """(label, count) for each value of `field` among the speaker's claims,
    in the order the choices are declared, leaving out those with none."""
    counts = dict(Claim.objects.filter(speaker=speaker).values_list(field).annotate(n=Count("pk")).order_by())
    return [(label, counts[value]) for value, label in choices.choices if counts.get(value)]
