from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lianfu.common.admin import ReadOnlyAdmin
from lianfu.common.history_admin import MaskedHistoryAdmin
from lianfu.common.masking import mask_phone
from lianfu.registry import domain
from lianfu.registry.models import (
    Department,
    Division,
    DivisionAlias,
    Enterprise,
    EnterpriseStage,
    Industry,
    OfficeBuilding,
    TownAlias,
)


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(DivisionAlias)
class DivisionAliasAdmin(admin.ModelAdmin):
    list_display = ("old_code", "old_name", "division", "note")
    search_fields = ("old_code", "old_name")
    raw_id_fields = ("division",)


@admin.register(TownAlias)
class TownAliasAdmin(admin.ModelAdmin):
    """Administrators keep any county's aliases here; changes are logged like the county page's."""

    list_display = ("old_name", "old_code", "division", "changed_on", "county", "source")
    list_filter = ("county",)
    search_fields = ("old_name", "old_code", "division__name", "source")
    raw_id_fields = ("county", "division")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        domain.log_town_alias(request.user, "town_alias.changed" if change else "town_alias.added", obj)

    def delete_model(self, request, obj):
        domain.delete_town_alias(actor=request.user, alias=obj)

    def delete_queryset(self, request, queryset):
        for alias in queryset.select_related("county"):
            domain.delete_town_alias(actor=request.user, alias=alias)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "county")
    raw_id_fields = ("county",)


@admin.register(OfficeBuilding)
class OfficeBuildingAdmin(admin.ModelAdmin):
    list_display = ("name", "town", "floor_area_m2")
    raw_id_fields = ("town",)


@admin.register(Enterprise)
class EnterpriseAdmin(MaskedHistoryAdmin):
    list_display = ("name", "uscc", "division", "industry", "above_scale", "employees", "status")
    list_filter = ("above_scale", "status")
    search_fields = ("name", "uscc", "short_name")
    raw_id_fields = ("division", "industry")
    # The phone stays masked here too, history pages included: revealing it is a
    # logged action on the enterprise page, not a side effect of opening a form.
    exclude = ("contact_phone",)
    readonly_fields = ("masked_contact_phone",)

    @admin.display(description=_("contact phone"))
    def masked_contact_phone(self, obj):
        return mask_phone(obj.contact_phone)


@admin.register(EnterpriseStage)
class EnterpriseStageAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "stage", "since")
    list_filter = ("stage",)
    raw_id_fields = ("enterprise",)
