"""What the chains contribute to each role's first screen."""
from django_scopes import scopes_disabled

from lianfu.chains import queries
from lianfu.chains.models import Chain

HOME_CHAINS = 10
HOME_RESTART_FIRST = 5


def officer_cards(user) -> dict:
    """The chains furthest behind first: they need attention today; for the
    county bureau also the top of the engine's "restart first" list."""
    if not user.has_perm("chains.list_chains"):
        return {}
    cards = {"chains_behind": list(queries.chains_with_stats(Chain.objects.all(), "completion")[:HOME_CHAINS])}
    if user.has_perm("chains.run_engine"):
        from lianfu.chains.engine.runs import current_run
        from lianfu.chains.engine_queries import restart_first_rows
        run, fresh = current_run()
        done = run is not None and run.status == "done"
        cards["restart_first"] = restart_first_rows(run, user)[:HOME_RESTART_FIRST] if done else []
        cards["restart_first_fresh"] = fresh
    return cards


def enterprise_cards(user) -> dict:
    """A lead firm's own chain with its completion; every firm's memberships."""
    with scopes_disabled():
        own = Chain.objects.filter(lead_id=user.enterprise_id)
        chain = queries.chains_with_stats(own).first()
    return {"my_chain": chain, "memberships": queries.memberships(user.enterprise_id)}
