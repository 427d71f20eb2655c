"""django-simple-history's admin pages with personal data masked.

The history list shows each change as "field: old → new", and a historical
version's page shows the record as it was: without this, an administrator
would read every phone number a firm ever had, unlogged, while the enterprise
page makes revealing one a logged POST. Masked fields appear masked on both
pages; the change itself stays visible (old and new masks differ)."""
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from lianfu.common.masking import mask_id_number, mask_phone


def default_mask(field_name: str):
    """The mask for a field by its name (phones, ID numbers), None to show it as it is."""
    if field_name.endswith("phone"):
        return mask_phone
    if field_name.endswith("id_number"):
        return mask_id_number
    return None


class MaskedRecordContextHelper(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, *, masks: dict, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.masks = masks

    def prepare_delta_change_value(self, change, value):
        mask = self.masks.get(change.field)
        if mask is not None:
            return mask(value or "")
        return super().prepare_delta_change_value(change, value)


class MaskedHistoryAdmin(SimpleHistoryAdmin):
    """A SimpleHistoryAdmin whose history pages mask ``history_masks`` (field
    name → mask function; by default every field named like a phone or an ID
    number). Keep those fields out of the admin's form too (``exclude``) and show
    a masked read-only value instead: the historical version page renders that
    same form. Do not list a masked field in ``history_list_display``."""

    history_masks: dict | None = None

    def get_history_masks(self) -> dict:
        if self.history_masks is not None:
            return self.history_masks
        masks = {}
        for field in self.model._meta.get_fields():
            mask = default_mask(field.name)
            if mask is not None:
                masks[field.name] = mask
        return masks

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedRecordContextHelper(self.model, historical_record, masks=self.get_history_masks())
