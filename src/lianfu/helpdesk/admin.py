from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lianfu.helpdesk.domain import record_correction
from lianfu.helpdesk.models import ClassificationCorrection


@admin.register(ClassificationCorrection)
class ClassificationCorrectionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "category", "excerpt", "corrected_by")
    list_filter = ("category",)
    search_fields = ("text",)
    fields = ("text", "category")

    @admin.display(description=_("text"))
    def excerpt(self, obj) -> str:
        return obj.text[:60]

    def has_change_permission(self, request, obj=None):
        # A wrong correction is deleted or outvoted by a later one (the latest
        # correction of a text wins), so the record of who said what stays true.
        return False

    def save_model(self, request, obj, form, change):
        saved = record_correction(actor=request.user, text=obj.text, category=obj.category)
        obj.pk, obj.created_at, obj.corrected_by = saved.pk, saved.created_at, saved.corrected_by
