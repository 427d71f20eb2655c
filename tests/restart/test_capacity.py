"""Capacity now: one definition (restart/capacity.py, docs/metrics.md), and
every place that shows a firm's capacity agrees with it — the chain board (data,
page and export), the county's list of boards and the engine's state.

甲铜业 surveyed at 0 % while closed (02-18), restarted at 60 % (02-20), and a
week later surveyed at 80 % (02-27)."""
import datetime
import io
import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.analysis.state import load_state
from lianfu.common.scoping import reach_checker, scope_for
from lianfu.restart import domain
from lianfu.restart.boards import chain as board
from lianfu.restart.boards.summaries import chain_summaries
from lianfu.restart.capacity import CapacityNow, Source, capacity_on
from lianfu.restart.models import RestartConfirmation

pytestmark = pytest.mark.django_db
D = datetime.date


def survey(actor, enterprise, day, capacity, headcount=100):
    domain.record_survey(actor=actor, enterprise=enterprise, surveyed_on=day, capacity_pct=capacity,
                         headcount_total=headcount, headcount_on_duty=0, headcount_away=headcount, blockers=[])


@pytest.fixture
def restarted(personas, net, members):
    """甲: closed at 0 %, restarted at 60 % (no survey since)."""
    survey(members["a"], net["a"], D(2020, 2, 18), 0)
    domain.grant_override(actor=personas["county"], enterprise=net["a"], reason="保供")
    domain.confirm_restart(actor=members["a"], enterprise=net["a"], restarted_on=D(2020, 2, 20), capacity_pct=60)
    return net["a"]


def test_the_newer_evidence_wins_and_the_restart_wins_on_its_own_day(restarted, members):
    a = restarted.pk
    assert capacity_on([a], D(2020, 2, 17)) == {}
    assert capacity_on([a], D(2020, 2, 19)) == {a: CapacityNow(0, Source.SURVEY, D(2020, 2, 18))}
    assert capacity_on([a], D(2020, 2, 20)) == {a: CapacityNow(60, Source.RESTART, D(2020, 2, 20))}
    survey(members["a"], restarted, D(2020, 2, 20), 10)          # taken that morning, before the restart
    assert capacity_on([a], D(2020, 2, 20))[a] == CapacityNow(60, Source.RESTART, D(2020, 2, 20))
    survey(members["a"], restarted, D(2020, 2, 27), 80)
    assert capacity_on([a], D(2020, 2, 26))[a] == CapacityNow(60, Source.RESTART, D(2020, 2, 20))
    assert capacity_on([a], D(2020, 2, 27))[a] == CapacityNow(80, Source.SURVEY, D(2020, 2, 27))


def test_a_restart_without_a_survey_counts_and_no_evidence_is_no_figure(personas, net, members):
    domain.grant_override(actor=personas["county"], enterprise=net["b"], reason="保供")
    domain.confirm_restart(actor=members["b"], enterprise=net["b"], restarted_on=D(2020, 2, 21), capacity_pct=45)
    assert capacity_on([net["b"].pk, net["s"].pk], D(2020, 3, 1)) == {
        net["b"].pk: CapacityNow(45, Source.RESTART, D(2020, 2, 21))}


def shown_everywhere(client, personas, chain, firm) -> dict[str, float]:
    """甲's capacity as each place shows it to the county officer (today)."""
    officer = personas["county"]
    row = next(r for r in board.chain_board(chain, reach_checker(officer)).rows if r.enterprise_id == firm.pk)
    with scope(**scope_for(officer)):
        [summary] = chain_summaries(type(chain).objects.filter(pk=chain.pk), reach_checker(officer))
    client.force_login(officer)
    page = client.get(reverse("restart:chain_board", args=[chain.lead.uscc])).content.decode()
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)]
    row_html = re.search(rf"<tr>\s*<td[^>]*>[^<]*</td>\s*<td>{firm.name}</td>.*?</tr>", page, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.S)
    on_page = cells[next(i for i, h in enumerate(headers) if h.startswith(("产能", "Capacity")))]
    export = client.get(reverse("restart:chain_board", args=[chain.lead.uscc]), {"export": "xlsx"})
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))
    sheet = workbook.get_sheet_by_index(0).to_python()
    header = next(r for r in sheet if "甲铜业" not in r and any(str(c).startswith(("产能", "Capacity")) for c in r))
    column = next(i for i, c in enumerate(header) if str(c).startswith(("产能", "Capacity")))
    exported = next(r for r in sheet if firm.name in r)[column]
    state = load_state()
    return {"board": row.capacity_pct, "page": int(on_page),
            "export": int(exported), "list": summary.totals.capacity,
            "engine": round(100 * state.capacity[state.position(firm.pk)])}


def test_every_place_shows_a_restarted_firm_at_its_restart_capacity(client, personas, chain, restarted):
    assert shown_everywhere(client, personas, chain, restarted) == {
        "board": 60, "page": 60, "export": 60, "list": 60.0, "engine": 60}


def test_every_place_shows_the_survey_taken_after_the_restart(client, personas, chain, restarted, members):
    survey(members["a"], restarted, D(2020, 2, 27), 80)
    with scopes_disabled():
        assert RestartConfirmation.objects.get(enterprise=restarted).capacity_pct == 60
    assert shown_everywhere(client, personas, chain, restarted) == {
        "board": 80, "page": 80, "export": 80, "list": 80.0, "engine": 80}
