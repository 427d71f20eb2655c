"""The county's list of chain boards: every chain in the viewer's jurisdiction
with its completion, capacity and on-duty rate, in three queries whatever the
number of chains (chains, their members with stages, the latest surveys of the
firms the viewer may read; one more per 5,000 firms)."""
from dataclasses import dataclass

from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain, ChainMember
from lianfu.common import figures
from lianfu.registry.stages import Stage
from lianfu.restart.boards.chain import Firm, Totals, latest_surveys, surveyed
from lianfu.restart.capacity import capacity_on


@dataclass
class ChainSummary:
    chain: Chain
    totals: Totals

    @property
    def lead(self):
        return self.chain.lead


LIST_SORTS = {
    "completion": lambda s: s.totals.completion, "lead": lambda s: s.lead.name,
    "town": lambda s: s.lead.division.name if s.lead.division else None,
    "suppliers": lambda s: s.totals.suppliers, "restarted": lambda s: s.totals.restarted,
    "capacity": lambda s: s.totals.capacity, "on_duty": lambda s: s.totals.on_duty_rate,
}


def chain_summaries(chains, reaches) -> list[ChainSummary]:
    """``chains``: a (scoped) Chain queryset; ``reaches(enterprise)`` as for a
    board: survey figures count only for firms the viewer may read, so the
    list and each board agree for the same viewer. Completion is counted here
    from the members' stages, as chains.queries.chains_with_stats counts it."""
    listed = list(chains.select_related("lead", "lead__division").order_by("lead__name"))
    with scopes_disabled():
        rows = list(ChainMember.objects.filter(chain_id__in=[c.pk for c in listed])
                    .values_list("chain_id", "enterprise_id", "enterprise__division_id",
                                 "enterprise__stage_record__stage"))
        readable = {pk: reaches(Firm(pk, division)) for _chain, pk, division, _stage in rows}
        leads = {c.lead_id for c in listed if reaches(c.lead)}
        visible = [pk for pk, ok in readable.items() if ok] + sorted(leads)
        latest = latest_surveys(visible)
        today = timezone.localdate()
        capacity = capacity_on(visible, today, surveyed(latest))
        duty = figures.on_duty(visible, today)
    out = {c.pk: ChainSummary(c, Totals()) for c in listed}
    for chain in listed:
        if chain.lead_id in leads:
            out[chain.pk].totals.add(latest.get(chain.lead_id), capacity.get(chain.lead_id), duty.get(chain.lead_id))
    for chain_id, pk, _division, stage in rows:
        totals = out[chain_id].totals
        totals.suppliers += 1
        totals.restarted += stage == Stage.RESTARTED
        if readable[pk]:
            totals.add(latest.get(pk), capacity.get(pk), duty.get(pk))
    return list(out.values())
