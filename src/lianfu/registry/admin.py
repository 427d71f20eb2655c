from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lianfu.common.masking import mask_phone

from lianfu.registry.models import Department, Division, DivisionAlias, Enterprise, Industry, OfficeBuilding


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
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "uscc", "division", "industry", "above_scale", "employees", "status")
    list_filter = ("above_scale", "status")
    search_fields = ("name", "uscc", "short_name")
    raw_id_fields = ("division", "industry")
    # The phone stays masked here too: revealing it is a logged action on the
    # enterprise page, not a side effect of opening a form.
    exclude = ("contact_phone",)
    readonly_fields = ("masked_contact_phone",)

    @admin.display(description=_("contact phone"))
    def masked_contact_phone(self, obj):
        return mask_phone(obj.contact_phone)
