"""Demo runs shared by the demo tests.

A demo of size small takes about two seconds, so it is run once per test
process inside a transaction that is rolled back, and the tests read a plain
snapshot of it (by credit code, never by pk: pks depend on what the test
database held before)."""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.chains.models import Chain, ChainMember, SupplyLink
from lianfu.demo.generate import generate
from lianfu.registry.models import Enterprise, EnterpriseStage
from tests.demo.helpdesk_facts import HelpdeskFacts, helpdesk_facts
from tests.demo.restart_facts import RestartFacts, restart_facts

COUNTY6 = "330282"
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


def _snapshot(ctx) -> DemoFacts:
    code_of = dict(Enterprise.objects.values_list("pk", "uscc"))
    links = [(code_of[s], code_of[b], item, str(v), ess, None if d is None else float(d), src, ok)
             for s, b, item, v, ess, d, src, ok in SupplyLink.objects.values_list(
                 "supplier_id", "buyer_id", "item", "annual_value", "essential", "stock_days", "source", "verified")]
    members = [(code_of[lead], code_of[pk], tier, inside) for lead, pk, tier, inside in ChainMember.objects
               .values_list("chain__lead_id", "enterprise_id", "tier", "in_county")]
    fields = ("uscc", "name", "division_id", "address", "status", "industry_id", "above_scale")
    enterprises = {row["uscc"]: row for row in Enterprise.objects.values(*fields)}
    stages = {code_of[pk]: (stage, since) for pk, stage, since in
              EnterpriseStage.objects.values_list("enterprise_id", "stage", "since")}
    logins = {u: code_of[pk] for u, pk in User.objects.filter(enterprise__isnull=False)
              .values_list("username", "enterprise_id")}
    assert Chain.objects.count() == len(ctx.lead_ids)
    return DemoFacts(ctx.firm_count, [code_of[pk] for pk in ctx.lead_ids], logins, sorted(links), sorted(members),
                     enterprises, stages, restart_facts(code_of), helpdesk_facts(code_of, ctx.now))


def demo_facts(size: str, seed: int, now: datetime = DEMO_NOW) -> DemoFacts:
    """Generate, read everything back, and leave the database as it was."""
    with scopes_disabled(), transaction.atomic():
        facts = _snapshot(generate(size=size, seed=seed, now=now))
        transaction.set_rollback(True)
    return facts


@pytest.fixture(scope="session")
def small_demo(django_db_setup, django_db_blocker) -> DemoFacts:
    with django_db_blocker.unblock():
        return demo_facts("small", 2020)
