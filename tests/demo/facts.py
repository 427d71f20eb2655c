"""Demo runs shared by the demo tests (and tests/common/test_demo.py).

A demo takes seconds (tiny) to most of a minute (small), so each run is
generated once per test process inside a transaction that is rolled back, and
the tests read a plain snapshot of it (by credit code, never by pk: pks depend
on what the test database held before): the supply network, the four-sync
records, the tickets and the workers of the same generation.

``demo_run`` hands out the runs: the small demo (seed 2020) the exact figures
are read from, and tiny ones for determinism. A determinism test compares two
separate generations of one seed (``take=1`` and ``take=2``) and one of
another seed; the tests of each step read the same three generations, each its
own part of them."""
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.chains.models import Chain, ChainMember, SupplyLink
from lianfu.common.roles import Role
from lianfu.common.workdays import lookup as workdays
from lianfu.demo.generate import generate
from lianfu.liaison.demand import needs_of
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown
from lianfu.liaison.proposals import current_pairs
from lianfu.registry.models import Enterprise, EnterpriseStage, OfficeBuilding
from tests.conftest import suite_settings
from tests.demo.bottleneck_facts import story_facts
from tests.demo.helpdesk_facts import HelpdeskFacts, helpdesk_facts
from tests.demo.liaison_facts import visit_facts
from tests.demo.restart_facts import RestartFacts, restart_facts
from tests.demo.workforce_facts import COUNTY6, RosterFacts, home_facts, roster_facts

# When the demo is loaded, for exact results: Thursday 14 November 2024,
# 15:20, at the end of a week without holidays (tickets fill the week before).
DEMO_NOW = datetime(2024, 11, 14, 15, 20, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass
class DemoFacts:
    firm_count: int
    lead_usccs: list[str]                 # ctx.lead_ids, largest chain first
    logins: dict[str, str]                # username -> enterprise credit code
    links: list[tuple]                    # (supplier, buyer, item, value, essential, stock days, source, verified)
    members: list[tuple]                  # (lead, member, tier, in_county)
    enterprises: dict[str, dict]          # credit code -> fields
    stages: dict[str, tuple]              # credit code -> (stage, since)
    restart: RestartFacts                 # the four-sync records (restart_step)
    helpdesk: HelpdeskFacts               # the week of tickets (helpdesk_step)
    workforce: RosterFacts                # the workers (workforce_step), and the labour officer's home page
    liaison: dict                         # teams, officers and last month's assignment (liaison_step)
    story: dict | None = None             # the engine on the bottlenecks (bottlenecks_step), small demos only

    @property
    def direct(self) -> Counter:
        """Direct suppliers per lead."""
        leads = set(self.lead_usccs)
        return Counter(buyer for _s, buyer, *_rest in self.links if buyer in leads)

    @property
    def chain_size(self) -> Counter:
        return Counter(lead for lead, *_rest in self.members)

    def outside(self) -> dict[str, dict]:
        return {code: e for code, e in self.enterprises.items() if not (e["division_id"] or "").startswith(COUNTY6)}


def _snapshot(ctx, workforce: RosterFacts) -> DemoFacts:
    code_of = dict(Enterprise.objects.values_list("pk", "uscc"))
    links = [(code_of[s], code_of[b], item, str(v), ess, None if d is None else float(d), src, ok)
             for s, b, item, v, ess, d, src, ok in SupplyLink.objects.values_list(
                 "supplier_id", "buyer_id", "item", "annual_value", "essential", "stock_days", "source", "verified")]
    members = [(code_of[lead], code_of[pk], tier, inside) for lead, pk, tier, inside in ChainMember.objects
               .values_list("chain__lead_id", "enterprise_id", "tier", "in_county")]
    fields = ("uscc", "name", "division_id", "address", "status", "industry_id", "above_scale", "employees")
    enterprises = {row["uscc"]: row for row in Enterprise.objects.values(*fields)}
    stages = {code_of[pk]: (stage, since) for pk, stage, since in
              EnterpriseStage.objects.values_list("enterprise_id", "stage", "since")}
    logins = {u: code_of[pk] for u, pk in User.objects.filter(enterprise__isnull=False)
              .values_list("username", "enterprise_id")}
    assert Chain.objects.count() == len(ctx.lead_ids)
    return DemoFacts(ctx.firm_count, [code_of[pk] for pk in ctx.lead_ids], logins, sorted(links), sorted(members),
                     enterprises, stages, restart_facts(code_of), helpdesk_facts(code_of, ctx.now), workforce,
                     liaison_facts(ctx))


def liaison_facts(ctx) -> dict:
    """Counts of the liaison step's rows and of the gaps it leaves for the solver."""
    needs = needs_of(ctx.county)
    current = current_pairs(ctx.county)
    members = TeamMember.objects.values_list("officer_id", flat=True)
    active = set(members.filter(officer__is_active=True))
    return {
        "teams": ServiceTeam.objects.count(), "towns_served": TeamTown.objects.count(),
        "leaders": sorted(ServiceTeam.objects.filter(leader__username="town").values_list("name", flat=True)),
        "officers": len(active), "officers_without_team": User.objects.filter(
            role=Role.LIAISON_OFFICER).exclude(pk__in=members).count(),
        "buildings": OfficeBuilding.objects.count(),
        "units": len(needs), "places": sum(n.officers for n in needs),
        "large_buildings": sum(n.key.startswith("building:") and n.officers == 2 for n in needs),
        "current_pairs": sum(len(v) for v in current.values()),
        "units_nobody_has": sum(not current.get(n.key) for n in needs),
        "pairs_of_officers_who_left": sum(int(o.split(":")[1]) not in active for v in current.values() for o in v),
        "liaison_login_in_team": TeamMember.objects.filter(officer__username="liaison").exists(),
        "liaison_login_units": tuple(Assignment.objects.filter(officer__username="liaison", until__isnull=True)
                                     .filter(**{f"{kind}__isnull": False}).count()
                                     for kind in ("enterprise", "building")),
        **visit_facts(ctx),
    }


def _analyze() -> None:
    """PostgreSQL plans queries on table statistics, which autovacuum cannot
    gather from rows not committed yet: without them, reading back the small
    demo's workers and the home page took a minute instead of ten seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_facts(size: str, seed: int, now: datetime = DEMO_NOW) -> DemoFacts:
    """Generate (with the settings every test runs with), read everything back,
    and leave the database as it was. Read right after generating: the workers,
    then the labour officer's home page (of the tiny demos: the tests read it
    there), then the rest, the tickets' sweep last (helpdesk_facts)."""
    with tempfile.TemporaryDirectory() as media, suite_settings(media), transaction.atomic():
        with scopes_disabled():
            ctx = generate(size=size, seed=seed, now=now)
            _analyze()
            workforce = roster_facts(ctx)
        if size == "tiny":
            workforce.home = home_facts()
        with scopes_disabled():
            facts = _snapshot(ctx, workforce)
            if size == "small":
                facts.story = story_facts(ctx)
        transaction.set_rollback(True)
    workdays.invalidate()   # a calendar the rolled-back demo entered must not outlive it
    return facts


_RUNS: dict[tuple, DemoFacts] = {}


def demo_run(size: str, seed: int, now: datetime = DEMO_NOW, take: int = 1) -> DemoFacts:
    """The facts of that demo, generated the first time this test process asks
    for them (the caller has database access). ``take`` asks for another
    generation of the same arguments, made on its own: a determinism test
    compares take 1 with take 2, never one run with itself."""
    key = (size, seed, now, take)
    if key not in _RUNS:
        _RUNS[key] = demo_facts(size, seed, now)
    return _RUNS[key]
