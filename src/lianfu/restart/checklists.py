"""The prevention checklist of an enterprise's county: the county's own copy,
created from the defaults the first time it is needed (then edited in admin)."""
from django_scopes import scopes_disabled

from lianfu.restart.enums import DEFAULT_CHECKLIST
from lianfu.restart.models import ChecklistItem


def county_code_of(enterprise) -> str:
    return (enterprise.division_id or "")[:6].ljust(12, "0")


def county_items(county: str) -> list[ChecklistItem]:
    """Every item of the county's checklist, retired ones included; the
    defaults are copied in the first time the county's list is needed."""
    with scopes_disabled():
        if not ChecklistItem.objects.filter(county_id=county).exists():
            ChecklistItem.objects.bulk_create([
                ChecklistItem(county_id=county, code=code, text_zh=zh, text_en=en, order=i)
                for i, (code, zh, en) in enumerate(DEFAULT_CHECKLIST)], ignore_conflicts=True)
        return list(ChecklistItem.objects.filter(county_id=county))


def checklist(enterprise) -> list[ChecklistItem]:
    return [item for item in county_items(county_code_of(enterprise)) if item.active]


def checklist_codes(enterprise) -> list[str]:
    return [item.code for item in checklist(enterprise)]
