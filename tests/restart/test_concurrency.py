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
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
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


def test_first_surveys_of_one_firm_arriving_together_are_both_recorded(personas, firm_x, monkeypatch):
    """The derived stage row is created by whichever survey commits first; the
    other finds it instead of failing on a duplicate key. On PostgreSQL both
    threads are held just after deriving the stage, inside their transactions,
    so both would find no stage row yet (the race, every time); SQLite
    transactions begin IMMEDIATE and queue, so there they only start together."""
    from lianfu.registry.models import EnterpriseStage
    from lianfu.registry.stages import Stage
    from lianfu.restart import stages
    from lianfu.restart.models import Survey

    values = dict(capacity_pct=0, headcount_total=50, headcount_on_duty=0, headcount_away=10)
    start, derived, outcomes = threading.Barrier(2), threading.Barrier(2), []
    derive = stages.derive_stage

    def derive_then_wait(enterprise_id):
        stage = derive(enterprise_id)
        if connection.vendor == "postgresql":
            derived.wait(timeout=10)
        return stage

    monkeypatch.setattr(stages, "derive_stage", derive_then_wait)

    def survey(user):
        try:
            start.wait(timeout=10)
            domain.record_survey(actor=user, enterprise=firm_x, **values)
            outcomes.append("recorded")
        except Exception as error:   # noqa: BLE001 (the test reports whatever the loser got)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=survey, args=(personas[who],)) for who in ("firm_x", "liaison_a")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["recorded", "recorded"]
    with scopes_disabled():
        assert Survey.objects.filter(enterprise=firm_x).count() == 2
        assert list(EnterpriseStage.objects.filter(enterprise=firm_x).values_list("stage", flat=True)) == [
            Stage.SURVEYED]
