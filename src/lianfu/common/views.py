"""The first screen of each role answers "what needs me today?"."""
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.accounts.enums import Role
from lianfu.analysis import home as analysis_cards
from lianfu.chains import home as chain_cards
from lianfu.common import activity_words
from lianfu.common.exports import xlsx_response
from lianfu.common.queries import activity_for
from lianfu.common.workdays.domain import EDIT_PERMISSION as EDIT_WORK_CALENDAR
from lianfu.common.workdays.lookup import years_missing
from lianfu.helpdesk import home as helpdesk_cards
from lianfu.registry import queries
from lianfu.registry.models import Enterprise
from lianfu.restart import home as restart_cards

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
    elif user.role == Role.DEPARTMENT_STAFF:
        context["department"] = user.department
        context.update(helpdesk_cards.department_cards(user))
    elif user.role == Role.LIAISON_OFFICER:
        context["above_scale_firms"] = _largest_above_scale()
    else:
        context.update(_overview())
        context.update(chain_cards.officer_cards(user))
        context.update(analysis_cards.officer_cards(user))
        context.update(restart_cards.officer_cards(user))
        context.update(helpdesk_cards.officer_cards(user))
    if user.has_perm(EDIT_WORK_CALENDAR):
        context["calendar_missing"] = years_missing(timezone.localdate())
    return render(request, TEMPLATES.get(user.role, "home/officer.html"), context)


def _overview() -> dict:
    totals = Enterprise.objects.aggregate(
        total=Count("id"), above=Count("id", filter=Q(above_scale=True)), employees=Sum("employees"))
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


@login_required
@permission_required("common.view_activity", raise_exception=True)
def activity(request):
    qs = activity_for(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if request.GET.get("export") == "xlsx":
        # The same words as the page; the event's code last, for filtering in Excel.
        return xlsx_response(
            "activity.xlsx", [_("Time"), _("Who"), _("What happened"), _("Details"), _("Event code")],
            ([timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor.display_name if e.actor else _("system"),
              sentence, "; ".join(f"{k}={v}" for k, v in e.data.items()), e.action]
             for e, sentence in activity_words.described(qs.iterator(chunk_size=2000))),
            sheet_name=_("Activity log"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    for entry, sentence in zip(entries, activity_words.describe(entries)):
        entry.sentence = sentence
    # A filter narrower than a family (a link to one kind of event) is shown as what it is.
    narrower = "" if not action or action in dict(activity_words.FAMILIES) else activity_words.narrower(action)
    return render(request, "common/activity.html",
                  {"page": page, "entries": entries, "action": action, "families": activity_words.FAMILIES,
                   "narrower": narrower, "query": urlencode({"action": action})})
