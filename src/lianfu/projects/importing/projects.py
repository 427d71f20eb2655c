"""Import a project list into a county's library.

The project code is the key: a code the county already has updates that
project (blank cells keep what is stored; a stage further on moves it forward
and records a dated update; a stage behind is refused, as a move back needs a
reason given on the project's page), a new code adds one, and a row that
changes nothing is counted unchanged, so re-importing a file changes nothing.
Every row's errors are reported at once (its cells, then what they name: the
town, industry, officer and firms). The same code twice in a file: the later
row is rejected. Everything lands in one transaction with the rejects report."""
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.importing import (
    ImportResult,
    Progress,
    RowError,
    counted_rows,
    no_progress,
    read_for_import,
    rejection,
    values,
)
from lianfu.projects.domain import stage_changes
from lianfu.projects.enums import FirmRole
from lianfu.projects.importing.columns import LABELS, ProjectRow, attempter, cell_texts, parse_row, vocabulary
from lianfu.projects.importing.lookups import Lookups
from lianfu.projects.models import Project, ProjectFirm, ProjectUpdate
from lianfu.projects.stages import label, rank
from lianfu.registry.models import Division

FIRM_FIELDS = {"builder": FirmRole.BUILDER, "investor": FirmRole.INVESTOR}


@dataclass
class Item:
    """A row with what it names found."""
    row: ProjectRow
    town: Division
    industry: str               # "" when the cell was blank
    officer: object | None      # a User, None when the cell was blank
    firms: dict[str, set[int]] = field(default_factory=dict)   # role -> enterprise ids, for the roles given


def _read(lookups: Lookups, cells: dict[str, str]) -> tuple[Item | None, list[RowError]]:
    parsed, errors = parse_row(cells)
    text = cell_texts(cells)
    attempt = attempter(errors)

    town = attempt(lookups.town, text["town"]) if text["town"] else None
    industry = attempt(lookups.industry, text["industry"]) if text["industry"] else ""
    officer = attempt(lookups.officer, values.fold(text["officer"]), town) if text["officer"] else None
    firms = {}
    for name, role in FIRM_FIELDS.items():
        if text[name]:
            firm = attempt(lookups.firm, text[name], name)
            if firm is not None:
                firms[role.value] = {firm.pk}
    if len(firms) == 2 and firms[FirmRole.BUILDER] == firms[FirmRole.INVESTOR]:
        errors.append(RowError("investor", _("the same firm as the builder: a firm is linked to a project once")))
    if errors:
        return None, errors
    return Item(parsed, town, industry or "", officer, firms), []


class Plan:
    """What the accepted rows change, built row by row and written at the end."""

    def __init__(self, county: Division, *, user, today: dt.date, file_name: str):
        self.county, self.user, self.today, self.file_name = county, user, today, file_name
        self.stored = {p.code: p for p in Project.objects.filter(county=county)}
        self.linked: dict[int, dict[str, set[int]]] = {}
        for project_id, role, enterprise_id in ProjectFirm.objects.filter(project__county=county).values_list(
                "project_id", "role", "enterprise_id"):
            self.linked.setdefault(project_id, {}).setdefault(role, set()).add(enterprise_id)
        self.creates: list[tuple[Project, dict]] = []
        self.updates: list[Project] = []
        self.fields: set[str] = set()
        self.firm_changes: list[tuple[Project, dict]] = []
        self.moves: list[ProjectUpdate] = []
        self.unchanged = 0

    def add(self, item: Item) -> list[RowError]:
        current = self.stored.get(item.row.code)
        if current is None:
            self._create(item)
            return []
        return self._update(current, item)

    def _fields(self, item: Item) -> dict:
        """The stored fields the row sets (blank cells set nothing)."""
        row = item.row
        wanted = {"name": row.name, "town_id": item.town.code, "total_investment": row.total_investment}
        if item.industry:
            wanted["industry_id"] = item.industry
        if row.investment_this_year is not None:
            wanted["investment_this_year"] = row.investment_this_year
        if row.leader is not None:
            if row.leader[0]:
                wanted["leader_name"] = row.leader[0]
            if row.leader[1]:
                wanted["leader_post"] = row.leader[1]
        if item.officer is not None:
            wanted["officer_id"] = item.officer.pk
        wanted.update(row.planned)
        return wanted

    def _create(self, item: Item) -> None:
        project = Project(county=self.county, code=item.row.code, stage=item.row.stage or "",
                          created_by=self.user, **self._fields(item))
        self.creates.append((project, item.firms))

    def _update(self, current: Project, item: Item) -> list[RowError]:
        wanted = self._fields(item)
        changes = {name: value for name, value in wanted.items() if getattr(current, name) != value}
        year = changes.get("investment_this_year", current.investment_this_year)
        total = changes.get("total_investment", current.total_investment)
        if year is not None and year > total:
            return [RowError("investment_this_year", _("more than the total investment (%(total)s)") % {
                "total": f"{total:,}"})]
        stage = item.row.stage
        move = stage is not None and stage != current.stage
        if move and rank(stage) < rank(current.stage):
            return [RowError("stage", _("the project has reached “%(current)s”: moving it back to “%(stage)s” needs "
                                        "a reason, recorded on the project's page") % {
                "current": current.stage_label, "stage": label(stage)})]
        linked = self.linked.get(current.pk, {})
        firms = {role: ids for role, ids in item.firms.items() if linked.get(role, set()) != ids}
        if not changes and not move and not firms:
            self.unchanged += 1
            return []
        if move:
            self.moves.append(ProjectUpdate(project=current, on=self.today, stage_before=current.stage, stage=stage,
                                            note=_("From the imported file %(file)s") % {"file": self.file_name},
                                            recorded_by=self.user))
            changes.update(stage_changes(current, stage, self.today))
        for name, value in changes.items():
            setattr(current, name, value)
        self.fields.update(changes)
        self.updates.append(current)
        if firms:
            self.firm_changes.append((current, firms))
        return []

    def save(self) -> tuple[int, int]:
        new = Project.objects.bulk_create([project for project, _firms in self.creates], batch_size=500)
        links = [ProjectFirm(project=project, enterprise_id=pk, role=role)
                 for project, (_p, firms) in zip(new, self.creates) for role, ids in firms.items() for pk in ids]
        for project, firms in self.firm_changes:
            ProjectFirm.objects.filter(project=project).filter(role__in=list(firms)).delete()
            wanted = {pk for ids in firms.values() for pk in ids}
            ProjectFirm.objects.filter(project=project, enterprise_id__in=wanted).delete()
            links += [ProjectFirm(project=project, enterprise_id=pk, role=role)
                      for role, ids in firms.items() for pk in ids]
        ProjectFirm.objects.bulk_create(links, batch_size=1000)
        if self.updates:
            now = timezone.now()
            for project in self.updates:
                project.version, project.updated_at = F("version") + 1, now
            Project.objects.bulk_update(self.updates, sorted(self.fields | {"version", "updated_at"}),
                                        batch_size=500)
        ProjectUpdate.objects.bulk_create(self.moves, batch_size=1000)
        return len(new), len(self.updates)


def import_projects(path: Path, *, county: Division, max_bytes: int, progress: Progress | None = None, user=None,
                    choices: dict | None = None, saved: dict | None = None, before_commit=None, file_name: str = "",
                    today: dt.date | None = None) -> ImportResult:
    """Read, validate and upsert a project list into ``county``'s library.
    Raises TabularError when the file as a whole cannot be read."""
    progress = progress or no_progress
    table = read_for_import(path, vocabulary(), max_bytes=max_bytes, choices=choices, saved=saved)
    table.plan.check()
    result = ImportResult()
    rows = [(number, cells, table.plan.values(cells)) for number, cells in counted_rows(table, result, progress)]
    creator = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic(), scopes_disabled():
        firm_texts = {cells.get(name, "").strip() for _n, _c, cells in rows for name in FIRM_FIELDS}
        lookups = Lookups(county, firm_texts - {""})
        plan = Plan(county, user=creator, today=today or timezone.localdate(), file_name=file_name or Path(path).name)
        first_row: dict[str, int] = {}
        for number, cells, found in rows:
            item, errors = _read(lookups, found)
            if item is not None and item.row.code in first_row:
                errors = [RowError("code", _("the same project code as row %(row)d") % {
                    "row": first_row[item.row.code]})]
            if not errors:
                errors = plan.add(item)
            if errors:
                result.rejections.extend(rejection(LABELS, number, e.field, found.get(e.field, ""), e.reason, cells)
                                         for e in errors)
            else:
                first_row[item.row.code] = number
        result.rejections.sort(key=lambda r: r.row)
        result.created, result.updated = plan.save()
        result.unchanged = plan.unchanged
        progress("saving", len(rows), len(rows))
        if before_commit:
            before_commit(result)
    return result
