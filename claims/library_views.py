"""The source library: every source, filtered, a page at a time; and a
source's text with the passages claims cite marked."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import SearchField
from .library import marked_pieces
from .models import SOURCE_TEXTS, Capture, Evidence, Source
from .paging import InvalidCursor, Order, keyset_page
from .search import search_sources

PAGE_SIZE = 50
# Sources found by words are ranked, not paged: the best this many.
SEARCH_SHOWN = 50
LIBRARY_ORDER = Order(("-created_at", "-id"))


class LibraryForm(forms.Form):
    q = SearchField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=[("", "any kind"), *Source.Kind.choices], required=False)
    reliability = forms.ChoiceField(choices=[("", "any reliability"), *Source.Reliability.choices], required=False)


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_list(request: HttpRequest) -> HttpResponse:
    form = LibraryForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponseBadRequest(f"The address's parameters are not valid ({problems}).",
                                      content_type="text/plain; charset=utf-8")
    filters = form.cleaned_data
    sources = Source.objects.defer(*SOURCE_TEXTS)
    if filters["kind"]:
        sources = sources.filter(kind=filters["kind"])
    if filters["reliability"]:
        sources = sources.filter(reliability=filters["reliability"])
    ctx = {"form": form, "q": filters["q"]}
    if filters["q"]:
        # Ranked by the search; the filters narrow what it found.
        found = search_sources(filters["q"], limit=SEARCH_SHOWN)
        allowed = set(sources.filter(pk__in=[s.pk for s in found]).values_list("pk", flat=True))
        rows = [s for s in found if s.pk in allowed]
        ctx["page"] = None
    else:
        try:
            page = keyset_page(sources, LIBRARY_ORDER, request.GET, size=PAGE_SIZE)
        except InvalidCursor as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        rows, ctx["page"] = list(page), page
    # Citations counted for the rows shown only.
    cited = Evidence.objects.filter(source__in=[s.pk for s in rows])
    counts = dict(cited.values_list("source").annotate(n=Count("pk")).order_by())
    for source in rows:
        source.citation_count = counts.get(source.pk, 0)
    ctx["sources"] = rows
    template = "claims/source_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#library-table"
    return render(request, template, ctx)


# A source's text is shown up to this many characters (a transcript of a
# day's hearing runs to megabytes), with as many cited passages marked.
TEXT_SHOWN = 100_000
MARKS_SHOWN = 500


def source_text(source: Source, captures: list[Capture]) -> dict | None:
    """What the source page shows of the text a quote is checked against
    (sources.text_to_compare): its own text, else its newest capture's, cut
    at TEXT_SHOWN and read from the database only that far, with the cited
    passages of that same text marked."""
    row = Source.objects.filter(pk=source.pk).annotate(head=Substr("text", 1, TEXT_SHOWN), size=Length("text"))
    head, size = row.values_list("head", "size").get()
    capture = None
    if not size:
        capture = next((c for c in captures if c.ok and c.text_chars), None)
        if capture is None:
            return None
        rows = Capture.objects.filter(pk=capture.pk)
        head, size = rows.annotate(head=Substr("text", 1, TEXT_SHOWN), size=Length("text")).values_list(
            "head", "size"
        ).get()
    cited = Evidence.objects.filter(source=source, capture=capture, passage_start__isnull=False)
    spans = cited.filter(passage_end__lte=TEXT_SHOWN).values_list("passage_start", "passage_end", "claim_id")
    return {"pieces": marked_pieces(head, list(spans[:MARKS_SHOWN])), "size": size, "cut": size > TEXT_SHOWN,
            "capture": capture}
