from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "lianfu.chains"
    label = "chains"
    verbose_name = _("Supply chains")

    def ready(self):
        from lianfu.chains.importing.cli_kind import KIND
        from lianfu.common.importing.cli_kinds import register

        register(KIND)
