"""Changing the library: adding and editing a project, recording updates (the
stage moves forward; back only with a reason), each one ActivityLog row, and
who may do which."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.common import activity_words
from lianfu.common.errors import Conflict, NotAllowed
from lianfu.common.models import ActivityLog
from lianfu.projects import domain
from lianfu.projects.enums import FirmRole
from lianfu.projects.models import ProjectFirm, ProjectUpdate
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory
from tests.projects.conftest import days, make_project, reload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The domain's messages in their source language: exact to assert whatever the catalogue holds."""
    with translation.override("en"):
        yield


def actions() -> list[str]:
    return list(ActivityLog.objects.order_by("id").values_list("action", flat=True))


def sentence(action: str) -> str:
    entry = ActivityLog.objects.select_related("actor").filter(action=action).latest("id")
    with translation.override("en"):
        return activity_words.describe([entry])[0]


def fields(**extra) -> dict:
    return {"code": "CX-101", "name": "光伏组件项目", "total_investment": Decimal("61000"),
            "investment_this_year": Decimal("20000"), "leader_name": "张伟", "leader_post": "副市长", **extra}


def test_a_county_officer_adds_a_project_with_its_firms_and_one_event(personas, county, town_a, firm_x):
    project = domain.add_project(actor=personas["county"], county=county, town=town_a, stage="signed",
                                 officer=personas["town_a"], planned_started=days(30),
                                 firms={FirmRole.BUILDER: [firm_x]}, **fields())
    project = reload(project)
    assert (project.code, project.town_id, project.stage, project.officer_id, project.version) == (
        "CX-101", TOWN_A, "signed", personas["town_a"].pk, 0)
    with scopes_disabled():
        assert list(ProjectFirm.objects.values_list("enterprise_id", "role")) == [(firm_x.pk, "builder")]
    assert actions() == ["project.added"]
    entry = ActivityLog.objects.get()
    assert entry.division_code == TOWN_A
    assert sentence("project.added") == "p_county added the major project 光伏组件项目 (CX-101) in 浒山街道"


def test_a_code_is_unique_within_its_county_only(personas, county, town_a):
    make_project("CX-101", county="330281000000", town="330281001000")       # 余姚: another county
    domain.add_project(actor=personas["county"], county=county, town=town_a, **fields())
    with pytest.raises(ValidationError) as refused:
        domain.add_project(actor=personas["county"], county=county, town=town_a, **fields(name="另一个"))
    assert refused.value.message_dict == {"code": ["The county already has a project numbered CX-101."]}


def test_what_a_project_must_hold_is_said_by_field(personas, county, town_a):
    yuyao_town = county.__class__.objects.get(code="330281001000")
    with pytest.raises(ValidationError) as refused:
        domain.add_project(actor=personas["county"], county=county, town=yuyao_town,
                           **fields(name=" ", investment_this_year=Decimal("70000")))
    assert set(refused.value.message_dict) == {"name", "town", "investment_this_year"}
    with pytest.raises(ValidationError) as refused:
        domain.add_project(actor=personas["county"], county=county, town=town_a,
                           **fields(officer=personas["town_b"]))
    assert refused.value.message_dict["officer"] == [
        "p_town_b cannot be in charge of a project in 浒山街道: choose an officer whose jurisdiction covers the town."]
    assert actions() == []


def test_only_the_county_adds_projects(personas, county, town_a):
    for who in ("town_a", "firm_x", "liaison_a"):
        with pytest.raises(PermissionDenied):
            domain.add_project(actor=personas[who], county=county, town=town_a, **fields())
    yuyao = county.__class__.objects.get(code="330281000000")
    with pytest.raises(PermissionDenied):          # a county officer adds to their own county only
        domain.add_project(actor=personas["county"], county=yuyao, town=town_a, **fields())


def test_an_edit_changes_the_fields_given_checks_the_version_and_names_what_changed(personas, library, firm_y):
    project = library["a"]
    changed = domain.change_project(actor=personas["county"], project=project, version=0,
                                    total_investment=Decimal("53000"), leader_post="常务副市长",
                                    firms={FirmRole.INVESTOR: [firm_y]})
    assert changed == ["total_investment", "leader_post", "firms"]
    assert reload(project).version == 1
    assert sentence("project.changed") == ("p_county edited the total investment (10,000 yuan), leader's post, "
                                           "firms of the major project 铝基复合新材料项目")
    assert domain.change_project(actor=personas["county"], project=reload(project), version=1,
                                 leader_post="常务副市长") == []
    with pytest.raises(Conflict):
        domain.change_project(actor=personas["county"], project=reload(project), version=0, name="新名称")
    with pytest.raises(PermissionDenied):
        domain.change_project(actor=personas["town_a"], project=reload(project), version=1, name="新名称")
    assert actions() == ["project.changed"]


def test_a_stage_moves_forward_on_its_day_and_skipped_stages_count_as_passed(personas, library):
    project = library["a"]
    update = domain.record_update(actor=personas["town_a"], project=project, on=days(-1), stage="started",
                                  note="施工单位已进场", version=0)
    project = reload(project)
    assert (project.stage, project.version, project.reached_started, project.reached_land) == (
        "started", 1, days(-1), None)
    assert (update.stage_before, update.stage, update.note, update.recorded_by) == (
        "signed", "started", "施工单位已进场", personas["town_a"])
    assert actions() == ["project.progressed"]
    assert ActivityLog.objects.get().division_code == TOWN_A
    assert sentence("project.progressed") == (
        f"p_town_a recorded that the major project 铝基复合新材料项目 reached “Construction started” on "
        f"{days(-1).isoformat()}")


def test_moving_back_is_refused_without_a_reason_and_undoes_the_later_days_with_one(personas, library):
    project = library["a"]
    domain.record_update(actor=personas["county"], project=project, on=days(-3), stage="land")
    domain.record_update(actor=personas["county"], project=reload(project), on=days(-2), stage="approvals")
    with pytest.raises(NotAllowed) as refused:
        domain.record_update(actor=personas["county"], project=reload(project), on=days(0), stage="signed",
                             version=2)
    assert refused.value.message == ("The project has reached “Approvals obtained”: moving it back to “Signed” "
                                     "needs a reason. Say why in “Reason for moving back”.")
    assert reload(project).stage == "approvals"
    domain.record_update(actor=personas["county"], project=reload(project), on=days(0), stage="land",
                         reason="审批材料被退回补正", version=2)
    project = reload(project)
    assert (project.stage, project.reached_land, project.reached_approvals, project.version) == (
        "land", days(-3), None, 3)
    assert actions() == ["project.progressed", "project.progressed", "project.moved_back"]
    assert sentence("project.moved_back") == ("p_county moved the major project 铝基复合新材料项目 back from "
                                              "“Approvals obtained” to “Land supplied”: 审批材料被退回补正")


def test_an_update_that_makes_no_sense_is_refused_and_nothing_is_recorded(personas, library):
    project = library["a"]
    with pytest.raises(ValidationError) as refused:
        domain.record_update(actor=personas["county"], project=project, on=days(1), stage="land")
    assert refused.value.message_dict == {"on": ["The date cannot be in the future."]}
    with pytest.raises(ValidationError) as refused:
        domain.record_update(actor=personas["county"], project=project, on=days(0))
    assert refused.value.message_dict == {"note": ["Choose the stage reached, or write a note."]}
    with pytest.raises(NotAllowed, match="already at the stage “Signed”"):
        domain.record_update(actor=personas["county"], project=project, on=days(0), stage="signed")
    domain.record_update(actor=personas["county"], project=project, on=days(-2), stage="land")
    with pytest.raises(NotAllowed) as refused:
        domain.record_update(actor=personas["county"], project=reload(project), on=days(-5), stage="started")
    assert refused.value.message == (f"“Land supplied” was reached on {days(-2).isoformat()}: “Construction "
                                     f"started” cannot be reached before that.")
    with scopes_disabled():
        assert ProjectUpdate.objects.count() == 1
    assert actions() == ["project.progressed"]


def test_a_note_changes_no_stage_and_no_version_and_a_stale_move_is_a_conflict(personas, library):
    project = library["a"]
    domain.record_update(actor=personas["town_a"], project=project, on=days(0), note="现场推进会已召开")
    assert reload(project).version == 0 and reload(project).stage == "signed"
    domain.record_update(actor=personas["county"], project=reload(project), on=days(0), stage="land", version=0)
    with pytest.raises(Conflict):
        domain.record_update(actor=personas["town_a"], project=reload(project), on=days(0), stage="approvals",
                             version=0)
    assert actions() == ["project.noted", "project.progressed"]
    assert sentence("project.noted") == ("p_town_a added a note to the major project 铝基复合新材料项目: "
                                         "现场推进会已召开")


def test_who_records_updates(personas, library, dept_user):
    a, b, c = library["a"], library["b"], library["c"]
    with pytest.raises(PermissionDenied):
        domain.record_update(actor=personas["town_b"], project=a, on=days(0), note="x")       # a sibling town
    with pytest.raises(PermissionDenied):
        domain.record_update(actor=personas["firm_x"], project=a, on=days(0), note="x")
    with pytest.raises(PermissionDenied):
        domain.record_update(actor=personas["liaison_a"], project=a, on=days(0), note="x")    # not in charge of A
    domain.record_update(actor=personas["liaison_a"], project=c, on=days(0), stage="signed")  # in charge of C
    domain.record_update(actor=personas["town_b"], project=b, on=days(0), note="主体结构已封顶")
    with pytest.raises(PermissionDenied):
        domain.record_update(actor=dept_user, project=b, on=days(0), note="x")
    domain.change_project(actor=personas["county"], project=b, version=0, officer=dept_user)
    domain.record_update(actor=dept_user, project=reload(b), on=days(0), note="设备已进场")     # now in charge
    assert actions() == ["project.progressed", "project.noted", "project.changed", "project.noted"]


def test_a_firm_is_linked_once_and_moves_between_roles(personas, library, firm_x):
    project = library["a"]
    other = EnterpriseFactory(division_id=TOWN_B)
    domain.change_project(actor=personas["county"], project=project, version=0,
                          firms={FirmRole.BUILDER: [firm_x], FirmRole.INVESTOR: [other]})
    domain.change_project(actor=personas["county"], project=reload(project), version=1,
                          firms={FirmRole.INVESTOR: [firm_x]})
    with scopes_disabled():
        assert sorted(ProjectFirm.objects.values_list("enterprise_id", "role")) == [(firm_x.pk, "investor")]
    assert reload(project).version == 2
