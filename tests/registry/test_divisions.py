import pytest

from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, Industry

pytestmark = pytest.mark.django_db

CIXI_TOWNS = {"浒山街道", "古塘街道", "白沙路街道", "宗汉街道", "坎墩街道", "龙山镇", "掌起镇", "观海卫镇", "附海镇",
              "桥头镇", "匡堰镇", "逍林镇", "新浦镇", "胜山镇", "横河镇", "崇寿镇", "庵东镇", "长河镇", "周巷镇"}


def test_every_level_of_china_is_loaded():
    counts = {level: Division.objects.filter(level=level).count() for level in DivisionLevel.values}
    assert counts["province"] == 31
    assert counts["county"] > 2800
    assert counts["town"] > 38000


def test_cixi_has_its_towns_and_sub_districts():
    cixi = divisions.by_code("330282")
    assert cixi.name == "慈溪市" and cixi.parent.name == "宁波市"
    names = set(cixi.children.values_list("name", flat=True))
    assert CIXI_TOWNS <= names


@pytest.mark.parametrize("code", ["330282", "330282000000"])
def test_lookup_by_county_code_in_short_and_full_form(code):
    assert divisions.by_code(code).name == "慈溪市"


@pytest.mark.parametrize("code", ["330282004", "330282004000"])
def test_lookup_by_town_code_in_6_plus_3_and_12_digits(code):
    assert divisions.by_code(code).name == "浒山街道"


@pytest.mark.parametrize("code", ["", "abc", "3302821", "999999"])
def test_lookup_by_bad_code_is_none(code):
    assert divisions.by_code(code) is None


def test_lookup_by_name_within_parent_with_or_without_suffix():
    cixi = divisions.by_code("330282")
    assert divisions.by_name("浒山街道", within=cixi).code == "330282004000"
    assert divisions.by_name("浒山", within=cixi).code == "330282004000"
    assert divisions.by_name("周巷", within=cixi, level=DivisionLevel.TOWN).code == "330282121000"
    assert divisions.by_name("慈溪", within=divisions.by_code("3302")).code == "330282000000"


def test_name_found_in_two_places_is_ambiguous_without_a_parent():
    assert divisions.by_name("周巷镇") is None  # Cixi and Hubei both have one


def test_old_county_code_from_id_number_maps_to_current_county():
    match = divisions.county_for_id_number("330227197001011234")  # 鄞县, now 鄞州区
    assert (match.division.code, match.how) == ("330212000000", "old_code")


def test_current_code_is_current():
    match = divisions.county_for_code("330282")
    assert (match.division.name, match.how) == ("慈溪市", "current")


def test_unknown_county_code_falls_back_to_its_city():
    match = divisions.county_for_code("330299")
    assert (match.division.code, match.how) == ("330200000000", "city_only")


def test_town_found_in_address():
    cixi = divisions.by_code("330282")
    assert divisions.town_in_address("浙江省慈溪市周巷镇环城南路88号", cixi).code == "330282121000"
    assert divisions.town_in_address("浙江省宁波市某路1号", cixi) is None


def test_industries_have_20_sections_and_97_divisions():
    assert Industry.objects.filter(level="section").count() == 20
    divisions_ = Industry.objects.filter(level="division")
    assert divisions_.count() == 97
    assert set(divisions_.values_list("code", flat=True)) == {f"{n:02d}" for n in range(1, 98)}


@pytest.mark.parametrize("code,name", [
    ("3670", "汽车零部件及配件制造"), ("3857", "家用电力器具专用配件制造"), ("3451", "滚动轴承制造"),
    ("3251", "铜压延加工"), ("38", "电气机械和器材制造业"), ("C", "制造业"),
])
def test_cluster_industries_are_present(code, name):
    assert Industry.objects.get(code=code).name_zh == name


@pytest.mark.parametrize("address,code,how", [
    ("浙江省慈溪市周巷镇环城南路88号", "330282000000", "current"),
    ("浙江省鄞县五乡镇宝同村", "330212000000", "old_code"),
    ("浙江省宁波市江东区百丈路1号", "330212000000", "old_code"),
])
def test_county_found_in_address_by_current_or_retired_name(address, code, how):
    match = divisions.county_in_address(address)
    assert (match.division.code, match.how) == (code, how)


def test_address_without_a_county_gives_none():
    assert divisions.county_in_address("某某路1号") is None


@pytest.mark.parametrize("code,prefix", [
    ("330282004000", "330282004"), ("330282120000", "330282120"), ("330282000000", "330282"),
    ("330200000000", "3302"), ("330000000000", "33"), ("441900003000", "441900003"),
])
def test_code_prefix_keeps_a_towns_own_zeros(code, prefix):
    assert divisions.code_prefix(code) == prefix
