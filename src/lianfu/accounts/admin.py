from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lianfu.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "division", "department", "enterprise", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("division", "department", "enterprise")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and reach"), {"fields": ("role", "division", "department", "enterprise")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and reach"), {"fields": ("role", "division", "department", "enterprise")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "hint", "created_at", "last_used_at")
