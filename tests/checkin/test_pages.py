"""The pages around the door: a firm adds its doors and prints their posters,
revokes a leaked code and reads today's entries (masked); the town reads its
places; a sibling firm or town gets 404; health officials propose and a second
one approves."""
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from lianfu.checkin import tokens
from lianfu.checkin.enums import EntryResult, PlaceKind, RecordState, Refusal
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import Entry, HealthRecord, Place
from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.registry.models import Department
from lianfu.workforce.enums import WorkerState
from tests.checkin.test_door import PHONE, identified
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))
ID = id_number(sequence=7)


@pytest.fixture
def door(personas, login):
    client = login(personas["firm_x"])
    response = client.post(reverse("entry:places"), {"name": "一号门", "address": "浒山街道 1 号", "rotation_days": 1})
    with scopes_disabled():
        place = Place.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("entry:place", args=[place.pk])
    return place


def test_a_firm_adds_a_door_in_its_town_and_only_its_reach_sees_it(door, personas, login, firm_x):
    assert (door.name, door.enterprise, door.division_id, door.kind) == ("一号门", firm_x, TOWN_A, PlaceKind.SITE)
    assert ActivityLog.objects.get(action="checkin.place_added").division_code == TOWN_A
    detail = reverse("entry:place", args=[door.pk])
    for who, status in (("firm_x", 200), ("town_a", 200), ("county", 200), ("firm_y", 404), ("town_b", 404)):
        assert login(personas[who]).get(detail).status_code == status, who
        listed = login(personas[who]).get(reverse("entry:places"))
        assert (f'id="place-{door.pk}"' in listed.content.decode()) == (status == 200), who
    assert login(personas["liaison_a"]).get(reverse("entry:places")).status_code == 403


def test_a_town_officer_adds_an_office_building_of_the_town(personas, login):
    login(personas["town_b"]).post(reverse("entry:places"), {"name": "创新大厦", "rotation_days": 1})
    with scopes_disabled():
        building = Place.objects.get()
    assert (building.kind, building.enterprise, building.division_id) == (PlaceKind.BUILDING, None, TOWN_B)
    assert login(personas["county"]).post(reverse("entry:places"), {"name": "x", "rotation_days": 1}
                                          ).status_code == 403


@time_machine.travel(NOON, tick=False)
def test_posters_carry_todays_code_and_are_the_firms_to_print(door, personas, login):
    client = login(personas["firm_x"])
    pdf = client.get(reverse("entry:poster", args=[door.pk, "pdf"]), {"day": "2026-03-02"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    png = client.get(reverse("entry:poster", args=[door.pk, "png"]), {"day": "2026-03-03"})
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size == (1240, 1754)
    for day in ("2026-03-01", "2026-03-10", "tomorrow"):              # yesterday's, too far ahead, nonsense
        assert client.get(reverse("entry:poster", args=[door.pk, "pdf"]), {"day": day}).status_code == 404
    assert client.get(reverse("entry:poster", args=[door.pk, "svg"])).status_code == 404
    assert login(personas["firm_y"]).get(reverse("entry:poster", args=[door.pk, "pdf"])).status_code == 404
    assert login(personas["town_b"]).get(reverse("entry:poster", args=[door.pk, "pdf"])).status_code == 404
    assert login(personas["town_a"]).get(reverse("entry:poster", args=[door.pk, "pdf"])).status_code == 200


@time_machine.travel(NOON, tick=False)
def test_revoking_stops_every_printed_code_at_once(door, personas, login):
    printed = tokens.issue(door)
    assert login(personas["firm_y"]).post(reverse("entry:revoke", args=[door.pk])).status_code == 404
    assert tokens.check(printed).refusal is None
    login(personas["firm_x"]).post(reverse("entry:revoke", args=[door.pk]))
    assert tokens.check(printed).refusal == Refusal.REVOKED
    with scopes_disabled():
        door.refresh_from_db()
    assert tokens.check(tokens.issue(door)).refusal is None
    assert ActivityLog.objects.get(action="checkin.codes_revoked").data == {"key_version": 2}


@time_machine.travel(NOON, tick=False)
def test_todays_entries_are_listed_masked(door, personas, login, firm_x):
    worker = make_worker(firm_x, "张伟", number=ID, phone=PHONE, history=[(dt.date(2026, 2, 20), WorkerState.AT_WORK)])
    token = tokens.issue(door)
    identified(Client(), token).post(reverse("checkin:door", args=[token]))
    page = login(personas["firm_x"]).get(reverse("entry:place", args=[door.pk])).content.decode()
    assert "张伟" in page and worker.id_masked in page and ID not in page and PHONE not in page
    with scopes_disabled():
        assert Entry.objects.get().result == EntryResult.ADMITTED
    listing = login(personas["town_a"]).get(reverse("entry:places"))
    assert listing.context["totals"] == (1, 0)


@pytest.fixture
def officials():
    health = Department.objects.create(code="health", county_id=COUNTY, name_zh="卫健局", name_en="Health")
    economy = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    yuyao = Department.objects.create(code="health", county_id="330281000000", name_zh="余姚卫健局", name_en="Health")
    staff = {name: UserFactory(username=name, role=Role.DEPARTMENT_STAFF, division_id=None, department=dept)
             for name, dept in (("h_one", health), ("h_two", health), ("econ", economy), ("h_yuyao", yuyao))}
    return staff


def test_a_status_needs_a_second_official(officials, login):
    one, two = login(officials["h_one"]), login(officials["h_two"])
    one.post(reverse("entry:health"), {"id_number": ID, "status": "red", "reason": "核酸阳性"})
    with scopes_disabled():
        record = HealthRecord.objects.get()
    assert (record.id_masked, record.state, record.county_id) == (ID[:6] + "********" + ID[-4:],
                                                                   RecordState.PROPOSED, COUNTY)
    assert ID not in one.get(reverse("entry:health")).content.decode()
    assert one.post(reverse("entry:health_decide", args=[record.pk]), {"decision": "approve"}).status_code == 409
    assert login(officials["h_yuyao"]).post(reverse("entry:health_decide", args=[record.pk]),
                                            {"decision": "approve"}).status_code == 404
    assert login(officials["econ"]).get(reverse("entry:health")).status_code == 403
    two.post(reverse("entry:health_decide", args=[record.pk]), {"decision": "approve"})
    with scopes_disabled():
        record.refresh_from_db()
    assert (record.state, record.status, record.decided_by) == (RecordState.APPROVED, HealthStatus.RED,
                                                                 officials["h_two"])
    assert [a.action for a in ActivityLog.objects.order_by("id")] == ["checkin.health_proposed",
                                                                      "checkin.health_approved"]
    # Decided once: a second decision is refused.
    assert two.post(reverse("entry:health_decide", args=[record.pk]), {"decision": "reject"}).status_code == 409


def test_a_bad_id_number_is_refused_with_its_reason(officials, login):
    page = login(officials["h_one"]).post(reverse("entry:health"),
                                          {"id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1"), "status": "red",
                                           "reason": "x"})
    with scopes_disabled():
        assert page.status_code == 200 and HealthRecord.objects.count() == 0
    assert "check character" in page.content.decode() or "校验" in page.content.decode()
