"""Speakers and the source library, to read."""


from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from ..forms import without_controls
from ..models import Source, Speaker
from ..sources import search_sources
from .cursors import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .permissions import require
from .schemas import ERRORS, SourceDetail, SourcePage, SpeakerPage

router = Router(tags=["library"])



class SpeakerFilters(Schema):
    q: str = Field("", max_length=200, description="Part of the speaker's name.")
    cursor: str | None = Field(None, description="The next_cursor of the page before.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/speakers", response={200: SpeakerPage, **ERRORS}, summary="Speakers, with the names they go by")
def speaker_list(request: HttpRequest, filters: Query[SpeakerFilters]):
    require(request, "claims.view_speaker")
    speakers = Speaker.objects.prefetch_related("aliases")
    if q := without_controls(filters.q).strip():
        speakers = speakers.filter(name__icontains=q)
    items, next_cursor = paginate(speakers, cursor=filters.cursor, limit=filters.limit, listing="speakers")
    return {"items": items, "next_cursor": next_cursor}


class SourceFilters(Schema):
    q: str = Field("", max_length=200, description="Search words: the best matches only, without a next page.")
    cursor: str | None = Field(None, description="The next_cursor of the page before.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/sources", response={200: SourcePage, **ERRORS}, summary="The source library")
def source_list(request: HttpRequest, filters: Query[SourceFilters]):
    """Every source a page at a time, or with `q` the best matches of a search, as the claim panel searches."""
    require(request, "claims.view_source")
    sources = Source.objects.defer("text", "pages")
    if q := without_controls(filters.q).strip():
        # Ranked by relevance, which has no stable key to seek to: the
        # first `limit` matches are the answer.
        return {"items": search_sources(q, limit=filters.limit), "next_cursor": None}
    items, next_cursor = paginate(sources, cursor=filters.cursor, limit=filters.limit, listing="sources")
    return {"items": items, "next_cursor": next_cursor}


@router.get("/sources/{int:source_id}", response={200: SourceDetail, **ERRORS},
            summary="One source, with its text and archived captures")
def source_detail(request: HttpRequest, source_id: int):
    require(request, "claims.view_source")
    return get_object_or_404(Source, pk=source_id)
