from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "lianfu.workforce"
    label = "workforce"
    verbose_name = _("Workforce")

    def ready(self):
        from lianfu.common.importing.cli_kinds import register
        from lianfu.workforce.importing.cli_kind import KIND

        register(KIND)
