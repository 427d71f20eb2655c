"""The officers' review queue: grouping, order, filters, export, inline review (htmx)."""
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.restart import domain
from lianfu.restart.enums import FilingStatus
from lianfu.restart.models import Filing
from tests.restart.pages import confirmed, element, filing_of, package_filed, page_text, refresh, zh

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def waiting(personas, net, chain, members, firm_y):
    """The lead's package (lead, 甲铜业 in town A, 乙冲压 in town B, all submitted, the
    lead first) and 周盛 filing alone in town B, an hour earlier than the package."""
    filings = confirmed(members, package_filed(personas, net))
    domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    now = timezone.now()
    with scopes_disabled():
        for enterprise, minutes in ((net["lead"], 50), (net["a"], 40), (net["b"], 30), (firm_y, 110)):
            Filing.objects.filter(enterprise=enterprise).update(submitted_at=now - timedelta(minutes=minutes))
    return {"lead": filing_of(net["lead"]), **filings, "y": filing_of(firm_y)}


def rows(response) -> list[str]:
    """The filing row ids in page order."""
    return re.findall(r'<tr id="filing-(\d+)" class="review-row">', page_text(response))


def ids(waiting, *keys) -> list[str]:
    return [str(waiting[k].pk) for k in keys]


def test_county_sees_every_waiting_filing_grouped_by_package_longest_waiting_first(personas, waiting, login):
    response = login(personas["county"]).get("/restart/review/")
    assert response.status_code == 200
    assert rows(response) == ids(waiting, "y", "lead", "a", "b")
    group = element(response, f"package-{waiting['a'].package_id}").text
    assert "慈溪市甬达电器有限公司" in group and "周盛" not in group
    assert rows(login(personas["county"]).get("/restart/review/?sort=-waiting")) == ids(waiting, "lead", "a", "b", "y")


def test_a_town_officer_sees_only_its_towns_filings(personas, waiting, login):
    assert rows(login(personas["town_a"]).get("/restart/review/")) == ids(waiting, "lead", "a")
    assert rows(login(personas["town_b"]).get("/restart/review/")) == ids(waiting, "y", "b")


def test_the_queue_filters_by_town_and_name(personas, waiting, login):
    county = login(personas["county"])
    assert rows(county.get("/restart/review/?town=330282121000")) == ids(waiting, "y", "b")
    assert rows(county.get("/restart/review/?q=甲铜")) == ids(waiting, "a")
    assert rows(county.get("/restart/review/?q=甬达")) == ids(waiting, "lead", "a", "b")   # by the package's lead


def test_the_queue_exports_the_rows_it_shows(personas, waiting, login):
    response = login(personas["town_b"]).get("/restart/review/?export=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    table = book.get_sheet_by_index(0).to_python()
    assert [r[:4] for r in table] == [
        [zh("Package"), zh("Enterprise"), zh("Credit code"), zh("Town")],
        [zh("Filed alone"), "慈溪市周盛汽配有限公司", waiting["y"].enterprise.uscc, "周巷镇"],
        ["慈溪市甬达电器有限公司", "乙冲压", waiting["b"].enterprise.uscc, "周巷镇"]]
    assert [r[5:] for r in table[1:]] == [[1.8, 12, 0], [0.5, 20, 1]]     # hours waiting, headcount, commitments


def test_approve_inline_swaps_the_row(personas, waiting, login):
    a = waiting["a"]
    response = login(personas["town_a"]).post(f"/restart/review/{a.pk}/", {
        "action": "approve", "approve-version": str(a.version)}, **HTMX)
    assert response.status_code == 200
    assert page_text(response).lstrip().startswith(f'<tr id="filing-{a.pk}"')
    assert zh("Approved") in element(response, f"filing-{a.pk}").text
    assert (refresh(a).status, refresh(a).reviewed_by) == (FilingStatus.APPROVED, personas["town_a"])


def test_return_inline_needs_a_reason_kept_next_to_the_field(personas, waiting, login):
    b = waiting["b"]
    client = login(personas["county"])
    response = client.post(f"/restart/review/{b.pk}/", {"action": "return", "return-version": "1",
                                                         "return-reason": ""}, **HTMX)
    assert response.status_code == 200
    assert zh("Say what the enterprise must fix.") in element(response, f"filing-{b.pk}").text
    assert refresh(b).status == FilingStatus.SUBMITTED
    client.post(f"/restart/review/{b.pk}/", {"action": "return", "return-version": "1",
                                             "return-reason": "承诺书未盖章"}, **HTMX)
    assert (refresh(b).status, refresh(b).return_reason) == (FilingStatus.RETURNED, "承诺书未盖章")


def test_a_stale_row_answers_409_with_the_current_state(personas, waiting, members, login):
    b = waiting["b"]       # returned and resubmitted since the officer's page showed version 1
    domain.return_filing(actor=personas["county"], filing=b, version=1, reason="补材料")
    domain.resubmit_filing(actor=members["b"], filing=refresh(b), version=2, headcount_planned=20)
    response = login(personas["town_b"]).post(f"/restart/review/{b.pk}/", {
        "action": "return", "return-version": "1", "return-reason": "再补"}, **HTMX)
    assert response.status_code == 409
    row = element(response, f"filing-{b.pk}")
    assert zh("Someone changed this record since you opened it; reload and try again.") in row.text
    assert (row.value("return-version"), row.value("return-reason")) == ("3", "再补")
    assert refresh(b).status == FilingStatus.SUBMITTED


def test_a_filing_approved_meanwhile_answers_422(personas, waiting, login):
    a = waiting["a"]
    domain.approve_filing(actor=personas["county"], filing=a, version=1)
    response = login(personas["town_a"]).post(f"/restart/review/{a.pk}/", {
        "action": "approve", "approve-version": "2"}, **HTMX)
    assert response.status_code == 422
    assert zh("This filing is %(status)s; only a submitted filing can be reviewed.",
              status=zh("Approved")) in element(response, f"filing-{a.pk}").text


def test_without_htmx_the_queue_comes_back(personas, waiting, login):
    client = login(personas["county"])
    response = client.post(f"/restart/review/{waiting['y'].pk}/", {"action": "approve", "approve-version": "0"})
    assert (response.status_code, response["Location"]) == (302, "/restart/review/")
    response = client.post(f"/restart/review/{waiting['a'].pk}/", {"action": "approve", "approve-version": "0"})
    assert response.status_code == 409 and rows(response) == ids(waiting, "lead", "a", "b")
    assert zh("Someone changed this record since you opened it; reload and try again.") in element(
        response, "refusal").text


def test_queue_isolation(personas, waiting, members, login):
    for who in ("firm_x", "firm_y", "liaison_a"):
        assert login(personas[who]).get("/restart/review/").status_code == 403
    a = waiting["a"]
    assert login(personas["town_b"]).post(f"/restart/review/{a.pk}/", {
        "action": "approve", "approve-version": "1"}, **HTMX).status_code == 404
    assert login(members["a"]).post(f"/restart/review/{a.pk}/", {
        "action": "approve", "approve-version": "1"}, **HTMX).status_code == 403
    assert login(personas["county"]).post(f"/restart/review/{a.pk}/", {"action": "delete"}).status_code == 400
    assert refresh(a).status == FilingStatus.SUBMITTED
