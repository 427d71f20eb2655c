"""Who is told: the officers over a place are read by the codes of the place's
divisions (town, county, city, province), in one query that loads only them,
however many officers the rest of the country has."""
import pytest

from lianfu.accounts.models import User
from lianfu.common.models import Notification
from lianfu.common.notifications import county_officers_over, divisions_over, officers_over
from lianfu.common.roles import Role
from lianfu.restart import domain
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

CITY, PROVINCE = "330200000000", "330000000000"          # 宁波市, 浙江省
YUYAO, YUYAO_TOWNS = "330281000000", ["330281001000", "330281002000", "330281003000", "330281004000"]


@pytest.fixture
def officers(personas):
    """The personas' officers, officers over Cixi from above, and people who must not be told."""
    return {
        **{k: personas[k] for k in ("county", "town_a", "town_b", "liaison_a", "firm_x")},
        "city": UserFactory(username="p_city", role=Role.COUNTY_OFFICER, division_id=CITY),
        "province": UserFactory(username="p_province", role=Role.COUNTY_OFFICER, division_id=PROVINCE),
        "yuyao": UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=YUYAO),
        "yuyao_town": UserFactory(username="p_yuyao_town", role=Role.TOWN_OFFICER, division_id=YUYAO_TOWNS[0]),
        "retired_a": UserFactory(username="p_retired_a", role=Role.TOWN_OFFICER, division_id=TOWN_A,
                                 is_active=False),
    }


def names(users, officers) -> set[str]:
    by_pk = {u.pk: key for key, u in officers.items()}
    return {by_pk[u.pk] for u in users}


@pytest.fixture
def rows_loaded(monkeypatch):
    """How many User rows the code under test turned into objects."""
    loaded = []
    original = User.from_db.__func__

    def counting(cls, db, field_names, values):
        loaded.append(values)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(User, "from_db", classmethod(counting))
    return loaded


def test_the_divisions_over_a_place_are_its_own_and_its_ancestors():
    assert divisions_over(TOWN_A) == [PROVINCE, CITY, COUNTY, TOWN_A]
    assert divisions_over(COUNTY) == [PROVINCE, CITY, COUNTY]
    assert divisions_over(CITY) == [PROVINCE, CITY]
    assert divisions_over("330282121") == [PROVINCE, CITY, COUNTY, TOWN_B]   # a short code is a prefix
    assert divisions_over("") == [] and divisions_over(None) == []


def test_officers_over_a_town_are_exactly_its_town_county_city_and_province_officers(officers):
    assert names(officers_over(TOWN_A), officers) == {"town_a", "county", "city", "province"}
    assert names(officers_over(TOWN_B), officers) == {"town_b", "county", "city", "province"}
    assert names(officers_over(YUYAO_TOWNS[0]), officers) == {"yuyao_town", "yuyao", "city", "province"}
    assert names(officers_over(TOWN_A, roles={Role.TOWN_OFFICER}), officers) == {"town_a"}
    assert names(county_officers_over(TOWN_A), officers) == {"county", "city", "province"}
    assert officers_over("") == [] and officers_over(None) == []


def test_reading_them_is_one_query_that_loads_no_officer_from_elsewhere(officers, rows_loaded,
                                                                         django_assert_num_queries):
    for more_elsewhere in (0, 40):
        UserFactory.create_batch(more_elsewhere, role=Role.TOWN_OFFICER,
                                 division_id=YUYAO_TOWNS[more_elsewhere % 4])
        UserFactory.create_batch(more_elsewhere, role=Role.COUNTY_OFFICER, division_id="330100000000")  # 杭州
        rows_loaded.clear()
        with django_assert_num_queries(1):
            told = officers_over(TOWN_A)
        assert names(told, officers) == {"town_a", "county", "city", "province"}
        assert len(rows_loaded) == 4, "only the officers told are read from the database"


def test_a_filing_is_announced_to_exactly_the_officers_over_its_town(personas, officers, firm_y,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    told = User.objects.filter(pk__in=Notification.objects.filter(kind="filing.to_review").values("user_id"))
    assert names(told, officers) == {"town_b", "county", "city", "province"}
