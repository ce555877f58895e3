from django.contrib import admin, messages
from django.db import models
from django.db.models import Count

from .models import Article, Capture, Claim, ClaimEvent, Evidence, Note, Source, Speaker, SpeakerAlias
from .canonical import canonical_url
from .readers import RejectedInput
from .sources import merge_sources, read_source_document

# Django 6's default, now: an address typed without a scheme is https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EvidenceBySourceInline(admin.TabularInline):
    """The claims a source is cited for, and how each was rated."""

    model = Evidence
    fk_name = "source"
    extra = 0
    can_delete = False
    fields = ["claim", "claim_verdict", "stance", "passage", "locator", "added_by", "added_at"]
    readonly_fields = fields
    verbose_name = "claim citing this source"
    verbose_name_plural = "claims citing this source"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="verdict")
    def claim_verdict(self, obj: Evidence) -> str:
        return obj.claim.get_verdict_display()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "added_by")


class CaptureInline(admin.TabularInline):
    """Archived captures are read-only: they are the record."""

    model = Capture
    extra = 0
    can_delete = False
    fields = ["fetched_at", "status_code", "content_type", "final_url", "sha256", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "reliability", "published_on", "citations"]
    list_filter = ["kind", "reliability", "publisher", "language"]
    search_fields = ["title", "publisher", "author", "url", "text"]
    readonly_fields = ["canonical_url", "created_by", "created_at"]
    inlines = [EvidenceBySourceInline, CaptureInline]
    actions = ["merge_selected"]
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("evidence"))

    @admin.display(description="claims citing it", ordering="citation_count")
    def citations(self, obj: Source) -> int:
        return obj.citation_count

    def save_model(self, request, obj: Source, form, change: bool) -> None:
        obj.canonical_url = canonical_url(obj.url) if obj.url else ""
        if "document" in form.changed_data and obj.document and not obj.text:
            # An uploaded document's words become the text quotes are checked against.
            try:
                obj.text, obj.pages = read_source_document(obj.document.name, obj.document.read())
            except RejectedInput as exc:
                self.message_user(request, f"The document was kept, but its text could not be read: {exc}", messages.WARNING)
            obj.document.seek(0)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge the two selected sources (the older one is kept)", permissions=["change"])
    def merge_selected(self, request, queryset):
        sources = list(queryset.order_by("created_at", "pk"))
        if len(sources) != 2:
            self.message_user(request, "Select exactly two sources to merge.", messages.ERROR)
            return
        keep, duplicate = sources
        moved = duplicate.evidence.count()
        merge_sources(keep=keep, duplicate=duplicate)
        self.message_user(request, f"Merged into “{keep}”: {moved} evidence link(s) moved.", messages.SUCCESS)


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["kind", "text", "speaker", "state", "verdict"]
    readonly_fields = ["kind", "text", "speaker"]
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "authors", "published_on", "publisher", "language", "imported_at"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "authors", "cleaned_text"]
    readonly_fields = ["content_hash", "imported_by", "imported_at", "raw_text", "dropped_lines"]
    inlines = [ClaimInline]


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "claim"
    extra = 0
    autocomplete_fields = ["source"]
    exclude = ["match"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "speaker", "article", "state", "verdict", "assignee"]
    list_filter = ["kind", "state", "verdict"]
    search_fields = ["text", "speaker__name", "article__title"]
    raw_id_fields = ["article", "linked_to"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [EvidenceInline, NoteInline]


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    """History is evidence of process: readable, never editable."""

    list_display = ["claim", "field", "old", "new", "actor", "at"]
    list_filter = ["field"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    readonly_fields = ["key"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [SpeakerAliasInline]
