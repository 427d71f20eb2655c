"""The delivery log: newest first, filtered, paged, masked; a county officer
reads their county's robots' and users' deliveries only, an administrator
all; "send again" is offered and accepted only for a delivery left for a
person, audited, and goes out through the workers once committed."""
import datetime as dt
import io
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.messaging.delivery import email_to, email_to_address, enqueue, robot_target, sms_to
from lianfu.messaging.enums import DeliveryState, RobotKind
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.robots import add_robot, set_robot_active
from lianfu.registry.models import Division
from tests.conftest import TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.messaging.pages import YUYAO, in_english, yuyao_officer  # noqa: F401  (fixtures)
from tests.restart.pages import element

pytestmark = pytest.mark.django_db
URL = reverse("messaging:deliveries")
PHONE, YUYAO_PHONE = "13812345678", "13987654321"


def message(title: str) -> Rendered:
    return Rendered(title=title, body=title, link="")


def again_url(delivery) -> str:
    return reverse("messaging:send_again", args=[delivery.pk])


def set_state(delivery, state, *, next_attempt_at=None, last_error="", attempts=1) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(state=state, next_attempt_at=next_attempt_at,
                                                   last_error=last_error, attempts=attempts)
    delivery.refresh_from_db()
    return delivery




@pytest.fixture
def log(personas, ding_robot, yuyao_officer):
    """Deliveries of both counties: our town's robot, our firm's user by e-mail
    and text, another county's firm user and robot, an administrator."""
    with scopes_disabled():
        yuyao_firm = EnterpriseFactory(name="余姚市丙轴承有限公司",
                                       division_id=Division.objects.filter(parent_id=YUYAO).order_by("code")
                                       .first().code)
        yuyao_robot = add_robot(actor=yuyao_officer, kind=RobotKind.WECOM, name="余姚市复工群",
                                division=Division.objects.get(code=YUYAO),
                                webhook_url=f"{django_settings.LIANFU_WECOM_WEBHOOK_BASE}?key=yuyao")
    yuyao_user = UserFactory(username="p_yuyao_firm", role=Role.ENTERPRISE_USER, division_id=None,
                             enterprise=yuyao_firm, email="yu@yuyao.example")
    firm_user = personas["firm_x"]
    firm_user.email = "zhang@cixi.example"
    made = {
        "robot": enqueue(key="e1", message=message("浒山街道群消息"), targets=[robot_target(ding_robot)],
                         kind="ticket.routed"),
        "email": enqueue(key="e2", message=message("甬达邮件"), targets=[email_to(firm_user)], kind="ticket.overdue"),
        "sms": enqueue(key="e3", message=message("甬达短信"), targets=[sms_to(PHONE, firm_user)],
                       kind="ticket.overdue"),
        "yuyao_sms": enqueue(key="e4", message=message("余姚短信"), targets=[sms_to(YUYAO_PHONE, yuyao_user)],
                             kind="ticket.overdue"),
        "yuyao_robot": enqueue(key="e5", message=message("余姚群消息"), targets=[robot_target(yuyao_robot)],
                               kind="ticket.escalated"),
        "admin": enqueue(key="e6", message=message("管理员邮件"), targets=[email_to_address("root@x.example",
                                                                                        personas["admin"])]),
    }
    return {name: rows[0] for name, rows in made.items()}


def listed(response) -> list[int]:
    html = response.content.decode()
    return [d.pk for d in Delivery.objects.order_by("-created_at", "-id") if f'id="delivery-{d.pk}"' in html]


def test_each_reader_sees_their_countys_deliveries_only(log, personas, login, yuyao_officer):
    ids = {name: d.pk for name, d in log.items()}
    assert listed(login(personas["county"]).get(URL)) == [ids["sms"], ids["email"], ids["robot"]]
    assert listed(login(yuyao_officer).get(URL)) == [ids["yuyao_robot"], ids["yuyao_sms"]]
    assert listed(login(personas["admin"]).get(URL)) == [ids[n] for n in
                                                         ("admin", "yuyao_robot", "yuyao_sms", "sms", "email", "robot")]
    for who in ("town_a", "firm_x", "liaison_a"):
        assert login(personas[who]).get(URL).status_code == 403, who
        assert 'id="nav-deliveries"' not in login(personas[who]).get(reverse("home")).content.decode(), who
    assert 'id="nav-deliveries"' in login(personas["county"]).get(reverse("home")).content.decode()


def test_addresses_are_masked_and_so_is_a_phone_number_in_an_error(log, personas, in_english):
    set_state(log["sms"], DeliveryState.FAILED, last_error=f"provider said: {PHONE} is unreachable")
    response = in_english(personas["county"]).get(URL)
    page = response.content.decode()
    assert PHONE not in page and "zhang@cixi.example" not in page
    assert element(response, f"delivery-{log['sms'].pk}").text == (
        f"{timezone.localtime(log['sms'].created_at):%Y-%m-%d %H:%M:%S} Text message 138****5678 甬达短信 "
        "ticket.overdue Failed left for a person 1 provider said: 138****5678 is unreachable — Send again")
    assert "z***@cixi.example" in element(response, f"delivery-{log['email'].pk}").text


def test_filters_by_state_channel_and_kind(log, personas, login):
    set_state(log["sms"], DeliveryState.DEAD, last_error="refused")
    client = login(personas["admin"])
    assert listed(client.get(URL, {"state": "dead"})) == [log["sms"].pk]
    assert listed(client.get(URL, {"channel": "sms"})) == [log["yuyao_sms"].pk, log["sms"].pk]
    assert listed(client.get(URL, {"kind": "ticket.overdue"})) == [log[n].pk for n in ("yuyao_sms", "sms", "email")]
    assert listed(client.get(URL, {"kind": "ticket.overdue", "channel": "email"})) == [log["email"].pk]
    # An unknown state or channel filters nothing away rather than failing.
    assert len(listed(client.get(URL, {"state": "lost", "channel": "pigeon"}))) == 6
    # The kinds offered are those of the deliveries the reader may see.
    assert kinds_offered(client.get(URL)) == ["ticket.escalated", "ticket.overdue", "ticket.routed"]
    assert kinds_offered(login(personas["county"]).get(URL)) == ["ticket.overdue", "ticket.routed"]


def kinds_offered(response) -> list[str]:
    html = response.content.decode()
    select = html[html.index('<select name="kind">'):]
    return re.findall(r'<option value="([^"]+)"', select[:select.index("</select>")])


def test_the_log_is_paged_newest_first(personas, login, ding_robot):
    for n in range(51):
        enqueue(key=f"page:{n}", message=message(f"消息 {n}"), targets=[robot_target(ding_robot)])
    client = login(personas["county"])
    first, second = client.get(URL), client.get(URL, {"page": 2})
    newest_first = list(Delivery.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert listed(first) == newest_first[:50] and listed(second) == newest_first[50:]


def test_the_export_has_the_same_masked_columns(log, personas, in_english):
    response = in_english(personas["county"]).get(URL, {"export": "xlsx", "channel": "sms"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows == [["Time", "Channel", "Address", "Title", "State", "Attempts", "Last error", "Sent at"],
                    [f"{timezone.localtime(log['sms'].created_at):%Y-%m-%d %H:%M:%S}", "Text message", "138****5678",
                     "甬达短信", "Queued", 0, "", ""]]


def test_send_again_is_offered_only_for_deliveries_left_for_a_person(log, personas, login, in_english):
    later = timezone.now() + dt.timedelta(minutes=5)
    dead = set_state(log["robot"], DeliveryState.DEAD, last_error="errcode 310000")
    unknown = set_state(log["sms"], DeliveryState.FAILED, last_error="unknown outcome: timeout")
    retrying = set_state(log["email"], DeliveryState.FAILED, next_attempt_at=later, last_error="451")
    response = login(personas["county"]).get(URL)
    offered = [pk for pk in (dead.pk, unknown.pk, retrying.pk)
               if f'action="{again_url(Delivery(pk=pk))}"' in response.content.decode()]
    assert offered == [dead.pk, unknown.pk]
    # Posting for one that is not waiting for a person changes nothing.
    response = in_english(personas["county"]).post(again_url(retrying), follow=True)
    assert "This message is no longer waiting for a person: reload the page." in response.content.decode()
    assert Delivery.objects.get(pk=retrying.pk).state == DeliveryState.FAILED
    assert not ActivityLog.objects.filter(action="messaging.delivery_resent").exists()


def test_sending_again_requeues_audits_and_goes_out_once_committed(log, personas, login, platform,
                                                                  django_capture_on_commit_callbacks):
    dead = set_state(log["robot"], DeliveryState.DEAD, last_error="errcode 310000", attempts=6)
    client = login(personas["county"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(again_url(dead), {"back": urlencode({"state": "dead", "page": "1", "x": "y"})})
    assert response.status_code == 302 and response["Location"] == f"{URL}?state=dead&page=1"
    assert len(callbacks) == 1
    resent = Delivery.objects.get(pk=dead.pk)
    assert (resent.state, resent.attempts, resent.last_error) == (DeliveryState.SENT, 7, "")
    assert [m["title"] for m in platform.received] == ["浒山街道群消息"]
    entry = ActivityLog.objects.get(action="messaging.delivery_resent")
    assert (entry.actor, entry.subject_id, entry.division_code) == (personas["county"], str(dead.pk), TOWN_A)
    assert entry.data == {"title": "浒山街道群消息", "via": "dingtalk", "address": dead.address_masked,
                          "was": "dead", "attempts": 6}


def test_sending_again_without_the_commit_leaves_it_queued_and_due_now(log, personas, login):
    unknown = set_state(log["sms"], DeliveryState.FAILED, last_error="unknown outcome: timeout")
    before = timezone.now()
    login(personas["county"]).post(again_url(unknown))
    queued = Delivery.objects.get(pk=unknown.pk)
    assert queued.state == DeliveryState.QUEUED and before <= queued.next_attempt_at <= timezone.now()
    assert ActivityLog.objects.get(action="messaging.delivery_resent").division_code == "330282000000"


def test_a_switched_off_robots_message_is_not_sent_again(log, personas, in_english):
    dead = set_state(log["robot"], DeliveryState.DEAD, last_error="the robot was switched off")
    with scopes_disabled():
        set_robot_active(actor=personas["county"], robot=dead.robot, active=False)
    response = in_english(personas["county"]).post(again_url(dead), follow=True)
    assert "The robot of this message is switched off: switch it on first." in response.content.decode()
    assert Delivery.objects.get(pk=dead.pk).state == DeliveryState.DEAD


def test_send_again_outside_ones_reach_is_404_or_403(log, personas, login, yuyao_officer):
    dead = set_state(log["robot"], DeliveryState.DEAD, last_error="refused")
    assert login(yuyao_officer).post(again_url(dead)).status_code == 404
    assert login(personas["town_a"]).post(again_url(dead)).status_code == 403
    assert login(personas["firm_x"]).post(again_url(dead)).status_code == 403
    assert Delivery.objects.get(pk=dead.pk).state == DeliveryState.DEAD
    assert login(personas["admin"]).post(again_url(dead)).status_code == 302
    assert Delivery.objects.get(pk=dead.pk).state == DeliveryState.QUEUED
