"""Demo step: one login per role (plus a second town officer and a second firm,
so isolation can be seen by hand)."""
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common.roles import Role
from lianfu.demo.context import DEMO_PASSWORD, DemoContext
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Department, Division, Enterprise

HOME_TOWN, SECOND_TOWN = "浒山街道", "周巷镇"


def town_named(ctx: DemoContext, name: str, fallback_index: int) -> Division:
    towns = Division.objects.filter(level=DivisionLevel.TOWN, code__startswith=ctx.county.prefix).order_by("code")
    return towns.filter(name=name).first() or list(towns)[fallback_index]


def largest_firm(town: Division) -> Enterprise:
    return Enterprise.objects.filter(division=town).order_by("-above_scale", "-employees", "pk").first()


def demo_users(ctx: DemoContext) -> list[dict]:
    town, town2 = town_named(ctx, HOME_TOWN, 0), town_named(ctx, SECOND_TOWN, -1)
    economy = Department.objects.get(county=ctx.county, code="economy")
    health = Department.objects.get(county=ctx.county, code="health")
    return [
        {"username": "county", "role": Role.COUNTY_OFFICER, "division": ctx.county, "first_name": "陈局长"},
        {"username": "town", "role": Role.TOWN_OFFICER, "division": town, "first_name": "王主任"},
        {"username": "town2", "role": Role.TOWN_OFFICER, "division": town2, "first_name": "李主任"},
        {"username": "dept", "role": Role.DEPARTMENT_STAFF, "department": economy, "first_name": "赵科长"},
        {"username": "liaison", "role": Role.LIAISON_OFFICER, "division": town, "first_name": "周联络员"},
        {"username": "firm", "role": Role.ENTERPRISE_USER, "enterprise": largest_firm(town), "first_name": "张经理"},
        {"username": "firm2", "role": Role.ENTERPRISE_USER, "enterprise": largest_firm(town2), "first_name": "刘经理"},
        {"username": "labour", "role": Role.LABOUR_OFFICER, "division": ctx.county, "first_name": "孙科长"},
        # Two health officials: a status one proposes, the other approves (workplace entry).
        {"username": "health", "role": Role.DEPARTMENT_STAFF, "department": health, "first_name": "钱医生"},
        {"username": "health2", "role": Role.DEPARTMENT_STAFF, "department": health, "first_name": "吴医生"},
        {"username": "admin", "role": Role.ADMINISTRATOR, "first_name": "管理员",
         "is_staff": True, "is_superuser": True},
    ]


def accounts_step(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)  # hash once: the same for every demo login
    with scopes_disabled():
        for spec in demo_users(ctx):
            user, _created = User.objects.update_or_create(
                username=spec["username"], defaults={**spec, "password": password})
            ctx.logins.append({"username": user.username, "role": user.get_role_display(), "where": where_of(user)})
        ctx.progress("logins", len(ctx.logins), len(ctx.logins))


def where_of(user: User) -> str:
    anchor = user.division or user.department or user.enterprise
    return str(anchor) if anchor else str(_("everything"))
