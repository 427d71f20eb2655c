"""Chain progress boards: the county's list of chains and one chain's board,
each filtered, sorted, paged and exported with the same columns."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.chains.access import get_chain, own_chain_or_memberships
from lianfu.chains.models import Chain
from lianfu.common.pagination import page_of
from lianfu.common.scoping import reach_checker
from lianfu.registry.stages import STAGE_COLOURS, Stage
from lianfu.restart.boards import chain as boards
from lianfu.restart.boards.exports import board_list_xlsx, board_xlsx
from lianfu.restart.boards.summaries import LIST_SORTS, chain_summaries

PAGE_SIZE = 100

# (sort key, label, numeric, first direction): numbers start with the largest,
# the oldest problem and the earliest date with the earliest.
BOARD_COLUMNS = [
    ("seq", gettext_lazy("No."), True, ""), ("name", gettext_lazy("Enterprise"), False, ""),
    ("", gettext_lazy("Credit code"), False, ""), ("tier", gettext_lazy("Tier"), True, ""),
    ("place", gettext_lazy("Town or county"), False, ""), ("stage", gettext_lazy("Stage"), False, ""),
    ("capacity", gettext_lazy("Capacity %"), True, "-"), ("on_duty", gettext_lazy("On-duty rate %"), True, "-"),
    ("blocker", gettext_lazy("Oldest open problem"), False, ""),
    ("planned", gettext_lazy("Planned restart date"), False, ""),
]
LIST_COLUMNS = [
    ("lead", gettext_lazy("Lead firm"), False, ""), ("town", gettext_lazy("Town"), False, ""),
    ("suppliers", gettext_lazy("Suppliers"), True, "-"), ("restarted", gettext_lazy("Restarted"), True, "-"),
    ("completion", gettext_lazy("Completion %"), True, ""),
    ("capacity", gettext_lazy("Capacity % (weighted by headcount)"), True, "-"),
    ("on_duty", gettext_lazy("On-duty rate %"), True, "-"),
]


def sort_headers(columns, sort: str, params: dict) -> list[dict]:
    """One header per column: its link toggles the direction, ▲/▼ marks the current one."""
    out = []
    for key, label, numeric, first in columns:
        header = {"label": label, "numeric": numeric, "query": "", "arrow": ""}
        if key:
            if sort.lstrip("-") == key:
                header["arrow"] = " ▼" if sort.startswith("-") else " ▲"
                following = key if sort.startswith("-") else f"-{key}"
            else:
                following = f"{first}{key}"
            header["query"] = urlencode({**params, "sort": following})
        out.append(header)
    return out


def _params(request, *names) -> dict:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


@login_required
def board_list(request):
    """Every chain in the user's jurisdiction; a lead firm goes to its own board."""
    user = request.user
    if not user.has_perm("chains.list_chains"):
        return own_chain_or_memberships(user, "restart:chain_board")
    summaries = chain_summaries(Chain.objects.all(), reach_checker(user))
    towns = sorted({(s.lead.division_id, s.lead.division.name) for s in summaries if s.lead.division},
                   key=lambda t: t[1])
    town, sort = request.GET.get("town", ""), request.GET.get("sort", "completion")
    if town:
        summaries = [s for s in summaries if s.lead.division_id == town]
    summaries = boards.sort_rows(summaries, sort, LIST_SORTS)
    if request.GET.get("export") == "xlsx":
        return board_list_xlsx(summaries, user.division.name if user.division else _("All counties"))
    params = _params(request, "town")
    return render(request, "restart/board_list.html", {
        "page": page_of(request, summaries, PAGE_SIZE), "towns": towns, "town": town,
        "headers": sort_headers(LIST_COLUMNS, sort, params), "query": urlencode({**params, "sort": sort}),
    })


@login_required
def chain_board(request, uscc: str):
    """One chain, every member and the lead: stage for all, survey figures for
    the firms the viewer may read (boards/chain.py)."""
    chain = get_chain(request.user, uscc)
    board = boards.chain_board(chain, reach_checker(request.user))
    stage = request.GET.get("stage", "") if request.GET.get("stage") in Stage.values else ""
    place, sort = request.GET.get("town", ""), request.GET.get("sort", "seq")
    rows = boards.sort_rows(boards.filter_rows(board.rows, stage=stage, place=place), sort, boards.BOARD_SORTS)
    if request.GET.get("export") == "xlsx":
        return board_xlsx(chain, rows)
    params = _params(request, "stage", "town")
    return render(request, "restart/board.html", {
        "chain": chain, "board": board, "stage": stage, "town": place,
        "page": page_of(request, rows, PAGE_SIZE),
        "headers": sort_headers(BOARD_COLUMNS, sort, params), "query": urlencode({**params, "sort": sort}),
        "legend": [(s.value, s.label, STAGE_COLOURS[s]) for s in Stage],
        "all_detail": all(r.detail for r in board.rows),
        "can_import": request.user.has_perm("chains.import_suppliers", chain),
    })
