import pytest
from django_scopes import scopes_disabled
from stdnum.cn import uscc

from lianfu.accounts.models import User
from lianfu.checkin.models import HealthRecord
from lianfu.demo.generate import generate
from lianfu.helpdesk.models import Ticket
from lianfu.projects.models import Project
from lianfu.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def snapshot(county_only: bool = False) -> list[tuple]:
    """Every enterprise, or only the county's (the supply network adds suppliers outside it)."""
    with scopes_disabled():
        firms = Enterprise.objects.filter(division__code__startswith="330282") if county_only else Enterprise.objects
        return list(firms.order_by("uscc").values_list(
            "uscc", "name", "division_id", "industry_id", "above_scale", "employees"))


def wipe() -> None:
    with scopes_disabled():
        # Tickets protect their enterprise (and a merged ticket the one it joined).
        Ticket.objects.update(merged_into=None)
        Ticket.objects.all().delete()
        HealthRecord.objects.all().delete()       # they protect the officials who set them
        Project.objects.all().delete()            # its firms protect their enterprises
        User.objects.all().delete()
        Enterprise.objects.all().delete()


def test_demo_is_deterministic_for_a_seed():
    generate(size="tiny", seed=7)
    first = snapshot()
    wipe()
    generate(size="tiny", seed=7)
    assert snapshot() == first
    wipe()
    generate(size="tiny", seed=8)
    assert snapshot() != first


def test_demo_county_looks_like_cixi():
    ctx = generate(size="tiny", seed=2020)
    rows = snapshot(county_only=True)
    assert len(rows) == 300
    assert all(uscc.is_valid(r[0]) and r[0][2:8] == "330282" for r in rows)
    assert all(r[2].startswith("330282") for r in rows)
    above = sum(r[4] for r in rows)
    assert 0.03 <= above / len(rows) <= 0.10
    assert len({r[2] for r in rows}) >= 15  # spread over the county's towns
    assert {row["username"] for row in ctx.logins} == {
        "county", "town", "town2", "dept", "liaison", "firm", "firm2", "labour", "health", "health2", "admin"}


def test_demo_logins_work(client):
    from lianfu.demo.context import DEMO_PASSWORD
    generate(size="tiny", seed=2020)
    for username in ("county", "town", "dept", "liaison", "firm", "labour", "health", "admin"):
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username
        client.post("/accounts/logout/")


def test_demo_logins_command_prints_one_login_per_role(capsys):
    """`make run` prints these after loading the demo."""
    from django.core.management import call_command

    generate(size="tiny", seed=2020)
    capsys.readouterr()
    call_command("demo_logins")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].strip() == "Demo logins (password for all: lianfu-demo-2020)"
    rows = [line.strip("│").split("│") for line in lines if line.startswith("│")]
    assert [(user.strip(), where.strip()) for user, _role, where in rows] == [
        ("county", "慈溪市"), ("town", "浒山街道"), ("town2", "周巷镇"), ("dept", "经信局"), ("liaison", "浒山街道"),
        ("firm", "慈溪市泰俊电器配件有限公司"), ("firm2", "慈溪市旺恒化纤织造股份有限公司"), ("labour", "慈溪市"),
        ("health", "卫健局"), ("health2", "卫健局"), ("admin", "全部")]
    assert lines[-1] == "Open http://127.0.0.1:8000 and sign in with one of them."
