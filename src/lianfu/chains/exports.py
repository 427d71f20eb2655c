"""The chain lists as Excel, in the columns an officer sends on."""
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response
from lianfu.registry.stages import Stage


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def chain_list_xlsx(qs):
    headers = [_("Lead firm"), _("Credit code"), _("Town"), _("Suppliers"), _("In the county"),
               _("Outside the county"), _("Restarted"), _("Completion %")]
    rows = ([c.lead.name, c.lead.uscc, c.lead.division.name if c.lead.division else "", c.suppliers, c.in_county,
             c.out_of_county, c.restarted, round(c.completion, 1)] for c in qs)
    return xlsx_response("chains.xlsx", headers, rows, sheet_name=_("Chains"))


def tree_xlsx(chain, tree, view):
    headers = [_("Tier"), _("Supplier"), _("Credit code"), _("Supplies to"), _("Item"), _("Annual value (10k yuan)"),
               _("Share of buyer's inputs"), _("Essential"), _("Stock (days)"), _("Town or county"),
               _("In the county"), _("Stage"), _("Note")]

    def note(node: dict) -> str:
        if node["cycle"]:
            return _("already on this path (a cycle)")
        if node["repeat"]:
            return _("suppliers shown where this firm first appears")
        return ""

    rows = ([n["tier"], n["name"], n["uscc"], buyer, n.get("item", ""), n.get("annual_value"), n.get("share"),
             n.get("essential", ""), n.get("stock_days"), n["town"] or n["county"], _yes_no(n["in_county"]),
             n["stage_label"], note(n)] for buyer, n in view.rows(tree))
    return xlsx_response(f"supplier-tree-{chain.lead.uscc}.xlsx", headers, rows, sheet_name=_("Supplier tree"))


def gaps_xlsx(chain, report):
    headers = [_("Stage"), _("Town or county"), _("Supplier"), _("Credit code"), _("Tier"), _("In the county")]
    rows = ([group.label, m.town, m.name, m.uscc, m.tier, _yes_no(m.in_county)]
            for group in report.groups for m in group.members)
    return xlsx_response(f"gaps-{chain.lead.uscc}.xlsx", headers, rows, sheet_name=_("Gaps"))


def hand_off_xlsx(group, chain=None):
    """The list an officer sends to the outside county: who our chains need
    restarted there, what they supply, and to whom."""
    headers = [_("Credit code"), _("Supplier"), _("Address"), _("Items supplied"), _("Needed by (lead firms)"),
               _("Tier"), _("Our record of its stage"), _("Hand-off status")]
    rows = ([r.member.uscc, r.member.name, r.member.address, "、".join(r.items), "、".join(r.leads), r.member.tier,
             str(Stage(r.member.stage).label), r.status_label] for r in group.rows)
    scope = f"-{chain.lead.uscc}" if chain else ""
    name = f"hand-off-{group.county_code or 'unknown'}{scope}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(name, headers, rows, sheet_name=group.county or _("Location unknown"))
