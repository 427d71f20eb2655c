"""`lianfu liaison assign [--county CODE] [--seconds S]`: propose the county's
assignment of liaison officers (docs/liaison.md) and print what it measured,
the greedy baseline beside it, the shortfalls and the difference from the
current assignment; `lianfu liaison assign --apply` applies the latest
proposal (as the county would on its page)."""
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from lianfu.common.errors import WorkflowError
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Proposal, ServiceTeam
from lianfu.liaison.proposals import SOLVE_SECONDS, apply, difference, propose, spread_text
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division


class Command(BaseCommand):
    help = "Propose (or apply) the assignment of liaison officers to firms and office buildings"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        assign = actions.add_parser("assign", help="propose the assignment; --apply applies the latest proposal",
                                    description="Solve the county's assignment by its rules, keeping officers "
                                                "in their team's towns, balancing load and moving as few as "
                                                "possible.")
        assign.add_argument("--county", default="", help="the county's 6- or 12-digit code (default: the only "
                                                         "county with service teams)")
        assign.add_argument("--seconds", type=float, default=SOLVE_SECONDS, help="the solver's time limit")
        assign.add_argument("--apply", action="store_true", help="apply the latest proposal instead")

    def handle(self, *args, action, county="", seconds=SOLVE_SECONDS, apply=False, **options):
        division = self.county(county)
        if apply:
            return self.apply(division)
        proposal = propose(division, seconds=seconds)
        s = proposal.summary
        self.stdout.write(f"liaison assign: {division.name} ({division.code[:6]}): {s['units']:,} firms and "
                          f"buildings need officers, {s['officers']:,} officers in {s['teams']} teams")
        for label, figures in (("solver", s), ("greedy", s["greedy"])):
            self.stdout.write(f"  {label}: {figures['seconds']:.2f} s, spread {spread_text(figures['spread'])} "
                              f"(load {figures['min_load']}–{figures['max_load']}), {figures['moves']:,} moves, "
                              f"{figures['unfilled']:,} places unfilled [{figures['status']}]")
        for short in s["shortfalls"]:
            self.stdout.write(f"  short: town {short['town']}: {short['officers_short']} more officer(s) needed "
                              f"({short['reason']}, {short['units']} firms or buildings)")
        change = difference(proposal)
        self.stdout.write(f"  proposal {proposal.pk}: {len(change.moved)} change officer, {len(change.added)} "
                          f"gain one, {len(change.new)} new, {len(change.ended)} end, {change.kept:,} kept; "
                          "`lianfu liaison assign --apply` applies it")

    def apply(self, division: Division) -> None:
        with scopes_disabled():
            proposal = Proposal.objects.filter(county=division, state=ProposalState.PROPOSED).first()
        if proposal is None:
            raise CommandError("no proposal to apply: run `lianfu liaison assign` first")
        try:
            change = apply(proposal, actor=None)
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"liaison assign: proposal {proposal.pk} applied: {len(change.moved)} changed officer, "
                          f"{len(change.new)} new, {len(change.ended)} ended, {change.kept:,} kept")

    def county(self, code: str) -> Division:
        with scopes_disabled():
            if code:
                found = Division.objects.filter(code=code[:6].ljust(12, "0"), level=DivisionLevel.COUNTY).first()
                if found is None:
                    raise CommandError(f"--county {code}: no such county")
                return found
            counties = list(Division.objects.filter(pk__in=ServiceTeam.objects.values("county_id")))
        if len(counties) != 1:
            raise CommandError("--county is needed: " + ("no county has service teams yet" if not counties
                                                           else f"{len(counties)} counties have service teams"))
        return counties[0]
