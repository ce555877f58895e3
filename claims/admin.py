"""Staff chores in the Django admin. Changes to sources, claims and notes go
through the same services as the review pages, so the same rules hold and
the same history is written; evidence and history are shown, not edited."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property

from . import paging, throttling
from .canonical import canonical_url
from .models import (
    ARTICLE_TEXTS,
    SOURCE_TEXTS,
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


# Lists of many rows.


class EstimatingPaginator(Paginator):
    """Counts a list exactly up to a thousand rows and estimates it past
    that (claims.paging.count): an exact count of a big list is a scan of
    it on every page. The pages linked from an estimated list are those
    near the current one, since its last page is not known; the
    pagination template says "about"."""

    estimated = False

    @cached_property
    def count(self) -> int:
        total, self.estimated = paging.count(self.object_list)
        return paging.rounded(total) if self.estimated else total

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        if not self.estimated:
            yield from super().get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends)
            return
        number = self.validate_number(number)
        if number > on_each_side + on_ends + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
            yield from range(number - on_each_side, number)
        else:
            yield from range(1, number)
        yield from range(number, min(number + on_each_side, self.num_pages) + 1)
        if number + on_each_side < self.num_pages:
            yield self.ELLIPSIS


class DeferringChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_deferred)


class ListAdmin(admin.ModelAdmin):
    """A model with many rows: no count of the whole table beside the
    list's own, counts estimated past a thousand, and the long columns the
    list never shows (`list_deferred`) left in the database."""

    show_full_result_count = False
    paginator = EstimatingPaginator
    list_deferred: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return DeferringChangeList


class CappedFormSet(BaseInlineFormSet):
    """The first `cap` related rows, and whether there are more (the
    inline's template then links to the full list)."""

    cap = 25
    full_list_url = ""

    def get_queryset(self):
        if not hasattr(self, "_capped"):
            rows = list(super().get_queryset()[: self.cap + 1])
            self.more = len(rows) > self.cap
            self._capped = rows[: self.cap]
        return self._capped


class CappedInline(admin.TabularInline):
    """An inline that shows at most `cap` rows, with a link to where all of
    them are listed: a source cited thousands of times, an article with
    hundreds of claims, stay one page of a few rows."""

    formset = CappedFormSet
    template = "admin/claims/capped_tabular.html"
    cap = 25

    def full_list_url(self, obj) -> str:
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        url = self.full_list_url(obj) if obj else ""
        return type(formset.__name__, (formset,), {"cap": self.cap, "full_list_url": url})


class CommonValuesFilter(admin.SimpleListFilter):
    """The values of a free-text column used most, rather than every one:
    thousands of publishers make a sidebar nobody reads, and listing them
    all reads the whole table on every page. The value chosen is always
    offered; the search box finds the rest."""

    shown = 25
    parameter_name = ""

    def lookups(self, request, model_admin):
        field = self.parameter_name
        rows = (
            model_admin.model._default_manager.exclude(**{field: ""}).order_by().values_list(field)
            .annotate(n=Count("*")).order_by("-n", field)[: self.shown]
        )
        values = sorted(value for value, _ in rows)
        if self.value() and self.value() not in values:
            values.append(self.value())
        return [(value, value) for value in values]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.parameter_name: self.value()}) if self.value() else queryset


def common_values(field: str) -> type[CommonValuesFilter]:
    return type(f"Common{field.title()}Filter", (CommonValuesFilter,), {"parameter_name": field, "title": field})


def changelist_of(model, **lookups) -> str:
    query = "&".join(f"{name}={value}" for name, value in lookups.items())
    return f"{reverse(f'admin:claims_{model._meta.model_name}_changelist')}?{query}"


class EvidenceBySourceInline(CappedInline):
    """The claims a source is cited for, and how each was rated: the latest
    ones here, all of them in the evidence list."""

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
            .defer("match", "claim__details", *(f"source__{name}" for name in SOURCE_TEXTS))
            .order_by("-added_at", "-id")
        )

    def full_list_url(self, obj) -> str:
        return changelist_of(Evidence, source__id__exact=obj.pk)


class CaptureInline(CappedInline):
    """Archived captures are read-only: they are the record. The latest
    here; all of them, with what changed, on the source's page."""

    model = Capture
    extra = 0
    can_delete = False
    fields = ["fetched_at", "status_code", "content_type", "final_url", "sha256", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # str(capture), the row's heading, reads its source's title.
        return (
            super().get_queryset(request).select_related("source")
            .defer("body", "text", *(f"source__{name}" for name in SOURCE_TEXTS))
        )

    def full_list_url(self, obj) -> str:
        return reverse("claims:source-detail", args=[obj.pk])


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
class SourceAdmin(ListAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "kind", "reliability", "published_on", "citations"]
    list_filter = ["kind", "reliability", common_values("publisher"), common_values("language")]
    search_fields = ["title", "publisher", "author", "url", "text"]
    readonly_fields = ["canonical_url", "created_by", "created_at"]
    inlines = [EvidenceBySourceInline, CaptureInline]
    actions = ["merge_selected"]
    formfield_overrides = URL_FIELDS
    list_deferred = SOURCE_TEXTS

    def get_queryset(self, request):
        # Counted for each row shown, not for every source before the page
        # is cut (a join and a grouping of all evidence).
        citations = (
            Evidence.objects.filter(source=OuterRef("pk")).order_by().values("source").annotate(n=Count("pk"))
        )
        return super().get_queryset(request).annotate(citation_count=Coalesce(Subquery(citations.values("n")), 0))

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


class ClaimInline(CappedInline):
    model = Claim
    extra = 0
    fields = ["kind", "text", "speaker", "state", "verdict"]
    # Edited on the claim's own page, where the change goes into its history.
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker").defer("details")

    def full_list_url(self, obj) -> str:
        return changelist_of(Claim, article__id__exact=obj.pk)


@admin.register(Article)
class ArticleAdmin(ListAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "authors", "published_on", "publisher", "language", "imported_at"]
    list_filter = [common_values("language"), common_values("publisher")]
    search_fields = ["title", "authors", "cleaned_text"]
    readonly_fields = ["content_hash", "imported_by", "imported_at", "raw_text", "dropped_lines"]
    inlines = [ClaimInline]
    list_deferred = ARTICLE_TEXTS


class NoteInline(CappedInline):
    """Notes are added here through the review service; a note once written
    is part of the record and is not edited or removed."""

    model = Note
    extra = 0
    can_delete = False
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def full_list_url(self, obj) -> str:
        return changelist_of(Note, claim__id__exact=obj.pk)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.add_note")


class EvidenceInline(CappedInline):
    """Evidence is linked in the claim panel, where its passage is compared
    with the quote; here it is shown."""

    model = Evidence
    fk_name = "claim"
    extra = 0
    can_delete = False
    fields = ["source", "passage", "locator", "stance", "match_status", "added_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("source", "added_by")
            .defer(*(f"source__{name}" for name in SOURCE_TEXTS))
        )

    def full_list_url(self, obj) -> str:
        return changelist_of(Evidence, claim__id__exact=obj.pk)

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
class ClaimAdmin(ListAdmin):
    form = ClaimAdminForm
    list_display = ["__str__", "kind", "speaker", "article", "state", "verdict", "assignee"]
    list_filter = ["kind", "state", "verdict"]
    search_fields = ["text", "speaker__name", "article__title"]
    raw_id_fields = ["linked_to"]
    autocomplete_fields = ["speaker"]
    # The quote and its place are the article's words, fixed at import.
    # Publication goes through the claim panel (services.publishing).
    readonly_fields = ["article", "text", "start", "end", "version", "approved_by", "approved_at", "public_id",
                       "published_at", "published_by", "created_at", "updated_at"]
    fields = ["article", "text", "start", "end", *DESCRIPTION_FIELDS, *REVIEW_FIELDS, "seen_version", "version",
              "approved_by", "approved_at", "public_id", "published_at", "published_by", "created_at", "updated_at"]
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
            .defer(*(f"article__{name}" for name in ARTICLE_TEXTS))
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


class ListOnlyAdmin(ListAdmin):
    """A list to look rows up in, and nothing else: no page per row, no
    form, nothing added, changed or deleted here. For what the review
    pages and services write, and show where it belongs (the claim's
    page), such as evidence and notes."""

    list_display_links = None

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim")


@admin.register(Evidence)
class EvidenceAdmin(ListOnlyAdmin):
    """Every link between a claim and a source, to look one up (all the
    citations of a source, all the sources of a claim). Linked, compared
    and settled in the claim panel."""

    list_display = ["claim", "source", "stance", "match_status", "flag", "added_by", "added_at"]
    list_filter = ["stance", "match_status"]
    list_select_related = ["claim", "source", "added_by"]
    list_deferred = ("match", "claim__details", *(f"source__{name}" for name in SOURCE_TEXTS))


@admin.register(Note)
class NoteAdmin(ListOnlyAdmin):
    """Every note, to look one up; written in the claim panel (or on the
    claim's admin page), never edited."""

    list_display = ["__str__", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_deferred = ("claim__details",)


@admin.register(ClaimEvent)
class ClaimEventAdmin(ListAdmin):
    """History is evidence of process: readable, never editable."""

    list_display = ["claim", "field", "old", "new", "actor", "at"]
    list_filter = ["field"]
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
class SpeakerAdmin(ListAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [SpeakerAliasInline]
    actions = ["merge_selected"]

    @admin.action(description="Merge the selected speakers into one", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        """First a page to choose the record kept (the one with most claims
        is offered), then the merge. Claims are counted for the selected
        speakers only: the list itself never counts every speaker's."""
        speakers = list(queryset.annotate(claims_count=Count("claims")).order_by("-claims_count", "pk"))
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
