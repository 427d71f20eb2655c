"""What the overview and the daily report list beside the figures
(dashboard/blocks.py), on the hand-built county of test_metrics: the chains not
complete with their blocking suppliers on a past day and today, and the tickets
past deadline at a past moment and now (now: the helpdesk's own overdue board).

The chain of 甬达 has five suppliers: 甲 乙 丙 (tier 1), 丁 (tier 2), 戊 (tier 3).
甲 restarted 02-20 and 乙 02-25."""
import datetime

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from lianfu.common.scoping import scope_for
from lianfu.dashboard.blocks import chains_behind, overdue_at, overdue_by_owner
from lianfu.helpdesk import queries
from lianfu.helpdesk.enums import Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department, Enterprise
from lianfu.restart import domain
from tests.conftest import COUNTY, TOWN_B
from tests.dashboard.test_metrics import CIXI, county, restart  # noqa: F401 (the hand-built county)

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: D, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def facts(row) -> tuple:
    return (row.lead_name, row.suppliers, row.restarted, row.completion,
            [name for _uscc, name, _tier in row.blocking.named], row.blocking.count, row.blocking.more)


def test_a_past_day_lists_the_suppliers_not_restarted_then_nearest_tier_first(county):
    [row] = chains_behind(CIXI, D(2020, 2, 21))
    assert facts(row) == ("慈溪市甬达电器有限公司", 5, 1, 20.0, ["丙轴承", "乙冲压", "丁电镀"], 4, 1)
    [row] = chains_behind(CIXI, D(2020, 2, 28), shown=10)
    assert facts(row) == ("慈溪市甬达电器有限公司", 5, 2, 40.0, ["丙轴承", "丁电镀", "戊钢材"], 3, 0)


def test_a_chain_counts_in_its_lead_firms_town_only(county):
    assert chains_behind(TOWN_B[:9], D(2020, 2, 28)) == []
    assert len(chains_behind(CIXI, D(2020, 2, 28), limit=0)) == 0


def test_a_chain_is_listed_until_its_last_supplier_restarts(county, personas, members):
    for key in ("s", "t"):
        restart(personas, members, key, county[key], D(2020, 3, 1), 70)
    assert [facts(r) for r in chains_behind(CIXI, D(2020, 3, 1))] == [
        ("慈溪市甬达电器有限公司", 5, 4, 80.0, ["丙轴承"], 1, 0)]
    domain.grant_override(actor=personas["admin"], enterprise=county["c"], reason="保供")
    domain.confirm_restart(actor=personas["admin"], enterprise=county["c"], restarted_on=D(2020, 3, 2),
                           capacity_pct=50)
    assert chains_behind(CIXI, D(2020, 3, 2)) == []
    assert len(chains_behind(CIXI, D(2020, 3, 1))) == 1


@pytest.fixture
def late(county):
    """Three tickets with deadlines: 乙's due 02-20, still being worked on; 甲's due
    02-22, resolved 02-26 (late); 周盛's due 03-01 and resolved 02-27 (on time).
    The first is with 经信局, the second with the town's own triage."""
    economy = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    with scopes_disabled():
        def make(firm, due, status, resolved=None, department=None):
            return Ticket.objects.create(
                enterprise=firm, town_id=firm.division_id, submitter=Submitter.ENTERPRISE, channel=Channel.WEB,
                text="缺铜件", category=Category.SUPPLY, confidence=0.9, status=status, department=department,
                created_at=at(D(2020, 2, 18)), routed_at=at(D(2020, 2, 18)), due_at=at(due, 17),
                resolved_at=at(resolved) if resolved else None)
        firms = {e.name: e for e in Enterprise.objects.filter(name__in=["乙冲压", "甲铜业", "慈溪市周盛汽配有限公司"])}
        return [make(firms["乙冲压"], D(2020, 2, 20), Status.ACCEPTED, department=economy),
                make(firms["甲铜业"], D(2020, 2, 22), Status.RESOLVED, resolved=D(2020, 2, 26)),
                make(firms["慈溪市周盛汽配有限公司"], D(2020, 3, 1), Status.RESOLVED, resolved=D(2020, 2, 27))]


def test_a_past_moment_counts_the_tickets_then_past_deadline(late):
    first, second, _third = late
    assert list(overdue_at(CIXI, at(D(2020, 2, 19)))) == []
    assert list(overdue_at(CIXI, at(D(2020, 2, 21)))) == [first]
    assert list(overdue_at(CIXI, at(D(2020, 2, 24)))) == [first, second]
    assert list(overdue_at(CIXI, at(D(2020, 2, 27)))) == [first]       # 甲's resolved on 02-26
    assert [(r.owner, r.overdue) for r in overdue_by_owner(CIXI, at(D(2020, 2, 24)))] == [
        ("经信局", 1), ("镇街自行处理", 1)]


def test_now_the_list_is_the_helpdesk_overdue_board(late, personas):
    now = timezone.now()
    with scope(**scope_for(personas["county"])):
        board = list(queries.overdue(personas["county"], now))
    assert list(overdue_at(CIXI, now)) == board == [late[0]]
    assert list(overdue_at(TOWN_B[:9], now)) == [late[0]]                  # 乙 is in town B
    assert list(overdue_at("330282004", now)) == []
