"""Problems reported from DingTalk: the robot's callback, signed as DingTalk
signs it (the test server's own copy of the rule, tests/messaging/servers.py),
files a ticket routed like any other and answers with its number, department
and deadline; a forged, stale or replayed request is refused; an unlinked
sender files nothing; the resolution is posted back to the group through the
loopback robot server."""
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog
from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.messaging import inbound
from lianfu.messaging.models import DingTalkLink, InboundMessage
from tests.conftest import TOWN_A
from tests.helpdesk.tickets_fixtures import COPPER, at, clock, departments, staff  # noqa: F401 (fixtures)
from tests.messaging.conftest import ding_robot, english, platform  # noqa: F401 (fixtures)
from tests.messaging.servers import dingtalk_sign

APP_SECRET = "app-secret-of-the-lianfu-robot"
FIRM_X_ACCOUNT = {"senderStaffId": "staff-0042", "senderCorpId": "ding-corp-cixi", "senderId": "$:LWCP_v1:$x42"}
Outcome = InboundMessage.Outcome


@pytest.fixture
def robot(ding_robot, personas):
    return inbound.accept_messages(actor=personas["county"], robot=ding_robot, callback_secret=APP_SECRET)


def message(text: str, msg_id: str, account=FIRM_X_ACCOUNT) -> dict:
    return {"msgtype": "text", "text": {"content": f"@链复 {text}"}, "msgId": msg_id,
            "createAt": int(timezone.now().timestamp() * 1000), "conversationType": "2",
            "conversationId": "cid-town-a-group", "conversationTitle": "浒山街道复工群", "senderNick": "王经理",
            "chatbotUserId": "bot-1", "isAdmin": False, **account}


def say(client, robot, body: dict, *, secret=APP_SECRET, timestamp: str | None = None, sign: str | None = None):
    timestamp = timestamp or str(int(timezone.now().timestamp() * 1000))
    return client.post(reverse("helpdesk:dingtalk_callback", args=[robot.pk]), data=json.dumps(body),
                       content_type="application/json", HTTP_TIMESTAMP=timestamp,
                       HTTP_SIGN=sign if sign is not None else dingtalk_sign(timestamp, secret))


def reply(response) -> str:
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["msgtype"] == "text"
    return answer["text"]["content"]


def tickets() -> list[Ticket]:
    with scopes_disabled():
        return list(Ticket.objects.select_related("department").order_by("id"))


@pytest.fixture
def linked(client, robot, personas, clock, english):
    code = inbound.issue_link_code(personas["firm_x"])
    clock.shift(timedelta(seconds=1))
    assert reply(say(client, robot, message(f"绑定 {code}", "msg-link"))) == (
        "Linked: what you write to this robot is now filed as a problem of 慈溪市甬达电器有限公司.")
    return personas["firm_x"]


def test_an_unlinked_sender_is_told_how_to_link_and_nothing_is_filed(client, robot, clock, english):
    answer = say(client, robot, message(COPPER, "msg-1"))
    assert reply(answer).startswith("Your DingTalk account is not linked to lianfu, so nothing was filed.")
    assert answer.json()["at"] == {"atUserIds": ["staff-0042"], "isAtAll": False}
    assert tickets() == []
    assert list(InboundMessage.objects.values_list("msg_id", "outcome", "ticket_number")) == [
        ("msg-1", Outcome.UNLINKED, None)]


def test_a_linked_enterprise_user_files_a_ticket_routed_like_any_other(client, robot, linked, departments,
                                                                         staff, clock, english,
                                                                         django_capture_on_commit_callbacks):
    assert DingTalkLink.objects.get(user=linked).sender_key == "ding-corp-cixi:staff-0042"
    clock.move_to(at(2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(say(client, robot, message(COPPER, "msg-2")))
    [ticket] = tickets()
    assert answer == (f"Received: ticket No. {ticket.pk} for 慈溪市甬达电器有限公司.\n"
                      "Department: Economy\nDeadline: 2020-03-02 17:30\n"
                      f"https://lianfu.cixi.example/helpdesk/tickets/{ticket.pk}/")
    assert (ticket.text, ticket.channel, ticket.submitter, ticket.status, ticket.department, ticket.town_id,
            ticket.due_at, ticket.submitted_by) == (COPPER, Channel.DINGTALK, Submitter.ENTERPRISE, Status.ROUTED,
                                                    departments["economy"], TOWN_A, at(2, 17, 30), linked)
    assert InboundMessage.objects.get(msg_id="msg-2").ticket_number == ticket.pk
    assert ActivityLog.objects.filter(action="messaging.dingtalk_linked", actor=linked).count() == 1


def test_the_resolution_is_posted_back_to_the_group(client, robot, linked, platform, staff, clock,
                                                    django_capture_on_commit_callbacks):
    clock.move_to(at(2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        reply(say(client, robot, message(COPPER, "msg-3")))
    [ticket] = tickets()
    with django_capture_on_commit_callbacks(execute=True):
        domain.accept_ticket(actor=staff["economy"], ticket=ticket)
        domain.resolve_ticket(actor=staff["economy"], ticket=tickets()[0],
                              resolution="已协调宁波铜材厂供货，联系人 13812345678")
    [posted] = platform.received
    # A title is cut to 40 characters; how much of this one is left depends on
    # the ticket number's digits (PostgreSQL's sequences are not reset between tests).
    whole = f"Ticket No. {ticket.pk} of 慈溪市甬达电器有限公司 is resolved"
    assert (posted["platform"], posted["title"]) == (
        "dingtalk", whole if len(whole) <= 40 else whole[:39] + "…")
    assert posted["text"].startswith(
        f"Ticket No. {ticket.pk} of 慈溪市甬达电器有限公司 is resolved：已协调宁波铜材厂供货，联系人 138****5678")


@pytest.mark.parametrize("forgery", ["wrong secret", "stale timestamp", "no signature", "future timestamp"])
def test_a_forged_or_stale_request_is_refused_and_nothing_recorded(client, robot, linked, staff, clock, forgery):
    now_ms = int(timezone.now().timestamp() * 1000)
    hour = 3600 * 1000
    kwargs = {"wrong secret": {"secret": "not-the-app-secret"},
              "stale timestamp": {"timestamp": str(now_ms - hour - 1000)},
              "future timestamp": {"timestamp": str(now_ms + hour + 1000)},
              "no signature": {"sign": ""}}[forgery]
    answer = say(client, robot, message(COPPER, "msg-forged"), **kwargs)
    assert answer.status_code == 403
    assert tickets() == []
    assert not InboundMessage.objects.filter(msg_id="msg-forged").exists()


def test_a_replayed_request_is_refused_whatever_its_body(client, robot, linked, staff, clock,
                                                         django_capture_on_commit_callbacks):
    clock.move_to(at(2, 10))
    timestamp = str(int(timezone.now().timestamp() * 1000))
    sign = dingtalk_sign(timestamp, APP_SECRET)
    first = message(COPPER, "msg-4")
    assert say(client, robot, first, timestamp=timestamp, sign=sign).status_code == 200
    clock.shift(timedelta(seconds=5))
    # The same request again; the captured signature with another body and msgId;
    # the same msgId freshly signed.
    assert say(client, robot, first, timestamp=timestamp, sign=sign).status_code == 403
    assert say(client, robot, message("另一个问题：用工缺口三十人", "msg-5"), timestamp=timestamp,
               sign=sign).status_code == 403
    assert say(client, robot, first).status_code == 403
    assert len(tickets()) == 1


def test_a_firm_outside_the_groups_division_files_nothing(client, robot, personas, clock, english):
    code = inbound.issue_link_code(personas["firm_y"])   # 周盛汽配 is in town B; the robot is town A's
    other = {"senderStaffId": "staff-0077", "senderCorpId": "ding-corp-cixi", "senderId": "$:LWCP_v1:$y77"}
    reply(say(client, robot, message(f"绑定 {code}", "msg-6", other)))
    clock.shift(timedelta(seconds=1))
    answer = reply(say(client, robot, message(COPPER, "msg-7", other)))
    assert answer.startswith("This group's robot serves ")
    assert tickets() == []
    assert InboundMessage.objects.get(msg_id="msg-7").outcome == Outcome.REFUSED


def test_a_link_code_is_used_once_expires_and_guessing_stops_after_five(client, robot, personas, clock,
                                                                         english):
    code = inbound.issue_link_code(personas["firm_x"])
    clock.shift(timedelta(minutes=inbound.LINK_CODE_MINUTES, seconds=1))
    assert reply(say(client, robot, message(f"绑定 {code}", "msg-8"))).startswith("That code is wrong or has expired")
    for attempt in range(4):
        clock.shift(timedelta(seconds=1))
        wrong = f"{(int(code) + attempt + 1) % 10**6:06d}"
        assert reply(say(client, robot, message(f"bind {wrong}", f"msg-9-{attempt}"))).startswith("That code is")
    fresh = inbound.issue_link_code(personas["firm_x"])
    clock.shift(timedelta(seconds=1))
    assert reply(say(client, robot, message(f"绑定 {fresh}", "msg-10"))) == (
        "Too many wrong codes from this account: try again in an hour.")
    assert DingTalkLink.objects.get(user=personas["firm_x"]).sender_key is None
    clock.shift(timedelta(hours=1))
    again = inbound.issue_link_code(personas["firm_x"])
    assert reply(say(client, robot, message(f"绑定 {again}", "msg-11"))).startswith("Linked")


def test_an_officials_account_files_nothing(client, robot, personas, clock, english):
    code = inbound.issue_link_code(personas["town_a"])
    reply(say(client, robot, message(f"绑定 {code}", "msg-12")))
    clock.shift(timedelta(seconds=1))
    assert reply(say(client, robot, message(COPPER, "msg-13"))) == (
        "Only enterprise users report problems here; yours is an official's account.")
    assert tickets() == []


def test_a_robot_that_takes_no_messages_refuses_every_callback(client, ding_robot, clock):
    assert say(client, ding_robot, message(COPPER, "msg-14")).status_code == 403
    assert say(client, ding_robot, message(COPPER, "msg-15"), secret="").status_code == 403
