"""Forms of the origin pages: a risk-list entry, ending one, the map's day, an open position."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianfu.registry.forms import ImportForm
from lianfu.workforce import areas
from lianfu.workforce.enums import RiskLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RiskForm(forms.Form):
    area = forms.CharField(label=_("Area"), max_length=60, help_text=_(
        "A province, city or county by name (安徽省阜阳市, 阜阳市临泉县) or by its division code (341200)."))
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    effective_to = forms.DateField(label=_("Effective until (inclusive)"), required=False, widget=DateInput(),
                                   help_text=_("Leave empty while the notice is in force."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False, help_text=_(
        "The notice it comes from, e.g. 国务院联防联控机制 2020-02-24."))

    def __init__(self, *args, entry=None, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {
                "area": areas.path_name(entry.division), "level": entry.level,
                "effective_from": entry.effective_from, "effective_to": entry.effective_to, "source": entry.source})
        else:
            kwargs.setdefault("initial", {"effective_from": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_area(self):
        text = self.cleaned_data["area"]
        division = areas.resolve(text)
        if division is None:
            raise forms.ValidationError(_(
                "「%(text)s」 is not a province, city or county we know, or more than one has that name: write it "
                "whole (安徽省阜阳市临泉县) or give its division code.") % {"text": text})
        return division

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("The last day cannot be before the first day."))
        return data

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        return {"division": data["area"], "level": data["level"], "effective_from": data["effective_from"],
                "effective_to": data["effective_to"], "source": data["source"]}


class EndRiskForm(forms.Form):
    day = forms.DateField(label=_("Last day in force"), widget=DateInput())


class MapDayForm(forms.Form):
    day = forms.DateField(label=_("Risk levels on"), required=False, widget=DateInput())

    def day_or_today(self):
        if self.is_valid() and self.cleaned_data.get("day"):
            return self.cleaned_data["day"]
        return timezone.localdate()


class PositionForm(forms.Form):
    title = forms.CharField(label=_("Position"), max_length=50,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. assembly worker")}))
    count = forms.IntegerField(label=_("Openings"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("wage, shifts, housing…")}))


class RiskImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Risk list")
