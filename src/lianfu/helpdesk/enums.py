from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What an enterprise's problem is about (exactly these codes; they are
    also the Open311 service codes)."""

    SUPPLY = "supply", _("Raw materials and supply chain")
    LOGISTICS = "logistics", _("Logistics and transport")
    FINANCE = "finance", _("Funds and financing")
    LABOR = "labor", _("Labour and return to work")
    PREVENTION = "prevention", _("Prevention supplies and measures")
    APPROVAL = "approval", _("Approvals and filing")
    TAX = "tax", _("Taxes and fees")
    TRADE = "trade", _("Foreign trade")
    UTILITIES = "utilities", _("Water, power and gas")
    PREMISES = "premises", _("Premises and housing")
    OTHER = "other", _("Other")


# The Chinese label officers know each category by (shown with the English one).
CATEGORY_ZH = {
    Category.SUPPLY: "原材料与供应链", Category.LOGISTICS: "物流运输", Category.FINANCE: "资金与融资",
    Category.LABOR: "用工与返岗", Category.PREVENTION: "防疫物资与防控", Category.APPROVAL: "审批与备案",
    Category.TAX: "税费", Category.TRADE: "外贸", Category.UTILITIES: "水电气", Category.PREMISES: "场地与住宿",
    Category.OTHER: "其他",
}

# The department that owns each category by default (codes of demo/registry
# departments); "other" goes to the town's own triage. Editable per county.
DEFAULT_DEPARTMENT = {
    Category.SUPPLY: "economy", Category.LOGISTICS: "transport", Category.FINANCE: "finance",
    Category.LABOR: "labour", Category.PREVENTION: "health", Category.APPROVAL: "approval", Category.TAX: "tax",
    Category.TRADE: "commerce", Category.UTILITIES: "development", Category.PREMISES: "housing",
    Category.OTHER: None,
}
