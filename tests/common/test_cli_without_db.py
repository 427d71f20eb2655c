"""`lianfu` on a fresh checkout, before any `migrate`: commands that need no
database work; the others say in one line what to run first, never a traceback.
On the suite's engine: an empty SQLite var directory, or an empty PostgreSQL
database (tests/common/scratch_db.py)."""
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, ProgrammingError

from lianfu.cli import setup_problem
from tests.common.scratch_db import lianfu, scratch_database

NOT_SET_UP = "lianfu: the database is not set up (no table {}): run `lianfu migrate` (or `make run`) first\n"


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    with scratch_database(tmp_path_factory.mktemp("var"), "fresh") as env:
        yield env


def test_classify_works_before_migrate(fresh_env, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "厂里停电了，生产线全部停了"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    done = lianfu("helpdesk", "classify", "--jsonl", str(source), env=fresh_env)
    assert (done.returncode, done.stderr) == (0, "")
    record = json.loads(done.stdout)
    assert (record["id"], record["category"]) == (1, "utilities")


def test_a_command_that_needs_tables_says_to_migrate(fresh_env):
    done = lianfu("helpdesk", "sweep", env=fresh_env)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", NOT_SET_UP.format("helpdesk_ticket"))


def test_serve_says_to_migrate(fresh_env):
    done = lianfu("serve", env=fresh_env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith("not applied): run `lianfu migrate` first")


@pytest.mark.parametrize(("error", "line"), [
    (OperationalError("no such table: helpdesk_ticket"),
     "the database is not set up (no table helpdesk_ticket): run `lianfu migrate` (or `make run`) first"),
    (ProgrammingError('relation "registry_division" does not exist\nLINE 1: SELECT ...'),
     "the database is not set up (no table registry_division): run `lianfu migrate` (or `make run`) first"),
    (ImproperlyConfigured("LIANFU_DEBUG='maybe': expected one of 1/0, true/false, yes/no, on/off"),
     "bad setting: LIANFU_DEBUG='maybe': expected one of 1/0, true/false, yes/no, on/off "
     "(see docs/operations.md)"),
    (ImproperlyConfigured("The SECRET_KEY setting must not be empty."), None),
    (OperationalError("database is locked"), None),
    (ValueError("no such table: x"), None),
])
def test_setup_problems_in_one_line(error, line):
    assert setup_problem(error) == line


def test_a_missing_table_during_migrate_keeps_its_traceback():
    assert setup_problem(OperationalError("no such table: helpdesk_ticket"), "migrate") is None


def test_a_missing_table_behind_another_error_is_found():
    try:
        try:
            raise ProgrammingError('relation "helpdesk_ticket" does not exist')
        except ProgrammingError as cause:
            raise RuntimeError("sweep failed") from cause
    except RuntimeError as error:
        assert setup_problem(error).startswith("the database is not set up (no table helpdesk_ticket)")
