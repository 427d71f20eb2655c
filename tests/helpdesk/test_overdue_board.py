"""The county's overdue board: overdue and escalated tickets, and on-time
rates per department, exact, in the table, the chart's data and the export."""
import json

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from lianfu.helpdesk import domain
from tests.helpdesk.pages import (  # noqa: F401  (long_sessions: a fixture)
    LOGISTICS,
    element,
    long_sessions,
    page_text,
    submit,
    table_rows,
    xlsx_rows,
    zh,
)
from tests.helpdesk.tickets_fixtures import at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
TEXTS = ["上游铜材供应商没复工，库存只够三天", "上游铜材供应商还没复工，库存只剩两天了",
         "铜材供应商没复工，库存只够三天了，请帮忙", "上游铜材供应商没复工，库存只够三天，很着急"]


@pytest.fixture
def history(personas, staff, firm_x, firm_y, clock):
    """Monday 10:00, all ordinary (due Monday 17:30): 经信局 gets four, resolves
    two by noon and one on Tuesday (late), one stays open; 交通运输局 gets one
    and resolves it on time. Then it is Wednesday 15:00."""
    economy = [submit(personas["firm_x"] if i % 2 else personas["firm_y"],
                      firm_x if i % 2 else firm_y, text) for i, text in enumerate(TEXTS)]
    logistics = submit(personas["firm_x"], firm_x, LOGISTICS)
    clock.move_to(at(2, 12))
    for ticket in (economy[0], economy[1], logistics):
        domain.resolve_ticket(actor=staff["economy"] if ticket in economy else staff["transport"], ticket=ticket,
                              resolution="已协调")
    clock.move_to(at(3, 10))
    domain.resolve_ticket(actor=staff["economy"], ticket=economy[2], resolution="已协调")
    clock.move_to(at(4, 15))
    return {"economy": economy, "logistics": logistics}


def test_on_time_rates_per_department_are_exact(personas, history, login):
    response = login(personas["county"]).get("/helpdesk/overdue/")
    assert table_rows(response, "on-time-table") == [["经信局", "3", "2", "66.7", "1", "1"],
                                                     ["交通运输局", "1", "1", "100.0", "0", "0"]]
    chart = json.loads(element(response, "on-time-data").text)
    assert chart == [["经信局", 66.7], ["交通运输局", 100.0]]    # worst first


def test_the_board_lists_overdue_and_marks_escalated(personas, history, login):
    open_one = history["economy"][3]
    response = login(personas["county"]).get("/helpdesk/overdue/")
    assert element(response, "overdue-count").text == "1"
    assert element(response, "escalated-count").text == "1"    # Wednesday 15:00 is past 14:30
    row = element(response, f"overdue-{open_one.pk}").text
    assert zh("Overdue by %(span)s", span=zh("%(days)d d %(hours)d h", days=1, hours=21)) in row
    assert zh("Escalated") in row
    assert element(login(personas["county"]).get("/helpdesk/overdue/?escalated=1"), f"overdue-{open_one.pk}")


def test_the_rates_and_the_list_export_to_excel(personas, history, login):
    client = login(personas["county"])
    with translation.override("zh-hans"):
        open_header = pgettext("tickets", "Open")
    assert xlsx_rows(client.get("/helpdesk/overdue/?export=rates")) == [
        [zh("Owner"), zh("Resolved"), zh("On time"), zh("On-time rate (%)"), open_header, zh("Overdue now")],
        ["经信局", 3, 2, 66.7, 1, 1], ["交通运输局", 1, 1, 100.0, 0, 0]]
    overdue = xlsx_rows(client.get("/helpdesk/overdue/?export=xlsx"))
    assert [r[0] for r in overdue[1:]] == [history["economy"][3].pk]
    assert overdue[1][6:] == ["2020-03-02 17:30", zh("Overdue by %(span)s", span=zh(
        "%(days)d d %(hours)d h", days=1, hours=21)) + " · " + zh("Escalated")]


def test_an_empty_board_says_what_will_appear(personas, login):
    html = page_text(login(personas["county"]).get("/helpdesk/overdue/"))
    assert zh("Nothing is overdue. A ticket appears here the moment its deadline passes; escalated ones are "
              "marked.") in html
