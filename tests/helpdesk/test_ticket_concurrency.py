"""Two clerks of the department act on the same ticket from the page they both
read — one resolves it, the other says "not ours": exactly one wins, the
other is told 409. Real threads and connections, on SQLite and PostgreSQL."""
import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from lianfu.common.errors import Conflict
from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import EventKind, Status
from lianfu.helpdesk.models import Ticket
from tests.helpdesk.tickets_fixtures import COPPER, departments, staff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_owners_acting_on_one_page_exactly_one_wins(personas, staff, firm_x):
    ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)
    barrier, outcomes = threading.Barrier(2), []
    economy = staff["economy"]

    def act(step):
        try:
            with scopes_disabled():
                seen = Ticket.objects.select_related("enterprise", "town", "department").get(pk=ticket.pk)
            barrier.wait(timeout=10)
            step(seen)
            outcomes.append(step.__name__)
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    def resolve(seen):
        domain.resolve_ticket(actor=economy, ticket=seen, resolution="已协调", seen_version=seen.version)

    def give_back(seen):
        domain.return_ticket(actor=economy, ticket=seen, reason="不属于本部门", seen_version=seen.version)

    threads = [threading.Thread(target=act, args=(step,)) for step in (resolve, give_back)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[0] == "409" and len(outcomes) == 2
    winner = next(o for o in outcomes if o != "409")
    with scopes_disabled():
        final = Ticket.objects.get(pk=ticket.pk)
        kinds = list(final.events.values_list("kind", flat=True))
    expected = {"resolve": (Status.RESOLVED, EventKind.RESOLVED), "give_back": (Status.RETURNED, EventKind.RETURNED)}
    assert (final.status, kinds[-1]) == expected[winner]
    assert EventKind.RESOLVED not in kinds or EventKind.RETURNED not in kinds
