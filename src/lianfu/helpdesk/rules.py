"""Who may do what in the helpdesk. Ticket rules take the Ticket; submitting
takes the Enterprise the problem is about.

- the enterprise: submits, reads its own tickets, rates and reopens them;
- its own liaison officer (and officers over its town): submit on its behalf;
- the dispatcher (county officer): the queue, routing, corrections, extensions;
- the department a ticket is routed to owns its resolution; a ticket without a
  department (category "other") is owned by its town's triage;
- the town reads every ticket of its enterprises.
"""
import rules

from lianfu.common.predicates import (
    is_administrator,
    is_county_officer,
    is_liaison_officer,
    is_officer,
    is_own_county,
    is_own_enterprise,
    is_town_officer,
    looks_after,
    within_reach,
)
from lianfu.common.roles import DIVISION_ROLES, Role
from lianfu.common.scoping import covers, scope_for


def _over_town(user, ticket) -> bool:
    return (user.role in DIVISION_ROLES and bool(user.division_id)
            and covers(scope_for(user).get("division"), ticket.town_id))


@rules.predicate
def ticket_of_own_enterprise(user, ticket) -> bool:
    return (ticket is not None and user.is_authenticated and user.role == Role.ENTERPRISE_USER
            and user.enterprise_id == ticket.enterprise_id)


@rules.predicate
def ticket_of_own_department(user, ticket) -> bool:
    return (ticket is not None and user.is_authenticated and user.role == Role.DEPARTMENT_STAFF
            and ticket.department_id is not None and ticket.department_id == user.department_id)


@rules.predicate
def ticket_within_division(user, ticket) -> bool:
    """The ticket's town lies in the user's division (a county officer's county, a town officer's town)."""
    return ticket is not None and user.is_authenticated and _over_town(user, ticket)


@rules.predicate
def ticket_for_town_triage(user, ticket) -> bool:
    return ticket is not None and ticket.department_id is None


@rules.predicate
def ticket_submitted_by_user(user, ticket) -> bool:
    return ticket is not None and user.is_authenticated and ticket.submitted_by_id == user.pk


rules.add_perm("helpdesk.submit_ticket", is_own_enterprise
               | (is_officer & within_reach) | looks_after | is_administrator)
rules.add_perm("helpdesk.view_ticket", ticket_of_own_enterprise | ticket_of_own_department
               | ((is_officer | is_liaison_officer) & ticket_within_division) | is_administrator)
# Dispatching is the county's helpdesk (鄞企办) work; a correction changes what
# the classifier learns for everyone, so no department or firm makes one.
rules.add_perm("helpdesk.dispatch", is_county_officer | is_administrator)
rules.add_perm("helpdesk.dispatch_ticket", (is_county_officer & ticket_within_division) | is_administrator)
rules.add_perm("helpdesk.correct_classification", is_officer | is_administrator)
# Accept, say "not ours", ask for more time, resolve.
rules.add_perm("helpdesk.work_ticket", ticket_of_own_department
               | (is_town_officer & ticket_for_town_triage & ticket_within_division) | is_administrator)
rules.add_perm("helpdesk.decide_extension", (is_county_officer & ticket_within_division) | is_administrator)
# The enterprise answers for itself; the liaison officer who wrote it for them may too.
rules.add_perm("helpdesk.give_feedback", ticket_of_own_enterprise
               | (is_liaison_officer & ticket_submitted_by_user & ticket_within_division))
# The county's routing table (admin): its own county's, or any for an administrator.
rules.add_perm("helpdesk.edit_routing", (is_county_officer & is_own_county) | is_administrator)
rules.add_perm("helpdesk.view_overdue_board", is_county_officer | is_administrator)
rules.add_perm("helpdesk.view_inbox", is_officer | rules.predicate(
    lambda user: user.is_authenticated and user.role == Role.DEPARTMENT_STAFF) | is_administrator)
