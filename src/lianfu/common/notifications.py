"""In-app notifications: who is told, and the words they read.

Senders call ``notify_on_commit`` inside their transaction: nobody is told about
a change that was rolled back."""
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lianfu.common.models import Notification
from lianfu.common.roles import OFFICER_ROLES, Role
from lianfu.common.scoping import code_prefix
from lianfu.common.signals import notification_committed

log = logging.getLogger(__name__)

MESSAGES = {
    "filing.to_confirm": _("%(lead)s filed a chain package including you: confirm and complete your filing."),
    "filing.to_review": _("%(enterprise)s's filing waits for your review."),
    "filing.returned": _("Your filing was returned: %(reason)s"),
    "filing.approved": _("Your filing was approved."),
    "inspection.due": _("%(enterprise)s's filing was approved: its prevention inspection is due."),
    "inspection.failed": _("Your prevention inspection did not pass: %(remarks)s"),
    "inspection.passed": _("Your prevention inspection passed: you may confirm your restart."),
    "restart.override": _("The county allowed you to restart now: %(reason)s"),
    "supplies.received": _("%(lead)s sent you prevention supplies: %(masks)s masks, %(thermometers)s "
                           "thermometers, %(litres)s litres of disinfectant."),
    "guide.shared": _("%(lead)s shared a prevention guide with its chain: %(title)s"),
    "ticket.to_dispatch": _("Ticket #%(number)s from %(enterprise)s waits for dispatch."),
    "ticket.routed": _("Ticket #%(number)s from %(enterprise)s was routed to you: due %(due)s."),
    "ticket.returned": _("Ticket #%(number)s was returned by %(owner)s: %(reason)s"),
    "ticket.supplemented": _("%(enterprise)s added to ticket #%(number)s."),
    "ticket.extension_requested": _("An extension is asked for on ticket #%(number)s: %(reason)s"),
    "ticket.extension_decided": _("The extension on ticket #%(number)s: %(decision)s."),
    "ticket.resolved": _("Ticket #%(number)s was resolved: rate the answer, or reopen it within three working days."),
    "ticket.reopened": _("%(enterprise)s reopened ticket #%(number)s: %(reason)s"),
    "ticket.overdue": _("Ticket #%(number)s is past its deadline."),
    "ticket.escalated": _("Ticket #%(number)s from %(enterprise)s is escalated to the county: three times its "
                          "allowed time has passed."),
    "checkin.red_scan": _("A worker with a red health status (%(worker)s) was turned away at %(place)s."),
}


def text(notification: Notification) -> str:
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.kind
    try:
        return str(template) % notification.params
    except (KeyError, TypeError, ValueError):
        return str(template)


def enterprise_users(enterprise_id: int):
    return get_user_model().objects.filter(enterprise_id=enterprise_id, is_active=True)


def divisions_over(division_code: str) -> list[str]:
    """The 12-digit codes of the divisions whose jurisdiction contains
    ``division_code``: for a town its own code, its county's, its city's and its
    province's. Computed from the code alone (a jurisdiction is a code prefix),
    so finding who is over a place is one indexed ``division_id IN`` query."""
    code = (division_code or "").strip()
    candidates = {code[:digits].ljust(12, "0") for digits in (2, 4, 6, 9) if len(code) >= digits}
    if len(code) == 12:
        candidates.add(code)
    return sorted(c for c in candidates if c.strip("0") and code.startswith(code_prefix(c)))


def officers_over(division_code: str, roles=OFFICER_ROLES) -> list:
    """Active officers whose jurisdiction contains ``division_code`` (the town's,
    the county's, the city's…), read by their divisions' codes: one query,
    whatever the number of officers elsewhere."""
    return list(get_user_model().objects.filter(role__in=sorted(roles), is_active=True,
                                    division_id__in=divisions_over(division_code)).only("id", "division_id"))


def county_officers_over(division_code: str):
    return officers_over(division_code, roles={Role.COUNTY_OFFICER})


def notify_on_commit(users, kind: str, url: str = "", **params) -> None:
    user_ids = sorted({u.pk for u in users})

    def send():
        created = Notification.objects.bulk_create(
            [Notification(user_id=pk, kind=kind, params=params, url=url) for pk in user_ids])
        if created:
            # Committed by now: receivers (messaging) tell the users outside the app too. A receiver's
            # failure must not undo or hide the in-app notifications: it is logged, and the change stands.
            for receiver, error in notification_committed.send_robust(
                    sender=Notification, notification_ids=[n.pk for n in created]):
                if isinstance(error, Exception):
                    log.error("notification %s: %r failed", kind, receiver, exc_info=error)

    transaction.on_commit(send)
