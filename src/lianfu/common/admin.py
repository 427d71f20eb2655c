from django.contrib import admin

from lianfu.common.models import ActivityLog, ImportJob


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "subject_type", "subject_id", "division_code")
    list_filter = ("action",)
    search_fields = ("subject_id", "action")
    readonly_fields = [f.name for f in ActivityLog._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False  # the audit trail is append-only


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "original_name", "status", "created", "updated", "rejected")
    list_filter = ("kind", "status")
