"""The county's rules page: every rule in one form with its defaults, a valid
change saved and audited (the floor-area line moves both building rules), the
buildings at 4,999 / 5,000 / 5,001 m² before and after, values out of bounds
refused with nothing saved, and only the county may edit."""
import re

import pytest
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.liaison.demand import needs_of, rules_of
from lianfu.liaison.models import AssignmentRule
from tests.conftest import TOWN_A
from tests.factories.accounts import UserFactory
from tests.liaison.test_assignment_pages import english, rows, world  # noqa: F401

pytestmark = pytest.mark.django_db
DEFAULTS = {"above_scale": (1, None, True), "large_building": (2, 5000, True), "small_building": (1, 5000, True),
            "chain_lead": (1, None, False), "overdue_ticket": (1, None, False), "not_surveyed": (1, 14, False)}


def stored(county) -> dict[str, tuple]:
    with scopes_disabled():
        return {r.kind: (r.officers, r.threshold, r.active) for r in AssignmentRule.objects.filter(county=county)}


def posted(**changes) -> dict:
    """The form as the page fills it with the defaults, with ``changes``."""
    data = {f"{kind}-officers": officers for kind, officers in (
        ("above_scale", 1), ("large_building", 2), ("small_building", 1), ("chain_lead", 1),
        ("overdue_ticket", 1), ("not_surveyed", 1))}
    data.update({"above_scale-active": "on", "large_building-active": "on", "small_building-active": "on",
                 "floor_area": 5000, "not_surveyed_days": 14})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def building_needs(world) -> dict[str, int]:
    names = {f"building:{u.pk}": u.name for u in world["units"].values() if hasattr(u, "floor_area_m2")}
    return {names[n.key]: n.officers for n in needs_of(world["county"]) if n.key in names}


def test_the_form_shows_the_rules_with_their_defaults(world, login, english):
    page = login(world["people"]["county"]).get("/liaison/rules/").content.decode()
    values = dict(re.findall(r'name="([a-z_]+-officers|floor_area|not_surveyed_days)"[^>]*value="(\d+)"', page))
    assert values == {"above_scale-officers": "1", "large_building-officers": "2", "floor_area": "5000",
                      "small_building-officers": "1", "chain_lead-officers": "1", "overdue_ticket-officers": "1",
                      "not_surveyed-officers": "1", "not_surveyed_days": "14"}
    checked = re.findall(r'name="([a-z_]+)-active" id="[^"]+" checked', page)
    assert checked == ["above_scale", "large_building", "small_building"]
    assert [r[0] for r in rows(page.replace("</form>", "</section>"), "rules")] == [
        "Above-scale industrial firm", "Office building at or over the floor area",
        "Office building under the floor area", "Lead firm of a chain", "Firm with an overdue ticket",
        "Firm not surveyed for some days"]


def test_a_valid_change_is_saved_audited_and_takes_effect_with_the_next_proposal(world, login, english):
    assert building_needs(world) == {"东方大厦": 1, "中环大厦": 2, "西城大厦": 2, "北岸大厦": 2}
    client = login(world["people"]["county"])
    data = posted(**{"large_building-officers": 3, "floor_area": 5001, "chain_lead-active": "on"})
    response = client.post("/liaison/rules/", data, follow=True)
    assert response.redirect_chain == [("/liaison/rules/", 302)]
    assert "propose a new assignment and apply it for the rules to take effect" in response.content.decode()
    assert stored(world["county"]) == {
        "above_scale": (1, None, True), "large_building": (3, 5001, True), "small_building": (1, 5001, True),
        "chain_lead": (1, None, True), "overdue_ticket": (1, None, False), "not_surveyed": (1, 14, False)}
    logged = ActivityLog.objects.filter(action="liaison.rule_changed").order_by("id")
    assert [(e.actor.username, e.division_code, e.data) for e in logged] == [
        ("p_county", "330282000000", {"rule": "large_building", "fields": ["officers", "threshold"],
                                      "before": {"officers": 2, "threshold": 5000},
                                      "after": {"officers": 3, "threshold": 5001}}),
        ("p_county", "330282000000", {"rule": "small_building", "fields": ["threshold"],
                                      "before": {"threshold": 5000}, "after": {"threshold": 5001}}),
        ("p_county", "330282000000", {"rule": "chain_lead", "fields": ["active"], "before": {"active": False},
                                      "after": {"active": True}})]
    # 5,000 m² is now under the line; 5,001 m² is at it, and a large building needs three.
    assert building_needs(world) == {"东方大厦": 1, "中环大厦": 1, "西城大厦": 3, "北岸大厦": 1}
    again = client.post("/liaison/rules/", data, follow=True).content.decode()
    assert "Nothing changed." in again and logged.count() == 3


@pytest.mark.parametrize("field, value, message", [
    ("above_scale-officers", "0", "Enter from 1 to 5 officers."),
    ("large_building-officers", "6", "Enter from 1 to 5 officers."),
    ("small_building-officers", "two", "Enter from 1 to 5 officers."),
    ("floor_area", "0", "Enter a floor area from 1 to 1,000,000 m²."),
    ("floor_area", None, "Enter a floor area from 1 to 1,000,000 m²."),
    ("not_surveyed_days", "366", "Enter a number of days from 1 to 365."),
])
def test_values_out_of_bounds_are_refused_and_nothing_is_saved(world, login, english, field, value, message):
    client = login(world["people"]["county"])
    response = client.post("/liaison/rules/", posted(**{field: value, "chain_lead-active": "on"}))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="rules-errors"' in page
    assert page.count('<span class="error">') == 1 and f'<span class="error">{message}</span>' in page
    assert stored(world["county"]) == DEFAULTS
    assert not ActivityLog.objects.filter(action="liaison.rule_changed").exists()


def test_only_the_county_edits_its_rules(world, login):
    rules_of(world["county"])
    for user in (world["people"]["o1"], world["people"]["leader_a"],
                 UserFactory(username="p_town_a", role=Role.TOWN_OFFICER, division_id=TOWN_A)):
        client = login(user)
        assert client.get("/liaison/rules/").status_code == 403
        assert client.post("/liaison/rules/", posted(**{"large_building-officers": 5})).status_code == 403
    assert stored(world["county"]) == DEFAULTS
    # Another county's officer edits their own county's rules, not this one's.
    yuyao = login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000"))
    assert yuyao.post("/liaison/rules/", posted(**{"large_building-officers": 5})).status_code == 302
    with scopes_disabled():
        assert AssignmentRule.objects.get(county_id="330281000000", kind="large_building").officers == 5
    assert stored(world["county"]) == DEFAULTS
