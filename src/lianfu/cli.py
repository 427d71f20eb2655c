"""The ``lianfu`` console script: Django's manage.py with friendlier names.

    lianfu demo --size small            load the demo county
    lianfu import enterprises FILE      import an enterprise registry
    lianfu serve                        web server + background worker
    lianfu supplynet ...                the engine, no database needed
"""
import os
import re
import sys

# Subcommands whose management command has another name (``import`` is a keyword).
ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "supplynet":
        from lianfu.supplynet.cli import main as supplynet_main

        return supplynet_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    try:
        execute_from_command_line(["lianfu", *argv])
    except Exception as error:
        problem = None if "--traceback" in argv else setup_problem(error, argv[0] if argv else "")
        if problem is None:
            raise
        sys.stderr.write(f"lianfu: {problem}\n")
        return 1
    return 0


# A table missing: SQLite's and PostgreSQL's wording.
_MISSING_TABLE = re.compile(r'no such table: (\S+)|relation "([^"]+)" does not exist')
# Our strict environment readers name the variable first (common/env.py, settings.py).
_BAD_SETTING = re.compile(r"^(LIANFU_[A-Z0-9_]+|DATABASE_URL)\b")


def setup_problem(error: BaseException, command: str = "") -> str | None:
    """One line saying what to do, for the errors of a machine that is not set
    up yet (no ``migrate``, a bad environment variable); None for anything
    else (and for a table missing during ``migrate`` itself), whose traceback
    is worth reading."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    if isinstance(error, ImproperlyConfigured) and _BAD_SETTING.match(str(error)):
        return f"bad setting: {error} (see docs/operations.md)"
    seen = set()
    while command != "migrate" and error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DatabaseError):
            match = _MISSING_TABLE.search(str(error))
            if match:
                table = match.group(1) or match.group(2)
                return (f"the database is not set up (no table {table}): "
                        f"run `lianfu migrate` (or `make run`) first")
        error = error.__cause__ or error.__context__
    return None


if __name__ == "__main__":
    sys.exit(main())
