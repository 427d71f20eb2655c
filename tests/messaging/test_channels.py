"""Each channel backend against a real server on loopback: what arrives, and
the typed error each refusal becomes."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from lianfu.common import sms
from lianfu.messaging.channels import (
    OutboundMessage,
    PermanentFailure,
    TemporaryFailure,
    UnknownOutcome,
    backend,
)
from lianfu.messaging.channels.dingtalk import sign
from lianfu.messaging.channels.email import message_id
from lianfu.messaging.enums import Channel
from tests.messaging.conftest import DING_SECRET, DING_TOKEN, WECOM_KEY

LINK = "http://127.0.0.1:8000/helpdesk/tickets/42/"


def open_label() -> str:
    with translation.override("zh-hans"):
        return translation.gettext("Open in lianfu")


def message(address, secret="", body="诉求 #42 已超过办理时限。", now=None) -> OutboundMessage:
    return OutboundMessage(key="k" * 32, title="诉求 #42 已超过办理时限。", body=body, link=LINK,
                           address=address, secret=secret, now=now)


def send(channel, msg):
    with translation.override("zh-hans"):
        backend(channel).send(msg)


def test_the_dingtalk_signature_is_dingtalks():
    """HMAC-SHA256 of "<timestamp>\\n<secret>" keyed with the secret, Base64, URL-encoded."""
    assert sign(1700000000000, "secret") == "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D"


def test_an_email_arrives_with_exact_recipients_subject_body_and_message_id(smtp):
    send(Channel.EMAIL, message("officer@cixi.example"))
    [mail] = smtp.mails
    assert mail.mail_from == "lianfu@cixi.example"
    assert mail.rcpt_tos == ["officer@cixi.example"]
    assert mail.message["Subject"] == "诉求 #42 已超过办理时限。"
    assert mail.message["To"] == "officer@cixi.example"
    assert mail.message["Message-ID"] == message_id("k" * 32) == f"<{'k' * 32}@cixi.example>"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    assert mail.message.get_content().replace("\r\n", "\n") == f"诉求 #42 已超过办理时限。\n\n{open_label()}: {LINK}\n"


def test_a_refused_mail_recipient_is_permanent_and_a_busy_one_temporary(smtp):
    smtp.refuse["gone@cixi.example"] = "550 5.1.1 no such user"
    smtp.refuse["full@cixi.example"] = "452 4.2.2 mailbox full"
    with pytest.raises(PermanentFailure, match=r"refused the recipient \(550\)"):
        send(Channel.EMAIL, message("gone@cixi.example"))
    with pytest.raises(TemporaryFailure, match=r"refused the recipient \(452\)"):
        send(Channel.EMAIL, message("full@cixi.example"))
    assert smtp.mails == []


def test_no_mail_server_is_a_temporary_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    with pytest.raises(TemporaryFailure, match="cannot reach the mail server"):
        send(Channel.EMAIL, message("officer@cixi.example"))


def test_a_dingtalk_message_arrives_signed_with_exact_content(settings, platform):
    webhook = f"{settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}"
    send(Channel.DINGTALK, message(webhook, DING_SECRET))
    assert platform.refused == []
    [received] = platform.received
    assert (received["title"], received["text"]) == (
        "诉求 #42 已超过办理时限。", f"诉求 #42 已超过办理时限。\n\n[{open_label()}]({LINK})")


def test_dingtalk_refusals_become_typed_errors(settings, platform):
    webhook = f"{settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}"
    with pytest.raises(TemporaryFailure, match=r"errcode 310000 \(sign not match\)") as wrong:
        send(Channel.DINGTALK, message(webhook, "SECnot-the-secret"))
    assert wrong.value.retryable and wrong.value.retry_after is None
    stale = timezone.now() - timedelta(hours=1, minutes=1)
    with pytest.raises(TemporaryFailure, match=r"errcode 310000 \(invalid timestamp\)"):
        send(Channel.DINGTALK, message(webhook, DING_SECRET, now=stale))
    with pytest.raises(PermanentFailure, match=r"errcode 300001 \(token is not exist\)"):
        send(Channel.DINGTALK, message(webhook.replace(DING_TOKEN, "unknown"), DING_SECRET))
    assert platform.received == []


def test_dingtalks_rate_limit_answer_is_retryable_after_its_ten_minute_pause(settings, platform):
    webhook = f"{settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}"
    now = timezone.now()
    for _ in range(20):
        send(Channel.DINGTALK, message(webhook, DING_SECRET, now=now))
    with pytest.raises(TemporaryFailure, match="130101") as limited:
        send(Channel.DINGTALK, message(webhook, DING_SECRET, now=now))
    assert limited.value.retry_after == timedelta(minutes=10)
    assert len(platform.received) == 20


def test_a_webhook_outside_the_platforms_endpoint_is_never_called(settings, platform):
    with pytest.raises(PermanentFailure, match="the webhook is not at"):
        send(Channel.DINGTALK, message(f"http://127.0.0.2:1/robot/send?access_token={DING_TOKEN}", DING_SECRET))
    with pytest.raises(PermanentFailure, match="the webhook is not at"):
        send(Channel.WECOM, message(f"{settings.LIANFU_WECOM_WEBHOOK_BASE}x?key={WECOM_KEY}"))
    assert platform.received == platform.refused == []


def test_a_wecom_message_arrives_by_its_key_with_exact_content(settings, platform):
    send(Channel.WECOM, message(f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}"))
    assert platform.received == [{"platform": "wecom", "key": WECOM_KEY,
                                  "content": f"诉求 #42 已超过办理时限。\n\n[{open_label()}]({LINK})"}]


def test_a_wecom_message_is_cut_to_4096_bytes_keeping_its_link(settings, platform):
    body = "复" * 2000  # 6000 bytes of UTF-8
    send(Channel.WECOM, message(f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}", body=body))
    content = platform.received[0]["content"]
    tail = f"…\n\n[{open_label()}]({LINK})"
    assert content.endswith(tail)
    assert content == "复" * ((4096 - len(tail.encode())) // 3) + tail
    assert len(content.encode()) <= 4096


def test_wecom_refusals_become_typed_errors(settings, platform):
    webhook = f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}"
    platform.wecom_busy = 1
    with pytest.raises(TemporaryFailure, match=r"errcode 45009 \(api freq out of limit\)"):
        send(Channel.WECOM, message(webhook))
    with pytest.raises(PermanentFailure, match="errcode 93000"):
        send(Channel.WECOM, message(webhook.replace(WECOM_KEY, "not-a-key")))
    assert platform.received == []


def test_a_robot_that_accepts_and_never_answers_is_an_unknown_outcome(settings, platform):
    settings.LIANFU_MESSAGING_HTTP_TIMEOUT = 1
    platform.hold.armed = True
    with pytest.raises(UnknownOutcome, match="no answer from 127.0.0.1"):
        send(Channel.WECOM, message(f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}"))
    platform.hold.release.set()
    assert len(platform.received) == 1


def test_a_robot_server_that_is_down_is_a_temporary_failure(settings):
    settings.LIANFU_WECOM_WEBHOOK_BASE = "http://127.0.0.1:9/cgi-bin/webhook/send"
    with pytest.raises(TemporaryFailure, match="cannot connect to 127.0.0.1"):
        send(Channel.WECOM, message(f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}"))


def test_a_text_message_goes_through_lianfus_sms_gateway():
    sms.outbox.clear()
    send(Channel.SMS, message("13812345678"))
    assert sms.outbox == [sms.Message("13812345678", f"诉求 #42 已超过办理时限。 {open_label()}: {LINK}")]
