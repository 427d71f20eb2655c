"""Every four-sync transition and every refusal, with the resulting stage and audit trail."""
import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog, Notification
from lianfu.registry.stages import Stage
from lianfu.restart import domain
from lianfu.restart.enums import FilingStatus
from lianfu.restart.errors import Conflict, NotAllowed
from lianfu.restart.models import Filing
from lianfu.restart.stages import stage_of

pytestmark = pytest.mark.django_db

ALL_PASS = {"gate_temperature": True, "health_code": True, "masks": True, "disinfection": True,
            "meal_delivery": True, "isolation_room": True, "emergency_plan": True, "guide_on_file": True}


def filing_of(enterprise) -> Filing:
    with scopes_disabled():
        return Filing.objects.select_related("enterprise").filter(enterprise=enterprise).latest("id")


def actions(enterprise) -> list[str]:
    return list(ActivityLog.objects.filter(data__enterprise=enterprise.uscc).order_by("id")
                .values_list("action", flat=True))


def survey(actor, enterprise, **extra):
    values = dict(capacity_pct=30, headcount_total=100, headcount_on_duty=40, headcount_away=60, stock_days=3,
                  blockers=["material"], needs="")
    return domain.record_survey(actor=actor, enterprise=enterprise, **{**values, **extra})


def test_survey_by_the_firm_or_on_its_behalf_and_not_by_a_sibling_town(personas, firm_x):
    own = survey(personas["firm_x"], firm_x)
    assert (own.on_behalf, stage_of(firm_x.pk)) == (False, Stage.SURVEYED)
    assert survey(personas["liaison_a"], firm_x, capacity_pct=50).on_behalf is True
    with pytest.raises(PermissionDenied):
        survey(personas["town_b"], firm_x)
    with pytest.raises(PermissionDenied):
        survey(personas["firm_y"], firm_x)
    assert actions(firm_x) == ["survey.recorded", "survey.recorded"]


def test_package_files_lead_and_every_in_county_supplier(personas, net, chain, members,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = domain.submit_package(actor=personas["firm_x"], lead=net["lead"], headcount_planned=300,
                                        commitments=["masks"])
    with scopes_disabled():
        got = {f.enterprise.name: f.status for f in package.filings.select_related("enterprise")}
    assert got == {"慈溪市甬达电器有限公司": FilingStatus.SUBMITTED, "甲铜业": FilingStatus.AWAITING_MEMBER,
                   "乙冲压": FilingStatus.AWAITING_MEMBER, "丁电镀": FilingStatus.AWAITING_MEMBER,
                   "戊钢材": FilingStatus.AWAITING_MEMBER}   # 丙轴承 (余姚) goes to the hand-off list
    assert (stage_of(net["lead"].pk), stage_of(net["b"].pk)) == (Stage.FILED, Stage.NOT_SURVEYED)
    assert Notification.objects.filter(user=members["b"], kind="filing.to_confirm").count() == 1
    assert Notification.objects.filter(user=personas["county"], kind="filing.to_review").count() == 1
    assert actions(net["lead"]) == ["filing.package_submitted"]


def test_package_refuses_outside_or_foreign_members_and_other_firms(personas, net, chain):
    with pytest.raises(NotAllowed):
        domain.submit_package(actor=personas["firm_x"], lead=net["lead"], member_ids=[net["c"].pk])
    with pytest.raises(PermissionDenied):
        domain.submit_package(actor=personas["firm_y"], lead=net["lead"])


def test_full_journey_with_a_returned_member(personas, net, chain, members, django_capture_on_commit_callbacks):
    county, town_a, town_b = personas["county"], personas["town_a"], personas["town_b"]
    domain.submit_package(actor=personas["firm_x"], lead=net["lead"], member_ids=[net["a"].pk, net["b"].pk],
                          headcount_planned=300)
    for key in ("a", "b"):
        filing = filing_of(net[key])
        domain.confirm_member_filing(actor=members[key], filing=filing, version=filing.version, headcount_planned=20)
        assert stage_of(net[key].pk) == Stage.FILED
    a, b = filing_of(net["a"]), filing_of(net["b"])
    with pytest.raises(PermissionDenied):                      # 甲铜业 is in town A, not town B
        domain.approve_filing(actor=town_b, filing=a, version=a.version)
    domain.approve_filing(actor=town_a, filing=a, version=a.version)
    with pytest.raises(NotAllowed):
        domain.return_filing(actor=county, filing=b, version=b.version, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        domain.return_filing(actor=county, filing=b, version=b.version, reason="缺少防疫物资清单")
    assert (stage_of(net["a"].pk), stage_of(net["b"].pk)) == (Stage.APPROVED, Stage.NOT_SURVEYED)
    assert Notification.objects.get(user=members["b"], kind="filing.returned").params == {"reason": "缺少防疫物资清单"}

    with pytest.raises(NotAllowed):                           # no restart before approval and inspection
        domain.confirm_restart(actor=members["b"], enterprise=net["b"], capacity_pct=50)
    b = filing_of(net["b"])
    domain.resubmit_filing(actor=members["b"], filing=b, version=b.version, headcount_planned=20,
                           commitments=["masks"])
    domain.approve_filing(actor=county, filing=b, version=b.version)
    assert stage_of(net["b"].pk) == Stage.APPROVED

    with pytest.raises(NotAllowed):
        domain.inspect(actor=town_b, enterprise=net["b"], results=ALL_PASS, passed=False)
    domain.inspect(actor=town_b, enterprise=net["b"], results=ALL_PASS, passed=False, remarks="无隔离室")
    assert stage_of(net["b"].pk) == Stage.APPROVED
    domain.inspect(actor=town_b, enterprise=net["b"], results=ALL_PASS, passed=True)
    assert stage_of(net["b"].pk) == Stage.PREVENTION_PASSED
    confirmation = domain.confirm_restart(actor=members["b"], enterprise=net["b"], capacity_pct=60)
    assert (confirmation.overridden, stage_of(net["b"].pk)) == (False, Stage.RESTARTED)
    with pytest.raises(NotAllowed):
        domain.confirm_restart(actor=members["b"], enterprise=net["b"], capacity_pct=70)
    assert actions(net["b"]) == ["filing.confirmed", "filing.returned", "filing.resubmitted", "filing.approved",
                                 "prevention.inspected", "prevention.inspected", "restart.confirmed"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(personas, firm_y):
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    domain.approve_filing(actor=personas["county"], filing=filing_of(firm_y), version=0)
    stale = filing_of(firm_y)
    stale.status = FilingStatus.SUBMITTED   # what the second officer's form still shows
    with pytest.raises(Conflict):
        domain.return_filing(actor=personas["town_b"], filing=stale, version=0, reason="重复")
    assert filing_of(firm_y).status == FilingStatus.APPROVED and filing.pk == filing_of(firm_y).pk


def test_only_a_firm_on_no_list_files_alone(personas, net, chain, members, firm_y):
    domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    assert stage_of(firm_y.pk) == Stage.FILED
    with pytest.raises(NotAllowed):
        domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)   # once
    with pytest.raises(NotAllowed):
        domain.file_alone(actor=members["b"], enterprise=net["b"], headcount_planned=12)      # 乙冲压 is on 甬达's list


def test_override_needs_a_county_officer_and_a_reason(personas, firm_x):
    with pytest.raises(PermissionDenied):
        domain.grant_override(actor=personas["town_a"], enterprise=firm_x, reason="保供企业")
    with pytest.raises(NotAllowed):
        domain.grant_override(actor=personas["county"], enterprise=firm_x, reason="")
    with pytest.raises(NotAllowed):
        domain.confirm_restart(actor=personas["firm_x"], enterprise=firm_x, capacity_pct=80)
    domain.grant_override(actor=personas["county"], enterprise=firm_x, reason="保供企业，先行复工")
    confirmation = domain.confirm_restart(actor=personas["firm_x"], enterprise=firm_x, capacity_pct=80)
    assert (confirmation.overridden, stage_of(firm_x.pk)) == (True, Stage.RESTARTED)
    assert actions(firm_x) == ["restart.override_granted", "restart.confirmed"]
    assert ActivityLog.objects.get(action="restart.override_granted").data["reason"] == "保供企业，先行复工"


def test_self_check_records_the_county_checklist_and_refuses_unknown_items(personas, firm_x):
    check = domain.self_check(actor=personas["firm_x"], enterprise=firm_x, results={"masks": True})
    assert check.results == {**{code: False for code in ALL_PASS}, "masks": True}
    with pytest.raises(NotAllowed):
        domain.self_check(actor=personas["firm_x"], enterprise=firm_x, results={"fly_to_moon": True})
    assert stage_of(firm_x.pk) == Stage.NOT_SURVEYED   # a self-check passes nothing by itself
