"""Each ActivityLog event in words: "张三 审核通过了慈溪市甬达电器有限公司的备案",
never a code such as ``filing.approved``.

One sentence per action code (and one per status for ``import.<kind>.<status>``),
translatable, with named placeholders:

- ``actor``: who did it (their display name; "the system" when no one did),
- ``subject``: what it was done to, in words: the enterprise's name for a filing,
  a survey or a ticket, the token's name, the file's name…,
- ``number``: the subject's id (a ticket's number),
- every field of the event's ``data``, made readable (credit codes become firm
  names, division codes place names, choice codes their labels, timestamps
  local times, lists one line), plus a few values derived from them.

An action this module does not know still reads as a sentence ("张三 对企业
慈溪市甬达电器有限公司进行了操作"), never as a bare code; tests/common/
test_activity_words.py fails when code anywhere writes an action that has no
sentence here. Names are looked up for a whole page (or export chunk) at once:
one query per kind of subject, whatever the number of rows.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from lianfu.common.enums import JobStatus

SENTENCES = {
    # registry
    "enterprise.created": _("%(actor)s added the enterprise %(subject)s (%(uscc)s)"),
    "enterprise.updated": _("%(actor)s edited the %(fields)s of %(subject)s"),
    "enterprise.contact_revealed": _("%(actor)s viewed the contact phone of %(subject)s"),
    "town_alias.added": _("%(actor)s added the old town name %(old)s for %(town)s"),
    "town_alias.changed": _("%(actor)s changed the old town name %(old)s of %(town)s"),
    "town_alias.deleted": _("%(actor)s deleted the old town name %(old)s of %(town)s"),
    # accounts
    "api_token.issued": _("%(actor)s issued the API token “%(name)s”"),
    "api_token.revoked": _("%(actor)s revoked the API token “%(subject)s”"),
    # chains
    "chain.created": _("%(actor)s started the supply chain of %(subject)s"),
    "hand_off.sent": _("%(actor)s handed %(suppliers)s suppliers over to %(to_county)s"),
    "hand_off.confirmed": _("%(actor)s recorded that %(to_county)s confirmed %(subject)s restarted"),
    # restart: the four syncs
    "survey.recorded": _("%(actor)s recorded a survey of %(subject)s: capacity %(capacity_pct)s%%"),
    "filing.package_submitted": _("%(actor)s submitted the chain package filing of %(subject)s with "
                                  "%(members)s suppliers"),
    "filing.submitted": _("%(actor)s submitted the restart filing of %(subject)s"),
    "filing.confirmed": _("%(actor)s confirmed the filing of %(subject)s in its chain package"),
    "filing.resubmitted": _("%(actor)s resubmitted the returned filing of %(subject)s"),
    "filing.approved": _("%(actor)s approved the filing of %(subject)s"),
    "filing.returned": _("%(actor)s returned the filing of %(subject)s: %(reason)s"),
    "prevention.self_checked": _("%(actor)s filled in the prevention self-check of %(subject)s: %(done)s "
                                 "measures in place"),
    "prevention.inspected": _("%(actor)s inspected the prevention measures of %(subject)s: %(result)s"),
    "restart.override_granted": _("%(actor)s allowed %(subject)s to restart before approval and "
                                  "inspection: %(reason)s"),
    "restart.confirmed": _("%(actor)s confirmed that %(subject)s restarted at %(capacity_pct)s%% capacity"),
    "supplies.updated": _("%(actor)s updated the prevention supplies of %(subject)s: %(masks)s masks, "
                          "%(thermometers)s thermometers, %(disinfectant_litres)s litres of disinfectant"),
    "supplies.transferred": _("%(actor)s sent prevention supplies from %(subject)s to %(to)s: %(masks)s "
                              "masks, %(thermometers)s thermometers, %(disinfectant_litres)s litres of "
                              "disinfectant"),
    "guide.shared": _("%(actor)s shared the prevention guide “%(title)s” of %(subject)s with its chain"),
    "checklist.updated": _("%(actor)s changed %(count)s items of the prevention checklist of %(subject)s"),
    # helpdesk: one sentence per ticket event kind (helpdesk.enums.EventKind)
    "ticket.submitted": _("%(actor)s submitted ticket #%(number)s for %(subject)s"),
    "ticket.classified": _("%(actor)s classified ticket #%(number)s of %(subject)s as %(category)s "
                           "(confidence %(confidence)s)"),
    "ticket.queued": _("Ticket #%(number)s of %(subject)s waits for the dispatcher"),
    "ticket.routed": _("%(actor)s routed ticket #%(number)s of %(subject)s to %(department)s"),
    "ticket.accepted": _("%(actor)s accepted ticket #%(number)s of %(subject)s"),
    "ticket.returned": _("%(actor)s returned ticket #%(number)s of %(subject)s as not theirs"),
    "ticket.extension_requested": _("%(actor)s asked for more time on ticket #%(number)s of %(subject)s"),
    "ticket.extension_granted": _("%(actor)s extended ticket #%(number)s of %(subject)s to %(due)s"),
    "ticket.extension_refused": _("%(actor)s refused more time on ticket #%(number)s of %(subject)s"),
    "ticket.overdue": _("Ticket #%(number)s of %(subject)s passed its deadline (%(due)s)"),
    "ticket.escalated": _("Ticket #%(number)s of %(subject)s was escalated to the county"),
    "ticket.resolved": _("%(actor)s resolved ticket #%(number)s of %(subject)s"),
    "ticket.rated": _("%(actor)s rated the answer to ticket #%(number)s %(rating)s out of 5"),
    "ticket.reopened": _("%(actor)s reopened ticket #%(number)s of %(subject)s"),
    "ticket.closed": _("%(actor)s closed ticket #%(number)s of %(subject)s"),
    "ticket.supplemented": _("%(actor)s added to ticket #%(number)s of %(subject)s"),
    "ticket.merged": _("%(actor)s merged ticket #%(number)s of %(subject)s into ticket #%(into)s"),
    "ticket.commented": _("%(actor)s added a note to ticket #%(number)s of %(subject)s"),
    "helpdesk.route_set": _("%(actor)s set where a category of tickets goes: %(subject)s"),
    "helpdesk.classification_corrected": _("%(actor)s corrected a ticket's category to %(category)s"),
    # workforce (the subject is the worker's masked ID number: the log is read by officers
    # who may not see the people behind a firm)
    "workforce.reveal": _("%(actor)s viewed the ID number, phone and address of worker %(subject)s"),
    "workforce.state": _("%(actor)s set worker %(subject)s to %(state)s"),
    "workforce.kept": _("%(actor)s confirmed that worker %(subject)s still works for the employer"),
    # workforce: the county's list of origin risk levels, and the firms' open positions
    "origin_risk.added": _("%(actor)s listed %(subject)s as %(level)s from %(effective_from)s"),
    "origin_risk.changed": _("%(actor)s changed the %(fields)s of the risk entry for %(subject)s"),
    "origin_risk.ended": _("%(actor)s ended the risk entry for %(subject)s on %(effective_to)s"),
    "open_position.opened": _("%(actor)s opened %(count)s openings for %(title)s at %(subject)s"),
    "open_position.changed": _("%(actor)s changed the %(fields)s of the open position %(title)s at %(subject)s"),
    "open_position.closed": _("%(actor)s closed the open position %(title)s at %(subject)s"),
    "trips.plan_started": _("%(actor)s started planning the charter trips %(subject)s"),
    "trips.planned": _("Charter trips %(subject)s planned: %(vehicles)s vehicles (lower bound %(lower_bound)s) for "
                       "%(workers)s workers, %(excluded)s in high-risk origins left out"),
    "trips.departed": _("%(actor)s recorded that vehicle %(number)s of %(subject)s departed with %(workers)s workers"),
    "trips.arrived": _("%(actor)s recorded that vehicle %(number)s of %(subject)s arrived with %(workers)s workers"),
    "trips.cancelled": _("%(actor)s cancelled vehicle %(number)s of %(subject)s"),
    # checkin: workplace codes, the door, health statuses
    "checkin.place_added": _("%(actor)s added the workplace %(subject)s"),
    "checkin.codes_revoked": _("%(actor)s revoked every code printed so far for %(subject)s"),
    "checkin.code_refused": _("A code of %(subject)s was refused at the door: %(reason)s"),
    "checkin.refused": _("Entry refused at the door (health status %(status)s)"),
    "checkin.device_identified": _("Worker %(subject)s identified a phone for workplace entry"),
    "checkin.health_proposed": _("%(actor)s proposed the health status %(status)s for %(id)s"),
    "checkin.health_approved": _("%(actor)s approved the health status %(status)s for %(id)s"),
    "checkin.health_rejected": _("%(actor)s rejected the health status %(status)s proposed for %(id)s"),
    # messaging: the group robots that carry notifications out of the app
    "robot.added": _("%(actor)s added the group robot %(subject)s for %(division)s"),
    "robot.deactivated": _("%(actor)s switched off the group robot %(subject)s of %(division)s"),
    "robot.reactivated": _("%(actor)s switched the group robot %(subject)s of %(division)s back on"),
    "robot.tested": _("%(actor)s sent a test message to the group robot %(subject)s of %(division)s"),
    "messaging.delivery_resent": _("%(actor)s had the message “%(subject)s” to %(address)s sent again"),
    "messaging.preference_saved": _("%(actor)s changed how %(subject)s is told outside the app"),
    "messaging.role_default_saved": _("%(actor)s changed the default for the role %(role)s in %(division)s: how "
                                      "they are told outside the app"),
    "robot.messages_accepted": _("%(actor)s let the group of %(subject)s write to it (problems reported from "
                                 "DingTalk)"),
    "robot.messages_stopped": _("%(actor)s stopped %(subject)s taking messages from its group"),
    "messaging.dingtalk_linked": _("%(subject)s linked a DingTalk account"),
    "messaging.dingtalk_unlinked": _("%(actor)s unlinked the DingTalk account of %(subject)s"),
    # projects: the major-project library
    "project.added": _("%(actor)s added the major project %(subject)s (%(code)s) in %(town)s"),
    "project.changed": _("%(actor)s edited the %(fields)s of the major project %(subject)s"),
    "project.progressed": _("%(actor)s recorded that the major project %(subject)s reached “%(to_stage)s” on %(on)s"),
    "project.moved_back": _("%(actor)s moved the major project %(subject)s back from “%(from_stage)s” to "
                            "“%(to_stage)s”: %(reason)s"),
    "project.noted": _("%(actor)s added a note to the major project %(subject)s: %(note)s"),
    # liaison: the assignment of liaison officers
    "liaison.proposed": _("%(actor)s had an assignment of liaison officers proposed (No. %(number)s): %(moves)s "
                          "moves, %(unfilled)s places unfilled"),
    "liaison.applied": _("%(actor)s applied the assignment of liaison officers No. %(number)s: %(moved)s changed "
                         "officer, %(new)s newly looked after, %(ended)s ended, %(kept)s kept"),
    "liaison.proposal_failed": _("%(actor)s asked for an assignment of liaison officers and it did not finish"),
    "liaison.rule_changed": _("%(actor)s changed the liaison rule “%(rule)s”: %(fields)s"),
    "liaison.visit_recorded": _("%(actor)s recorded a visit to %(unit)s on %(visited_on)s (%(purpose)s)"),
    # analysis
    "analysis.drill_created": _("%(actor)s computed the drill “%(name)s”: %(shocked)s firms closed, "
                                "%(total_lost)s (10,000 yuan) of output lost"),
    "analysis.drill_deleted": _("%(actor)s deleted the drill “%(name)s”"),
    # common
    "work_calendar.saved": _("%(actor)s saved the working-day calendar of %(year)s"),
    "work_calendar.deleted": _("%(actor)s deleted the working-day calendar of %(year)s"),
}

# import.<kind>.<status>: every import kind writes the same events (common.importing).
IMPORT = re.compile(r"^import\.(?P<kind>[a-z0-9_]+)\.(?P<status>[a-z0-9_]+)$")
IMPORT_KINDS = {
    "enterprises": _("the enterprise registry"),
    "suppliers": _("a supplier list"),
    "workers": _("worker records"),
    "risks": _("a list of origin risk levels"),
    "projects": _("the major-project library"),
}
IMPORT_SENTENCES = {
    JobStatus.DONE: _("%(actor)s imported %(what)s from %(file)s: %(created)s added, %(updated)s updated, "
                      "%(rejected)s rejected"),
    JobStatus.FAILED: _("%(actor)s's import of %(what)s from %(file)s failed"),
    "mapped": _("%(actor)s confirmed the columns of %(file)s for an import of %(what)s"),
}
IMPORT_OTHER = _("%(actor)s's import of %(what)s from %(file)s: %(status)s")
IMPORT_STATUSES = {*JobStatus.values, "mapped"}

FALLBACK = _("%(actor)s acted on %(record)s")

# The page's filter: the families of events, by code prefix.
FAMILIES = [
    ("enterprise.", _("Enterprises")),
    ("town_alias.", _("Old town names")),
    ("chain.", _("Supply chains")),
    ("hand_off.", _("Hand-offs to other counties")),
    ("survey.", _("Surveys")),
    ("filing.", _("Filings")),
    ("prevention.", _("Prevention checks")),
    ("restart.", _("Restarts")),
    ("supplies.", _("Prevention supplies")),
    ("guide.", _("Prevention guides")),
    ("checklist.", _("Prevention checklist")),
    ("ticket.", _("Tickets")),
    ("helpdesk.", _("Ticket routing and categories")),
    ("workforce.", _("Workers")),
    ("origin_risk.", _("Origin risk levels")),
    ("open_position.", _("Open positions")),
    ("trips.", _("Charter trips")),
    ("checkin.", _("Workplace entry")),
    ("import.", _("Imports")),
    ("api_token.", _("API tokens")),
    ("work_calendar.", _("Working days")),
    ("robot.", _("Group robots")),
    ("messaging.", _("Messages out of the app")),
    ("project.", _("Major projects")),
    ("liaison.", _("Liaison officers")),
    ("analysis.", _("Drills")),
]

# How each kind of subject is named: a field path read in one query per kind.
NAME_PATHS = {
    "registry.enterprise": "name",
    "registry.division": "name",
    "registry.townalias": "old_name",
    "accounts.apitoken": "name",
    "chains.chain": "lead__name",
    "chains.handoff": "supplier__name",
    "restart.survey": "enterprise__name",
    "restart.filing": "enterprise__name",
    "restart.chainfiling": "lead__name",
    "restart.preventioncheck": "enterprise__name",
    "restart.restartconfirmation": "enterprise__name",
    "restart.restartoverride": "enterprise__name",
    "restart.suppliesledger": "enterprise__name",
    "restart.suppliestransfer": "from_enterprise__name",
    "restart.preventionguide": "lead__name",
    "helpdesk.ticket": "enterprise__name",
    "common.importjob": "original_name",
    "common.workcalendar": "year",
    "workforce.worker": "id_masked",
    "workforce.originrisk": "division__name",
    "workforce.openposition": "enterprise__name",
    "workforce.tripplan": "name",
    "checkin.place": "name",
    "workforce.trip": "plan__name",
    "messaging.robot": "name",
    "messaging.userpreference": "user__username",
    "messaging.delivery": "title",
    "projects.project": "name",
    "projects.projectupdate": "project__name",
}
# Data fields holding an enterprise's credit code or a division's code: shown by name.
ENTERPRISE_KEYS = {"enterprise", "to", "supplier"}
DIVISION_KEYS = {"town", "to_county", "division"}
# Data fields holding a choice: (model, field) whose choices give the label.
CHOICE_KEYS = {"category": ("helpdesk.ticket", "category"), "chosen": ("helpdesk.ticket", "category"),
               "channel": ("helpdesk.ticket", "channel"), "stage": ("restart.enterprisestage", "stage"),
               "state": ("workforce.worker", "state"), "level": ("workforce.originrisk", "level"),
               "role": ("messaging.roledefault", "role"),
               "from_stage": ("projects.project", "stage"), "to_stage": ("projects.project", "stage"),
               "rule": ("liaison.assignmentrule", "kind"), "purpose": ("liaison.visit", "purpose")}
TIME_KEYS = {"due", "escalate_at"}
EMPTY = "—"


def has_sentence(action: str) -> bool:
    """Whether ``action`` has its own sentence (not the generic one)."""
    if action in SENTENCES:
        return True
    found = IMPORT.match(action)
    return bool(found) and found["kind"] in IMPORT_KINDS and found["status"] in IMPORT_STATUSES


def family(action: str):
    """The filter label of the family ``action`` belongs to, or None."""
    return next((label for prefix, label in FAMILIES if action.startswith(prefix)), None)


def narrower(action: str) -> str:
    """How the filter names a prefix narrower than a family (``enterprise.updated``)."""
    label = family(action)
    return gettext("%(family)s: some events only") % {"family": label} if label else gettext("Other events")


class _Values(dict):
    """The placeholders' values; one an event lacks (an older row) reads as a dash."""

    def __missing__(self, key):
        return EMPTY


def describe(entries: Iterable) -> list[str]:
    """The sentence of each ActivityLog entry (actors select_related by the caller),
    with the names of their subjects looked up in one query per kind."""
    entries = list(entries)
    names = _Names(entries)
    return [_sentence(entry, names) for entry in entries]


def described(entries: Iterable, batch: int = 2000) -> Iterator[tuple[object, str]]:
    """(entry, sentence) for a long stream (the Excel export), ``batch`` at a time."""
    stream = iter(entries)
    while chunk := list(islice(stream, batch)):
        yield from zip(chunk, describe(chunk))


def _sentence(entry, names: "_Names") -> str:
    values = _Values({key: _readable(key, value, names) for key, value in (entry.data or {}).items()})
    if isinstance((entry.data or {}).get("fields"), list):
        values["fields"] = _field_names(entry, entry.data["fields"])
    actor = getattr(entry, "actor", None)
    values["actor"] = actor.display_name if actor is not None else gettext("The system")
    values["number"] = entry.subject_id
    values["subject"] = names.subject(entry) or _firm_from_data(entry, names) or _from_data(entry) or _record(entry, "")
    values.update(_derived(entry, values))
    template = SENTENCES.get(entry.action)
    found = IMPORT.match(entry.action)
    if template is None and found:
        values["what"] = str(IMPORT_KINDS.get(found["kind"], _("a file")))
        values["file"] = values["file"] if "file" in values else values["subject"]
        status = found["status"]
        values["status"] = str(dict(JobStatus.choices).get(status, status))
        template = IMPORT_SENTENCES.get(status, IMPORT_OTHER)
    if template is None:
        values["record"] = _record(entry, names.subject(entry) or _from_data(entry))
        template = FALLBACK
    try:
        return str(template) % values
    except (TypeError, ValueError, KeyError):
        return str(FALLBACK) % _Values(actor=values["actor"], record=_record(entry, values["subject"]))


def _derived(entry, values: dict) -> dict:
    """Values a sentence needs that the data holds only in parts."""
    data = entry.data or {}
    out = {}
    if "old_name" in data or "old_code" in data:
        out["old"] = data.get("old_name") or data.get("old_code") or EMPTY
    if isinstance(data.get("items"), list):
        out["count"] = len(data["items"])
    if "passed" in data:
        out["result"] = gettext("passed") if data["passed"] else gettext("not passed")
    if entry.action == "ticket.routed" and not data.get("department"):
        out["department"] = gettext("the town triage of %(town)s") % {"town": values["town"]}
    return out


def _firm_from_data(entry, names: "_Names") -> str:
    """The firm a deleted subject was about (restart and ticket events keep its credit code)."""
    data = entry.data or {}
    for key in ("enterprise", "supplier"):
        if isinstance(data.get(key), str) and names.enterprise(data[key]):
            return names.enterprise(data[key])
    return ""


def _from_data(entry) -> str:
    """A name the event itself kept, for subjects since deleted."""
    data = entry.data or {}
    for key in ("old_name", "old_code", "name", "file", "year", "title"):
        if data.get(key):
            return str(data[key])
    return ""


def _separator() -> str:
    """Between the items of a list: "、" in Chinese, ", " otherwise (not the catalogue's
    ", ", which Django's own strings use with another meaning in Chinese)."""
    return "、" if (get_language() or "").startswith("zh") else ", "


def _field_names(entry, fields: list) -> str:
    """The changed fields of the subject, by their labels ("员工人数、联系电话")."""
    try:
        meta = apps.get_model(entry.subject_type)._meta
    except (LookupError, ValueError):
        meta = None
    labels = []
    for name in fields:
        try:
            labels.append(str(meta.get_field(name).verbose_name) if meta else str(name))
        except FieldDoesNotExist:
            labels.append(str(name))
    return _separator().join(labels) or EMPTY


def _record(entry, name: str) -> str:
    """"企业 慈溪市甬达电器有限公司": the kind of record, then its name (or number)."""
    try:
        kind = str(apps.get_model(entry.subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = gettext("record")
    return f"{kind} {name or '#' + str(entry.subject_id)}"


def _readable(key: str, value, names: "_Names") -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return _separator().join(_readable(key, item, names) for item in value) or EMPTY
    if isinstance(value, dict):
        return _separator().join(f"{k}: {v}" for k, v in value.items()) or EMPTY
    if key in ENTERPRISE_KEYS and isinstance(value, str):
        return names.enterprise(value) or value
    if key in DIVISION_KEYS and isinstance(value, str):
        return names.division(value) or value
    if key in CHOICE_KEYS and isinstance(value, str):
        return _choice_label(key, value)
    if key in TIME_KEYS and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if key == "confidence" and isinstance(value, (int, float)):
        return f"{value:.0%}"
    return str(value)


def _choice_label(key: str, value: str) -> str:
    label, field = CHOICE_KEYS[key]
    try:
        choices = dict(apps.get_model(label)._meta.get_field(field).flatchoices)
    except (LookupError, FieldDoesNotExist):
        return value
    return str(choices.get(value, value))


class _Names:
    """Names of the subjects, firms (by credit code) and divisions (by code) that a
    batch of events mentions, each kind read in one query. The events were already
    filtered to the reader's jurisdiction, so the lookups are not scoped again."""

    def __init__(self, entries: list):
        self._subjects: dict[tuple[str, str], str] = {}
        by_type: dict[str, set[str]] = defaultdict(set)
        usccs, divisions = set(), set()
        for entry in entries:
            by_type[entry.subject_type].add(entry.subject_id)
            for key, value in (entry.data or {}).items():
                if key in ENTERPRISE_KEYS and isinstance(value, str) and value:
                    usccs.add(value)
                if key in DIVISION_KEYS and isinstance(value, str) and value.isdigit():
                    divisions.add(_division_code(value))
        with scopes_disabled():
            for subject_type, ids in by_type.items():
                self._subjects.update(((subject_type, pk), name) for pk, name in _subject_names(subject_type, ids))
            self._enterprises = dict(_values("registry.enterprise", "uscc", usccs, "name"))
            self._divisions = dict(_values("registry.division", "code", divisions, "name"))

    def subject(self, entry) -> str:
        return self._subjects.get((entry.subject_type, entry.subject_id), "")

    def enterprise(self, uscc: str) -> str:
        return self._enterprises.get(uscc, "")

    def division(self, code: str) -> str:
        return self._divisions.get(_division_code(code), "") if code.isdigit() else ""


def _division_code(code: str) -> str:
    return code.ljust(12, "0")[:12]


def _values(label: str, key: str, wanted: set, field: str):
    if not wanted:
        return []
    try:
        model = apps.get_model(label)
    except LookupError:
        return []
    return model._base_manager.filter(**{f"{key}__in": sorted(wanted)}).values_list(key, field)


def _subject_names(subject_type: str, ids: set[str]):
    """(subject id as stored, name) for the subjects that still exist."""
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        return []
    pk_field = model._meta.pk
    keys = {}
    for raw in ids:
        try:
            keys[pk_field.to_python(raw)] = raw
        except (ValidationError, TypeError, ValueError):
            continue
    if not keys:
        return []
    manager = model._base_manager
    path = NAME_PATHS.get(subject_type)
    if path is not None:
        rows = manager.filter(pk__in=list(keys)).values_list("pk", path)
        return [(keys[pk], str(name)) for pk, name in rows if pk in keys and name not in (None, "")]
    return [(keys[obj.pk], str(obj)) for obj in manager.filter(pk__in=list(keys)) if obj.pk in keys]
