"""The daily digest for a frozen day: its exact words, what it leaves out, one
message per user, day and channel however often it runs. The cut-off is the
default 17:30: the digest of the 20th holds what came from the 19th at 17:30."""
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from lianfu.common.models import Notification
from lianfu.messaging.digest import send_digests
from lianfu.messaging.enums import DeliveryMode, DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.preference_changes import save_user_preference
from lianfu.messaging.sending import send_due
from tests.messaging.conftest import local, with_email

TITLE = "3 items wait for you today (2024-02-20)"
BODY = ("What waits for you in lianfu today, 2024-02-20:\n\n"
        "1. 02-19 18:00 Your filing was approved.\n"
        "2. 09:15 Ticket #42 from 慈溪市甬达电器有限公司 was routed to you: due 2024-02-22 17:00.\n"
        "3. 14:40 Your filing was returned: 缺少防疫物资清单 ［见附件］")
LINK = "https://lianfu.cixi.example/notifications/"


@pytest.fixture
def day_of_town_a(personas, notify, english, smtp):
    """What p_town_a (digest, by e-mail: the built-in default) was told on
    20 February 2024, and what p_town_b (each message) and a day before were."""
    officer = with_email(personas["town_a"], "town-a@cixi.example")
    at = {(19, 17, 0): ("inspection.due", {"enterprise": "慈溪市周盛汽配有限公司"}),  # before the 19th's cut-off
          (19, 18, 0): ("filing.approved", {}),                       # after it: the 20th's digest
          (20, 9, 15): ("ticket.routed", {"number": 42, "enterprise": "慈溪市甬达电器有限公司",
                                          "due": "2024-02-22 17:00"}),
          (20, 10, 0): ("ticket.overdue", {"number": 41}),            # urgent: went out at once
          (20, 11, 0): ("inspection.passed", {}),                     # read below
          (20, 14, 40): ("filing.returned", {"reason": "缺少防疫物资清单 [见附件]"})}
    for (day, hour, minute), (kind, params) in at.items():
        with time_machine.travel(local(day, hour, minute), tick=False):
            notify([officer], kind, **params)
    Notification.objects.filter(kind="inspection.passed").update(read_at=local(20, 11, 5))
    each = with_email(personas["town_b"], "town-b@cixi.example")
    save_user_preference(actor=each, user=each, mode=DeliveryMode.EACH)
    with time_machine.travel(local(20, 9, 0), tick=False):
        notify([each], "filing.approved")
    return officer


def test_the_digest_of_a_frozen_day_reads_exactly(day_of_town_a, smtp):
    with time_machine.travel(local(20, 17, 30), tick=False):
        run = send_digests()
    assert (run.users, run.queued) == (1, 1)
    digest = Delivery.objects.get(kind="digest")
    assert (digest.user, digest.channel, digest.title, digest.body, digest.link, digest.next_attempt_at) == (
        day_of_town_a, "email", TITLE, BODY, LINK, local(20, 17, 30))
    assert send_due(now=local(20, 17, 31)) == {"sent": 1}
    [mail] = [m for m in smtp.mails if m.message["Subject"] == TITLE]
    assert mail.rcpt_tos == ["town-a@cixi.example"]
    assert mail.message.get_content().replace("\r\n", "\n") == f"{BODY}\n\nOpen in lianfu: {LINK}\n"


def test_the_digest_is_sent_once_even_if_the_command_runs_twice(day_of_town_a, smtp):
    outputs = []
    for minute in (30, 45):
        with time_machine.travel(local(20, 17, minute), tick=False):
            out = StringIO()
            call_command("messaging", "digest", "--date", "2024-02-20", stdout=out)
            outputs.append(out.getvalue())
    assert outputs == ["messaging digest: 1 queued for 1 users\n", "messaging digest: 0 queued for 0 users\n"]
    assert send_due(now=local(20, 18)) == {"sent": 1}
    assert send_due(now=local(21, 18)) == {}
    assert [m.message["Subject"] for m in smtp.mails if m.rcpt_tos == ["town-a@cixi.example"]] == [
        "Ticket #41 is past its deadline.", TITLE]


def test_the_digest_of_a_day_leaves_out_other_days_and_is_empty_for_a_quiet_day(day_of_town_a):
    with time_machine.travel(local(22, 17, 30), tick=False):
        assert send_digests() == send_digests(timezone.localdate())
    assert not Delivery.objects.filter(kind="digest").exists()
    with time_machine.travel(local(22, 17, 30), tick=False):
        send_digests(local(19, 0).date())
    digest = Delivery.objects.get(kind="digest")
    assert digest.title == "1 item waits for you today (2024-02-19)"
    assert digest.body.endswith(
        "\n1. 17:00 慈溪市周盛汽配有限公司's filing was approved: its prevention inspection is due.")


def test_a_later_cut_off_moves_the_window(day_of_town_a, settings):
    from datetime import time

    settings.LIANFU_DIGEST_TIME = time(18, 30)
    with time_machine.travel(local(20, 18, 30), tick=False):
        send_digests()
    assert Delivery.objects.get(kind="digest").title == "2 items wait for you today (2024-02-20)"


def test_a_digest_run_in_quiet_hours_waits_for_their_end(day_of_town_a):
    with time_machine.travel(local(20, 23, 0), tick=False):
        call_command("messaging", "digest", stdout=StringIO())
    digest = Delivery.objects.get(kind="digest")
    assert (digest.state, digest.next_attempt_at, digest.title) == (DeliveryState.QUEUED, local(21, 7), TITLE)


def test_a_bad_date_is_refused_with_its_format():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="expected YYYY-MM-DD"):
        call_command("messaging", "digest", "--date", "20/02/2024")
