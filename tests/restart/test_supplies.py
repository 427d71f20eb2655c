"""Prevention supplies and guides: exact stock after transfers, each refusal,
the PDF check, and who may see which ledger and guide."""
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from lianfu.chains.domain import ensure_chain
from lianfu.common.models import ActivityLog, Notification
from lianfu.restart.domain import record_survey
from lianfu.restart.domain.supplies import (
    GUIDE_MAX_BYTES,
    guide_path,
    share_guide,
    transfer_supplies,
    update_supplies,
)
from lianfu.restart.errors import Conflict, NotAllowed
from lianfu.restart.models import PreventionGuide, SuppliesLedger, SuppliesTransfer
from lianfu.restart.supplies.reads import days_of_cover, stock_of
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def stock(enterprise) -> tuple:
    with scopes_disabled():
        ledger = SuppliesLedger.objects.get(enterprise=enterprise)
    return ledger.masks, ledger.thermometers, ledger.disinfectant_litres, ledger.version


def pdf(name="防疫指南.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def stocked(personas, net, chain):
    """The lead counts 1,000 masks, 20 thermometers, 50.5 litres."""
    update_supplies(actor=personas["firm_x"], enterprise=net["lead"], masks=1000, thermometers=20,
                    disinfectant_litres="50.5", version=0)
    return net


def test_counting_the_stock_is_versioned(personas, firm_x):
    ledger = update_supplies(actor=personas["firm_x"], enterprise=firm_x, masks=300, thermometers=2,
                             disinfectant_litres=Decimal("10"), version=0)
    assert stock(firm_x) == (300, 2, Decimal("10.0"), 1) and ledger.version == 1
    with pytest.raises(Conflict):
        update_supplies(actor=personas["firm_x"], enterprise=firm_x, masks=1, thermometers=1,
                        disinfectant_litres=1, version=0)
    with pytest.raises(NotAllowed):
        update_supplies(actor=personas["firm_x"], enterprise=firm_x, masks=-1, thermometers=1,
                        disinfectant_litres=1, version=1)
    with pytest.raises(PermissionDenied):     # officers read a firm's stock, they do not count it
        update_supplies(actor=personas["town_a"], enterprise=firm_x, masks=1, thermometers=1,
                        disinfectant_litres=1, version=1)
    assert stock(firm_x) == (300, 2, Decimal("10.0"), 1)
    assert ActivityLog.objects.get(action="supplies.updated").data == {
        "enterprise": firm_x.uscc, "masks": 300, "thermometers": 2, "disinfectant_litres": "10.0"}


def test_transfers_move_both_ledgers_exactly(personas, stocked, members, django_capture_on_commit_callbacks):
    lead, a, s = stocked["lead"], stocked["a"], stocked["s"]
    with django_capture_on_commit_callbacks(execute=True):
        transfer_supplies(actor=personas["firm_x"], lead=lead, supplier=a, masks=300, thermometers=5,
                          disinfectant_litres="10.5")
    transfer_supplies(actor=personas["firm_x"], lead=lead, supplier=s, masks=200)     # tier 2 is a member too
    transfer_supplies(actor=personas["firm_x"], lead=lead, supplier=a, disinfectant_litres=40)
    assert stock(lead) == (500, 15, Decimal("0.0"), 4)
    assert stock(a) == (300, 5, Decimal("50.5"), 2)
    assert stock(s) == (200, 0, Decimal("0.0"), 1)
    with scopes_disabled():
        assert SuppliesTransfer.objects.count() == 3
    assert [e.data["to"] for e in ActivityLog.objects.filter(action="supplies.transferred").order_by("id")] == [
        a.uscc, s.uscc, a.uscc]
    (note,) = Notification.objects.filter(user=members["a"])
    assert (note.kind, note.params, note.url) == (
        "supplies.received", {"lead": lead.name, "masks": 300, "thermometers": 5, "litres": "10.5"},
        f"/restart/supplies/{a.uscc}/")


@pytest.mark.parametrize("who,to,amounts,error", [
    ("firm_x", "a", {"masks": 1001}, NotAllowed),                       # more than the lead holds
    ("firm_x", "a", {"masks": 10, "disinfectant_litres": "50.6"}, NotAllowed),
    ("firm_x", "a", {}, NotAllowed),                                    # nothing to send
    ("firm_x", "a", {"masks": -5}, NotAllowed),
    ("firm_x", "stranger", {"masks": 10}, NotAllowed),                  # not on the lead's chain
    ("firm_x", "lead", {"masks": 10}, NotAllowed),
    ("county", "a", {"masks": 10}, PermissionDenied),                   # the lead firm's own act
    ("admin", "a", {"masks": 10}, PermissionDenied),
    ("firm_y", "a", {"masks": 10}, PermissionDenied),
])
def test_transfer_refusals_change_nothing(personas, stocked, who, to, amounts, error):
    supplier = EnterpriseFactory(name="外人") if to == "stranger" else stocked[to]
    with pytest.raises(error):
        transfer_supplies(actor=personas[who], lead=stocked["lead"], supplier=supplier, **amounts)
    assert stock(stocked["lead"]) == (1000, 20, Decimal("50.5"), 1)
    with scopes_disabled():
        assert not SuppliesTransfer.objects.exists()
        assert not SuppliesLedger.objects.filter(enterprise=supplier).exclude(enterprise=stocked["lead"]).exists()


def test_days_of_cover_follow_the_latest_survey(personas, firm_x):
    assert days_of_cover(1000, None) is None and days_of_cover(1000, 0) is None
    update_supplies(actor=personas["firm_x"], enterprise=firm_x, masks=1000, thermometers=0,
                    disinfectant_litres=0, version=0)
    for day, on_duty in (("2020-02-20", 40), ("2020-02-27", 30)):
        record_survey(actor=personas["firm_x"], enterprise=firm_x, surveyed_on=day, capacity_pct=50,
                      headcount_total=100, headcount_on_duty=on_duty, headcount_away=100 - on_duty)
    assert stock_of(firm_x).days_of_cover == 16.7     # 1000 / (30 × 2)


def test_guide_is_stored_under_a_fresh_name_and_members_are_told(personas, net, chain, members,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        guide = share_guide(actor=personas["firm_x"], lead=net["lead"], upload=pdf("../../etc/防疫指南.pdf"))
    assert (guide.title, guide.size_bytes) == ("防疫指南", len(PDF))
    assert guide.stored_path.startswith("guides/") and guide.stored_path.endswith(".pdf")
    assert guide_path(guide).read_bytes() == PDF
    assert guide_path(guide).parent == settings.MEDIA_ROOT / "guides"
    told = set(Notification.objects.filter(kind="guide.shared").values_list("user__username", flat=True))
    assert told == {"p_a", "p_b", "p_s", "p_t"}
    assert ActivityLog.objects.get(action="guide.shared").data["title"] == "防疫指南"


@pytest.mark.parametrize("upload,who", [
    (pdf("guide.pdf", b"<html>%PDF-</html>"), "firm_x"),                       # named .pdf, is not one
    (pdf("guide.pdf", b"PK\x03\x04" + PDF), "firm_x"),
    (pdf("guide.pdf", PDF + b"0" * (GUIDE_MAX_BYTES - len(PDF) + 1)), "firm_x"),  # 10 MB + 1 byte
])
def test_guide_refusals_store_nothing(personas, net, chain, upload, who):
    with pytest.raises(NotAllowed):
        share_guide(actor=personas[who], lead=net["lead"], upload=upload)
    with scopes_disabled():
        assert not PreventionGuide.objects.exists()
    assert not (settings.MEDIA_ROOT / "guides").exists() or not any((settings.MEDIA_ROOT / "guides").iterdir())


def test_guide_needs_the_lead_firm_and_a_chain(personas, net, chain, firm_y):
    with pytest.raises(PermissionDenied):
        share_guide(actor=personas["town_a"], lead=net["lead"], upload=pdf())
    with pytest.raises(NotAllowed):       # no supplier list, no chain to share with
        share_guide(actor=personas["firm_y"], lead=firm_y, upload=pdf())


# Pages


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_ledger_page_edit_and_stale_409_keeps_what_was_typed(personas, firm_x, login):
    client = english(login(personas["firm_x"]))
    url = f"/restart/supplies/{firm_x.uscc}/"
    assert client.post(url, {"masks": "500", "thermometers": "3", "disinfectant_litres": "12.5",
                             "version": "0"}).status_code == 302
    assert stock(firm_x) == (500, 3, Decimal("12.5"), 1)
    stale = client.post(url, {"masks": "480", "thermometers": "3", "disinfectant_litres": "12", "version": "0"})
    page = stale.content.decode()
    assert stale.status_code == 409 and "reload" in page and 'value="480"' in page
    assert 'name="version" value="1"' in page                 # saving again now is a deliberate choice
    assert stock(firm_x) == (500, 3, Decimal("12.5"), 1)


@pytest.mark.parametrize("persona,status", [("firm_x", 200), ("town_a", 200), ("county", 200), ("liaison_a", 200),
                                            ("town_b", 404), ("firm_y", 404)])
def test_ledger_page_access_and_isolation(personas, firm_x, login, persona, status):
    client = login(personas[persona])
    assert client.get(f"/restart/supplies/{firm_x.uscc}/").status_code == status
    assert client.get(f"/restart/supplies/{firm_x.uscc}/?export=xlsx").status_code == status
    if persona == "town_a":     # read, not edit
        assert client.post(f"/restart/supplies/{firm_x.uscc}/", {"masks": "1", "thermometers": "1",
                                                                 "disinfectant_litres": "1", "version": "0"}
                           ).status_code == 403


def test_transfer_page_sends_and_refuses_with_the_reason(personas, stocked, members, login):
    lead, a = stocked["lead"], stocked["a"]
    client = english(login(personas["firm_x"]))
    url = f"/restart/supplies/{lead.uscc}/transfer/"
    form = client.get(url).content.decode()
    assert "甲铜业 (tier 1)" in form and "丁电镀 (tier 2)" in form and "丙轴承 (tier 1)" in form
    too_many = client.post(url, {"supplier": a.pk, "masks": "5000", "thermometers": "0",
                                 "disinfectant_litres": "0"})
    assert too_many.status_code == 422 and "does not cover" in too_many.content.decode()
    assert 'value="5000"' in too_many.content.decode()
    assert client.post(url, {"supplier": a.pk, "masks": "100", "thermometers": "1",
                             "disinfectant_litres": "0.5"}).status_code == 302
    assert stock(a) == (100, 1, Decimal("0.5"), 1)
    received = english(login(members["a"])).get(f"/restart/supplies/{a.uscc}/").content.decode()
    assert "慈溪市甬达电器有限公司" in received and "Received" in received
    for persona, status in (("town_a", 403), ("firm_y", 404)):
        assert login(personas[persona]).get(url).status_code == status
    assert login(members["a"]).get(f"/restart/supplies/{a.uscc}/transfer/").status_code == 200  # own, no chain
    assert login(members["a"]).get(url).status_code == 404


@pytest.fixture
def other_chain(firm_y, db):
    """firm_y (town B) leads another chain; its supplier is no member of 甬达's."""
    link(EnterpriseFactory(name="己配件", division_id="330282121000"), firm_y)
    return ensure_chain(actor=None, lead=firm_y)


def other_supplier(chain):
    with scopes_disabled():
        return chain.members.get().enterprise


def test_guide_upload_page_and_downloads(personas, net, chain, members, other_chain, login):
    from lianfu.common.roles import Role
    from tests.factories.accounts import UserFactory
    lead = net["lead"]
    client = english(login(personas["firm_x"]))
    refused = client.post(f"/restart/guides/{lead.uscc}/", {"title": "", "file": pdf("x.pdf", b"GIF89a")})
    assert refused.status_code == 422 and "Only a PDF file" in refused.content.decode()
    assert client.post(f"/restart/guides/{lead.uscc}/", {"title": "复工防疫手册", "file": pdf()}).status_code == 302
    with scopes_disabled():
        guide = PreventionGuide.objects.get()
    download = f"/restart/guides/{lead.uscc}/{guide.pk}/"
    supplier_of_other = UserFactory(username="p_other", role=Role.ENTERPRISE_USER, division_id=None,
                                    enterprise=other_supplier(other_chain))
    readers = {"firm_x": personas["firm_x"], "member_t": members["t"], "member_b": members["b"],
               "town_a": personas["town_a"], "county": personas["county"], "admin": personas["admin"]}
    for name, user in readers.items():
        response = login(user).get(download)
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    for name, user in {"firm_y": personas["firm_y"], "other_supplier": supplier_of_other,
                       "town_b": personas["town_b"]}.items():
        assert login(user).get(download).status_code == 404, name
        assert login(user).get(f"/restart/guides/{lead.uscc}/").status_code == 404, name
    page = login(members["b"]).get(f"/restart/guides/{lead.uscc}/").content.decode()
    assert "复工防疫手册" in page and 'id="guide-form"' not in page        # members read, only the lead shares
    assert login(members["b"]).post(f"/restart/guides/{lead.uscc}/", {"file": pdf()}).status_code == 403
    assert login(personas["firm_y"]).get(f"/restart/guides/{other_chain.lead.uscc}/{guide.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_transfers_at_once_never_overdraw_the_lead(personas, stocked):
    """Real threads, real connections: 600 + 600 masks from a stock of 1,000."""
    import threading

    from django.db import connection
    barrier, outcomes = threading.Barrier(2), []

    def send(key):
        try:
            barrier.wait(timeout=10)
            transfer_supplies(actor=personas["firm_x"], lead=stocked["lead"], supplier=stocked[key], masks=600)
            outcomes.append("sent")
        except NotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(key,)) for key in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "sent"]
    assert stock(stocked["lead"])[:2] == (400, 20)
