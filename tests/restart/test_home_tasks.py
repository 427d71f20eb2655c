"""The four syncs on each role's first screen, and the links into them."""
import pytest

from lianfu.restart import domain
from tests.restart.pages import ALL_PASS, confirmed, element, package_filed, zh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def tasks(client):
    response = client.get("/")
    assert response.status_code == 200
    return response


def test_a_new_firm_is_asked_to_survey_and_to_file(personas, firm_y, login):
    page = tasks(login(personas["firm_y"]))
    assert zh("not surveyed") in element(page, "task-survey").text
    assert zh("Not surveyed") in element(page, "my-tasks").text                    # the stage mark
    assert f'href="/restart/package/{firm_y.uscc}/"' in page.content.decode()
    waiting = zh("after the filing is approved and the inspection passed")
    assert element(page, "task-restart").text == f"{zh('Restart')} {waiting}"


def test_a_supplier_is_sent_to_confirm_then_to_fix_its_filing(personas, net, chain, members, login):
    client = login(members["a"])
    assert f'href="/restart/package/{net["a"].uscc}/"' not in tasks(client).content.decode()   # its lead files
    a = package_filed(personas, net, keys=("a",))["a"]
    survey = dict(capacity_pct=30, headcount_total=50, headcount_on_duty=20, headcount_away=30)
    domain.record_survey(actor=members["a"], enterprise=net["a"], **survey)
    page = tasks(client)
    assert zh("Confirm our filing") in element(page, "task-filing").text
    assert f'href="/restart/filings/{a.pk}/"' in page.content.decode()
    assert element(page, "task-survey").text.count("-") == 2                        # last surveyed YYYY-MM-DD
    a = confirmed(members, {"a": a})["a"]
    domain.return_filing(actor=personas["county"], filing=a, version=a.version, reason="缺章")
    assert zh("Fix and resubmit") in element(tasks(client), "task-filing").text


def test_confirm_restart_appears_once_prevention_passed(personas, firm_y, login):
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    domain.approve_filing(actor=personas["county"], filing=filing, version=0)
    client = login(personas["firm_y"])
    assert 'href="/restart/confirm/' not in tasks(client).content.decode()
    domain.inspect(actor=personas["town_b"], enterprise=firm_y, results=ALL_PASS, passed=True)
    page = tasks(client)
    assert f'href="/restart/confirm/{firm_y.uscc}/"' in element_html(page, "task-restart")
    assert zh("Prevention passed") in element(page, "my-tasks").text


def element_html(response, element_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</li>", start)]


def test_officers_see_what_waits_for_them_in_their_jurisdiction(personas, net, chain, members, firm_y, login):
    confirmed(members, package_filed(personas, net))                   # lead + 甲铜业 (A) + 乙冲压 (B)
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)          # 周盛 (B)
    domain.approve_filing(actor=personas["county"], filing=filing, version=0)
    # packages or single filings waiting, filings waiting, inspections due
    expected = {"county": ("1", "3", "1"), "town_a": ("1", "2", "0"), "town_b": ("1", "1", "1")}
    for who, (groups, filings, due) in expected.items():
        page = tasks(login(personas[who]))
        got = (element(page, "review-groups").text, element(page, "review-filings").text.split()[0],
               element(page, "inspections-due-count").text)
        assert got == (groups, filings, due), who
    assert element(tasks(login(personas["county"])), "kpi-review").text.count(zh("Packages waiting for review")) == 1


def test_nav_links_follow_the_permissions(personas, net, chain, login):
    county = login(personas["county"]).get("/").content.decode()
    assert 'href="/restart/review/"' in county and 'href="/restart/inspections/"' in county
    firm = login(personas["firm_x"]).get("/").content.decode()
    assert 'href="/restart/review/"' not in firm and 'href="/restart/inspections/"' not in firm
    liaison = login(personas["liaison_a"]).get("/").content.decode()
    assert 'href="/restart/review/"' not in liaison


def test_the_tree_page_links_the_lead_to_its_package_filing(personas, net, chain, login):
    lead_page = login(personas["firm_x"]).get(f"/chains/{net['lead'].uscc}/")
    assert element(lead_page, "nav-package") is not None
    assert element(login(personas["county"]).get(f"/chains/{net['lead'].uscc}/"), "nav-package") is None
