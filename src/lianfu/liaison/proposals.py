"""The county's assignment: a proposal from the solver (with the greedy
baseline's figures beside it), reviewed as a difference from the current
assignment, then applied: assignments that end get their last day, new ones
start today. Every step is an ActivityLog row."""
import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.errors import Conflict, NotAllowed
from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix
from lianfu.liaison.assign import Officer, Problem, Solution, Team, Unit, greedy, solve
from lianfu.liaison.demand import Need, needs_of
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Assignment, Proposal, ServiceTeam, TeamMember
from lianfu.registry.models import Division

SOLVE_SECONDS = 8.0
# progress(teams solved, teams to solve): the county's page shows it while it waits.
Progress = Callable[[int, int], None]


def officer_key(pk: int) -> str:
    return f"user:{pk}"


def officer_pk(key: str) -> int:
    return int(key.split(":", 1)[1])


def current_pairs(county: Division) -> dict[str, frozenset[str]]:
    """unit key -> officer keys of the county's current assignments."""
    pairs: dict[str, set[str]] = {}
    with scopes_disabled():
        rows = current_of(county).values_list("officer_id", "enterprise_id", "building_id")
        for officer, firm, building in rows:
            key = f"firm:{firm}" if firm else f"building:{building}"
            pairs.setdefault(key, set()).add(officer_key(officer))
    return {key: frozenset(officers) for key, officers in pairs.items()}


def current_of(county: Division):
    """The county's current assignments, by where the firm or building is (an
    officer who left keeps theirs until the next assignment ends them)."""
    prefix = code_prefix(county.code)
    return Assignment.objects.filter(until__isnull=True).filter(
        Q(enterprise__division__code__startswith=prefix) | Q(building__town__code__startswith=prefix))


def fingerprint(pairs: dict[str, frozenset[str]]) -> str:
    """What a proposal was computed against: applying it after the assignment
    changed would undo someone else's change."""
    text = json.dumps(sorted((key, sorted(officers)) for key, officers in pairs.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def problem_of(county: Division, needs: list[Need], current: dict[str, frozenset[str]]) -> Problem:
    with scopes_disabled():
        teams = [Team(f"team:{team.pk}", frozenset(team.town_links.values_list("town_id", flat=True)))
                 for team in ServiceTeam.objects.filter(county=county).order_by("pk")]
        officers = [Officer(officer_key(pk), f"team:{team}") for pk, team in TeamMember.objects.filter(
            team__county=county, officer__is_active=True, officer__role=Role.LIAISON_OFFICER)
            .order_by("officer_id").values_list("officer_id", "team_id")]
    units = [Unit(need.key, need.town, need.officers, need.points) for need in needs]
    return Problem(teams=teams, officers=officers, units=units, current=current)


def _json_spread(spread: float | None) -> float | str | None:
    """JSON has no infinity (an officer idle in a busy team): stored as "inf"."""
    return "inf" if spread is not None and math.isinf(spread) else spread


def spread_text(spread) -> str:
    """A spread as pages and the command print it, stored ("inf") or computed."""
    return "—" if spread is None else ("∞" if spread in ("inf", float("inf")) else f"{spread:.2f}")


def _figures(solution: Solution) -> dict:
    return {"moves": solution.moves, "spread": _json_spread(solution.spread), "unfilled": solution.unfilled,
            "seconds": round(solution.seconds, 3), "status": solution.status,
            "max_load": max(solution.loads.values(), default=0), "min_load": min(solution.loads.values(), default=0)}


def propose(county: Division, *, actor=None, seconds: float = SOLVE_SECONDS, today: dt.date | None = None,
            progress: Progress | None = None) -> Proposal:
    """Solve the county's assignment and store it as the proposal to review
    (an earlier proposal not applied is superseded). ``progress`` hears how
    many of the teams are solved, team by team."""
    needs = needs_of(county, today)
    current = current_pairs(county)
    problem = problem_of(county, needs, current)
    ours = solve(problem, time_limit_s=seconds, on_team=progress)
    baseline = greedy(problem)
    summary = {**_figures(ours), "greedy": _figures(baseline), "based_on": fingerprint(current),
               "units": len(problem.units), "officers": len(problem.officers), "teams": len(problem.teams),
               "shortfalls": [asdict(s) for s in ours.shortfalls]}
    with transaction.atomic(), scopes_disabled():
        Proposal.objects.filter(county=county, state=ProposalState.PROPOSED).update(state=ProposalState.SUPERSEDED)
        proposal = Proposal.objects.create(county=county, created_by=actor, summary=summary,
                                           pairs=[[key, sorted(officer_pk(o) for o in officers)]
                                                  for key, officers in sorted(ours.assigned.items())])
        log_activity(actor=actor, action="liaison.proposed", subject=proposal, division_code=county.code,
                     moves=ours.moves, spread=_json_spread(ours.spread), unfilled=ours.unfilled)
    return proposal


@dataclass
class Change:
    unit: str
    before: list[int]
    after: list[int]

    @property
    def leaving(self) -> list[int]:
        return sorted(set(self.before) - set(self.after))

    @property
    def joining(self) -> list[int]:
        return sorted(set(self.after) - set(self.before))


@dataclass
class Difference:
    """A proposal against the current assignment: units whose officers change
    (``moved``: someone leaves; ``added``: only newcomers), units nobody looked
    after before (``new``), units no rule names any more (``ended``)."""
    moved: list[Change] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    new: list[Change] = field(default_factory=list)
    ended: list[Change] = field(default_factory=list)
    kept: int = 0


def difference(proposal: Proposal, pairs: dict[str, frozenset[str]] | None = None) -> Difference:
    """``pairs``: current_pairs(proposal.county), when the caller has read them."""
    proposed = {key: sorted(officers) for key, officers in proposal.pairs}
    pairs = current_pairs(proposal.county) if pairs is None else pairs
    current = {key: sorted(officer_pk(o) for o in officers) for key, officers in pairs.items()}
    out = Difference()
    for key in sorted(proposed.keys() | current.keys()):
        before, after = current.get(key, []), proposed.get(key)
        if after is None:
            out.ended.append(Change(key, before, []))
        elif not before:
            out.new.append(Change(key, [], after))
        elif before == after:
            out.kept += 1
        else:
            change = Change(key, before, after)
            (out.moved if change.leaving else out.added).append(change)
    return out


def apply(proposal: Proposal, *, actor, today: dt.date | None = None) -> Difference:
    """Make the proposal the county's assignment. Refused when it is not the
    latest proposal or the assignment changed since it was computed."""
    today = today or timezone.localdate()
    with transaction.atomic(), scopes_disabled():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != ProposalState.PROPOSED:
            raise NotAllowed("this proposal is no longer the one to review")
        pairs = current_pairs(proposal.county)
        if fingerprint(pairs) != proposal.summary.get("based_on"):
            raise Conflict("the assignment changed since this proposal was made: propose again")
        change = difference(proposal, pairs)
        proposed = {key: set(officers) for key, officers in proposal.pairs}
        ending = [a.pk for a in current_of(proposal.county).only("pk", "officer_id", "enterprise_id", "building_id")
                  if a.officer_id not in proposed.get(a.unit_key, ())]
        Assignment.objects.filter(pk__in=ending).update(until=today)
        held = {(key, officer_pk(officer)) for key, officers in pairs.items() for officer in officers}
        Assignment.objects.bulk_create([_assignment(key, officer, today, proposal)
                                        for key, officers in proposed.items() for officer in officers
                                        if (key, officer) not in held], batch_size=1000)
        Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.APPLIED, applied_at=timezone.now(),
                                                       applied_by=actor)
        log_activity(actor=actor, action="liaison.applied", subject=proposal, division_code=proposal.county_id,
                     moved=len(change.moved), new=len(change.new), ended=len(change.ended), kept=change.kept)
    return change


def _assignment(key: str, officer: int, today: dt.date, proposal: Proposal) -> Assignment:
    kind, pk = key.split(":", 1)
    return Assignment(officer_id=officer, since=today, proposal=proposal,
                      enterprise_id=int(pk) if kind == "firm" else None,
                      building_id=int(pk) if kind == "building" else None)
