"""Helpdesk forms. They check what a person can fix by retyping (empty text,
length, files); the domain still refuses what the ticket's state forbids, and
its ValidationErrors land on the same field names."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianfu.common.forms import VersionField
from lianfu.helpdesk.domain.submit import MAX_ATTACHMENTS, check_attachments, clean_text
from lianfu.helpdesk.enums import DISPATCH_STATUSES, WORKING_STATUSES, Category, Difficulty, Status
from lianfu.helpdesk.models import MAX_TEXT_LENGTH

REASON_LENGTH = 500
ATTACHMENT_TYPES = "image/jpeg,image/png,application/pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the list is checked as a whole in the form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def one_field_errors(error: ValidationError, field: str) -> ValidationError:
    """The domain's message for ``field`` as a plain field error."""
    return ValidationError(error.message_dict.get(field) or error.messages)


class ReportForm(forms.Form):
    """The enterprise's problem: one text and up to three files. ``choice`` and
    ``into`` carry the answer to the duplicate offer."""

    text = forms.CharField(
        label=_("What is the problem?"), required=True,
        error_messages={"required": _("Describe the problem: the text is empty.")},
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_TEXT_LENGTH, "aria-describedby": "text-count",
                                     "placeholder": _("What happened, since when, and what you need")}))
    attachments = MultipleFileField(label=_("Photos or PDF (optional)"), required=False)
    choice = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                               choices=[("", ""), ("add", "add"), ("new", "new")])
    into = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = gettext("Up to %(count)d files, JPEG, PNG or PDF, 5 MB each.") % {
            "count": MAX_ATTACHMENTS}

    def clean_text(self):
        # Browsers send line breaks as CRLF but count them as one character.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        try:
            return clean_text(text)
        except ValidationError as error:
            raise one_field_errors(error, "text") from None

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        try:
            check_attachments(files)
        except ValidationError as error:
            raise one_field_errors(error, "attachments") from None
        return files


# --- one form per step on a ticket; the prefix is the action's name ------------

class ActionForm(forms.Form):
    """Every step posts the version the page showed (409 when stale)."""

    version = VersionField()

    def step_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {"seen_version": data.pop("version"), **data}


def reason_field(label, required_message):
    return forms.CharField(label=label, max_length=REASON_LENGTH, error_messages={"required": required_message},
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_LENGTH}))


class AcceptForm(ActionForm):
    pass


class ReturnForm(ActionForm):
    reason = reason_field(_("Why it is not ours"), _("Say why this ticket is not yours, so the dispatcher can "
                                                     "send it on."))


class ExtensionForm(ActionForm):
    reason = reason_field(_("Why more time is needed"), _("Say why more time is needed."))


class ResolveForm(ActionForm):
    resolution = forms.CharField(
        label=_("What was done"), max_length=MAX_TEXT_LENGTH,
        error_messages={"required": _("Write what was done: the enterprise reads it.")},
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_LENGTH}))


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(choices=[("grant", _("Grant")), ("refuse", _("Refuse"))],
                                 error_messages={"required": _("Grant or refuse the extension.")})
    note = forms.CharField(label=_("Note (optional)"), max_length=REASON_LENGTH, required=False)

    def step_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"seen_version": data["version"], "grant": data["decision"] == "grant", "note": data["note"]}


class RateForm(ActionForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect(attrs={"class": "rating-choice"}),
        error_messages={"required": _("Choose a rating from 1 to 5.")})
    comment = forms.CharField(label=_("Comment (optional)"), max_length=REASON_LENGTH, required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_LENGTH}))


class ReopenForm(ActionForm):
    reason = reason_field(_("What is still not solved"), _("Say what is still not solved."))


class RouteForm(ActionForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    difficulty = forms.ChoiceField(label=_("Difficulty"), choices=Difficulty.choices, initial=Difficulty.ORDINARY,
                                   widget=forms.RadioSelect(attrs={"class": "checks"}))


class MergeForm(ActionForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None,
                                  error_messages={"invalid_choice": _("Choose another open ticket of the same "
                                                                      "enterprise.")})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates


# --- list filters --------------------------------------------------------------

def _blank(label):
    return [("", label)]


class InboxFilterForm(forms.Form):
    OPEN_SORTS = [("deadline", _("Nearest deadline first")), ("-created", _("Newest first")),
                  ("created", _("Oldest first"))]
    DONE_SORTS = [("-resolved", _("Resolved most recently first")), ("resolved", _("Resolved longest ago first"))]

    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("enterprise, credit code or text")}))
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=_blank(_("All categories")) + list(Category.choices))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    tab = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, done: bool):
        super().__init__(data)
        statuses = (Status.RESOLVED, Status.CLOSED) if done else WORKING_STATUSES
        self.fields["status"].choices = _blank(_("All statuses")) + [(s.value, s.label) for s in statuses]
        self.fields["sort"].choices = self.DONE_SORTS if done else self.OPEN_SORTS
        if done:
            del self.fields["overdue"]

    def values(self) -> dict:
        if not self.is_valid():
            return {"sort": self.fields["sort"].choices[0][0]}
        data = dict(self.cleaned_data)
        data["sort"] = data["sort"] or self.fields["sort"].choices[0][0]
        data["q"] = data["q"].strip()
        return data


class DispatchFilterForm(forms.Form):
    REASONS = [("", _("Any reason")), (Status.NEW.value, _("Classifier unsure")),
               (Status.RETURNED.value, _("Returned: not ours"))]
    SORTS = [("waiting", _("Waiting longest first")), ("-waiting", _("Most recent first"))]

    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("enterprise, credit code or text")}))
    reason = forms.ChoiceField(label=_("Why it is here"), required=False, choices=REASONS)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def values(self) -> dict:
        if not self.is_valid():
            return {"q": "", "reason": "", "sort": "waiting"}
        data = dict(self.cleaned_data)
        return {"q": data["q"].strip(), "reason": data["reason"], "sort": data["sort"] or "waiting"}


class NeedsFilterForm(forms.Form):
    SORTS = [("-created", _("Newest first")), ("created", _("Oldest first"))]

    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=_blank(_("All categories")) + list(Category.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(_("All statuses")) + [
        (s.value, s.label) for s in (*DISPATCH_STATUSES, *WORKING_STATUSES)])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def values(self) -> dict:
        if not self.is_valid():
            return {"category": "", "status": "", "sort": "-created"}
        data = dict(self.cleaned_data)
        data["sort"] = data["sort"] or "-created"
        return data
