"""Every change of a county's list of origin risk levels is one function here:
the permission checked inside, one transaction, one ActivityLog row filed
under the county. (An imported list is written in bulk, importing/risks.py,
and recorded as one job with its own ActivityLog row.)"""
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.registry.models import Division
from lianfu.workforce.areas import ORIGIN_LEVELS
from lianfu.workforce.enums import RiskLevel
from lianfu.workforce.models import OriginRisk

EDITABLE = ("division", "level", "effective_from", "effective_to", "source")


def _require(actor) -> None:
    if not actor.has_perm("workforce.manage_risk"):
        raise PermissionDenied


def check_entry(*, division: Division, level: str, effective_from: dt.date, effective_to: dt.date | None,
                source: str = "") -> None:
    """ValidationError (by field) unless the values make an entry."""
    errors = {}
    if division is None or division.level not in ORIGIN_LEVELS:
        errors["division"] = _("Choose a province, city or county.")
    if level not in RiskLevel.values:
        errors["level"] = _("Choose low, medium or high.")
    if effective_to is not None and effective_from is not None and effective_to < effective_from:
        errors["effective_to"] = _("The last day cannot be before the first day.")
    if len(source or "") > 200:
        errors["source"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)


def _same_start(county: Division, division: Division, effective_from: dt.date, exclude: int | None = None):
    with scopes_disabled():
        found = OriginRisk.objects.filter(county=county, division=division, effective_from=effective_from)
        return found.exclude(pk=exclude).first() if exclude else found.first()


def _facts(entry: OriginRisk) -> dict:
    return {"division": entry.division_id, "level": entry.level, "effective_from": entry.effective_from.isoformat(),
            "effective_to": entry.effective_to.isoformat() if entry.effective_to else "", "source": entry.source}


def add_risk(*, actor, county: Division, division: Division, level: str, effective_from: dt.date,
             effective_to: dt.date | None = None, source: str = "") -> OriginRisk:
    """``division`` is at ``level`` in ``county``'s list from ``effective_from``
    to ``effective_to`` (inclusive; open-ended when None)."""
    _require(actor)
    check_entry(division=division, level=level, effective_from=effective_from, effective_to=effective_to,
                source=source)
    if _same_start(county, division, effective_from):
        raise ValidationError({"effective_from": _(
            "The list already has an entry for %(area)s from %(day)s: edit that one.") % {
            "area": division.name, "day": effective_from.isoformat()}})
    with transaction.atomic():
        entry = OriginRisk.objects.create(
            county=county, division=division, level=level, effective_from=effective_from,
            effective_to=effective_to, source=source.strip(), created_by=actor if actor.is_authenticated else None)
        log_activity(actor=actor, action="origin_risk.added", subject=entry, division_code=county.code,
                     **_facts(entry))
    return entry


def change_risk(*, actor, entry: OriginRisk, **changes) -> list[str]:
    """Set the given fields (of EDITABLE); the names of those that changed."""
    _require(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    after = {name: changes.get(name, getattr(entry, name)) for name in EDITABLE}
    after["source"] = (after["source"] or "").strip()
    check_entry(**after)
    changed = [name for name in EDITABLE if after[name] != getattr(entry, name)]
    if not changed:
        return []
    if _same_start(entry.county, after["division"], after["effective_from"], exclude=entry.pk):
        raise ValidationError({"effective_from": _(
            "The list already has an entry for %(area)s from %(day)s: edit that one.") % {
            "area": after["division"].name, "day": after["effective_from"].isoformat()}})
    before = _facts(entry)
    with transaction.atomic():
        for name in changed:
            setattr(entry, name, after[name])
        entry.save(update_fields=changed)
        log_activity(actor=actor, action="origin_risk.changed", subject=entry, division_code=entry.county_id,
                     fields=changed, before=before, after=_facts(entry), division=entry.division_id)
    return changed


def end_risk(*, actor, entry: OriginRisk, day: dt.date) -> None:
    """The entry is in force until ``day`` (inclusive), no longer."""
    _require(actor)
    if day < entry.effective_from:
        raise ValidationError({"day": _("The entry starts on %(day)s: it cannot end before.") % {
            "day": entry.effective_from.isoformat()}})
    if entry.effective_to is not None and entry.effective_to <= day:
        raise ValidationError({"day": _("The entry already ends on %(day)s.") % {
            "day": entry.effective_to.isoformat()}})
    with transaction.atomic():
        entry.effective_to = day
        entry.save(update_fields=["effective_to"])
        log_activity(actor=actor, action="origin_risk.ended", subject=entry, division_code=entry.county_id,
                     division=entry.division_id, effective_to=day.isoformat())
