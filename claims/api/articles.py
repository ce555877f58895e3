"""Articles with their review progress, and importing them. An import is
a batch, as on the import page: pasted text, uploaded files or a web
address, run by the same background task (start_import), whose progress
the client reads back."""


from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from ..forms import ImportForm
from ..models import Article, ImportBatch
from ..services.imports import recover_interrupted, start_import
from .cursors import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .errors import InvalidInput, form_errors
from .permissions import require
from .schemas import ERRORS, ArticleDetail, ArticlePage, BatchOut, ImportIn

router = Router(tags=["articles"])



class ArticleFilters(Schema):
    cursor: str | None = Field(None, description="The next_cursor of the page before.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _articles():
    return Article.objects.with_progress().select_related("imported_by").defer("raw_text", "cleaned_text")


@router.get("/articles", response={200: ArticlePage, **ERRORS}, summary="Articles, newest first")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    require(request, "claims.view_article")
    items, next_cursor = paginate(
        _articles(), cursor=filters.cursor, limit=filters.limit, listing="articles", newest_first=True
    )
    return {"items": items, "next_cursor": next_cursor}


@router.get("/articles/{int:article_id}", response={200: ArticleDetail, **ERRORS}, summary="One article and its text")
def article_detail(request: HttpRequest, article_id: int):
    require(request, "claims.view_article")
    return get_object_or_404(Article.objects.with_progress().select_related("imported_by"), pk=article_id)


@router.post("/imports", response={201: BatchOut, **ERRORS},
             summary="Import a pasted text or a web address")
def import_text_or_url(request: HttpRequest, payload: ImportIn):
    """The article is imported by the import task; with a worker running
    (TASK_BACKEND=database) the batch comes back queued: read its progress
    at /api/imports/{id}."""
    require(request, "claims.import_articles")
    return Status(201, _start(request, data=payload.dict()))


@router.post("/imports/files", response={201: BatchOut, **ERRORS}, summary="Import uploaded files")
def import_files(request: HttpRequest, files: File[list[UploadedFile]], title: Form[str] = ""):
    """Text, Markdown, HTML, PDF, Word files or zips of them, as multipart/form-data."""
    require(request, "claims.import_articles")
    return Status(201, _start(request, data={"title": title}, files=request.FILES))


def _start(request: HttpRequest, *, data: dict, files=None) -> ImportBatch:
    # The import page's form: the same rules (one kind of input at a time,
    # the address's form, the files' sizes) on both faces.
    form = ImportForm(data, files)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    return start_import(by=request.user, text=data["text"], title=data["title"], files=data["files"], url=data["url"])


@router.get("/imports/{int:batch_id}", response={200: BatchOut, **ERRORS}, summary="An import's progress")
def import_batch(request: HttpRequest, batch_id: int):
    require(request, "claims.import_articles")
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.user)
    # As on the batch's page: a client polling a batch whose worker died
    # sees it resume or fail.
    if batch.state == ImportBatch.State.RUNNING and recover_interrupted(batch_ids=[batch.pk]):
        batch.refresh_from_db()
    return batch
