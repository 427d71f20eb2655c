"""Each firm's roster by day (workforce.RosterDay), kept with the state
changes by every writer (docs/metrics.md, on-duty rate): hand-worked rows,
a back-dated change, and the check and rebuild command."""
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common.roles import Role
from lianfu.workforce import domain, roster_days
from lianfu.workforce.enums import StateSource, WorkerState
from lianfu.workforce.models import RosterDay, Worker
from lianfu.workforce.onduty import ROSTER, OnDuty, OnDutyBook
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
AWAY, AT_WORK, BACK, LEFT = WorkerState.AWAY, WorkerState.AT_WORK, WorkerState.BACK, WorkerState.LEFT
D = {day: dt.date(2020, 2, day) for day in range(1, 30)}


@pytest.fixture
def firms():
    with scopes_disabled():
        return EnterpriseFactory(division_id=TOWN_A), EnterpriseFactory(division_id=TOWN_B)


def rows(firm) -> list[tuple]:
    with scopes_disabled():
        return list(RosterDay.objects.filter(enterprise=firm).order_by("day").values_list(
            "day", "headcount_change", "on_duty_change", "changes"))


def test_stays_begin_and_end_on_their_days_worked_by_hand(firms):
    a, b = firms
    # 甲: away at A, back on the 20th, moves to B on the 22nd, leaves B on the 25th.
    make_worker(a, "甲", number=id_number(sequence=1),
                history=[(D[17], AWAY), (D[20], BACK), (D[22], AT_WORK, b), (D[25], LEFT, b)])
    make_worker(a, "乙", number=id_number(sequence=2), history=[(D[17], AT_WORK)])
    assert rows(a) == [(D[17], 2, 1, 2),      # both join, 乙 on duty
                       (D[20], 0, 1, 2),      # 甲's stay away ends, the one back begins
                       (D[22], -1, -1, 1)]    # 甲's stay ends here: the move is B's change
    assert rows(b) == [(D[22], 1, 1, 1), (D[25], -1, -1, 2)]   # "left" begins a stay of nobody
    book = OnDutyBook([a.pk, b.pk])
    assert [book.firm(a.pk, D[d]) for d in (16, 17, 21, 22)] == [
        None, OnDuty(1, 2, ROSTER, D[17]), OnDuty(2, 2, ROSTER, D[20]), OnDuty(1, 1, ROSTER, D[22])]
    assert book.firm(b.pk, D[24]) == OnDuty(1, 1, ROSTER, D[22])
    assert book.firm(b.pk, D[25]) is None          # a roster of nobody, and no survey
    for day in (D[d] for d in range(16, 27)):      # a book read for one day only says the same
        one_day = OnDutyBook([a.pk, b.pk], day=day)
        assert [one_day.firm(firm.pk, day) for firm in firms] == [book.firm(firm.pk, day) for firm in firms]
    with pytest.raises(ValueError, match="this roster was read for 2020-02-26, not 2020-02-25"):
        one_day.firm(a.pk, D[25])
    assert roster_days.differences() == (0, [])


def test_a_change_dated_back_between_two_others_moves_both_stays(firms):
    a, _b = firms
    worker = make_worker(a, "甲", number=id_number(sequence=1), history=[(D[17], AWAY), (D[25], BACK)])
    labour = User.objects.create_user("labour_x", role=Role.LABOUR_OFFICER, division_id=COUNTY)
    with scopes_disabled():
        worker = Worker.objects.get(pk=worker.pk)
        domain.set_state(actor=labour, worker=worker, version=worker.version, state=AT_WORK,
                         source=StateSource.OFFICER, day=D[20])
    assert rows(a) == [(D[17], 1, 0, 1), (D[20], 0, 1, 2), (D[25], 0, 0, 2)]
    book = OnDutyBook([a.pk])
    assert [book.firm(a.pk, D[d]).on_duty for d in (19, 20, 24, 25)] == [0, 1, 1, 1]
    assert roster_days.differences() == (0, [])


def test_the_command_finds_a_wrong_row_and_writes_them_again(firms, capsys):
    a, _b = firms
    make_worker(a, "甲", number=id_number(sequence=1), history=[(D[17], AWAY), (D[20], BACK)])
    with scopes_disabled():
        RosterDay.objects.filter(enterprise=a, day=D[20]).update(on_duty_change=5)
    with pytest.raises(CommandError, match="1 rows differ from the state changes"):
        call_command("workforce", "roster", "--check")
    assert f"firm {a.pk} on 2020-02-20: kept (0, 5, 2), from the changes (0, 1, 2)" in capsys.readouterr().out
    call_command("workforce", "roster", "--rebuild")
    assert "workforce roster: 2 rows written" in capsys.readouterr().out
    assert rows(a) == [(D[17], 1, 0, 1), (D[20], 0, 1, 2)]
    call_command("workforce", "roster", "--check")
    assert "matches the state changes" in capsys.readouterr().out
