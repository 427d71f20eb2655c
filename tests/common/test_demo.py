import pytest
from django_scopes import scopes_disabled
from stdnum.cn import uscc

from lianfu.demo.generate import generate
from lianfu.registry.models import Enterprise
from tests.conftest import suite_settings
from tests.demo.facts import demo_run

pytestmark = pytest.mark.django_db
COLUMNS = ("uscc", "name", "division_id", "industry_id", "above_scale", "employees")


def snapshot(county_only: bool = False) -> list[tuple]:
    """Every enterprise, or only the county's (the supply network adds suppliers outside it)."""
    with scopes_disabled():
        firms = Enterprise.objects.filter(division__code__startswith="330282") if county_only else Enterprise.objects
        return list(firms.order_by("uscc").values_list(*COLUMNS))


@pytest.fixture(scope="module")
def tiny_county(module_transaction, django_db_blocker, tmp_path_factory):
    """The tiny demo (seed 2020), generated once for the tests below that read it
    or sign in to it: it stays for this module's tests, whose own writes are
    rolled back after each (tests/conftest.py: module_transaction)."""
    with django_db_blocker.unblock(), suite_settings(tmp_path_factory.mktemp("media")):
        return generate(size="tiny", seed=2020)


def test_demo_is_deterministic_for_a_seed():
    """Every enterprise of two separate generations of seed 7, and of one of seed 8.
    They are the tiny runs the demo step tests compare too (tests/demo/facts.py:
    each generated once per test process, in a transaction rolled back)."""
    def firms(facts) -> list[tuple]:
        return sorted(tuple(firm[column] for column in COLUMNS) for firm in facts.enterprises.values())

    first = firms(demo_run("tiny", 7))
    assert first and firms(demo_run("tiny", 7, take=2)) == first
    assert firms(demo_run("tiny", 8)) != first


def test_demo_county_looks_like_cixi(tiny_county):
    ctx = tiny_county
    rows = snapshot(county_only=True)
    assert len(rows) == 300
    assert all(uscc.is_valid(r[0]) and r[0][2:8] == "330282" for r in rows)
    assert all(r[2].startswith("330282") for r in rows)
    above = sum(r[4] for r in rows)
    assert 0.03 <= above / len(rows) <= 0.10
    assert len({r[2] for r in rows}) >= 15  # spread over the county's towns
    assert {row["username"] for row in ctx.logins} == {
        "county", "town", "town2", "dept", "liaison", "firm", "firm2", "labour", "health", "health2", "admin"}


def test_demo_logins_work(client, tiny_county):
    from lianfu.demo.context import DEMO_PASSWORD
    for username in ("county", "town", "dept", "liaison", "firm", "labour", "health", "admin"):
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username
        client.post("/accounts/logout/")


def test_demo_logins_command_prints_one_login_per_role(capsys, tiny_county):
    """`make run` prints these after loading the demo."""
    from django.core.management import call_command

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
