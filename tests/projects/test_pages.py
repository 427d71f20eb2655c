"""The library's pages: who reaches which (a sibling town's project is a 404, a
firm is refused everything with 403), recording an update on a project's page
(the refusal of a move back shown with its status), adding and editing."""
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog
from lianfu.projects.models import Project, ProjectUpdate
from tests.conftest import TOWN_A
from tests.projects.conftest import days, reload

pytestmark = pytest.mark.django_db


def project_url(project, name: str = "projects:project") -> str:
    return reverse(name, args=[project.pk])


def listed(response) -> list[str]:
    return re.findall(r'<tr id="project-\d+"[^>]*>\s*<td><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_each_officer_lists_the_projects_of_their_reach(login, personas, library):
    url = reverse("projects:list")
    assert listed(login(personas["county"]).get(url)) == ["CX-001", "CX-002", "CX-003"]
    assert listed(login(personas["admin"]).get(url)) == ["CX-001", "CX-002", "CX-003"]
    assert listed(login(personas["town_a"]).get(url)) == ["CX-001", "CX-003"]
    assert listed(login(personas["town_b"]).get(url)) == ["CX-002"]
    # A liaison officer reads the projects they are responsible for, nothing else.
    assert listed(login(personas["liaison_a"]).get(url)) == ["CX-003"]


def test_a_sibling_towns_officer_gets_404_and_a_firm_403_everywhere(login, personas, library):
    a = library["a"]
    town_b, firm = login(personas["town_b"]), login(personas["firm_x"])
    assert login(personas["town_a"]).get(project_url(a)).status_code == 200
    assert town_b.get(project_url(a)).status_code == 404
    assert town_b.post(project_url(a, "projects:record_update"), {"on": days(0), "note": "x",
                                                                   "version": 0}).status_code == 404
    for url in (reverse("projects:list"), project_url(a), reverse("projects:leaders"), reverse("projects:add"),
                reverse("projects:import"), project_url(a, "projects:edit")):
        assert firm.get(url).status_code == 403, url
    assert firm.post(project_url(a, "projects:record_update"), {"on": days(0), "note": "x"}).status_code == 403
    # A liaison officer not in charge of A: the project is in their town, the page is not theirs.
    assert login(personas["liaison_a"]).get(project_url(a)).status_code == 403
    assert login(personas["liaison_a"]).get(project_url(library["c"])).status_code == 200
    with scopes_disabled():
        assert ProjectUpdate.objects.count() == 0


def test_the_navigation_leads_to_the_library_for_those_who_use_it(login, personas, library):
    def has_link(who) -> bool:
        return 'id="nav-projects"' in login(personas[who]).get(reverse("home")).content.decode()

    assert [who for who in ("county", "town_a", "town_b", "admin", "liaison_a", "firm_x") if has_link(who)] == [
        "county", "town_a", "town_b", "admin", "liaison_a"]
    # From the list: the leaders' page for officers; adding and importing for the county.
    def links(who) -> list[str]:
        page = login(personas[who]).get(reverse("projects:list")).content.decode()
        return [i for i in ("to-leaders", "add-project", "import-projects") if f'id="{i}"' in page]

    assert links("county") == ["to-leaders", "add-project", "import-projects"]
    assert links("town_a") == ["to-leaders"] and links("liaison_a") == []
    with scopes_disabled():
        Project.objects.filter(pk=library["c"].pk).update(officer=None)
    assert not has_link("liaison_a")


def test_the_project_page_shows_the_stages_planned_against_reached_and_flags_the_late_one(login, personas, library):
    page = login(personas["town_a"]).get(project_url(library["a"])).content.decode()
    assert 'id="stage-land" class="overdue"' in page and "Overdue: Land supplied, 5 days late" in page
    assert 'id="stage-started"' in page and 'id="stage-started" class="overdue"' not in page
    assert "Due in 30 days" in page and 'id="update-form"' in page
    # A reader who may not edit sees no edit link; the county does.
    assert 'id="edit-project"' not in page
    assert 'id="edit-project"' in login(personas["county"]).get(project_url(library["a"])).content.decode()


def test_an_update_recorded_on_the_page_moves_the_stage(login, personas, library):
    client = login(personas["town_a"])
    response = client.post(project_url(library["a"], "projects:record_update"), {
        "on": days(-1).isoformat(), "stage": "land", "note": "土地出让合同已签订", "version": 0})
    assert response.status_code == 302 and response["Location"] == project_url(library["a"])
    project = reload(library["a"])
    assert (project.stage, project.reached_land, project.version) == ("land", days(-1), 1)
    page = client.get(project_url(project)).content.decode()
    assert "土地出让合同已签订" in page and 'id="stage-land" class="overdue"' not in page


def test_a_move_back_without_a_reason_is_refused_on_the_page_with_what_was_typed(login, personas, library):
    client = login(personas["town_b"])
    b = library["b"]
    response = client.post(project_url(b, "projects:record_update"), {
        "on": days(0).isoformat(), "stage": "approvals", "note": "施工许可被撤回", "version": 0})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="refusal"' in page and "needs a reason" in page and "施工许可被撤回" in page
    assert reload(b).stage == "started"
    response = client.post(project_url(b, "projects:record_update"), {
        "on": days(0).isoformat(), "stage": "approvals", "reason": "施工许可被撤回", "version": 0})
    assert response.status_code == 302 and reload(b).stage == "approvals"
    # The same form sent again: the page was stale (409), and it now carries the current version.
    response = client.post(project_url(b, "projects:record_update"), {
        "on": days(0).isoformat(), "stage": "started", "version": 0})
    assert response.status_code == 409 and 'name="version" value="1"' in response.content.decode()
    assert list(ActivityLog.objects.values_list("action", flat=True)) == ["project.moved_back"]


def test_a_bad_date_is_said_next_to_its_field(login, personas, library):
    response = login(personas["town_a"]).post(project_url(library["a"], "projects:record_update"), {
        "on": days(2).isoformat(), "stage": "land", "version": 0})
    assert response.status_code == 400
    assert re.search(r'id="field-on".*?The date cannot be in the future\.', response.content.decode(), re.S)


def test_the_county_adds_and_edits_a_project_and_a_town_officer_may_not(login, personas, library, firm_x):
    client = login(personas["county"])
    data = {"code": " cx-009 ", "name": "中医院迁建工程", "town": TOWN_A, "industry": "84", "total_investment": "68000",
            "investment_this_year": "12000", "leader_name": "陈晓燕", "leader_post": "副市长",
            "officer": personas["town_a"].pk, "builder": firm_x.uscc, "investor": "", "stage": "none",
            "planned_started": days(10).isoformat()}
    assert login(personas["town_a"]).post(reverse("projects:add"), data).status_code == 403
    response = client.post(reverse("projects:add"), data)
    with scopes_disabled():
        project = Project.objects.get(code="CX-009")
    assert response.status_code == 302 and response["Location"] == project_url(project)
    assert (project.name, project.industry_id, project.stage, project.officer_id) == (
        "中医院迁建工程", "84", "", personas["town_a"].pk)
    taken = client.post(reverse("projects:add"), {**data, "code": "CX-001"})
    assert taken.status_code == 400 and "already has a project numbered CX-001" in taken.content.decode()
    edit = project_url(project, "projects:edit")
    assert login(personas["town_a"]).get(edit).status_code == 403
    form = client.get(edit)
    assert form.status_code == 200 and f'value="{firm_x.uscc}"' in form.content.decode()
    changed = {**data, "code": "CX-009", "total_investment": "70000", "version": 0}
    del changed["stage"]
    assert client.post(edit, changed).status_code == 302
    assert reload(project).total_investment == 70000 and reload(project).version == 1
    stale = client.post(edit, {**changed, "total_investment": "71000"})     # the version it showed is gone
    assert stale.status_code == 409 and "Someone changed this record" in stale.content.decode()
    assert 'name="version" value="1"' in stale.content.decode()
    assert list(ActivityLog.objects.order_by("id").values_list("action", flat=True)) == [
        "project.added", "project.changed"]
