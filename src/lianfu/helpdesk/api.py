"""Helpdesk endpoints: submit a problem, list and read tickets.

Scoped like the pages: tickets are read through ``visible_tickets`` and the
enterprise through the scoped manager, so what lies outside the caller's reach
is 404; the domain checks the caller's right (403) and the input (422 naming
the field, see the ValidationError handler in lianfu/api.py)."""
from datetime import datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from lianfu.common.api_errors import refusals
from lianfu.common.api_inputs import MAX_BIGINT, Uscc, refuse_nul
from lianfu.common.pagination import BoundedLimitOffsetPagination
from lianfu.helpdesk.domain import submit_ticket
from lianfu.helpdesk.enums import Category, Channel, Difficulty, EventKind
from lianfu.helpdesk.enums import Status as TicketStatus
from lianfu.helpdesk.models import MAX_TEXT_LENGTH, Ticket
from lianfu.helpdesk.queries import visible_tickets
from lianfu.registry.models import Enterprise

router = Router(tags=["helpdesk"])
# Ids are bigints: a larger number is a 422, not a database overflow.
MAX_ID = MAX_BIGINT


class TicketIn(Schema):
    enterprise_uscc: Uscc = Field(description="credit code of the enterprise the problem is about")
    # Its length is the domain's to refuse (422 naming the field, in the caller's language, as the pages say
    # it, after trimming); the document states the bounds all the same.
    text: Annotated[str, AfterValidator(refuse_nul)] = Field(
        description=f"the problem in the enterprise's words, 1 to {MAX_TEXT_LENGTH} characters",
        json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT_LENGTH})
    category: Category | None = Field(None, description="omitted: the classifier chooses, and an unsure "
                                                        "guess waits for the county's dispatcher")


class TicketOut(Schema):
    id: int
    enterprise_uscc: str = Field(alias="enterprise.uscc")
    enterprise_name: str = Field(alias="enterprise.name")
    town_code: str = Field(alias="town_id")
    channel: Channel
    text: str
    category: Category
    status: TicketStatus
    department_code: str | None
    department_name: str | None
    difficulty: Difficulty
    created_at: datetime
    updated_at: datetime
    routed_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    resolution: str
    rating: int | None
    closed_at: datetime | None
    version: int = Field(description="send it back with a change; a newer one answers 409")

    @staticmethod
    def resolve_department_code(ticket: Ticket) -> str | None:
        return ticket.department.code if ticket.department else None

    @staticmethod
    def resolve_department_name(ticket: Ticket) -> str | None:
        return ticket.department.name if ticket.department else None


class EventOut(Schema):
    kind: EventKind
    at: datetime
    actor: str | None
    note: str
    data: dict

    @staticmethod
    def resolve_actor(event) -> str | None:
        return event.actor.display_name if event.actor else None


class TicketDetailOut(TicketOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(ticket: Ticket):
        return ticket.events.select_related("actor")


@router.post("/tickets", response={201: TicketOut, **refusals(403, 404, 422)})
def submit(request, body: TicketIn):
    enterprise = get_object_or_404(Enterprise.objects.select_related("division"),
                                   uscc=body.enterprise_uscc.strip().upper())
    ticket = submit_ticket(actor=request.user, enterprise=enterprise, text=body.text, channel=Channel.API,
                           category=body.category)
    return Status(201, ticket)


@router.get("/tickets", response=list[TicketOut])
@paginate(BoundedLimitOffsetPagination)
def list_tickets(request, status: TicketStatus | None = None, category: Category | None = None):
    """Newest first."""
    tickets = visible_tickets(request.user).order_by("-created_at", "-id")
    if status is not None:
        tickets = tickets.filter(status=status)
    if category is not None:
        tickets = tickets.filter(category=category)
    return tickets


@router.get("/tickets/{pk}", response={200: TicketDetailOut, **refusals(404)})
def get_ticket(request, pk: int = Path(..., ge=1, le=MAX_ID)):
    """With its timeline, oldest event first."""
    return get_object_or_404(visible_tickets(request.user), pk=pk)
