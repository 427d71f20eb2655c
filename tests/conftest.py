"""Shared fixtures: the personas every permission test uses.

The reference data (divisions, industries) is loaded by migrations, so the test
database has the real 浒山街道 and 周巷镇 of Cixi."""
import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django_scopes import scopes_disabled
from hypothesis import settings as hypothesis_settings

from lianfu.common.roles import Role
from lianfu.common.workdays import lookup as workdays
from lianfu.liaison.models import Assignment
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

# Property tests draw the same examples on every run: a random draw once found a
# network the ESRI kernel loops on (tests/supplynet/test_cascade_known_hang.py),
# and CI must not hang on a draw. New examples come from changing the tests.
hypothesis_settings.register_profile("lianfu", derandomize=True, database=None)
hypothesis_settings.load_profile("lianfu")

COUNTY = "330282000000"
TOWN_A = "330282004000"   # 浒山街道
TOWN_B = "330282121000"   # 周巷镇


def _test_settings(media_root) -> dict:
    return {
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "MEDIA_ROOT": media_root,
        # PBKDF2 is slow by design; tests create many users.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }


@pytest.fixture(autouse=True)
def _inline_tasks(settings, tmp_path):
    for name, value in _test_settings(tmp_path / "media").items():
        setattr(settings, name, value)


@contextmanager
def suite_settings(media_root):
    """The settings every test runs with (_inline_tasks), for data a module- or
    session-scoped fixture builds outside any test."""
    with override_settings(**_test_settings(media_root)):
        yield


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around the tests of a module, as Django's TestCase has
    around a class for setUpTestData: what a module-scoped fixture writes after
    requesting this one is there for every test of the module, each test's own
    writes are rolled back by its savepoint when it ends (its `db` transaction
    nests inside this one), and everything is rolled back when the module ends.
    For data that is costly to build and that several tests start from; not for
    transactional tests (they would flush it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True   # as TestCase's own: a durable block inside it still works
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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


REFERENCE_TABLES = ("registry_division", "registry_industry", "registry_divisionalias")


def _load_reference_data() -> None:
    """As the data migration does."""
    from lianfu.registry import reference_data as data
    from lianfu.registry.models import Division, DivisionAlias, Industry

    data.load_divisions(Division)
    data.load_division_aliases(DivisionAlias, Division)
    data.load_industries(Industry)


@pytest.fixture(scope="session")
def _reference_rows(django_db_setup, django_db_blocker) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of the reference tables (divisions, industries, retired county
    codes) as the migrations loaded them, read once per test process before any
    transactional test flushed them: table -> (columns, rows)."""
    from django.db import connection

    from lianfu.registry.models import Division

    rows = {}
    with django_db_blocker.unblock():
        if not Division.objects.exists():   # a reused test database that a transactional test left flushed
            _load_reference_data()
        with connection.cursor() as cursor:
            for table in REFERENCE_TABLES:
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return rows


def _restore(tables: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """Write those rows back as they were: COPY on PostgreSQL, plain INSERTs on
    SQLite. (Loading them through the ORM again took 1.5-3 s, paid by every
    transactional test.) Foreign keys are checked at the commit."""
    from lianfu.common.bulk import insert_rows

    with transaction.atomic():
        for table, (columns, rows) in tables.items():
            insert_rows(table, columns, rows)


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test flushes every table when it ends, the divisions and
    industries the migrations loaded included: put them back for the next one."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames):
        return
    reference_rows = request.getfixturevalue("_reference_rows")
    request.getfixturevalue("transactional_db")
    from lianfu.registry.models import Division

    if not Division.objects.exists():
        _restore(reference_rows)


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
    """county officer, officer of town A, officer of town B, user of firm X, user of firm Y, firm X's
    liaison officer, …"""
    people = {
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
    # Firm X's liaison officer: an officer acts only for the firms assigned to them.
    with scopes_disabled():
        Assignment.objects.create(officer=people["liaison_a"], enterprise=firm_x, since=dt.date(2026, 1, 2))
    return people


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
