"""The service list and definitions: one Open311 service per helpdesk category."""
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lianfu.common.roles import Role
from lianfu.helpdesk.enums import CATEGORY_ZH, Category

ENTERPRISE_USCC = "enterprise_uscc"

_PRODUCTION = _("Production")
_WORKFORCE = _("Workforce and prevention")
_MONEY = _("Funds and taxes")
_ADMINISTRATION = _("Administration and trade")

# (description, keywords, group) per category; keywords are synonyms a client
# may search by, so they complement the name rather than repeat it.
CATALOGUE = {
    Category.SUPPLY: (
        _("Raw materials, parts or suppliers are short or cannot deliver."),
        _("materials, parts, suppliers, shortage, upstream"), _PRODUCTION),
    Category.LOGISTICS: (
        _("Goods cannot move: trucks, drivers, passes, checkpoints or warehouses."),
        _("trucks, drivers, freight, passes, checkpoints, warehouse"), _PRODUCTION),
    Category.FINANCE: (
        _("Cash flow, loans, guarantees, subsidies or rent relief."),
        _("loans, credit, cash flow, subsidies, guarantees"), _MONEY),
    Category.LABOR: (
        _("Workers cannot return or be hired: travel, quarantine, recruitment."),
        _("workers, hiring, return to work, quarantine, travel, dormitory"), _WORKFORCE),
    Category.PREVENTION: (
        _("Masks, thermometers, disinfectant or prevention rules at the workplace."),
        _("masks, thermometers, disinfectant, health codes, epidemic prevention"), _WORKFORCE),
    Category.APPROVAL: (
        _("Restart filing, licences, permits and other approvals."),
        _("filing, licences, permits, certificates, approval"), _ADMINISTRATION),
    Category.TAX: (
        _("Tax and fee payments, deferrals, reductions and refunds."),
        _("taxes, fees, deferral, reduction, refund, invoices"), _MONEY),
    Category.TRADE: (
        _("Export and import orders, customs, contracts and force majeure."),
        _("exports, imports, customs, orders, force majeure certificate"), _ADMINISTRATION),
    Category.UTILITIES: (
        _("Water, electricity or gas supply and their bills."),
        _("water, electricity, power, gas, bills"), _PRODUCTION),
    Category.PREMISES: (
        _("Workshops, offices, dormitories and rent."),
        _("workshop, factory, office, dormitory, rent, housing"), _PRODUCTION),
    Category.OTHER: (
        _("Anything else: the town looks at it and finds who can help."),
        _("other, general, advice"), _("Other")),
}


def service_name(code: str) -> str:
    """Chinese first (the names officers know the categories by); English when asked."""
    if (get_language() or "").startswith("en"):
        return str(Category(code).label)
    return CATEGORY_ZH[Category(code)]


def service(code: str) -> dict:
    description, keywords, group = CATALOGUE[Category(code)]
    return {"service_code": code, "service_name": service_name(code), "description": str(description),
            # Every service takes the enterprise_uscc attribute, so clients must read the definition.
            "metadata": True, "type": "realtime", "keywords": str(keywords), "group": str(group)}


def services() -> list[dict]:
    return [service(code) for code in Category.values]


def uscc_required(user) -> bool:
    """An enterprise's own key always files for its own enterprise; any other
    key (officer, liaison, administrator) or none must say which one."""
    return user is None or user.role != Role.ENTERPRISE_USER


def definition(code: str, user) -> dict:
    attribute = {
        "variable": True,
        "code": ENTERPRISE_USCC,
        "datatype": "string",
        "required": uscc_required(user),
        "datatype_description": str(_("18 digits and capital letters. Not needed with an enterprise's own "
                                      "api_key: its own enterprise is used.")),
        "order": 1,
        "description": str(_("Unified social credit code of the enterprise the problem is about.")),
    }
    return {"service_code": code, "attributes": [attribute]}
