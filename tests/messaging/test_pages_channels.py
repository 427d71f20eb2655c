"""The county's channels page: robots per division (masked, with their last
delivery), adding one through add_robot, switching one off and on, a test
message per press that goes out through the workers, the county's defaults
per role; a town officer reads their town's robots only, another county's
officer gets 404 for our robots, firms and liaison officers 403."""
import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from lianfu.common import activity_words
from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.enums import DeliveryMode, DeliveryState, RobotKind
from lianfu.messaging.models import Delivery, Robot, RoleDefault
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.robots import add_robot
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.messaging.conftest import DING_SECRET, DING_TOKEN, WECOM_KEY, town
from tests.messaging.pages import YUYAO, in_english, yuyao_officer  # noqa: F401  (fixtures)
from tests.restart.pages import element, zh

pytestmark = pytest.mark.django_db
URL = reverse("messaging:channels")
NOON = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))


def active_url(robot) -> str:
    return reverse("messaging:robot_active", args=[robot.pk])


def press_test(robot) -> str:
    return reverse("messaging:robot_test", args=[robot.pk])




def ding_form(**changes) -> dict:
    return {"kind": RobotKind.DINGTALK, "name": "周巷镇复工群", "division": TOWN_B,
            "webhook_url": f"{django_settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}",
            "secret": DING_SECRET, **changes}


def ticked(row) -> dict[str, bool]:
    return {i["name"]: "checked" in i for i in row.inputs if i.get("type") == "checkbox"}


def sentences(action: str) -> list[str]:
    with scopes_disabled(), translation.override("en"):
        return activity_words.describe(ActivityLog.objects.filter(action=action).select_related("actor")
                                       .order_by("id"))


def test_the_county_reads_its_robots_per_division_masked_with_their_last_delivery(ding_robot, personas, in_english):
    with scopes_disabled():
        county_robot = add_robot(actor=personas["county"], kind=RobotKind.WECOM, name="慈溪市复工群",
                                 division=town(COUNTY),
                                 webhook_url=f"{django_settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}")
    enqueue(key="event:1", message=Rendered("标题", "正文", ""), targets=[robot_target(ding_robot)])
    response = in_english(personas["county"]).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert DING_TOKEN not in page and DING_SECRET not in page and WECOM_KEY not in page
    port = ding_robot.webhook_masked.split("/")[2]
    assert element(response, f"robot-{county_robot.pk}").text == (
        f"{town(COUNTY).name} WeCom group robot 慈溪市复工群 http://{port}/cgi-bin/webhook/send?key=*** On none yet "
        "Send a test message Switch off")
    row = element(response, f"robot-{ding_robot.pk}").text
    assert row.startswith(f"{town(TOWN_A).name} DingTalk group robot 浒山街道复工群 "
                          f"http://{port}/robot/send?access_token=*** On Queued ")
    # The county's towns without a group are named, the two with one are not.
    without = element(response, "without-robot").text
    assert town(TOWN_B).name in without and town(TOWN_A).name not in without
    assert town(COUNTY).name not in without
    assert element(response, "robot-form") is not None and element(response, "role-defaults") is not None


def test_a_robot_is_added_through_the_form_sealed_and_audited(platform, personas, in_english):
    response = in_english(personas["county"]).post(URL, ding_form())
    with scopes_disabled():
        robot = Robot.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}#robot-{robot.pk}"
    assert (robot.kind, robot.name, robot.division_id, robot.secret, robot.created_by) == (
        RobotKind.DINGTALK, "周巷镇复工群", TOWN_B, DING_SECRET, personas["county"])
    assert sentences("robot.added") == [f"p_county added the group robot 周巷镇复工群 for {town(TOWN_B).name}"]
    assert ActivityLog.objects.get(action="robot.added").division_code == TOWN_B
    page = in_english(personas["county"]).get(URL).content.decode()
    assert DING_SECRET not in page and DING_TOKEN not in page and 'name="secret"' in page


def test_add_robot_errors_are_shown_on_their_fields(personas, in_english, yuyao_officer):
    client = in_english(personas["county"])
    bad_host = client.post(URL, ding_form(webhook_url="http://10.0.0.1/robot/send?access_token=x"))
    assert bad_host.status_code == 200
    assert element(bad_host, "field-webhook_url").text.endswith(
        f"The webhook must start with {django_settings.LIANFU_DINGTALK_WEBHOOK_BASE}")
    no_token = client.post(URL, ding_form(webhook_url=django_settings.LIANFU_DINGTALK_WEBHOOK_BASE))
    assert element(no_token, "field-webhook_url").text.endswith(
        "The webhook has lost its access token or key: copy it whole from the group.")
    wecom = client.post(URL, ding_form(kind=RobotKind.WECOM,
                                       webhook_url=f"{django_settings.LIANFU_WECOM_WEBHOOK_BASE}?key=k"))
    assert element(wecom, "field-secret").text.endswith("WeCom group robots have no signing secret: leave it empty.")
    # Typed values stay, the secret is never sent back.
    assert element(wecom, "field-name").inputs[0]["value"] == "周巷镇复工群"
    assert "value" not in element(wecom, "field-secret").inputs[0]
    # Another county's town is not among the divisions in reach.
    with scopes_disabled():
        yuyao_town = town(YUYAO).children.order_by("code").first().code
    outside = client.post(URL, ding_form(division=yuyao_town))
    assert "Select a valid choice." in element(outside, "field-division").text
    with scopes_disabled():
        assert Robot.objects.count() == 0
    assert not ActivityLog.objects.filter(action="robot.added").exists()


def test_switching_a_robot_off_and_on_is_audited_once_per_change(ding_robot, personas, login):
    client = login(personas["county"])
    assert client.post(active_url(ding_robot), {"active": "0"})["Location"] == f"{URL}#robot-{ding_robot.pk}"
    client.post(active_url(ding_robot), {"active": "0"})       # already off: nothing changes, nothing logged
    with scopes_disabled():
        assert Robot.objects.get(pk=ding_robot.pk).active is False
    client.post(active_url(ding_robot), {"active": "1"})
    with scopes_disabled():
        assert Robot.objects.get(pk=ding_robot.pk).active is True
    name = town(TOWN_A).name
    assert sentences("robot.deactivated") == [f"p_county switched off the group robot 浒山街道复工群 of {name}"]
    assert sentences("robot.reactivated") == [f"p_county switched the group robot 浒山街道复工群 of {name} back on"]
    assert set(ActivityLog.objects.filter(action__startswith="robot.").exclude(action="robot.added")
               .values_list("division_code", flat=True)) == {TOWN_A}


@time_machine.travel(NOON, tick=False)
def test_each_press_queues_one_test_delivery_to_its_robot_and_the_page_shows_it(ding_robot, personas, in_english):
    client = in_english(personas["county"])
    first = client.post(press_test(ding_robot))
    second = client.post(press_test(ding_robot))
    deliveries = list(Delivery.objects.order_by("id"))
    assert [(d.robot, d.channel, d.kind, d.state, d.attempts) for d in deliveries] == [
        (ding_robot, "dingtalk", "robot.test", DeliveryState.QUEUED, 0)] * 2
    assert deliveries[0].idempotency_key != deliveries[1].idempotency_key
    assert deliveries[0].body == zh("Test message from lianfu: the group robot %(robot)s works. Sent by %(actor)s "
                                    "at %(time)s.", robot="浒山街道复工群", actor="p_county", time="2026-03-02 12:00")
    assert deliveries[0].title == deliveries[0].body[:39] + "…"
    assert first["Location"] == f"{URL}?delivery={deliveries[0].pk}#recent"
    assert second["Location"] == f"{URL}?delivery={deliveries[1].pk}#recent"
    assert [e.data["delivery"] for e in ActivityLog.objects.filter(action="robot.tested").order_by("id")] == [
        d.pk for d in deliveries]
    assert sentences("robot.tested") == [
        f"p_county sent a test message to the group robot 浒山街道复工群 of {town(TOWN_A).name}"] * 2
    page = client.get(second["Location"])
    row = element(page, f"delivery-{deliveries[1].pk}")
    assert row.text.startswith(deliveries[1].created_at.astimezone().strftime("%Y-%m-%d")) and "Queued" in row.text
    assert f'<tr id="delivery-{deliveries[1].pk}" class="current">' in page.content.decode()


def test_a_test_message_goes_out_through_the_workers_once_committed(ding_robot, platform, personas, in_english,
                                                                   django_capture_on_commit_callbacks):
    client = in_english(personas["county"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(press_test(ding_robot))
    assert len(callbacks) == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 1, "")
    assert [(m["token"], m["title"]) for m in platform.received] == [(DING_TOKEN, delivery.title)]
    assert "浒山街道复工群" in platform.received[0]["text"]
    row = element(client.get(response["Location"]), f"delivery-{delivery.pk}").text
    assert " Sent " in f" {row} " and row.endswith(delivery.sent_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))


def test_a_switched_off_robot_is_not_tested(ding_robot, personas, in_english):
    client = in_english(personas["county"])
    client.post(active_url(ding_robot), {"active": "0"})
    response = client.post(press_test(ding_robot), follow=True)
    assert "This robot is switched off: switch it on before testing it." in response.content.decode()
    assert not Delivery.objects.exists()
    assert not ActivityLog.objects.filter(action="robot.tested").exists()


def test_another_countys_officer_gets_404_for_our_robots_and_does_not_see_them(ding_robot, yuyao_officer, login):
    client = login(yuyao_officer)
    assert client.post(press_test(ding_robot)).status_code == 404
    assert client.post(active_url(ding_robot), {"active": "0"}).status_code == 404
    page = client.get(URL)
    assert page.status_code == 200 and f'id="robot-{ding_robot.pk}"' not in page.content.decode()
    assert not Delivery.objects.exists()
    with scopes_disabled():
        assert Robot.objects.get(pk=ding_robot.pk).active is True


def test_a_town_officer_reads_the_towns_robots_and_changes_nothing(ding_robot, personas, login):
    town_a = login(personas["town_a"])
    page = town_a.get(URL)
    html = page.content.decode()
    assert page.status_code == 200 and f'id="robot-{ding_robot.pk}"' in html
    assert 'id="robot-form"' not in html and 'id="role-defaults"' not in html and "send-test" not in html
    assert element(page, "without-robot") is None          # the town has its robot; other towns are not theirs
    assert town_a.post(URL, ding_form(division=TOWN_A)).status_code == 403
    assert town_a.post(press_test(ding_robot)).status_code == 403
    assert town_a.post(active_url(ding_robot), {"active": "0"}).status_code == 403
    assert town_a.post(reverse("messaging:role_default"), {"role": Role.TOWN_OFFICER, "email": "on",
                                                           "mode": DeliveryMode.EACH}).status_code == 403
    # Another town's officer does not see it.
    assert f'id="robot-{ding_robot.pk}"' not in login(personas["town_b"]).get(URL).content.decode()
    assert not Delivery.objects.exists() and not RoleDefault.objects.exists()


def test_firms_and_liaison_officers_are_refused(ding_robot, personas, login):
    for who in ("firm_x", "liaison_a"):
        client = login(personas[who])
        assert client.get(URL).status_code == 403, who
        assert client.post(press_test(ding_robot)).status_code == 403, who
        assert client.post(active_url(ding_robot), {"active": "0"}).status_code == 403, who
        assert 'id="nav-channels"' not in client.get(reverse("home")).content.decode(), who
    assert not Delivery.objects.exists()


def test_the_nav_link_and_an_administrators_reach(ding_robot, personas, login):
    for who in ("county", "town_a", "admin"):
        assert 'id="nav-channels"' in login(personas[who]).get(reverse("home")).content.decode(), who
    admin = login(personas["admin"])
    assert f'id="robot-{ding_robot.pk}"' in admin.get(URL).content.decode()
    assert admin.post(press_test(ding_robot)).status_code == 302
    assert Delivery.objects.get().robot == ding_robot


def test_the_county_sets_a_default_per_role(personas, in_english):
    client = in_english(personas["county"])
    page = client.get(URL)
    # Built in until set: e-mail yes, text no, daily digest.
    row = element(page, f"default-row-{Role.TOWN_OFFICER}")
    assert ticked(row) == {"email": True, "sms": False} and row.text.endswith("built-in default Save")
    response = client.post(reverse("messaging:role_default"), {"role": Role.TOWN_OFFICER, "sms": "on",
                                                               "mode": DeliveryMode.EACH})
    assert response.status_code == 302 and response["Location"] == f"{URL}#role-defaults"
    with scopes_disabled():
        default = RoleDefault.objects.get()
    assert (default.county_id, default.role, default.email, default.sms, default.mode, default.updated_by) == (
        COUNTY, Role.TOWN_OFFICER, False, True, DeliveryMode.EACH, personas["county"])
    row = element(client.get(URL), f"default-row-{Role.TOWN_OFFICER}")
    assert ticked(row) == {"email": False, "sms": True}
    assert sentences("messaging.role_default_saved") == [
        f"p_county changed the default for the role Town officer in {town(COUNTY).name}: how they are told "
        "outside the app"]
    # One row per role of a county's users (an administrator belongs to none).
    html = page.content.decode()
    assert [role for role in Role.values if f'id="default-row-{role}"' in html] == [
        "county_officer", "town_officer", "department_staff", "liaison_officer", "enterprise_user", "labour_officer"]


def test_a_bad_default_is_refused_on_its_row_and_another_countys_stays_apart(personas, in_english, yuyao_officer):
    client = in_english(personas["county"])
    response = client.post(reverse("messaging:role_default"), {"role": Role.TOWN_OFFICER, "mode": "weekly"})
    assert response.status_code == 200
    assert "Select a valid choice. weekly is not one of the available choices." in element(
        response, f"default-row-{Role.TOWN_OFFICER}").text
    assert client.post(reverse("messaging:role_default"), {"role": Role.ADMINISTRATOR,
                                                           "mode": DeliveryMode.EACH}).status_code == 404
    with scopes_disabled():
        assert not RoleDefault.objects.exists()
    # Yuyao's officer sets Yuyao's default; Cixi's page does not show it.
    login_yuyao = in_english(yuyao_officer)
    login_yuyao.post(reverse("messaging:role_default"), {"role": Role.TOWN_OFFICER, "mode": DeliveryMode.EACH})
    with scopes_disabled():
        assert list(RoleDefault.objects.values_list("county_id", "role")) == [(YUYAO, Role.TOWN_OFFICER)]
    row = element(client.get(URL), f"default-row-{Role.TOWN_OFFICER}")
    assert row.text.endswith("built-in default Save")
