"""Where a ticket goes: the category's department in the enterprise's county
(the county's CategoryRoute when it set one, else the default department by
code), together with the enterprise's town."""
from lianfu.helpdesk.enums import DEFAULT_DEPARTMENT, Category
from lianfu.helpdesk.models import CategoryRoute
from lianfu.registry.models import Department


def county_code(division_code: str) -> str:
    return division_code[:6] + "000000"


def department_for(division_code: str, category: str) -> Department | None:
    """None means the town's own triage (category "other", or a county without
    the department)."""
    county = county_code(division_code)
    route = CategoryRoute.objects.filter(county_id=county, category=category).select_related("department").first()
    if route is not None:
        return route.department
    code = DEFAULT_DEPARTMENT.get(Category(category))
    if code is None:
        return None
    return Department.objects.filter(county_id=county, code=code).first()


def routing_table(county: str) -> list[tuple[str, Department | None]]:
    """(category, department) for every category, as tickets would be routed now."""
    return [(category, department_for(county, category)) for category in Category.values]
