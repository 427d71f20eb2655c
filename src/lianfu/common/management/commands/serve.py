"""The web server and the background worker together, for `make run`."""
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the app and run the task worker alongside it (Ctrl-C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        worker = subprocess.Popen([sys.executable, "-m", "lianfu.cli", "db_worker", "--interval", "0.5"])
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
