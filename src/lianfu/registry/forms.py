from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lianfu.common.importing import RowError
from lianfu.common.masking import mask_phone
from lianfu.common.scoping import scope_for
from lianfu.registry.domain import EDITABLE_FIELDS, editable_fields
from lianfu.registry.enums import DivisionLevel, IndustryLevel
from lianfu.registry.importing.parsing import parse_phone
from lianfu.registry.models import Division, Enterprise, Industry, TownAlias
from lianfu.registry.queries import EnterpriseFilter
from lianfu.registry.stages import Stage

SORT_CHOICES = [
    ("name", _("Name")), ("-employees", _("Employees, most first")), ("employees", _("Employees, fewest first")),
    ("town", _("Town")), ("industry", _("Industry code")),
]
ABOVE_CHOICES = [("", _("All")), ("1", _("Above-scale only")), ("0", _("Below scale only"))]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("name or credit code")}))
    town = forms.ChoiceField(label=_("Town"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    above_scale = forms.ChoiceField(label=_("Scale"), choices=ABOVE_CHOICES, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = scope_for(user).get("division")
        towns = Division.objects.filter(level=DivisionLevel.TOWN)
        towns = towns.filter(code__under=prefix) if prefix else towns.none()
        self.fields["town"].choices = [("", _("All towns")), *((t.code, t.name) for t in towns.order_by("code"))]
        industries = Industry.objects.filter(level=IndustryLevel.DIVISION).order_by("code")
        self.fields["industry"].choices = [
            ("", _("All industries")),
            *((i.code, f"{i.code} {i.name}") for i in industries),
        ]

    def to_filter(self) -> EnterpriseFilter:
        if not self.is_bound or not self.is_valid():
            return EnterpriseFilter()
        data = self.cleaned_data
        above = {"1": True, "0": False}.get(data["above_scale"])
        return EnterpriseFilter(q=data["q"].strip(), town=data["town"], industry=data["industry"],
                                above_scale=above, stage=data["stage"], sort=data["sort"] or "name")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file"),
        help_text=_("Excel (.xlsx, .xls) or CSV (UTF-8 or GBK), as you have it: title rows above the header, "
                    "totals and notes below are skipped, and you check the columns before anything is imported."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LIANFU_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.LIANFU_IMPORT_MAX_BYTES)})
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload an .xlsx, .xls or .csv file."))
        return upload


class EnterpriseEditForm(forms.ModelForm):
    """Only the fields the user may change; the phone is never put in the page
    (that would reveal it unlogged): a new number replaces it, blank keeps it."""

    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=20)

    class Meta:
        model = Enterprise
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(editable_fields(user))
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        self.fields["contact_phone"].widget.attrs["placeholder"] = mask_phone(self.instance.contact_phone)
        self.fields["contact_phone"].help_text = _("Leave blank to keep the current number.")
        self.initial["contact_phone"] = ""
        if "division" in self.fields:
            prefix = scope_for(user).get("division") or ""
            self.fields["division"].queryset = Division.objects.filter(
                level=DivisionLevel.TOWN, code__under=prefix).order_by("code")
        if "industry" in self.fields:
            self.fields["industry"].queryset = Industry.objects.exclude(level=IndustryLevel.SECTION).order_by("code")

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if not value:
            return self.instance.contact_phone
        try:
            return parse_phone(value)
        except RowError as error:
            raise forms.ValidationError(error.reason) from None

    def changes(self, original: Enterprise) -> dict:
        """Submitted values that differ from ``original`` (the form validated a
        copy), for domain.update_enterprise to apply."""
        return {name: self.cleaned_data[name] for name in self.fields
                if self.cleaned_data[name] != getattr(original, name)}


class TownAliasForm(forms.ModelForm):
    """A new alias of the county's towns; the county comes from the officer, not the form."""

    class Meta:
        model = TownAlias
        fields = ["old_name", "old_code", "division", "changed_on", "source"]
        widgets = {"changed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, county: Division, **kwargs):
        super().__init__(*args, instance=TownAlias(county=county), **kwargs)
        self.fields["division"].queryset = Division.objects.filter(
            level=DivisionLevel.TOWN, code__startswith=county.prefix).order_by("code")

    def alias_fields(self) -> dict:
        """The cleaned values, for domain.add_town_alias (which validates again, constraints included)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
