"""A notification's words for the channels: the in-app texts, personal numbers
masked, people's text unable to make a link."""
from lianfu.messaging.addresses import mask_email, mask_webhook
from lianfu.messaging.delivery import email_to, enqueue_notification, sms_to
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import render


def test_a_notification_reads_as_in_the_app_in_chinese_with_a_link_back():
    rendered = render("ticket.routed", {"number": 42, "enterprise": "慈溪市甬达电器有限公司", "due": "2026-03-06"},
                      "/helpdesk/tickets/42/")
    assert rendered.body == "慈溪市甬达电器有限公司 的诉求 #42 已交办给您，办理时限 2026-03-06。"
    assert rendered.title == "慈溪市甬达电器有限公司 的诉求 #42 已交办给您，办理时限 2026-03-…"
    assert len(rendered.title) == 40
    assert rendered.link == "http://127.0.0.1:8000/helpdesk/tickets/42/"


def test_phone_and_id_numbers_in_a_reason_are_masked():
    reason = "请联系 13812345678，身份证 33028219900101123X 有误，单号 202603061234567"
    rendered = render("filing.returned", {"reason": reason})
    assert rendered.body == "您的备案已被退回：请联系 138****5678，身份证 330282********123X 有误，单号 202603061234567"
    assert "13812345678" not in rendered.title and "33028219900101123X" not in rendered.title


def test_text_people_typed_cannot_make_a_link():
    rendered = render("filing.returned", {"reason": "见[官方通知](http://evil.example) <b>"})
    assert rendered.body == "您的备案已被退回：见［官方通知］(http://evil.example) ＜b＞"


def test_an_unknown_kind_reads_as_its_code():
    assert render("mystery.kind", {}).body == "mystery.kind"


def test_addresses_are_shown_masked():
    assert mask_email("zhang.san@cixi.example") == "z***@cixi.example"
    assert mask_webhook("https://oapi.dingtalk.com/robot/send?access_token=abc123") == (
        "https://oapi.dingtalk.com/robot/send?access_token=***")
    assert mask_webhook("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a") == (
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***")


def test_a_queued_notification_keeps_its_kind_and_masked_words(personas):
    personas["town_a"].email = "town-a@cixi.example"
    enqueue_notification(key="filing.returned:7", kind="filing.returned", url="/restart/filings/7/",
                         targets=[email_to(personas["town_a"]), sms_to("13812345678")], reason="电话 13900001111")
    rows = Delivery.objects.order_by("channel").values_list("channel", "kind", "body", "link", "address_masked")
    assert list(rows) == [
        ("email", "filing.returned", "您的备案已被退回：电话 139****1111", "http://127.0.0.1:8000/restart/filings/7/",
         "t***@cixi.example"),
        ("sms", "filing.returned", "您的备案已被退回：电话 139****1111", "http://127.0.0.1:8000/restart/filings/7/",
         "138****5678"),
    ]
