"""Shared fixtures: the personas every permission test uses.

The reference data (divisions, industries) is loaded by migrations, so the test
database has the real 浒山街道 and 周巷镇 of Cixi."""
import pytest
from django.test import Client
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.common.workdays import lookup as workdays
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

COUNTY = "330282000000"
TOWN_A = "330282004000"   # 浒山街道
TOWN_B = "330282121000"   # 周巷镇


@pytest.fixture(autouse=True)
def _inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _private_var_dir(tmp_path_factory):
    """The helpdesk's serving model lives in VAR_DIR and is swapped when it is
    retrained: a test session keeps its own, so it neither reads nor replaces
    the developer's var/ (nor a model another session trained on its corrections)."""
    from django.conf import settings

    from lianfu.helpdesk.classifier import default

    original, settings.VAR_DIR = settings.VAR_DIR, tmp_path_factory.mktemp("var")
    default._current = None
    yield
    settings.VAR_DIR = original
    default._current = None


@pytest.fixture(autouse=True)
def _fresh_working_days():
    """The working-day calendar is cached per process: a calendar a test
    entered (and rolled back) must not outlive the test."""
    yield
    workdays.invalidate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The throttles count failures in the (per-process) cache: every test starts
    with none, so one test's wrong keys never block the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test flushes every table when it ends, the divisions and
    industries the migrations loaded included: put them back for the next one."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from lianfu.registry import reference_data as data
    from lianfu.registry.models import Division, DivisionAlias, Industry

    if not Division.objects.exists():
        data.load_divisions(Division)
        data.load_division_aliases(DivisionAlias, Division)
        data.load_industries(Industry)


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def firm_x(db):
    return EnterpriseFactory(name="慈溪市甬达电器有限公司", division_id=TOWN_A, above_scale=True, employees=320)


@pytest.fixture
def firm_y(db):
    return EnterpriseFactory(name="慈溪市周盛汽配有限公司", division_id=TOWN_B, industry_id="3670")


@pytest.fixture
def personas(db, firm_x, firm_y):
    """county officer, officer of town A, officer of town B, user of firm X, user of firm Y, …"""
    return {
        "county": UserFactory(username="p_county", role=Role.COUNTY_OFFICER, division_id=COUNTY),
        "town_a": UserFactory(username="p_town_a", role=Role.TOWN_OFFICER, division_id=TOWN_A),
        "town_b": UserFactory(username="p_town_b", role=Role.TOWN_OFFICER, division_id=TOWN_B),
        "firm_x": UserFactory(username="p_firm_x", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm_x),
        "firm_y": UserFactory(username="p_firm_y", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm_y),
        "liaison_a": UserFactory(username="p_liaison_a", role=Role.LIAISON_OFFICER, division_id=TOWN_A),
        "admin": UserFactory(
            username="p_admin", role=Role.ADMINISTRATOR, division_id=None, is_staff=True, is_superuser=True
        ),
    }


@pytest.fixture
def login():
    def client_for(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_for


def pytest_terminal_summary(terminalreporter):
    """Figures a test reports with ``record_property("summary", …)``, printed
    after the run even without -s (e.g. the every-URL walk's counts)."""
    lines = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "summary" and value not in lines:
                    lines.append(value)
    if lines:
        terminalreporter.write_sep("-", "summaries")
        for line in lines:
            terminalreporter.write_line(line)
