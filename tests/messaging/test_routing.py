"""Who gets what once notifications commit: urgent items at once on every
channel chosen, others one by one or left for the digest, the groups over the
firm, and nothing at all for a change rolled back."""
import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from lianfu.common import sms
from lianfu.common.models import Notification
from lianfu.common.notifications import notify_on_commit
from lianfu.common.roles import Role
from lianfu.messaging.enums import DeliveryMode, DeliveryState, RobotKind
from lianfu.messaging.models import Delivery
from lianfu.messaging.preference_changes import save_role_default, save_user_preference
from lianfu.messaging.robots import add_robot
from lianfu.messaging.sending import send_due
from lianfu.messaging.urgency import URGENT_KINDS
from tests.messaging.conftest import COUNTY, TOWN_B, WECOM_KEY, local, town, with_email

OTHER_KEYS = {"county": "c0un7y-key", "town_b": "70wnb-key"}


@pytest.fixture
def officer(personas):
    return with_email(personas["town_a"], "town-a@cixi.example")


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_the_urgent_kinds_are_escalations_overdue_tickets_and_red_scans():
    assert URGENT_KINDS == {"ticket.escalated", "ticket.overdue", "checkin.red_scan"}


def test_an_urgent_item_goes_at_once_on_every_channel_chosen_past_digest_and_quiet_hours(officer, smtp, outbox,
                                                                                         notify, english):
    save_user_preference(actor=officer, user=officer, email=True, sms=True, phone="13812345678",
                         mode=DeliveryMode.DIGEST)
    with time_machine.travel(local(20, 23, 30), tick=False):   # inside the default quiet hours, 22:00-07:00
        notify([officer], "ticket.escalated", "/helpdesk/tickets/42/", number=42,
               enterprise="慈溪市甬达电器有限公司")
    text = ("Ticket #42 from 慈溪市甬达电器有限公司 is escalated to the county: three times its allowed time "
            "has passed.")
    assert list(Delivery.objects.order_by("channel").values_list("channel", "state", "sent_at", "title")) == [
        ("email", DeliveryState.SENT, local(20, 23, 30), "Ticket #42 from 慈溪市甬达电器有限公司 is escalate…"),
        ("sms", DeliveryState.SENT, local(20, 23, 30), "Ticket #42 from 慈溪市甬达电器有限公司 is escalate…")]
    assert [m.rcpt_tos for m in smtp.mails] == [["town-a@cixi.example"]]
    assert smtp.mails[0].message.get_content().replace("\r\n", "\n") == (
        f"{text}\n\nOpen in lianfu: https://lianfu.cixi.example/helpdesk/tickets/42/\n")
    assert outbox == [sms.Message("13812345678", f"{text} Open in lianfu: "
                                                 "https://lianfu.cixi.example/helpdesk/tickets/42/")]


def test_an_item_that_can_wait_waits_for_the_digest_of_a_user_who_chose_it(officer, smtp, notify):
    notify([officer], "filing.approved")
    assert Notification.objects.filter(user=officer, kind="filing.approved").count() == 1
    assert Delivery.objects.count() == 0
    assert smtp.mails == []


def test_a_user_who_chose_each_message_gets_each_one_outside_quiet_hours(officer, personas, smtp, notify, english):
    save_role_default(actor=personas["county"], county=town(COUNTY), role=Role.TOWN_OFFICER, email=True,
                      sms=False, mode=DeliveryMode.EACH)
    with time_machine.travel(local(20, 10), tick=False):
        notify([officer, personas["town_b"]], "filing.approved")
    assert [(m.rcpt_tos, m.message["Subject"]) for m in smtp.mails] == [
        (["town-a@cixi.example"], "Your filing was approved.")]
    # town_b has no e-mail address and no phone: told in the app only.
    assert list(Delivery.objects.values_list("user__username", "state")) == [("p_town_a", DeliveryState.SENT)]


@pytest.fixture
def robots(settings, platform, personas, ding_robot):
    """A DingTalk robot of 浒山街道 (firm X's town), a WeCom robot of Cixi and one of 周巷镇."""
    made = {"town_a": ding_robot}
    for name, code in (("county", COUNTY), ("town_b", TOWN_B)):
        platform.wecom.add(OTHER_KEYS[name])
        made[name] = add_robot(actor=personas["county"], kind=RobotKind.WECOM, name=name, division=town(code),
                               webhook_url=f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={OTHER_KEYS[name]}")
    return made


def test_the_groups_of_the_firms_town_and_county_hear_once_a_sibling_town_does_not(robots, platform, personas,
                                                                                 firm_x, notify, english):
    notify([personas["firm_x"], personas["town_a"], personas["county"]], "checkin.red_scan",
           "/checkin/places/7/", worker="13812345678 / 330282199001011234", place="东门", enterprise_id=firm_x.pk)
    text = ("【慈溪市甬达电器有限公司】A worker with a red health status (138****5678 / 330282********1234) was "
            "turned away at 东门.")
    link = "[Open in lianfu](https://lianfu.cixi.example/checkin/places/7/)"
    assert sorted((m["platform"], m.get("token") or m["key"], m.get("text") or m["content"])
                  for m in platform.received) == [
        ("dingtalk", "d1n9t0k3n", f"{text}\n\n{link}"),
        ("wecom", OTHER_KEYS["county"], f"{text}\n\n{link}")]
    assert WECOM_KEY not in str(platform.received)
    robot_rows = Delivery.objects.filter(robot__isnull=False)
    assert sorted(robot_rows.values_list("robot__name", "state")) == [
        ("county", DeliveryState.SENT), ("浒山街道复工群", DeliveryState.SENT)]


def test_a_notification_that_concerns_no_place_reaches_no_group(robots, platform, personas, notify):
    notify([personas["firm_x"]], "filing.approved")
    assert platform.received == []
    assert not Delivery.objects.filter(robot__isnull=False).exists()


def test_a_rolled_back_change_sends_nothing(robots, officer, platform, smtp, outbox, personas, firm_x,
                                            django_capture_on_commit_callbacks):
    save_user_preference(actor=officer, user=officer, email=True, sms=True, phone="13812345678",
                         mode=DeliveryMode.EACH)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify_on_commit([officer], "ticket.overdue", "/helpdesk/tickets/42/", number=42,
                                 enterprise_id=firm_x.pk)
                raise RuntimeError("the change failed")
    assert callbacks == []
    assert (Notification.objects.count(), Delivery.objects.count()) == (0, 0)
    assert send_due(now=timezone.now() + timezone.timedelta(days=1)) == {}
    assert (platform.received, smtp.mails, outbox) == ([], [], [])
