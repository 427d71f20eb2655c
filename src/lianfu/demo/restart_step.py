"""Demo step: twelve days of four-sync history, 24 February to 6 March 2020,
so the board looks like early March: lead firms and most above-scale firms
restarted, a tail of small suppliers still surveying, filing or waiting.

Every lead filed a chain package (a filing per in-county member, in every
state: awaiting the member, submitted, approved, returned, some resubmitted);
firms outside every chain file alone; firms were surveyed one to three times,
self-checked and inspected (some failed first), confirmed their restart (a few
under a county override); leads keep supplies ledgers and share with their
suppliers. EnterpriseStage is then written from these records by the rule of
restart/stages.py (history_stages). Runs after accounts_step: the demo logins
are the actors where one fits (history_records)."""
from django.db import transaction
from django.db.models import Max
from django_scopes import scopes_disabled

from lianfu.common import bulk
from lianfu.demo.context import DemoContext
from lianfu.demo.history_plan import Firm, Package, assign, load_firms, load_packages
from lianfu.demo.history_records import Actors, RecordWriter
from lianfu.demo.history_stages import stage_rows
from lianfu.demo.history_supplies import draw_supplies
from lianfu.demo.history_surveys import SurveyWriter, restart_capacity
from lianfu.demo.history_texts import RETURN_REASONS
from lianfu.demo.history_workflow import Workflow, plan_workflow
from lianfu.registry.models import Enterprise, EnterpriseStage
from lianfu.registry.stages import Stage
from lianfu.restart.checklists import checklist
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

SURVEY_FIELDS = ("enterprise", "surveyed_on", "capacity_pct", "headcount_total", "headcount_on_duty",
                 "headcount_away", "stock_days", "blockers", "planned_restart", "needs", "submitted_by", "on_behalf",
                 "created_at")
FILING_FIELDS = ("enterprise", "package", "status", "headcount_planned", "commitments", "return_reason",
                 "submitted_at", "reviewed_by", "reviewed_at", "version", "created_at")
CHECK_FIELDS = ("enterprise", "kind", "results", "measures", "measures_done", "passed", "remarks", "checked_by",
                "checked_at")


def _flows(ctx: DemoContext, firms: dict[int, Firm], packages: list[Package]) -> list[Workflow]:
    """A workflow for every firm with something on record (pk order)."""
    rng, hour_of = ctx.rng("restart-workflow"), {p.lead: p.hour for p in packages}
    return [plan_workflow(rng, firm, hour_of.get(firm.package), RETURN_REASONS) for firm in firms.values()
            if firm.target != Stage.NOT_SURVEYED or firm.package is not None]


def _insert_packages(writer: RecordWriter, packages: list[Package]) -> dict[int, int]:
    """The packages, then their pks by lead (one package per lead)."""
    before = ChainFiling.objects.aggregate(last=Max("pk"))["last"] or 0
    bulk.insert(ChainFiling, [writer.package(p) for p in sorted(packages, key=lambda p: p.hour)],
                ("lead", "submitted_by", "submitted_at"))
    return dict(ChainFiling.objects.filter(pk__gt=before).values_list("lead_id", "pk"))


def _write_workflows(ctx: DemoContext, flows: list[Workflow], writer: RecordWriter, surveys: SurveyWriter,
                     package_pk: dict[int, int]) -> None:
    rng = ctx.rng("restart-capacity")
    survey_rows, filings, checks, overrides, confirmations = [], [], [], [], []
    for flow in flows:
        capacity = restart_capacity(rng, flow.firm.kind) if flow.restart is not None else None
        survey_rows += surveys.rows(flow, capacity)
        if flow.filing is not None:
            filings.append(writer.filing(flow.firm, flow.filing, package_pk.get(flow.filing.package)))
        checks += writer.checks(flow)
        if flow.override is not None:
            overrides.append(writer.override(flow))
        if flow.restart is not None:
            confirmations.append(writer.confirmation(flow, capacity))
    ctx.progress("restart history", 2, 4)
    bulk.insert(Survey, survey_rows, SURVEY_FIELDS)
    bulk.insert(Filing, filings, FILING_FIELDS)
    bulk.insert(PreventionCheck, checks, CHECK_FIELDS)
    bulk.insert(RestartOverride, overrides, ("enterprise", "reason", "granted_by", "granted_at"))
    bulk.insert(RestartConfirmation, confirmations,
                ("enterprise", "restarted_on", "capacity_pct", "confirmed_by", "overridden", "created_at"))


def restart_step(ctx: DemoContext) -> None:
    with scopes_disabled(), transaction.atomic():
        firms = load_firms(ctx)
        if not firms:
            return
        packages = load_packages(ctx, ctx.rng("restart-packages"), firms)
        assign(ctx.rng("restart-targets"), firms, packages)
        actors = Actors.load(ctx)
        writer = RecordWriter(ctx.rng("restart-records"), actors,
                              checklist(Enterprise.objects.get(pk=next(iter(firms)))))
        flows = _flows(ctx, firms, packages)
        ctx.progress("restart history", 1, 4)
        package_pk = _insert_packages(writer, packages)
        _write_workflows(ctx, flows, writer, SurveyWriter(ctx.rng("restart-surveys"), actors.survey_author),
                         package_pk)
        ledgers, transfers = draw_supplies(ctx.rng("restart-supplies"), packages, firms,
                                           lambda lead: actors.firm_users.get(lead))
        bulk.insert(SuppliesLedger, ledgers, ("enterprise", "masks", "thermometers", "disinfectant_litres",
                                              "updated_at", "version"))
        bulk.insert(SuppliesTransfer, transfers, ("from_enterprise", "to_enterprise", "masks", "thermometers",
                                                  "disinfectant_litres", "sent_by", "sent_at"))
        ctx.progress("restart history", 3, 4)
        bulk.insert(EnterpriseStage, stage_rows(flows), ("enterprise", "stage", "since"))
        ctx.progress("restart history", 4, 4)
