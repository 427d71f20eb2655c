"""The stages of a project in order, and the overdue rule: the one definition
every page, export and import reads (docs/metrics.md has it in words).

A stage is **reached** when the project's stage is that stage or a later one
(a project recorded as started has had its land and approvals, whether or not
each was recorded on its day). A stage is **overdue** when its planned date has
passed (is before today: the planned day itself is not yet late) and it has not
been reached. ``is_overdue`` is the rule; ``overdue_condition`` states the same
rule as a query for lists that filter and count in the database
(tests/projects/test_overdue.py checks that the two agree at every boundary)."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from lianfu.projects.enums import NOT_SIGNED, NOT_SIGNED_LABEL, ProjectStage

STAGES: tuple[ProjectStage, ...] = tuple(ProjectStage)
_RANK = {NOT_SIGNED: 0, **{stage.value: n for n, stage in enumerate(STAGES, 1)}}


def rank(stage: str) -> int:
    """0 for not signed, then 1 (signed) … 5 (completed)."""
    return _RANK[stage or NOT_SIGNED]


def label(stage: str) -> str:
    return str(ProjectStage(stage).label) if stage else str(NOT_SIGNED_LABEL)


def planned_field(stage: str) -> str:
    return f"planned_{stage}"


def reached_field(stage: str) -> str:
    return f"reached_{stage}"


PLANNED_FIELDS = tuple(planned_field(s) for s in STAGES)
REACHED_FIELDS = tuple(reached_field(s) for s in STAGES)


def at_or_after(stage: str) -> list[str]:
    """The stage values at which ``stage`` counts as reached."""
    return [s.value for s in STAGES if rank(s) >= rank(stage)]


def is_reached(current: str, stage: str) -> bool:
    return rank(current) >= rank(stage)


def is_overdue(planned: dt.date | None, reached: bool, today: dt.date) -> bool:
    """THE rule: planned, the planned day is over, and not reached."""
    return planned is not None and planned < today and not reached


def overdue_condition(today: dt.date) -> Q:
    """``is_overdue`` for some stage of the project, as a query condition."""
    condition = Q(pk__in=[])
    for stage in STAGES:
        condition |= Q(**{f"{planned_field(stage)}__lt": today}) & ~Q(stage__in=at_or_after(stage))
    return condition


@dataclass(frozen=True)
class StageRow:
    """One stage of one project as every page shows it."""
    stage: ProjectStage
    planned: dt.date | None
    reached: bool
    reached_on: dt.date | None       # the day recorded (None: passed without a recorded day)
    overdue: bool
    days_late: int                   # > 0 only when overdue
    days_left: int | None            # planned and not reached: days until the planned day (0 = today)

    @property
    def label(self) -> str:
        return str(self.stage.label)


def stage_rows(project, today: dt.date) -> list[StageRow]:
    rows = []
    for stage in STAGES:
        planned = getattr(project, planned_field(stage))
        reached = is_reached(project.stage, stage)
        overdue = is_overdue(planned, reached, today)
        rows.append(StageRow(
            stage=stage, planned=planned, reached=reached,
            reached_on=getattr(project, reached_field(stage)) if reached else None, overdue=overdue,
            days_late=(today - planned).days if overdue else 0,
            days_left=(planned - today).days if planned is not None and not reached and not overdue else None))
    return rows


def first_overdue(project, today: dt.date) -> StageRow | None:
    """The earliest overdue stage of the project (the one to chase), or None."""
    return next((row for row in stage_rows(project, today) if row.overdue), None)


def next_stage(project) -> ProjectStage | None:
    """The stage the project works towards (None once completed)."""
    return next((s for s in STAGES if rank(s) > rank(project.stage)), None)
