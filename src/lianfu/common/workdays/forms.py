"""A year's calendar as one form (its source) and one form set (its entries);
the admin uses the same source form and entry form set."""
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lianfu.common.models import WorkCalendar, WorkCalendarEntry
from lianfu.common.workdays.domain import Entry
from lianfu.common.workdays.validation import overlap_errors

# Empty rows offered: a notice has about seven holidays and as many make-up days.
NEW_CALENDAR_ROWS = 14
EXISTING_CALENDAR_ROWS = 3


class CalendarForm(forms.ModelForm):
    # gov.cn is served over HTTPS: a link typed without its scheme gets https://.
    source_url = forms.URLField(
        label=WorkCalendar._meta.get_field("source_url").verbose_name, max_length=500, required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 60, "placeholder": "https://www.gov.cn/zhengce/…"}))

    class Meta:
        model = WorkCalendar
        fields = ("source_title", "source_url")
        widgets = {"source_title": forms.TextInput(attrs={"size": 60})}


class EntryForm(forms.ModelForm):
    class Meta:
        model = WorkCalendarEntry
        fields = ("kind", "name", "first_day", "last_day")
        help_texts = {"name": "", "last_day": ""}   # the page shows them once, in the table's header
        widgets = {"first_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "last_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class EntryFormSet(BaseInlineFormSet):
    """No day may be named by two entries of one year."""

    def kept(self) -> list[forms.Form]:
        """The valid rows that stay: stored ones not marked for deletion and
        filled-in new ones. Their instances hold the values (the model's
        clean fills an empty last day)."""
        return [form for form in self.forms
                if (form.instance.pk or form.has_changed()) and form.is_valid()
                and not (self.can_delete and form.cleaned_data.get("DELETE"))]

    def clean(self):
        super().clean()
        errors = overlap_errors((f.instance.name, f.instance.first_day, f.instance.last_day) for f in self.kept())
        if errors:
            raise ValidationError(errors)

    def entries(self) -> list[Entry]:
        return [Entry(kind=f.instance.kind, name=f.instance.name, first_day=f.instance.first_day,
                      last_day=f.instance.last_day) for f in self.kept()]


def entry_formset(calendar: WorkCalendar, data=None):
    extra = EXISTING_CALENDAR_ROWS if calendar.pk else NEW_CALENDAR_ROWS
    formset = inlineformset_factory(WorkCalendar, WorkCalendarEntry, form=EntryForm, formset=EntryFormSet,
                                    extra=extra, can_delete=True)
    return formset(data, instance=calendar, prefix="entries")


CALENDAR_HELP = _("Copy every holiday and every make-up working day (调休上班) from the State Council's notice. "
                  "Days not entered follow the week: Monday to Friday work, Saturday and Sunday rest.")
