"""The on-duty rate's one definition (docs/metrics.md), day by day."""
import datetime as dt

import pytest
from django_scopes import scopes_disabled

from lianfu.restart.models import Survey
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.onduty import ROSTER, SURVEY, OnDuty, OnDutyBook, firm_on_duty
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
AWAY, AT_WORK, BACK, LEFT = WorkerState.AWAY, WorkerState.AT_WORK, WorkerState.BACK, WorkerState.LEFT
D = {day: dt.date(2020, 2, day) for day in range(1, 30)}   # D[17] = 17 Feb


@pytest.fixture
def firms():
    with scopes_disabled():
        return EnterpriseFactory(division_id=TOWN_A), EnterpriseFactory(division_id=TOWN_B)


def survey(firm, day, on_duty, total):
    with scopes_disabled():
        Survey.objects.create(enterprise=firm, surveyed_on=day, capacity_pct=50, headcount_total=total,
                              headcount_on_duty=on_duty, headcount_away=0)


def test_the_roster_counts_at_work_and_back_as_on_duty_day_by_day(firms):
    a, b = firms
    make_worker(a, "甲", number=id_number(sequence=1), history=[(D[17], AWAY), (D[20], BACK)])
    make_worker(a, "乙", number=id_number(sequence=2), history=[(D[17], AT_WORK)])
    make_worker(a, "丙", number=id_number(sequence=3), history=[(D[17], AWAY)])
    # 丁 moves from a to b on the 19th, then leaves b on the 25th.
    make_worker(a, "丁", number=id_number(sequence=4),
                history=[(D[17], AT_WORK), (D[19], AT_WORK, b), (D[25], LEFT, b)])
    book = OnDutyBook()
    assert book.firm(a.pk, D[16]) is None                       # nothing known before the first record
    assert book.firm(a.pk, D[17]) == OnDuty(2, 4, ROSTER, D[17])
    assert book.firm(a.pk, D[19]) == OnDuty(1, 3, ROSTER, D[19])
    assert book.firm(b.pk, D[19]) == OnDuty(1, 1, ROSTER, D[19])
    assert book.firm(a.pk, D[20]) == OnDuty(2, 3, ROSTER, D[20])
    assert book.firm(a.pk, D[20]).rate == 66.7
    assert book.firm(b.pk, D[25]) is None                       # a roster of nobody: no figure, not 0 %
    assert [(day, f.on_duty, f.headcount) for day, f in book.curve([D[17], D[19], D[20], D[25]])] == [
        (D[17], 2, 4), (D[19], 2, 4), (D[20], 3, 4), (D[25], 2, 3)]
    # Asked for one firm, its moved-away worker's later history still closes their time there.
    assert firm_on_duty([a.pk], D[20]) == {a.pk: OnDuty(2, 3, ROSTER, D[20])}


def test_the_newer_evidence_wins_and_the_roster_wins_a_tie(firms):
    a, b = firms
    make_worker(a, "甲", number=id_number(sequence=1), history=[(D[17], AWAY), (D[21], BACK)])
    make_worker(a, "乙", number=id_number(sequence=2), history=[(D[17], AT_WORK)])
    survey(a, D[18], 80, 100)
    survey(a, D[21], 90, 100)
    survey(b, D[18], 5, 10)
    book = OnDutyBook()
    assert book.firm(a.pk, D[17]) == OnDuty(1, 2, ROSTER, D[17])
    assert book.firm(a.pk, D[18]) == OnDuty(80, 100, SURVEY, D[18])
    assert book.firm(a.pk, D[21]) == OnDuty(2, 2, ROSTER, D[21])   # same day: the roster
    assert book.firm(b.pk, D[20]) == OnDuty(5, 10, SURVEY, D[18])
    assert book.total_on(D[20]) == OnDuty(85, 110)
    assert book.total_on(D[20]).rate == 77.3
