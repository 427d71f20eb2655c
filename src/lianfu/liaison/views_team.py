"""The service teams' pages (docs/liaison.md, "Team page"): the list of teams
(the county's, or the ones the user leads) and one team's page for its leader
and the county. A team of another county is a plain 404; a team of the same
county that the user neither leads nor oversees is a 403."""
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.pagination import page_of, query_without_page
from lianfu.common.predicates import is_administrator
from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix, reach_checker
from lianfu.common.workflow import require
from lianfu.liaison import team as queries
from lianfu.liaison.models import ServiceTeam
from lianfu.registry.stages import Stage


def visible_teams(user):
    """The teams the list shows: every team for an administrator, the county's
    for a county officer, else the teams the user leads."""
    teams = ServiceTeam.objects.order_by("name", "pk")
    if is_administrator(user):
        return teams
    if user.role == Role.COUNTY_OFFICER and user.division_id:
        return teams.filter(county__code__startswith=code_prefix(user.division_id))
    return teams.filter(leader_id=user.pk)


@login_required
@permission_required("liaison.view_teams", raise_exception=True)
def team_list(request):
    with scopes_disabled():
        rows = queries.team_rows(visible_teams(request.user))
    return render(request, "liaison/teams.html", {"rows": rows})


def _team(user, pk: int) -> ServiceTeam:
    """The team, if the user may see it; outside the user's county it does not exist for them."""
    with scopes_disabled():
        team = ServiceTeam.objects.filter(pk=pk).select_related("leader", "county").first()
    if team is None:
        raise Http404
    if not user.has_perm("liaison.view_team", team):
        if not (user.division_id or "").startswith(code_prefix(team.county_id)):
            raise Http404
        require(user, "liaison.view_team", team)
    return team


@login_required
def team_detail(request, pk: int):
    team = _team(request.user, pk)
    now = timezone.now()
    page = queries.team_page(team, now, timezone.localdate(now))
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    listed = page_of(request, page.firms_at(stage)) if stage else None
    reach = reach_checker(request.user)
    return render(request, "liaison/team.html", {
        "page": page, "team": team, "stage": stage, "stage_label": Stage(stage).label if stage else "",
        "listed": listed, "query": query_without_page(request),
        # Links only where the reader's own pages open (a leader is often the officer of one of the towns).
        "reachable": {row.firm.pk for row in page.firms if reach(row.firm)},
    })
