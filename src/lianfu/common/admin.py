from django.contrib import admin

from lianfu.common.models import ActivityLog, ImportJob, WorkCalendar, WorkCalendarEntry
from lianfu.common.workdays.domain import audit_deleted, audit_saved, describe
from lianfu.common.workdays.forms import CalendarForm, EntryFormSet


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


class WorkCalendarEntryInline(admin.TabularInline):
    model = WorkCalendarEntry
    formset = EntryFormSet
    extra = 3


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    """The same checks as the county's page (common/workdays); every save and
    delete is audited and clears the cached working days (model signals)."""

    form = CalendarForm
    list_display = ("year", "source_title", "updated_at", "updated_by")
    fields = ("year", "source_title", "source_url", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")
    inlines = [WorkCalendarEntryInline]

    def get_readonly_fields(self, request, obj=None):
        # The entries are checked against the year; a stored calendar keeps its year.
        return (*self.readonly_fields, "year") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj._entries_before = describe(obj.entries.all()) if change else []
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        audit_saved(actor=request.user, calendar=form.instance, created=not change,
                    before=form.instance._entries_before)

    def delete_model(self, request, obj):
        audit_deleted(actor=request.user, calendar=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for calendar in queryset:
            audit_deleted(actor=request.user, calendar=calendar)
        super().delete_queryset(request, queryset)
