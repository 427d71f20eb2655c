"""A town's group hears about its firms from the senders themselves: a filing
waiting for review, a ticket waiting for a department and a ticket escalated
reach the robots of the firm's town (and county), through the loopback
DingTalk server; a firm of another town is not heard there."""
from django.utils import timezone

from lianfu.helpdesk import domain as helpdesk
from lianfu.restart import domain as restart
from tests.helpdesk.tickets_fixtures import COPPER, UNSURE, at, clock, departments, staff  # noqa: F401 (fixtures)
from tests.messaging.conftest import ding_robot, english, platform  # noqa: F401 (fixtures)


def heard(platform) -> list[str]:
    """The first line of each message the groups received (the words; the link follows)."""
    return [message["text"].split("\n")[0] for message in platform.received]


def test_a_filing_waiting_for_review_is_heard_in_its_towns_group(ding_robot, platform, personas, firm_x, firm_y,
                                                                 english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        restart.file_alone(actor=personas["firm_x"], enterprise=firm_x, headcount_planned=12)
    with django_capture_on_commit_callbacks(execute=True):
        restart.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=8)  # town B: not here
    assert heard(platform) == [
        "【慈溪市甬达电器有限公司】慈溪市甬达电器有限公司's filing waits for your review."]


def test_a_ticket_for_the_dispatcher_and_its_escalation_are_heard(ding_robot, platform, personas, staff, firm_x,
                                                                  clock, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        unsure = helpdesk.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE)
        # Routed at once: its department and town are told; the group is not.
        copper = helpdesk.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)
    assert heard(platform) == [
        f"【慈溪市甬达电器有限公司】Ticket #{unsure.pk} from 慈溪市甬达电器有限公司 waits for dispatch."]
    platform.received.clear()
    clock.move_to(at(9, 10))   # a week later: past its deadline, and past the time it escalates
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.sweep(timezone.now())
    assert heard(platform) == [
        f"【慈溪市甬达电器有限公司】Ticket #{copper.pk} is past its deadline.",
        f"【慈溪市甬达电器有限公司】Ticket #{copper.pk} from 慈溪市甬达电器有限公司 is escalated to the county: three "
        "times its allowed time has passed."]
