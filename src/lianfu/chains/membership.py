"""Keeping ChainMember in step with the links.

A chain's members are every supplier its tree reaches, counted once, at their
shallowest tier. Any change of links can move members of every chain that
reaches the changed buyer, so imports and link edits call
``refresh_chains_reaching`` with the firms they touched."""
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.graph import load_supplier_graph
from lianfu.chains.models import Chain, ChainMember

_BATCH = 5000


def refresh_chain(chain: Chain) -> int:
    """Replace the chain's members; returns how many it has."""
    graph = load_supplier_graph(chain.lead_id, chain.depth_limit)
    home = graph.firms[chain.lead_id].county_code
    members = [
        ChainMember(chain=chain, enterprise_id=pk, tier=graph.tier[pk], county_code=graph.firms[pk].county_code,
                    in_county=graph.firms[pk].county_code == home)
        for pk in graph.supplier_ids
    ]
    with scopes_disabled(), transaction.atomic():
        ChainMember.objects.filter(chain=chain).delete()
        ChainMember.objects.bulk_create(members, batch_size=_BATCH)
        chain.refreshed_at = timezone.now()
        chain.save(update_fields=["refreshed_at"])
    return len(members)


def chains_reaching(enterprise_ids) -> list[Chain]:
    """Chains led by, or having as a member, any of these firms."""
    ids = list(enterprise_ids)
    found: dict[int, Chain] = {}
    with scopes_disabled():
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start:start + _BATCH]
            for chain in Chain.objects.filter(lead_id__in=chunk):
                found[chain.pk] = chain
            member_chains = ChainMember.objects.filter(enterprise_id__in=chunk).values_list("chain_id", flat=True)
            for chain in Chain.objects.filter(pk__in=set(member_chains)).exclude(pk__in=list(found)):
                found[chain.pk] = chain
    return sorted(found.values(), key=lambda c: c.pk)


def refresh_chains_reaching(enterprise_ids) -> list[Chain]:
    chains = chains_reaching(enterprise_ids)
    for chain in chains:
        refresh_chain(chain)
    return chains
