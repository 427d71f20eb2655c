"""Every change of the library is one function here: keyword-only ``actor``, the
permission checked inside, one transaction, one ActivityLog row filed under the
project's town (its officers read it), a version-checked update (409 to a stale
page). Projects are read and written with scopes disabled after the permission
check, as a project's firms may lie outside the actor's town."""
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.errors import NotAllowed
from lianfu.common.roles import Role
from lianfu.common.workflow import require, step, update_versioned
from lianfu.projects.enums import FirmRole, ProjectStage
from lianfu.projects.models import NOTE_MAX, REASON_MAX, Project, ProjectFirm, ProjectUpdate
from lianfu.projects.rules import may_be_in_charge
from lianfu.projects.stages import PLANNED_FIELDS, STAGES, label, rank, reached_field
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

# What the add and edit forms set (the stage moves by updates; at creation it may be given).
EDITABLE = ("code", "name", "town", "industry", "total_investment", "investment_this_year", "leader_name",
            "leader_post", "officer", *PLANNED_FIELDS)
LIMITS = {"code": 40, "name": 200, "leader_name": 50, "leader_post": 100}


def check_project(values: dict, *, county: Division) -> None:
    """ValidationError (by field) unless ``values`` (every EDITABLE field) make a project of ``county``."""
    errors = {}
    for name, limit in LIMITS.items():
        values[name] = (values.get(name) or "").strip()
        if len(values[name]) > limit:
            errors[name] = _("At most %(n)d characters.") % {"n": limit}
    for name in ("code", "name"):
        if not values[name]:
            errors[name] = _("This field is required.")
    town = values.get("town")
    if town is None or town.level != DivisionLevel.TOWN or not county.contains(town.code):
        errors["town"] = _("Choose a town of %(county)s.") % {"county": county.name}
    total, year = values.get("total_investment"), values.get("investment_this_year")
    if total is None or total < 0:
        errors["total_investment"] = _("Give the total investment in 10,000 yuan (0 or more).")
    if year is not None and (year < 0 or (total is not None and year > total)):
        errors["investment_this_year"] = _("This year's investment lies between 0 and the total investment.")
    officer = values.get("officer")
    if officer is not None and "town" not in errors and not may_be_in_charge(officer, town.code):
        errors["officer"] = _("%(name)s cannot be in charge of a project in %(town)s: choose an officer whose "
                              "jurisdiction covers the town.") % {"name": officer.display_name, "town": town.name}
    if errors:
        raise ValidationError(errors)


def _code_taken(county: Division, code: str, exclude: int | None = None) -> bool:
    found = Project.objects.filter(county=county, code=code)
    return found.exclude(pk=exclude).exists() if exclude else found.exists()


def _code_error(code: str) -> ValidationError:
    return ValidationError({"code": _("The county already has a project numbered %(code)s.") % {"code": code}})


def _firm_changes(project: Project, firms: dict) -> dict[str, set[int]]:
    """The roles whose firms differ from ``firms`` ({role: [enterprise, …]}; a
    role not given keeps its firms), with the enterprise ids wanted."""
    current: dict[str, set[int]] = {}
    if project.pk:
        for role, pk in ProjectFirm.objects.filter(project=project).values_list("role", "enterprise_id"):
            current.setdefault(role, set()).add(pk)
    wanted = {role: {e.pk for e in firms[role] if e is not None} for role in FirmRole.values if role in firms}
    return {role: ids for role, ids in wanted.items() if ids != current.get(role, set())}


def _link_firms(project: Project, changes: dict[str, set[int]]) -> None:
    for role, wanted in changes.items():
        ProjectFirm.objects.filter(project=project, role=role).exclude(enterprise_id__in=wanted).delete()
        # A firm is linked once: named in this role, it leaves the other.
        ProjectFirm.objects.filter(project=project, enterprise_id__in=wanted).exclude(role=role).delete()
        ProjectFirm.objects.bulk_create([ProjectFirm(project=project, enterprise_id=pk, role=role)
                                         for pk in sorted(wanted)], ignore_conflicts=True)


def _may_add_in(actor, county: Division) -> None:
    require(actor, "projects.manage_projects")
    if actor.role == Role.COUNTY_OFFICER and actor.division_id != county.code:
        raise PermissionDenied("projects.manage_projects")


@step
def add_project(*, actor, county: Division, stage: str = "", firms: dict | None = None, **fields) -> Project:
    """A new project of ``county`` (fields: EDITABLE; ``stage`` the last one it
    already reached, blank when not signed yet)."""
    _may_add_in(actor, county)
    values = {name: fields.get(name) for name in EDITABLE}
    check_project(values, county=county)
    if stage not in ("", *ProjectStage.values):
        raise ValidationError({"stage": _("Choose a stage.")})
    if _code_taken(county, values["code"]):
        raise _code_error(values["code"])
    with transaction.atomic():
        project = Project.objects.create(county=county, stage=stage, created_by=_user(actor), **values)
        _link_firms(project, _firm_changes(project, firms or {}))
        log_activity(actor=actor, action="project.added", subject=project, division_code=project.town_id,
                     code=project.code, town=project.town_id, to_stage=stage)
    return project


@step
def change_project(*, actor, project: Project, version: int, firms: dict | None = None, **changes) -> list[str]:
    """Set the given EDITABLE fields (and firms per role); the names of what changed."""
    require(actor, "projects.change_project", project)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    after = {name: changes.get(name, getattr(project, name)) for name in EDITABLE}
    check_project(after, county=project.county)
    changed = [name for name in EDITABLE if after[name] != getattr(project, name)]
    if "code" in changed and _code_taken(project.county, after["code"], exclude=project.pk):
        raise _code_error(after["code"])
    firm_changes = _firm_changes(project, firms or {})
    if not changed and not firm_changes:
        return []
    with transaction.atomic():
        update_versioned(project, version, updated_at=timezone.now(), **{name: after[name] for name in changed})
        _link_firms(project, firm_changes)
        changed += ["firms"] if firm_changes else []
        log_activity(actor=actor, action="project.changed", subject=project, division_code=project.town_id,
                     fields=changed)
    return changed


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_update(project: Project, *, on: dt.date, stage: str, note: str, reason: str) -> None:
    """ValidationError (by field) for what a person can fix by retyping;
    NotAllowed for a move the project's state does not allow."""
    errors = {}
    if on is None:
        errors["on"] = _("Give the date.")
    elif on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if stage not in ("", *ProjectStage.values):
        errors["stage"] = _("Choose a stage.")
    if not stage and not note:
        errors["note"] = _("Choose the stage reached, or write a note.")
    if len(note) > NOTE_MAX:
        errors["note"] = _("At most %(n)d characters.") % {"n": NOTE_MAX}
    if len(reason) > REASON_MAX:
        errors["reason"] = _("At most %(n)d characters.") % {"n": REASON_MAX}
    if errors:
        raise ValidationError(errors)
    if not stage:
        return
    if stage == project.stage:
        raise NotAllowed(_("The project is already at the stage “%(stage)s”; to add something, write a note "
                           "without a stage.") % {"stage": label(stage)})
    if rank(stage) < rank(project.stage) and not reason:
        raise NotAllowed(_("The project has reached “%(current)s”: moving it back to “%(stage)s” needs a reason. "
                           "Say why in “Reason for moving back”.") % {"current": project.stage_label,
                                                                       "stage": label(stage)})
    latest = _latest_reached(project, stage)
    if rank(stage) > rank(project.stage) and latest is not None and on < latest[1]:
        raise NotAllowed(_("“%(earlier)s” was reached on %(day)s: “%(stage)s” cannot be reached before that.") % {
            "earlier": label(latest[0]), "day": latest[1].isoformat(), "stage": label(stage)})


def _latest_reached(project: Project, before: str):
    """(stage, day) of the latest recorded day among the stages before ``before``."""
    days = [(s.value, project.reached_on(s)) for s in STAGES if rank(s) < rank(before) and rank(s) <= rank(
        project.stage) and project.reached_on(s) is not None]
    return max(days, key=lambda item: item[1]) if days else None


def stage_changes(project: Project, stage: str, on: dt.date) -> dict:
    """The fields that move when ``project`` is recorded at ``stage`` on ``on``:
    the stage and its day; moving back also forgets the days of the stages undone."""
    changes = {"stage": stage}
    if rank(stage) > rank(project.stage):
        changes[reached_field(stage)] = on
    else:
        for undone in STAGES:
            if rank(undone) > rank(stage):
                changes[reached_field(undone)] = None
    return changes


@step
def record_update(*, actor, project: Project, on: dt.date, stage: str = "", note: str = "", reason: str = "",
                  version: int | None = None) -> ProjectUpdate:
    """An update of ``project`` dated ``on``: the stage it reached (moving it
    forward; back only with a ``reason``) and/or a note. A stage move is checked
    against ``version`` (the version the page showed; None: the current one)."""
    require(actor, "projects.record_update", project)
    note, reason = (note or "").strip(), (reason or "").strip()
    _check_update(project, on=on, stage=stage, note=note, reason=reason)
    before = project.stage
    with transaction.atomic():
        if stage:
            update_versioned(project, project.version if version is None else version, updated_at=timezone.now(),
                             **stage_changes(project, stage, on))
        update = ProjectUpdate.objects.create(project=project, on=on, stage_before=before if stage else "",
                                              stage=stage, note=note, reason=reason if stage else "",
                                              recorded_by=_user(actor))
        log_activity(actor=actor, subject=project, division_code=project.town_id,
                     action="project.noted" if not stage else
                     "project.moved_back" if rank(stage) < rank(before) else "project.progressed",
                     on=on.isoformat(), from_stage=before, to_stage=stage, note=note[:200], reason=reason)
    return update
