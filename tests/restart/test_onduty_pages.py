"""One on-duty figure (docs/metrics.md) on every page that shows a firm's:
the chain board's row and its export, the county's list of boards, the labour
officer's home — all equal to workforce.onduty's, for a firm whose roster is
newer than its survey."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.chains.models import Chain
from lianfu.common.roles import Role
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.onduty import OnDutyBook
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.factories.workforce import id_number, make_worker
from tests.restart.test_board import surveyed  # noqa: F401  (the hand-built chain's surveys)

pytestmark = pytest.mark.django_db


def test_a_firms_on_duty_rate_is_the_same_on_every_page(personas, net, chain, surveyed, login):  # noqa: F811
    lead = net["lead"]
    # The lead's survey of 27 Feb says 200 of 300; its roster, newer, says 9 of 12.
    day = dt.date.today()
    for n in range(12):
        make_worker(lead, f"工{n}", number=id_number(sequence=n + 1),
                    history=[(day, WorkerState.AT_WORK if n < 9 else WorkerState.AWAY)])
    expected = OnDutyBook([lead.pk]).firm(lead.pk, day)
    assert (expected.on_duty, expected.headcount, expected.rate, expected.source) == (9, 12, 75.0, "roster")

    county = login(personas["county"])
    board = county.get(reverse("restart:chain_board", args=[lead.uscc]))
    row = next(r for r in board.context["board"].rows if r.uscc == lead.uscc)
    assert (row.on_duty, row.headcount, row.on_duty_rate) == (9, 12, 75.0)
    export = county.get(reverse("restart:chain_board", args=[lead.uscc]) + "?export=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(
        0).to_python()
    assert next(r for r in sheet if lead.uscc in [str(c) for c in r])[7] == 75.0

    listing = county.get(reverse("restart:board"))
    with scopes_disabled():
        mine = Chain.objects.get(lead=lead)
    summary = next(s for s in listing.context["page"].object_list if s.chain.pk == mine.pk)
    board_totals = board.context["board"].totals
    assert (summary.totals.on_duty, summary.totals.staffed) == (board_totals.on_duty, board_totals.staffed)

    labour = UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)
    home = login(labour).get("/")
    lowest = {r["pk"]: r["figure"] for r in home.context["workforce"]["lowest"]}
    assert lowest[lead.pk] == expected
