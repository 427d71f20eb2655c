"""lianfu pii_key: print a new key for LIANFU_PII_KEYS (see docs/operations.md)."""
from django.core.management.base import BaseCommand

from lianfu.common.pii import new_key


class Command(BaseCommand):
    help = "Print a new Fernet key for LIANFU_PII_KEYS (put it first to rotate; keep the old ones after it)."
    requires_system_checks = []

    def handle(self, *args, **options):
        self.stdout.write(new_key())
