"""The new-drill form: a county's scenario (towns, industries, outside, named firms,
days, capacity). Firms are typed one per line, by name or credit code; any line
that names no firm, or several, is reported back with the text kept as typed."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from lianfu.registry.enums import DivisionLevel, IndustryLevel
from lianfu.registry.models import Division, Enterprise, Industry

MAX_DAYS = 180
MAX_FIRM_LINES = 500


def industry_choices(county: Division) -> list[tuple[str, str]]:
    """Every GB/T 4754 division (two digits), each followed by the classes (four
    digits) the county's own firms are registered in: a power cut or an order
    for one trade (copper rolling, 3251) closes a class, not the whole division."""
    present = set(Enterprise.objects.filter(division__code__startswith=county.prefix)
                  .values_list("industry_id", flat=True).distinct())
    classes = Industry.objects.filter(level=IndustryLevel.CLASS, code__in=present).order_by("code")
    under: dict[str, list[Industry]] = {}
    for industry in classes:
        under.setdefault(industry.code[:2], []).append(industry)
    choices = []
    for division in Industry.objects.filter(level=IndustryLevel.DIVISION).order_by("code"):
        choices.append((division.code, str(division)))
        choices.extend((i.code, f"\u3000{i}") for i in under.get(division.code, ()))
    return choices


class DrillForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    towns = forms.MultipleChoiceField(label=gettext_lazy("Towns closed"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    industries = forms.MultipleChoiceField(label=gettext_lazy("Industries closed (GB/T 4754)"),
                                           required=False, widget=forms.SelectMultiple(attrs={"size": 10}))
    outside = forms.ChoiceField(label=gettext_lazy("Supplies from outside"), required=False, initial="",
                                widget=forms.RadioSelect, choices=[
                                    ("", gettext_lazy("Not cut")),
                                    ("county", gettext_lazy("Every firm outside the county is closed")),
                                    ("province", gettext_lazy("Every firm outside the province is closed"))])
    firms = forms.CharField(label=gettext_lazy("Firms closed (names or credit codes, one per line)"),
                            required=False, widget=forms.Textarea(attrs={"rows": 5}))
    days = forms.IntegerField(label=gettext_lazy("Days closed"), min_value=1, max_value=MAX_DAYS, initial=14)
    capacity_pct = forms.IntegerField(label=gettext_lazy("Capacity they keep (%)"), min_value=0, max_value=100,
                                      initial=0)

    def __init__(self, *args, county: Division, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        with scopes_disabled():
            self.fields["towns"].choices = list(Division.objects.filter(
                level=DivisionLevel.TOWN, code__startswith=county.prefix).order_by("code").values_list("code", "name"))
            self.fields["industries"].choices = industry_choices(county)

    def clean_firms(self) -> list[int]:
        lines = [line.strip() for line in self.cleaned_data["firms"].splitlines() if line.strip()]
        if len(lines) > MAX_FIRM_LINES:
            raise forms.ValidationError(_("At most %(n)s firms, one per line.") % {"n": MAX_FIRM_LINES})
        with scopes_disabled():
            found = list(Enterprise.objects.filter(Q(uscc__in=[line.upper() for line in lines]) | Q(name__in=lines))
                         .values_list("pk", "uscc", "name"))
        pks, unknown, ambiguous = [], [], []
        for line in lines:
            match = {pk for pk, uscc, name in found if uscc == line.upper() or name == line}
            if not match:
                unknown.append(line)
            elif len(match) > 1:
                ambiguous.append(line)
            elif (pk := match.pop()) not in pks:
                pks.append(pk)
        problems = []
        if unknown:
            problems.append(_("No firm found for: %(lines)s.") % {"lines": "、".join(unknown)})
        if ambiguous:
            problems.append(_("Several firms have this name, give the credit code instead: %(lines)s.")
                            % {"lines": "、".join(ambiguous)})
        if problems:
            raise forms.ValidationError(problems)
        return pks

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("towns") or data.get("industries") or data.get("outside")
                                    or data.get("firms")):
            raise forms.ValidationError(_("Choose what closes: towns, industries, outside supplies or firms."))
        return data

    def spec(self) -> dict:
        data = self.cleaned_data
        return {"towns": data["towns"], "industries": data["industries"], "outside": data["outside"] or "",
                "firms": data["firms"], "days": data["days"], "capacity_pct": data["capacity_pct"]}
