"""What the chains contribute to each role's first screen."""
from django_scopes import scopes_disabled

from lianfu.chains import queries
from lianfu.chains.models import Chain

HOME_CHAINS = 10


def officer_cards(user) -> dict:
    """The chains furthest behind first, each with the suppliers blocking it:
    they need attention today."""
    if not user.has_perm("chains.list_chains"):
        return {}
    behind = list(queries.chains_with_stats(Chain.objects.all(), "completion")[:HOME_CHAINS])
    blocking = queries.blocking_suppliers([c.pk for c in behind])
    for chain in behind:
        chain.blocking = blocking[chain.pk]
    return {"chains_behind": behind}


def enterprise_cards(user) -> dict:
    """A lead firm's own chain with its completion; every firm's memberships."""
    with scopes_disabled():
        own = Chain.objects.filter(lead_id=user.enterprise_id)
        chain = queries.chains_with_stats(own).first()
        if chain is not None:
            chain.blocking = queries.blocking_suppliers([chain.pk])[chain.pk]
    return {"my_chain": chain, "memberships": queries.memberships(user.enterprise_id)}
