"""A plain snapshot of the demo's workers (demo/workforce_step.py): the roster,
its dated changes, surveys against the roster, risks, openings and trips, keyed
by credit code and ID hash (never by pk), and the labour officer's home page."""
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.test import Client

from lianfu.accounts.models import User
from lianfu.demo import workforce_days as days
from lianfu.demo import workforce_trips
from lianfu.registry.models import Enterprise
from lianfu.restart.models import Survey
from lianfu.workforce.enums import RiskLevel
from lianfu.workforce.models import OpenPosition, OriginRisk, TripPlan, TripSeat, Worker, WorkerStateChange
from lianfu.workforce.onduty import OnDutyBook
from lianfu.workforce.risk import RiskBook

COUNTY6 = "330282"
WORKER_COLUMNS = ("enterprise__uscc", "name", "id_hash", "id_masked", "phone_masked", "phone_hash", "sealed_digest",
                  "origin_id", "origin_source", "insured_from", "position", "state", "state_since", "wants_return")


@dataclass
class RosterFacts:
    summary: list[str]
    employees: dict[str, int]               # credit code -> Enterprise.employees (county firms)
    workers: list[dict]                     # WORKER_COLUMNS + sealed, pk
    changes: dict[int, list[tuple]]         # worker pk -> [(day, state, source, employer's credit code)]
    surveyed: dict[str, set]                # credit code -> days it was surveyed
    survey_checks: list[tuple]              # (firm, day, survey (on duty, headcount), roster's, the book's figure)
    county_curve: list[tuple]               # (day, on duty, headcount) by OnDutyBook
    risks: list[tuple]                      # (division, level, from, until, source, kept by)
    openings: list[tuple]                   # (firm, title, count, note, source, opened on, closed on)
    plans: list[tuple]                      # (day, vehicle, seats, km, state, planned, excluded, vehicles, bound)
    seats: list[tuple]                      # (departs on, trip number, status, worker's id hash, origin, destination)
    towns: dict[str, str]                   # credit code -> town (county firms)
    high_risk_on_coach_days: dict           # departure day -> workers' origins (12 digits) high-risk that day
    high_risk_origins: set = field(default_factory=set)
    home: dict = field(default_factory=dict)

    def digest(self) -> str:
        """The rows two runs of one seed must share (the seals themselves are random by design)."""
        text = repr((sorted((w["enterprise__uscc"], *(w[c] for c in WORKER_COLUMNS[1:]),
                             tuple(self.changes[w["pk"]])) for w in self.workers),
                     sorted(self.risks), sorted(self.openings), sorted(self.plans), sorted(self.seats)))
        return hashlib.sha256(text.encode()).hexdigest()


def _survey_checks(book: OnDutyBook, code_of: dict[int, str]) -> list[tuple]:
    latest = {}
    for pk, day, on_duty, total in Survey.objects.order_by("enterprise_id", "surveyed_on", "id").values_list(
            "enterprise_id", "surveyed_on", "headcount_on_duty", "headcount_total"):
        latest[(pk, day)] = (on_duty, total)           # the later survey of a day stands
    checks = []
    for (pk, day), survey in sorted(latest.items()):
        roster, figure = book.roster.on(pk, day), book.firm(pk, day)
        checks.append((code_of[pk], day, survey, (roster.on_duty, roster.headcount),
                       (figure.on_duty, figure.headcount, figure.source)))
    return checks


def home_facts() -> dict:
    """The labour officer's home page, in their scope as the middleware sets it."""
    page = Client()
    page.force_login(User.objects.get(username="labour"))
    response = page.get("/")
    workforce = response.context["workforce"]
    return {"status": response.status_code, "rate": workforce["today"].rate, "away": workforce["counts"]["away"],
            "on_duty": workforce["today"].on_duty, "headcount": workforce["today"].headcount,
            "html": response.content.decode(), "curve_days": len(workforce["curve"])}


def roster_facts(ctx) -> RosterFacts:
    code_of = dict(Enterprise.objects.values_list("pk", "uscc"))
    county = Enterprise.objects.filter(division__code__startswith=COUNTY6)
    workers = list(Worker.objects.order_by("pk").values("pk", "sealed", *WORKER_COLUMNS))
    hash_of = {w["pk"]: w["id_hash"] for w in workers}
    changes = defaultdict(list)
    for worker, day, state, source, firm in WorkerStateChange.objects.order_by("worker_id", "day", "id").values_list(
            "worker_id", "day", "state", "source", "enterprise_id"):
        changes[worker].append((day, state, source, code_of[firm]))
    surveyed = defaultdict(set)
    for pk, day in Survey.objects.values_list("enterprise_id", "surveyed_on"):
        surveyed[code_of[pk]].add(day)
    book = OnDutyBook(county)
    high = RiskBook(ctx.county, days.FIRST_DAY)
    return RosterFacts(
        summary=list(ctx.summary), employees=dict(county.values_list("uscc", "employees")), workers=workers,
        changes=dict(changes), surveyed=dict(surveyed), survey_checks=_survey_checks(book, code_of),
        county_curve=[(day, f.on_duty, f.headcount) for day, f in book.curve(days.DAYS)],
        risks=list(OriginRisk.objects.values_list("division_id", "level", "effective_from", "effective_to", "source",
                                                  "county_id")),
        openings=[(code_of[pk], *rest) for pk, *rest in OpenPosition.objects.values_list(
            "enterprise_id", "title", "count", "note", "source", "opened_on", "closed_on")],
        plans=list(TripPlan.objects.values_list("departs_on", "vehicle", "capacity", "max_distance_km", "state",
                                                "workers_planned", "workers_excluded", "vehicles", "lower_bound")),
        seats=[(day, number, status, hash_of[worker], origin, destination)
               for day, number, status, worker, origin, destination in TripSeat.objects.values_list(
                   "trip__plan__departs_on", "trip__number", "trip__status", "worker_id", "origin_id",
                   "destination_id")],
        towns=dict(county.values_list("uscc", "division_id")),
        high_risk_on_coach_days={day: {o for o in {w["origin_id"] for w in workers} - {None}
                                       if RiskBook(ctx.county, day).level(o) == RiskLevel.HIGH}
                                 for day in workforce_trips.departure_days()},
        high_risk_origins={w["origin_id"] for w in workers
                           if w["origin_id"] and high.level(w["origin_id"]) == RiskLevel.HIGH})
