"""The county's assignment rules in one form (docs/liaison.md, "Rules"): for
each rule the officers each firm or building needs (1–5) and whether it is in
force; the floor area that divides large buildings from small ones (one line
for both building rules, as demand.py reads it) and the days of the
not-surveyed rule."""
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.liaison.enums import RuleKind
from lianfu.liaison.models import AssignmentRule

BUILDING_RULES = (RuleKind.LARGE_BUILDING, RuleKind.SMALL_BUILDING)
MAX_FLOOR_AREA = 1_000_000


def _bounded(label, low: int, high: int, message) -> forms.IntegerField:
    errors = {"min_value": message, "max_value": message, "invalid": message, "required": message}
    return forms.IntegerField(label=label, min_value=low, max_value=high, error_messages=errors)


class RulesForm(forms.Form):
    floor_area = _bounded(_("Floor area that makes a building large (m²)"), 1, MAX_FLOOR_AREA,
                          _("Enter a floor area from 1 to 1,000,000 m²."))
    not_surveyed_days = _bounded(_("Days without a survey"), 1, 365, _("Enter a number of days from 1 to 365."))

    def __init__(self, *args, rules: dict[str, AssignmentRule], **kwargs):
        self.rules = rules
        large = rules[RuleKind.LARGE_BUILDING].threshold or rules[RuleKind.SMALL_BUILDING].threshold
        initial = {"floor_area": large, "not_surveyed_days": rules[RuleKind.NOT_SURVEYED].threshold}
        for kind in RuleKind.values:
            initial[f"{kind}-officers"] = rules[kind].officers
            initial[f"{kind}-active"] = rules[kind].active
        super().__init__(*args, initial=initial, **kwargs)
        for kind, label in RuleKind.choices:
            self.fields[f"{kind}-officers"] = _bounded(_("Officers each: %(rule)s") % {"rule": label}, 1, 5,
                                                       _("Enter from 1 to 5 officers."))
            self.fields[f"{kind}-active"] = forms.BooleanField(
                label=_("In force: %(rule)s") % {"rule": label}, required=False)

    def rows(self) -> list[tuple]:
        """(kind, rule's name, officers field, in-force field, threshold field or None) for the table."""
        threshold = {RuleKind.LARGE_BUILDING: "floor_area", RuleKind.NOT_SURVEYED: "not_surveyed_days"}
        return [(kind, label, self[f"{kind}-officers"], self[f"{kind}-active"],
                 self[threshold[kind]] if kind in threshold else None) for kind, label in RuleKind.choices]

    def wanted(self, kind: str) -> dict:
        data = self.cleaned_data
        values = {"officers": data[f"{kind}-officers"], "active": data[f"{kind}-active"],
                  "threshold": self.rules[kind].threshold}
        if kind in BUILDING_RULES:
            values["threshold"] = data["floor_area"]
        elif kind == RuleKind.NOT_SURVEYED:
            values["threshold"] = data["not_surveyed_days"]
        return values

    def save(self, *, actor, county) -> list[str]:
        """Store what changed, one ActivityLog row per rule; the kinds changed."""
        changed = []
        with transaction.atomic(), scopes_disabled():
            for kind in RuleKind.values:
                rule, wanted = self.rules[kind], self.wanted(kind)
                before = {name: getattr(rule, name) for name in wanted}
                if before == wanted:
                    continue
                fields = [name for name in wanted if before[name] != wanted[name]]
                for name in fields:
                    setattr(rule, name, wanted[name])
                rule.save(update_fields=[*fields, "updated_at"])
                log_activity(actor=actor, action="liaison.rule_changed", subject=rule, division_code=county.code,
                             rule=kind, fields=fields, before={n: before[n] for n in fields},
                             after={n: wanted[n] for n in fields})
                changed.append(kind)
        return changed
