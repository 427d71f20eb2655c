"""A plain snapshot of the demo's four-sync records (demo/restart_step.py),
keyed by credit code, plus restart.stages.derive_stage for a sample of firms:
the rule read from the database, to hold against the stages the demo wrote."""
from dataclasses import dataclass

from lianfu.registry.models import EnterpriseStage
from lianfu.registry.stages import Stage
from lianfu.restart.models import (
    ChainFiling,
    Filing,
    PreventionCheck,
    RestartConfirmation,
    RestartOverride,
    SuppliesLedger,
    SuppliesTransfer,
    Survey,
)
from lianfu.restart.stages import derive_stage

SAMPLE_PER_STAGE = 25


@dataclass
class RestartFacts:
    surveys: list[tuple]    # (firm, surveyed_on, capacity, headcount, on duty, away, stock days, blockers,
                            #  planned restart, needs, on behalf, submitted by, created at)
    packages: list[tuple]   # (lead, submitted at, submitted by)
    filings: list[tuple]    # (firm, package's lead, status, reason, version, created, submitted, reviewed,
                            #  reviewed by, headcount planned, commitments)
    checks: list[tuple]     # (firm, kind, results, passed, remarks, checked at, checked by)
    restarts: dict[str, tuple]   # firm -> (restarted on, capacity, overridden, created at)
    overrides: dict[str, tuple]  # firm -> (reason, granted at, granted by)
    ledgers: dict[str, tuple]    # firm -> (masks, thermometers, litres, version)
    transfers: list[tuple]       # (from, to, masks, thermometers, litres, sent at)
    derived: dict[str, str]      # firm -> derive_stage, for a sample

    def records(self) -> tuple:
        """Everything but the derived sample, to compare two runs."""
        return (self.surveys, self.packages, self.filings, self.checks, self.restarts, self.overrides,
                self.ledgers, self.transfers)


def _sample(code_of: dict, stored: dict[int, str]) -> list[int]:
    """Up to SAMPLE_PER_STAGE firms of each stored stage, and as many with
    records but no stage row (package members that have not answered)."""
    by_stage: dict[str, list[int]] = {}
    for pk, stage in stored.items():
        by_stage.setdefault(stage, []).append(pk)
    unanswered = set(Filing.objects.values_list("enterprise_id", flat=True)) - set(stored)
    by_stage[Stage.NOT_SURVEYED.value] = list(unanswered)
    sample = []
    for pks in by_stage.values():
        pks.sort(key=lambda pk: code_of[pk])
        step = max(1, len(pks) // SAMPLE_PER_STAGE)
        sample += pks[::step][:SAMPLE_PER_STAGE]
    return sample


def restart_facts(code_of: dict[int, str]) -> RestartFacts:
    from lianfu.accounts.models import User
    names = dict(User.objects.values_list("pk", "username"))
    surveys = sorted(
        (code_of[e], on, cap, total, duty, away, None if stock is None else float(stock), tuple(blockers), planned,
         needs, behalf, names.get(by), created)
        for e, on, cap, total, duty, away, stock, blockers, planned, needs, behalf, by, created in
        Survey.objects.values_list("enterprise_id", "surveyed_on", "capacity_pct", "headcount_total",
                                   "headcount_on_duty", "headcount_away", "stock_days", "blockers", "planned_restart",
                                   "needs", "on_behalf", "submitted_by_id", "created_at"))
    packages = sorted((code_of[lead], at, names.get(by)) for lead, at, by in
                      ChainFiling.objects.values_list("lead_id", "submitted_at", "submitted_by_id"))
    filings = sorted(
        (code_of[e], code_of.get(lead), status, reason, version, created, submitted, reviewed, names.get(by),
         planned, tuple(commitments))
        for e, lead, status, reason, version, created, submitted, reviewed, by, planned, commitments in
        Filing.objects.values_list("enterprise_id", "package__lead_id", "status", "return_reason", "version",
                                   "created_at", "submitted_at", "reviewed_at", "reviewed_by_id",
                                   "headcount_planned", "commitments"))
    checks = sorted(
        (code_of[e], kind, tuple(sorted(results.items())), passed, remarks, at, names.get(by))
        for e, kind, results, passed, remarks, at, by in PreventionCheck.objects.values_list(
            "enterprise_id", "kind", "results", "passed", "remarks", "checked_at", "checked_by_id"))
    restarts = {code_of[e]: tuple(rest) for e, *rest in RestartConfirmation.objects.values_list(
        "enterprise_id", "restarted_on", "capacity_pct", "overridden", "created_at")}
    overrides = {code_of[e]: (reason, at, names.get(by)) for e, reason, at, by in
                 RestartOverride.objects.values_list("enterprise_id", "reason", "granted_at", "granted_by_id")}
    ledgers = {code_of[e]: (masks, thermo, float(litres), version) for e, masks, thermo, litres, version in
               SuppliesLedger.objects.values_list("enterprise_id", "masks", "thermometers", "disinfectant_litres",
                                                  "version")}
    transfers = sorted((code_of[a], code_of[b], masks, thermo, float(litres), at) for a, b, masks, thermo, litres, at
                       in SuppliesTransfer.objects.values_list("from_enterprise_id", "to_enterprise_id", "masks",
                                                               "thermometers", "disinfectant_litres", "sent_at"))
    stored = dict(EnterpriseStage.objects.values_list("enterprise_id", "stage"))
    derived = {code_of[pk]: derive_stage(pk).value for pk in _sample(code_of, stored)}
    return RestartFacts(surveys, packages, filings, checks, restarts, overrides, ledgers, transfers, derived)
