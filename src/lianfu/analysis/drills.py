"""Scenario drills in the product's words (docs/engine.md §7.1): a county's
scenario turned into the engine's shock, run on the cached state, the answer kept
in the drill's `results`, and read back with names, towns, items and dates.

The shock, from the drill's spec (a firm is shocked when any part names it):
- towns: firms registered in those towns of the county;
- industries: GB/T codes matched as a prefix of the firm's industry ("33" a division);
- outside: "county", every firm outside the county; "province", every firm outside
  the province (first two digits). A firm with no town on record is in neither;
- firms: those enterprises (a firm on no supply link today is reported, not drilled).
Lead firms: the chains' leads in the county that are on a link today. A lead is hit
when its production falls below 50 % or one of its inputs runs out within the horizon."""
import time
from datetime import date, timedelta

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_scopes import scopes_disabled

from lianfu.analysis.models import Drill
from lianfu.analysis.runs import current_state
from lianfu.analysis.state import EngineState
from lianfu.chains.models import Chain
from lianfu.common.audit import log_activity
from lianfu.common.scoping import code_prefix
from lianfu.registry.models import Division, Enterprise, Industry
from lianfu.supplynet.drill import drill as run_drill

COUNTY_DIGITS, PROVINCE_DIGITS = 6, 2
THRESHOLD = 0.5
BRIEF_ROWS = 5


def shock_mask(state: EngineState, county: Division, spec: dict) -> np.ndarray:
    firm_ids = state.net.firm_ids
    town = state.town.astype(str)
    mask = np.zeros(state.net.n, dtype=bool)
    for code in spec.get("towns", []):
        mask |= np.char.startswith(town, code_prefix(code))
    if spec.get("industries"):
        with scopes_disabled():
            wanted = Q()
            for prefix in spec["industries"]:
                wanted |= Q(industry__code__startswith=prefix)
            ids = list(Enterprise.objects.filter(wanted).values_list("pk", flat=True))
        mask |= np.isin(firm_ids, ids)
    outside = spec.get("outside", "")
    if outside:
        digits = COUNTY_DIGITS if outside == "county" else PROVINCE_DIGITS
        known = town != ""
        mask |= known & ~np.char.startswith(town, county.code[:digits])
    mask |= np.isin(firm_ids, spec.get("firms", []))
    return mask


def county_leads(state: EngineState, county: Division) -> list[int]:
    """Positions of the county's chain leads that are on a link today, by position."""
    with scopes_disabled():
        leads = Chain.objects.filter(lead__division__code__startswith=county.code[:COUNTY_DIGITS]).values_list(
            "lead_id", flat=True)
        return sorted(state.position(pk) for pk in leads if state.has(pk))


def compute(county: Division, spec: dict) -> dict:
    started = time.perf_counter()
    state = current_state()
    net = state.net
    mask = shock_mask(state, county, spec)
    leads = county_leads(state, county)
    res = run_drill(net, mask, days=int(spec["days"]), capacity=spec["capacity_pct"] / 100,
                    stock_days=state.stock_days, leads=leads, threshold=THRESHOLD)
    pk = net.firm_ids
    lead_rows = []
    for lead in res.leads:
        lead_pk = int(pk[lead.position])
        inputs = [{"sector": i.sector_id, "item": state.item.get((lead_pk, i.sector_id), ""), "run_out": i.run_out}
                  for i in lead.inputs]
        if lead.first_below is not None or any(i["run_out"] is not None for i in inputs):
            lead_rows.append({"enterprise": lead_pk, "first_below": lead.first_below, "inputs": inputs,
                              "closed": bool(mask[lead.position])})
    lead_rows.sort(key=lambda r: (_day_or_never(r["first_below"]), _first_run_out(r), r["enterprise"]))
    lost = res.output_lost_per_day
    return {
        "today": str(state.today), "horizon": res.horizon, "firms": net.n, "shocked": int(res.shocked.size),
        "leads": len(leads), "leads_hit": lead_rows,
        "lost_per_day": [float(v) for v in lost], "total_lost": res.total_lost,
        "peak_lost": float(lost.max()) if lost.size else 0.0, "peak_day": int(lost.argmax()) if lost.size else 0,
        "protect": [{"enterprise": int(pk[f]), "saved": float(s)}
                    for f, s in zip(res.protect_first, res.protect_saved)],
        "not_in_network": sorted(set(spec.get("firms", [])) - set(pk.tolist())),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _day_or_never(day) -> int:
    return 10**6 if day is None else day


def _first_run_out(row: dict) -> int:
    return min((_day_or_never(i["run_out"]) for i in row["inputs"]), default=10**6)


def create_drill(*, actor, county: Division, name: str, spec: dict) -> Drill:
    """Computed synchronously. On the small demo county (3,083 firms, 30,000 links) a drill of a
    hundred-odd firms takes about 0.1-0.6 s; closing 1,768 of them about 3-4 s, most of it the
    protect-first ranking (one steady-state cascade per closed firm, in blocks of 32)."""
    drill = Drill(county=county, name=name, spec=spec, created_by=actor)
    drill.results = compute(county, spec)
    with scopes_disabled():
        drill.save()
    log_activity(actor=actor, action="analysis.drill_created", subject=drill, division_code=county.code,
                 name=name, shocked=drill.results["shocked"], total_lost=round(drill.results["total_lost"], 2))
    return drill


def delete_drill(*, actor, drill: Drill) -> None:
    log_activity(actor=actor, action="analysis.drill_deleted", subject=drill, division_code=drill.county_id,
                 name=drill.name)
    with scopes_disabled():
        drill.delete()


# ---- reading a drill back in the product's words


def _firms(ids) -> dict[int, dict]:
    with scopes_disabled():
        rows = Enterprise.objects.filter(pk__in=list(ids)).values_list("pk", "name", "uscc", "division__name")
        return {pk: {"pk": pk, "name": name, "uscc": uscc, "town": town or ""} for pk, name, uscc, town in rows}


def _industries(codes) -> dict[str, str]:
    with scopes_disabled():
        return {i.code: str(i) for i in Industry.objects.filter(code__in=[str(c) for c in codes])}


def _on(start: date, day) -> date | None:
    return None if day is None else start + timedelta(days=day)


def view(drill: Drill) -> dict:
    """Everything the pages and exports show of a drill, names and dates resolved."""
    r = drill.results
    start = date.fromisoformat(r["today"])
    names = _firms([x["enterprise"] for x in r["leads_hit"]] + [x["enterprise"] for x in r["protect"]]
                   + r.get("not_in_network", []))
    industries = _industries({i["sector"] for x in r["leads_hit"] for i in x["inputs"]})
    unknown = {"name": _("(firm no longer registered)"), "uscc": "", "town": ""}
    leads = [{"firm": names.get(x["enterprise"], unknown), "first_below": x["first_below"],
              "first_below_date": _on(start, x["first_below"]), "closed": x.get("closed", False),
              "inputs": [{"item": i["item"] or industries.get(str(i["sector"]), str(i["sector"])),
                          "industry": industries.get(str(i["sector"]), str(i["sector"])),
                          "run_out": i["run_out"], "run_out_date": _on(start, i["run_out"])}
                         for i in x["inputs"]]}
             for x in r["leads_hit"]]
    for lead in leads:
        lead["ran_out"] = [i for i in lead["inputs"] if i["run_out"] is not None]
    protect = [{"firm": names.get(x["enterprise"], unknown), "saved": x["saved"]} for x in r["protect"]]
    lost = r["lost_per_day"]
    peak = max(lost) if lost else 0.0
    days = []
    for t, v in enumerate(lost):   # the bar chart: 10 units a day, bars up to 100 high
        height = round(100 * v / peak, 1) if peak > 0 else 0.0
        days.append({"day": t, "date": start + timedelta(days=t), "lost": v, "x": 10 * t, "y": 100 - height,
                     "height": height})
    return {"drill": drill, "start": start, "figures": r, "leads": leads, "protect": protect, "days": days,
            "not_in_network": [names.get(pk, unknown)["name"] for pk in r.get("not_in_network", [])],
            "scenario": describe(drill)}


def describe(drill: Drill) -> list[str]:
    """The scenario in words, one line per part."""
    spec = drill.spec
    lines = []
    with scopes_disabled():
        if spec.get("towns"):
            towns = dict(Division.objects.filter(code__in=spec["towns"]).values_list("code", "name"))
            lines.append(_("Towns: %(names)s") % {"names": "、".join(towns.get(c, c) for c in spec["towns"])})
        if spec.get("industries"):
            found = _industries(spec["industries"])
            lines.append(_("Industries: %(names)s") % {"names": "、".join(found.get(c, c) for c in spec["industries"])})
        if spec.get("firms"):
            names = _firms(spec["firms"])
            lines.append(_("Firms: %(names)s") % {
                "names": "、".join(names[pk]["name"] for pk in spec["firms"] if pk in names)})
    if spec.get("outside") == "county":
        lines.append(_("Every firm outside the county"))
    elif spec.get("outside") == "province":
        lines.append(_("Every firm outside the province"))
    lines.append(_("Closed for %(days)s days at %(pct)s%% capacity") % {"days": spec["days"],
                                                                       "pct": spec["capacity_pct"]})
    return lines


def lost_sheet(v: dict):
    headers = [pgettext("day number of a drill", "Day"), _("Date"), _("Output lost (10,000 yuan)")]
    return headers, [[d["day"], d["date"].isoformat(), round(d["lost"], 2)] for d in v["days"]]


def leads_sheet(v: dict):
    headers = [_("Lead firm"), _("Credit code"), _("First day below 50%"), _("Date"), _("Input"),
               _("Input industry"), _("Runs out on day"), _("Runs out on")]
    rows = []
    for lead in v["leads"]:
        for i in lead["inputs"] or [{"item": "", "industry": "", "run_out": None, "run_out_date": None}]:
            rows.append([lead["firm"]["name"], lead["firm"]["uscc"], _blank(lead["first_below"]),
                         _iso(lead["first_below_date"]), i["item"], i["industry"], _blank(i["run_out"]),
                         _iso(i["run_out_date"])])
    return headers, rows


def protect_sheet(v: dict):
    headers = [_("Rank"), _("Enterprise"), _("Credit code"), _("Town"), _("Output saved (10,000 yuan a day)")]
    return headers, [[rank, p["firm"]["name"], p["firm"]["uscc"], p["firm"]["town"], round(p["saved"], 2)]
                     for rank, p in enumerate(v["protect"], start=1)]


def _blank(day):
    return day   # None: an empty cell


def _iso(when):
    return when.isoformat() if when else None
