"""What the chains contribute to each role's first screen."""
from django_scopes import scopes_disabled

from lianfu.chains import queries
from lianfu.chains.models import Chain

HOME_CHAINS = 10


def officer_cards(user) -> dict:
    """The chains furthest behind first: they need attention today."""
    if not user.has_perm("chains.list_chains"):
        return {}
    return {"chains_behind": list(queries.chains_with_stats(Chain.objects.all(), "completion")[:HOME_CHAINS])}


def enterprise_cards(user) -> dict:
    """A lead firm's own chain with its completion; every firm's memberships."""
    with scopes_disabled():
        own = Chain.objects.filter(lead_id=user.enterprise_id)
        chain = queries.chains_with_stats(own).first()
    return {"my_chain": chain, "memberships": queries.memberships(user.enterprise_id)}
