"""What the engine contributes to the first screens: the county bureau's
restart-first list, a lead firm's stock-out forecast."""
from datetime import timedelta

from django.utils.dateparse import parse_date

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


def lead_cards(user) -> dict:
    """A lead firm's stock-out forecast, from the engine's latest run: the first
    day its output falls below half (answers.lead_forecast's threshold), or
    none within the horizon. Absent until the county has run the engine."""
    run, fresh = current_run()
    if user.enterprise_id is None or run is None or run.status != "done":
        return {}
    data = run.results.get("chains", {}).get(str(user.enterprise_id))
    start = parse_date(run.results.get("today", ""))
    if not data or start is None:
        return {}
    first = data["forecast"]["first_short_day"]
    return {"my_forecast": {"short_on": start + timedelta(days=first) if first is not None else None,
                            "horizon": len(data["forecast"]["production"]), "fresh": fresh}}
