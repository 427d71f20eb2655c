"""Old town names: the county's alias table, how importers resolve and suggest
town names with it, and the county page that keeps it."""
import csv
import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.chains.importing.columns import PlaceResolver
from lianfu.common.importing import RowError
from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.demo.codes import uscc_from_number
from lianfu.registry import divisions
from lianfu.registry.importing.enterprises import import_enterprises
from lianfu.registry.models import Division, Enterprise, TownAlias
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

YUYAO = "330281000000"
YUYAO_TOWN = "330281103000"  # 泗门镇
SOURCE = "测试用例：虚构的区划调整文件"
CHANGED = datetime.date(2001, 9, 1)
PAGE = "registry:town_aliases"


def alias(old_name="天元镇", old_code="", town=TOWN_B, county=COUNTY, **extra) -> TownAlias:
    """A validated alias, as the page and the admin store them."""
    row = TownAlias(county_id=county, old_name=old_name, old_code=old_code, division_id=town,
                    changed_on=CHANGED, source=SOURCE, **extra)
    row.full_clean()
    row.save()
    return row


def cixi() -> Division:
    return Division.objects.get(code=COUNTY)


def errors_of(row: TownAlias) -> dict:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


# --- the model ---------------------------------------------------------------

def test_an_alias_needs_an_old_name_or_code_in_the_database_too():
    with translation.override("en"):
        assert errors_of(TownAlias(county_id=COUNTY, division_id=TOWN_B, changed_on=CHANGED, source=SOURCE)) == {
            "__all__": ["Give the old name, the old code or both."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        TownAlias.objects.create(county_id=COUNTY, division_id=TOWN_B, changed_on=CHANGED, source=SOURCE)


def test_an_alias_without_a_source_is_refused():
    with translation.override("en"):
        assert errors_of(TownAlias(county_id=COUNTY, old_name="天元镇", division_id=TOWN_B, changed_on=CHANGED)) == {
            "source": ["This field cannot be blank."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        TownAlias.objects.create(county_id=COUNTY, old_name="天元镇", division_id=TOWN_B, changed_on=CHANGED)


def test_an_old_name_is_unique_in_its_county_only():
    alias("天元镇")
    with translation.override("en"):
        assert errors_of(
            TownAlias(county_id=COUNTY, old_name="天元镇", division_id=TOWN_A, changed_on=CHANGED, source=SOURCE)
        ) == {"__all__": ["This county already has an alias with this old name."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        TownAlias.objects.create(
            county_id=COUNTY, old_name="天元镇", division_id=TOWN_A, changed_on=CHANGED, source=SOURCE
        )
    alias("天元镇", county=YUYAO, town=YUYAO_TOWN)
    # Code-only aliases (blank names) do not collide with each other.
    alias("", old_code="330282101", town=TOWN_B)
    alias("", old_code="330282102", town=TOWN_A)
    assert TownAlias.objects.count() == 4


def test_a_nine_digit_old_code_is_stored_in_its_twelve_digit_form_and_a_bad_one_refused():
    assert alias("", old_code="330282101").old_code == "330282101000"
    with translation.override("en"):
        assert errors_of(TownAlias(county_id=COUNTY, old_code="33028210", division_id=TOWN_B, changed_on=CHANGED,
                                   source=SOURCE)) == {"old_code": ["A town code has 9 or 12 digits."]}


def test_the_current_town_must_be_a_town_of_the_county():
    with translation.override("en"):
        assert errors_of(TownAlias(county_id=COUNTY, old_name="天元镇", division_id=YUYAO_TOWN, changed_on=CHANGED,
                                   source=SOURCE)) == {"division": ["Choose a town of 慈溪市."]}
        assert errors_of(TownAlias(county_id=COUNTY, old_name="天元镇", division_id=COUNTY, changed_on=CHANGED,
                                   source=SOURCE)) == {"division": ["Choose a town of 慈溪市."]}


def test_an_alias_repeating_a_current_name_or_code_is_refused_as_it_would_never_be_used():
    with translation.override("en"):
        assert errors_of(TownAlias(county_id=COUNTY, old_name="周巷镇", old_code=TOWN_A, division_id=TOWN_B,
                                   changed_on=CHANGED, source=SOURCE)) == {
            "old_name": ["A current town has this name; an alias would never be used."],
            "old_code": ["A current division has this code; an alias would never be used."]}


# --- resolution --------------------------------------------------------------

def test_an_old_name_resolves_to_the_current_town_with_or_without_its_suffix():
    alias("天元镇", town=TOWN_B)
    assert divisions.resolve_town("天元镇", area=cixi()).code == TOWN_B
    assert divisions.resolve_town(" 天元 ", area=cixi()).code == TOWN_B
    assert divisions.resolve_town("浒山街道", area=cixi()).code == TOWN_A
    assert divisions.resolve_town("天元乡村", area=cixi()) is None


def test_an_old_code_resolves_in_its_nine_or_twelve_digit_form():
    alias("", old_code="330282101", town=TOWN_B)
    assert divisions.resolve_town("330282101", area=cixi()).code == TOWN_B
    assert divisions.resolve_town("330282101000", area=cixi()).code == TOWN_B
    assert divisions.resolve_town(TOWN_A[:9], area=cixi()).code == TOWN_A
    assert divisions.resolve_town("330282199", area=cixi()) is None


def test_current_names_come_before_aliases():
    # Stored unchecked: a name that became current after the alias was recorded.
    TownAlias.objects.create(county_id=COUNTY, old_name="周巷镇", division_id=TOWN_A, changed_on=CHANGED, source=SOURCE)
    assert divisions.resolve_town("周巷镇", area=cixi()).code == TOWN_B


def test_another_countys_aliases_are_not_read():
    alias("天元镇", county=YUYAO, town=YUYAO_TOWN)
    assert divisions.resolve_town("天元镇", area=cixi()) is None
    assert divisions.resolve_town("天元镇", area=Division.objects.get(code=YUYAO)).code == YUYAO_TOWN


@pytest.mark.parametrize(("name", "expected"), [
    ("浒塘街道", ["浒山街道", "古塘街道"]),   # one character off each; equal scores in code order
    ("许山街道", ["浒山街道"]),               # sharing only "街道" is not close enough
    ("浒山镇", ["浒山街道"]),                 # same name, other suffix; 胜山镇 (sharing 山镇) is far behind
    ("胜三镇", ["胜山镇"]),
    ("周巷", ["周巷镇"]),
    ("火星镇", []),
])
def test_the_closest_current_towns_are_suggested(name, expected):
    alias("浒塘镇", town=TOWN_A)  # suggestions are current names only
    assert divisions.closest_towns(name, area=cixi()) == expected


# --- the importers -------------------------------------------------------------

HEADERS = ["统一社会信用代码", "企业名称", "所属镇街"]
BAISHA = "330282005000"  # 白沙路街道
ROWS = [[uscc_from_number(31), "慈溪市甬达电器有限公司", "浒山街道"],
        [uscc_from_number(32), "慈溪市白沙五金厂", "白沙街道"]]


def write_csv(path, rows):
    with open(path, "w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])
    return path


def run(path, within):
    with translation.override("en"):
        return import_enterprises(path, within=within, max_bytes=2**20)


def test_an_old_town_name_is_rejected_with_a_suggestion_until_the_county_adds_the_alias(tmp_path):
    path = write_csv(tmp_path / "registry.csv", ROWS)
    first = run(path, within=cixi())
    assert (first.created, first.rejected) == (1, 1)
    assert [(r.row, r.field, r.value, r.reason) for r in first.rejections] == [
        (3, "town", "白沙街道", "no town of this name in your jurisdiction; closest: 白沙路街道")]

    alias("白沙街道", town=BAISHA)
    second = run(path, within=cixi())
    assert (second.created, second.unchanged, second.rejected) == (1, 1, 0)
    with scopes_disabled():
        assert Enterprise.objects.get(uscc=uscc_from_number(32)).division_id == BAISHA


def test_a_name_that_only_differs_in_suffix_needs_no_alias(tmp_path):
    result = run(
        write_csv(tmp_path / "suffix.csv", [[uscc_from_number(35), "慈溪市浒山五金厂", "浒山镇"]]), within=cixi()
    )
    assert (result.created, result.rejected) == (1, 0)
    with scopes_disabled():
        assert Enterprise.objects.get(uscc=uscc_from_number(35)).division_id == TOWN_A


def test_a_name_like_no_town_points_to_the_alias_table(tmp_path):
    result = run(write_csv(tmp_path / "mars.csv", [[uscc_from_number(33), "火星公司", "火星镇"]]), within=cixi())
    assert [r.reason for r in result.rejections] == [
        "no town of this name or like it in your jurisdiction; if it is an old name, "
        "a county officer can add it under Old town names"]


def test_an_alias_still_meets_the_jurisdiction_check_on_its_current_town(tmp_path):
    alias("天元镇", town=TOWN_B)
    path = write_csv(tmp_path / "old.csv", [[uscc_from_number(34), "慈溪市天元服装厂", "天元镇"]])
    outside = run(path, within=Division.objects.get(code=TOWN_A))
    assert [(r.value, r.reason) for r in outside.rejections] == [("天元镇", "this town lies outside your jurisdiction")]
    inside = run(path, within=Division.objects.get(code=TOWN_B))
    assert (inside.created, inside.rejected) == (1, 0)


def test_the_supplier_list_reads_old_names_and_codes_and_suggests_current_ones():
    alias("天元镇", old_code="330282101", town=TOWN_B)
    place = PlaceResolver()
    assert (place("天元镇"), place("330282101000"), place("330282"), place("周巷镇")) == (
        TOWN_B, TOWN_B, COUNTY, TOWN_B)
    with translation.override("en"):
        with pytest.raises(RowError) as caught:
            place("浒塘街道")
        assert caught.value.reason == ("no town of this name in this county; closest: 浒山街道, 古塘街道; "
                                       "outside the county, write the division code")
        with pytest.raises(RowError) as caught:
            place("330282199")
        assert str(caught.value.reason) == "no county or town has this code (6, 9 or 12 digits)"


# --- the county page -----------------------------------------------------------

def form_data(**changes) -> dict:
    return {"old_name": "天元镇", "old_code": "330282101", "division": TOWN_B, "changed_on": "2001-09-01",
            "source": SOURCE, **changes}


def test_county_officers_and_administrators_reach_the_page_from_the_navigation(personas, login):
    for persona, shown in (("county", True), ("admin", True), ("town_a", False), ("firm_x", False)):
        assert ('id="nav-town-aliases"' in login(personas[persona]).get(reverse("home")).content.decode()) is shown
    client = login(personas["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse(PAGE))  # an administrator keeps the home county's here
    assert (page.status_code, page.context["county"].code) == (200, COUNTY)
    assert "<h1>Old town names" in page.content.decode()


def test_a_county_officer_adds_an_alias_and_it_is_logged(personas, login):
    response = login(personas["county"]).post(reverse(PAGE), form_data())
    assert response.status_code == 302
    row = TownAlias.objects.get()
    assert (row.county_id, row.old_name, row.old_code, row.division_id, row.changed_on, row.source, row.created_by) == (
        COUNTY, "天元镇", "330282101000", TOWN_B, CHANGED, SOURCE, personas["county"])
    log = ActivityLog.objects.get(action="town_alias.added")
    assert (log.actor, log.division_code, log.subject_type, log.subject_id) == (
        personas["county"], COUNTY, "registry.townalias", str(row.pk))
    assert log.data == {"old_name": "天元镇", "old_code": "330282101000", "town": TOWN_B,
                        "changed_on": "2001-09-01", "source": SOURCE}
    page = login(personas["county"]).get(reverse(PAGE)).content.decode()
    assert "天元镇" in page and "330282101000" in page and SOURCE in page


def test_an_alias_without_source_or_a_repeated_name_is_refused_on_the_page(personas, login):
    client = login(personas["county"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    blank = client.post(reverse(PAGE), form_data(source=""))
    assert (blank.status_code, blank.context["form"].errors) == (200, {"source": ["This field is required."]})
    assert client.post(reverse(PAGE), form_data()).status_code == 302
    repeated = client.post(reverse(PAGE), form_data(old_code=""))
    assert repeated.status_code == 200
    assert repeated.context["form"].non_field_errors() == ["This county already has an alias with this old name."]
    assert TownAlias.objects.count() == 1
    assert ActivityLog.objects.filter(action="town_alias.added").count() == 1


def test_a_county_officer_deletes_an_alias_and_it_is_logged(personas, login):
    row = alias("天元镇")
    response = login(personas["county"]).post(reverse("registry:delete_town_alias", args=[row.pk]))
    assert response.status_code == 302
    assert not TownAlias.objects.exists()
    log = ActivityLog.objects.get(action="town_alias.deleted")
    assert (log.actor, log.division_code, log.subject_id, log.data["old_name"]) == (
        personas["county"], COUNTY, str(row.pk), "天元镇")


@pytest.mark.parametrize("persona", ["town_a", "firm_x", "liaison_a"])
def test_town_officers_and_firms_may_not_see_or_change_aliases(personas, login, persona):
    row = alias("天元镇")
    client = login(personas[persona])
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.post(reverse(PAGE), form_data(old_name="范市镇", old_code="")).status_code == 403
    assert client.post(reverse("registry:delete_town_alias", args=[row.pk])).status_code == 403
    assert list(TownAlias.objects.values_list("old_name", flat=True)) == ["天元镇"]
    assert not ActivityLog.objects.filter(action__startswith="town_alias.").exists()


def test_another_countys_officer_neither_sees_nor_changes_this_countys_aliases(personas, login):
    row = alias("天元镇")
    other = login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=YUYAO))
    page = other.get(reverse(PAGE))
    assert page.status_code == 200
    assert list(page.context["aliases"]) == []
    assert other.post(reverse("registry:delete_town_alias", args=[row.pk])).status_code == 404
    refused = other.post(reverse(PAGE), form_data(old_name="范市镇", old_code=""))
    assert (refused.status_code, list(refused.context["form"].errors)) == (200, ["division"])
    assert list(TownAlias.objects.values_list("county_id", "old_name")) == [(COUNTY, "天元镇")]


def test_administrators_add_aliases_in_the_admin_and_it_is_logged(personas, login):
    response = login(personas["admin"]).post(reverse("admin:registry_townalias_add"), {
        **form_data(), "county": COUNTY})
    assert response.status_code == 302
    row = TownAlias.objects.get()
    assert (row.created_by, row.old_code) == (personas["admin"], "330282101000")
    assert ActivityLog.objects.get(action="town_alias.added").division_code == COUNTY
