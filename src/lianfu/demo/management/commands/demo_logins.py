"""Print the demo logins (make run shows them before serving)."""
from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.demo.accounts_step import where_of
from lianfu.demo.management.commands.demo import print_logins

DEMO_USERNAMES = ["county", "town", "town2", "dept", "liaison", "firm", "firm2", "labour", "health", "health2", "admin"]


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        with scopes_disabled():
            users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related(
                "division", "department", "enterprise")}
            logins = [{"username": n, "role": users[n].get_role_display(), "where": where_of(users[n])}
                      for n in DEMO_USERNAMES if n in users]
        print_logins(self.stdout, logins)
        self.stdout.write("\nOpen http://127.0.0.1:8000 and sign in with one of them.\n")
