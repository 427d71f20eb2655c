"""Each firm's stage, by restart/stages.py's rule applied in memory to the
records just drawn, and since when: the history is replayed event by event and
``since`` is the moment the derived stage last changed, which is what
refresh_stage, called after every step, would have stored.

Calling derive_stage per firm would take four queries per firm; the demo
tests check, on a sample, that the database-reading rule agrees with this."""
from datetime import datetime

from lianfu.demo.history_plan import at
from lianfu.demo.history_workflow import APPROVED, SUBMITTED, Workflow
from lianfu.registry.models import EnterpriseStage
from lianfu.registry.stages import Stage


def stage_of(*, restarted: bool, filing_status: str | None, inspection_passed: bool | None,
             surveyed: bool) -> Stage:
    """restart.stages.derive_stage, over the facts instead of the tables."""
    if restarted:
        return Stage.RESTARTED
    if filing_status == APPROVED:
        return Stage.PREVENTION_PASSED if inspection_passed else Stage.APPROVED
    if filing_status == SUBMITTED:
        return Stage.FILED
    return Stage.SURVEYED if surveyed else Stage.NOT_SURVEYED


def _events(flow: Workflow) -> list[tuple[float, str, object]]:
    events = [(hour, "survey", None) for hour in flow.surveys]
    if flow.filing is not None:
        events += [(hour, "filing", status) for hour, status in flow.filing.steps]
    events += [(hour, "inspection", passed) for hour, passed in flow.inspections]
    if flow.restart is not None:
        events.append((flow.restart, "restart", None))
    return sorted(events, key=lambda event: event[0])


def replay(flow: Workflow) -> tuple[Stage, datetime | None]:
    facts = {"restarted": False, "filing_status": None, "inspection_passed": None, "surveyed": False}
    stage, since = Stage.NOT_SURVEYED, None
    for hour, kind, value in _events(flow):
        if kind == "survey":
            facts["surveyed"] = True
        elif kind == "filing":
            facts["filing_status"] = value
        elif kind == "inspection":
            facts["inspection_passed"] = value
        else:
            facts["restarted"] = True
        now = stage_of(**facts)
        if now != stage:
            stage, since = now, at(hour)
    return stage, since


def stage_rows(flows: list[Workflow]) -> list[EnterpriseStage]:
    """One row per firm past 'not surveyed' (no row means not surveyed)."""
    rows = []
    for flow in flows:
        stage, since = replay(flow)
        if stage != flow.firm.target:
            raise RuntimeError(f"demo history of {flow.firm.pk} ends {stage}, drawn to end {flow.firm.target}")
        if stage != Stage.NOT_SURVEYED:
            rows.append(EnterpriseStage(enterprise_id=flow.firm.pk, stage=stage.value, since=since))
    return rows
