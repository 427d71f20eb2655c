"""The county's figures (dashboard/metrics.py) on a hand-built county, each
equal to a count worked out here from the records, today and on past days.

Firms of the county: 甬达 (lead, town A, above-scale, industry 38), 周盛 (B, 36),
甲 (A, 38), 乙 (B, 38), 丁 (B, 38), 戊 (A, 38); 丙 is outside the county.

    甲   survey 02-18: capacity 0, 10/100 on duty;  restarted 02-20 at 60 %
    甬达 survey 02-20: capacity 50, 150/300;        restarted 02-22 at 80 %
    乙   survey 02-15: capacity 10, 5/50;            restarted 02-25 at 50 %
    丁   survey 02-27: capacity 80, 18/20
    tickets: 甬达 resolved 02-20 on time; 甲 resolved 02-26 late; 周盛 resolved 02-27 on time; 乙 open

On 02-21: restarted 甲 → 1 of 6; capacity (60·100 + 50·300 + 10·50) / 450 = 47.8;
on duty (10 + 150 + 5) / 450 = 36.7; chain: 1 of 5 suppliers; tickets 1 of 1 on time.
On 02-28: restarted 甲 甬达 乙 → 3 of 6, above-scale 1 of 1; capacity
(60·100 + 80·300 + 50·50 + 80·20) / 470 = 72.6; on duty 183 / 470 = 38.9;
chain: 2 of 5 suppliers; tickets 2 of 3 on time."""
import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import ChainMember
from lianfu.dashboard.metrics import figures_on
from lianfu.helpdesk.enums import Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.restart import domain
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db
D = datetime.date
CIXI = "330282"


def survey(actor, enterprise, day, capacity, headcount, on_duty):
    domain.record_survey(actor=actor, enterprise=enterprise, surveyed_on=day, capacity_pct=capacity,
                         headcount_total=headcount, headcount_on_duty=on_duty, headcount_away=headcount - on_duty,
                         blockers=[])


def restart(personas, members, key, firm, day, capacity):
    domain.grant_override(actor=personas["county"], enterprise=firm, reason="保供")
    actor = personas["firm_x"] if key == "lead" else members[key]
    domain.confirm_restart(actor=actor, enterprise=firm, restarted_on=day, capacity_pct=capacity)


def ticket(firm, resolved_on: D | None, on_time: bool | None):
    """Resolved on that day, or still waiting for dispatch (no deadline yet)."""
    moment = timezone.make_aware(datetime.datetime.combine(resolved_on, datetime.time(15))) if resolved_on else None
    with scopes_disabled():
        return Ticket.objects.create(enterprise=firm, town_id=firm.division_id, submitter=Submitter.ENTERPRISE,
                                     channel=Channel.WEB, text="缺铜件", category=Category.SUPPLY, confidence=0.9,
                                     status=Status.RESOLVED if resolved_on else Status.NEW, resolved_at=moment,
                                     resolved_on_time=on_time)


@pytest.fixture
def county(personas, net, chain, members, firm_y):
    survey(members["a"], net["a"], D(2020, 2, 18), 0, 100, 10)
    survey(personas["firm_x"], net["lead"], D(2020, 2, 20), 50, 300, 150)
    survey(members["b"], net["b"], D(2020, 2, 15), 10, 50, 5)
    survey(members["s"], net["s"], D(2020, 2, 27), 80, 20, 18)
    restart(personas, members, "a", net["a"], D(2020, 2, 20), 60)
    restart(personas, members, "lead", net["lead"], D(2020, 2, 22), 80)
    restart(personas, members, "b", net["b"], D(2020, 2, 25), 50)
    ticket(net["lead"], D(2020, 2, 20), True)
    ticket(net["a"], D(2020, 2, 26), False)
    ticket(firm_y, D(2020, 2, 27), True)
    ticket(net["b"], None, None)
    return net


def headline(tally) -> tuple:
    return (tally.firms, tally.restarted, tally.restart_rate, tally.above_scale, tally.above_scale_restarted,
            tally.above_scale_restart_rate, tally.capacity, tally.on_duty_rate, tally.chains, tally.chains_complete,
            tally.chain_suppliers, tally.chain_suppliers_restarted, tally.chain_completion, tally.resolved,
            tally.resolved_on_time, tally.on_time_rate)


def test_the_chain_has_the_five_suppliers_the_figures_count(county, chain):
    with scopes_disabled():
        names = sorted(ChainMember.objects.filter(chain=chain).values_list("enterprise__name", flat=True))
    assert names == sorted(["甲铜业", "乙冲压", "丙轴承", "丁电镀", "戊钢材"])


def test_a_past_day_reads_as_it_was(county):
    assert headline(figures_on(D(2020, 2, 21), CIXI).total) == (
        6, 1, 16.7, 1, 0, 0.0, 47.8, 36.7, 1, 0, 5, 1, 20.0, 1, 1, 100.0)


def test_a_later_day_counts_the_restarts_surveys_and_tickets_since(county):
    assert headline(figures_on(D(2020, 2, 28), CIXI).total) == (
        6, 3, 50.0, 1, 1, 100.0, 72.6, 38.9, 1, 0, 5, 2, 40.0, 3, 2, 66.7)


def test_before_anything_happened_there_is_no_figure_but_the_counts(county):
    total = figures_on(D(2020, 2, 1), CIXI).total
    assert headline(total) == (6, 0, 0.0, 1, 0, 0.0, None, None, 1, 0, 5, 0, 0.0, 0, 0, None)


def test_today_equals_the_last_day_when_nothing_changed_since(county):
    today = timezone.localdate()
    assert headline(figures_on(today, CIXI).total) == headline(figures_on(D(2020, 2, 28), CIXI).total)
    assert headline(figures_on(today - timedelta(days=1), CIXI).total) == headline(figures_on(today, CIXI).total)


def test_by_town_and_by_industry_add_up_to_the_county(county):
    figures = figures_on(D(2020, 2, 28), CIXI)
    assert {code: (t.firms, t.restarted, t.restart_rate, t.capacity, t.chains, t.resolved, t.resolved_on_time)
            for code, t in figures.by_town.items()} == {
        TOWN_A: (3, 2, 66.7, 75.0, 1, 2, 1),      # 甬达 甲 戊: (60·100 + 80·300) / 400
        TOWN_B: (3, 1, 33.3, 58.6, 0, 1, 1)}      # 周盛 乙 丁: (50·50 + 80·20) / 70
    assert {code: (t.firms, t.restarted) for code, t in figures.by_industry.items()} == {"38": (5, 3), "36": (1, 0)}


def test_a_towns_figures_are_its_own(county):
    town = figures_on(D(2020, 2, 28), TOWN_B[:9]).total
    assert (town.firms, town.restarted, town.capacity, town.chains, town.resolved) == (3, 1, 58.6, 0, 1)
