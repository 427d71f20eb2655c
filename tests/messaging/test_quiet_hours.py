"""Quiet hours: nothing but urgent items inside them; the rest held to their
end (next_attempt_at), never dropped. The clock is frozen (time-machine)."""
from datetime import time

import pytest
import time_machine

from lianfu.messaging.enums import DeliveryMode, DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.preference_changes import save_user_preference
from lianfu.messaging.quiet_hours import quiet_until
from lianfu.messaging.sending import send_due
from tests.messaging.conftest import local, with_email

NIGHT = (time(22), time(7))


@pytest.mark.parametrize(("moment", "until"), [
    (local(20, 21, 59), None),
    (local(20, 22, 0), local(21, 7)),
    (local(20, 23, 30), local(21, 7)),
    (local(21, 0, 0), local(21, 7)),
    (local(21, 6, 59), local(21, 7)),
    (local(21, 7, 0), None),
    (local(21, 12, 0), None),
])
def test_quiet_hours_across_midnight_end_at_the_next_morning(moment, until):
    assert quiet_until(moment, *NIGHT) == until


def test_quiet_hours_within_one_day_and_none_at_all():
    lunch = (time(12), time(14))
    assert quiet_until(local(20, 13), *lunch) == local(20, 14)
    assert quiet_until(local(20, 14), *lunch) is None
    assert quiet_until(local(20, 11, 59), *lunch) is None
    assert quiet_until(local(20, 23), time(0), time(0)) is None


def test_an_item_that_can_wait_is_held_to_the_end_of_quiet_hours_then_sent(personas, smtp, notify):
    officer = with_email(personas["town_a"], "town-a@cixi.example")
    save_user_preference(actor=officer, user=officer, mode=DeliveryMode.EACH)
    with time_machine.travel(local(20, 23, 30), tick=False):
        notify([officer], "filing.returned", reason="缺少防疫物资清单")
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.next_attempt_at, delivery.attempts) == (DeliveryState.QUEUED, local(21, 7), 0)
    assert smtp.mails == []
    assert send_due(now=local(21, 6, 59)) == {}
    assert send_due(now=local(21, 7)) == {"sent": 1}
    assert [m.rcpt_tos for m in smtp.mails] == [["town-a@cixi.example"]]


def test_an_urgent_item_goes_at_once_inside_quiet_hours(personas, smtp, notify, settings):
    settings.LANGUAGE_CODE = "en"
    officer = with_email(personas["town_a"], "town-a@cixi.example")
    save_user_preference(actor=officer, user=officer, mode=DeliveryMode.EACH)
    with time_machine.travel(local(20, 23, 30), tick=False):
        notify([officer], "ticket.overdue", number=42)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.sent_at) == (DeliveryState.SENT, local(20, 23, 30))
    assert [m.message["Subject"] for m in smtp.mails] == ["Ticket #42 is past its deadline."]


def test_a_users_own_quiet_hours_are_kept(personas, smtp, notify):
    officer = with_email(personas["town_a"], "town-a@cixi.example")
    save_user_preference(actor=officer, user=officer, mode=DeliveryMode.EACH, quiet_start=time(12),
                         quiet_end=time(13, 30))
    with time_machine.travel(local(20, 23, 30), tick=False):
        notify([officer], "filing.approved")
    with time_machine.travel(local(20, 12, 15), tick=False):
        notify([officer], "inspection.passed")
    assert list(Delivery.objects.order_by("id").values_list("kind", "state", "next_attempt_at")) == [
        ("filing.approved", DeliveryState.SENT, None),
        ("inspection.passed", DeliveryState.QUEUED, local(20, 13, 30))]
