"""Demo step: the county's concentrated bottlenecks (demo/bottleneck_plan.py):
a closed copper mill, a plating park and one compressor maker in another
province. Runs last: the mill is chosen among firms the restart history left
closed, and nothing here shifts what the earlier steps drew (its own random
stream, new rows after theirs).

On the small demo (seed 2020) the three tell one story on the engine's pages,
pinned by tests/demo/test_bottlenecks_step.py: the motor lead runs short of
copper rod within days unless the mill restarts; the mill heads the restart-
first list and the lead's closure impacts; closing the park or the compressor
maker's province in a drill stops most lead firms."""
import math

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.enums import LinkSource
from lianfu.chains.membership import refresh_chain
from lianfu.chains.models import Chain, ChainMember, SupplyLink
from lianfu.common import bulk
from lianfu.demo import names
from lianfu.demo.bottleneck_plan import (
    COPPER,
    METAL_PARTS,
    County,
    Link,
    Plan,
    compressor_buyers,
    declared_value,
    market_edits,
    plan_bottlenecks,
)
from lianfu.demo.codes import make_mobile, make_uscc
from lianfu.demo.context import DemoContext
from lianfu.demo.network_outside import load_counties
from lianfu.demo.network_sectors import cluster_of_industry
from lianfu.demo.network_write import LINK_FIELDS, LinkRow, insert_outside
from lianfu.registry.enums import EnterpriseStatus
from lianfu.registry.models import Enterprise, Industry
from lianfu.restart.capacity import capacity_on

COMPRESSOR_COUNTY = "340111"      # 合肥市包河区: Hefei makes a good share of China's appliance compressors
COMPRESSOR_INDUSTRY = "3442"      # 气体压缩机械制造
COMPRESSOR_SHARE = 0.12           # of a lead's purchases
COMPRESSOR_STOCK = 7.0            # days
UPDATE_FIELDS = ("annual_value", "item", "essential", "stock_days", "updated_at")


def load_county(ctx: DemoContext) -> County:
    cluster_of = cluster_of_industry(set(Industry.objects.values_list("code", flat=True)))
    leads = list(ctx.lead_ids)
    tiers: dict[int, dict[int, int]] = {lead: {lead: 0} for lead in leads}
    for lead, pk, tier in ChainMember.objects.values_list("chain__lead_id", "enterprise_id", "tier"):
        tiers.setdefault(lead, {lead: 0})[pk] = tier
    firms = sorted({pk for members in tiers.values() for pk in members})
    rows = {}
    for chunk in bulk.chunks(firms, 5000):
        rows.update((pk, rest) for pk, *rest in Enterprise.objects.filter(pk__in=chunk).values_list(
            "pk", "industry_id", "division_id", "employees"))
    prefix = ctx.county.prefix
    links: dict[tuple[int, int], Link] = {}
    for chunk in bulk.chunks(firms, 5000):
        for pk, s, b, value, item, essential, stock in SupplyLink.objects.filter(buyer_id__in=chunk).values_list(
                "pk", "supplier_id", "buyer_id", "annual_value", "item", "essential", "stock_days"):
            links[(s, b)] = Link(pk, s, b, float(value), item, essential, None if stock is None else float(stock))
    in_county = [pk for pk in firms if (rows[pk][1] or "").startswith(prefix)]
    today = timezone.localtime(ctx.now).date()
    closed = {pk for pk, now in capacity_on(in_county, today).items() if now.pct == 0}
    return County(cluster={pk: cluster_of.get(rows[pk][0], "") for pk in firms},
                  town={pk: rows[pk][1] for pk in in_county}, employees={pk: rows[pk][2] or 0 for pk in firms},
                  leads=leads, tiers=tiers, closed=closed, links=links)


def _plating_firms(ctx: DemoContext) -> dict[int, str]:
    """Every plating firm (3360) of the county, in a chain or not: pk -> town."""
    return dict(Enterprise.objects.filter(division__code__startswith=ctx.county.prefix, industry_id=METAL_PARTS)
                .values_list("pk", "division_id"))


def _mill_market(county: County, plan: Plan) -> list[Link]:
    """The mill's sales beyond the plan's links, raised so it is most of the
    copper market (bottleneck_plan.market_edits)."""
    if plan.mill is None:
        return []
    sales = [(pk, s, float(v)) for pk, s, v in SupplyLink.objects.filter(supplier__industry_id=COPPER)
             .values_list("pk", "supplier_id", "annual_value")]
    planned = {link.pk: link.value for link in plan.changed(county)[0] if county.cluster.get(link.supplier) == COPPER}
    raised = market_edits(plan.mill.mill, sales, planned)
    rows = SupplyLink.objects.filter(pk__in=list(raised)).values_list(
        "pk", "supplier_id", "buyer_id", "item", "essential", "stock_days")
    return [Link(pk, s, b, raised[pk], item, essential, None if stock is None else float(stock))
            for pk, s, b, item, essential, stock in rows]


def _write(county: County, plan: Plan) -> tuple[int, int]:
    edited, new = plan.changed(county)
    edited += _mill_market(county, plan)
    now = timezone.now()
    SupplyLink.objects.bulk_update(
        [SupplyLink(pk=link.pk, annual_value=link.value, item=link.item, essential=link.essential,
                    stock_days=link.stock_days, updated_at=now) for link in edited], UPDATE_FIELDS, batch_size=500)
    _insert_links(new)
    return len(edited), len(new)


def _insert_links(links: list[Link]) -> None:
    now = timezone.now()
    bulk.insert(SupplyLink, [
        LinkRow(supplier_id=link.supplier, buyer_id=link.buyer, item=link.item, annual_value=link.value,
                essential=link.essential, stock_days=link.stock_days, source=LinkSource.BUYER.value, verified=True,
                valid_from=None, valid_to=None, created_at=now, updated_at=now) for link in links], LINK_FIELDS)


def _park_addresses(plan: Plan) -> None:
    """The park's firms move their street address into it (they stay in their town)."""
    firms = Enterprise.objects.filter(pk__in=plan.park.firms).select_related("division")
    by_pk = {firm.pk: firm for firm in firms}
    for number, pk in enumerate(plan.park.firms, start=1):
        firm = by_pk[pk]
        firm.address = f"{firm.division.name}电镀园区{number}号"
    Enterprise.objects.bulk_update(list(by_pk.values()), ["address"])


def _compressor_maker(rng) -> Enterprise:
    county = load_counties()[COMPRESSOR_COUNTY]
    town_code, town_name = county.towns[0] if county.towns else (county.code6.ljust(12, "0"), "")
    used = set(Enterprise.objects.values_list("uscc", flat=True))
    brand = rng.choice(names.BRAND_CHARS) + rng.choice(names.BRAND_CHARS)
    industry = COMPRESSOR_INDUSTRY if Industry.objects.filter(code=COMPRESSOR_INDUSTRY).exists() else "34"
    firm = Enterprise(
        uscc=make_uscc(rng, county.code6, used), name=f"{county.name_prefix}{brand}压缩机股份有限公司",
        short_name=f"{brand}压缩机", division_id=town_code,
        address=f"{county.label}{town_name}{rng.choice(names.OUTSIDE_ROADS)}{rng.randint(1, 999)}号",
        industry_id=industry, above_scale=True, employees=int(math.exp(rng.gauss(7.2, 0.2))),
        contact_name=rng.choice(names.SURNAMES) + rng.choice(names.GIVEN), contact_phone=make_mobile(rng),
        status=EnterpriseStatus.ACTIVE)
    firm.pk = insert_outside([firm])[0]
    return firm


def _compressors(county: County, rng) -> tuple[Enterprise | None, list[int]]:
    """One maker in another province, sole supplier of compressors to every
    refrigerator and air-conditioner lead; each such chain gains it as a member."""
    buyers = compressor_buyers(county)
    if not buyers:
        return None, []
    maker = _compressor_maker(rng)
    _insert_links([Link(None, maker.pk, lead, _share_of(county, lead), "压缩机", "yes", COMPRESSOR_STOCK)
                   for lead in buyers])
    for chain in Chain.objects.filter(lead_id__in=buyers).order_by("pk"):
        refresh_chain(chain)
    return maker, buyers


def _share_of(county: County, lead: int) -> float:
    return declared_value(county.purchases(lead) * COMPRESSOR_SHARE / (1 - COMPRESSOR_SHARE))


def bottlenecks_step(ctx: DemoContext) -> None:
    rng = ctx.rng("bottlenecks")
    with scopes_disabled(), transaction.atomic():
        county = load_county(ctx)
        plan = plan_bottlenecks(county, _plating_firms(ctx), rng)
        edited, added = _write(county, plan)
        if plan.park:
            _park_addresses(plan)
        maker, buyers = _compressors(county, rng)
        ctx.bottlenecks = {
            "mill": plan.mill.mill if plan.mill else None, "mill_lead": plan.mill.lead if plan.mill else None,
            "mill_buyers": plan.mill.parts_makers if plan.mill else [],
            "park": plan.park.firms if plan.park else [], "park_served": plan.park.served if plan.park else [],
            "assemblers": plan.park.assemblers if plan.park else [],
            "compressor_maker": maker.pk if maker else None, "compressor_buyers": buyers}
        ctx.summary.append(_summary(plan, maker, buyers, edited, added + len(buyers)))
    ctx.progress("bottlenecks", 1, 1)


def _summary(plan: Plan, maker: Enterprise | None, buyers: list[int], edited: int, added: int) -> str:
    parts = []
    if plan.mill:
        name = dict(Enterprise.objects.filter(pk__in=[plan.mill.mill, plan.mill.lead]).values_list("pk", "name"))
        parts.append(f"copper mill {name[plan.mill.mill]} (closed) supplies lead {name[plan.mill.lead]} and "
                     f"{len(plan.mill.parts_makers)} metal-parts makers")
    if plan.park:
        parts.append(f"plating park of {len(plan.park.firms)} firms serves {len(plan.park.served)} of "
                     f"{len(plan.park.assemblers)} assemblers")
    if maker:
        parts.append(f"{maker.name} alone supplies compressors to {len(buyers)} lead firms")
    return f"bottlenecks: {'; '.join(parts) or 'none at this size'} ({edited:,} links edited, {added:,} added)"
