"""Two officers approve the same filing at the same moment: exactly one wins,
the other is told 409. Real threads, real connections, on SQLite and PostgreSQL."""
import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from lianfu.restart import domain
from lianfu.restart.enums import FilingStatus
from lianfu.restart.errors import Conflict
from lianfu.restart.models import Filing

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_approvals_exactly_one_wins(personas, firm_y):
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y)
    barrier, outcomes = threading.Barrier(2), []

    def approve(officer):
        try:
            with scopes_disabled():
                seen = Filing.objects.select_related("enterprise").get(pk=filing.pk)
            barrier.wait(timeout=10)
            domain.approve_filing(actor=officer, filing=seen, version=seen.version)
            outcomes.append("approved")
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(personas[who],)) for who in ("county", "town_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["409", "approved"]
    with scopes_disabled():
        final = Filing.objects.get(pk=filing.pk)
    assert (final.status, final.version) == (FilingStatus.APPROVED, 1)
