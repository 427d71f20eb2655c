"""Chain package filing, filing alone, and the filing page (confirm, resubmit, review)."""
import pytest
from django_scopes import scopes_disabled

from lianfu.registry.stages import Stage
from lianfu.restart import domain
from lianfu.restart.enums import FilingStatus
from lianfu.restart.models import ChainFiling, Filing
from lianfu.restart.stages import stage_of
from tests.restart.pages import confirmed, element, filing_of, package_filed, page_text, refresh, zh

pytestmark = pytest.mark.django_db


def statuses(package) -> dict:
    with scopes_disabled():
        return {f.enterprise.name: (f.status, f.headcount_planned, f.commitments)
                for f in package.filings.select_related("enterprise")}


def test_lead_sees_every_in_county_supplier_checked_and_outside_ones_apart(personas, net, chain, login):
    response = login(personas["firm_x"]).get(f"/restart/package/{net['lead'].uscc}/")
    assert response.status_code == 200
    inside = element(response, "in-county")
    assert sorted(inside.checked("members")) == sorted(str(net[k].pk) for k in ("a", "b", "s", "t"))
    assert "丙轴承" not in inside.text
    outside = element(response, "outside")
    assert "丙轴承" in outside.text and outside.inputs == []
    assert f'href="/chains/{net["lead"].uscc}/outside/"' in page_text(response)
    assert element(response, "field-headcount_planned") is not None
    assert len(element(response, "field-commitments").inputs) == 8


def test_package_files_the_lead_and_the_checked_suppliers(personas, net, chain, members, login):
    response = login(personas["firm_x"]).post(f"/restart/package/{net['lead'].uscc}/", {
        "members": [net["a"].pk, net["s"].pk], "headcount_planned": "280", "commitments": ["masks", "disinfection"]})
    with scopes_disabled():
        package = ChainFiling.objects.get()
    assert statuses(package) == {
        "慈溪市甬达电器有限公司": (FilingStatus.SUBMITTED, 280, ["masks", "disinfection"]),
        "甲铜业": (FilingStatus.AWAITING_MEMBER, None, []), "丁电镀": (FilingStatus.AWAITING_MEMBER, None, [])}
    assert response.status_code == 302 and response["Location"] == f"/restart/filings/{filing_of(net['lead']).pk}/"
    assert stage_of(net["lead"].pk) == Stage.FILED


def test_package_errors_keep_what_was_checked_and_typed(personas, net, chain, login):
    response = login(personas["firm_x"]).post(f"/restart/package/{net['lead'].uscc}/", {
        "members": [net["b"].pk], "headcount_planned": "-5", "commitments": ["masks"]})
    assert response.status_code == 200
    assert element(response, "field-headcount_planned").text != ""          # the error sits by the field
    assert element(response, "field-headcount_planned").value("headcount_planned") == "-5"
    assert element(response, "in-county").checked("members") == [str(net["b"].pk)]
    assert element(response, "field-commitments").checked("commitments") == ["masks"]
    with scopes_disabled():
        assert Filing.objects.count() == 0


def test_a_second_package_offers_only_suppliers_not_yet_filed(personas, net, chain, login):
    package_filed(personas, net, keys=("a",))
    response = login(personas["firm_x"]).get(f"/restart/package/{net['lead'].uscc}/")
    assert sorted(element(response, "in-county").checked("members")) == sorted(
        str(net[k].pk) for k in ("b", "s", "t"))
    assert element(response, "field-headcount_planned") is None              # the lead has filed already
    assert element(response, "own-filing") is not None
    empty = login(personas["firm_x"]).post(f"/restart/package/{net['lead'].uscc}/", {})
    assert zh("Choose at least one supplier to file.") in element(empty, "in-county").text
    with scopes_disabled():
        assert ChainFiling.objects.count() == 1


@pytest.mark.parametrize("who, status", [("firm_y", 404), ("town_b", 404), ("county", 403), ("liaison_a", 403)])
def test_package_page_is_the_lead_firms_own(personas, net, chain, members, login, who, status):
    assert login(personas[who]).get(f"/restart/package/{net['lead'].uscc}/").status_code == status
    assert login(members["a"]).get(f"/restart/package/{net['lead'].uscc}/").status_code == 404


def test_a_firm_on_no_list_files_alone(personas, firm_y, login):
    client = login(personas["firm_y"])
    assert element(client.get(f"/restart/package/{firm_y.uscc}/"), "file-alone-form") is not None
    response = client.post(f"/restart/package/{firm_y.uscc}/", {"headcount_planned": "45", "commitments": ["masks"]})
    filing = filing_of(firm_y)
    assert (filing.status, filing.package_id, filing.headcount_planned, filing.commitments) == (
        FilingStatus.SUBMITTED, None, 45, ["masks"])
    assert response["Location"] == f"/restart/filings/{filing.pk}/"
    assert element(client.get(f"/restart/package/{firm_y.uscc}/"), "file-alone-form") is None   # once


def test_a_supplier_is_told_its_lead_files_for_it(net, chain, members, login):
    client = login(members["b"])
    response = client.get(f"/restart/package/{net['b'].uscc}/")
    assert "慈溪市甬达电器有限公司" in element(response, "supplier-of").text
    assert element(response, "file-alone-form") is None
    client.post(f"/restart/package/{net['b'].uscc}/", {"headcount_planned": "10"})
    with scopes_disabled():
        assert Filing.objects.count() == 0


def test_a_member_confirms_its_filing_without_seeing_fellow_suppliers(personas, net, chain, members, login):
    a = package_filed(personas, net)["a"]
    client = login(members["a"])
    page = client.get(f"/restart/filings/{a.pk}/")
    assert element(page, "confirm") is not None and element(page, "package-members") is None
    assert "乙冲压" not in page_text(page)
    response = client.post(f"/restart/filings/{a.pk}/", {
        "action": "confirm", "confirm-version": str(a.version), "confirm-headcount_planned": "25",
        "confirm-commitments": ["masks", "health_code"]})
    assert response.status_code == 302
    a = refresh(a)
    assert (a.status, a.headcount_planned, a.commitments, a.version) == (
        FilingStatus.SUBMITTED, 25, ["masks", "health_code"], 1)
    assert stage_of(net["a"].pk) == Stage.FILED


def test_a_confirmation_with_errors_keeps_the_ticked_items(personas, net, chain, members, login):
    a = package_filed(personas, net)["a"]
    response = login(members["a"]).post(f"/restart/filings/{a.pk}/", {
        "action": "confirm", "confirm-version": "0", "confirm-headcount_planned": "",
        "confirm-commitments": ["masks"]})
    assert response.status_code == 200
    assert element(response, "field-confirm-headcount_planned").text != ""
    assert element(response, "field-confirm-commitments").checked("confirm-commitments") == ["masks"]
    assert refresh(a).status == FilingStatus.AWAITING_MEMBER


def test_the_lead_and_officers_see_the_package_members(personas, net, chain, members, login):
    filings = package_filed(personas, net)
    own = filing_of(net["lead"])
    listed = element(login(personas["firm_x"]).get(f"/restart/filings/{own.pk}/"), "package-members").text
    assert "甲铜业" in listed and "乙冲压" in listed
    listed = element(login(personas["county"]).get(f"/restart/filings/{filings['a'].pk}/"), "package-members").text
    assert "乙冲压" in listed and zh("Waiting for the member to confirm") in listed


def test_officer_approves_and_returns_with_a_reason(personas, net, chain, members, login):
    filings = confirmed(members, package_filed(personas, net))
    county = login(personas["county"])
    a, b = filings["a"], filings["b"]
    assert county.post(f"/restart/filings/{a.pk}/", {"action": "approve", "approve-version": "1"}).status_code == 302
    assert (refresh(a).status, refresh(a).reviewed_by, stage_of(net["a"].pk)) == (
        FilingStatus.APPROVED, personas["county"], Stage.APPROVED)
    blank = county.post(f"/restart/filings/{b.pk}/", {"action": "return", "return-version": "1", "return-reason": " "})
    assert blank.status_code == 200 and element(blank, "field-return-reason").text != ""
    assert refresh(b).status == FilingStatus.SUBMITTED
    county.post(f"/restart/filings/{b.pk}/", {"action": "return", "return-version": "1",
                                              "return-reason": "缺少防疫物资清单"})
    assert (refresh(b).status, refresh(b).return_reason) == (FilingStatus.RETURNED, "缺少防疫物资清单")


def test_a_returned_filing_is_fixed_and_resubmitted(personas, net, chain, members, login):
    b = confirmed(members, package_filed(personas, net, keys=("b",)))["b"]
    domain.return_filing(actor=personas["county"], filing=b, version=b.version, reason="人数不符")
    client = login(members["b"])
    page = client.get(f"/restart/filings/{b.pk}/")
    assert "人数不符" in element(page, "return-reason").text
    assert element(page, "resubmit").value("resubmit-headcount_planned") == "20"      # what was filed
    client.post(f"/restart/filings/{b.pk}/", {"action": "resubmit", "resubmit-version": "2",
                                              "resubmit-headcount_planned": "18", "resubmit-commitments": ["masks"]})
    assert (refresh(b).status, refresh(b).headcount_planned, refresh(b).version) == (FilingStatus.SUBMITTED, 18, 3)


def test_a_stale_version_is_409_and_keeps_the_typed_reason(personas, net, chain, members, login):
    a = confirmed(members, package_filed(personas, net, keys=("a",)))["a"]
    response = login(personas["town_a"]).post(f"/restart/filings/{a.pk}/", {
        "action": "return", "return-version": "0", "return-reason": "材料不全"})
    assert response.status_code == 409
    assert element(response, "refusal").text == zh("Someone changed this record since you opened it; reload and "
                                                   "try again.")
    form = element(response, "return-form")
    assert (form.value("return-reason"), form.value("return-version")) == ("材料不全", "1")
    assert (refresh(a).status, refresh(a).version) == (FilingStatus.SUBMITTED, 1)


def test_reviewing_a_filing_no_longer_waiting_is_422(personas, net, chain, members, login):
    a = confirmed(members, package_filed(personas, net, keys=("a",)))["a"]
    domain.approve_filing(actor=personas["county"], filing=a, version=1)
    response = login(personas["town_a"]).post(f"/restart/filings/{a.pk}/", {"action": "approve",
                                                                           "approve-version": "2"})
    assert response.status_code == 422
    assert element(response, "refusal").text == zh(
        "This filing is %(status)s; only a submitted filing can be reviewed.", status=zh("Approved"))


def test_filing_page_isolation(personas, net, chain, members, login):
    filings = confirmed(members, package_filed(personas, net))
    a, b = filings["a"], filings["b"]                      # 甲铜业 in town A, 乙冲压 in town B
    assert login(personas["town_b"]).get(f"/restart/filings/{a.pk}/").status_code == 404
    assert login(personas["firm_y"]).get(f"/restart/filings/{a.pk}/").status_code == 404
    assert login(members["b"]).get(f"/restart/filings/{a.pk}/").status_code == 404
    assert login(personas["town_a"]).post(f"/restart/filings/{b.pk}/", {
        "action": "approve", "approve-version": "1"}).status_code == 404
    assert login(members["a"]).post(f"/restart/filings/{a.pk}/", {
        "action": "approve", "approve-version": "1"}).status_code == 403
    assert login(personas["liaison_a"]).post(f"/restart/filings/{a.pk}/", {
        "action": "approve", "approve-version": "1"}).status_code == 403
    assert login(personas["liaison_a"]).get(f"/restart/filings/{a.pk}/").status_code == 200
    assert (refresh(a).status, refresh(b).status) == (FilingStatus.SUBMITTED, FilingStatus.SUBMITTED)
