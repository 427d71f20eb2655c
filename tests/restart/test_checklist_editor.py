"""The county edits its prevention checklist; firms and inspectors read it."""
import pytest

from lianfu.common.models import ActivityLog
from lianfu.restart.checklists import checklist
from lianfu.restart.enums import DEFAULT_CHECKLIST

pytestmark = pytest.mark.django_db


def posted(changes: dict | None = None, new: dict | None = None) -> dict:
    data = {}
    for i, (code, zh, en) in enumerate(DEFAULT_CHECKLIST):
        row = {"text_zh": zh, "text_en": en, "order": i, "active": "on", **(changes or {}).get(code, {})}
        data.update({f"item-{i}-{k}": v for k, v in row.items() if v is not None})
    for k, v in (new or {}).items():
        data[f"new-0-{k}"] = v
    data.update({"new-0-order": data.get("new-0-order", 20), "new-1-order": 21})
    return data


def test_county_officer_edits_retires_and_adds_items(personas, firm_x, login):
    client = login(personas["county"])
    assert client.get("/restart/checklist-template/").status_code == 200
    response = client.post("/restart/checklist-template/", posted(
        changes={"masks": {"text_zh": "每人每天两只口罩"}, "meal_delivery": {"active": None}},
        new={"code": "hand_washing", "text_zh": "进门洗手", "text_en": "", "active": "on"}))
    assert response.status_code == 302
    codes = [(item.code, item.text_zh) for item in checklist(firm_x)]
    assert ("masks", "每人每天两只口罩") in codes and ("hand_washing", "进门洗手") in codes
    assert "meal_delivery" not in [code for code, _text in codes] and len(codes) == len(DEFAULT_CHECKLIST)
    log = ActivityLog.objects.get(action="checklist.updated")
    assert log.data["items"] == ["hand_washing", "masks", "meal_delivery"]


def test_a_new_item_without_chinese_text_is_refused_and_kept(personas, login):
    response = login(personas["county"]).post("/restart/checklist-template/",
                                              posted(new={"code": "gloves", "text_zh": ""}))
    page = response.content.decode()
    assert response.status_code == 200 and 'value="gloves"' in page
    assert not ActivityLog.objects.filter(action="checklist.updated").exists()


@pytest.mark.parametrize("persona", ["town_a", "firm_x", "liaison_a"])
def test_only_the_county_bureau_edits_the_checklist(personas, login, persona):
    assert login(personas[persona]).get("/restart/checklist-template/").status_code == 403
