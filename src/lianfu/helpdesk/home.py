"""What the helpdesk puts on each role's first screen."""
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain, ChainMember
from lianfu.helpdesk import queries
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.enums import WORKING_STATUSES

HOME_INBOX = 20
HOME_MINE = 10


def department_cards(user) -> dict:
    """The department's first screen is its inbox, nearest deadline first."""
    now = timezone.now()
    inbox = queries.inbox(user)
    return {"ticket_inbox": with_countdowns(inbox[:HOME_INBOX], now),
            "ticket_counts": {"open": inbox.count(), "overdue": inbox.filter(due_at__lte=now).count()}}


def officer_cards(user) -> dict:
    """Counts with links: the dispatcher's queue and the overdue board for the
    county, the town's open tickets (and those past deadline) for a town."""
    if not user.has_perm("helpdesk.view_inbox"):
        return {}
    now = timezone.now()
    working = queries.visible_tickets(user).filter(status__in=WORKING_STATUSES)
    cards = {"open": working.count(), "overdue": working.filter(due_at__lte=now).count()}
    if user.has_perm("helpdesk.dispatch"):
        cards["queue"] = queries.dispatch_queue(user).count()
    return {"helpdesk": cards}


def enterprise_cards(user) -> dict:
    """My tickets, newest first, with where each stands."""
    now = timezone.now()
    mine = queries.visible_tickets(user).order_by("-created_at", "-id")
    return {"my_tickets": with_countdowns(mine[:HOME_MINE], now), "my_tickets_total": mine.count()}


def lead_cards(user) -> dict:
    """A lead firm's needs list (需求清单): its chain's suppliers' open tickets."""
    with scopes_disabled():
        chain = Chain.objects.filter(lead_id=user.enterprise_id).first()
        if chain is None:
            return {}
        members = list(ChainMember.objects.filter(chain=chain).values_list("enterprise_id", flat=True))
    return {"my_chain_needs": queries.chain_needs(members).count()}
