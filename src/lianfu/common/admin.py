from django.contrib import admin

from lianfu.common.models import ActivityLog, ImportJob


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through domain functions (which audit them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
