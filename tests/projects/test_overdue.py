"""The overdue rule (projects/stages.py) at its boundaries: a stage is overdue
when its planned date has passed (yesterday, not today) and it has not been
reached; the query every list filters with says the same."""
import datetime as dt

import pytest
from django_scopes import scopes_disabled

from lianfu.projects.enums import ProjectStage
from lianfu.projects.models import Project
from lianfu.projects.stages import first_overdue, is_overdue, is_reached, overdue_condition, stage_rows
from tests.projects.conftest import make_project

TODAY = dt.date(2020, 3, 6)
YESTERDAY, TOMORROW = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)


@pytest.mark.parametrize(("planned", "reached", "overdue"), [
    (YESTERDAY, False, True),
    (YESTERDAY, True, False),
    (TODAY, False, False),        # the planned day itself is not over yet
    (TODAY, True, False),
    (TOMORROW, False, False),
    (TOMORROW, True, False),
    (None, False, False),         # no plan, nothing late
])
def test_a_stage_is_overdue_only_once_its_planned_day_is_over_and_it_is_not_reached(planned, reached, overdue):
    assert is_overdue(planned, reached, TODAY) is overdue


def test_a_later_stage_counts_as_reaching_the_ones_before_it():
    assert is_reached("started", ProjectStage.LAND) and is_reached("started", ProjectStage.STARTED)
    assert not is_reached("started", ProjectStage.COMPLETED) and not is_reached("", ProjectStage.SIGNED)


@pytest.mark.django_db
def test_the_query_says_what_the_rule_says_for_every_boundary():
    """Each project has one planned date (the start of construction) at one
    boundary and stands before, at or after that stage."""
    expected = {}
    for n, planned in enumerate((YESTERDAY, TODAY, TOMORROW, None)):
        for m, stage in enumerate(("approvals", "started", "completed")):
            code = f"P{n}{m}"
            make_project(code, stage=stage, planned_started=planned)
            expected[code] = is_overdue(planned, is_reached(stage, ProjectStage.STARTED), TODAY)
    with scopes_disabled():
        found = set(Project.objects.filter(overdue_condition(TODAY)).values_list("code", flat=True))
        projects = {p.code: p for p in Project.objects.all()}
    assert found == {code for code, late in expected.items() if late} == {"P00"}
    assert {code for code, p in projects.items() if first_overdue(p, TODAY)} == found


@pytest.mark.django_db
def test_a_project_shows_each_stage_planned_against_reached_and_the_first_late_one():
    project = make_project("P1", stage="land", planned_signed=dt.date(2020, 1, 10), reached_land=dt.date(2020, 2, 1),
                           planned_approvals=dt.date(2020, 2, 20), planned_started=dt.date(2020, 3, 1),
                           planned_completed=TODAY)
    rows = {row.stage.value: row for row in stage_rows(project, TODAY)}
    assert [(r.reached, r.reached_on, r.overdue, r.days_late, r.days_left) for r in rows.values()] == [
        (True, None, False, 0, None),                       # signed: passed, its day not recorded
        (True, dt.date(2020, 2, 1), False, 0, None),
        (False, None, True, 15, None),
        (False, None, True, 5, None),
        (False, None, False, 0, 0),                         # due today
    ]
    assert first_overdue(project, TODAY).stage == ProjectStage.APPROVALS
