"""Demo step: the county's supply network and its lead firms' chains (their
restart stages come later, from restart_step's workflow history).

A few dozen lead firms (the two demo firm logins among them, the `firm` login
leading the largest chain, 450 direct suppliers in the county size as the seed
story's 443) with supplier trees four tiers deep (network_chains), about 15% of
their suppliers outside the county (network_outside), then the county's general
trade up to ten links per firm (network_trade). Everything is drawn in memory
and written in bulk; members come from chains.membership.refresh_chain.

Runs before accounts_step, which must still pick the same two firms: outside
firms are never in the county's towns."""
import math

import numpy as np
from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.chains.membership import refresh_chain
from lianfu.chains.models import Chain
from lianfu.demo.accounts_step import HOME_TOWN, SECOND_TOWN, largest_firm, town_named
from lianfu.demo.context import DemoContext
from lianfu.demo.network_chains import ChainBuilder, ChainNetwork, CountyFirms, keep_first_largest
from lianfu.demo.network_outside import OutsideSuppliers, load_counties
from lianfu.demo.network_sectors import ASSEMBLY, cluster_of_industry, item_for
from lianfu.demo.network_trade import build_trade
from lianfu.demo.network_write import CHAIN, LEAD, TRADE, insert_links, insert_outside, link_rows
from lianfu.registry.models import Enterprise, Industry

LEADS = {"tiny": 3, "small": 10, "county": 36}
LARGEST_DIRECT, OTHER_DIRECT, MIN_DIRECT = 450, (30, 360), 30  # at county size (30,000 firms)
LINKS_PER_FIRM = 10
OUTSIDE_REUSE = 0.55


def load_county_firms(ctx: DemoContext, cluster_of: dict[str, str]) -> CountyFirms:
    rows = list(Enterprise.objects.filter(division__code__startswith=ctx.county.prefix).order_by("pk")
                .values_list("pk", "industry_id", "above_scale", "employees"))
    return CountyFirms(pks=[r[0] for r in rows], cluster=[cluster_of[r[1]] for r in rows],
                       above=[r[2] for r in rows], employees=[r[3] or 1 for r in rows])


def pick_leads(ctx: DemoContext, firms: CountyFirms) -> list[int]:
    """The `firm` login's enterprise first (it leads the largest chain), the
    `firm2` one second, then the biggest above-scale assemblers."""
    key_of = {pk: key for key, pk in enumerate(firms.pks)}
    logins = [largest_firm(town_named(ctx, HOME_TOWN, 0)), largest_firm(town_named(ctx, SECOND_TOWN, -1))]
    leads = list(dict.fromkeys(key_of[firm.pk] for firm in logins if firm is not None))
    others = sorted((key for key in range(len(firms)) if firms.above[key] and firms.cluster[key] in ASSEMBLY
                     and key not in leads), key=lambda key: (-firms.employees[key], key))
    return leads + others[:max(0, LEADS[ctx.size] - len(leads))]


def direct_counts(ctx: DemoContext, leads: list[int]) -> dict[int, int]:
    """Direct suppliers per lead; smaller demo sizes scale by the square root
    of their firm count, so that small chains still have a few dozen."""
    rng, scale = ctx.rng("chains-direct"), math.sqrt(ctx.firm_count / 30_000)
    low, high = OTHER_DIRECT[0], max(OTHER_DIRECT[0], round(OTHER_DIRECT[1] * scale))
    counts = {leads[0]: max(2 * MIN_DIRECT, round(LARGEST_DIRECT * scale))}
    for lead in leads[1:]:
        counts[lead] = min(counts[leads[0]] - 1, round(math.exp(rng.uniform(math.log(low), math.log(high)))))
    return counts


def _pks(firms: CountyFirms, outside: OutsideSuppliers, net: ChainNetwork) -> dict[int, int]:
    """Key -> pk, inserting the outside firms still on some list (a lead's
    trimmed supplier may have been someone's only link to it)."""
    linked = sorted({key for link in net.links for key in link if outside.is_outside(key)})
    pks = insert_outside([outside.firms[key - outside.first_key] for key in linked])
    return {**dict(enumerate(firms.pks)), **dict(zip(linked, pks))}


def _link_rows(ctx, net: ChainNetwork, builder: ChainBuilder, trade, pk_of: dict[int, int]):
    suppliers = [s for s, _b in net.links] + trade[0].tolist()
    buyers = [b for _s, b in net.links] + trade[1].tolist()
    kinds = np.full(len(suppliers), TRADE)
    kinds[:net.direct], kinds[net.direct:len(net.links)] = LEAD, CHAIN
    rng = np.random.default_rng(ctx.rng("chains-values").getrandbits(64))
    picks = rng.integers(0, 1 << 20, len(suppliers)).tolist()
    items = [item_for(builder.cluster(s), builder.cluster(b), p) for s, b, p in zip(suppliers, buyers, picks)]
    return link_rows(rng, [pk_of[s] for s in suppliers], [pk_of[b] for b in buyers], items, kinds)


def chains_step(ctx: DemoContext) -> None:
    with scopes_disabled(), transaction.atomic():
        cluster_of = cluster_of_industry(set(Industry.objects.values_list("code", flat=True)))
        firms = load_county_firms(ctx, cluster_of)
        leads = pick_leads(ctx, firms)
        outside = OutsideSuppliers(
            ctx.rng("chains-outside"), load_counties(),
            industry_of={cluster: industry for industry, cluster in cluster_of.items()}, first_key=len(firms),
            used_codes=set(Enterprise.objects.values_list("uscc", flat=True)), reuse=OUTSIDE_REUSE)
        builder = ChainBuilder(firms, outside, ctx.rng("chains-tiers"), leads)
        net = builder.build(direct_counts(ctx, leads))
        keep_first_largest(net, MIN_DIRECT)
        trade_rng = np.random.default_rng(ctx.rng("chains-trade").getrandbits(64))
        trade = build_trade(trade_rng, firms, net.members, LINKS_PER_FIRM * ctx.firm_count - len(net.links))
        ctx.progress("supply network", 1, 1)

        pk_of = _pks(firms, outside, net)
        insert_links(_link_rows(ctx, net, builder, trade, pk_of),
                     lambda done, total: ctx.progress("supply links", done, total))
        chains = [Chain.objects.create(lead_id=pk_of[lead]) for lead in leads]
        for done, chain in enumerate(chains, 1):
            refresh_chain(chain)
            ctx.progress("chains", done, len(chains))
        ctx.lead_ids = [chain.lead_id for chain in chains]
