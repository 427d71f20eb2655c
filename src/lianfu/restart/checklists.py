"""The prevention checklist of an enterprise's county: the county's own copy,
created from the defaults the first time it is needed (then edited in admin)."""
from django_scopes import scopes_disabled

from lianfu.restart.enums import DEFAULT_CHECKLIST
from lianfu.restart.models import ChecklistItem


def county_code_of(enterprise) -> str:
    return (enterprise.division_id or "")[:6].ljust(12, "0")


def checklist(enterprise) -> list[ChecklistItem]:
    county = county_code_of(enterprise)
    with scopes_disabled():
        items = list(ChecklistItem.objects.filter(county_id=county, active=True))
        if not items and not ChecklistItem.objects.filter(county_id=county).exists():
            ChecklistItem.objects.bulk_create([
                ChecklistItem(county_id=county, code=code, text_zh=zh, text_en=en, order=i)
                for i, (code, zh, en) in enumerate(DEFAULT_CHECKLIST)], ignore_conflicts=True)
            items = list(ChecklistItem.objects.filter(county_id=county, active=True))
    return items


def checklist_codes(enterprise) -> list[str]:
    return [item.code for item in checklist(enterprise)]
