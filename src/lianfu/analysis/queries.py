"""The engine's cached results, joined back to firms, chains and words."""
from collections import defaultdict
from datetime import timedelta
from types import SimpleNamespace

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.analysis.runs import current_state
from lianfu.chains import queries
from lianfu.chains.enums import Essential
from lianfu.chains.models import ChainMember, SupplyLink
from lianfu.common.scoping import reach_checker
from lianfu.registry.models import Enterprise
from lianfu.supplynet.alternative_suppliers import alternatives

ALTERNATIVE_BUYERS = 3
ALTERNATIVES = 5


def _names(ids) -> dict[int, tuple[str, str, str]]:
    """pk -> (name, uscc, town name)."""
    with scopes_disabled():
        return {pk: (name, uscc, town or "") for pk, name, uscc, town in Enterprise.objects.filter(
            pk__in=list(ids)).values_list("pk", "name", "uscc", "division__name")}


def _why(candidates, leads) -> dict[tuple[int, int], list[str]]:
    """(candidate, lead) -> "supplies 铜件 (essential) to 甲铜业" for its buyers in that chain."""
    with scopes_disabled():
        in_chain = defaultdict(set)
        for lead, pk in ChainMember.objects.filter(chain__lead_id__in=list(leads)).values_list(
                "chain__lead_id", "enterprise_id"):
            in_chain[lead].add(pk)
        sales = list(SupplyLink.objects.filter(supplier_id__in=list(candidates)).values_list(
            "supplier_id", "buyer_id", "buyer__name", "item", "essential"))
    out = defaultdict(list)
    for lead in leads:
        for supplier, buyer, buyer_name, item, essential in sales:
            if buyer == lead or buyer in in_chain[lead]:
                mark = _(" (essential)") if essential == Essential.YES else ""
                out[supplier, lead].append(_("supplies %(item)s%(mark)s to %(buyer)s") % {
                    "item": item or _("inputs"), "mark": mark, "buyer": buyer_name})
    return out


def restart_first_rows(run, user) -> list[dict]:
    """The ranked firms, each with the lead firms it moves that lie in the
    viewer's jurisdiction; a firm moving none of those is not the viewer's
    business (one install may serve several counties)."""
    with scopes_disabled():
        ranked = run.results.get("restart_first", [])
        lead_places = dict(Enterprise.objects.filter(
            pk__in={pk for row in ranked for pk, _gain in row["unblocks"]}).values_list("pk", "division_id"))
    reach = reach_checker(user)
    mine = {pk for pk, place in lead_places.items() if reach(SimpleNamespace(pk=pk, division_id=place))}
    ranked = [{**row, "unblocks": [(pk, gain) for pk, gain in row["unblocks"] if pk in mine]} for row in ranked]
    ranked = [row for row in ranked if row["unblocks"]]
    leads = {pk for row in ranked for pk, _gain in row["unblocks"]}
    names = _names({row["enterprise"] for row in ranked} | leads)
    why = _why([row["enterprise"] for row in ranked], leads)
    rows = []
    for rank, row in enumerate(ranked, start=1):
        name, uscc, town = names.get(row["enterprise"], ("?", "", ""))
        rows.append({"rank": rank, "name": name, "uscc": uscc, "town": town,
                     "capacity": round(100 * row["capacity"]), "gain": row["gain"],
                     "unblocks": [{"lead": names.get(lead, ("?", "", ""))[0],
                                   "lead_uscc": names.get(lead, ("?", "", ""))[1], "gain": round(100 * gain, 1),
                                   "why": why.get((row["enterprise"], lead), [])}
                                  for lead, gain in row["unblocks"]]})
    return rows


def restart_first_sheet(rows):
    headers = [_("Rank"), _("Enterprise"), _("Credit code"), _("Town"), _("Capacity now (%)"),
               _("Lead firms' output regained"), _("Chains it unblocks")]
    body = [[r["rank"], r["name"], r["uscc"], r["town"], r["capacity"], round(r["gain"], 4),
             "；".join(f"{u['lead']} +{u['gain']}%" for u in r["unblocks"])] for r in rows]
    return headers, body


def alternatives_for(firm: Enterprise) -> list[dict]:
    """For the firm's largest buyers: who else could supply them, and why."""
    state = current_state()
    if not state.has(firm.pk):
        return []
    with scopes_disabled():
        buyers = list(SupplyLink.objects.filter(supplier=firm).order_by("-annual_value")
                      .values_list("buyer_id", "buyer__name", "item")[:ALTERNATIVE_BUYERS])
    missing = state.position(firm.pk)
    groups = []
    for buyer_id, buyer_name, item in buyers:
        found = alternatives(state.net, state.position(buyer_id), missing, capacity=state.capacity,
                             town=state.town, county=state.county, limit=ALTERNATIVES)
        names = _names(int(a.firm_id) for a in found)
        groups.append({"buyer": buyer_name, "item": item, "alternatives": [
            {"name": names.get(int(a.firm_id), ("?", "", ""))[0], "town": names.get(int(a.firm_id), ("", "", ""))[2],
             "reasons": _reasons(a)} for a in found]})
    return groups


def _reasons(alternative) -> list[str]:
    locality = (_("same town"), _("same county"), _("elsewhere"))[alternative.locality]
    reasons = [locality, _("spare capacity %(pct)d%%") % {"pct": round(100 * alternative.spare_capacity)}]
    if alternative.in_lead_tree:
        reasons.insert(0, _("already in the lead firm's supplier tree"))
    return reasons


def chain_results(run, chain) -> dict | None:
    return run.results.get("chains", {}).get(str(chain.lead_id))


def impact_rows(chain, data: dict) -> list[dict]:
    impact = {int(pk): v for pk, v in data["impact"].items()}
    rows = [{"member": m, "impact": round(100 * impact.get(m.enterprise_id, 0.0), 1)}
            for m in queries.members(chain)]
    return sorted(rows, key=lambda r: (-r["impact"], r["member"].tier, r["member"].name))


def impact_sheet(rows):
    headers = [_("Supplier"), _("Credit code"), _("Tier"), _("Town or county"), _("Stage"),
               _("Lead firm's output lost if it stays closed (%)")]
    return headers, [[r["member"].name, r["member"].uscc, r["member"].tier, r["member"].town,
                      r["member"].stage_label, r["impact"]] for r in rows]


def forecast_rows(run, data: dict | None) -> list[tuple[str, float]]:
    """(date, the lead's output %) per day of the forecast, from the run's day."""
    start = parse_date(run.results.get("today", "")) if run else None
    if not data or start is None:
        return []
    return [(str(start + timedelta(days=i)), round(100 * value, 1))
            for i, value in enumerate(data["forecast"]["production"])]


