"""A Ticket as an Open311 service request.

Enterprise problems are confidential: ``public`` gives only what identifies
no enterprise (the number, the state, the service, who has it and when); the
text, the place and the enterprise go only to an api_key that may read the
ticket (``full``)."""
from django.utils.translation import gettext as _

from lianfu.helpdesk import deadlines
from lianfu.helpdesk.enums import DISPATCH_STATUSES, OPEN311_CLOSED, WORKING_STATUSES, Status
from lianfu.helpdesk.open311.render import w3c
from lianfu.helpdesk.open311.services import service_name


def open311_status(ticket) -> str:
    return "closed" if ticket.status in OPEN311_CLOSED else "open"


def agency(ticket) -> str:
    """Who has the ticket now: the county's dispatcher until it is routed, then
    its department, or the enterprise's town when the town triages it."""
    if ticket.status in DISPATCH_STATUSES:
        return _("County helpdesk (dispatch)")
    if ticket.department is not None:
        return ticket.department.name
    return ticket.town.name


def service_notice(ticket) -> str | None:
    """What happens next, in the caller's language."""
    if ticket.status in DISPATCH_STATUSES:
        return _("Waiting for the county helpdesk to send it to the department in charge.")
    if ticket.status in WORKING_STATUSES and ticket.due_at is not None:
        return _("With %(agency)s; an answer is due by %(due)s.") % {
            "agency": agency(ticket), "due": deadlines.local(ticket.due_at).strftime("%Y-%m-%d %H:%M")}
    if ticket.status == Status.RESOLVED:
        return _("Answered; the enterprise may rate the answer or reopen the request.")
    return None


def status_notes(ticket) -> str | None:
    """Why it is closed: the answer given, or the request it joined."""
    if ticket.status == Status.MERGED and ticket.merged_into_id:
        return _("Merged into request %(number)d.") % {"number": ticket.merged_into_id}
    if ticket.status in (Status.RESOLVED, Status.CLOSED) and ticket.resolution:
        return ticket.resolution
    return None


def public(ticket) -> dict:
    return {
        "service_request_id": ticket.pk,
        "status": open311_status(ticket),
        "service_name": service_name(ticket.category),
        "service_code": ticket.category,
        "agency_responsible": agency(ticket),
        "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(ticket.updated_at),
        "expected_datetime": w3c(ticket.due_at),
    }


def _address(enterprise, town) -> str:
    # Most specific first, as the spec asks: the street address, then the town.
    return ", ".join(part for part in (enterprise.address, town.name) if part)


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def full(ticket) -> dict:
    """The spec's fields in its order. The location is the enterprise's
    registration: address_id is its credit code, our registry being the
    addressing system the problem is located by."""
    enterprise = ticket.enterprise
    return {
        "service_request_id": ticket.pk,
        "status": open311_status(ticket),
        "status_notes": status_notes(ticket),
        "service_name": service_name(ticket.category),
        "service_code": ticket.category,
        "description": ticket.text,
        "agency_responsible": agency(ticket),
        "service_notice": service_notice(ticket),
        "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(ticket.updated_at),
        "expected_datetime": w3c(ticket.due_at),
        "address": _address(enterprise, ticket.town),
        "address_id": enterprise.uscc,
        "zipcode": None,
        "lat": _coordinate(enterprise.latitude),
        "long": _coordinate(enterprise.longitude),
        "media_url": None,
    }


def created(ticket, user) -> dict:
    """The answer to POST requests. The spec pairs a token with "batch"
    services only; it is given here as well so that a client written for
    tokens can poll tokens/{token} (our services are "realtime": the id is
    final at once)."""
    return {"service_request_id": ticket.pk, "token": str(ticket.token), "service_notice": service_notice(ticket),
            "account_id": user.username}


def token(ticket) -> dict:
    return {"service_request_id": ticket.pk, "token": str(ticket.token)}
