"""Four-sync forms. They check what a person can fix by retyping (ranges,
consistency, required reasons); the domain still refuses what the state forbids."""
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lianfu.common.api_inputs import MAX_INT as MAX_COUNT  # what an integer column holds on every database
from lianfu.common.forms import VersionField
from lianfu.common.scoping import scope_for
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division
from lianfu.restart.enums import Blocker
from lianfu.restart.errors import HEADCOUNT_PLANNED_NEEDED, PASS_NEEDS_EVERY_MEASURE
from lianfu.restart.models import Filing, PreventionCheck, RestartConfirmation, RestartOverride, Survey

_CHECKS = forms.CheckboxSelectMultiple(attrs={"class": "checks"})
NEW_ROWS = 2   # empty rows under the county's checklist, to add items


def label(model, name: str):
    """The model's own field name, so a form and the admin say the same thing."""
    return capfirst(model._meta.get_field(name).verbose_name)


def checklist_choices(items) -> list[tuple[str, str]]:
    return [(item.code, item.text) for item in items]


def town_choices(user) -> list[tuple[str, str]]:
    prefix = scope_for(user).get("division")
    towns = Division.objects.filter(level=DivisionLevel.TOWN)
    towns = towns.filter(code__under=prefix) if prefix else towns.none()
    return [("", _("All towns")), *((t.code, t.name) for t in towns.order_by("code"))]


class ListFilterForm(forms.Form):
    """Search, town and order for the officers' work lists."""

    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("name or credit code")}))
    town = forms.ChoiceField(label=_("Town"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data, *, user, sorts):
        super().__init__(data)
        self.fields["town"].choices = town_choices(user)
        self.fields["sort"].choices = sorts

    def values(self) -> tuple[str, str, str]:
        default = self.fields["sort"].choices[0][0]
        if not self.is_valid():
            return "", "", default
        data = self.cleaned_data
        return data["town"], data["q"].strip(), data["sort"] or default


class SurveyForm(forms.ModelForm):
    blockers = forms.MultipleChoiceField(label=label(Survey, "blockers"), choices=Blocker.choices, required=False,
                                         widget=_CHECKS)

    class Meta:
        model = Survey
        fields = ["capacity_pct", "headcount_total", "headcount_on_duty", "headcount_away", "stock_days",
                  "blockers", "planned_restart", "needs"]
        widgets = {
            "capacity_pct": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
            "headcount_total": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "headcount_on_duty": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "headcount_away": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "stock_days": forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.5"}),
            "planned_restart": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "needs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bounds the API states too: no stock below 0 (constraint survey_stock_not_negative), no
        # headcount beyond what an integer column holds on every database (SQLite holds more).
        self.fields["stock_days"].validators.append(MinValueValidator(0))
        for name in ("headcount_total", "headcount_on_duty", "headcount_away"):
            self.fields[name].validators.append(MaxValueValidator(MAX_COUNT))

    def clean(self):
        data = super().clean()
        total, on_duty, away = (data.get(k) for k in ("headcount_total", "headcount_on_duty", "headcount_away"))
        if total is not None and on_duty is not None and on_duty > total:
            self.add_error("headcount_on_duty", _("On duty cannot be more than the headcount (%(total)d).")
                           % {"total": total})
        elif None not in (total, on_duty, away) and on_duty + away > total:
            self.add_error("headcount_away", _("On duty plus still away cannot be more than the headcount "
                                               "(%(total)d).") % {"total": total})
        return data

    def survey_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CommitmentsForm(forms.Form):
    """What a firm files: its headcount at restart and the prevention measures it commits to."""

    headcount_planned = forms.IntegerField(label=label(Filing, "headcount_planned"), min_value=0,
                                           max_value=MAX_COUNT, error_messages={"required": HEADCOUNT_PLANNED_NEEDED},
                                           widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
    commitments = forms.MultipleChoiceField(label=label(Filing, "commitments"), required=False, widget=_CHECKS)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].choices = checklist_choices(items)

    def filing_fields(self) -> dict:
        return {"headcount_planned": self.cleaned_data["headcount_planned"],
                "commitments": self.cleaned_data["commitments"]}


class FilingForm(CommitmentsForm):
    version = VersionField()


class MemberChoiceField(forms.TypedMultipleChoiceField):
    """One checkbox per in-county supplier; a chain may have thousands, so a
    value is checked against a set rather than by scanning the choices."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)

    def valid_value(self, value) -> bool:
        if not hasattr(self, "_valid"):
            self._valid = {str(key) for key, _label in self.choices}
        return str(value) in self._valid


class PackageForm(CommitmentsForm):
    members = MemberChoiceField(label=_("Suppliers filed in this package"))

    def __init__(self, *args, member_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(pk, str(pk)) for pk in member_ids]

    def clean(self):
        data = super().clean()
        # Without the lead's own filing (already in progress) an empty package would file nothing.
        if "headcount_planned" not in self.fields and not data.get("members"):
            self.add_error("members", _("Choose at least one supplier to file."))
        return data


class ApproveForm(forms.Form):
    version = VersionField()


class ReturnForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(label=label(Filing, "return_reason"), max_length=500,
                             error_messages={"required": _("Say what the enterprise must fix.")},
                             widget=forms.TextInput(attrs={"placeholder": _("What must be fixed")}))


class SelfCheckForm(forms.Form):
    done = forms.MultipleChoiceField(label=_("Measures in place"), required=False, widget=_CHECKS)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = checklist_choices(items)

    def results(self) -> dict:
        done = set(self.cleaned_data.get("done") or ())
        return {code: code in done for code, _text in self.fields["done"].choices}


class InspectionForm(SelfCheckForm):
    VERDICTS = [("pass", _("Pass")), ("fail", _("Fail"))]

    verdict = forms.ChoiceField(label=_("Verdict"), choices=VERDICTS,
                                widget=forms.RadioSelect(attrs={"class": "checks"}))
    remarks = forms.CharField(label=label(PreventionCheck, "remarks"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "fail" and not (data.get("remarks") or "").strip():
            self.add_error("remarks", _("Write what must be put right when the inspection does not pass."))
        if data.get("verdict") == "pass" and "done" in data and not all(self.results().values()):
            self.add_error("done", PASS_NEEDS_EVERY_MEASURE)
        return data

    @property
    def passed(self) -> bool:
        return self.cleaned_data["verdict"] == "pass"


class RestartForm(forms.Form):
    restarted_on = forms.DateField(label=label(RestartConfirmation, "restarted_on"), initial=timezone.localdate,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    capacity_pct = forms.IntegerField(label=label(RestartConfirmation, "capacity_pct"), min_value=0, max_value=100,
                                      widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}))


class OverrideForm(forms.Form):
    reason = forms.CharField(label=label(RestartOverride, "reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("An override needs a reason: it is recorded in the "
                                                           "audit trail.")})


class ChecklistRowForm(forms.Form):
    """One item of the county's checklist editor (row_forms: every item, plus
    empty rows to add one)."""

    code = forms.SlugField(label=_("Code"), max_length=32, required=False)
    text_zh = forms.CharField(label=_("Chinese text"), max_length=100, required=False)
    text_en = forms.CharField(label=_("English text"), max_length=160, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, existing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        if existing:
            self.fields["code"].disabled = True   # checks store results by code: it never changes

    def clean(self):
        data = super().clean()
        if not self.existing and not (data.get("code") or data.get("text_zh")):
            return data   # an empty new row: nothing to add
        for name, message in (("code", _("A short code in Latin letters, such as hand_washing.")),
                              ("text_zh", _("The item as the firms read it, in Chinese."))):
            if not data.get(name):
                self.add_error(name, message)
        if not data.get("text_en"):
            data["text_en"] = data.get("text_zh", "")
        return data

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("code"):
            return None
        return {name: data[name] for name in ("code", "text_zh", "text_en", "order", "active")}


def row_forms(items, data=None) -> list[ChecklistRowForm]:
    forms_ = [ChecklistRowForm(data, prefix=f"item-{i}", existing=True,
                               initial={"code": item.code, "text_zh": item.text_zh, "text_en": item.text_en,
                                        "order": item.order, "active": item.active})
              for i, item in enumerate(items)]
    top = max((item.order for item in items), default=0)
    forms_ += [ChecklistRowForm(data, prefix=f"new-{i}", initial={"order": top + i + 1, "active": True})
               for i in range(NEW_ROWS)]
    return forms_
