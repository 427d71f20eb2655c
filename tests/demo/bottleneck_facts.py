"""The engine's answers on the demo's bottlenecks (demo/bottlenecks_step.py),
read inside the small demo's run, by firm name: the restart-first list, the
story lead's forecast with the mill closed and restarted, its closure impacts,
two drills (the plating park closed; everything outside the province closed)
and the county's single-source list."""
import dataclasses

from lianfu.analysis import drills
from lianfu.analysis.answers import lead_forecast
from lianfu.analysis.models import EngineRun
from lianfu.analysis.runs import compute, current_state, state_key
from lianfu.chains.models import Chain
from lianfu.registry.models import Enterprise
from lianfu.supplynet.single_source import county_list

DRILL_DAYS = 30


def _drill(ctx, name_of, spec) -> list[tuple]:
    """(lead, first day below half, [(item, day it ran out), ...]) for each lead hit."""
    r = drills.compute(ctx.county, {"days": DRILL_DAYS, "capacity_pct": 0, **spec})
    return [(name_of[x["enterprise"]], x["first_below"],
             sorted((i["item"], i["run_out"]) for i in x["inputs"] if i["run_out"] is not None))
            for x in r["leads_hit"]]


def story_facts(ctx) -> dict:
    """Restart first, the story lead's impacts and forecast as the pages read them: one
    engine run (analysis/runs.compute), on the state the pages use."""
    plan = ctx.bottlenecks
    name_of = dict(Enterprise.objects.values_list("pk", "name"))
    state = current_state()
    leads = list(ctx.lead_ids)
    results = compute(EngineRun.objects.create(state_key=state_key()))
    story_lead, mill = plan["mill_lead"], plan["mill"]
    chain = results["chains"][str(story_lead)]
    capacity = state.capacity.copy()
    capacity[state.position(mill)] = 1.0
    restarted = lead_forecast(dataclasses.replace(state, capacity=capacity), story_lead)
    top = sorted(((int(pk), v) for pk, v in chain["impact"].items()), key=lambda kv: (-kv[1], kv[0]))[:2]
    in_county = state.county == ctx.county.code[:6]
    single = county_list(state.net, in_county, [state.position(pk) for pk in leads if state.has(pk)])
    maker_chains = Chain.objects.filter(members__enterprise_id=plan["compressor_maker"]).count()
    return {
        "mill": name_of[mill], "lead": name_of[story_lead], "mill_buyers": len(plan["mill_buyers"]),
        "park": sorted(Enterprise.objects.filter(pk__in=plan["park"]).values_list("address", flat=True)),
        "park_served": len(plan["park_served"]), "assemblers": len(plan["assemblers"]),
        "compressor_maker": Enterprise.objects.filter(pk=plan["compressor_maker"]).values_list(
            "name", "industry_id", "division_id").get(),
        "compressor_buyers": sorted(name_of[pk] for pk in plan["compressor_buyers"]),
        "maker_chains": maker_chains,
        "restart_first": [(name_of[c["enterprise"]], round(c["capacity"], 2), round(c["gain_wan"]),
                           [(name_of[lead], round(share, 3)) for lead, share, _wan in c["unblocks"][:2]])
                          for c in results["restart_first"][:3]],
        "forecast": (chain["forecast"]["first_short_day"], chain["forecast"]["short_of"],
                     chain["forecast"]["production"][:9]),
        "forecast_mill_restarted": (restarted.first_short_day, restarted.short_of, min(restarted.production)),
        "impact": [(name_of[pk], round(v, 3)) for pk, v in top],
        "drill_park": _drill(ctx, name_of, {"firms": plan["park"]}),
        "drill_province": _drill(ctx, name_of, {"outside": "province"}),
        "single_source": [(name_of[int(state.net.firm_ids[f])], int(n)) for f, n in
                          zip(single.firm[:3], single.chains[:3])],
    }
