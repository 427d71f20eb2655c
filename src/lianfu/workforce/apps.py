from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "lianfu.workforce"
    label = "workforce"
    verbose_name = _("Workforce")

    def ready(self):
        from lianfu.common.importing.cli_kinds import register
        from lianfu.workforce.importing.cli_kind import KIND
        from lianfu.workforce.importing.risk_cli_kind import RISK_KIND

        register(KIND)
        register(RISK_KIND)
        from lianfu.common.figures import provide_on_duty
        from lianfu.workforce.onduty import on_duty_pairs

        provide_on_duty(on_duty_pairs)
