"""The visit form, phone first: the visit itself, and for a firm two optional
sections, a need (→ a helpdesk ticket) and a survey (restart's own survey
form, its fields unchanged). A section counts only when its box is ticked
(``with``): the survey section starts from the firm's last survey, so its
fields are never empty and cannot say by themselves whether to record one."""
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianfu.helpdesk.domain.submit import clean_text
from lianfu.helpdesk.enums import Category
from lianfu.helpdesk.forms import MultipleFileField, MultipleFileInput, one_field_errors
from lianfu.helpdesk.models import MAX_TEXT_LENGTH
from lianfu.liaison.enums import VisitPurpose
from lianfu.liaison.visits import BACKDATE_DAYS, MAX_PHOTOS, Need, check_photos, check_visit_date
from lianfu.restart.forms import SurveyForm

NEED, SURVEY = "need", "survey"
SECTIONS = (NEED, SURVEY)
PHOTO_TYPES = "image/jpeg,image/png"


def sections_asked(values) -> list[str]:
    """The sections ticked (or asked for by ?with=need / ?with=survey), in form order."""
    asked = {part for value in values for part in str(value).split(",")}
    return [name for name in SECTIONS if name in asked]


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                 format="%Y-%m-%d"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    findings = forms.CharField(label=_("What you found"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000,
                                                            "placeholder": _("Production, workers, worries")}))
    photos = MultipleFileField(label=_("Photos (optional)"), required=False,
                               widget=MultipleFileInput(attrs={"accept": PHOTO_TYPES}))

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["visited_on"].initial = self.today
        self.fields["visited_on"].widget.attrs.update({
            "max": self.today.isoformat(), "min": (self.today - dt.timedelta(days=BACKDATE_DAYS)).isoformat()})
        self.fields["photos"].help_text = gettext("Up to %(count)d photos, JPEG or PNG, 5 MB each.") % {
            "count": MAX_PHOTOS}

    def clean_visited_on(self):
        try:
            return check_visit_date(self.cleaned_data["visited_on"], self.today)
        except ValidationError as error:
            raise one_field_errors(error, "visited_on") from None

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        try:
            check_photos(files)
        except ValidationError as error:
            raise one_field_errors(error, "photos") from None
        return files


class NeedForm(forms.Form):
    """What the firm needs: a ticket on its behalf, routed like any other."""

    text = forms.CharField(label=_("What does the firm need?"),
                           error_messages={"required": _("Describe the problem: the text is empty.")},
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_LENGTH,
                                                        "placeholder": _("What happened, since when, and what "
                                                                         "the firm needs")}))
    category = forms.ChoiceField(label=_("Category (optional)"), required=False,
                                 choices=[("", _("Let the helpdesk decide")), *Category.choices])

    def clean_text(self):
        try:
            return clean_text(self.cleaned_data["text"].replace("\r\n", "\n"))
        except ValidationError as error:
            raise one_field_errors(error, "text") from None


class VisitForms:
    """The visit form and the sections asked for, bound or not, checked together."""

    def __init__(self, data=None, files=None, *, with_sections=(), initial_survey=None, initial_purpose=None,
                 for_firm: bool = True):
        self.sections = sections_asked(with_sections) if for_firm else []
        self.visit = VisitForm(data, files, initial={"purpose": initial_purpose} if initial_purpose else None)
        self.need = NeedForm(data, prefix=NEED) if for_firm else None
        # Unbound, the survey starts from the firm's last one: usually only a few numbers change.
        self.survey = None if not for_firm else (
            SurveyForm(data, prefix=SURVEY) if data is not None else SurveyForm(prefix=SURVEY, instance=initial_survey))

    def is_valid(self) -> bool:
        forms_ = [self.visit, *(getattr(self, name) for name in self.sections)]
        return all([form.is_valid() for form in forms_])   # a list: every form shows its errors at once

    def add_error(self, error: ValidationError) -> None:
        """The domain's refusal on the field it names, else above the form."""
        targets = {"visited_on": self.visit, "purpose": self.visit, "photos": self.visit}
        if self.need is not None:
            targets.update(text=self.need, category=self.need)
        if not hasattr(error, "error_dict"):
            self.visit.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            form = targets.get(field)
            if form is None:
                self.visit.add_error(None, messages)
            else:
                form.add_error(field, messages)

    def values(self) -> dict:
        data = self.visit.cleaned_data
        values = {"visited_on": data["visited_on"], "purpose": data["purpose"], "findings": data["findings"],
                  "photos": data["photos"]}
        if NEED in self.sections:
            values["need"] = Need(self.need.cleaned_data["text"], self.need.cleaned_data["category"] or None)
        if SURVEY in self.sections:
            values["survey"] = self.survey.survey_fields()
        return values
