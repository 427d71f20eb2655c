"""Admin for correcting data by hand. Changing links here does not refresh
chain members; the supplier-list import and the domain functions do."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lianfu.chains.models import Chain, HandOff, SupplyLink


@admin.register(SupplyLink)
class SupplyLinkAdmin(SimpleHistoryAdmin):
    list_display = ("supplier", "buyer", "item", "annual_value", "essential", "stock_days", "source", "verified")
    list_filter = ("essential", "source", "verified")
    search_fields = ("supplier__name", "supplier__uscc", "buyer__name", "buyer__uscc", "item")
    raw_id_fields = ("supplier", "buyer")


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ("lead", "depth_limit", "created_at", "refreshed_at")
    search_fields = ("lead__name", "lead__uscc")
    raw_id_fields = ("lead",)


@admin.register(HandOff)
class HandOffAdmin(admin.ModelAdmin):
    list_display = ("supplier", "from_county", "to_county_code", "status", "sent_at", "confirmed_at")
    list_filter = ("status",)
    raw_id_fields = ("supplier", "from_county", "changed_by")
