"""The demo's major-project library (demo/projects_step.py), generated on a
tiny demo county (its registry and logins) at a fixed moment: 25 projects
across the towns with leaders, stages and investments, exactly four overdue
(one of them the `town` login's), deterministic for a seed, and fast."""
import datetime as dt
import time
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.demo.accounts_step import accounts_step
from lianfu.demo.context import DemoContext
from lianfu.demo.projects_step import OVERDUE, PROJECTS, STAGE_COUNTS, projects_step
from lianfu.demo.registry_step import registry_step
from lianfu.projects.models import Project, ProjectFirm, ProjectUpdate
from lianfu.projects.stages import STAGES, is_overdue, is_reached, overdue_condition, rank
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 11, 14, 15, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
FIELDS = ("code", "name", "town_id", "industry_id", "total_investment", "investment_this_year", "leader_name",
          "leader_post", "officer__username", "stage", *(f"planned_{s}" for s in STAGES),
          *(f"reached_{s}" for s in STAGES))


def library(seed: int) -> dict:
    """The step's output on a fresh tiny county, read back and rolled back."""
    with scopes_disabled(), transaction.atomic():
        ctx = DemoContext.start(size="tiny", seed=seed, progress=None, now=NOW)
        registry_step(ctx)
        accounts_step(ctx)
        started = time.perf_counter()
        projects_step(ctx)
        seconds = time.perf_counter() - started
        facts = {
            "projects": [dict(zip(FIELDS, row)) for row in Project.objects.order_by("code").values_list(*FIELDS)],
            "overdue": sorted(Project.objects.filter(overdue_condition(TODAY)).values_list("code", flat=True)),
            "updates": list(ProjectUpdate.objects.order_by("project__code", "on", "id").values_list(
                "project__code", "on", "stage_before", "stage", "note", "recorded_by__username")),
            "firms": list(ProjectFirm.objects.order_by("project__code", "role").values_list(
                "project__code", "enterprise__uscc", "enterprise__division_id", "enterprise__above_scale", "role")),
            "summary": ctx.summary[-1], "seconds": seconds,
        }
        transaction.set_rollback(True)
    return facts


@pytest.fixture
def seven() -> dict:
    return library(7)


def overdue_by_rule(project: dict) -> bool:
    return any(is_overdue(project[f"planned_{s}"], is_reached(project["stage"], s), TODAY) for s in STAGES)


def test_the_library_holds_25_projects_at_every_stage_with_a_leader_each(seven):
    projects = seven["projects"]
    assert len(projects) == len(PROJECTS) == 25
    assert sorted(p["name"] for p in projects) == sorted(name for name, _i, _t in PROJECTS)
    assert Counter(rank(p["stage"]) for p in projects) == dict(enumerate(STAGE_COUNTS))
    assert all(p["leader_name"] and p["leader_post"] for p in projects)
    assert all(0 < p["investment_this_year"] <= p["total_investment"] for p in projects)
    assert sum(p["total_investment"] for p in projects) == sum(total for _n, _i, total in PROJECTS) == 653_750
    towns = Counter(p["town_id"] for p in projects)
    assert (towns[TOWN_A], towns[TOWN_B]) == (6, 3) and len(towns) >= 8
    assert {p["officer__username"] for p in projects if p["town_id"] == TOWN_A} <= {"town", "liaison", "dept"}
    assert {p["officer__username"] for p in projects if p["town_id"] == TOWN_B} <= {"town2", "dept", "county"}


def test_exactly_four_are_overdue_one_of_them_the_home_towns_and_no_other_date_is_due_yet(seven):
    projects = {p["code"]: p for p in seven["projects"]}
    assert len(seven["overdue"]) == OVERDUE == 4
    assert seven["overdue"] == sorted(code for code, p in projects.items() if overdue_by_rule(p))
    assert any(projects[code]["town_id"] == TOWN_A for code in seven["overdue"])
    for code, p in projects.items():
        unreached = [p[f"planned_{s}"] for s in STAGES if not is_reached(p["stage"], s)]
        if code not in seven["overdue"]:
            assert all(day > TODAY for day in unreached), code     # tomorrow at the earliest
        reached = [p[f"reached_{s}"] for s in STAGES if is_reached(p["stage"], s) and p[f"reached_{s}"]]
        assert reached == sorted(reached) and all(day < TODAY for day in reached), code
        assert all(p[f"reached_{s}"] is None for s in STAGES if not is_reached(p["stage"], s)), code
        if p["stage"]:
            assert p[f"reached_{p['stage']}"] is not None, code    # the stage it stands at has its day


def test_every_recorded_day_is_an_update_and_firms_are_the_towns_above_scale_builders(seven):
    projects = {p["code"]: p for p in seven["projects"]}
    recorded = sorted((code, p[f"reached_{s}"], s.value) for code, p in projects.items() for s in STAGES
                      if p[f"reached_{s}"])
    assert sorted((code, on, stage) for code, on, _before, stage, _note, _who in seven["updates"]) == recorded
    assert all(who for *_rest, who in seven["updates"])
    builders = [row for row in seven["firms"] if row[4] == "builder"]
    assert builders and all(projects[code]["town_id"] == town and above for code, _u, town, above, _r in builders)
    assert len({code for code, *_rest in builders}) == len(builders)             # one builder a project
    assert seven["summary"] == (f"projects: 25 major projects, 653,750 (10,000 yuan) in all, 4 overdue, "
                                f"{len(seven['firms'])} firms linked, {len(seven['updates'])} updates")


def test_the_step_is_deterministic_for_a_seed_and_fast(seven):
    again, other = library(7), library(8)
    for key in ("projects", "overdue", "updates", "firms"):
        assert again[key] == seven[key], key
    assert other["projects"] != seven["projects"]
    assert max(seven["seconds"], again["seconds"], other["seconds"]) < 0.5
