"""The boards as Excel, in the form an officer sends upward: a title row
naming the chain (or jurisdiction) and the date, then the columns shown."""
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response


def blocker_text(row) -> str:
    if not row.blocker:
        return ""
    return _("%(blocker)s since %(date)s") % {"blocker": row.blocker_label, "date": f"{row.blocker_since:%Y-%m-%d}"}


def tier_text(tier: int):
    return tier if tier else _("Lead firm")


def board_xlsx(chain, rows):
    today = timezone.localdate()
    headers = [_("No."), _("Enterprise"), _("Credit code"), _("Tier"), _("Town or county"), _("Stage"),
               _("Capacity %"), _("On-duty rate %"), _("Oldest open problem"), _("Planned restart date")]
    lines = ([n, r.name, r.uscc, tier_text(r.tier), r.place, r.stage_label, r.capacity_pct, r.on_duty_rate,
              blocker_text(r), r.planned_restart] for n, r in enumerate(rows, 1))
    title = _("%(lead)s supply chain restart progress, %(date)s") % {"lead": chain.lead.name,
                                                                     "date": f"{today:%Y-%m-%d}"}
    return xlsx_response(f"board-{chain.lead.uscc}-{today:%Y%m%d}.xlsx", headers, lines,
                         sheet_name=_("Restart progress"), title=title)


def board_list_xlsx(summaries, jurisdiction: str):
    today = timezone.localdate()
    headers = [_("No."), _("Lead firm"), _("Credit code"), _("Town"), _("Suppliers"), _("Restarted"),
               _("Completion %"), _("Capacity % (weighted by headcount)"), _("On-duty rate %")]
    lines = ([n, s.lead.name, s.lead.uscc, s.lead.division.name if s.lead.division else "", s.totals.suppliers,
              s.totals.restarted, s.totals.completion, s.totals.capacity, s.totals.on_duty_rate]
             for n, s in enumerate(summaries, 1))
    title = _("%(place)s supply chains restart progress, %(date)s") % {"place": jurisdiction,
                                                                       "date": f"{today:%Y-%m-%d}"}
    return xlsx_response(f"chain-boards-{today:%Y%m%d}.xlsx", headers, lines, sheet_name=_("Chains"), title=title)
