"""lianfu entry_purge: delete entry records past their retention (checkin/retention.py)."""
from django.core.management.base import BaseCommand

from lianfu.checkin.retention import AUDIT_DAYS, ENTRY_DAYS, purge


class Command(BaseCommand):
    help = f"Delete entry log rows older than {ENTRY_DAYS} days and refusal audit rows older than {AUDIT_DAYS} days."

    def handle(self, *args, **options):
        done = purge()
        if done.entries or done.audit_rows:
            self.stdout.write(f"entry purge: {done.entries} entries, {done.audit_rows} audit rows deleted")
