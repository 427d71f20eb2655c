"""The library's forms: the list's filters, a project (add and edit), an update.
They check what a person can fix by retyping; the domain keeps the rules."""
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common.forms import VersionField
from lianfu.common.importing import RowError, values
from lianfu.common.scoping import code_prefix, scope_for
from lianfu.projects.enums import NOT_SIGNED_LABEL, FirmRole, ProjectStage
from lianfu.projects.importing.lookups import looks_like_uscc
from lianfu.projects.models import NOTE_MAX, REASON_MAX
from lianfu.projects.queries import ProjectFilter
from lianfu.projects.rules import OFFICER_ROLES
from lianfu.projects.stages import PLANNED_FIELDS, STAGES, planned_field
from lianfu.registry.enums import DivisionLevel, IndustryLevel
from lianfu.registry.forms import ImportForm
from lianfu.registry.importing.parsing import parse_uscc
from lianfu.registry.models import Division, Enterprise, Industry

NOT_SIGNED_CHOICE = ("none", NOT_SIGNED_LABEL)
SORT_CHOICES = [
    ("code", _("Project code")), ("name", _("Project name")),
    ("-total_investment", _("Total investment, largest first")),
    ("-investment_this_year", _("Investment this year, largest first")), ("town", _("Town")),
    ("stage", _("Stage, earliest first")), ("-stage", _("Stage, furthest first")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def towns_of(prefix):
    return Division.objects.filter(level=DivisionLevel.TOWN, code__under=prefix).order_by("code")


def industry_choices(extra: str = "") -> list[tuple[str, str]]:
    found = Industry.objects.filter(Q(level=IndustryLevel.DIVISION) | Q(code=extra)).order_by("code")
    return [("", _("All industries")), *((i.code, f"{i.code} {i.name}") for i in found)]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("name, code or leader")}))
    town = forms.ChoiceField(label=_("Town"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    overdue = forms.BooleanField(label=pgettext_lazy("projects", "Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An administrator (no limit) filters the home county's towns.
        prefix = scope_for(user).get("division") or code_prefix(settings.LIANFU_HOME_COUNTY[:6])
        self.fields["town"].choices = [("", _("All towns")), *((t.code, t.name) for t in towns_of(prefix))]
        self.fields["industry"].choices = industry_choices()
        self.fields["stage"].choices = [("", _("All stages")), NOT_SIGNED_CHOICE, *ProjectStage.choices]

    def to_filter(self) -> ProjectFilter:
        if not self.is_bound or not self.is_valid():
            return ProjectFilter()
        data = self.cleaned_data
        stage = {"": None, "none": ""}.get(data["stage"], data["stage"])
        return ProjectFilter(q=data["q"].strip(), town=data["town"], industry=data["industry"], stage=stage,
                             overdue=data["overdue"], sort=data["sort"] or "code")


def officers_for(county: Division):
    """Who may be chosen as a responsible officer in ``county`` (the domain checks the town)."""
    with scopes_disabled():
        return (User.objects.filter(role__in=OFFICER_ROLES, is_active=True)
                .filter(Q(division__code__startswith=county.prefix) | Q(department__county=county))
                .order_by("role", "first_name", "username"))


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.display_name} ({user.username} · {user.get_role_display()})"


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Project code"), max_length=40,
                           help_text=_("The county's own number for the project; a re-imported list is matched by it."))
    name = forms.CharField(label=_("Project name"), max_length=200)
    town = forms.ChoiceField(label=_("Town"))
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    total_investment = forms.DecimalField(label=_("Total investment (10,000 yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2)
    investment_this_year = forms.DecimalField(label=_("Investment this year (10,000 yuan)"), min_value=0,
                                              max_digits=14, decimal_places=2, required=False)
    leader_name = forms.CharField(label=_("Responsible leader"), max_length=50, required=False,
                                  help_text=_("The leader's name as the county writes it."))
    leader_post = forms.CharField(label=_("Leader's post"), max_length=100, required=False,
                                  help_text=_("For example 副市长."))
    officer = OfficerChoiceField(label=_("Responsible officer"), queryset=User.objects.none(), required=False,
                                 help_text=_("A lianfu user who records the project's updates."))
    builder = forms.CharField(label=_("Builder"), max_length=200, required=False,
                              help_text=_("Credit code or registered name of the firm building it."))
    investor = forms.CharField(label=_("Investor"), max_length=200, required=False,
                               help_text=_("Credit code or registered name of the investing firm."))
    stage = forms.ChoiceField(label=_("Stage reached"), required=False,
                              help_text=_("Later moves are recorded as updates on the project's page."))
    planned_signed = forms.DateField(label=_("Planned signing"), required=False, widget=DateInput())
    planned_land = forms.DateField(label=_("Planned land supply"), required=False, widget=DateInput())
    planned_approvals = forms.DateField(label=_("Planned approvals"), required=False, widget=DateInput())
    planned_started = forms.DateField(label=_("Planned start of construction"), required=False, widget=DateInput())
    planned_completed = forms.DateField(label=_("Planned completion"), required=False, widget=DateInput())
    version = VersionField()

    def __init__(self, *args, county: Division, project=None, firms: dict | None = None, **kwargs):
        if project is not None:
            kwargs.setdefault("initial", self._initial(project, firms or {}))
        super().__init__(*args, **kwargs)
        self.county = county
        self.fields["town"].choices = [("", "—"), *((t.code, t.name) for t in towns_of(county.prefix))]
        self.fields["industry"].choices = [("", "—"), *industry_choices(project.industry_id if project else "")[1:]]
        self.fields["officer"].queryset = officers_for(county)
        self.fields["stage"].choices = [NOT_SIGNED_CHOICE, *ProjectStage.choices]
        if project is not None:
            del self.fields["stage"]          # it moves by updates
        else:
            del self.fields["version"]

    @staticmethod
    def _initial(project, firms: dict) -> dict:
        initial = {name: getattr(project, name) for name in (
            "code", "name", "total_investment", "investment_this_year", "leader_name", "leader_post",
            *PLANNED_FIELDS)}
        initial.update(town=project.town_id, industry=project.industry_id or "", officer=project.officer_id,
                       version=project.version)
        for role in FirmRole:
            found = firms.get(role.value) or []
            initial[role.value] = found[0].uscc if found else ""
        return initial

    def clean_town(self):
        code = self.cleaned_data["town"]
        town = towns_of(self.county.prefix).filter(code=code).first()
        if town is None:
            raise forms.ValidationError(_("Choose a town of %(county)s.") % {"county": self.county.name})
        return town

    def clean_industry(self):
        code = self.cleaned_data["industry"]
        return Industry.objects.filter(code=code).first() if code else None

    def _firm(self, name: str):
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        with scopes_disabled():
            try:
                code = parse_uscc(text, name) if looks_like_uscc(text) else ""
            except RowError as error:
                raise forms.ValidationError(str(error.reason)) from None
            found = (Enterprise.objects.filter(uscc=code) if code else
                     Enterprise.objects.filter(name=text, division__code__startswith=self.county.prefix))
            firms = list(found[:2])
        if len(firms) != 1:
            raise forms.ValidationError(_("No single registered enterprise has this credit code or name."))
        return firms[0]

    def clean_builder(self):
        return self._firm("builder")

    def clean_investor(self):
        return self._firm("investor")

    def clean(self):
        data = super().clean()
        builder, investor = data.get("builder"), data.get("investor")
        if builder is not None and investor is not None and builder.pk == investor.pk:
            self.add_error("investor", _("The builder and the investor are one firm: give it once."))
        return data

    def project_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in (
            "code", "name", "town", "industry", "total_investment", "investment_this_year", "leader_name",
            "leader_post", "officer", *PLANNED_FIELDS)}
        fields["code"] = values.clean_code(fields["code"])
        return fields

    def firms(self) -> dict:
        return {role.value: [self.cleaned_data[role.value]] if self.cleaned_data[role.value] else []
                for role in FirmRole}

    def initial_stage(self) -> str:
        return "" if self.cleaned_data.get("stage") in ("", "none", None) else self.cleaned_data["stage"]

    @property
    def planned_fields(self):
        return [self[planned_field(s)] for s in STAGES]


class UpdateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    stage = forms.ChoiceField(label=_("Stage reached"), required=False)
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for moving back"), max_length=REASON_MAX, required=False,
                             help_text=_("Only when the project moves back to an earlier stage."))
    version = VersionField()

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "version": project.version})
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("— no stage change, a note only —")), *ProjectStage.choices]


class ProjectImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Project list")
