"""Admin: the county's routing table (its own county only, departments of
that county only, every change audited) and read-only tickets."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import Category, EventKind
from lianfu.helpdesk.models import CategoryRoute
from lianfu.registry.models import Department, Division
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.helpdesk.tickets_fixtures import COPPER, clock, departments, staff  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]
YUYAO = "330281000000"


@pytest.fixture
def county_staff(db):
    """A county officer given staff status, as a deployment does to let it into the admin."""
    return UserFactory(username="p_county_staff", role=Role.COUNTY_OFFICER, division_id=COUNTY, is_staff=True)


@pytest.fixture
def yuyao_transport(db):
    return Department.objects.create(code="transport", county_id=YUYAO, name_zh="余姚交通运输局", name_en="Yuyao")


@pytest.fixture
def routes(departments, yuyao_transport):
    here = CategoryRoute.objects.create(county_id=COUNTY, category=Category.SUPPLY, department=departments["economy"])
    there = CategoryRoute.objects.create(county_id=YUYAO, category=Category.SUPPLY, department=None)
    return here, there


def test_a_county_officer_lists_only_its_own_countys_routes(county_staff, routes, login):
    here, there = routes
    page = login(county_staff).get("/admin/helpdesk/categoryroute/")
    assert page.status_code == 200
    assert f"/admin/helpdesk/categoryroute/{here.pk}/change/" in page.content.decode()
    assert f"/admin/helpdesk/categoryroute/{there.pk}/change/" not in page.content.decode()
    assert login(county_staff).get(f"/admin/helpdesk/categoryroute/{there.pk}/change/").status_code == 302


def test_the_department_choices_are_the_rows_county(county_staff, routes, login, yuyao_transport, departments):
    here, _there = routes
    form = login(county_staff).get(f"/admin/helpdesk/categoryroute/{here.pk}/change/").context["adminform"].form
    assert set(form.fields["department"].queryset) == set(departments.values())


def test_a_change_goes_through_the_domain_and_is_audited(county_staff, routes, login, departments):
    here, _there = routes
    response = login(county_staff).post(f"/admin/helpdesk/categoryroute/{here.pk}/change/",
                                        {"department": departments["transport"].pk})
    assert response.status_code == 302
    here.refresh_from_db()
    assert here.department == departments["transport"]
    log = ActivityLog.objects.get(action="helpdesk.route_set")
    assert (log.actor, log.division_code, log.data) == (county_staff, COUNTY,
                                                        {"category": "supply", "department": "transport"})


def test_a_department_of_another_county_is_refused(county_staff, routes, login, yuyao_transport):
    here, _there = routes
    response = login(county_staff).post(f"/admin/helpdesk/categoryroute/{here.pk}/change/",
                                        {"department": yuyao_transport.pk})
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    here.refresh_from_db()
    assert here.department.code == "economy"


def test_an_administrator_adding_a_row_cannot_pair_counties_wrongly(personas, login, yuyao_transport, departments):
    response = login(personas["admin"]).post("/admin/helpdesk/categoryroute/add/", {
        "county": COUNTY, "category": Category.LOGISTICS, "department": yuyao_transport.pk})
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not CategoryRoute.objects.exists()
    response = login(personas["admin"]).post("/admin/helpdesk/categoryroute/add/", {
        "county": COUNTY, "category": Category.LOGISTICS, "department": departments["transport"].pk})
    assert response.status_code == 302
    assert list(CategoryRoute.objects.values_list("category", "department__code")) == [("logistics", "transport")]


def test_set_category_route_checks_who_and_what(personas, departments, yuyao_transport):
    county = Division.objects.get(code=COUNTY)
    with pytest.raises(PermissionDenied):
        domain.set_category_route(actor=personas["town_a"], county=county, category=Category.SUPPLY, department=None)
    with pytest.raises(ValidationError) as error:
        domain.set_category_route(actor=personas["county"], county=county, category=Category.SUPPLY,
                                  department=yuyao_transport)
    assert "department" in error.value.message_dict
    route = domain.set_category_route(actor=personas["county"], county=county, category=Category.OTHER,
                                      department=departments["labour"])
    again = domain.set_category_route(actor=personas["county"], county=county, category=Category.OTHER,
                                      department=None)
    assert (again.pk, again.department) == (route.pk, None)
    assert CategoryRoute.objects.count() == 1


def test_other_roles_do_not_reach_the_routing_admin(login, routes):
    town = UserFactory(username="p_town_staff", role=Role.TOWN_OFFICER, division_id="330282004000", is_staff=True)
    assert login(town).get("/admin/helpdesk/categoryroute/").status_code == 403


def test_tickets_are_read_only_in_the_admin(personas, staff, firm_x, clock, login):
    ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)
    client = login(personas["admin"])
    listing = client.get("/admin/helpdesk/ticket/", {"q": "铜材"})
    assert listing.status_code == 200 and f"/admin/helpdesk/ticket/{ticket.pk}/change/" in listing.content.decode()
    page = client.get(f"/admin/helpdesk/ticket/{ticket.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    inline = page.context["inline_admin_formsets"][0].formset
    assert [event.kind for event in inline.queryset] == [EventKind.SUBMITTED, EventKind.CLASSIFIED, EventKind.ROUTED]
    assert client.get("/admin/helpdesk/ticket/add/").status_code == 403
    assert client.post(f"/admin/helpdesk/ticket/{ticket.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/helpdesk/ticket/{ticket.pk}/change/", {"status": "closed"}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "routed"


def test_the_admin_sign_in_page_opens_for_an_anonymous_visitor(client):
    """The routing admin's permission checks run for every admin page, the sign-in
    page included, where nobody is signed in yet (it used to answer 500)."""
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
