from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "lianfu.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from lianfu.common.importing.cli_kinds import register
        from lianfu.registry.importing.cli_kind import KIND

        register(KIND)
