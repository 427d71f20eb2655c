"""The county edits its prevention checklist (texts, order, retiring an item,
adding one). Items are never deleted: old checks keep meaning what they said."""
from django.db import transaction

from lianfu.common.audit import log_activity
from lianfu.restart.checklists import county_items
from lianfu.restart.domain._base import require, step
from lianfu.restart.models import ChecklistItem

FIELDS = ("text_zh", "text_en", "order", "active")


@step
def update_checklist(*, actor, county, rows: list[dict]) -> int:
    """Upsert ``rows`` ({code, text_zh, text_en, order, active}) by code;
    returns how many items changed."""
    require(actor, "restart.edit_checklist", county)
    with transaction.atomic():
        current = {item.code: item for item in county_items(county.code)}
        changed = []
        for row in rows:
            item = current.get(row["code"])
            if item is None:
                changed.append(ChecklistItem.objects.create(county=county, **{k: row[k] for k in ("code", *FIELDS)}))
                continue
            diff = [name for name in FIELDS if getattr(item, name) != row[name]]
            for name in diff:
                setattr(item, name, row[name])
            if diff:
                item.save(update_fields=diff)
                changed.append(item)
        if changed:
            log_activity(actor=actor, action="checklist.updated", subject=county, division_code=county.code,
                         items=sorted(item.code for item in changed))
    return len(changed)
