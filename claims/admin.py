from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone

from .canonical import canonical_url
from .models import Article, Capture, Claim, ClaimEvent, Evidence, Note, Source, Speaker, SpeakerAlias
from .readers import RejectedInput
from .review import describe
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
                self.message_user(
                    request, f"The document was kept, but its text could not be read: {exc}", messages.WARNING
                )
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
    # Edited on the claim's own page, where the change goes into its history.
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "claim"
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "passage", "locator", "stance", "added_by"]
    readonly_fields = ["added_by"]


class ClaimAdminForm(forms.ModelForm):
    """Carries the version the admin saw, so that a save over someone else's
    newer change is refused, as in the review panel."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = "__all__"  # noqa: DJ007 - the admin's own fields and read-only fields decide

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = Claim.objects.values_list("version", flat=True).get(pk=self.instance.pk)
            if data.get("seen_version") != current:
                raise forms.ValidationError(
                    "Someone changed this claim while you were editing it. Reload the page to see their change.",
                    code="conflict",
                )
        return data


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ["__str__", "kind", "speaker", "article", "state", "verdict", "assignee"]
    list_filter = ["kind", "state", "verdict"]
    search_fields = ["text", "speaker__name", "article__title"]
    raw_id_fields = ["article", "linked_to"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["version", "approved_by", "approved_at", "created_at", "updated_at"]
    inlines = [EvidenceInline, NoteInline]

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        # Every change to a claim is in its history, whoever makes it and
        # wherever; the version moves so open review panels see the change.
        changed = [f for f in form.changed_data if f != "seen_version"]
        before = Claim.objects.get(pk=obj.pk) if change and changed else None
        if before is not None:
            obj.version += 1
            if "state" in changed and obj.state == Claim.State.DONE:
                obj.approved_by, obj.approved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        if before is not None:
            ClaimEvent.objects.bulk_create(
                ClaimEvent(
                    claim=obj,
                    actor=request.user,
                    field=f,
                    old=describe(f, getattr(before, f)),
                    new=describe(f, getattr(obj, f)),
                )
                for f in changed
            )

    def save_formset(self, request, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            ClaimEvent.objects.create(claim=form.instance, actor=request.user, field=f"{obj._meta.model_name} removed",
                                      old=str(obj)[:500])
            obj.delete()
        for obj in instances:
            new = obj.pk is None
            if isinstance(obj, Note) and new:
                obj.author = request.user
            if isinstance(obj, Evidence) and new:
                obj.added_by = request.user
            obj.save()
            field = "note" if isinstance(obj, Note) else "evidence"
            ClaimEvent.objects.create(
                claim=form.instance, actor=request.user, field=field if new else f"{field} changed", new=str(obj)[:500]
            )
        formset.save_m2m()


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
