"""Admin: the county edits its routing table here; tickets and their timelines
are read-only (they change only through helpdesk/domain, which audits them)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lianfu.common.admin import ReadOnlyAdmin
from lianfu.helpdesk.domain import record_correction, set_category_route
from lianfu.helpdesk.domain.routes import check_route
from lianfu.helpdesk.models import CategoryRoute, ClassificationCorrection, Ticket, TicketEvent
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Department, Division


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


class CategoryRouteForm(forms.ModelForm):
    class Meta:
        model = CategoryRoute
        fields = ("county", "category", "department")

    def clean(self):
        cleaned = super().clean()
        county = cleaned.get("county") or getattr(self.instance, "county", None)
        category = cleaned.get("category") or self.instance.category
        if county is not None and category:
            check_route(county, category, cleaned.get("department"))  # a ValidationError lands on its field
        return cleaned


def _admin_county(request) -> Division | None:
    """The county a non-administrator edits: a county officer's own. The admin
    asks for every request, its login page's included, so the user may be
    anonymous (no division)."""
    return request.user.division if getattr(request.user, "division_id", None) else None


@admin.register(CategoryRoute)
class CategoryRouteAdmin(admin.ModelAdmin):
    """One row per (county, category). A county officer sees and edits only
    its own county's rows; rows are not deleted (set the department instead,
    empty meaning the town triages the category)."""

    form = CategoryRouteForm
    list_display = ("county", "category", "department")
    list_filter = ("category",)
    list_select_related = ("county", "department")

    def _allowed(self, request, obj=None) -> bool:
        county = obj.county if obj is not None else _admin_county(request)
        return request.user.has_perm("helpdesk.edit_routing", county)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def _is_administrator(self, request) -> bool:
        return request.user.has_perm("helpdesk.edit_routing", None)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if self._is_administrator(request) else rows.filter(
            county_id=getattr(request.user, "division_id", None))

    def get_readonly_fields(self, request, obj=None):
        # Changing the key of a row would leave the old category unrouted: add a row instead.
        return ("county", "category") if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        request.category_route = obj  # for the department choices below (the admin is shared by every request)
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        own = None if self._is_administrator(request) else getattr(request.user, "division_id", None)
        if db_field.name == "county":
            counties = Division.objects.filter(level=DivisionLevel.COUNTY)
            kwargs["queryset"] = counties.filter(code=own) if own else counties
        elif db_field.name == "department":
            county = getattr(getattr(request, "category_route", None), "county_id", None) or own
            departments = Department.objects.select_related("county")
            kwargs["queryset"] = departments.filter(county_id=county) if county else departments
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = set_category_route(actor=request.user, county=obj.county, category=obj.category,
                                   department=obj.department)
        obj.pk = saved.pk


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    fields = ("at", "kind", "actor", "note", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    """Read-only: a ticket moves only through the domain (its pages and API)."""

    list_display = ("id", "created_at", "enterprise", "town", "category", "department", "status", "due_at",
                    "channel", "rating")
    list_filter = ("status", "category", "channel", "submitter", "difficulty", "extension", "resolved_on_time")
    search_fields = ("id", "text", "enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise", "town", "department")
    date_hierarchy = "created_at"
    inlines = (TicketEventInline,)
    raw_id_fields = ("enterprise", "town", "submitted_by", "department", "merged_into")
