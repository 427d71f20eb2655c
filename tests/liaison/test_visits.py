"""走访: an officer records a visit to a firm they look after (date, purpose,
findings, photos checked by their bytes), with a need that becomes a ticket
routed like any other and a survey that moves the firm's stage, all in one
transaction; their visits, newest first; a visit and its photos read only by
those who may. The clock stands on Monday 2 March 2020, 10:00 (tickets_fixtures)."""
import datetime as dt
import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.helpdesk.enums import Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison import visits
from lianfu.liaison.enums import VisitPurpose
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown, Visit, VisitPhoto
from lianfu.registry.models import OfficeBuilding
from lianfu.registry.stages import Stage
from lianfu.restart.models import Survey
from lianfu.restart.stages import stage_of
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.helpdesk.tickets_fixtures import COPPER, clock, departments  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 3, 2)
FIRM = "慈溪市甬达电器有限公司"
SINCE = dt.date(2020, 2, 20)


def photo(name: str = "gate.png", kind: str = "PNG", size=(60, 40)) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(data, kind)
    return SimpleUploadedFile(name, data.getvalue(), content_type=f"image/{kind.lower()}")


def bomb(name: str) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(data, "PNG")
    assert len(data.getvalue()) < 20_000
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def png_header(width: int, height: int) -> bytes:
    """A PNG's signature, header chunk and end: all an image reader needs to read its size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(
        b"IEND", b"")


def liar(name: str = "gate.jpg") -> SimpleUploadedFile:
    """Named and declared a JPEG; its bytes are a web page."""
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="image/jpeg")


def stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / visits.PHOTO_FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(db, departments, clock):  # noqa: F811
    """浒山街道's team (led by a county official), two liaison officers of the
    town (one looks after the firm and a building), a town officer of each
    town and a liaison officer of 周巷镇."""
    with scopes_disabled():
        firm = EnterpriseFactory(name=FIRM, division_id=TOWN_A, above_scale=True, employees=320)
        tower = OfficeBuilding.objects.create(town_id=TOWN_A, name="财富中心", floor_area_m2=12000)
        people = {
            "officer": UserFactory(username="lo_mine", role=Role.LIAISON_OFFICER, division_id=TOWN_A),
            "colleague": UserFactory(username="lo_colleague", role=Role.LIAISON_OFFICER, division_id=TOWN_A),
            "sibling": UserFactory(username="lo_sibling", role=Role.LIAISON_OFFICER, division_id=TOWN_B),
            "town_a": UserFactory(username="to_a", role=Role.TOWN_OFFICER, division_id=TOWN_A),
            "town_b": UserFactory(username="to_b", role=Role.TOWN_OFFICER, division_id=TOWN_B),
            # The team's leader once ran 浒山街道 and now sits in 周巷镇: the team page is their reach.
            "leader": UserFactory(username="leader", role=Role.TOWN_OFFICER, division_id=TOWN_B),
            "firm_user": UserFactory(username="firm_user", role=Role.ENTERPRISE_USER, division_id=None,
                                     enterprise=firm),
            "admin": UserFactory(username="admin", role=Role.ADMINISTRATOR, division_id=None, is_staff=True,
                                 is_superuser=True),
        }
        team = ServiceTeam.objects.create(county_id=COUNTY, name="浒山服务组", leader=people["leader"])
        TeamTown.objects.create(team=team, town_id=TOWN_A)
        for key in ("officer", "colleague"):
            TeamMember.objects.create(officer=people[key], team=team)
        Assignment.objects.create(officer=people["officer"], enterprise=firm, since=SINCE)
        Assignment.objects.create(officer=people["officer"], building=tower, since=SINCE)
    return {"firm": firm, "tower": tower, **people}


def post_visit(client, uscc: str, query: str = "", **data):
    body = {"visited_on": TODAY.isoformat(), "purpose": VisitPurpose.ROUTINE, "findings": "产线满负荷，缺铜材", **data}
    return client.post(f"/liaison/visits/new/firm/{uscc}/{query}", body)


def survey_fields(**changes) -> dict:
    fields = {"capacity_pct": "60", "headcount_total": "320", "headcount_on_duty": "250", "headcount_away": "70",
              "stock_days": "3", "blockers": ["material"], "planned_restart": "", "needs": ""}
    fields.update(changes)
    return {f"survey-{name}": value for name, value in fields.items()}


def only_visit() -> Visit:
    with scopes_disabled():
        return Visit.objects.select_related("ticket", "survey").get()


def test_a_visit_with_a_photo_is_recorded_and_audited(world, login, settings):
    client = login(world["officer"])
    response = post_visit(client, world["firm"].uscc, photos=[photo()])
    visit = only_visit()
    assert response.status_code == 302 and response["Location"] == f"/liaison/visits/{visit.pk}/"
    assert (visit.officer, visit.enterprise, visit.building, visit.town_id, visit.visited_on, visit.purpose,
            visit.findings, visit.ticket, visit.survey) == (
        world["officer"], world["firm"], None, TOWN_A, TODAY, VisitPurpose.ROUTINE, "产线满负荷，缺铜材", None, None)
    with scopes_disabled():
        stored = VisitPhoto.objects.get(visit=visit)
    assert (stored.content_type, stored.size, stored.path.startswith("visits/"), stored.path.endswith(".png")) == (
        "image/png", len(photo().read()), True, True)
    assert stored_files(settings) == [stored.path.split("/")[1]]
    event = ActivityLog.objects.get(action="liaison.visit_recorded")
    assert (event.actor, event.subject_id, event.division_code, event.data) == (
        world["officer"], str(visit.pk), TOWN_A,
        {"unit": FIRM, "enterprise": world["firm"].uscc, "purpose": "routine", "visited_on": "2020-03-02",
         "photos": 1, "ticket": None, "survey": None})


def test_a_need_becomes_a_ticket_routed_to_the_department_and_the_town(world, login, departments,  # noqa: F811
                                                                      english):
    client = login(world["officer"])
    response = post_visit(client, world["firm"].uscc, **{"with": "need", "need-text": COPPER, "need-category": ""})
    visit = only_visit()
    assert response.status_code == 302
    with scopes_disabled():
        ticket = Ticket.objects.select_related("department").get()
    assert (visit.ticket, ticket.enterprise, ticket.department, ticket.town_id, ticket.status, ticket.submitter,
            ticket.submitted_by, ticket.channel, ticket.text) == (
        ticket, world["firm"], departments["economy"], TOWN_A, Status.ROUTED, Submitter.LIAISON, world["officer"],
        Channel.WEB, COPPER)
    told = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert told == ["Visit recorded.", f"Ticket #{ticket.pk} was sent to Economy and 浒山街道; due 2020-03-02 17:30."]


def test_the_officers_category_routes_the_need_without_the_classifier(world, login, departments):  # noqa: F811
    post_visit(login(world["officer"]), world["firm"].uscc,
               **{"with": "need", "need-text": "请帮忙协调一下", "need-category": Category.LABOR})
    with scopes_disabled():
        ticket = Ticket.objects.get()
    assert (ticket.category, ticket.department, ticket.town_id, ticket.status) == (
        Category.LABOR, departments["labour"], TOWN_A, Status.ROUTED)


def test_a_survey_on_the_visit_moves_the_firms_stage(world, login):
    assert stage_of(world["firm"].pk) == Stage.NOT_SURVEYED
    client = login(world["officer"])
    response = post_visit(client, world["firm"].uscc, **{"with": "survey", "purpose": VisitPurpose.SURVEY,
                                                          "visited_on": "2020-02-28", **survey_fields()})
    assert response.status_code == 302
    visit = only_visit()
    with scopes_disabled():
        survey = Survey.objects.get()
    assert (visit.survey, survey.enterprise, survey.surveyed_on, survey.capacity_pct, survey.headcount_on_duty,
            survey.blockers, survey.submitted_by, survey.on_behalf) == (
        survey, world["firm"], dt.date(2020, 2, 28), 60, 250, ["material"], world["officer"], True)
    assert stage_of(world["firm"].pk) == Stage.SURVEYED
    assert 'class="stage-mark stage-surveyed"' in client.get(response["Location"]).content.decode()


def test_an_unticked_section_records_nothing_and_a_ticked_one_is_checked(world, login, english):
    client = login(world["officer"])
    post_visit(client, world["firm"].uscc, **{"need-text": COPPER, **survey_fields()})     # boxes not ticked
    with scopes_disabled():
        assert (only_visit().ticket, only_visit().survey, Ticket.objects.count(), Survey.objects.count()) == (
            None, None, 0, 0)
    page = post_visit(client, world["firm"].uscc, **{"with": ["need", "survey"], "need-text": "  ",
                                                     **survey_fields(headcount_on_duty="400")})
    assert page.status_code == 200
    assert page.context["forms"].need.errors == {"text": ["Describe the problem: the text is empty."]}
    assert page.context["forms"].survey.errors == {"headcount_on_duty": ["On duty cannot be more than the "
                                                                         "headcount (320)."]}
    with scopes_disabled():
        assert (Visit.objects.count(), Ticket.objects.count(), Survey.objects.count()) == (1, 0, 0)


@pytest.mark.parametrize("day, error", [
    (TODAY + dt.timedelta(days=1), "A visit cannot be dated in the future."),
    (TODAY - dt.timedelta(days=31), "A visit can be recorded up to 30 days after it took place."),
    (TODAY - dt.timedelta(days=30), None),
    (TODAY, None),
])
def test_the_visit_date_is_today_or_up_to_30_days_back(world, login, english, day, error):
    response = post_visit(login(world["officer"]), world["firm"].uscc, visited_on=day.isoformat())
    with scopes_disabled():
        recorded = list(Visit.objects.values_list("visited_on", flat=True))
    if error is None:
        assert (response.status_code, recorded) == (302, [day])
    else:
        assert (response.status_code, response.context["forms"].visit.errors, recorded) == (
            200, {"visited_on": [error]}, [])


@pytest.mark.parametrize("files, error", [
    (lambda: [photo(), liar("门口.jpg")], "“门口.jpg” is not a JPEG or PNG photo, whatever its name says."),
    (lambda: [photo(f"p{i}.png") for i in range(5)], "At most 4 photos can be added to a visit."),
    (lambda: [SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "image/jpeg")],
     "“big.jpg” is larger than 5 MB."),
    (lambda: [SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ...", "application/pdf")],
     "“scan.pdf” is not a JPEG or PNG photo, whatever its name says."),
    # A pixel bomb: a few kilobytes that declare 60 megapixels.
    (lambda: [photo(), bomb("门口.png")], "“门口.png” is larger than 50 megapixels."),
    # 50,000 × 50,000 declared in 57 bytes: beyond what Pillow itself agrees to open.
    (lambda: [SimpleUploadedFile("huge.png", png_header(50_000, 50_000), "image/png")],
     "“huge.png” is larger than 50 megapixels."),
    # PNG magic bytes and then nothing an image reader can parse.
    (lambda: [SimpleUploadedFile("half.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")],
     "“half.png” is not a JPEG or PNG photo, whatever its name says."),
])
def test_a_refused_photo_is_named_and_nothing_is_stored(world, login, english, settings, files, error):
    response = post_visit(login(world["officer"]), world["firm"].uscc,
                          **{"photos": files(), "with": "need", "need-text": COPPER})
    assert (response.status_code, response.context["forms"].visit.errors) == (200, {"photos": [error]})
    with scopes_disabled():
        assert (Visit.objects.count(), VisitPhoto.objects.count(), Ticket.objects.count()) == (0, 0, 0)
    assert stored_files(settings) == []


def test_a_refusal_of_the_domain_is_shown_above_the_form(world, login, english, settings):
    with scopes_disabled():
        nowhere = EnterpriseFactory(name="慈溪市无址贸易有限公司", division_id=None)
        Assignment.objects.create(officer=world["officer"], enterprise=nowhere, since=SINCE)
    response = post_visit(login(world["officer"]), nowhere.uscc, photos=[photo()])
    assert (response.status_code, response.context["forms"].visit.non_field_errors()) == (
        200, ["慈溪市无址贸易有限公司 has no town on record: ask the county to complete its registration first."])
    with scopes_disabled():
        assert Visit.objects.count() == 0
    assert stored_files(settings) == []


def test_four_photos_jpeg_and_png_are_kept(world, login, settings):
    post_visit(login(world["officer"]), world["firm"].uscc,
               photos=[photo("a.png"), photo("b.jpg", "JPEG"), photo("c.png"), photo("d.jpeg", "JPEG")])
    with scopes_disabled():
        kinds = list(VisitPhoto.objects.order_by("id").values_list("content_type", flat=True))
    assert kinds == ["image/png", "image/jpeg", "image/png", "image/jpeg"] and len(stored_files(settings)) == 4


def test_a_failure_at_the_last_step_leaves_no_ticket_no_survey_no_photo(world, settings, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(visits, "log_activity", broken)
    with pytest.raises(RuntimeError):
        visits.record_visit(actor=world["officer"], enterprise=world["firm"], visited_on=TODAY,
                            purpose=VisitPurpose.NEED, photos=[photo(), photo("b.png")],
                            need=visits.Need(COPPER), survey={"capacity_pct": 60, "headcount_total": 320,
                                                              "headcount_on_duty": 250, "headcount_away": 70})
    with scopes_disabled():
        assert (Visit.objects.count(), VisitPhoto.objects.count(), Ticket.objects.count(),
                Survey.objects.count()) == (0, 0, 0, 0)
    assert stored_files(settings) == [] and stage_of(world["firm"].pk) == Stage.NOT_SURVEYED


def test_a_survey_the_database_refuses_takes_the_ticket_with_it(world, settings):
    with pytest.raises(Exception) as refused:
        visits.record_visit(actor=world["officer"], enterprise=world["firm"], visited_on=TODAY, photos=[photo()],
                            need=visits.Need(COPPER), survey={"capacity_pct": 60, "headcount_total": 10,
                                                              "headcount_on_duty": 250, "headcount_away": 0})
    assert type(refused.value).__name__ == "IntegrityError"
    with scopes_disabled():
        assert (Visit.objects.count(), Ticket.objects.count(), Survey.objects.count()) == (0, 0, 0)
    assert stored_files(settings) == []


def test_a_building_visit_has_no_need_or_survey(world, login):
    client = login(world["officer"])
    form = client.get(f"/liaison/visits/new/building/{world['tower'].pk}/?with=need").content.decode()
    assert 'id="visit-form"' in form and 'id="need-section"' not in form and 'id="survey-section"' not in form
    response = client.post(f"/liaison/visits/new/building/{world['tower'].pk}/",
                           {"visited_on": "2020-03-01", "purpose": "prevention", "with": "need", "need-text": COPPER})
    with scopes_disabled():
        visit = Visit.objects.get()
        assert response.status_code == 302
        assert (visit.building, visit.enterprise, visit.town_id, visit.ticket, Ticket.objects.count()) == (
            world["tower"], None, TOWN_A, None, 0)
    with pytest.raises(ValidationError):
        visits.record_visit(actor=world["officer"], building=world["tower"], need=visits.Need(COPPER))
    assert login(world["colleague"]).get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 403
    assert login(world["sibling"]).get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        visits.record_visit(actor=world["colleague"], building=world["tower"])


def test_the_form_opens_with_the_section_asked_for(world, login):
    with scopes_disabled():
        Survey.objects.create(enterprise=world["firm"], surveyed_on=dt.date(2020, 2, 24), capacity_pct=40,
                              headcount_total=300, headcount_on_duty=200, headcount_away=100)
    client = login(world["officer"])
    plain = client.get(f"/liaison/visits/new/firm/{world['firm'].uscc}/").content.decode()
    survey = client.get(f"/liaison/visits/new/firm/{world['firm'].uscc}/?with=survey").content.decode()
    need = client.get(f"/liaison/visits/new/firm/{world['firm'].uscc}/?with=need").content.decode()

    def ticked(html):
        return re.findall(r'name="with" value="(\w+)" id="with-\w+" checked', html)

    def purpose(html):
        return re.search(r'<option value="(\w+)" selected>', html).group(1)

    assert (ticked(plain), ticked(survey), ticked(need)) == ([], ["survey"], ["need"])
    assert (purpose(plain), purpose(survey), purpose(need)) == ("routine", "survey", "need")
    # The survey starts from the last one; the date starts today and may go 30 days back, not forward.
    assert 'name="survey-capacity_pct" value="40"' in survey and 'name="survey-headcount_total" value="300"' in survey
    assert 'value="2020-03-02"' in plain and 'max="2020-03-02"' in plain and 'min="2020-02-01"' in plain


def record(world, n: int, officer="officer", **extra) -> list[Visit]:
    with scopes_disabled():
        return [Visit.objects.create(officer=world[officer], enterprise=world["firm"], town_id=TOWN_A,
                                     visited_on=TODAY - dt.timedelta(days=i % 25), **extra) for i in range(n)]


def test_my_visits_are_mine_newest_first_twenty_a_page(world, login):
    mine = record(world, 21)
    record(world, 2, officer="colleague")
    client = login(world["officer"])
    first, second = client.get("/liaison/visits/"), client.get("/liaison/visits/?page=2")
    expected = sorted(mine, key=lambda v: (v.visited_on, v.pk), reverse=True)
    assert [v.pk for v in first.context["page"].object_list] == [v.pk for v in expected[:20]]
    assert [v.pk for v in second.context["page"].object_list] == [expected[20].pk]
    assert first.context["page"].paginator.count == 21
    assert login(world["town_a"]).get("/liaison/visits/").status_code == 403


def test_a_visit_and_its_photo_are_read_by_those_who_may(world, login):
    post_visit(login(world["officer"]), world["firm"].uscc, photos=[photo()])
    visit = only_visit()
    with scopes_disabled():
        stored = VisitPhoto.objects.get()
    expected = {"officer": 200, "colleague": 200, "town_a": 200, "leader": 200, "admin": 200,
                "sibling": 404, "town_b": 404, "firm_user": 404}
    pages = {who: login(world[who]).get(f"/liaison/visits/{visit.pk}/").status_code for who in expected}
    photos = {who: login(world[who]).get(f"/liaison/visits/photos/{stored.pk}/") for who in expected}
    assert pages == expected and {who: r.status_code for who, r in photos.items()} == expected
    served = photos["leader"]
    assert (served["Content-Type"], b"".join(served.streaming_content)) == ("image/png", photo().read())
    detail = login(world["officer"]).get(f"/liaison/visits/{visit.pk}/").content.decode()
    assert f'src="/liaison/visits/photos/{stored.pk}/"' in detail


def test_the_visit_page_links_the_ticket_and_shows_the_survey(world, login, departments):  # noqa: F811
    client = login(world["officer"])
    post_visit(client, world["firm"].uscc, **{"with": ["need", "survey"], "need-text": COPPER, **survey_fields()})
    visit = only_visit()
    page = client.get(f"/liaison/visits/{visit.pk}/").content.decode()
    assert f'href="/helpdesk/tickets/{visit.ticket.pk}/" id="visit-ticket"' in page
    assert '<dd id="visit-ticket-department">经信局</dd>' in page and '<dd id="visit-ticket-town">浒山街道</dd>' in page
    assert 'id="visit-survey"' in page and "60" in page.split('id="visit-survey"')[1].split("</section>")[0]


@pytest.mark.django_db(transaction=True)
def test_the_needs_a_survey_files_are_linked_from_the_visit(world, login, departments, english):  # noqa: F811
    """A survey recorded on a visit files its new needs as a ticket of their own once the
    survey committed (helpdesk.receivers; hence a test that commits): the visit's officer
    is told where it went, and the visit page links it beside the need's own ticket."""
    client = login(world["officer"])
    needs = "招工困难，缺熟练焊工二十名"
    response = post_visit(client, world["firm"].uscc, **{"with": ["need", "survey"], "need-text": COPPER,
                                                          "need-category": "", **survey_fields(needs=needs)})
    visit = only_visit()
    with scopes_disabled():
        filed = Ticket.objects.exclude(pk=visit.ticket.pk).get()
    assert (filed.channel, filed.text, filed.enterprise) == (Channel.SURVEY, needs, world["firm"])
    assert visits.survey_ticket(visit) == filed
    told = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert told[0] == "Visit recorded." and told[-1].startswith(f"Ticket #{filed.pk} was sent to ")
    page = client.get(f"/liaison/visits/{visit.pk}/").content.decode()
    survey_card = page.split('id="visit-survey"')[1].split("</section>")[0]
    assert (f'id="visit-survey-ticket">Its new needs were filed as\n    <a href="/helpdesk/tickets/{filed.pk}/">'
            f"Ticket #{filed.pk}</a>") in survey_card
    assert f'href="/helpdesk/tickets/{visit.ticket.pk}/" id="visit-ticket"' in page      # the need's own, apart
    assert login(world["sibling"]).get(f"/liaison/visits/{visit.pk}/").status_code == 404


def test_a_visit_whose_survey_needs_nothing_new_links_no_ticket(world, login):
    client = login(world["officer"])
    post_visit(client, world["firm"].uscc, **{"with": "survey", **survey_fields()})
    visit = only_visit()
    assert visits.survey_ticket(visit) is None
    assert 'id="visit-survey-ticket"' not in client.get(f"/liaison/visits/{visit.pk}/").content.decode()
