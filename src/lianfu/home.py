"""The first screen of each role answers "what needs me today?": the one
module that reads every app's home cards (an entry point, above all apps)."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from lianfu.analysis import home as analysis_cards
from lianfu.chains import home as chain_cards
from lianfu.common.roles import Role
from lianfu.common.workdays.domain import EDIT_PERMISSION as EDIT_WORK_CALENDAR
from lianfu.common.workdays.lookup import years_missing
from lianfu.dashboard import home as dashboard_cards
from lianfu.helpdesk import home as helpdesk_cards
from lianfu.liaison import home as liaison_cards
from lianfu.registry import queries
from lianfu.registry.models import Enterprise
from lianfu.restart import home as restart_cards
from lianfu.restart import town_home
from lianfu.workforce import home as workforce_cards

TEMPLATES = {
    Role.COUNTY_OFFICER: "home/officer.html",
    Role.TOWN_OFFICER: "home/officer.html",
    Role.LABOUR_OFFICER: "home/officer.html",
    Role.ADMINISTRATOR: "home/officer.html",
    Role.LIAISON_OFFICER: "home/liaison.html",
    Role.DEPARTMENT_STAFF: "home/department.html",
    Role.ENTERPRISE_USER: "home/enterprise.html",
}


@login_required
def home(request):
    user = request.user
    context = {"jurisdiction": user.division}
    if user.role == Role.ENTERPRISE_USER:
        context["enterprise"] = user.enterprise
        context.update(chain_cards.enterprise_cards(user))
        context.update(restart_cards.enterprise_tasks(user))
        context.update(helpdesk_cards.enterprise_cards(user))
        if context.get("my_chain"):
            context.update(helpdesk_cards.lead_cards(user))
            context.update(analysis_cards.lead_cards(user))
        context.update(workforce_cards.enterprise_cards(user))
    elif user.role == Role.DEPARTMENT_STAFF:
        context["department"] = user.department
        context.update(helpdesk_cards.department_cards(user))
    elif user.role == Role.LIAISON_OFFICER:
        context.update(liaison_cards.liaison_cards(user))
        if not context["has_assignment"]:
            context["above_scale_firms"] = _largest_above_scale()
    else:
        # An officer who reads the figures gets them by town instead of the registry's counts.
        context.update(_overview(by_group=not user.has_perm("dashboard.view_overview")))
        context.update(dashboard_cards.officer_cards(user))
        context.update(chain_cards.officer_cards(user))
        context.update(analysis_cards.officer_cards(user))
        context.update(restart_cards.officer_cards(user))
        context.update(town_home.town_cards(user))
        context.update(helpdesk_cards.officer_cards(user))
        if user.role in (Role.LABOUR_OFFICER, Role.ADMINISTRATOR):
            context.update(workforce_cards.labour_cards(user))
    if user.has_perm(EDIT_WORK_CALENDAR):
        context["calendar_missing"] = years_missing(timezone.localdate())
    return render(request, TEMPLATES.get(user.role, "home/officer.html"), context)


def _overview(by_group: bool = True) -> dict:
    totals = Enterprise.objects.aggregate(
        total=Count("id"), above=Count("id", filter=Q(above_scale=True)), employees=Sum("employees"))
    if not by_group:
        return {"totals": totals, "above_scale_firms": _largest_above_scale()}
    by_town = queries.counts_by_town()
    peak = max((row["total"] for row in by_town), default=0)
    for row in by_town:
        row["bar"] = int(100 * row["total"] / peak) if peak else 0
    return {
        "totals": totals,
        "by_town": by_town,
        "by_industry": queries.counts_by_industry_division()[:15],
        "above_scale_firms": _largest_above_scale(),
    }


def _largest_above_scale(limit: int = 20):
    return queries.enterprises(queries.EnterpriseFilter(above_scale=True, sort="-employees"))[:limit]
