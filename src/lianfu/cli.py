"""The ``lianfu`` console script: Django's manage.py with friendlier names.

    lianfu demo --size small            load the demo county
    lianfu import enterprises FILE      import an enterprise registry
    lianfu serve                        web server + background worker
    lianfu supplynet ...                the engine, no database needed
"""
import os
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
    execute_from_command_line(["lianfu", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
