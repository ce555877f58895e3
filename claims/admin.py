"""Staff chores in the Django admin. Changes to sources, claims and notes go
through the same services as the review pages, so the same rules hold and
the same history is written; evidence and history are shown, not edited."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse

from . import throttling
from .canonical import canonical_url
from .models import (
    ApiToken,
    Article,
    Capture,
    Claim,
    ClaimEvent,
    Evidence,
    LoginFailure,
    Note,
    Source,
    Speaker,
    SpeakerAlias,
)
from .roles import assignable_groups, may_manage_user
from .services.library import MergeRefused, merge_sources, save_source
from .services.review import (
    DESCRIPTION_FIELDS,
    REVIEW_FIELDS,
    EditConflict,
    InvalidChange,
    ReviewRefused,
    add_note,
    change_claim,
    check_change,
    lock_claim,
)
from .services.speakers import MergeRefused as SpeakerMergeRefused
from .services.speakers import merge_speakers

ADMIN = ClaimEvent.Via.ADMIN

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
        # str(evidence), the row's heading, reads its source.
        return (
            super()
            .get_queryset(request)
            .select_related("claim", "added_by", "source")
            .defer("source__text")
        )


class CaptureInline(admin.TabularInline):
    """Archived captures are read-only: they are the record."""

    model = Capture
    extra = 0
    can_delete = False
    fields = ["fetched_at", "status_code", "content_type", "final_url", "sha256", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SourceAdminForm(forms.ModelForm):
    """Refuses an address the library already has: the canonical address is
    derived on save, so the model form's own unique check never sees it.
    (The admin builds the fields, with its URL field options.)"""

    def clean_url(self):
        url = self.cleaned_data.get("url")
        if url:
            other = Source.objects.filter(canonical_url=canonical_url(url)).exclude(pk=self.instance.pk).first()
            if other:
                raise forms.ValidationError(
                    f"The library already has this page as “{other}”; merge the two sources instead.",
                    code="duplicate",
                )
        return url


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
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
        warning = save_source(source=obj, by=request.user, document_changed="document" in form.changed_data)
        if warning:
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Merge the two selected sources (the older one is kept)", permissions=["change"])
    def merge_selected(self, request, queryset):
        sources = list(queryset.order_by("created_at", "pk"))
        if len(sources) != 2:
            self.message_user(request, "Select exactly two sources to merge.", messages.ERROR)
            return
        keep, duplicate = sources
        moved = duplicate.evidence.count()
        try:
            merge_sources(keep=keep, duplicate=duplicate)
        except MergeRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
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
    """Notes are added here through the review service; a note once written
    is part of the record and is not edited or removed."""

    model = Note
    extra = 0
    can_delete = False
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.add_note")


class EvidenceInline(admin.TabularInline):
    """Evidence is linked in the claim panel, where its passage is compared
    with the quote; here it is shown."""

    model = Evidence
    fk_name = "claim"
    extra = 0
    can_delete = False
    fields = ["source", "passage", "locator", "stance", "match_status", "added_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "added_by").defer("source__text")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ClaimAdminForm(forms.ModelForm):
    """Carries the version the admin saw. Validation runs the review rules
    of the service that saves the change, so a refusal reads here as it
    reads in the review panel."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by ClaimAdmin.get_form

    class Meta:
        model = Claim
        fields = [*DESCRIPTION_FIELDS, *REVIEW_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def changes(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.changed_data if f in DESCRIPTION_FIELDS or f in REVIEW_FIELDS}

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.errors:
            # The admin validates and saves a POST in one transaction: locking
            # the row here (SELECT ... FOR UPDATE) holds it until the save, so
            # that of two saves at once the second waits, then is refused here
            # as a form error rather than failing in save_model.
            current = lock_claim(self.instance.pk)
            try:
                check_change(claim=current, by=self.user, seen_version=data.get("seen_version"), changes=self.changes())
            except (EditConflict, ReviewRefused, InvalidChange) as exc:
                raise forms.ValidationError(str(exc), code=type(exc).__name__) from None
        return data


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ["__str__", "kind", "speaker", "article", "state", "verdict", "assignee"]
    list_filter = ["kind", "state", "verdict"]
    search_fields = ["text", "speaker__name", "article__title"]
    # A count of every claim costs a scan of the table; the filtered count
    # is enough to page.
    show_full_result_count = False
    raw_id_fields = ["linked_to"]
    autocomplete_fields = ["speaker"]
    # The quote and its place are the article's words, fixed at import.
    readonly_fields = ["article", "text", "start", "end", "version", "approved_by", "approved_at", "created_at",
                       "updated_at"]
    fields = ["article", "text", "start", "end", *DESCRIPTION_FIELDS, *REVIEW_FIELDS, "seen_version", "version",
              "approved_by", "approved_at", "created_at", "updated_at"]
    inlines = [EvidenceInline, NoteInline]

    def has_add_permission(self, request) -> bool:
        # Claims come from importing an article.
        return False

    def get_queryset(self, request):
        # The columns' related rows in the same query (select_related() with
        # no arguments skips the nullable speaker and assignee), without the
        # article's texts, which the list never shows.
        return (
            super()
            .get_queryset(request)
            .select_related("article", "speaker", "assignee")
            .defer("article__raw_text", "article__cleaned_text")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        form.instance = change_claim(
            claim=obj, by=request.user, seen_version=form.cleaned_data["seen_version"], via=ADMIN,
            changes=form.changes(),
        )

    def save_formset(self, request, form, formset, change: bool) -> None:
        for note in formset.save(commit=False):
            if isinstance(note, Note) and note.pk is None:
                add_note(claim=form.instance, by=request.user, text=note.text, via=ADMIN)


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    """History is evidence of process: readable, never editable."""

    list_display = ["claim", "field", "old", "new", "actor", "at"]
    list_filter = ["field"]
    show_full_result_count = False
    list_select_related = ["claim", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Who is locked out and from where; "Unlock" forgets every failure of
    the selected accounts and addresses so they may sign in again now."""

    list_display = ["username", "address", "at"]
    search_fields = ["username", "address"]
    actions = ["unlock"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        # Unlocking is the only deletion offered: it removes all of an
        # account's failures, not just the rows ticked.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Unlock the selected accounts and addresses", permissions=["delete"])
    def unlock(self, request, queryset):
        rows = list(queryset.values_list("username", "address"))
        forgotten = throttling.unlock(
            usernames={name for name, _ in rows}, addresses={address for _, address in rows if address}
        )
        self.message_user(request, f"Unlocked; {forgotten} failed sign-ins forgotten.", messages.SUCCESS)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    readonly_fields = ["key"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [SpeakerAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claims_count=Count("claims"))

    @admin.display(description="claims", ordering="claims_count")
    def claim_count(self, obj: Speaker) -> int:
        return obj.claims_count

    @admin.action(description="Merge the selected speakers into one", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        """First a page to choose the record kept (the one with most claims
        is offered), then the merge."""
        speakers = list(queryset.order_by("-claims_count", "pk"))
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm"):
            keep = next((s for s in speakers if str(s.pk) == request.POST.get("keep")), None)
            if keep is None:
                self.message_user(request, "Choose the speaker to keep.", messages.ERROR)
                return None
            try:
                moved = merge_speakers(keep=keep, duplicates=speakers, by=request.user, via=ADMIN)
            except SpeakerMergeRefused as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            merged = f"Merged {len(speakers) - 1} speaker(s) into “{keep}”: {moved} claim(s) moved."
            self.message_user(request, merged, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "opts": self.model._meta,
            "speakers": speakers,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/speaker/merge.html", context)


User = get_user_model()
# Replaces django.contrib.auth's registration (that app is listed first).
admin.site.unregister(User)


@admin.register(User)
class WorkbenchUserAdmin(UserAdmin):
    """Accounts, managed without raising anyone's privileges: only a
    superuser sees or changes superuser and staff status, permissions and
    every group. Anyone else with the admin role changes only their own
    details and the accounts below them (roles.may_manage_user), and gives
    only the roles below their own (roles.assignable_groups). Fields left
    out of the form are ignored when posted, so hiding them is the rule."""

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        own = obj.pk == request.user.pk
        return (
            (None, {"fields": ("username", "password")}),
            ("Personal info", {"fields": ("first_name", "last_name", "email")}),
            *([] if own else [("Roles", {"fields": ("is_active", "groups")})]),
            ("Important dates", {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = assignable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_user(request.user, obj))


class ApiTokenForm(forms.ModelForm):
    """Issues a token for an account the person may manage: their own, or
    one below theirs (roles.may_manage_user), never a way to act as someone
    with more power."""

    actor = None  # set per request by ApiTokenAdmin.get_form

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not may_manage_user(self.actor, user):
            raise forms.ValidationError(
                "You may issue tokens only for your own account and accounts below yours.", code="not_yours"
            )
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for the JSON API. The key is shown once, on the page that
    follows issuing it; the table keeps only its hash and first
    characters. A token is revoked, not deleted, so the list shows when."""

    form = ApiTokenForm
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "key_prefix"]
    list_select_related = ["user"]
    actions = ["revoke_selected"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at", "revoked_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        # Once issued, a token changes only by being revoked.
        return ["user", "name", *self.readonly_fields] if obj else self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_user(request.user, obj.user))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: ApiToken, form, change: bool) -> None:
        if not change:
            request.issued_api_key = obj.issue()

    def response_add(self, request, obj: ApiToken, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "key": request.issued_api_key,
            "title": "API token issued",
        }
        return TemplateResponse(request, "admin/claims/apitoken/issued.html", context)

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke_selected(self, request, queryset):
        tokens = [t for t in queryset.select_related("user") if may_manage_user(request.user, t.user)]
        for token in tokens:
            token.revoke()
        skipped = queryset.count() - len(tokens)
        self.message_user(request, f"Revoked {len(tokens)} token(s).", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} token(s) of accounts above yours were left as they are.",
                              messages.WARNING)
