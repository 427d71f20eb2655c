"""Admin: read-only (projects change through projects/domain.py, which audits them)."""
from django.contrib import admin

from lianfu.common.admin import ReadOnlyAdmin
from lianfu.projects.models import Project, ProjectUpdate


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "town", "stage", "total_investment", "leader_name", "officer", "version")
    list_filter = ("stage",)
    search_fields = ("code", "name", "leader_name")
    raw_id_fields = ("county", "town", "industry", "officer", "created_by")


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(ReadOnlyAdmin):
    list_display = ("project", "on", "stage_before", "stage", "recorded_by", "recorded_at")
    list_filter = ("stage",)
    raw_id_fields = ("project", "recorded_by")
