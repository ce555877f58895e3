from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import roles, throttling
from .importers import size_refusal
from .models import Claim, Evidence, ReportJob, Source
from .services.review import VALUE_CHARS
from .uploads import too_large

# C0 and C1 control characters (NUL among them, which PostgreSQL refuses in
# text), DEL, and the line and paragraph separators: none belongs in a
# one-line search.
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029], " ")


def without_controls(value: str) -> str:
    """`value` with every control character turned into a space."""
    return value.translate(_CONTROLS)


class SearchField(forms.CharField):
    """A one-line search box: control characters become spaces before any
    validation, and so before the database sees the words."""

    def to_python(self, value):
        return super().to_python(without_controls(value) if isinstance(value, str) else value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is reported by the importer beside the others in the
        # batch, instead of failing the whole form.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    text = forms.CharField(
        label="Paste an article",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "Article text, Markdown or HTML"}),
    )
    title = forms.CharField(required=False, max_length=500, help_text="Optional; recognised from the text if empty.")
    files = MultipleFileField(
        label="or upload files", required=False, help_text="Text, Markdown, HTML, PDF, Word, or a zip of them."
    )
    url = forms.URLField(label="or fetch a web address", required=False, assume_scheme="https")

    @classmethod
    def refused(cls, message: str, *, code: str) -> "ImportForm":
        """An empty form that says why the request it came in was refused."""
        form = cls()
        form.cleaned_data = {}
        form.add_error(None, ValidationError(message, code=code))
        return form

    def clean(self):
        data = super().clean()
        # A field refused on its own ("Enter a valid URL.") was given: saying
        # that nothing was given as well would be a second, wrong message.
        given = [
            bool(data.get("text", "").strip()),
            bool(data.get("files")) or self.has_error("files"),
            bool(data.get("url")) or self.has_error("url"),
        ]
        if sum(given) == 0:
            raise ValidationError("Paste a text, choose a file or give a web address.", code="empty")
        if sum(given) > 1:
            raise ValidationError("Import one kind of input at a time.", code="mixed")
        return data


class PlainSelect(forms.Select):
    """A <select> written out here instead of through the form renderer's
    templates (one per option): the claim panel shows three on every
    claim, and their templates took a sixth of its time. The same markup,
    without option groups, which these lists do not have."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            ((str(key), mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}\n</select>', name, final, options)


class ReviewForm(forms.Form):
    state = forms.ChoiceField(choices=Claim.State.choices, widget=PlainSelect)
    verdict = forms.ChoiceField(choices=Claim.Verdict.choices, widget=PlainSelect)
    # The review service refuses a longer one on every face; the form says so first.
    rationale = forms.CharField(
        label="Public rationale",
        required=False,
        max_length=VALUE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the verdict is what it is, for readers: printed in reports and on the public page, "
        "approved with the verdict. Notes stay internal.",
    )
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, widget=PlainSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The suggested verdict shown beside the form (the evidence it came from,
    # and the verdict), so that the history can say what was suggested.
    suggested_by = forms.IntegerField(widget=forms.HiddenInput, required=False)
    suggested = forms.ChoiceField(widget=forms.HiddenInput, choices=Claim.Verdict.choices, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.has_perm("claims.approve_verdict"):
            # Not offered to those who may not choose it. A request that
            # sends it anyway still validates here, so that the review
            # service refuses it with the same message on every face.
            self.fields["state"].widget.choices = [c for c in Claim.State.choices if c[0] != Claim.State.DONE]
        if user is not None and not user.has_perm("claims.assign_claim"):
            # Likewise: someone who may not assign is offered only themselves
            # (to take the claim) beside its assignee as it is.
            # A callable: read when the form is shown, not when a POST is validated.
            current = self.initial.get("assignee")
            people = get_user_model().objects.filter(pk__in=[user.pk, *([current] if current else [])])
            self.fields["assignee"].widget.choices = lambda: [("", "---------"), *((u.pk, str(u)) for u in people)]


class PublicationForm(forms.Form):
    """Publish a settled claim's public page, or take it down."""

    action = forms.ChoiceField(choices=[("publish", "publish"), ("unpublish", "unpublish")])


class SuggestionForm(forms.Form):
    """Accept the verdict suggested from a piece of evidence, as shown."""

    verdict = forms.ChoiceField(choices=Claim.Verdict.choices)
    version = forms.IntegerField(min_value=1)


class ReuseForm(forms.Form):
    """Reuse the verdict and sources of a settled repeat, as the panel showed it."""

    earlier = forms.ModelChoiceField(queryset=Claim.objects.only("pk"), widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1)


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)


class EvidenceForm(forms.Form):
    """Link a source: an existing one (`source`) or a new one described inline."""

    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    new_title = forms.CharField(label="Title", required=False, max_length=500)
    new_url = forms.URLField(label="Address", required=False, max_length=2000, assume_scheme="https")
    new_publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    new_kind = forms.ChoiceField(label="Kind", choices=Source.Kind.choices, initial=Source.Kind.OTHER)
    new_published_on = forms.DateField(
        label="Published", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    new_text = forms.CharField(
        label="Transcript or text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paste the original words to compare the quote against them.",
    )
    new_file = forms.FileField(
        label="or upload the document", required=False, help_text="PDF, Word, HTML or text: its text is compared."
    )
    archive = forms.BooleanField(
        label="Archive the page now",
        required=False,
        initial=True,
        help_text="Fetch and keep a copy of the page, so the evidence holds if it changes.",
    )
    passage = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The words in the source; left empty, the best match in the source text is used.",
    )
    locator = forms.CharField(required=False, max_length=200, help_text="Page, paragraph or timestamp.")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices)

    def new_source(self) -> dict | None:
        """The new source's fields for library.create_source, or None when
        a library source was picked."""
        data = self.cleaned_data
        if data["source"] is not None:
            return None
        return {
            "title": data["new_title"].strip(),
            "url": data["new_url"],
            "publisher": data["new_publisher"],
            "kind": data["new_kind"],
            "published_on": data["new_published_on"],
            "text": data["new_text"],
            "document": data["new_file"],
        }

    def clean_new_file(self):
        upload = self.cleaned_data.get("new_file")
        if too_large(upload):
            raise ValidationError(size_refusal(upload.size), code="too_large")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("source") and not data.get("new_title", "").strip():
            raise ValidationError("Pick a source from the library or give the new source a title.", code="no_source")
        if data.get("new_text", "").strip() and data.get("new_file"):
            raise ValidationError("Paste the text or upload the document, not both.", code="two_texts")
        return data


class PassageForm(forms.Form):
    """A reviewer settles the passage of a piece of evidence: accept the
    automatic match, pick another occurrence, or mark the passage by hand."""

    action = forms.ChoiceField(choices=[("accept", "accept"), ("pick", "pick"), ("manual", "manual")])
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    passage = forms.CharField(
        required=False,
        label="Passage in the source",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy the words from the source text; they must appear there as written.",
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "pick" and (data.get("start") is None or data.get("end") is None):
            raise ValidationError("Choose one of the occurrences.", code="no_occurrence")
        if action == "manual" and not data.get("passage", "").strip():
            raise ValidationError("Copy the passage from the source text.", code="no_passage")
        return data


class QueueForm(forms.Form):
    q = SearchField(
        label="Search", required=False, max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "Words in the claim or its speaker"}),
    )
    state = forms.ChoiceField(
        choices=[("", "any open state")] + [c for c in Claim.State.choices if c[0] != Claim.State.DONE], required=False
    )
    kind = forms.ChoiceField(
        choices=[("", "any kind")] + [c for c in Claim.Kind.choices if c[0] in Claim.REVIEWABLE_KINDS], required=False
    )
    mine = forms.BooleanField(label="assigned to me", required=False)
    unassigned = forms.BooleanField(label="not assigned", required=False)
    order = forms.ChoiceField(
        choices=[("", "most check-worthy first"), ("due", "sent back, then by due date")], required=False
    )


def parse_seen(values: list[str]) -> dict[int, int]:
    """Claims picked in a list, each sent as "id:version" (the version the
    list showed), as {id: version}. Raises ValueError for anything else."""
    seen = {}
    for value in values:
        claim_id, _, version = value.partition(":")
        if not (claim_id.isdigit() and version.isdigit()) or int(version) < 1:
            raise ValueError(value)
        seen[int(claim_id)] = int(version)
    return seen


class SeenClaimsField(forms.Field):
    """The claims ticked in a list, with the version each had when shown."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Tick the claims to assign.",
        "invalid": "Reload the queue: the claims ticked could not be read.",
    }

    def to_python(self, value) -> dict[int, int]:
        if not value:
            return {}
        try:
            return parse_seen([str(v) for v in value])
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class AssignForm(forms.Form):
    """Assign the claims ticked in the queue to one reviewer."""

    claims = SeenClaimsField()
    assignee = forms.ModelChoiceField(
        label="Assign to", queryset=get_user_model().objects.none(), empty_label="choose a reviewer"
    )
    due_on = forms.DateField(label="due", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Those who may review, read when the form is: a role given a minute ago counts.
        self.fields["assignee"].queryset = roles.holders("claims.review_claim").order_by("username")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on is not None and due_on < timezone.localdate():
            raise ValidationError("The due date is in the past.", code="past")
        return due_on


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SendBackForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label="What to look at again", widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000
    )


class SourceSearchForm(forms.Form):
    q = SearchField(required=False, max_length=200)


class SearchForm(forms.Form):
    """The search page's words and filters (claims.search.Options)."""

    q = SearchField(required=False, max_length=200)
    kind = forms.ChoiceField(
        choices=[("", "everything"), ("claims", "claims"), ("articles", "articles"), ("sources", "sources"),
                 ("notes", "notes")],
        required=False,
    )
    state = forms.ChoiceField(choices=[("", "any state"), *Claim.State.choices], required=False)
    verdict = forms.ChoiceField(choices=[("", "any verdict"), *Claim.Verdict.choices], required=False)
    speaker = SearchField(required=False, max_length=300, widget=forms.TextInput(attrs={"placeholder": "any speaker"}))
    date_from = forms.DateField(label="from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("The first date comes after the second.", code="dates_reversed")
        return data
class IdListField(forms.Field):
    """Record numbers given as a repeated parameter (?claim=3&claim=5)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_ids: int, **kwargs):
        self.max_ids = max_ids
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        if len(values) > self.max_ids:
            raise ValidationError(f"Choose at most {self.max_ids:,}.", code="too_many")
        try:
            ids = [int(v) for v in values]
        except (TypeError, ValueError):
            raise ValidationError("Give each by its number.", code="invalid") from None
        if any(i < 1 for i in ids):
            raise ValidationError("Give each by its number.", code="invalid")
        return ids


class ExportForm(forms.Form):
    article = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "The article must be given by its number."}
    )
    # A selection of claims (the report's check boxes): only these.
    claim = IdListField(required=False, max_ids=1000)


class ReportRequestForm(ExportForm):
    """A report to be made in the background: its format, and the claims as for an export."""

    fmt = forms.ChoiceField(choices=ReportJob.Format.choices)


class OriginalForm(forms.Form):
    """Link one of the candidates "Find the original" listed: its source and passage."""

    source = forms.ModelChoiceField(queryset=Source.objects.all(), widget=forms.HiddenInput)
    passage = forms.CharField(max_length=100_000, widget=forms.HiddenInput)


class ThrottledLogin:
    """Sign-in that refuses, with a message saying why, once an account or
    an address has failed too often (see throttling). Mixed into Django's
    login form and the admin's, so both doors share one count."""

    def clean(self):
        username = self.cleaned_data.get("username")
        address = throttling.client_address(self.request)
        if username and (message := throttling.lockout_message(username=username, address=address)):
            # Checked before the password, so a locked account gives away
            # nothing about whether the guess was right.
            raise ValidationError(message, code="locked")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if username and error.code == "invalid_login":
                throttling.record_failure(username=username, address=address)
            raise
        if username:
            throttling.clear_failures(username=username)
        return cleaned


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass
