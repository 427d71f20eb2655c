"""Single-source risk in the product's words (docs/engine.md §8.1): the engine's
per-lead inputs and county list, joined to names, towns, industries, items and
chains, for the lead firms of the viewer's jurisdiction.

The county of a lead firm is the first six digits of its town: its inputs are
judged against the firms of its own county, so one install serving several
counties gives each its own answer, and an administrator sees them side by side."""
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.analysis.runs import current_state
from lianfu.analysis.state import EngineState
from lianfu.chains.models import Chain
from lianfu.common.scoping import reach_checker
from lianfu.registry.models import Enterprise, Industry
from lianfu.supplynet.single_source import CountyList, LeadInputs, county_list, lead_inputs

COUNTY_DIGITS = 6


@dataclass
class Firm:
    pk: int
    name: str
    uscc: str
    town: str
    industry: str


@dataclass
class Report:
    firms: list[dict] = field(default_factory=list)     # (a) the county list, most chains first
    inputs: list[dict] = field(default_factory=list)    # (b) per lead firm and input sector


def _leads_in_reach(user, state: EngineState) -> dict[str, list[int]]:
    """County code -> positions of the chains' lead firms the user reaches, that are on a link today."""
    with scopes_disabled():
        chains = list(Chain.objects.order_by("lead_id").values_list("lead_id", "lead__division_id"))
    reach = reach_checker(user)
    by_county: dict[str, list[int]] = {}
    for pk, place in chains:
        if state.has(pk) and reach(SimpleNamespace(pk=pk, division_id=place)):
            county = str(state.county[state.position(pk)])
            if len(county) == COUNTY_DIGITS:
                by_county.setdefault(county, []).append(state.position(pk))
    return by_county


_computed: dict = {}


def _results(state: EngineState, county: str, leads: list[int]) -> tuple[LeadInputs, CountyList]:
    """Computed once per state and set of leads: the state is cached per
    database state (runs.current_state), and so are these."""
    if _computed.get("state") is not state:
        _computed.clear()
        _computed["state"] = state
    key = (county, tuple(leads))
    found = _computed.get(key)
    if found is None:   # another thread may clear the cache meanwhile: keep our own reference
        in_county = state.county == county
        found = _computed[key] = (lead_inputs(state.net, in_county, leads), county_list(state.net, in_county, leads))
    return found


def _firms(ids) -> dict[int, Firm]:
    with scopes_disabled():
        rows = list(Enterprise.objects.filter(pk__in=list(ids)).values_list(
            "pk", "name", "uscc", "division__name", "industry_id"))
        industries = {i.code: i for i in Industry.objects.filter(code__in={r[4] for r in rows if r[4]})}
    return {pk: Firm(pk, name, uscc, town or "", _industry(industries.get(code)))
            for pk, name, uscc, town, code in rows}


def _industry(industry) -> str:
    return f"{industry.code} {industry.name}" if industry else _("Industry unknown")


def _a_supplier(state: EngineState, lead: int, sector: int) -> int:
    """One of the lead's suppliers of that sector: the input's industry is theirs."""
    net = state.net
    sups = net.sup_idx[net.sup_ptr[lead]:net.sup_ptr[lead + 1]]
    return int(sups[net.sector[sups] == sector][0])


def single_source_report(user) -> Report:
    state = current_state()
    pk = state.net.firm_ids
    computed = {county: _results(state, county, leads) for county, leads in _leads_in_reach(user, state).items()}
    ids: set[int] = set()
    for inputs, firms in computed.values():
        ids.update(pk[np.concatenate([inputs.lead, inputs.no_alt, firms.firm, firms.leads])].tolist())
        ids.update(int(pk[_a_supplier(state, int(lead), int(k))]) for lead, k in zip(inputs.lead, inputs.sector))
    names = _firms(ids)
    report = Report()
    merged: dict[int, dict] = {}
    for inputs, firms in computed.values():
        for row in _firm_rows(state, firms, names):
            # A firm critical for the leads of several counties (an administrator's view): one row, their sum.
            if row["position"] in merged:
                merged[row["position"]]["chains"] += row["chains"]
                merged[row["position"]]["leads"] += row["leads"]
            else:
                merged[row["position"]] = row
        report.inputs += _input_rows(state, inputs, names)
    report.firms = sorted(merged.values(), key=lambda r: (-r["chains"], r["position"]))   # as the engine ranks
    for rank, row in enumerate(report.firms, start=1):
        row["rank"] = rank
    report.inputs.sort(key=lambda r: (r["lead"].name, r["lead"].pk, r["industry"]))   # codes in GB/T order
    return report


def _firm_rows(state: EngineState, firms: CountyList, names: dict[int, Firm]) -> list[dict]:
    pk = state.net.firm_ids
    return [{"position": int(f), "firm": names[int(pk[f])], "chains": int(firms.chains[row]),
             "leads": [names[int(pk[lead])] for lead in firms.leads_of(row)]}
            for row, f in enumerate(firms.firm.tolist())]


def _input_rows(state: EngineState, inputs: LeadInputs, names: dict[int, Firm]) -> list[dict]:
    pk = state.net.firm_ids
    rows = []
    for r in range(len(inputs.lead)):
        lead, k = int(inputs.lead[r]), int(inputs.sector[r])
        lead_pk = int(pk[lead])
        rows.append({
            "lead": names[lead_pk], "sector": int(state.net.sector_ids[k]),
            "industry": names[int(pk[_a_supplier(state, lead, k)])].industry,
            "item": state.item.get((lead_pk, int(state.net.sector_ids[k])), ""),
            "suppliers": int(inputs.suppliers[r]), "in_county": int(inputs.in_county[r]),
            "hhi": round(float(inputs.hhi[r]), 3), "sole_source": bool(inputs.sole_source[r]),
            "outside_only": bool(inputs.outside_only[r]),
            "no_alternative": [names[int(pk[i])] for i in inputs.no_alternative(r)]})
    return rows


def firms_sheet(rows: list[dict]):
    headers = [_("Rank"), _("Enterprise"), _("Credit code"), _("Town"), _("Industry"), _("Chains hit"),
               _("Lead firms with no alternative in the county")]
    return headers, [[r["rank"], r["firm"].name, r["firm"].uscc, r["firm"].town, r["firm"].industry, r["chains"],
                      "；".join(lead.name for lead in r["leads"])] for r in rows]


def inputs_sheet(rows: list[dict]):
    yes, no = _("yes"), _("no")
    headers = [_("Lead firm"), _("Credit code"), _("Input industry"), _("Item"), _("Suppliers"),
               _("Suppliers in the county"), _("Concentration (HHI)"), _("Sole source"),
               _("Suppliers with no alternative in the county"), _("Only from outside the county")]
    return headers, [[r["lead"].name, r["lead"].uscc, r["industry"], r["item"], r["suppliers"], r["in_county"],
                      r["hhi"], yes if r["sole_source"] else no, "；".join(f.name for f in r["no_alternative"]),
                      yes if r["outside_only"] else no] for r in rows]
