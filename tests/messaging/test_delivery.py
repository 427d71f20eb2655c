"""Queueing inside the caller's transaction and sending through real servers:
one arrival per delivery, failures recorded and retried on the backoff, and
secrets nowhere in the logs."""
import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from lianfu.messaging.delivery import (
    email_to,
    email_to_address,
    enqueue,
    enqueue_notification,
    robot_target,
    sms_to,
)
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.sending import send_due
from tests.messaging.conftest import DING_SECRET

MESSAGE = Rendered(title="诉求 #42 已超过办理时限。", body="诉求 #42 已超过办理时限。",
                   link="http://127.0.0.1:8000/helpdesk/tickets/42/")
MINUTE = timedelta(minutes=1)


def open_label() -> str:
    with translation.override("zh-hans"):
        return translation.gettext("Open in lianfu")


def texts(platform) -> list[str]:
    return [m.get("text") or m.get("content") for m in platform.received]


def test_a_committed_message_is_sent_once_with_exact_content(ding_robot, platform, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            [delivery] = enqueue(key="ticket.overdue:42", message=MESSAGE, targets=[robot_target(ding_robot)])
    assert platform.received == [{"platform": "dingtalk", "token": "d1n9t0k3n",
                                  "timestamp": platform.received[0]["timestamp"], "title": MESSAGE.title,
                                  "text": f"{MESSAGE.body}\n\n[{open_label()}]({MESSAGE.link})"}]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 1, "")
    assert delivery.address_masked == "http://127.0.0.1:{}/robot/send?access_token=***".format(
        platform_port(ding_robot))
    # Nothing is due any more: a later drain sends nothing again.
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(platform.received) == 1


def platform_port(robot) -> str:
    return robot.webhook_url.split(":")[2].split("/")[0]


def test_a_rolled_back_change_sends_nothing(ding_robot, platform, smtp, personas,
                                            django_capture_on_commit_callbacks):
    personas["town_a"].email = "town-a@cixi.example"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                enqueue(key="ticket.overdue:42", message=MESSAGE,
                        targets=[robot_target(ding_robot), email_to(personas["town_a"])])
                raise RuntimeError("the change failed")
    assert callbacks == []
    assert Delivery.objects.count() == 0
    assert send_due(now=timezone.now() + MINUTE) == {}
    assert platform.received == [] and smtp.mails == []


def test_queueing_the_same_event_again_adds_nothing(ding_robot, personas):
    personas["town_a"].email = "town-a@cixi.example"
    targets = [robot_target(ding_robot), email_to(personas["town_a"]), email_to(personas["town_b"]),
               sms_to("13812345678")]
    first = enqueue(key="ticket.overdue:42", message=MESSAGE, targets=targets)
    again = enqueue(key="ticket.overdue:42", message=MESSAGE, targets=targets)
    assert [d.pk for d in again] == [d.pk for d in first]
    # town_b has no e-mail address: skipped.
    assert sorted((d.channel, d.address_masked) for d in first) == [
        ("dingtalk", ding_robot.webhook_masked), ("email", "t***@cixi.example"), ("sms", "138****5678")]
    assert Delivery.objects.count() == 3
    # Neither the key nor any stored column holds an address in clear.
    stored = " ".join(str(v) for v in Delivery.objects.values_list("idempotency_key", "address_sealed",
                                                                     "address_masked"))
    assert "13812345678" not in stored and "town-a@cixi.example" not in stored


def test_an_email_and_a_text_message_are_sent_to_their_addresses(smtp, personas):
    from lianfu.common import sms

    sms.outbox.clear()
    personas["town_a"].email = "town-a@cixi.example"
    enqueue_notification(key="ticket.overdue:42", kind="ticket.overdue", url="/helpdesk/tickets/42/",
                         targets=[email_to(personas["town_a"]), sms_to("13812345678", personas["town_a"])],
                         number=42)
    assert send_due() == {"sent": 2}
    [mail] = smtp.mails
    assert mail.rcpt_tos == ["town-a@cixi.example"]
    assert mail.message["Subject"] == "诉求 #42 已超过办理时限。"
    link = "http://127.0.0.1:8000/helpdesk/tickets/42/"
    assert sms.outbox == [sms.Message("13812345678", f"诉求 #42 已超过办理时限。 {open_label()}: {link}")]


def test_a_wrong_secret_is_refused_recorded_and_retried_on_the_backoff_until_given_up(ding_robot, platform):
    platform.dingtalk["d1n9t0k3n"] = "SECthe-platforms-own-secret"
    start = timezone.now()
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)], now=start)
    expected_attempts_at = [start + MINUTE * m for m in (0, 1, 3, 7, 15, 31)]
    for number, moment in enumerate(expected_attempts_at, start=1):
        assert send_due(now=moment - timedelta(seconds=1)) == {}      # not due yet
        assert send_due(now=moment) == ({"failed": 1} if number < 6 else {"dead": 1})
        delivery.refresh_from_db()
        assert delivery.attempts == number
        assert delivery.last_error == "DingTalk refused the message: errcode 310000 (sign not match)"
        if number < 6:
            assert (delivery.state, delivery.next_attempt_at) == (DeliveryState.FAILED,
                                                                 moment + MINUTE * 2 ** (number - 1))
    assert (delivery.state, delivery.next_attempt_at) == (DeliveryState.DEAD, None)
    assert platform.received == []
    assert platform.refused == [{"errcode": 310000, "errmsg": "sign not match"}] * 6
    assert send_due(now=start + timedelta(days=1)) == {}


def test_a_corrected_secret_serves_the_next_retry(ding_robot, platform):
    start = timezone.now()
    webhook = ding_robot.webhook_url
    ding_robot.set_address(webhook, "SECa-typo")
    ding_robot.save(update_fields=["sealed", "webhook_masked"])
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)], now=start)
    assert send_due(now=start) == {"failed": 1}
    ding_robot.set_address(webhook, DING_SECRET)
    ding_robot.save(update_fields=["sealed", "webhook_masked"])
    assert send_due(now=start + MINUTE) == {"sent": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.sent_at) == (DeliveryState.SENT, 2, start + MINUTE)
    assert len(platform.received) == 1


def test_a_timestamp_an_hour_off_is_refused_and_sent_once_the_clock_is_right(ding_robot, platform):
    late_clock = timezone.now() - timedelta(hours=2)
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)], now=late_clock)
    assert send_due(now=late_clock) == {"failed": 1}
    delivery.refresh_from_db()
    assert delivery.last_error == "DingTalk refused the message: errcode 310000 (invalid timestamp)"
    assert platform.received == []
    assert send_due(now=timezone.now()) == {"sent": 1}
    assert len(platform.received) == 1


def test_a_permanent_refusal_is_given_up_at_once(ding_robot, platform):
    del platform.dingtalk["d1n9t0k3n"]
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)])
    assert send_due() == {"dead": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.DEAD, 1, "DingTalk refused the message: errcode 300001 (token is not exist)")


def test_a_switched_off_robot_sends_nothing(ding_robot, platform):
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)])
    ding_robot.active = False
    ding_robot.save(update_fields=["active"])
    assert send_due() == {"dead": 1}
    delivery.refresh_from_db()
    assert delivery.last_error == "the robot was switched off"
    assert platform.received == platform.refused == []


def test_dingtalks_throttle_waits_its_ten_minutes(ding_robot, platform):
    """Another system sharing the robot used up its minute: DingTalk's 130101."""
    start = timezone.now()
    platform.accepted_at["d1n9t0k3n"] = [int(start.timestamp() * 1000)] * 20
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)], now=start)
    assert send_due(now=start) == {"failed": 1}
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == start + timedelta(minutes=10)
    assert send_due(now=start + timedelta(minutes=10)) == {"sent": 1}


def test_wecoms_frequency_limit_is_retried(wecom_robot, platform):
    start = timezone.now()
    platform.wecom_busy = 1
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(wecom_robot)], now=start)
    assert send_due(now=start) == {"failed": 1}
    delivery.refresh_from_db()
    assert (delivery.last_error, delivery.next_attempt_at) == (
        "WeCom refused the message: errcode 45009 (api freq out of limit)", start + MINUTE)
    assert send_due(now=start + MINUTE) == {"sent": 1}
    assert texts(platform) == [f"{MESSAGE.body}\n\n[{open_label()}]({MESSAGE.link})"]


def test_a_refused_mail_recipient_is_given_up(db, smtp):
    smtp.refuse["gone@cixi.example"] = "550 5.1.1 no such user"
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[email_to_address("gone@cixi.example")])
    assert send_due() == {"dead": 1}
    delivery.refresh_from_db()
    assert delivery.last_error == "the mail server refused the recipient (550)"


def test_no_secret_token_or_key_reaches_the_log_or_the_error(ding_robot, wecom_robot, platform, caplog):
    platform.dingtalk["d1n9t0k3n"] = "SECthe-platforms-own-secret"
    platform.wecom.clear()
    enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot), robot_target(wecom_robot)])
    with caplog.at_level(logging.INFO, logger="lianfu.messaging"):
        assert send_due() == {"failed": 1, "dead": 1}
    written = caplog.text + " ".join(Delivery.objects.values_list("last_error", flat=True))
    assert "errcode 310000" in written and "errcode 93000" in written
    for secret in (DING_SECRET, "d1n9t0k3n", "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"):
        assert secret not in written
        assert secret not in " ".join(Delivery.objects.values_list("address_masked", flat=True))


def test_a_robot_message_without_an_answer_is_left_for_a_person(wecom_robot, platform, settings):
    """The request left and no answer came: it may be in the group already."""
    settings.LIANFU_MESSAGING_HTTP_TIMEOUT = 1
    platform.hold.armed = True
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(wecom_robot)])
    assert send_due() == {"failed": 1}
    platform.hold.release.set()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.next_attempt_at, delivery.last_error) == (
        DeliveryState.FAILED, None, "unknown outcome: no answer from 127.0.0.1: TimeoutError")
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(platform.received) == 1
