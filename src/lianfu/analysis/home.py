"""What the engine contributes to the county bureau's first screen."""
from lianfu.analysis.queries import restart_first_rows
from lianfu.analysis.runs import current_run

HOME_RESTART_FIRST = 5


def officer_cards(user) -> dict:
    """The top of the engine's "restart first" list, from the run for the
    current state (or the last one, marked as not fresh)."""
    if not user.has_perm("chains.run_engine"):
        return {}
    run, fresh = current_run()
    done = run is not None and run.status == "done"
    return {"restart_first": restart_first_rows(run, user)[:HOME_RESTART_FIRST] if done else [],
            "restart_first_fresh": fresh}
