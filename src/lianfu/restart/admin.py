"""Admin: the county edits its prevention checklist here; workflow records are
read-only (they change only through the domain functions, which audit them)."""
from django.contrib import admin

from lianfu.common.admin import ReadOnlyAdmin
from lianfu.restart.models import (
    ChainFiling,
    ChecklistItem,
    Filing,
    PreventionCheck,
    RestartConfirmation,
    RestartOverride,
    Survey,
)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("county", "order", "code", "text_zh", "text_en", "active")
    list_editable = ("order", "text_zh", "text_en", "active")
    list_filter = ("active",)
    raw_id_fields = ("county",)


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "surveyed_on", "capacity_pct", "headcount_total", "headcount_on_duty",
                    "planned_restart", "on_behalf")
    raw_id_fields = ("enterprise", "submitted_by")


@admin.register(ChainFiling)
class ChainFilingAdmin(ReadOnlyAdmin):
    list_display = ("lead", "submitted_at", "submitted_by")
    raw_id_fields = ("lead", "submitted_by")


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "package", "status", "submitted_at", "reviewed_at", "version")
    list_filter = ("status",)
    raw_id_fields = ("enterprise", "package", "reviewed_by")


@admin.register(PreventionCheck)
class PreventionCheckAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "kind", "passed", "checked_at", "checked_by")
    list_filter = ("kind", "passed")
    raw_id_fields = ("enterprise", "checked_by")


@admin.register(RestartConfirmation)
class RestartConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "restarted_on", "capacity_pct", "overridden")
    raw_id_fields = ("enterprise", "confirmed_by")


@admin.register(RestartOverride)
class RestartOverrideAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "reason", "granted_by", "granted_at")
    raw_id_fields = ("enterprise", "granted_by")
