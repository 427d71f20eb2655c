"""The engine's cached results, joined back to firms, chains and words."""
from collections import defaultdict
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.analysis.runs import current_state
from lianfu.chains import queries
from lianfu.chains.enums import DEFAULT_DEPTH, Essential
from lianfu.chains.models import ChainMember, SupplyLink
from lianfu.common.scoping import reach_checker
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import Stage
from lianfu.supplynet.alternative_suppliers import alternatives

ALTERNATIVE_BUYERS = 3
ALTERNATIVES = 5


def _names(ids) -> dict[int, tuple[str, str, str]]:
    """pk -> (name, uscc, town name)."""
    with scopes_disabled():
        return {pk: (name, uscc, town or "") for pk, name, uscc, town in Enterprise.objects.filter(
            pk__in=list(ids)).values_list("pk", "name", "uscc", "division__name")}


def _paths(run, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], list[dict]]:
    """(supplier, lead) -> the tier path from the supplier to the lead firm: each
    step the item sold, whether the buyer marked it essential, and the buyer.
    Walks down the lead's chain one tier at a time, preferring an essential link,
    then the largest, so it shows the way the loss most likely travels."""
    leads = {lead for _supplier, lead in pairs}
    if not pairs:
        return {}
    day = parse_date(run.results.get("today", "")) or timezone.localdate()
    with scopes_disabled():
        tier: dict[int, dict[int, int]] = defaultdict(dict)
        for lead, pk, level in ChainMember.objects.filter(chain__lead_id__in=leads).values_list(
                "chain__lead_id", "enterprise_id", "tier"):
            tier[lead][pk] = level
        members = ChainMember.objects.filter(chain__lead_id__in=leads).values("enterprise_id")
        buyers: dict[int, list[tuple]] = defaultdict(list)
        for supplier, buyer, name, item, essential, value in SupplyLink.objects.valid_on(day).filter(
                supplier_id__in=members).values_list("supplier_id", "buyer_id", "buyer__name", "item", "essential",
                                                     "annual_value"):
            buyers[supplier].append((essential != Essential.YES, -value, buyer, name, item, essential))
    out = {}
    for supplier, lead in pairs:
        levels, step, path = tier[lead], supplier, []
        while step != lead and len(path) <= DEFAULT_DEPTH:
            here = levels.get(step, DEFAULT_DEPTH + 1)
            nearer = sorted(b for b in buyers[step] if b[2] == lead or levels.get(b[2], here) < here)
            if not nearer:
                break
            _rank, _value, step, name, item, essential = nearer[0]
            path.append({"item": item or _("inputs"), "essential": essential == Essential.YES, "buyer": name})
        out[supplier, lead] = path if step == lead else []
    return out


def restart_first_rows(run, user) -> list[dict]:
    """The ranked suppliers, each with the lead firms it moves that lie in the
    viewer's jurisdiction; a supplier moving none of those is not the viewer's
    business (one install may serve several counties)."""
    with scopes_disabled():
        ranked = run.results.get("restart_first", [])
        lead_places = dict(Enterprise.objects.filter(
            pk__in={move[0] for row in ranked for move in row["unblocks"]}).values_list("pk", "division_id"))
    mine = _mine(user, lead_places)
    # (lead, share, 万元); runs computed before the 万元 figure was kept carry 0 for it
    ranked = [{**row, "unblocks": [(*move, 0.0)[:3] for move in row["unblocks"] if move[0] in mine]}
              for row in ranked]
    ranked = [row for row in ranked if row["unblocks"]]
    leads = {lead for row in ranked for lead, _share, _wan in row["unblocks"]}
    names = _names({row["enterprise"] for row in ranked} | leads
                   | {pk for row in ranked for pk in row.get("alternatives", [])})
    paths = _paths(run, {(row["enterprise"], lead) for row in ranked for lead, _share, _wan in row["unblocks"]})
    rows = []
    for rank, row in enumerate(ranked, start=1):
        name, uscc, town = names.get(row["enterprise"], ("?", "", ""))
        rows.append({"rank": rank, "name": name, "uscc": uscc, "town": town,
                     "capacity": round(100 * row["capacity"]), "gain_wan": round(row.get("gain_wan", 0.0)),
                     "alternatives": [{"name": names.get(pk, ("?", "", ""))[0], "town": names.get(pk, ("", "", ""))[2]}
                                      for pk in row.get("alternatives", [])],
                     "unblocks": [{"lead": names.get(lead, ("?", "", ""))[0],
                                   "lead_uscc": names.get(lead, ("?", "", ""))[1], "gain": round(100 * share, 1),
                                   "gain_wan": round(wan), "path": paths.get((row["enterprise"], lead), [])}
                                  for lead, share, wan in row["unblocks"]]})
    return rows


def leads_below_rows(run, user) -> list[dict]:
    """Lead firms not yet at capacity: their own restart is theirs, not a supplier's."""
    with scopes_disabled():
        below = run.results.get("leads_below", [])
        places = dict(Enterprise.objects.filter(pk__in=[row["enterprise"] for row in below]).values_list(
            "pk", "division_id"))
    mine = _mine(user, places)
    below = [row for row in below if row["enterprise"] in mine]
    names = _names(row["enterprise"] for row in below)
    rows = []
    for row in below:
        name, uscc, town = names.get(row["enterprise"], ("?", "", ""))
        rows.append({"name": name, "uscc": uscc, "town": town, "capacity": round(100 * row["capacity"]),
                     "output": round(100 * row["output"]), "lost_wan": round(row["lost_wan"])})
    return rows


def _mine(user, places: dict[int, str]) -> set[int]:
    reach = reach_checker(user)
    return {pk for pk, place in places.items() if reach(SimpleNamespace(pk=pk, division_id=place))}


def restart_first_sheet(rows):
    headers = [_("Rank"), _("Enterprise"), _("Credit code"), _("Town"), _("Capacity now (%)"),
               _("Other firms' output regained (10k yuan a year)"), _("Lead firms it unblocks"),
               _("Alternatives in the county")]
    body = [[r["rank"], r["name"], r["uscc"], r["town"], r["capacity"], r["gain_wan"],
             "；".join(f"{u['lead']} +{u['gain']}% ({u['gain_wan']})" for u in r["unblocks"]),
             "、".join(a["name"] for a in r["alternatives"]) or _("none")] for r in rows]
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


def main_blocker(rows: list[dict], data: dict | None) -> dict | None:
    """When the lead runs short: the member not yet restarted whose closure alone costs
    the lead most (the first impact row not restarted), the one to restart first."""
    if not data or data["forecast"]["first_short_day"] is None:
        return None
    return next((r for r in rows if r["member"].stage != Stage.RESTARTED and r["impact"] > 0), None)


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


